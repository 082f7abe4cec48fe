//! Configuration for both vendors: builders and `from_env()`.
//!
//! - [`EgnyteConfig`]: Egnyte Secure and Govern (OAuth2 client, region, token store).
//! - [`LaceworkConfig`]: Lacework Edge (API token, account, host).
//!
//! Both read their settings from environment variables with `from_env()`, or from any lookup
//! function with `from_env_with()` (handy in tests). Missing or malformed settings produce a
//! [`ConfigError`] naming the setting and its variable.

mod base_url;
mod connection;
mod egnyte;
mod env;
mod error;
mod http;
mod lacework;

pub use egnyte::{EgnyteConfig, EgnyteConfigBuilder};
pub use error::{ConfigError, Setting};
pub use lacework::{LaceworkConfig, LaceworkConfigBuilder};

pub(crate) use base_url::join_path;
