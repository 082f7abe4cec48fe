//! Credentials for the transport, and the one token cache both vendors use.
//!
//! - [`Credentials`]: what [`SdkTransport`](crate::core::transport::SdkTransport) asks for a
//!   bearer token, and for a new one after a 401.
//! - [`TokenCache`]: a token kept in memory, renewed shortly before it expires and once after
//!   a 401, with one renewal for all concurrent callers; a vendor supplies a [`TokenSource`]
//!   (how to load, renew and keep its tokens).
//! - the token-request helper: sending a request to a token endpoint and turning its answer
//!   into a token body or a typed [`AuthError`](crate::auth::AuthError).

mod credentials;
#[cfg(feature = "egnyte")]
pub(crate) mod secret_serde;
mod token_cache;
pub(crate) mod token_request;

pub use credentials::{Credentials, StaticToken, redact_secrets};
pub use token_cache::{CachedToken, TokenCache, TokenSource};

pub(crate) use credentials::bearer_header;
