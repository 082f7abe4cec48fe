//! [`EgnyteConfig`]: everything needed to talk to Egnyte Secure and Govern.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use super::base_url::check_base_url;
use super::connection::{Connection, ConnectionBuilder, ConnectionVariables};
use super::env::{EnvReader, process_env};
use super::error::{ConfigError, Setting};
use crate::auth::egnyte::Region;
use crate::auth::{FileTokenStore, MemoryTokenStore, TokenStore};
use crate::clock::Clock;
use crate::retry::RetryConfig;

const CLIENT_ID: Setting = Setting::new("client_id", "EGNYTE_PROTECT_CLIENT_ID");
const CLIENT_SECRET: Setting = Setting::new("client_secret", "EGNYTE_PROTECT_CLIENT_SECRET");
const REDIRECT_URI: Setting = Setting::new("redirect_uri", "EGNYTE_PROTECT_REDIRECT_URI");
const REGION: Setting = Setting::new("region", "EGNYTE_PROTECT_REGION");
const TOKEN_FILE: Setting = Setting::new("token_file", "EGNYTE_PROTECT_TOKEN_FILE");
const CONNECTION: ConnectionVariables = ConnectionVariables {
    max_attempts: Setting::new("retry", "EGNYTE_PROTECT_MAX_ATTEMPTS"),
    attempt_timeout: Setting::new("retry", "EGNYTE_PROTECT_TIMEOUT_SECS"),
};

/// Settings for Egnyte Secure and Govern: OAuth client, region, token store, retries.
///
/// Build it with [`EgnyteConfig::builder`] or read it with [`EgnyteConfig::from_env`]:
///
/// | variable | meaning |
/// |---|---|
/// | `EGNYTE_PROTECT_CLIENT_ID` | OAuth client id (required) |
/// | `EGNYTE_PROTECT_CLIENT_SECRET` | OAuth client secret (required) |
/// | `EGNYTE_PROTECT_REDIRECT_URI` | redirect URI registered for the client (required) |
/// | `EGNYTE_PROTECT_REGION` | `usc1`, `euw1` or an https base URL (required) |
/// | `EGNYTE_PROTECT_TOKEN_FILE` | file that keeps tokens between runs (optional; memory otherwise) |
/// | `EGNYTE_PROTECT_MAX_ATTEMPTS` | attempts per request including retries (optional, default 3) |
/// | `EGNYTE_PROTECT_TIMEOUT_SECS` | timeout of each attempt in seconds (optional, default 30) |
///
/// `Debug` never shows the client secret.
///
/// ```
/// use secops_sdk::auth::egnyte::Region;
/// use secops_sdk::config::EgnyteConfig;
///
/// let config = EgnyteConfig::builder()
///     .region(Region::Euw1)
///     .client_id("my-client")
///     .client_secret("s3cr3t")
///     .redirect_uri("https://app.example/callback")
///     .build()
///     .unwrap();
/// assert_eq!(config.region(), &Region::Euw1);
/// assert!(!format!("{config:?}").contains("s3cr3t"));
/// ```
#[derive(Clone, Debug)]
pub struct EgnyteConfig {
    region: Region,
    client_id: String,
    client_secret: SecretString,
    redirect_uri: String,
    token_store: Arc<dyn TokenStore>,
    connection: Connection,
}

impl EgnyteConfig {
    /// An empty builder.
    pub fn builder() -> EgnyteConfigBuilder {
        EgnyteConfigBuilder::default()
    }

