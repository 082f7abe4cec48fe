//! [`OAuthClient`]: the two calls to Egnyte's token endpoint (code exchange, refresh).

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::EgnyteConfig;
use super::OAuthTokens;
use super::tokens::TokenResponse;
use crate::core::auth::token_request::{TokenEndpoint, TokenFailure};
use crate::core::clock::Clock;
use crate::errors::AuthError;

/// Egnyte's token endpoint: 400, 401 and 403 mean the grant itself was refused; other
/// statuses are server trouble.
const ENDPOINT: TokenEndpoint = TokenEndpoint {
    name: "Egnyte token endpoint",
    refusals: &[400, 401, 403],
};

/// Calls `POST <region>/oauth2/token` (form-encoded) to exchange a code or refresh tokens.
///
/// Stateless: it neither caches nor stores tokens ([`super::EgnyteAuth`] does). `Debug` hides
/// the client secret.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use secops_sdk::auth::egnyte::OAuthClient;
/// use secops_sdk::config::EgnyteConfig;
///
/// let config = EgnyteConfig::from_env()?;
/// let oauth = OAuthClient::new(&config, reqwest::Client::new());
/// let tokens = oauth.exchange_code("code-from-redirect").await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct OAuthClient {
    http: reqwest::Client,
    token_endpoint: Url,
    client_id: String,
    client_secret: SecretString,
    redirect_uri: String,
    timeout: Option<Duration>,
    clock: Arc<dyn Clock>,
}

impl OAuthClient {
    /// A client for the token endpoint of `config`'s region, sending with `http`.
    pub fn new(config: &EgnyteConfig, http: reqwest::Client) -> Self {
        Self {
            http,
            token_endpoint: config.region().token_endpoint(),
            client_id: config.client_id().to_owned(),
            client_secret: config.client_secret().clone(),
            redirect_uri: config.redirect_uri().to_owned(),
            timeout: config.retry().attempt_timeout(),
            clock: config.clock().clone(),
        }
    }

    /// Exchanges an authorization code (`grant_type=authorization_code`) for tokens.
    ///
    /// Fails with [`AuthError::CodeRejected`] when Egnyte refuses the code.
    pub async fn exchange_code(&self, code: &str) -> Result<OAuthTokens, AuthError> {
        let form = [
            ("grant_type", "authorization_code"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose_secret()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("code", code),
        ];
        self.request_tokens(&form, None).await.map_err(|failure| {
            failure.into_error(|rejection| AuthError::CodeRejected { rejection })
        })
    }

    /// Obtains new tokens with `refresh_token` (`grant_type=refresh_token`).
    ///
    /// If the response carries no new refresh token, the old one is kept in the result.
    /// Fails with [`AuthError::RefreshRejected`] when Egnyte refuses the refresh token.
    pub async fn refresh(&self, refresh_token: &SecretString) -> Result<OAuthTokens, AuthError> {
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose_secret()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("refresh_token", refresh_token.expose_secret()),
        ];
        self.request_tokens(&form, Some(refresh_token))
            .await
            .map_err(|failure| {
                failure.into_error(|rejection| AuthError::RefreshRejected { rejection })
            })
    }

    async fn request_tokens(
        &self,
        form: &[(&str, &str)],
        previous_refresh: Option<&SecretString>,
    ) -> Result<OAuthTokens, TokenFailure> {
        let request = self
            .http
            .post(self.token_endpoint.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .form(form);
        let (status, body) = ENDPOINT.send(request, self.timeout).await?;
        let parsed: TokenResponse = ENDPOINT
            .decode(status, &body)
            .map_err(TokenFailure::Other)?;
        parsed
            .into_tokens(self.clock.now(), previous_refresh)
            .ok_or_else(|| {
                TokenFailure::Other(
                    ENDPOINT.invalid(status, "the response has no refresh_token".to_owned()),
                )
            })
    }
}
