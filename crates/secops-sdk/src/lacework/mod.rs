//! Lacework Edge: the facade, its configuration and TokenLogin.
//!
//! | file | what it holds |
//! |---|---|
//! | `facade.rs` | [`LaceworkEdge`]: the configured generated client |
//! | `config.rs` | [`LaceworkConfig`] and its builder (`LACEWORK_EDGE_*` variables) |
//! | `session.rs` | [`LoginSession`]: a JWT and when it expires |
//! | `auth.rs` | [`LaceworkAuth`]: the JWT in the core's token cache, obtained through the generated `token_login` |
//!
//! TokenLogin is called with `Authorization: Bearer <API token>` and the `account` query
//! parameter; it answers with the JWT (`token`) and its lifetime (`ttl_sec`,
//! `expire_time_sec`). Every other call carries `Authorization: Bearer <JWT>`.
//! [`LaceworkAuth`] caches the JWT, renews it shortly before expiry and once after a 401,
//! with one login for all concurrent callers.
//!
//! Listings page through [`Paginate`](crate::pagination::Paginate), generated from the
//! spec's `x-pagination`.

mod auth;
mod config;
mod facade;
mod session;

pub use auth::{LaceworkAuth, TOKEN_LOGIN_OPERATION};
pub use config::{
    LaceworkApi, LaceworkConfig, LaceworkConfigBuilder, LaceworkDraft, LaceworkSettings,
};
pub use facade::LaceworkEdge;
pub use session::LoginSession;
