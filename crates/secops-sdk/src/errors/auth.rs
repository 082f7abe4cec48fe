//! [`AuthError`]: why no valid token could be obtained.

use super::Rejection;
use crate::egnyte::TokenStoreError;

/// Why no valid token could be obtained. Never contains a token or a secret.
///
/// [`AuthError::needs_reauthorization`] tells whether a person has to sign in again (Egnyte)
/// or fix a credential, as opposed to a transient failure worth retrying later.
///
/// ```
/// use secops_sdk::auth::{AuthError, Rejection};
///
/// let error = AuthError::RefreshRejected {
///     rejection: Rejection::from_body(400, r#"{"error":"invalid_grant"}"#),
/// };
/// assert!(error.needs_reauthorization());
/// assert!(error.to_string().contains("re-authorization is needed"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The token store holds no Egnyte tokens yet.
    #[error(
        "no Egnyte tokens are stored: re-authorization is needed; send the user to \
         EgnyteAuth::authorize_url and pass the returned code to EgnyteAuth::exchange_code"
    )]
    NotAuthorized,

    /// Egnyte refused the refresh token (expired, revoked, or already used).
    #[error(
        "Egnyte refused the refresh token ({rejection}); the stored tokens were kept, but \
         re-authorization is needed: send the user to EgnyteAuth::authorize_url again and \
         exchange the new code"
    )]
    RefreshRejected {
        /// The status and error body of the token endpoint.
        rejection: Rejection,
    },

    /// Egnyte refused an authorization code.
    #[error(
        "Egnyte refused the authorization code ({rejection}); codes are single-use and \
         short-lived, and the redirect URI must match the one registered: start the \
         authorization again"
    )]
    CodeRejected {
        /// The status and error body of the token endpoint.
        rejection: Rejection,
    },

    /// Lacework Edge refused the API token in TokenLogin.
    #[error(
        "Lacework Edge refused the API token at TokenLogin ({rejection}); check \
         LACEWORK_EDGE_API_TOKEN and LACEWORK_EDGE_ACCOUNT (the account name the token was \
         created in)"
    )]
    LoginRejected {
        /// The status and error body of TokenLogin.
        rejection: Rejection,
    },

    /// The token or login endpoint could not be reached or did not answer in time.
    #[error(
        "could not reach the {endpoint}: {source}; the stored tokens were kept, try again later"
    )]
    Unreachable {
        /// Which endpoint: "Egnyte token endpoint" or "Lacework Edge TokenLogin endpoint".
        endpoint: &'static str,
        /// The transport error (its text names the URL, never a secret).
        #[source]
        source: reqwest::Error,
    },

    /// The token or login endpoint answered with a server error (5xx, 429, ...).
    #[error("the {endpoint} failed ({rejection}); the stored tokens were kept, try again later")]
    EndpointFailed {
        /// Which endpoint.
        endpoint: &'static str,
        /// The status and error body.
        rejection: Rejection,
    },

    /// The endpoint answered 2xx with something that is not a usable token.
    #[error(
        "the {endpoint} answered HTTP {status} with an unusable token response ({problem}); \
         the stored tokens were kept"
    )]
    InvalidTokenResponse {
        /// Which endpoint.
        endpoint: &'static str,
        /// The HTTP status.
        status: u16,
        /// What is wrong (the body itself is not repeated: it may hold tokens).
        problem: String,
    },

    /// The request to a token or login endpoint could not be built.
    #[error("could not build the request to the {endpoint}: {problem}")]
    InvalidRequest {
        /// Which endpoint.
        endpoint: &'static str,
        /// What is wrong (never a secret).
        problem: String,
    },

    /// The token store could not load or save tokens.
    #[error(transparent)]
    TokenStore(#[from] TokenStoreError),

    /// The credentials cannot be renewed (for example a fixed token, or the API token itself
    /// was rejected).
    #[error("the server rejected the credentials and they cannot be renewed")]
    CannotRenew,

    /// A token contains bytes that cannot be sent in an HTTP header.
    #[error("the {0} contains characters that are not allowed in an HTTP header")]
    UnsendableToken(&'static str),
}

impl AuthError {
    /// Whether a person must act (sign in again, fix a credential) before requests can work.
    ///
    /// ```
    /// use secops_sdk::auth::AuthError;
    /// assert!(AuthError::NotAuthorized.needs_reauthorization());
    /// ```
    pub fn needs_reauthorization(&self) -> bool {
        matches!(
            self,
            Self::NotAuthorized
                | Self::RefreshRejected { .. }
                | Self::CodeRejected { .. }
                | Self::LoginRejected { .. }
                | Self::CannotRenew
        )
    }
}
