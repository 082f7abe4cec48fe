//! Configuration machinery shared by every vendor: the generic [`Config`] / [`ConfigBuilder`],
//! connection settings (retries, token renewal margin, connect timeout, clock) with their
//! defaults and environment variables, setting names for error messages, base-URL checks and
//! the HTTP client.
//!
//! A vendor folder supplies a [`Vendor`] implementation and its own setters and getters; the
//! aliases [`EgnyteConfig`](crate::egnyte::EgnyteConfig) and
//! [`LaceworkConfig`](crate::lacework::LaceworkConfig) are what users name.

mod base_url;
mod builder;
mod connection;
mod env;
mod error;
mod http;

pub use builder::{Config, ConfigBuilder, Vendor};
pub use connection::ConnectionVariables;
pub use env::EnvReader;
pub use error::{ConfigError, Setting};

#[cfg(feature = "lacework")]
pub(crate) use base_url::parse_base_url;
#[cfg(feature = "egnyte")]
pub(crate) use base_url::{check_base_url, join_path};
