//! The stand-in's clock: issue timestamps, token expiry and TokenLogin times all read it, so
//! that a test can move time forward ([`crate::StandIn::advance`]) or hold it still
//! ([`crate::StandInOptions::manual_clock`]).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::http::now_millis;

/// Wall-clock time at start plus, unless manual, the real time since, plus every
/// [`advance`](Self::advance).
#[derive(Debug)]
pub(crate) struct Clock {
    manual: bool,
    start_millis: i64,
    start: Instant,
    /// Nanoseconds added by `advance`.
    advanced: AtomicU64,
}

impl Clock {
    /// A clock reading the wall-clock time now; a manual one stands still until advanced.
    pub(crate) fn new(manual: bool) -> Self {
        Self {
            manual,
            start_millis: now_millis(),
            start: Instant::now(),
            advanced: AtomicU64::new(0),
        }
    }

    /// How much time has passed on this clock since start.
    fn elapsed(&self) -> Duration {
        let advanced = Duration::from_nanos(self.advanced.load(Ordering::Relaxed));
        if self.manual {
            advanced
        } else {
            self.start.elapsed() + advanced
        }
    }

    /// Milliseconds since the Unix epoch, on this clock.
    pub(crate) fn now_millis(&self) -> i64 {
        let elapsed = i64::try_from(self.elapsed().as_millis()).unwrap_or(i64::MAX);
        self.start_millis.saturating_add(elapsed)
    }

    /// Seconds since the Unix epoch, on this clock.
    pub(crate) fn now_seconds(&self) -> i64 {
        self.now_millis() / 1000
    }

    /// The current instant on this clock, for expiry times.
    pub(crate) fn instant(&self) -> Instant {
        self.start + self.elapsed()
    }

    /// Moves the clock forward by `by`.
    pub(crate) fn advance(&self, by: Duration) {
        let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        let _ = self
            .advanced
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |now| {
                Some(now.saturating_add(nanos))
            });
    }
}
