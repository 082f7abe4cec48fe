//! The names most programs need, in one import.
//!
//! ```
//! use secops_sdk::prelude::*;
//!
//! fn build() -> Result<LaceworkEdge, ConfigError> {
//!     LaceworkEdge::new(LaceworkConfig::builder().api_token("t").account("a").host("h.example").build()?)
//! }
//! assert!(build().is_ok());
//! ```

pub use crate::config::ConfigError;
#[cfg(feature = "egnyte")]
pub use crate::config::EgnyteConfig;
#[cfg(feature = "lacework")]
pub use crate::config::LaceworkConfig;
pub use crate::core::retry::RetryConfig;
#[cfg(feature = "egnyte")]
pub use crate::egnyte::{
    AuthorizeUrl, EgnyteProtect, FileTokenStore, FollowCheckpoint, FollowOptions, Region, Scope,
};
pub use crate::errors::{AuthError, Error};
#[cfg(feature = "lacework")]
pub use crate::lacework::LaceworkEdge;
pub use crate::pagination::Paginate;
pub use secrecy::{ExposeSecret, SecretString};
