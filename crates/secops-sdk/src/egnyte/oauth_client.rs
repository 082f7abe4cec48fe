//! [`OAuthClient`]: the two calls to Egnyte's token endpoint (code exchange, refresh).

use std::sync::Arc;

use reqwest::header::{ACCEPT, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::EgnyteConfig;
use super::OAuthTokens;
use super::PkceVerifier;
use super::tokens::TokenResponse;
use crate::core::auth::token_request::{TokenEndpoint, TokenFailure, TokenSend};
use crate::core::clock::Clock;
use crate::core::retry::{Replay, RetryConfig};
use crate::errors::AuthError;

/// Egnyte's token endpoint: 400, 401 and 403 mean the grant itself was refused; other
/// statuses are server trouble.
const ENDPOINT: TokenEndpoint = TokenEndpoint {
    name: "Egnyte token endpoint",
    refusals: &[400, 401, 403],
    request_id_header: egnyte_protect_client::REQUEST_ID_HEADER,
};

/// Calls `POST <region>/oauth2/token` (form-encoded) to exchange a code or refresh tokens.
///
/// Stateless: it neither caches nor stores tokens ([`super::EgnyteAuth`] does). `Debug` hides
/// the client secret.
///
/// **Which client sends.** Token requests go through an HTTP client the SDK builds from the
/// configuration's connection settings that follows **no redirect**: a 3xx from the token
/// endpoint is [`AuthError::TokenEndpointRedirected`] (naming the `Location` host only), so
/// the client secret, code or refresh token is never re-sent elsewhere and no token from
/// elsewhere is used. The `http` client given to [`OAuthClient::new`] (the API client, which
/// follows redirects) is not used for token requests.
///
/// **Form.** With a redirect URI configured, both requests carry `redirect_uri`; without one
/// (no-redirect mode) they carry `no_redirect=true` instead, as Egnyte's Splunk add-on sends.
///
/// **Retries**, under the configuration's [`RetryConfig`] (attempts, back-off, `Retry-After`
/// up to its cap, per-attempt and overall timeouts):
/// - a **code exchange** is retried only when it cannot have been processed — the connection
///   was never established, or the answer was 429 — because an authorization code is
///   single-use: a code the server consumed is never sent twice.
/// - a **refresh** is also retried after timeouts, broken connections and 502/503/504. That
///   is acceptable: if the server processed a refresh and then failed, and did not rotate the
///   refresh token, the next attempt simply uses it again; if it did rotate it, the next
///   attempt is refused and the error ([`AuthError::RefreshRejected`]) says re-authorization
///   is needed — the stored tokens are left as they were either way.
///
/// **Errors** never show a secret: in the endpoint's error text, every value sent in that
/// request (client secret, code, refresh token, PKCE verifier) is replaced by `[REDACTED]`,
/// and the text is cut to 512 bytes (see [`Rejection`](crate::auth::Rejection)).
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use secops_sdk::auth::egnyte::OAuthClient;
/// use secops_sdk::config::EgnyteConfig;
///
/// let config = EgnyteConfig::from_env()?;
/// let oauth = OAuthClient::new(&config, config.build_http_client()?);
/// let tokens = oauth.exchange_code("code-from-redirect").await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct OAuthClient {
    /// The client for token requests (no redirects), or why it could not be built.
    http: Result<reqwest::Client, String>,
    token_endpoint: Url,
    client_id: String,
    client_secret: SecretString,
    /// `None`: no-redirect mode.
    redirect_uri: Option<String>,
    retry: RetryConfig,
    clock: Arc<dyn Clock>,
}

impl OAuthClient {
    /// Replaces the client secret in `text` with `[REDACTED]`.
    pub(crate) fn redact(&self, text: &mut String) {
        crate::core::auth::redact_secrets(text, [&self.client_secret]);
    }

    /// A client for the token endpoint of `config`'s region.
    ///
    /// Token requests are sent with a client built from `config` that follows no redirect;
    /// `http` is accepted for compatibility and not used for them (see [`OAuthClient`]). If
    /// that client cannot be built (the TLS backend failed to start), every call fails with
    /// [`AuthError::InvalidRequest`] saying so.
    pub fn new(config: &EgnyteConfig, http: reqwest::Client) -> Self {
        drop(http);
        Self {
            http: config
                .connection
                .build_token_http_client()
                .map_err(|error| error.to_string()),
            token_endpoint: config.region().token_endpoint(),
            client_id: config.client_id().to_owned(),
            client_secret: config.client_secret().clone(),
            redirect_uri: config.redirect_uri().map(str::to_owned),
            retry: config.retry().clone(),
            clock: config.clock().clone(),
        }
    }

