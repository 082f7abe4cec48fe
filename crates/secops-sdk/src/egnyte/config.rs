//! [`EgnyteConfig`]: everything needed to talk to Egnyte Secure and Govern.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use secrecy::SecretString;
use url::Url;

use super::{FileTokenStore, MemoryTokenStore, Region, TokenStore};
use crate::core::config::{
    Config, ConfigBuilder, ConfigError, ConnectionVariables, EnvReader, Setting, Vendor,
    check_base_url,
};

const CLIENT_ID: Setting = Setting::new("client_id", "EGNYTE_PROTECT_CLIENT_ID");
const CLIENT_SECRET: Setting = Setting::new("client_secret", "EGNYTE_PROTECT_CLIENT_SECRET");
const REDIRECT_URI: Setting = Setting::new("redirect_uri", "EGNYTE_PROTECT_REDIRECT_URI");
const REGION: Setting = Setting::new("region", "EGNYTE_PROTECT_REGION");
const TOKEN_FILE: Setting = Setting::new("token_file", "EGNYTE_PROTECT_TOKEN_FILE");

/// Settings for Egnyte Secure and Govern: OAuth client, region, token store, retries.
///
/// Build it with [`EgnyteConfig::builder`] or read it with [`EgnyteConfig::from_env`]:
///
/// | variable | meaning |
/// |---|---|
/// | `EGNYTE_PROTECT_CLIENT_ID` | OAuth client id (required) |
/// | `EGNYTE_PROTECT_CLIENT_SECRET` | OAuth client secret (required) |
/// | `EGNYTE_PROTECT_REDIRECT_URI` | redirect URI registered for the client (optional: without it, no-redirect mode) |
/// | `EGNYTE_PROTECT_REGION` | `usc1`, `euw1` or an https base URL (required) |
/// | `EGNYTE_PROTECT_TOKEN_FILE` | file that keeps tokens between runs (optional; memory otherwise) |
/// | `EGNYTE_PROTECT_MAX_ATTEMPTS` | attempts per request including retries (optional, default 3) |
/// | `EGNYTE_PROTECT_TIMEOUT_SECS` | timeout of each attempt in seconds (optional, default 30) |
///
/// **Redirect URI or no-redirect mode.** With a redirect URI, sign-in is the usual OAuth2
/// code flow: Egnyte sends the browser back to that URI with the code, and the URI goes with
/// every token request (`redirect_uri=...`). Use it for web applications, or a program that
/// listens on a registered URL. Without one, the SDK signs in as Egnyte's own Splunk add-on
/// does: the authorize URL and the token requests carry `no_redirect=true` and no
/// `redirect_uri`, and the user copies the code from Egnyte's page into your program. Use it
/// for headless and command-line programs; see [`AuthorizeUrl`](super::AuthorizeUrl).
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
/// assert_eq!(config.redirect_uri(), Some("https://app.example/callback"));
/// assert!(!format!("{config:?}").contains("s3cr3t"));
///
/// // No redirect URI: no-redirect mode, for a command-line program.
/// let headless = EgnyteConfig::builder()
///     .region(Region::Usc1)
///     .client_id("my-client")
///     .client_secret("s3cr3t")
///     .build()
///     .unwrap();
/// assert_eq!(headless.redirect_uri(), None);
/// ```
///
/// From any lookup function instead of the process environment:
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
pub type EgnyteConfig = Config<EgnyteApi>;

/// Builds an [`EgnyteConfig`]; see there for an example. The setters shared with other vendors
/// (`retry`, `refresh_skew`, `connect_timeout`, `allow_insecure_http`, `clock`,
/// `merge_env_with`, `build`) are on [`ConfigBuilder`].
pub type EgnyteConfigBuilder = ConfigBuilder<EgnyteApi>;

/// The Egnyte Secure and Govern API as a configuration [`Vendor`]: what [`EgnyteConfig`]
/// holds beyond the shared settings.
#[derive(Clone, Copy, Debug, Default)]
pub struct EgnyteApi;

/// Egnyte's settings while they are collected.
#[derive(Clone, Debug, Default)]
pub struct EgnyteDraft {
    region: Option<Region>,
    client_id: Option<String>,
    client_secret: Option<SecretString>,
    redirect_uri: Option<String>,
    token_file: Option<PathBuf>,
    token_store: Option<Arc<dyn TokenStore>>,
}

/// Egnyte's checked settings. `Debug` never shows the client secret.
#[derive(Clone, Debug)]
pub struct EgnyteSettings {
    region: Region,
    client_id: String,
    client_secret: SecretString,
    redirect_uri: Option<String>,
    token_store: Arc<dyn TokenStore>,
}

impl Vendor for EgnyteApi {
    type Draft = EgnyteDraft;
    type Settings = EgnyteSettings;
    const CONNECTION_VARIABLES: ConnectionVariables = ConnectionVariables {
        max_attempts: Setting::new("retry", "EGNYTE_PROTECT_MAX_ATTEMPTS"),
        attempt_timeout: Setting::new("retry", "EGNYTE_PROTECT_TIMEOUT_SECS"),
    };

