//! Authentication for both vendors.
//!
//! - [`egnyte`]: OAuth2 authorization code flow, refresh, [`TokenStore`]s.
//! - [`lacework`]: API token exchanged through TokenLogin for a JWT.
//!
//! Both keep their access token in a single-flight cache: the token is renewed shortly before
//! it expires and once when the server answers 401, and concurrent callers that find it expired
//! wait for one renewal instead of starting their own.

pub(crate) mod credentials;
pub mod egnyte;
mod error;
pub mod lacework;
mod rejection;
mod secret_serde;
mod token_store;

pub use credentials::Credentials;
pub use error::AuthError;
pub use rejection::Rejection;
pub use token_store::{FileTokenStore, MemoryTokenStore, TokenStore, TokenStoreError};
