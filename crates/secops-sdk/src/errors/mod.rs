//! Every error the SDK produces, in one place.
//!
//! - [`Error`]: what a facade call or stream can fail with.
//! - [`AuthError`]: why no valid token could be obtained (typed, with
//!   [`AuthError::needs_reauthorization`]).
//! - [`Rejection`]: what a vendor said when it refused a credential.
//!
//! Configuration errors are [`ConfigError`](crate::core::config::ConfigError); token-store
//! errors [`TokenStoreError`](crate::egnyte::TokenStoreError).

mod auth;
mod rejection;

pub use auth::AuthError;
pub use rejection::Rejection;

use egnyte_protect_client::types::Error as EgnyteErrorBody;
use lacework_edge_client::types::Error as LaceworkErrorBody;

/// A failed call through the facade: the generated client's error (with the vendor's error
/// body), or a pagination problem.
///
/// Credential problems arrive as `progenitor_client::Error::Custom` with the [`AuthError`]
/// message (for example "... re-authorization is needed ..."); no message contains a secret.
///
/// [`AuthError`]: crate::auth::AuthError
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
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An Egnyte Secure and Govern call failed (boxed: the error holds the whole response).
    #[error("Egnyte Secure and Govern request failed: {0}")]
    Egnyte(#[source] Box<progenitor_client::Error<EgnyteErrorBody>>),
    /// A Lacework Edge call failed (boxed: the error holds the whole response).
    #[error("Lacework Edge request failed: {0}")]
    Lacework(#[source] Box<progenitor_client::Error<LaceworkErrorBody>>),
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
    /// The HTTP status of the failed response, if there was one.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Self::Egnyte(error) => error.status(),
            Self::Lacework(error) => error.status(),
            Self::Pagination { .. } => None,
        }
    }
}

impl From<progenitor_client::Error<EgnyteErrorBody>> for Error {
    fn from(error: progenitor_client::Error<EgnyteErrorBody>) -> Self {
        Self::Egnyte(Box::new(error))
    }
}

impl From<progenitor_client::Error<LaceworkErrorBody>> for Error {
    fn from(error: progenitor_client::Error<LaceworkErrorBody>) -> Self {
        Self::Lacework(Box::new(error))
    }
}
