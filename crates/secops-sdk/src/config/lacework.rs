//! [`LaceworkConfig`]: everything needed to talk to the Lacework Edge API.

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use super::base_url::parse_base_url;
use super::connection::{Connection, ConnectionBuilder, ConnectionVariables};
use super::env::{EnvReader, process_env};
use super::error::{ConfigError, Setting};
use crate::clock::Clock;
use crate::retry::RetryConfig;

const API_TOKEN: Setting = Setting::new("api_token", "LACEWORK_EDGE_API_TOKEN");
const ACCOUNT: Setting = Setting::new("account", "LACEWORK_EDGE_ACCOUNT");
const HOST: Setting = Setting::new("host", "LACEWORK_EDGE_HOST");
const CONNECTION: ConnectionVariables = ConnectionVariables {
    max_attempts: Setting::new("retry", "LACEWORK_EDGE_MAX_ATTEMPTS"),
    attempt_timeout: Setting::new("retry", "LACEWORK_EDGE_TIMEOUT_SECS"),
};

/// Settings for the Lacework Edge API: API token, account, host, retries.
///
/// Build it with [`LaceworkConfig::builder`] or read it with [`LaceworkConfig::from_env`]:
///
/// | variable | meaning |
/// |---|---|
/// | `LACEWORK_EDGE_API_TOKEN` | API token created in the admin console (required) |
/// | `LACEWORK_EDGE_ACCOUNT` | account name the token belongs to (required) |
/// | `LACEWORK_EDGE_HOST` | API host name, or an https base URL (required) |
/// | `LACEWORK_EDGE_MAX_ATTEMPTS` | attempts per request including retries (optional, default 3) |
/// | `LACEWORK_EDGE_TIMEOUT_SECS` | timeout of each attempt in seconds (optional, default 30) |
///
/// `Debug` never shows the API token.
///
/// ```
/// use secops_sdk::config::LaceworkConfig;
///
/// let config = LaceworkConfig::builder()
///     .api_token("tok-123")
///     .account("acme")
///     .host("acme.example.net")
///     .build()
///     .unwrap();
/// assert_eq!(config.base_url().as_str(), "https://acme.example.net/");
/// assert!(!format!("{config:?}").contains("tok-123"));
/// ```
#[derive(Clone, Debug)]
pub struct LaceworkConfig {
    api_token: SecretString,
    account: String,
    base_url: Url,
    connection: Connection,
}

impl LaceworkConfig {
    /// An empty builder.
    pub fn builder() -> LaceworkConfigBuilder {
        LaceworkConfigBuilder::default()
    }

    /// Reads the settings from the process environment (see the table above).
    ///
    /// ```no_run
    /// use secops_sdk::config::LaceworkConfig;
    /// let config = LaceworkConfig::from_env()?;
    /// # Ok::<(), secops_sdk::config::ConfigError>(())
    /// ```
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_with(process_env)
    }

    /// Reads the settings through `lookup` instead of the process environment.
    ///
    /// ```
    /// use secops_sdk::config::LaceworkConfig;
    ///
    /// let error = LaceworkConfig::from_env_with(|name| match name {
    ///     "LACEWORK_EDGE_API_TOKEN" => Some("tok".into()),
    ///     "LACEWORK_EDGE_HOST" => Some("acme.example.net".into()),
    ///     _ => None,
    /// })
    /// .unwrap_err();
    /// assert!(error.to_string().contains("LACEWORK_EDGE_ACCOUNT"));
    /// ```
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Self::builder().merge_env_with(lookup)?.build()
    }

    /// The API token exchanged for a JWT through TokenLogin.
    pub fn api_token(&self) -> &SecretString {
        &self.api_token
    }

    /// The account name.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The API base URL (`https://<host>`).
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryConfig {
        &self.connection.retry
    }

    /// How long before expiry the JWT is renewed.
    pub fn refresh_skew(&self) -> Duration {
        self.connection.refresh_skew
    }

    /// The connect timeout of the HTTP client.
    pub fn connect_timeout(&self) -> Duration {
        self.connection.connect_timeout
    }

    /// The clock used for expiry and back-off.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.connection.clock
    }

    /// A `reqwest::Client` with the SDK's user agent and this configuration's connect timeout.
    ///
    /// Fails only if the TLS backend cannot be initialised.
    pub fn build_http_client(&self) -> Result<reqwest::Client, ConfigError> {
        self.connection.build_http_client()
    }
}

/// Builds a [`LaceworkConfig`]; see there for an example.
#[derive(Clone, Debug, Default)]
pub struct LaceworkConfigBuilder {
    api_token: Option<SecretString>,
    account: Option<String>,
    host: Option<String>,
    connection: ConnectionBuilder,
    allow_insecure_http: bool,
}

