//! The vendor-neutral core: everything both vendors' folders build on, and nothing that knows
//! a vendor.
//!
//! - [`transport`]: [`SdkTransport`](transport::SdkTransport), which plugs credentials,
//!   retries and tracing into a generated client.
//! - [`retry`]: the retry policy, all its rules in one place.
//! - [`clock`]: where time is read and how the SDK waits.
//! - [`auth`]: the [`Credentials`](auth::Credentials) a transport asks for, and the one token
//!   cache with single-flight renewal ([`TokenCache`](auth::TokenCache)) both vendors use.
//! - [`config`]: connection settings and the config-builder machinery
//!   ([`Config`](config::Config), [`ConfigBuilder`](config::ConfigBuilder)).
//! - [`paging`]: `.items()` / `.pages()` on every generated listing ([`Paginate`](paging::Paginate)).

#[cfg(feature = "egnyte")]
pub(crate) mod atomic_file;
pub mod auth;
pub mod clock;
pub mod config;
pub(crate) mod continuation;
pub mod paging;
pub(crate) mod random;
pub mod retry;
pub mod transport;
