//! # secops-sdk
//!
//! A facade over two generated API clients, the **Lacework Edge API** and the **Egnyte Secure
//! and Govern** ("Egnyte Protect") public API. The generated clients do the operations; this
//! crate adds what generated code cannot: configuration, authentication with token renewal,
//! retries, tracing, and pagination streams.
//!
//! Start with [`EgnyteProtect`] or [`LaceworkEdge`] (`.client()` reaches every operation), or
//! `use secops_sdk::prelude::*;`.
//!
//! ## Where things live
//!
//! - [`core`]: the vendor-neutral core — [`transport`], the [`retry`] policy, the
//!   [`clock`], the token cache and
//!   credentials ([`core::auth`]), the config-builder machinery ([`core::config`]) and
//!   `.items()`/`.pages()` ([`core::paging`]).
//! - [`egnyte`] and [`lacework`]: one folder per vendor — its facade, configuration, sign-in
//!   and (Egnyte) the issue-update follower.
//! - [`errors`]: every error type.
//!
//! The modules [`auth`], [`config`], [`pagination`], [`retry`], [`clock`] and [`transport`]
//! gather the same items by topic (`secops_sdk::config::EgnyteConfig`,
//! `secops_sdk::auth::egnyte::Scope`, ...), as earlier versions named them.
//!
//! Secrets are held in [`SecretString`]; `Debug` of every configuration, token and error hides
//! them.
//!
//! ## Cargo features
//!
//! Pay only for the vendor you use: each vendor's generated client is a dependency of its own
//! feature (the Lacework Edge client alone is ~50,000 lines).
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `egnyte` | yes | [`EgnyteProtect`], OAuth2 sign-in, the issue follower |
//! | `lacework` | yes | [`LaceworkEdge`], TokenLogin |
//! | `rustls` | yes | TLS through rustls with the ring crypto provider |
//! | `rustls-aws-lc` | no | rustls with aws-lc-rs instead of ring (FIPS builds; slower to build) |
//! | `native-tls` | no | the platform's TLS library |
//! | `lacework-type-builders`, `egnyte-type-builders` | no | the clients' per-type builders (`X::builder()`, `body_map`) |
//!
//! An Egnyte-only program:
//! `secops-sdk = { version = "...", default-features = false, features = ["egnyte", "rustls"] }`.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod core;
#[cfg(feature = "egnyte")]
#[cfg_attr(docsrs, doc(cfg(feature = "egnyte")))]
pub mod egnyte;
pub mod errors;
#[cfg(feature = "lacework")]
#[cfg_attr(docsrs, doc(cfg(feature = "lacework")))]
pub mod lacework;
pub mod prelude;

#[cfg(feature = "egnyte")]
pub use egnyte::EgnyteProtect;
pub use errors::Error;
#[cfg(feature = "lacework")]
pub use lacework::LaceworkEdge;
pub use secops_runtime::BoxFuture;
/// A free-form JSON field (`issue.item`, `issue.assignee`, ...), kept as the server's text.
pub use secops_runtime::RawJson;
pub use secrecy::{ExposeSecret, SecretString};

/// The generated Egnyte Secure and Govern client crate (types and builders).
#[cfg(feature = "egnyte")]
#[cfg_attr(docsrs, doc(cfg(feature = "egnyte")))]
pub use egnyte_protect_client;
/// The generated Lacework Edge client crate (types and builders).
#[cfg(feature = "lacework")]
#[cfg_attr(docsrs, doc(cfg(feature = "lacework")))]
pub use lacework_edge_client;
/// What the generated clients share at run time (the transport seam, the paging loop).
pub use secops_runtime;

pub mod auth {
    //! Authentication for both vendors, by topic: credentials, errors, token stores, and each
    //! vendor's sign-in.
    //!
    //! Egnyte uses the OAuth2 authorization code flow with refresh ([`egnyte::EgnyteAuth`]);
    //! Lacework Edge exchanges an API token for a JWT through TokenLogin
    //! ([`lacework::LaceworkAuth`]). Both keep their token in the core's single-flight
    //! [`TokenCache`]: renewed shortly before it expires and once when the server answers 401, and
    //! concurrent callers that find it expired wait for one renewal instead of starting their own.