    /// Exchanges an authorization code (`grant_type=authorization_code`) for tokens.
    ///
    /// Fails with [`AuthError::CodeRejected`] when Egnyte refuses the code. Sent again only
    /// when it cannot have reached the server (see [`OAuthClient`]).
    pub async fn exchange_code(&self, code: &str) -> Result<OAuthTokens, AuthError> {
        self.exchange(code, None).await
    }

    /// [`exchange_code`](Self::exchange_code) for an authorization started with PKCE: also
    /// sends `code_verifier`.
    pub async fn exchange_code_with_verifier(
        &self,
        code: &str,
        verifier: &PkceVerifier,
    ) -> Result<OAuthTokens, AuthError> {
        self.exchange(code, Some(verifier)).await
    }

    async fn exchange(
        &self,
        code: &str,
        verifier: Option<&PkceVerifier>,
    ) -> Result<OAuthTokens, AuthError> {
        let mut form = self.form("authorization_code");
        form.push(("code", code));
        let verifier = verifier.map(|verifier| verifier.secret().expose_secret());
        if let Some(verifier) = verifier {
            form.push(("code_verifier", verifier));
        }
        let secrets = [
            self.client_secret.expose_secret(),
            code,
            verifier.unwrap_or_default(),
        ];
        self.request_tokens(&form, Replay::OnlyUnprocessed, &secrets, None)
            .await
            .map_err(|failure| {
                failure.into_error(|rejection| AuthError::CodeRejected { rejection })
            })
    }

    /// Obtains new tokens with `refresh_token` (`grant_type=refresh_token`).
    ///
    /// If the response carries no new refresh token, the old one is kept in the result.
    /// Fails with [`AuthError::RefreshRejected`] when Egnyte refuses the refresh token.
    /// Retried on connection errors, timeouts, 429 and 502/503/504 (see [`OAuthClient`] for
    /// why that is safe).
    pub async fn refresh(&self, refresh_token: &SecretString) -> Result<OAuthTokens, AuthError> {
        let mut form = self.form("refresh_token");
        form.push(("refresh_token", refresh_token.expose_secret()));
        let secrets = [
            self.client_secret.expose_secret(),
            refresh_token.expose_secret(),
        ];
        self.request_tokens(&form, Replay::Safe, &secrets, Some(refresh_token))
            .await
            .map_err(|failure| {
                failure.into_error(|rejection| AuthError::RefreshRejected { rejection })
            })
    }

    /// The fields both grants share: grant type, client, and the redirect URI or
    /// `no_redirect=true`.
    fn form(&self, grant_type: &'static str) -> Vec<(&'static str, &str)> {
        let mut form = vec![
            ("grant_type", grant_type),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose_secret()),
        ];
        match &self.redirect_uri {
            Some(redirect_uri) => form.push(("redirect_uri", redirect_uri.as_str())),
            None => form.push(("no_redirect", "true")),
        }
        form
    }

    async fn request_tokens(
        &self,
        form: &[(&str, &str)],
        replay: Replay,
        secrets: &[&str],
        previous_refresh: Option<&SecretString>,
    ) -> Result<OAuthTokens, TokenFailure> {
        let http = self.http.as_ref().map_err(|problem| {
            TokenFailure::Other(AuthError::InvalidRequest {
                endpoint: ENDPOINT.name,
                problem: format!(
                    "the HTTP client for token requests could not be built: {problem}"
                ),
            })
        })?;
        let request = http
            .post(self.token_endpoint.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .form(form)
            .build()
            .map_err(|error| {
                TokenFailure::Other(AuthError::InvalidRequest {
                    endpoint: ENDPOINT.name,
                    problem: format!("the form cannot be encoded ({})", error.without_url()),
                })
            })?;
        let how = TokenSend {
            http,
            retry: &self.retry,
            clock: self.clock.as_ref(),
            replay,
            secrets,
        };
        let (status, body) = ENDPOINT.send(request, &how).await?;
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
