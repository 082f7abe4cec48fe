//! Egnyte Secure and Govern: the facade, its configuration, OAuth2 and the issue follower.
//!
//! | file | what it holds |
//! |---|---|
//! | `facade.rs` | [`EgnyteProtect`]: the configured generated client |
//! | `config.rs` | [`EgnyteConfig`] and its builder (`EGNYTE_PROTECT_*` variables) |
//! | `region.rs`, `scope.rs` | [`Region`] (base URLs, OAuth2 endpoints), [`Scope`] |
//! | `authorize_url.rs` | [`AuthorizeUrl`]: the browser authorization page |
//! | `oauth_client.rs` | [`OAuthClient`]: code exchange and refresh at the token endpoint |
//! | `pkce.rs` | [`PkceVerifier`]: PKCE (RFC 7636, S256) for the code exchange |
//! | `redirect.rs` | reading the redirect URL and checking its `state` (constant time) |
//! | `tokens.rs` | [`OAuthTokens`]: access and refresh token, as stored |
//! | `token_store.rs` | [`TokenStore`], [`FileTokenStore`], [`MemoryTokenStore`] |
//! | `auth.rs` | [`EgnyteAuth`]: the tokens in the core's token cache |
//! | `follower.rs` | [`follow_issue_updates`] and its [`FollowCheckpoint`] |
//! | `file_checkpoint.rs` | [`FileCheckpoint`]: the checkpoint in a file, replaced atomically |
//!
//! Sign-in is the OAuth2 authorization code flow:
//!
//! 1. Send the user to [`EgnyteAuth::authorize_url`] (built with [`AuthorizeUrl`]); Egnyte
//!    redirects back to your redirect URI with `?code=...&state=...` — or, in no-redirect mode
//!    (no redirect URI configured), shows the user the code to paste into your program.
//! 2. Pass the redirect URL to [`EgnyteAuth::exchange_redirect`] (it checks the `state`), or
//!    the bare code to [`EgnyteAuth::exchange_code`]; the tokens go to the [`TokenStore`].
//! 3. Every request then gets a valid access token: refreshed shortly before expiry, and once
//!    after a 401. A refresh token the server rotates is saved before the new access token is
//!    used.
//!
//! Listings page through [`Paginate`](crate::pagination::Paginate), generated from the
//! spec's `x-pagination`.

mod auth;
mod authorize_url;
mod config;
mod facade;
mod file_checkpoint;
mod follower;
mod oauth_client;
mod pkce;
mod redirect;
mod region;
mod scope;
mod token_store;
mod tokens;

pub use auth::EgnyteAuth;
pub use authorize_url::AuthorizeUrl;
pub use config::{EgnyteApi, EgnyteConfig, EgnyteConfigBuilder, EgnyteDraft, EgnyteSettings};
pub use facade::EgnyteProtect;
pub use file_checkpoint::{CheckpointError, FileCheckpoint};
pub use follower::{FollowCheckpoint, FollowOptions, IssueUpdate, follow_issue_updates};
pub use oauth_client::OAuthClient;
pub use pkce::PkceVerifier;
pub use region::{ParseRegionError, Region};
pub use scope::{ParseScopeError, Scope};
pub use token_store::{FileTokenStore, MemoryTokenStore, TokenStore, TokenStoreError};
pub use tokens::{DEFAULT_TOKEN_LIFETIME, OAuthTokens};
