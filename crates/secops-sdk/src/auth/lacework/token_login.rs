//! The one call to TokenLogin. Everything about its HTTP shape lives here.

use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use secrecy::SecretString;
use url::Url;

use super::session::{LoginSession, TokenLoginResponse};
use crate::auth::credentials::bearer_header;
use crate::auth::{AuthError, Rejection};
use crate::clock::Clock;
use crate::config::join_path;

/// The operation id of TokenLogin in `openapi/lacework-edge.json`. Requests with this
/// operation id are authorized with the API token instead of the JWT.
///
/// ```
/// assert_eq!(secops_sdk::auth::lacework::TOKEN_LOGIN_OPERATION, "token_login");
/// ```
pub const TOKEN_LOGIN_OPERATION: &str = "token_login";

/// TokenLogin's path below the base URL.
const TOKEN_LOGIN_PATH: &str = "/api/v1/token-login";

const ENDPOINT: &str = "Lacework Edge TokenLogin endpoint";

/// Where and how to call TokenLogin.
#[derive(Clone, Debug)]
pub(crate) struct TokenLogin {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    pub(crate) account: String,
    pub(crate) api_token: SecretString,
    pub(crate) timeout: Option<Duration>,
}

impl TokenLogin {
    /// Logs in with the API token and returns the JWT session.
    pub(crate) async fn login(&self, clock: &dyn Clock) -> Result<LoginSession, AuthError> {
        let mut url = join_path(&self.base_url, TOKEN_LOGIN_PATH);
        url.query_pairs_mut().append_pair("account", &self.account);
        let mut request = self
            .http
            .get(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(AUTHORIZATION, bearer_header(&self.api_token, "API token")?);
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        let unreachable = |source| AuthError::Unreachable {
            endpoint: ENDPOINT,
            source,
        };
        let response = request.send().await.map_err(unreachable)?;
        let status = response.status();
        let body = response.bytes().await.map_err(unreachable)?;
        if !status.is_success() {
            let rejection = Rejection::from_body(status.as_u16(), &String::from_utf8_lossy(&body));
            return Err(match status.as_u16() {
                400 | 401 | 403 | 404 => AuthError::LoginRejected { rejection },
                _ => AuthError::EndpointFailed {
                    endpoint: ENDPOINT,
                    rejection,
                },
            });
        }
        let parsed: TokenLoginResponse =
            serde_json::from_slice(&body).map_err(|error| AuthError::InvalidTokenResponse {
                endpoint: ENDPOINT,
                status: status.as_u16(),
                problem: format!(
                    "{:?} error at line {}, column {}",
                    error.classify(),
                    error.line(),
                    error.column()
                ),
            })?;
        Ok(parsed.into_session(clock.now()))
    }
}
