//! [`LaceworkAuth`]: the JWT cache (single flight) over TokenLogin.

use std::sync::Arc;
use std::time::Duration;

use secops_transport::BoxFuture;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;

use super::LoginSession;
use super::token_login::{TOKEN_LOGIN_OPERATION, TokenLogin};
use crate::auth::{AuthError, Credentials};
use crate::clock::Clock;
use crate::config::LaceworkConfig;

/// Lacework Edge JWTs for every request: obtained through TokenLogin with the API token,
/// renewed shortly before expiry and once after a 401.
///
/// Concurrent requests that find the JWT expired wait for one login and share its result.
/// Requests for the `token_login` operation itself are authorized with the API token.
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
    login: TokenLogin,
    clock: Arc<dyn Clock>,
    refresh_skew: Duration,
    session: Mutex<Option<LoginSession>>,
}

impl LaceworkAuth {
    /// JWTs for `config` (base URL, account, API token, clock), logging in with `http`.
    pub fn new(config: &LaceworkConfig, http: reqwest::Client) -> Self {
        Self {
            login: TokenLogin {
                http,
                base_url: config.base_url().clone(),
                account: config.account().to_owned(),
                api_token: config.api_token().clone(),
                timeout: config.retry().attempt_timeout(),
            },
            clock: config.clock().clone(),
            refresh_skew: config.refresh_skew(),
            session: Mutex::new(None),
        }
    }

    /// A valid JWT, logging in first if there is none or it expires within the refresh skew.
    pub async fn jwt(&self) -> Result<SecretString, AuthError> {
        let mut session = self.session.lock().await;
        let fresh = session
            .as_ref()
            .is_some_and(|current| current.is_fresh(self.clock.now(), self.refresh_skew));
        if !fresh {
            *session = Some(self.log_in().await?);
        }
        current_jwt(&session)
    }

    /// Logs in again after the server refused `rejected`, unless another request already did.
    async fn renew_rejected(&self, rejected: &SecretString) -> Result<SecretString, AuthError> {
        let mut session = self.session.lock().await;
        let already_renewed = session.as_ref().is_some_and(|current| {
            current.jwt().expose_secret() != rejected.expose_secret()
                && current.is_fresh(self.clock.now(), self.refresh_skew)
        });
        if !already_renewed {
            *session = Some(self.log_in().await?);
        }
        current_jwt(&session)
    }

    async fn log_in(&self) -> Result<LoginSession, AuthError> {
        tracing::debug!(vendor = "lacework", "logging in with the API token");
        self.login
            .login(self.clock.as_ref())
            .await
            .inspect_err(|error| {
                tracing::warn!(vendor = "lacework", error = %error, "TokenLogin failed");
            })
    }
}

fn current_jwt(session: &Option<LoginSession>) -> Result<SecretString, AuthError> {
    session
        .as_ref()
        .map(|current| current.jwt().clone())
        .ok_or(AuthError::CannotRenew)
}

impl Credentials for LaceworkAuth {
    fn bearer_token(
        &self,
        operation_id: &'static str,
    ) -> BoxFuture<'_, Result<SecretString, AuthError>> {
        if operation_id == TOKEN_LOGIN_OPERATION {
            let api_token = self.login.api_token.clone();
            return Box::pin(async move { Ok(api_token) });
        }
        Box::pin(self.jwt())
    }

    fn renew_after_rejection<'a>(
        &'a self,
        operation_id: &'static str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<SecretString, AuthError>> {
        if operation_id == TOKEN_LOGIN_OPERATION {
            return Box::pin(async { Err(AuthError::CannotRenew) });
        }
        Box::pin(self.renew_rejected(rejected))
    }
}
