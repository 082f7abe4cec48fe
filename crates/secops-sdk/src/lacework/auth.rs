//! [`LaceworkAuth`]: Lacework Edge JWTs in the core's [`TokenCache`], obtained through the
//! generated `token_login` operation with the API token.

use std::sync::Arc;

use lacework_edge_client::types::{Error as ErrorBody, LoginResponse};
use lacework_edge_client::{Client, Hooks};
use reqwest::StatusCode;
use secops_runtime::{BoxFuture, ErrorKind};
use secrecy::{ExposeSecret, SecretString};

use super::{LaceworkConfig, LoginSession};
use crate::core::auth::token_request::TokenEndpoint;
use crate::core::auth::{Credentials, StaticToken, TokenCache, TokenSource, bearer_header};
use crate::core::clock::Clock;
use crate::core::transport::SdkTransport;
use crate::errors::AuthError;

/// The operation id of TokenLogin in `openapi/lacework-edge.json`. Requests with this
/// operation id are authorized with the API token instead of the JWT.
///
/// ```
/// assert_eq!(secops_sdk::auth::lacework::TOKEN_LOGIN_OPERATION, "token_login");
/// ```
pub const TOKEN_LOGIN_OPERATION: &str = "token_login";

/// TokenLogin: 400, 401, 403 and 404 mean the API token or account was refused; other
/// statuses are server trouble.
const ENDPOINT: TokenEndpoint = TokenEndpoint {
    name: "Lacework Edge TokenLogin endpoint",
    refusals: &[400, 401, 403, 404],
    request_id_header: lacework_edge_client::REQUEST_ID_HEADER,
};

/// Lacework Edge JWTs for every request: obtained through TokenLogin with the API token,
/// renewed shortly before expiry and once after a 401.
///
/// Concurrent requests that find the JWT expired wait for one login and share its result.
/// Requests for the `token_login` operation itself are authorized with the API token. The
/// login is the generated `token_login` operation, sent through the SDK's transport (retries,
/// tracing) with the API token as its credential.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use secops_sdk::auth::lacework::LaceworkAuth;
/// use secops_sdk::config::LaceworkConfig;
///
/// let auth = LaceworkAuth::new(&LaceworkConfig::from_env()?, secops_sdk::secops_runtime::tls::client_builder().build().expect("a client"));
/// let jwt = auth.jwt().await?; // logs in once, then reuses the JWT until it nears expiry
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct LaceworkAuth {
    cache: TokenCache<TokenLogin>,
    api_token: StaticToken,
}

impl LaceworkAuth {
    /// JWTs for `config` (base URL, account, API token, clock), logging in with `http`.
    pub fn new(config: &LaceworkConfig, http: reqwest::Client) -> Self {
        let api_token = StaticToken::new(config.api_token().clone());
        let transport = Arc::new(
            SdkTransport::new(
                "lacework",
                Arc::new(api_token.clone()),
                config.retry().clone(),
                config.clock().clone(),
            )
            .with_request_id_header(lacework_edge_client::REQUEST_ID_HEADER),
        );
        // The login follows no redirect (a 3xx is an error naming the Location host): the API
        // token is never sent elsewhere. If that client cannot be built, logins fail saying so
        // and send nothing.
        let (login_http, unavailable) = match config.connection.build_token_http_client() {
            Ok(login_http) => (login_http, None),
            Err(error) => (http, Some(error.to_string())),
        };
        let client = Client::new_with_client(
            config.base_url().as_str().trim_end_matches('/'),
            login_http,
            Hooks::with_transport(transport),
        );
        let login = TokenLogin {
            client,
            login_url: config.base_url().clone(),
            unavailable,
            account: config.account().to_owned(),
            api_token: config.api_token().clone(),
            clock: config.clock().clone(),
        };
        Self {
            cache: TokenCache::new(login, config.clock().clone(), config.refresh_skew()),
            api_token,
        }
    }

    /// A valid JWT, logging in first if there is none or it expires within the refresh skew.
    pub async fn jwt(&self) -> Result<SecretString, AuthError> {
        self.cache.token().await
    }
}

/// The login: the generated `token_login` on a client whose only credential is the API token.
#[derive(Debug)]
struct TokenLogin {
    client: Client,
    /// Why the no-redirect HTTP client could not be built, if it could not.
    unavailable: Option<String>,
    /// Where logins go, to resolve a relative `Location` of a redirect.
    login_url: url::Url,
    account: String,
    api_token: SecretString,
    clock: Arc<dyn Clock>,
}

