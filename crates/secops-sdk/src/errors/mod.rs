//! Every error the SDK produces, in one place.
//!
//! - [`Error`]: what a facade call or stream can fail with.
//! - [`AuthError`]: why no valid token could be obtained (typed, with
//!   [`AuthError::needs_reauthorization`]).
//! - [`Rejection`]: what a vendor said when it refused a credential.
//! - [`SkippedUpdate`]: an issue update the follower could not decode, and how to pass it.
//!
//! Configuration errors are [`ConfigError`](crate::core::config::ConfigError); token-store
//! errors [`TokenStoreError`](crate::egnyte::TokenStoreError).

mod auth;
mod rejection;

pub use auth::AuthError;
pub use rejection::Rejection;

#[cfg(feature = "egnyte")]
use egnyte_protect_client::types::Error as EgnyteErrorBody;
#[cfg(feature = "lacework")]
use lacework_edge_client::types::Error as LaceworkErrorBody;
use secops_runtime::ErrorKind;
use secops_runtime::paging::ItemError;

use crate::core::transport::RejectedAndNotRenewed;
#[cfg(feature = "egnyte")]
use crate::egnyte::FollowCheckpoint;

/// A failed call through the facade: a generated client's error, one listing item that did not
/// decode, or a listing that cannot go on.
///
/// Whatever the kind, [`operation`](Self::operation) names the operation,
/// [`status`](Self::status) gives the HTTP status whenever a response arrived (error pages that
/// are not JSON included), and [`needs_reauthorization`](Self::needs_reauthorization) says
/// whether a person must sign in again; [`auth`](Self::auth) gives the typed [`AuthError`]
/// when credentials were the problem. No message contains a secret.
///
/// ```
/// use secops_sdk::Error;
///
/// let error = Error::Pagination {
///     operation: "list_issues",
///     problem: "the cursor did not advance".into(),
/// };
/// assert_eq!(error.to_string(), "paging through list_issues stopped: the cursor did not advance");
/// assert_eq!(error.status(), None);
/// assert_eq!(error.operation(), "list_issues");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An Egnyte Secure and Govern call failed.
    #[cfg(feature = "egnyte")]
    #[cfg_attr(docsrs, doc(cfg(feature = "egnyte")))]
    #[error("Egnyte Secure and Govern request failed: {0}")]
    Egnyte(#[source] egnyte_protect_client::Error<EgnyteErrorBody>),
    /// A Lacework Edge call failed.
    #[cfg(feature = "lacework")]
    #[cfg_attr(docsrs, doc(cfg(feature = "lacework")))]
    #[error("Lacework Edge request failed: {0}")]
    Lacework(#[source] lacework_edge_client::Error<LaceworkErrorBody>),
    /// One item of a listing did not decode; the listing went on past it.
    #[error("{0}")]
    Item(#[source] Box<ItemError>),
    /// One issue update did not decode; the follower went on past it. Save its
    /// [`checkpoint`](Error::checkpoint) to resume after it.
    #[cfg(feature = "egnyte")]
    #[cfg_attr(docsrs, doc(cfg(feature = "egnyte")))]
    #[error("{}", .0.error)]
    SkippedUpdate(Box<SkippedUpdate>),
    /// A listing cannot continue (for example the server returned the same cursor again).
    #[error("paging through {operation} stopped: {problem}")]
    Pagination {
        /// The operation id being paged.
        operation: &'static str,
        /// What went wrong.
        problem: String,
    },
}

impl Error {
    /// The operation id of the failed call or listing.
    pub fn operation(&self) -> &'static str {
        match self {
            #[cfg(feature = "egnyte")]
            Self::Egnyte(error) => error.operation(),
            #[cfg(feature = "lacework")]
            Self::Lacework(error) => error.operation(),
            Self::Item(error) => error.operation(),
            #[cfg(feature = "egnyte")]
            Self::SkippedUpdate(skipped) => skipped.error.operation(),
            Self::Pagination { operation, .. } => operation,
        }
    }

    /// The HTTP status of the response, whenever one arrived.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            #[cfg(feature = "egnyte")]
            Self::Egnyte(error) => error.status(),
            #[cfg(feature = "lacework")]
            Self::Lacework(error) => error.status(),
            _ => None,
        }
    }

    /// The vendor's id of the request that failed, when its response carried one (Egnyte:
    /// the `x-egnyte-request-id` header, the name from the spec; Lacework Edge names none):
    /// quote it to the vendor's support. It is also in `Display` ("... (request id abc123)").
    /// When a token request failed ([`auth`](Self::auth)), the token endpoint's request id.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            #[cfg(feature = "egnyte")]
            Self::Egnyte(error) => error.request_id(),
            #[cfg(feature = "lacework")]
            Self::Lacework(error) => error.request_id(),
            _ => None,
        }
        .or_else(|| self.auth().and_then(AuthError::request_id))
    }

    /// Whether a person must sign in again or fix a credential before requests can work.
    pub fn needs_reauthorization(&self) -> bool {
        match self {
            #[cfg(feature = "egnyte")]
            Self::Egnyte(error) => error.needs_reauthorization(),
            #[cfg(feature = "lacework")]
            Self::Lacework(error) => error.needs_reauthorization(),
            _ => false,
        }
    }

    /// Why credentials could not be had, when that is what failed.
    pub fn auth(&self) -> Option<&AuthError> {
        let credentials = match self {
            #[cfg(feature = "egnyte")]
            Self::Egnyte(error) => match error.kind() {
                ErrorKind::Credentials(credentials) => credentials,
                _ => return None,
            },
            #[cfg(feature = "lacework")]
            Self::Lacework(error) => match error.kind() {
                ErrorKind::Credentials(credentials) => credentials,
                _ => return None,
            },
            _ => return None,
        };
        credentials.downcast_ref::<AuthError>().or_else(|| {
            credentials
                .downcast_ref::<RejectedAndNotRenewed>()
                .map(|rejected| &rejected.0)
        })
    }

    /// The listing item or issue update that did not decode ([`Error::Item`],
    /// [`Error::SkippedUpdate`]).
    pub fn item(&self) -> Option<&ItemError> {
        match self {
            Self::Item(error) => Some(error),
            #[cfg(feature = "egnyte")]
            Self::SkippedUpdate(skipped) => Some(&skipped.error),
            _ => None,
        }
    }

    /// For an issue update the follower skipped, the checkpoint that passes it.
    #[cfg(feature = "egnyte")]
    #[cfg_attr(docsrs, doc(cfg(feature = "egnyte")))]
    pub fn checkpoint(&self) -> Option<&FollowCheckpoint> {
        match self {
            Self::SkippedUpdate(skipped) => Some(&skipped.checkpoint),
            _ => None,
        }
    }
}

#[cfg(feature = "egnyte")]
impl From<egnyte_protect_client::Error<EgnyteErrorBody>> for Error {
    fn from(error: egnyte_protect_client::Error<EgnyteErrorBody>) -> Self {
        Self::Egnyte(error)
    }
}

#[cfg(feature = "lacework")]
impl From<lacework_edge_client::Error<LaceworkErrorBody>> for Error {
    fn from(error: lacework_edge_client::Error<LaceworkErrorBody>) -> Self {
        Self::Lacework(error)
    }
}

impl From<ItemError> for Error {
    fn from(error: ItemError) -> Self {
        Self::Item(Box::new(error))
    }
}

/// An issue update the follower could not decode, and the checkpoint that passes it.
#[cfg(feature = "egnyte")]
#[cfg_attr(docsrs, doc(cfg(feature = "egnyte")))]
#[derive(Debug)]
pub struct SkippedUpdate {
    /// Why the update did not decode.
    pub error: ItemError,
    /// Resume from here to continue after this update.
    pub checkpoint: FollowCheckpoint,
}

#[cfg(feature = "egnyte")]
impl std::error::Error for SkippedUpdate {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

#[cfg(feature = "egnyte")]
impl std::fmt::Display for SkippedUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}