    fn merge_env(draft: &mut EgnyteDraft, env: &EnvReader<'_>) -> Result<(), ConfigError> {
        if let Some(value) = env.optional(CLIENT_ID) {
            draft.client_id = Some(value);
        }
        if let Some(value) = env.optional(CLIENT_SECRET) {
            draft.client_secret = Some(SecretString::from(value));
        }
        if let Some(value) = env.optional(REDIRECT_URI) {
            draft.redirect_uri = Some(value);
        }
        if let Some(value) = env.optional(REGION) {
            let region = value
                .parse::<Region>()
                .map_err(|error| ConfigError::Invalid {
                    setting: REGION,
                    reason: error.to_string(),
                })?;
            draft.region = Some(region);
        }
        if let Some(value) = env.optional(TOKEN_FILE) {
            draft.token_file = Some(PathBuf::from(value));
        }
        Ok(())
    }

    fn build(draft: EgnyteDraft, allow_insecure_http: bool) -> Result<EgnyteSettings, ConfigError> {
        let client_id = draft.client_id.ok_or(ConfigError::Missing {
            setting: CLIENT_ID,
            hint: "the OAuth client id Egnyte issued for your application",
        })?;
        let client_secret = draft.client_secret.ok_or(ConfigError::Missing {
            setting: CLIENT_SECRET,
            hint: "the OAuth client secret Egnyte issued for your application",
        })?;
        let region = match draft.region {
            None => {
                return Err(ConfigError::Missing {
                    setting: REGION,
                    hint: "usc1, euw1, or an https base URL",
                });
            }
            Some(Region::Custom(url)) => {
                Region::Custom(check_base_url(REGION, url, allow_insecure_http)?)
            }
            Some(known) => known,
        };
        let redirect_uri = draft.redirect_uri.filter(|uri| !uri.trim().is_empty());
        if let Some(Err(error)) = redirect_uri.as_deref().map(Url::parse) {
            return Err(ConfigError::Invalid {
                setting: REDIRECT_URI,
                reason: format!("not an absolute URL ({error})"),
            });
        }
        let token_store = match (draft.token_store, draft.token_file) {
            (Some(store), _) => store,
            (None, Some(path)) => Arc::new(FileTokenStore::new(path)) as Arc<dyn TokenStore>,
            (None, None) => Arc::new(MemoryTokenStore::default()),
        };
        Ok(EgnyteSettings {
            region,
            client_id,
            client_secret,
            redirect_uri,
            token_store,
        })
    }
}

impl Config<EgnyteApi> {
    /// The environment.
    pub fn region(&self) -> &Region {
        &self.settings.region
    }

    /// The OAuth client id.
    pub fn client_id(&self) -> &str {
        &self.settings.client_id
    }

    /// The OAuth client secret.
    pub fn client_secret(&self) -> &SecretString {
        &self.settings.client_secret
    }

    /// The redirect URI registered for the client; `None` in no-redirect mode (see
    /// [`EgnyteConfig`]).
    pub fn redirect_uri(&self) -> Option<&str> {
        self.settings.redirect_uri.as_deref()
    }

    /// Where tokens are kept.
    pub fn token_store(&self) -> &Arc<dyn TokenStore> {
        &self.settings.token_store
    }
}

impl ConfigBuilder<EgnyteApi> {
    /// Sets the environment (required).
    pub fn region(mut self, region: Region) -> Self {
        self.draft.region = Some(region);
        self
    }

    /// Sets the OAuth client id (required).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.draft.client_id = Some(client_id.into());
        self
    }

    /// Sets the OAuth client secret (required).
    pub fn client_secret(mut self, client_secret: impl Into<String>) -> Self {
        self.draft.client_secret = Some(SecretString::from(client_secret.into()));
        self
    }

    /// Sets the redirect URI registered for the client. Without one (or with an empty one) the
    /// SDK signs in in no-redirect mode (see [`EgnyteConfig`]).
    pub fn redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
        self.draft.redirect_uri = Some(redirect_uri.into());
        self
    }

    /// Keeps tokens in a [`FileTokenStore`] at `path` (ignored if [`token_store`] is set).
    ///
    /// [`token_store`]: ConfigBuilder::token_store
    pub fn token_file(mut self, path: impl AsRef<Path>) -> Self {
        self.draft.token_file = Some(path.as_ref().to_owned());
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
        self.draft.token_store = Some(store);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::time::Duration;

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
            if skipped == "EGNYTE_PROTECT_REDIRECT_URI" {
                continue;
            }
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
    fn without_a_redirect_uri_the_configuration_is_in_no_redirect_mode() {
        let pairs: Vec<_> = COMPLETE
            .iter()
            .copied()
            .filter(|(name, _)| *name != "EGNYTE_PROTECT_REDIRECT_URI")
            .collect();
        let config = EgnyteConfig::from_env_with(env(&pairs)).unwrap();
        assert_eq!(config.redirect_uri(), None);
        let config = EgnyteConfig::from_env_with(env(&COMPLETE)).unwrap();
        assert_eq!(config.redirect_uri(), Some("https://app.example/cb"));
    }

    #[test]
    fn complete_environment_builds() {
        let config = EgnyteConfig::from_env_with(env(&COMPLETE)).unwrap();
        assert_eq!(config.region(), &Region::Usc1);
        assert_eq!(config.refresh_skew(), Duration::from_secs(60));
        assert!(!format!("{config:?}").contains("very-secret"));
    }
}