    pub use crate::core::auth::{
        CachedToken, Credentials, StaticToken, TokenCache, TokenSource, redact_secrets,
    };
    #[cfg(feature = "egnyte")]
    pub use crate::egnyte::{FileTokenStore, MemoryTokenStore, TokenStore, TokenStoreError};
    pub use crate::errors::{AuthError, Rejection};

    #[cfg(feature = "egnyte")]
    #[cfg_attr(docsrs, doc(cfg(feature = "egnyte")))]
    pub mod egnyte {
        //! Egnyte Secure and Govern sign-in: OAuth2 authorization code flow (see
        //! [`crate::egnyte`]).

        pub use crate::egnyte::{
            AuthorizeUrl, DEFAULT_TOKEN_LIFETIME, EgnyteAuth, OAuthClient, OAuthTokens,
            ParseRegionError, ParseScopeError, PkceVerifier, Region, Scope,
        };
    }

    #[cfg(feature = "lacework")]
    #[cfg_attr(docsrs, doc(cfg(feature = "lacework")))]
    pub mod lacework {
        //! Lacework Edge sign-in: an API token exchanged through TokenLogin for a JWT (see
        //! [`crate::lacework`]).

        pub use crate::lacework::{LaceworkAuth, LoginSession, TOKEN_LOGIN_OPERATION};
    }
}

pub mod config {
    //! Configuration for both vendors: builders and `from_env()`.
    //!
    //! - [`EgnyteConfig`]: Egnyte Secure and Govern (OAuth2 client, region, token store).
    //! - [`LaceworkConfig`]: Lacework Edge (API token, account, host).
    //!
    //! Both read their settings from environment variables with `from_env()`, or from any lookup
    //! function with `from_env_with()` (handy in tests). Missing or malformed settings produce a
    //! [`ConfigError`] naming the setting and its variable.

    pub use crate::core::config::{Config, ConfigBuilder, ConfigError, Setting, Vendor};
    #[cfg(feature = "egnyte")]
    pub use crate::egnyte::{EgnyteConfig, EgnyteConfigBuilder};
    #[cfg(feature = "lacework")]
    pub use crate::lacework::{LaceworkConfig, LaceworkConfigBuilder};
}

pub mod pagination {
    //! Lazy listings: `futures::Stream`s that fetch one page at a time and keep every filter.
    //!
    //! - [`Paginate`]: `.items()` / `.pages()` on the generated request builder of every listing
    //!   whose spec declares `x-pagination` (every Egnyte listing with a cursor, and the Lacework
    //!   Edge operations that return a `continuation_token`). The builder you configure (count,
    //!   format, dates, ids) is reused for every page; only the cursor changes.
    //! - [`follow_issue_updates`]: an endless stream of Egnyte issue updates with a serializable
    //!   [`FollowCheckpoint`].
    //! - [`by_continuation_token`]: the same loop over any call paged with a continuation token.
    //!
    //! ```no_run
    //! # async fn run(lacework: secops_sdk::LaceworkEdge) -> Result<(), secops_sdk::Error> {
    //! use futures::TryStreamExt;
    //! use secops_sdk::pagination::Paginate;
    //!
    //! // Every device of one user, one page (one `continuation_token`) at a time.
    //! let mut devices = lacework
    //!     .client()
    //!     .list_user_devices()
    //!     .uuid("5f0c6a4e-0000-4000-8000-000000000001")
    //!     .items();
    //! while let Some(device) = devices.try_next().await? {
    //!     println!("{:?}", device.uuid);
    //! }
    //! # Ok(()) }
    //! ```

    pub use crate::core::continuation::by_continuation_token;
    pub use crate::core::paging::{CursorKind, ItemError, Page, PageResult, Paginate, pages};
    #[cfg(feature = "egnyte")]
    pub use crate::egnyte::{
        CheckpointError, FileCheckpoint, FollowCheckpoint, FollowOptions, IssueUpdate,
        follow_issue_updates,
    };
}

pub use core::{clock, retry, transport};

/// The workspace README's code blocks, compiled as doctests so the quickstart stays true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
mod readme {}
