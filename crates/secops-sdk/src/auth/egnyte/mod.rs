//! Egnyte Secure and Govern authentication: OAuth2 authorization code flow.
//!
//! 1. Send the user to [`EgnyteAuth::authorize_url`] (built with [`AuthorizeUrl`]); Egnyte
//!    redirects back to your redirect URI with `?code=...&state=...`.
//! 2. Pass the code to [`EgnyteAuth::exchange_code`]; the tokens go to the [`TokenStore`].
//! 3. Every request then gets a valid access token: refreshed shortly before expiry, and once
//!    after a 401. A refresh token the server rotates is saved before the new access token is
//!    used.
//!
//! [`TokenStore`]: crate::auth::TokenStore

mod authorize_url;
mod egnyte_auth;
mod oauth_client;
mod region;
mod scope;
mod tokens;

pub use authorize_url::AuthorizeUrl;
pub use egnyte_auth::EgnyteAuth;
pub use oauth_client::OAuthClient;
pub use region::{ParseRegionError, Region};
pub use scope::{ParseScopeError, Scope};
pub use tokens::OAuthTokens;