impl LaceworkConfigBuilder {
    /// Sets the API token (required).
    pub fn api_token(mut self, api_token: impl Into<String>) -> Self {
        self.api_token = Some(SecretString::from(api_token.into()));
        self
    }

    /// Sets the account name (required).
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.account = Some(account.into());
        self
    }

    /// Sets the API host: a host name (`acme.example.net`, https implied) or a base URL
    /// (required).
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// Sets the retry policy (default: [`RetryConfig::default`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.connection.retry = Some(retry);
        self
    }

    /// Renews the JWT this long before it expires (default 60 s).
    /// Keep it well below the token lifetime: a token that lives less than the skew is
    /// renewed before every request.
    pub fn refresh_skew(mut self, skew: Duration) -> Self {
        self.connection.refresh_skew = Some(skew);
        self
    }

    /// Sets the connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connection.connect_timeout = Some(timeout);
        self
    }

    /// Allows a plain-http base URL. Only for tests against a local server.
    ///
    /// ```
    /// use secops_sdk::config::LaceworkConfig;
    ///
    /// let builder = LaceworkConfig::builder().api_token("t").account("a").host("http://127.0.0.1:9");
    /// assert!(builder.clone().build().is_err());
    /// assert!(builder.allow_insecure_http(true).build().is_ok());
    /// ```
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Uses `clock` for token expiry and back-off (default [`SystemClock`](crate::clock::SystemClock)).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.connection.clock = Some(clock);
        self
    }

    /// Fills in every setting present in `lookup` (see [`LaceworkConfig`] for the variables).
    ///
    /// ```
    /// use secops_sdk::config::LaceworkConfig;
    /// let builder = LaceworkConfig::builder()
    ///     .merge_env_with(|name| (name == "LACEWORK_EDGE_ACCOUNT").then(|| "acme".to_string()))
    ///     .unwrap();
    /// ```
    pub fn merge_env_with(
        mut self,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let env = EnvReader::new(lookup);
        if let Some(value) = env.optional(API_TOKEN) {
            self.api_token = Some(SecretString::from(value));
        }
        if let Some(value) = env.optional(ACCOUNT) {
            self.account = Some(value);
        }
        if let Some(value) = env.optional(HOST) {
            self.host = Some(value);
        }
        self.connection.merge_env(&env, &CONNECTION)?;
        Ok(self)
    }

    /// Checks the settings and builds the configuration.
    pub fn build(self) -> Result<LaceworkConfig, ConfigError> {
        let api_token = self.api_token.ok_or(ConfigError::Missing {
            setting: API_TOKEN,
            hint: "an API token created in the Lacework Edge admin console",
        })?;
        let account = self.account.ok_or(ConfigError::Missing {
            setting: ACCOUNT,
            hint: "the account name the API token belongs to",
        })?;
        let host = self.host.ok_or(ConfigError::Missing {
            setting: HOST,
            hint: "the API host name of your Lacework Edge region",
        })?;
        let raw = if host.contains("://") {
            host
        } else {
            format!("https://{host}")
        };
        let base_url = parse_base_url(HOST, &raw, self.allow_insecure_http)?;
        Ok(LaceworkConfig {
            api_token,
            account,
            base_url,
            connection: self.connection.build(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_forms() {
        let build = |host: &str| {
            LaceworkConfig::builder()
                .api_token("t")
                .account("a")
                .host(host)
                .build()
        };
        assert_eq!(
            build("h.example").unwrap().base_url().as_str(),
            "https://h.example/"
        );
        assert_eq!(
            build("https://h.example/").unwrap().base_url().as_str(),
            "https://h.example/"
        );
        let error = build("http://h.example").unwrap_err();
        assert!(error.to_string().contains("LACEWORK_EDGE_HOST"), "{error}");
        let error = build("h.example/with space?").unwrap_err();
        assert!(error.to_string().contains("LACEWORK_EDGE_HOST"), "{error}");
    }

    #[test]
    fn missing_token_is_named_and_debug_hides_it() {
        let error = LaceworkConfig::from_env_with(|_| None).unwrap_err();
        assert!(error.to_string().contains("LACEWORK_EDGE_API_TOKEN"));
        let config = LaceworkConfig::from_env_with(|name| match name {
            "LACEWORK_EDGE_API_TOKEN" => Some("tok-very-secret".into()),
            "LACEWORK_EDGE_ACCOUNT" => Some("acme".into()),
            "LACEWORK_EDGE_HOST" => Some("acme.example.net".into()),
            _ => None,
        })
        .unwrap();
        assert!(!format!("{config:?}").contains("tok-very-secret"));
    }
}