impl TokenLogin {
    async fn log_in(&self) -> Result<LoginSession, AuthError> {
        // A token that cannot be sent is reported as such, before anything is sent.
        bearer_header(&self.api_token, "API token")?;
        if let Some(problem) = &self.unavailable {
            return Err(AuthError::InvalidRequest {
                endpoint: ENDPOINT.name,
                problem: format!("the HTTP client for logins could not be built: {problem}"),
            });
        }
        let result = self
            .client
            .token_login()
            .account(&self.account)
            .send()
            .await;
        let received_at = self.clock.now();
        match result {
            Ok(response) => session(response.into_inner(), received_at),
            Err(error) => Err(self.failure(error)),
        }
    }

    /// What a failed TokenLogin means.
    fn failure(&self, error: lacework_edge_client::Error<ErrorBody>) -> AuthError {
        let refused = |rejection| AuthError::LoginRejected { rejection };
        let secrets = [self.api_token.expose_secret()];
        let request_id = error.request_id().map(str::to_owned);
        match error.into_kind() {
            ErrorKind::ErrorResponse(response) => {
                let status = response.status();
                let body = serde_json::to_vec(&*response).unwrap_or_default();
                ENDPOINT
                    .failure(status, &body, &secrets, request_id)
                    .into_error(refused)
            }
            ErrorKind::UnexpectedStatus {
                status, headers, ..
            } if status.is_redirection() => ENDPOINT.redirected(status, &headers, &self.login_url),
            ErrorKind::UnexpectedStatus {
                status, snippet, ..
            } => ENDPOINT
                .failure(status, snippet.as_bytes(), &secrets, request_id)
                .into_error(refused),
            ErrorKind::InvalidPayload(payload) if !payload.status().is_success() => ENDPOINT
                .failure(
                    payload.status(),
                    payload.snippet().as_bytes(),
                    &secrets,
                    request_id,
                )
                .into_error(refused),
            ErrorKind::InvalidPayload(payload) => ENDPOINT.invalid(
                payload.status(),
                match payload.path() {
                    Some(path) if !path.is_empty() && path != "." => {
                        format!("at {path}: {}", payload.problem())
                    }
                    _ => payload.problem().to_owned(),
                },
            ),
            ErrorKind::Transport(source)
            | ErrorKind::TimedOut { source, .. }
            | ErrorKind::ResponseBody { source, .. } => unreachable(source),
            ErrorKind::InvalidRequest(problem) => AuthError::InvalidRequest {
                endpoint: ENDPOINT.name,
                problem,
            },
            other => AuthError::InvalidRequest {
                endpoint: ENDPOINT.name,
                problem: lacework_edge_client::Error::new("token_login", other).to_string(),
            },
        }
    }
}

fn unreachable(source: reqwest::Error) -> AuthError {
    AuthError::Unreachable {
        endpoint: ENDPOINT.name,
        source,
    }
}

/// The session in a 2xx TokenLogin response.
fn session(
    response: LoginResponse,
    received_at: std::time::SystemTime,
) -> Result<LoginSession, AuthError> {
    let jwt = response
        .token
        .filter(|token| !token.expose().is_empty())
        .ok_or_else(|| ENDPOINT.invalid(StatusCode::OK, "the response has no token".to_owned()))?;
    Ok(LoginSession::from_login(
        SecretString::from(jwt.expose().to_owned()),
        response.ttl_sec,
        response.expire_time_sec,
        received_at,
    ))
}

impl TokenSource for TokenLogin {
    type Token = LoginSession;

    fn vendor(&self) -> &'static str {
        "lacework"
    }

    /// Nothing is kept between runs: the first request logs in.
    fn load(&self) -> BoxFuture<'_, Result<Option<LoginSession>, AuthError>> {
        Box::pin(async { Ok(None) })
    }

    fn renew<'a>(
        &'a self,
        _current: Option<&'a LoginSession>,
    ) -> BoxFuture<'a, Result<LoginSession, AuthError>> {
        Box::pin(self.log_in())
    }

    fn save<'a>(&'a self, _session: &'a LoginSession) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async { Ok(()) })
    }
}

impl Credentials for LaceworkAuth {
    fn bearer_token(
        &self,
        operation_id: &'static str,
    ) -> BoxFuture<'_, Result<SecretString, AuthError>> {
        if operation_id == TOKEN_LOGIN_OPERATION {
            return self.api_token.bearer_token(operation_id);
        }
        self.cache.bearer_token(operation_id)
    }

    fn renew_after_rejection<'a>(
        &'a self,
        operation_id: &'static str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<SecretString, AuthError>> {
        if operation_id == TOKEN_LOGIN_OPERATION {
            return self.api_token.renew_after_rejection(operation_id, rejected);
        }
        self.cache.renew_after_rejection(operation_id, rejected)
    }

    /// Masks the API token and the current and previous JWT.
    fn redact(&self, text: &mut String) {
        self.api_token.redact(text);
        self.cache.redact(text);
    }
}
