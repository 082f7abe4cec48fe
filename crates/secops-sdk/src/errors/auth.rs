//! [`AuthError`]: why no valid token could be obtained.

use super::Rejection;
#[cfg(feature = "egnyte")]
use super::rejection::bounded;
#[cfg(feature = "egnyte")]
use crate::egnyte::TokenStoreError;

/// Why no valid token could be obtained. Never contains a token or a secret.
///
/// [`AuthError::needs_reauthorization`] tells whether a person has to sign in again (Egnyte)
/// or fix a credential, as opposed to a transient failure worth retrying later. Text from a
/// token endpoint is masked and bounded (see [`Rejection`]).
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
        "could not reach the {endpoint}: {}; the stored tokens were kept, try again later",
        cause_chain(.source)
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

    /// The token or login endpoint answered with a redirect (3xx). Token requests follow no
    /// redirect: the credentials were not sent to the `Location`, and nothing from there is
    /// used.
    #[error(
        "the {endpoint} answered HTTP {status} redirecting to {}; token requests follow no \
         redirect, so no credential was sent there: check the configured region or base URL \
         (and any proxy in between), it must name the token endpoint itself",
        location_host.as_deref().unwrap_or("no valid Location")
    )]
    TokenEndpointRedirected {
        /// Which endpoint.
        endpoint: &'static str,
        /// The HTTP status (301, 302, 303, 307, 308, ...).
        status: u16,
        /// The host the `Location` header names (never its path or query), if it names one.
        location_host: Option<String>,
    },

    /// The authorization server redirected back with `error=...` instead of a code (for
    /// example `access_denied` when the user declined).
    #[error(
        "Egnyte did not authorize the application: {error}{}; start the authorization again \
         (and approve the requested scopes)",
        description.as_deref().map(|text| format!(" ({text})")).unwrap_or_default()
    )]
    AuthorizationDenied {
        /// The OAuth `error` code of the redirect (at most 512 bytes).
        error: String,
        /// Its `error_description`, if any (at most 512 bytes).
        description: Option<String>,
    },

    /// The `state` in the redirect is not the one this authorization was started with: the
    /// redirect may come from another authorization, or be forged. Nothing was exchanged.
    #[error(
        "the state in the redirect does not match the state the authorization was started \
         with; nothing was exchanged: start the authorization again (a new authorize URL and \
         state) and pass that state to EgnyteAuth::exchange_redirect"
    )]
    StateMismatch,

    /// The redirect URL cannot be used (not a URL, or no `code` or `state` in it). Nothing
    /// was exchanged.
    #[error(
        "the redirect URL cannot be used: {problem}; nothing was exchanged: pass the whole URL \
         the browser was sent back to, or start the authorization again"
    )]
    InvalidRedirect {
        /// What is wrong (never the code).
        problem: &'static str,
    },

    /// A PKCE code verifier that RFC 7636 does not allow.
    #[error(
        "the PKCE code verifier is not 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' \
         and '~' (RFC 7636 section 4.1): keep the verifier AuthorizeUrl::build_with_pkce \
         returned, unchanged"
    )]
    InvalidPkceVerifier,

    /// The token store could not load or save tokens.
    #[cfg(feature = "egnyte")]
    #[cfg_attr(docsrs, doc(cfg(feature = "egnyte")))]
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
                | Self::AuthorizationDenied { .. }
                | Self::StateMismatch
                | Self::InvalidRedirect { .. }
        )
    }
}

impl AuthError {
    /// The vendor's id of the token request that failed (Egnyte: `x-egnyte-request-id`), when
    /// its answer carried one: quote it to the vendor's support. Also shown by `Display`.
    ///
    /// ```
    /// use secops_sdk::auth::{AuthError, Rejection};
    ///
    /// let mut rejection = Rejection::from_body(400, r#"{"error":"invalid_grant"}"#);
    /// rejection.request_id = Some("abc123".into());
    /// let error = AuthError::RefreshRejected { rejection };
    /// assert_eq!(error.request_id(), Some("abc123"));
    /// assert!(error.to_string().contains("(request id abc123)"));
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::RefreshRejected { rejection }
            | Self::CodeRejected { rejection }
            | Self::LoginRejected { rejection }
            | Self::EndpointFailed { rejection, .. } => rejection.request_id.as_deref(),
            _ => None,
        }
    }

    /// [`AuthError::AuthorizationDenied`] with both texts cut to 512 bytes.
    #[cfg(feature = "egnyte")]
    pub(crate) fn authorization_denied(error: String, description: Option<String>) -> Self {
        Self::AuthorizationDenied {
            error: bounded(error),
            description: description.map(bounded),
        }
    }
}

/// `error` and each of its causes, joined with ": " ("error sending request: operation timed
/// out"); a cause whose text its parent already shows is left out.
fn cause_chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
