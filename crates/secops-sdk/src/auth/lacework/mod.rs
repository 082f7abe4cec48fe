//! Lacework Edge authentication: an API token exchanged through TokenLogin for a JWT.
//!
//! TokenLogin is called with `Authorization: Bearer <API token>` and the `account` query
//! parameter; it answers with the JWT (`token`) and its lifetime (`ttl_sec`,
//! `expire_time_sec`). Every other call carries `Authorization: Bearer <JWT>`.
//! [`LaceworkAuth`] caches the JWT, renews it shortly before expiry and once after a 401,
//! with one login for all concurrent callers.

mod lacework_auth;
mod session;
mod token_login;

pub use lacework_auth::LaceworkAuth;
pub use session::LoginSession;
pub use token_login::TOKEN_LOGIN_OPERATION;
