//! The transport seam: what the facade plugs into a generated client ([`Transport`], [`Hooks`]).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::CredentialError;

/// A boxed, `Send` future, as returned by [`Transport`] methods.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the facade plugs into a generated client to control how requests are sent.
///
/// The generated client builds each request from the spec and hands it to
/// [`Transport::send`] once; `send` adds credentials, may send it more than once (retries, a
/// renewed token after a 401) and returns the final response, or why there is none.
pub trait Transport: Send + Sync + fmt::Debug + 'static {
    /// Sends `request` (of operation `operation_id`) with `client` and returns the response the
    /// caller should see.
    fn send<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> BoxFuture<'a, Result<reqwest::Response, TransportError>>;

    /// Replaces every secret this transport holds (tokens, keys) that occurs in `text` with
    /// `[REDACTED]`; used on the excerpts of response bodies that errors keep. Does nothing by
    /// default.
    fn redact(&self, text: &mut String) {
        let _ = text;
    }
}

/// The timeout a [`Transport`] set on the attempt that produced a response, attached to the
/// response's extensions so that a body that stalls past it is reported with it.
///
/// ```
/// use secops_runtime::transport::AttemptTimeout;
/// use std::time::Duration;
///
/// let mut response = reqwest::Response::from(http::Response::new(""));
/// response.extensions_mut().insert(AttemptTimeout(Duration::from_secs(30)));
/// assert!(response.extensions().get::<AttemptTimeout>().is_some());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptTimeout(pub std::time::Duration);

/// Why a [`Transport`] returned no response.
#[derive(Debug)]
pub enum TransportError {
    /// The request could not be sent or no response arrived.
    Http(reqwest::Error),
    /// No response arrived within `after` (the timeout the transport set on the attempt).
    TimedOut {
        /// The timeout of the last attempt.
        after: std::time::Duration,
        /// The transport error.
        source: reqwest::Error,
    },
    /// Credentials could not be obtained or renewed; the error is the transport's own, typed.
    Credentials(CredentialError),
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Http(error) => error.fmt(f),
            Self::TimedOut { after, .. } => write!(f, "timed out after {}", seconds(*after)),
            Self::Credentials(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(error) => error.source(),
            Self::TimedOut { source, .. } => Some(source),
            Self::Credentials(error) => error.source(),
        }
    }
}

/// `30 s`, `1.5 s`, `250 ms`.
pub(crate) fn seconds(duration: std::time::Duration) -> String {
    if duration < std::time::Duration::from_secs(1) {
        format!("{} ms", duration.as_millis())
    } else if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

impl From<reqwest::Error> for TransportError {
    fn from(error: reqwest::Error) -> Self {
        Self::Http(error)
    }
}

/// The value each generated `Client` carries: an optional [`Transport`].
///
/// `Hooks::default()` sends requests unchanged, which is what contract tests and callers that
/// manage credentials themselves want.
#[derive(Clone, Debug, Default)]
pub struct Hooks {
    transport: Option<Arc<dyn Transport>>,
}

impl Hooks {
    /// Hooks that route every request through `transport`.
    pub fn with_transport(transport: Arc<dyn Transport>) -> Self {
        Self {
            transport: Some(transport),
        }
    }

    /// The installed transport, if any.
    pub fn transport(&self) -> Option<&Arc<dyn Transport>> {
        self.transport.as_ref()
    }
}
