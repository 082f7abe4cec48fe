//! Retries: the policy ([`RetryConfig`]), which failures may be retried, and `Retry-After`.
//!
//! Connection errors and HTTP 429, 502, 503 and 504 are retried with exponential back-off and
//! full jitter, or after the delay the server asked for in `Retry-After`. Requests that are not
//! idempotent (POST, PATCH) are retried only when they cannot have reached the server (the
//! connection failed) or when the server refused them without processing (429).

mod config;
mod decision;
mod retry_after;

pub use config::RetryConfig;

pub(crate) use decision::{may_retry_error, may_retry_status};
pub(crate) use retry_after::retry_after;