    /// Reads the settings from the process environment (see the table above).
    ///
    /// ```no_run
    /// use secops_sdk::config::EgnyteConfig;
    /// let config = EgnyteConfig::from_env()?;
    /// # Ok::<(), secops_sdk::config::ConfigError>(())
    /// ```
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_with(process_env)
    }

    /// Reads the settings through `lookup` (variable name to value) instead of the process
    /// environment.
    ///
    /// ```
    /// use secops_sdk::config::EgnyteConfig;
    /// use std::collections::HashMap;
    ///
    /// let vars = HashMap::from([
    ///     ("EGNYTE_PROTECT_CLIENT_ID", "my-client"),
    ///     ("EGNYTE_PROTECT_CLIENT_SECRET", "s3cr3t"),
    ///     ("EGNYTE_PROTECT_REDIRECT_URI", "https://app.example/callback"),
    ///     ("EGNYTE_PROTECT_REGION", "usc1"),
    ///     ("EGNYTE_PROTECT_MAX_ATTEMPTS", "5"),
    /// ]);
    /// let config = EgnyteConfig::from_env_with(|name| vars.get(name).map(|v| v.to_string())).unwrap();
    /// assert_eq!(config.client_id(), "my-client");
    /// assert_eq!(config.retry().max_attempts(), 5);
    /// ```
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Self::builder().merge_env_with(lookup)?.build()
    }

    /// The environment.
    pub fn region(&self) -> &Region {
        &self.region
    }

    /// The OAuth client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The OAuth client secret.
    pub fn client_secret(&self) -> &SecretString {
        &self.client_secret
    }

    /// The redirect URI registered for the client.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Where tokens are kept.
    pub fn token_store(&self) -> &Arc<dyn TokenStore> {
        &self.token_store
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryConfig {
        &self.connection.retry
    }

    /// How long before expiry the access token is refreshed.
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

/// Builds an [`EgnyteConfig`]; see there for an example.
#[derive(Clone, Debug, Default)]
pub struct EgnyteConfigBuilder {
    region: Option<Region>,
    client_id: Option<String>,
    client_secret: Option<SecretString>,
    redirect_uri: Option<String>,
    token_file: Option<PathBuf>,
    token_store: Option<Arc<dyn TokenStore>>,
    connection: ConnectionBuilder,
    allow_insecure_http: bool,
}

impl EgnyteConfigBuilder {
    /// Sets the environment (required).
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }

    /// Sets the OAuth client id (required).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// Sets the OAuth client secret (required).
    pub fn client_secret(mut self, client_secret: impl Into<String>) -> Self {
        self.client_secret = Some(SecretString::from(client_secret.into()));
        self
    }

    /// Sets the redirect URI registered for the client (required).
    pub fn redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(redirect_uri.into());
        self
    }

    /// Keeps tokens in a [`FileTokenStore`] at `path` (ignored if [`token_store`] is set).
    ///
    /// [`token_store`]: EgnyteConfigBuilder::token_store
    pub fn token_file(mut self, path: impl AsRef<Path>) -> Self {
        self.token_file = Some(path.as_ref().to_owned());
        self
    }

    /// Keeps tokens in `store`. Without this or a token file, tokens live in memory only.
    ///
    /// ```
    /// use secops_sdk::auth::MemoryTokenStore;
    /// use secops_sdk::config::EgnyteConfig;
    /// use std::sync::Arc;
    ///
    /// let builder = EgnyteConfig::builder().token_store(Arc::new(MemoryTokenStore::default()));
    /// ```
    pub fn token_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.token_store = Some(store);
        self
    }

    /// Sets the retry policy (default: [`RetryConfig::default`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.connection.retry = Some(retry);
        self
    }

    /// Refreshes the access token this long before it expires (default 60 s).
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

    /// Allows a plain-http custom region URL. Only for tests against a local server:
    /// credentials and tokens then travel unencrypted.
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::Region;
    /// use secops_sdk::config::EgnyteConfig;
    ///
    /// let builder = EgnyteConfig::builder()
    ///     .region(Region::Custom("http://127.0.0.1:8080".parse().unwrap()))
    ///     .client_id("c")
    ///     .client_secret("s")
    ///     .redirect_uri("http://localhost/cb");
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

    /// Fills in every setting present in `lookup` (see [`EgnyteConfig`] for the variables);
    /// settings already given are overwritten by present variables.
    ///
    /// ```
    /// use secops_sdk::config::EgnyteConfig;
    ///
    /// let builder = EgnyteConfig::builder()
    ///     .merge_env_with(|name| (name == "EGNYTE_PROTECT_REGION").then(|| "euw1".to_string()))
    ///     .unwrap();
    /// ```
    pub fn merge_env_with(
        mut self,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let env = EnvReader::new(lookup);
        if let Some(value) = env.optional(CLIENT_ID) {
            self.client_id = Some(value);
        }
        if let Some(value) = env.optional(CLIENT_SECRET) {
            self.client_secret = Some(SecretString::from(value));
        }
        if let Some(value) = env.optional(REDIRECT_URI) {
            self.redirect_uri = Some(value);
        }
        if let Some(value) = env.optional(REGION) {
            let region = value
                .parse::<Region>()
                .map_err(|error| ConfigError::Invalid {
                    setting: REGION,
                    reason: error.to_string(),
                })?;
            self.region = Some(region);
        }
        if let Some(value) = env.optional(TOKEN_FILE) {
            self.token_file = Some(PathBuf::from(value));
        }
        self.connection.merge_env(&env, &CONNECTION)?;
        Ok(self)
    }

    /// Checks the settings and builds the configuration.
    ///
    /// Fails with [`ConfigError::Missing`] for a missing required setting and
    /// [`ConfigError::Invalid`] for a malformed one (for example a plain-http region URL
    /// without [`allow_insecure_http`](Self::allow_insecure_http)).
    pub fn build(self) -> Result<EgnyteConfig, ConfigError> {
        let client_id = self.client_id.ok_or(ConfigError::Missing {
            setting: CLIENT_ID,
            hint: "the OAuth client id Egnyte issued for your application",
        })?;
        let client_secret = self.client_secret.ok_or(ConfigError::Missing {
            setting: CLIENT_SECRET,
            hint: "the OAuth client secret Egnyte issued for your application",
        })?;
        let redirect_uri = self.redirect_uri.ok_or(ConfigError::Missing {
            setting: REDIRECT_URI,
            hint: "the redirect URI registered for your application",
        })?;
        let region = match self.region {
            None => {
                return Err(ConfigError::Missing {
                    setting: REGION,
                    hint: "usc1, euw1, or an https base URL",
                });
            }
            Some(Region::Custom(url)) => {
                Region::Custom(check_base_url(REGION, url, self.allow_insecure_http)?)
            }
            Some(known) => known,
        };
        if let Err(error) = Url::parse(&redirect_uri) {
            return Err(ConfigError::Invalid {
                setting: REDIRECT_URI,
                reason: format!("not an absolute URL ({error})"),
            });
        }
        let token_store = match (self.token_store, self.token_file) {
            (Some(store), _) => store,
            (None, Some(path)) => Arc::new(FileTokenStore::new(path)) as Arc<dyn TokenStore>,
            (None, None) => Arc::new(MemoryTokenStore::default()),
        };
        Ok(EgnyteConfig {
            region,
            client_id,
            client_secret,
            redirect_uri,
            token_store,
            connection: self.connection.build(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<&str, &str> = pairs.iter().copied().collect();
        move |name| map.get(name).map(|value| value.to_string())
    }

    const COMPLETE: [(&str, &str); 4] = [
        ("EGNYTE_PROTECT_CLIENT_ID", "id"),
        ("EGNYTE_PROTECT_CLIENT_SECRET", "very-secret"),
        ("EGNYTE_PROTECT_REDIRECT_URI", "https://app.example/cb"),
        ("EGNYTE_PROTECT_REGION", "usc1"),
    ];

    #[test]
    fn each_missing_variable_is_named() {
        for (skipped, _) in COMPLETE {
            let pairs: Vec<_> = COMPLETE
                .iter()
                .copied()
                .filter(|(name, _)| *name != skipped)
                .collect();
            let error = EgnyteConfig::from_env_with(env(&pairs)).unwrap_err();
            assert!(matches!(error, ConfigError::Missing { .. }), "{error}");
            assert!(error.to_string().contains(skipped), "{error}");
        }
    }

    #[test]
    fn malformed_values_are_named() {
        let cases = [
            ("EGNYTE_PROTECT_REGION", "mars1"),
            ("EGNYTE_PROTECT_REGION", "http://127.0.0.1:1"),
            ("EGNYTE_PROTECT_REDIRECT_URI", "not a uri"),
            ("EGNYTE_PROTECT_MAX_ATTEMPTS", "0"),
            ("EGNYTE_PROTECT_TIMEOUT_SECS", "soon"),
        ];
        for (name, value) in cases {
            let mut pairs = COMPLETE.to_vec();
            pairs.retain(|(existing, _)| *existing != name);
            pairs.push((name, value));
            let error = EgnyteConfig::from_env_with(env(&pairs)).unwrap_err();
            assert!(matches!(error, ConfigError::Invalid { .. }), "{error}");
            assert!(error.to_string().contains(name), "{error}");
            assert!(!error.to_string().contains("very-secret"));
        }
    }

    #[test]
    fn complete_environment_builds() {
        let config = EgnyteConfig::from_env_with(env(&COMPLETE)).unwrap();
        assert_eq!(config.region(), &Region::Usc1);
        assert_eq!(config.refresh_skew(), Duration::from_secs(60));
        assert!(!format!("{config:?}").contains("very-secret"));
    }
}
