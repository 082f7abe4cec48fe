//! [`RetryConfig`]: attempts, back-off, timeouts.

use std::time::Duration;

/// How often and how patiently requests are retried, and how long they may take.
///
/// ```
/// use secops_sdk::retry::RetryConfig;
/// use std::time::Duration;
///
/// let retry = RetryConfig::default()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(100))
///     .with_attempt_timeout(Some(Duration::from_secs(10)));
/// assert_eq!(retry.max_attempts(), 5);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
    max_retry_after: Duration,
    attempt_timeout: Option<Duration>,
    overall_timeout: Option<Duration>,
}

impl Default for RetryConfig {
    /// 3 attempts; back-off from 200 ms doubling up to 20 s with full jitter; `Retry-After`
    /// honoured up to 60 s; 30 s per attempt; 120 s for a request including its retries.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            jitter: true,
            max_retry_after: Duration::from_secs(60),
            attempt_timeout: Some(Duration::from_secs(30)),
            overall_timeout: Some(Duration::from_secs(120)),
        }
    }
}

impl RetryConfig {
    /// A policy that sends each request once (timeouts as in the default).
    ///
    /// ```
    /// use secops_sdk::retry::RetryConfig;
    /// assert_eq!(RetryConfig::disabled().max_attempts(), 1);
    /// ```
    pub fn disabled() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Sends a request at most `attempts` times in all (at least 1).
    ///
    /// ```
    /// use secops_sdk::retry::RetryConfig;
    /// assert_eq!(RetryConfig::default().with_max_attempts(0).max_attempts(), 1);
    /// ```
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The delay before the first retry; it doubles for each further retry.
    ///
    /// ```
    /// use secops_sdk::retry::RetryConfig;
    /// use std::time::Duration;
    /// let retry = RetryConfig::default().with_initial_backoff(Duration::from_millis(50));
    /// assert_eq!(retry.initial_backoff(), Duration::from_millis(50));
    /// ```
    pub fn with_initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The longest back-off between two attempts.
    ///
    /// ```
    /// use secops_sdk::retry::RetryConfig;
    /// use std::time::Duration;
    /// let retry = RetryConfig::default().with_max_backoff(Duration::from_secs(5));
    /// assert_eq!(retry.max_backoff(), Duration::from_secs(5));
    /// ```
    pub fn with_max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// Whether back-off delays are drawn at random between zero and the exponential delay
    /// ("full jitter", the default) or used exactly.
    ///
    /// ```
    /// use secops_sdk::retry::RetryConfig;
    /// assert!(!RetryConfig::default().with_jitter(false).jitter());
    /// ```
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The longest `Retry-After` delay honoured; longer requests wait this long instead.
    ///
    /// ```
    /// use secops_sdk::retry::RetryConfig;
    /// use std::time::Duration;
    /// let retry = RetryConfig::default().with_max_retry_after(Duration::from_secs(10));
    /// assert_eq!(retry.max_retry_after(), Duration::from_secs(10));
    /// ```
    pub fn with_max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// The timeout of each attempt (connect, send, and receive the response headers and body);
    /// `None` for no limit.
    ///
    /// ```
    /// use secops_sdk::retry::RetryConfig;
    /// use std::time::Duration;
    /// let retry = RetryConfig::default().with_attempt_timeout(Some(Duration::from_secs(5)));
    /// assert_eq!(retry.attempt_timeout(), Some(Duration::from_secs(5)));
    /// ```
    pub fn with_attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// The time a request may take including all retries and back-off; `None` for no limit.
    /// No retry is started that could not finish its back-off within this time.
    ///
    /// ```
    /// use secops_sdk::retry::RetryConfig;
    /// use std::time::Duration;
    /// let retry = RetryConfig::default().with_overall_timeout(None);
    /// assert_eq!(retry.overall_timeout(), None);
    /// ```
    pub fn with_overall_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.overall_timeout = timeout;
        self
    }

    /// The most attempts per request, counting the first.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest back-off.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Whether back-off uses full jitter.
    pub fn jitter(&self) -> bool {
        self.jitter
    }

    /// The longest `Retry-After` honoured.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The timeout of each attempt.
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// The timeout of a request including retries.
    pub fn overall_timeout(&self) -> Option<Duration> {
        self.overall_timeout
    }

    /// The back-off before retry number `retry` (1 for the first retry).
    ///
    /// Exponential: `initial_backoff * 2^(retry - 1)`, capped at `max_backoff`; with jitter, a
    /// uniformly random delay between zero and that value.
    ///
    /// ```
    /// use secops_sdk::retry::RetryConfig;
    /// use std::time::Duration;
    ///
    /// let retry = RetryConfig::default()
    ///     .with_jitter(false)
    ///     .with_initial_backoff(Duration::from_millis(100))
    ///     .with_max_backoff(Duration::from_millis(250));
    /// assert_eq!(retry.backoff(1), Duration::from_millis(100));
    /// assert_eq!(retry.backoff(2), Duration::from_millis(200));
    /// assert_eq!(retry.backoff(3), Duration::from_millis(250));
    /// ```
    pub fn backoff(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        let exponential = self
            .initial_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff);
        if !self.jitter || exponential.is_zero() {
            return exponential;
        }
        let nanos = u64::try_from(exponential.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(crate::core::random::jitter_up_to(nanos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jittered_backoff_stays_within_the_exponential_bound() {
        let retry = RetryConfig::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_secs(1));
        for attempt in 1..=10 {
            let bound = Duration::from_millis(100)
                .saturating_mul(1 << (attempt - 1))
                .min(Duration::from_secs(1));
            for _ in 0..50 {
                assert!(retry.backoff(attempt) <= bound);
            }
        }
    }

    #[test]
    fn huge_retry_numbers_do_not_overflow() {
        let retry = RetryConfig::default().with_jitter(false);
        assert_eq!(retry.backoff(u32::MAX), retry.max_backoff());
    }
}
