//! [`Connection`]: the settings both vendors' configurations share (retries, token renewal
//! margin, connect timeout, clock), with their defaults and their environment variables.

use std::sync::Arc;
use std::time::Duration;

use super::env::EnvReader;
use super::error::{ConfigError, Setting};
use super::http::{build_http_client, build_token_http_client};
use crate::core::clock::{Clock, SystemClock};
use crate::core::retry::RetryConfig;

/// Default time before expiry at which a token is renewed.
const DEFAULT_REFRESH_SKEW: Duration = Duration::from_secs(60);
/// Default TCP/TLS connect timeout.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The shared settings of a built configuration.
#[derive(Clone, Debug)]
pub(crate) struct Connection {
    pub(crate) retry: RetryConfig,
    pub(crate) refresh_skew: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) clock: Arc<dyn Clock>,
}

impl Connection {
    /// A `reqwest::Client` with the SDK's user agent and this connect timeout.
    pub(crate) fn build_http_client(&self) -> Result<reqwest::Client, ConfigError> {
        build_http_client(self.connect_timeout)
    }

    /// A `reqwest::Client` for token requests: the same settings, following no redirect.
    pub(crate) fn build_token_http_client(&self) -> Result<reqwest::Client, ConfigError> {
        build_token_http_client(self.connect_timeout)
    }
}

/// The shared settings while a configuration is being built; unset ones take the defaults.
#[derive(Clone, Debug, Default)]
pub(crate) struct ConnectionBuilder {
    pub(crate) retry: Option<RetryConfig>,
    pub(crate) refresh_skew: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) clock: Option<Arc<dyn Clock>>,
}

/// The environment variables of the shared settings, per vendor.
pub struct ConnectionVariables {
    /// Attempts per request, including retries.
    pub max_attempts: Setting,
    /// Timeout of each attempt, in seconds.
    pub attempt_timeout: Setting,
}

impl ConnectionBuilder {
    /// Applies the variables of `variables` that `env` has.
    pub(crate) fn merge_env(
        &mut self,
        env: &EnvReader<'_>,
        variables: &ConnectionVariables,
    ) -> Result<(), ConfigError> {
        let mut retry = self.retry.take().unwrap_or_default();
        if let Some(attempts) = env.positive_count(variables.max_attempts)? {
            retry = retry.with_max_attempts(attempts);
        }
        if let Some(timeout) = env.seconds(variables.attempt_timeout)? {
            retry = retry.with_attempt_timeout(Some(timeout));
        }
        self.retry = Some(retry);
        Ok(())
    }

    /// The settings, with defaults for what was not set.
    pub(crate) fn build(self) -> Connection {
        Connection {
            retry: self.retry.unwrap_or_default(),
            refresh_skew: self.refresh_skew.unwrap_or(DEFAULT_REFRESH_SKEW),
            connect_timeout: self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_environment() {
        let variables = ConnectionVariables {
            max_attempts: Setting::new("retry", "X_MAX_ATTEMPTS"),
            attempt_timeout: Setting::new("retry", "X_TIMEOUT_SECS"),
        };
        let lookup = |name: &str| (name == "X_MAX_ATTEMPTS").then(|| "7".to_owned());
        let env = EnvReader::new(&lookup);
        let mut builder = ConnectionBuilder::default();
        builder.merge_env(&env, &variables).unwrap();
        let connection = builder.build();
        assert_eq!(connection.retry.max_attempts(), 7);
        assert_eq!(connection.refresh_skew, DEFAULT_REFRESH_SKEW);
        assert_eq!(connection.connect_timeout, DEFAULT_CONNECT_TIMEOUT);

        let lookup = |name: &str| (name == "X_TIMEOUT_SECS").then(|| "soon".to_owned());
        let env = EnvReader::new(&lookup);
        let error = ConnectionBuilder::default()
            .merge_env(&env, &variables)
            .unwrap_err();
        assert!(error.to_string().contains("X_TIMEOUT_SECS"), "{error}");
    }
}
