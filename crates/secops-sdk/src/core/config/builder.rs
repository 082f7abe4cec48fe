//! [`Config`] and [`ConfigBuilder`]: the configuration machinery every vendor shares.
//!
//! A vendor describes its own settings with a [`Vendor`] implementation (what a builder
//! collects, what a built configuration holds, how each is read from the environment and
//! checked) and adds its setters and getters as inherent methods on `ConfigBuilder<ItsVendor>`
//! and `Config<ItsVendor>`. Everything the vendors share — retries, token renewal margin,
//! connect timeout, clock, plain-http opt-in, `from_env` — is written once, here.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::connection::{Connection, ConnectionBuilder, ConnectionVariables};
use super::env::{EnvReader, process_env};
use super::error::ConfigError;
use crate::core::clock::Clock;
use crate::core::retry::RetryConfig;

/// A vendor's own settings: what its [`ConfigBuilder`] collects and its [`Config`] holds.
pub trait Vendor: Sized + 'static {
    /// The vendor's settings while they are being collected (all optional).
    type Draft: Clone + Default + fmt::Debug + Send + Sync;
    /// The vendor's checked settings.
    type Settings: Clone + fmt::Debug + Send + Sync;
    /// The environment variables of the shared settings (`<VENDOR>_MAX_ATTEMPTS`, ...).
    const CONNECTION_VARIABLES: ConnectionVariables;

    /// Fills `draft` with every vendor setting present in `env`.
    fn merge_env(draft: &mut Self::Draft, env: &EnvReader<'_>) -> Result<(), ConfigError>;

    /// Checks `draft` and builds the settings; plain-http URLs only with `allow_insecure_http`.
    fn build(draft: Self::Draft, allow_insecure_http: bool) -> Result<Self::Settings, ConfigError>;
}

/// A checked configuration of vendor `V`: its own settings and the shared connection settings.
///
/// Used through its aliases, [`EgnyteConfig`](crate::egnyte::EgnyteConfig) and
/// [`LaceworkConfig`](crate::lacework::LaceworkConfig). `Debug` never shows a secret.
pub struct Config<V: Vendor> {
    pub(crate) settings: V::Settings,
    pub(crate) connection: Connection,
}

impl<V: Vendor> Clone for Config<V> {
    fn clone(&self) -> Self {
        Self {
            settings: self.settings.clone(),
            connection: self.connection.clone(),
        }
    }
}

impl<V: Vendor> fmt::Debug for Config<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("settings", &self.settings)
            .field("connection", &self.connection)
            .finish()
    }
}

impl<V: Vendor> Config<V> {
    /// An empty builder.
    pub fn builder() -> ConfigBuilder<V> {
        ConfigBuilder::default()
    }

    /// Reads the settings from the process environment (the vendor's configuration lists its
    /// variables).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_with(process_env)
    }

    /// Reads the settings through `lookup` (variable name to value) instead of the process
    /// environment.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Self::builder().merge_env_with(lookup)?.build()
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryConfig {
        &self.connection.retry
    }

    /// How long before expiry a token is renewed.
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

/// Builds a [`Config`] of vendor `V`: the vendor's setters plus the shared ones below.
pub struct ConfigBuilder<V: Vendor> {
    pub(crate) draft: V::Draft,
    connection: ConnectionBuilder,
    allow_insecure_http: bool,
}

impl<V: Vendor> Default for ConfigBuilder<V> {
    fn default() -> Self {
        Self {
            draft: V::Draft::default(),
            connection: ConnectionBuilder::default(),
            allow_insecure_http: false,
        }
    }
}

impl<V: Vendor> Clone for ConfigBuilder<V> {
    fn clone(&self) -> Self {
        Self {
            draft: self.draft.clone(),
            connection: self.connection.clone(),
            allow_insecure_http: self.allow_insecure_http,
        }
    }
}

impl<V: Vendor> fmt::Debug for ConfigBuilder<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("draft", &self.draft)
            .field("connection", &self.connection)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

impl<V: Vendor> ConfigBuilder<V> {
    /// Sets the retry policy (default: [`RetryConfig::default`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.connection.retry = Some(retry);
        self
    }

    /// Renews tokens this long before they expire (default 60 s).
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

    /// Allows plain-http base URLs. Only for tests against a local server: credentials and
    /// tokens then travel unencrypted.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Uses `clock` for token expiry and back-off (default [`SystemClock`](crate::core::clock::SystemClock)).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.connection.clock = Some(clock);
        self
    }

    /// Fills in every setting present in `lookup` (variable name to value); settings already
    /// given are overwritten by present variables.
    pub fn merge_env_with(
        mut self,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let env = EnvReader::new(&lookup);
        V::merge_env(&mut self.draft, &env)?;
        self.connection.merge_env(&env, &V::CONNECTION_VARIABLES)?;
        Ok(self)
    }

    /// Checks the settings and builds the configuration.
    ///
    /// Fails with [`ConfigError::Missing`] for a missing required setting and
    /// [`ConfigError::Invalid`] for a malformed one (for example a plain-http URL without
    /// [`allow_insecure_http`](Self::allow_insecure_http)).
    pub fn build(self) -> Result<Config<V>, ConfigError> {
        Ok(Config {
            settings: V::build(self.draft, self.allow_insecure_http)?,
            connection: self.connection.build(),
        })
    }
}
