//! [`Credentials`]: what the transport asks for a bearer token.

use std::fmt;

use reqwest::header::HeaderValue;
use secops_runtime::BoxFuture;
use secrecy::{ExposeSecret, SecretString};

use crate::errors::AuthError;

/// A source of bearer tokens for one vendor, used by [`crate::core::transport::SdkTransport`].
///
/// Implemented by [`TokenCache`](super::TokenCache) (behind [`crate::egnyte::EgnyteAuth`] and
/// [`crate::lacework::LaceworkAuth`]) and [`StaticToken`]; implement it yourself to plug in
/// another scheme.
///
/// ```
/// use secops_sdk::auth::{AuthError, Credentials};
/// use secops_sdk::BoxFuture;
/// use secrecy::SecretString;
///
/// /// A token that never changes.
/// #[derive(Debug)]
/// struct FixedToken(SecretString);
///
/// impl Credentials for FixedToken {
///     fn bearer_token(&self, _operation_id: &'static str) -> BoxFuture<'_, Result<SecretString, AuthError>> {
///         Box::pin(async move { Ok(self.0.clone()) })
///     }
///
///     fn renew_after_rejection<'a>(
///         &'a self,
///         _operation_id: &'static str,
///         _rejected: &'a SecretString,
///     ) -> BoxFuture<'a, Result<SecretString, AuthError>> {
///         Box::pin(async { Err(AuthError::CannotRenew) })
///     }
/// }
/// ```
pub trait Credentials: Send + Sync + fmt::Debug + 'static {
    /// A token that is valid now (renewed first if it is about to expire).
    fn bearer_token(
        &self,
        operation_id: &'static str,
    ) -> BoxFuture<'_, Result<SecretString, AuthError>>;

    /// Called once when the server answered 401 to a request sent with `rejected`.
    ///
    /// Returns a different token to retry with. If another request already renewed the token,
    /// returns that one without renewing again.
    fn renew_after_rejection<'a>(
        &'a self,
        operation_id: &'static str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<SecretString, AuthError>>;

    /// Replaces every secret these credentials hold (tokens, keys) that occurs in `text` with
    /// `[REDACTED]`: used on the body excerpts that errors keep. Does nothing by default.
    fn redact(&self, text: &mut String) {
        let _ = text;
    }
}

/// Replaces each of `secrets` (at least 4 characters long) in `text` with `[REDACTED]`.
///
/// ```
/// use secops_sdk::auth::redact_secrets;
/// use secrecy::SecretString;
///
/// let mut text = "echo: refresh_token=r-123&x=1".to_owned();
/// redact_secrets(&mut text, [&SecretString::from("r-123")]);
/// assert_eq!(text, "echo: refresh_token=[REDACTED]&x=1");
/// ```
pub fn redact_secrets<'a>(text: &mut String, secrets: impl IntoIterator<Item = &'a SecretString>) {
    for secret in secrets {
        let value = secret.expose_secret();
        if value.len() >= 4 && text.contains(value) {
            *text = text.replace(value, "[REDACTED]");
        }
    }
}

/// A token that never changes and cannot be renewed: a 401 reaches the caller as it is.
///
/// ```
/// use secops_sdk::auth::{Credentials, StaticToken};
/// use secrecy::ExposeSecret;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let token = StaticToken::new("api-token".into());
/// assert_eq!(token.bearer_token("any").await.unwrap().expose_secret(), "api-token");
/// assert!(!format!("{token:?}").contains("api-token"));
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct StaticToken(SecretString);

impl StaticToken {
    /// Credentials that always send `token`.
    pub fn new(token: SecretString) -> Self {
        Self(token)
    }
}

impl Credentials for StaticToken {
    fn bearer_token(
        &self,
        _operation_id: &'static str,
    ) -> BoxFuture<'_, Result<SecretString, AuthError>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn renew_after_rejection<'a>(
        &'a self,
        _operation_id: &'static str,
        _rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<SecretString, AuthError>> {
        Box::pin(async { Err(AuthError::CannotRenew) })
    }

    fn redact(&self, text: &mut String) {
        redact_secrets(text, [&self.0]);
    }
}

/// `Bearer <token>` as a header value marked sensitive (never printed by `Debug`).
pub(crate) fn bearer_header(
    token: &SecretString,
    what: &'static str,
) -> Result<HeaderValue, AuthError> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
        .map_err(|_| AuthError::UnsendableToken(what))?;
    value.set_sensitive(true);
    Ok(value)
}
