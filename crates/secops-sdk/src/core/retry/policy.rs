//! [`RetryBudget`]: every rule that decides whether and when a failed attempt is sent again.
//!
//! The attempt limit, the overall time budget, the `Retry-After` cap, the per-attempt timeout
//! and which failures may be retried for which method are all applied here; the transport only
//! asks.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::RetryConfig;
use super::decision::{Replay, may_retry_error_as, may_retry_status_as};
use super::retry_after::retry_after;
use crate::core::clock::Clock;

/// The outcome of one attempt, as far as retrying is concerned.
pub(crate) enum Outcome<'a> {
    /// A response, with the delay its `Retry-After` asks for.
    Status(StatusCode, Option<Duration>),
    /// No response.
    Transport(&'a reqwest::Error),
}

impl<'a> Outcome<'a> {
    /// The outcome of a response with `status` and `headers`, read at `now`.
    pub(crate) fn response(status: StatusCode, headers: &HeaderMap, now: SystemTime) -> Self {
        Self::Status(status, retry_after(headers, now))
    }
}

impl fmt::Display for Outcome<'_> {
    /// The status, or the transport error with its URL reduced to the path (the query may
    /// hold identifiers; the span already names the path).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Status(status, _) => write!(f, "HTTP {}", status.as_u16()),
            Self::Transport(error) => {
                let mut text = error.to_string();
                if let Some(url) = error.url() {
                    text = text.replace(url.as_str(), url.path());
                }
                f.write_str(&text)
            }
        }
    }
}

/// What is left of a request's retries and time, from its first attempt on.
pub(crate) struct RetryBudget<'a> {
    config: &'a RetryConfig,
    clock: &'a dyn Clock,
    started_at: SystemTime,
    retries: u32,
}

impl<'a> RetryBudget<'a> {
    /// The budget of a request whose first attempt starts now.
    pub(crate) fn start(config: &'a RetryConfig, clock: &'a dyn Clock) -> Self {
        Self {
            config,
            clock,
            started_at: clock.now(),
            retries: 0,
        }
    }

    /// The timeout of the next attempt: the per-attempt timeout, shortened to what is left of
    /// the overall timeout (zero when nothing is left: the attempt then times out at once).
    pub(crate) fn attempt_timeout(&self) -> Option<Duration> {
        let left = self
            .config
            .overall_timeout()
            .map(|overall| overall.saturating_sub(self.elapsed()));
        match (self.config.attempt_timeout(), left) {
            (Some(per_attempt), Some(left)) => Some(per_attempt.min(left)),
            (per_attempt, left) => per_attempt.or(left),
        }
    }

    /// How long to wait before sending a `method` request again after `outcome`, or `None`
    /// if this outcome is final. Counts the retry when there is one.
    pub(crate) fn next_wait(&mut self, method: &Method, outcome: &Outcome<'_>) -> Option<Duration> {
        self.next_wait_as(Replay::of(method), outcome)
    }

    /// [`next_wait`](Self::next_wait) for a request whose repeatability is `replay` rather
    /// than what its method says (token requests).
    pub(crate) fn next_wait_as(
        &mut self,
        replay: Replay,
        outcome: &Outcome<'_>,
    ) -> Option<Duration> {
        let (retryable, asked) = match outcome {
            Outcome::Status(status, asked) => (may_retry_status_as(replay, *status), *asked),
            Outcome::Transport(error) => (may_retry_error_as(replay, error), None),
        };
        if !retryable || self.retries + 1 >= self.config.max_attempts() {
            return None;
        }
        let wait = match asked {
            Some(asked) => asked.min(self.config.max_retry_after()),
            None => self.config.backoff(self.retries + 1),
        };
        if let Some(overall) = self.config.overall_timeout()
            && self.elapsed().saturating_add(wait) >= overall
        {
            return None;
        }
        self.retries += 1;
        Some(wait)
    }

    fn elapsed(&self) -> Duration {
        self.clock
            .now()
            .duration_since(self.started_at)
            .unwrap_or(Duration::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::clock::SystemClock;

    #[test]
    fn the_attempt_limit_and_the_retry_after_cap_apply() {
        let config = RetryConfig::default()
            .with_max_attempts(3)
            .with_max_retry_after(Duration::from_secs(2))
            .with_jitter(false);
        let clock = SystemClock;
        let mut budget = RetryBudget::start(&config, &clock);
        let busy = Outcome::Status(StatusCode::TOO_MANY_REQUESTS, Some(Duration::from_secs(30)));
        assert_eq!(
            budget.next_wait(&Method::POST, &busy),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            budget.next_wait(&Method::POST, &busy),
            Some(Duration::from_secs(2))
        );
        assert_eq!(budget.next_wait(&Method::POST, &busy), None);
    }

    #[test]
    fn a_replay_that_is_not_safe_waits_only_after_429() {
        let config = RetryConfig::default().with_jitter(false);
        let clock = SystemClock;
        let mut budget = RetryBudget::start(&config, &clock);
        let unavailable = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, Some(Duration::ZERO));
        assert_eq!(
            budget.next_wait_as(Replay::OnlyUnprocessed, &unavailable),
            None
        );
        assert_eq!(
            budget.next_wait_as(Replay::Safe, &unavailable),
            Some(Duration::ZERO)
        );
        let busy = Outcome::Status(StatusCode::TOO_MANY_REQUESTS, None);
        assert_eq!(
            budget.next_wait_as(Replay::OnlyUnprocessed, &busy),
            Some(config.initial_backoff() * 2)
        );
    }

    #[test]
    fn nothing_is_retried_past_the_overall_timeout() {
        let config = RetryConfig::default()
            .with_overall_timeout(Some(Duration::from_secs(1)))
            .with_initial_backoff(Duration::from_secs(5))
            .with_jitter(false);
        let clock = SystemClock;
        let mut budget = RetryBudget::start(&config, &clock);
        let unavailable = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, None);
        assert_eq!(budget.next_wait(&Method::GET, &unavailable), None);
        assert!(budget.attempt_timeout() <= Some(Duration::from_secs(1)));
    }
}
