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

/// Whether a response with `status` may be retried for `method`.
///
/// 429 means the server refused the request without acting on it, so any method may be
/// retried; 502/503/504 may come after the request was processed, so only idempotent ones.
pub(crate) fn may_retry_status(method: &Method, status: StatusCode) -> bool {
    is_retryable_status(status)
        && (status == StatusCode::TOO_MANY_REQUESTS || is_idempotent(method))
}

/// Whether a transport error may be retried for `method`.
///
/// A connection that was never established sent nothing, so any method may be retried;
/// timeouts and broken connections may have delivered the request, so only idempotent ones.
pub(crate) fn may_retry_error(method: &Method, error: &reqwest::Error) -> bool {
    if error.is_connect() {
        return true;
    }
    is_idempotent(method) && (error.is_timeout() || error.is_request())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
