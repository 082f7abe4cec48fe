//! [`LaceworkConfig`]: everything needed to talk to the Lacework Edge API.

use secrecy::SecretString;
use url::Url;

use crate::core::config::{
    Config, ConfigBuilder, ConfigError, ConnectionVariables, EnvReader, Setting, Vendor,
    parse_base_url,
};

const API_TOKEN: Setting = Setting::new("api_token", "LACEWORK_EDGE_API_TOKEN");
const ACCOUNT: Setting = Setting::new("account", "LACEWORK_EDGE_ACCOUNT");
const HOST: Setting = Setting::new("host", "LACEWORK_EDGE_HOST");

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
///
/// Settings missing from the environment are named with their variable:
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
pub type LaceworkConfig = Config<LaceworkApi>;

/// Builds a [`LaceworkConfig`]; see there for an example. The setters shared with other
/// vendors (`retry`, `refresh_skew`, `connect_timeout`, `allow_insecure_http`, `clock`,
/// `merge_env_with`, `build`) are on [`ConfigBuilder`].
///
/// ```
/// use secops_sdk::config::LaceworkConfig;
///
/// let builder = LaceworkConfig::builder().api_token("t").account("a").host("http://127.0.0.1:9");
/// assert!(builder.clone().build().is_err());
/// assert!(builder.allow_insecure_http(true).build().is_ok());
/// ```
pub type LaceworkConfigBuilder = ConfigBuilder<LaceworkApi>;

/// The Lacework Edge API as a configuration [`Vendor`]: what [`LaceworkConfig`] holds beyond
/// the shared settings.
#[derive(Clone, Copy, Debug, Default)]
pub struct LaceworkApi;

/// Lacework Edge's settings while they are collected.
#[derive(Clone, Debug, Default)]
pub struct LaceworkDraft {
    api_token: Option<SecretString>,
    account: Option<String>,
    host: Option<String>,
}

/// Lacework Edge's checked settings. `Debug` never shows the API token.
#[derive(Clone, Debug)]
pub struct LaceworkSettings {
    api_token: SecretString,
    account: String,
    base_url: Url,
}

impl Vendor for LaceworkApi {
    type Draft = LaceworkDraft;
    type Settings = LaceworkSettings;
    const CONNECTION_VARIABLES: ConnectionVariables = ConnectionVariables {
        max_attempts: Setting::new("retry", "LACEWORK_EDGE_MAX_ATTEMPTS"),
        attempt_timeout: Setting::new("retry", "LACEWORK_EDGE_TIMEOUT_SECS"),
    };

    fn merge_env(draft: &mut LaceworkDraft, env: &EnvReader<'_>) -> Result<(), ConfigError> {
        if let Some(value) = env.optional(API_TOKEN) {
            draft.api_token = Some(SecretString::from(value));
        }
        if let Some(value) = env.optional(ACCOUNT) {
            draft.account = Some(value);
        }
        if let Some(value) = env.optional(HOST) {
            draft.host = Some(value);
        }
        Ok(())
    }

    fn build(
        draft: LaceworkDraft,
        allow_insecure_http: bool,
    ) -> Result<LaceworkSettings, ConfigError> {
        let api_token = draft.api_token.ok_or(ConfigError::Missing {
            setting: API_TOKEN,
            hint: "an API token created in the Lacework Edge admin console",
        })?;
        let account = draft.account.ok_or(ConfigError::Missing {
            setting: ACCOUNT,
            hint: "the account name the API token belongs to",
        })?;
        let host = draft.host.ok_or(ConfigError::Missing {
            setting: HOST,
            hint: "the API host name of your Lacework Edge region",
        })?;
        let raw = if host.contains("://") {
            host
        } else {
            format!("https://{host}")
        };
        let base_url = parse_base_url(HOST, &raw, allow_insecure_http)?;
        Ok(LaceworkSettings {
            api_token,
            account,
            base_url,
        })
    }
}

impl Config<LaceworkApi> {
    /// The API token exchanged for a JWT through TokenLogin.
    pub fn api_token(&self) -> &SecretString {
        &self.settings.api_token
    }

    /// The account name.
    pub fn account(&self) -> &str {
        &self.settings.account
    }

    /// The API base URL (`https://<host>`).
    pub fn base_url(&self) -> &Url {
        &self.settings.base_url
    }
}

impl ConfigBuilder<LaceworkApi> {
    /// Sets the API token (required).
    pub fn api_token(mut self, api_token: impl Into<String>) -> Self {
        self.draft.api_token = Some(SecretString::from(api_token.into()));
        self
    }

    /// Sets the account name (required).
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.draft.account = Some(account.into());
        self
    }

    /// Sets the API host: a host name (`acme.example.net`, https implied) or a base URL
    /// (required).
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.draft.host = Some(host.into());
        self
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
