//! The configuration error and the names of settings.

use std::fmt;

/// One configuration setting: the builder method that sets it and its environment variable.
///
/// ```
/// use secops_sdk::config::Setting;
///
/// let setting = Setting::new("client_id", "EGNYTE_PROTECT_CLIENT_ID");
/// assert_eq!(setting.to_string(), "`client_id` (environment variable EGNYTE_PROTECT_CLIENT_ID)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Setting {
    /// The builder method name, e.g. `client_id`.
    pub name: &'static str,
    /// The environment variable read by `from_env()`, e.g. `EGNYTE_PROTECT_CLIENT_ID`.
    pub env_var: &'static str,
}

impl Setting {
    /// A setting called `name` in builders and `env_var` in the environment.
    ///
    /// ```
    /// use secops_sdk::config::Setting;
    /// assert_eq!(Setting::new("host", "LACEWORK_EDGE_HOST").env_var, "LACEWORK_EDGE_HOST");
    /// ```
    pub const fn new(name: &'static str, env_var: &'static str) -> Self {
        Self { name, env_var }
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` (environment variable {})", self.name, self.env_var)
    }
}

/// A configuration that cannot be used. Never contains a secret value.
///
/// ```
/// use secops_sdk::config::{ConfigError, EgnyteConfig};
///
/// let error = EgnyteConfig::from_env_with(|_| None).unwrap_err();
/// assert!(matches!(error, ConfigError::Missing { .. }));
/// assert!(error.to_string().contains("EGNYTE_PROTECT_CLIENT_ID"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required setting was not given.
    #[error("missing setting {setting}: {hint}")]
    Missing {
        /// The setting that is missing.
        setting: Setting,
        /// What the setting should hold.
        hint: &'static str,
    },
    /// A setting has a value that cannot be used.
    #[error("invalid setting {setting}: {reason}")]
    Invalid {
        /// The setting that is wrong.
        setting: Setting,
        /// Why, and what would be accepted. Never echoes a secret.
        reason: String,
    },
    /// The HTTP client could not be built (for example the TLS backend failed to initialise).
    #[error("could not build the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
}
