//! Which failed attempts may be sent again.

use reqwest::{Method, StatusCode};

/// Statuses that say "try again later": 429, 502, 503, 504.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

/// Methods whose repetition has the same effect as one request (RFC 9110 §9.2.2).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
    )
}

/// Whether sending a request a second time is harmless once the server may have processed it.
///
/// Usually the method says ([`Replay::of`]); token requests, all POSTs, say it themselves: one
/// that spends a one-time authorization code is [`Replay::OnlyUnprocessed`], a refresh grant
/// may be [`Replay::Safe`] (the vendor's token client documents why).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Replay {
    /// Repeating it has the same effect as sending it once (idempotent methods).
    Safe,
    /// It may be sent again only when it cannot have been processed: the connection was never
    /// established, or the server answered 429.
    OnlyUnprocessed,
}

impl Replay {
    /// What `method` allows: idempotent methods are [`Replay::Safe`].
    pub(crate) fn of(method: &Method) -> Self {
        if is_idempotent(method) {
            Self::Safe
        } else {
            Self::OnlyUnprocessed
        }
    }
}

/// Whether a response with `status` may be retried for a request that allows `replay`
/// ([`Replay::of`] its method, for most requests).
///
/// 429 means the server refused the request without acting on it, so any request may be
/// retried; 502/503/504 may come after the request was processed, so only safe ones.
pub(crate) fn may_retry_status_as(replay: Replay, status: StatusCode) -> bool {
    is_retryable_status(status)
        && (status == StatusCode::TOO_MANY_REQUESTS || replay == Replay::Safe)
}

/// Whether a transport error may be retried for a request that allows `replay`.
///
/// A connection that was never established sent nothing, so any request may be retried;
/// timeouts and broken connections may have delivered the request, so only safe ones.
pub(crate) fn may_retry_error_as(replay: Replay, error: &reqwest::Error) -> bool {
    if error.is_connect() {
        return true;
    }
    replay == Replay::Safe && (error.is_timeout() || error.is_request())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn may_retry_status(method: &Method, status: StatusCode) -> bool {
        may_retry_status_as(Replay::of(method), status)
    }

    #[test]
    fn post_is_retried_only_on_429() {
        assert!(may_retry_status(
            &Method::POST,
            StatusCode::TOO_MANY_REQUESTS
        ));
        assert!(!may_retry_status(
            &Method::POST,
            StatusCode::SERVICE_UNAVAILABLE
        ));
        assert!(!may_retry_status(&Method::PATCH, StatusCode::BAD_GATEWAY));
        assert!(may_retry_status(&Method::GET, StatusCode::GATEWAY_TIMEOUT));
        assert!(may_retry_status(
            &Method::DELETE,
            StatusCode::SERVICE_UNAVAILABLE
        ));
        assert!(!may_retry_status(
            &Method::GET,
            StatusCode::INTERNAL_SERVER_ERROR
        ));
        assert!(!may_retry_status(&Method::GET, StatusCode::UNAUTHORIZED));
    }

    #[test]
    fn replay_overrides_the_method() {
        assert_eq!(Replay::of(&Method::PUT), Replay::Safe);
        assert_eq!(Replay::of(&Method::POST), Replay::OnlyUnprocessed);
        let unprocessed = Replay::OnlyUnprocessed;
        assert!(may_retry_status_as(
            unprocessed,
            StatusCode::TOO_MANY_REQUESTS
        ));
        assert!(!may_retry_status_as(
            unprocessed,
            StatusCode::SERVICE_UNAVAILABLE
        ));
        assert!(!may_retry_status_as(unprocessed, StatusCode::BAD_GATEWAY));
        for status in [502, 503, 504, 429] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(may_retry_status_as(Replay::Safe, status), "{status}");
        }
        assert!(!may_retry_status_as(Replay::Safe, StatusCode::BAD_REQUEST));
        assert!(!may_retry_status_as(Replay::Safe, StatusCode::FOUND));
    }
}
