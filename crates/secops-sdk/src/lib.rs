//! # secops-sdk
//!
//! A facade over two generated API clients, the **Lacework Edge API** and the **Egnyte Secure
//! and Govern** ("Egnyte Protect") public API. The generated clients do the operations; this
//! crate adds what generated code cannot:
//!
//! - [`config`]: builders and `from_env()` for both vendors.
//! - [`auth`]: Egnyte OAuth2 (authorization URL, code exchange, refresh, token stores) and
//!   Lacework Edge TokenLogin; tokens renewed before expiry and once after a 401, single flight.
//! - [`retry`]: exponential back-off with jitter, `Retry-After`, timeouts.
//! - [`transport`]: the [`secops_transport::Transport`] that plugs all of that into the
//!   generated clients, with a `tracing` span per request and no secret in any log line.
//! - [`pagination`]: lazy streams over every cursor-paged listing, and an issue-update
//!   follower with a serializable checkpoint.
//! - [`EgnyteProtect`] and [`LaceworkEdge`]: a configured generated client for each vendor
//!   (`.client()` reaches every operation).
//!
//! Secrets are held in [`secrecy::SecretString`]; `Debug` of every configuration, token and
//! error hides them.

#![warn(missing_docs)]

pub mod auth;
pub mod clock;
pub mod config;
mod egnyte;
mod error;
mod lacework;
pub mod pagination;
pub mod retry;
pub mod transport;

pub use egnyte::EgnyteProtect;
pub use error::Error;
pub use lacework::LaceworkEdge;
pub use secops_transport::BoxFuture;

/// The generated Egnyte Secure and Govern client crate (types and builders).
pub use egnyte_protect_client;
/// The generated Lacework Edge client crate (types and builders).
pub use lacework_edge_client;

/// The workspace README's code blocks, compiled as doctests so the quickstart stays true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
mod readme {}
