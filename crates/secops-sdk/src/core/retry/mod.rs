//! Retries: the policy ([`RetryConfig`]) and every rule that applies it.
//!
//! Connection errors and HTTP 429, 502, 503 and 504 are retried with exponential back-off and
//! full jitter, or after the delay the server asked for in `Retry-After` (capped). Requests that
//! are not idempotent (POST, PATCH) are retried only when they cannot have reached the server
//! (the connection failed) or when the server refused them without processing (429). No retry
//! starts that could not finish within the overall timeout.
//!
//! - `config.rs`: [`RetryConfig`], the settings.
//! - `decision.rs`: which failures may be retried for which method.
//! - `retry_after.rs`: reading `Retry-After`.
//! - `policy.rs`: the budget of one request (attempts, time, waits), which the transport asks.

mod config;
mod decision;
mod policy;
mod retry_after;

pub use config::RetryConfig;

pub(crate) use decision::Replay;
pub(crate) use policy::{Outcome, RetryBudget};
