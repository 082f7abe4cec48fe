//! [`LaceworkAuth`]: Lacework Edge JWTs in the core's [`TokenCache`], obtained through the
//! generated `token_login` operation with the API token.

use std::sync::{Arc, Mutex};

use lacework_edge_client::types::{Error as ErrorBody, LoginResponse};
use lacework_edge_client::{Client, Hooks};
use reqwest::{Request, Response, StatusCode};
use secops_runtime::{BoxFuture, Transport};
use secrecy::SecretString;

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
/// let auth = LaceworkAuth::new(&LaceworkConfig::from_env()?, reqwest::Client::new());
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
        let transport = Arc::new(StatusRecorder {
            inner: SdkTransport::new(
                "lacework",
                Arc::new(api_token.clone()),
                config.retry().clone(),
                config.clock().clone(),
            ),
            last_status: Mutex::new(None),
        });
        let client = Client::new_with_client(
            config.base_url().as_str().trim_end_matches('/'),
            http,
            Hooks::with_transport(transport.clone()),
        );
        let login = TokenLogin {
            client,
            transport,
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
    transport: Arc<StatusRecorder>,
    account: String,
    api_token: SecretString,
    clock: Arc<dyn Clock>,
}

impl TokenLogin {
    async fn log_in(&self) -> Result<LoginSession, AuthError> {
        // A token that cannot be sent is reported as such, before anything is sent.
        bearer_header(&self.api_token, "API token")?;
        let result = self
            .client
            .token_login()
            .account(&self.account)
            .send()
            .await;
        let received_at = self.clock.now();
        match result {
            Ok(response) => session(response.into_inner(), received_at),
            Err(error) => Err(self.failure(error).await),
        }
    }

    /// What a failed TokenLogin means.
    async fn failure(&self, error: progenitor_client::Error<ErrorBody>) -> AuthError {
        use progenitor_client::Error as E;
        let refused = |rejection| AuthError::LoginRejected { rejection };
        match error {
            E::ErrorResponse(response) => {
                let status = response.status();
                let body = serde_json::to_vec(&*response).unwrap_or_default();
                ENDPOINT.failure(status, &body).into_error(refused)
            }
            E::UnexpectedResponse(response) => {
                let status = response.status();
                match response.bytes().await {
                    Ok(body) => ENDPOINT.failure(status, &body).into_error(refused),
                    Err(source) => unreachable(source),
                }
            }
            E::InvalidResponsePayload(body, cause) => match self.transport.last_status() {
                Some(status) if !status.is_success() => {
                    ENDPOINT.failure(status, &body).into_error(refused)
                }
                status => ENDPOINT.invalid(
                    status.unwrap_or(StatusCode::OK),
                    format!(
                        "{:?} error at line {}, column {}",
                        cause.classify(),
                        cause.line(),
                        cause.column()
                    ),
                ),
            },
            E::CommunicationError(source)
            | E::ResponseBodyError(source)
            | E::InvalidUpgrade(source) => unreachable(source),
            E::InvalidRequest(problem) | E::Custom(problem) => AuthError::InvalidRequest {
                endpoint: ENDPOINT.name,
                problem,
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
}

/// The login client's transport: the SDK's, remembering the status of the last response so a
/// refusal whose body is not JSON keeps its status. Logins are single flight (the token cache
/// holds its lock), so "last" is the login's own.
#[derive(Debug)]
struct StatusRecorder {
    inner: SdkTransport,
    last_status: Mutex<Option<StatusCode>>,
}

impl StatusRecorder {
    fn last_status(&self) -> Option<StatusCode> {
        *self
            .last_status
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

impl Transport for StatusRecorder {
    fn authorize<'a>(
        &'a self,
        request: &'a mut Request,
        operation_id: &'static str,
    ) -> BoxFuture<'a, Result<(), String>> {
        self.inner.authorize(request, operation_id)
    }

    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: Request,
        operation_id: &'static str,
    ) -> BoxFuture<'a, reqwest::Result<Response>> {
        Box::pin(async move {
            let result = self.inner.execute(client, request, operation_id).await;
            let status = result.as_ref().ok().map(Response::status);
            *self
                .last_status
                .lock()
                .unwrap_or_else(|poison| poison.into_inner()) = status;
            result
        })
    }
}
