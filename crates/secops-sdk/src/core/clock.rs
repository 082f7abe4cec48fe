//! Where the SDK reads the time and how it waits.
//!
//! Token expiry, retry back-off, `Retry-After` dates and the issue-update follower all go
//! through a [`Clock`], so tests can drive time by hand instead of sleeping.

use std::fmt;
use std::time::{Duration, SystemTime};

use secops_runtime::BoxFuture;

/// A source of wall-clock time and a way to wait.
///
/// [`SystemClock`] is the default. Supply your own to control time in tests.
///
/// ```
/// use secops_sdk::clock::{Clock, SystemClock};
/// use std::time::SystemTime;
///
/// let clock = SystemClock;
/// assert!(clock.now() > SystemTime::UNIX_EPOCH);
/// ```
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// The current wall-clock time.
    fn now(&self) -> SystemTime;

    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// The real clock: [`SystemTime::now`] and [`tokio::time::sleep`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use secops_sdk::clock::{Clock, SystemClock};
/// use std::time::Duration;
///
/// SystemClock.sleep(Duration::from_millis(1)).await;
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Seconds since the Unix epoch, or 0 for times before it.
#[cfg_attr(not(feature = "egnyte"), allow(dead_code))]
pub(crate) fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0)
}

/// The time `seconds` after the Unix epoch, saturating far in the future.
pub(crate) fn from_unix_seconds(seconds: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH
        .checked_add(Duration::from_secs(seconds))
        .unwrap_or_else(far_future)
}

/// `now + duration`, saturating instead of overflowing.
pub(crate) fn saturating_add(now: SystemTime, duration: Duration) -> SystemTime {
    now.checked_add(duration).unwrap_or_else(far_future)
}

fn far_future() -> SystemTime {
    // About 31,700 years after 1970: later than any token expiry.
    SystemTime::UNIX_EPOCH + Duration::from_secs(1 << 40)
}
