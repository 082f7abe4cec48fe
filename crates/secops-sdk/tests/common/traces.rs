//! [`Traces`]: every `tracing` line written on the test's thread while it runs, as text.
//!
//! A test binary that captures traces holds one test: `tracing` caches per call site whether
//! anyone listens, and a thread-local subscriber installed while other tests of the binary run
//! on other threads can miss its own events.

use std::io::Write;
use std::sync::{Arc, Mutex};

use tracing::subscriber::DefaultGuard;

/// The `tracing` output of this thread, at every level, each span also logged as it closes
/// (with its recorded fields), without colours; captured until dropped.
pub struct Traces {
    buffer: Buffer,
    _guard: DefaultGuard,
}

impl Traces {
    /// Starts capturing on this thread.
    pub fn capture() -> Self {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        Self {
            buffer,
            _guard: tracing::subscriber::set_default(subscriber),
        }
    }

    /// Everything written so far.
    pub fn text(&self) -> String {
        let bytes = self.buffer.0.lock().expect("the trace buffer").clone();
        String::from_utf8(bytes).expect("trace lines are UTF-8")
    }
}

/// A `tracing` writer that appends to a shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("the trace buffer is poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
