//! Which tenant and credentials a command uses: the SDK's environment variables, or a profile
//! of the config file (`--profile`), with tokens in 0600 files beside it.
//!
//! The config file is `$XDG_CONFIG_HOME/secops/config.toml` (default
//! `~/.config/secops/config.toml`):
//!
//! ```toml
//! [profile.default.egnyte]
//! region = "usc1"                 # usc1, euw1 or an https base URL
//! client_id = "..."
//! client_secret = "..."
//! # redirect_uri = "https://..."  # unset: no-redirect sign-in (paste the code)
//!
//! [profile.default.lacework]
//! account = "acme"
//! host = "acme.example.net"
//! ```
//!
//! Which settings a command uses, for each vendor:
//! 1. `--profile NAME` (or `SECOPS_PROFILE`): that profile of the file;
//! 2. otherwise, when any of the vendor's variables is set (`EGNYTE_PROTECT_*`,
//!    `LACEWORK_EDGE_*`): the environment, as the SDK's `from_env` reads it;
//! 3. otherwise the profile `default` of the file, if it has the vendor;
//! 4. otherwise the environment (whose error names the missing variables).
//!
//! Tokens: `secops egnyte login` keeps Egnyte tokens in `<config dir>/<profile>.egnyte-tokens.json`
//! (`env.egnyte-tokens.json` for the environment, unless `EGNYTE_PROTECT_TOKEN_FILE` or the
//! profile's `token_file` says otherwise); `secops lacework login` keeps the API token in
//! `<config dir>/<profile>.lacework-token.json`. Both are written atomically, readable only by
//! their owner. `LACEWORK_EDGE_API_TOKEN`, when set, is used instead of the stored API token.
//!
//! Plain-http base URLs are accepted for loopback addresses only (`127.0.0.1`, `::1`,
//! `localhost`), for a local stand-in; anything else must be https.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use secops_sdk::config::{ConfigError, EgnyteConfig, LaceworkConfig};
use secops_sdk::{EgnyteProtect, LaceworkEdge};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::exit::{CliError, Exit};

/// The environment variable that names the profile when `--profile` is not given.
pub const PROFILE_ENV: &str = "SECOPS_PROFILE";

/// The profile name reserved for the environment's token files.
const ENVIRONMENT: &str = "env";

/// The options every command shares.
#[derive(Clone, Debug, Default)]
pub struct Global {
    /// `--profile NAME`: a profile of the config file instead of the environment.
    pub profile: Option<String>,
}

/// A vendor, as the config file and the token files name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VendorKey {
    /// Egnyte Secure and Govern.
    Egnyte,
    /// Lacework Edge.
    Lacework,
}

impl VendorKey {
    /// `egnyte` or `lacework`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Egnyte => "egnyte",
            Self::Lacework => "lacework",
        }
    }

    /// The settings a profile may hold, with the SDK's environment variable for each.
    fn keys(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Egnyte => &[
                ("client_id", "EGNYTE_PROTECT_CLIENT_ID"),
                ("client_secret", "EGNYTE_PROTECT_CLIENT_SECRET"),
                ("redirect_uri", "EGNYTE_PROTECT_REDIRECT_URI"),
                ("region", "EGNYTE_PROTECT_REGION"),
                ("token_file", "EGNYTE_PROTECT_TOKEN_FILE"),
                ("max_attempts", "EGNYTE_PROTECT_MAX_ATTEMPTS"),
                ("timeout_secs", "EGNYTE_PROTECT_TIMEOUT_SECS"),
            ],
            // No API token: `secops lacework login` stores it in its own 0600 file.
            Self::Lacework => &[
                ("account", "LACEWORK_EDGE_ACCOUNT"),
                ("host", "LACEWORK_EDGE_HOST"),
                ("max_attempts", "LACEWORK_EDGE_MAX_ATTEMPTS"),
                ("timeout_secs", "LACEWORK_EDGE_TIMEOUT_SECS"),
            ],
        }
    }

    /// Every environment variable of the vendor (those a profile may hold, and the secret
    /// ones it may not).
    fn variables(self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.keys().iter().map(|(_, var)| *var).collect();
        if self == Self::Lacework {
            names.push(LACEWORK_API_TOKEN);
        }
        names
    }
}

/// Lacework's API token variable.
pub const LACEWORK_API_TOKEN: &str = "LACEWORK_EDGE_API_TOKEN";

/// Where a vendor's settings came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The process environment.
    Environment,
    /// A profile of the config file.
    Profile {
        /// The profile name.
        name: String,
        /// The config file.
        file: PathBuf,
    },
}

impl Source {
    /// The name token files use: the profile's, or `env`.
    fn file_stem(&self) -> &str {
        match self {
            Self::Environment => ENVIRONMENT,
            Self::Profile { name, .. } => name,
        }
    }

    /// "the environment" or "profile NAME of FILE", for messages.
    pub fn describe(&self) -> String {
        match self {
            Self::Environment => "the environment".to_owned(),
            Self::Profile { name, file } => format!("profile {name} of {}", file.display()),
        }
    }
}

/// A vendor's settings, under the SDK's environment variable names, and where they came from.
#[derive(Debug)]
pub struct Resolved {
    /// Which vendor.
    pub vendor: VendorKey,
    /// Where the settings came from.
    pub source: Source,
    /// The config directory (token files go there).
    pub config_dir: PathBuf,
    /// Setting values by environment variable name.
    vars: HashMap<&'static str, String>,
}

impl Resolved {
    /// The value of the SDK variable `name`, if set.
    fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// The file Egnyte tokens are kept in.
    pub fn egnyte_token_file(&self) -> PathBuf {
        match self.var("EGNYTE_PROTECT_TOKEN_FILE") {
            Some(path) if !path.trim().is_empty() => PathBuf::from(path),
            _ => self
                .config_dir
                .join(format!("{}.egnyte-tokens.json", self.source.file_stem())),
        }
    }

    /// The file `secops lacework login` keeps the API token in.
    pub fn lacework_token_file(&self) -> PathBuf {
        self.config_dir
            .join(format!("{}.lacework-token.json", self.source.file_stem()))
    }

    /// Whether the base URL setting (`region` / `host`) is a plain-http loopback URL.
    fn loopback_http(&self, variable: &str) -> bool {
        self.var(variable).is_some_and(is_loopback_http)
    }

    /// A configuration error, named the way the user gave the setting.
    fn config_error(&self, error: ConfigError) -> CliError {
        let mut message = crate::exit::one_line(&error.to_string());
        if let Source::Profile { name, file } = &self.source {
            for (key, variable) in self.vendor.keys() {
                message = message.replace(
                    &format!("(environment variable {variable})"),
                    &format!("(`{key}` in [profile.{name}.{}])", self.vendor.name()),
                );
            }
            message = format!("{message} (config file {})", file.display());
        } else if matches!(error, ConfigError::Missing { .. }) {
            message = format!(
                "{message}; or use a profile of {} (see `secops --help`)",
                config_file_hint(&self.config_dir)
            );
        }
        CliError::usage(message)
    }
}

fn config_file_hint(dir: &Path) -> String {
    dir.join("config.toml").display().to_string()
}

/// `$XDG_CONFIG_HOME/secops`, or `~/.config/secops`.
pub fn config_dir() -> Result<PathBuf, CliError> {
    let absolute = |value: Option<std::ffi::OsString>| {
        value.map(PathBuf::from).filter(|path| path.is_absolute())
    };
    if let Some(base) = absolute(std::env::var_os("XDG_CONFIG_HOME")) {
        return Ok(base.join("secops"));
    }
    match absolute(std::env::var_os("HOME")) {
        Some(home) => Ok(home.join(".config").join("secops")),
        None => Err(CliError::usage(
            "cannot find the config directory: neither XDG_CONFIG_HOME nor HOME is set to an \
             absolute path",
        )),
    }
}

/// The config file: `[profile.NAME.egnyte]` and `[profile.NAME.lacework]` tables.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    profile: BTreeMap<String, ProfileTables>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileTables {
    egnyte: Option<BTreeMap<String, toml::Value>>,
    lacework: Option<BTreeMap<String, toml::Value>>,
}

/// Reads the config file; `None` if it does not exist.
fn read_config_file(path: &Path) -> Result<Option<ConfigFile>, CliError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(CliError::usage(format!(
                "cannot read the config file {}: {error}",
                path.display()
            )));
        }
    };
    toml::from_str(&text).map(Some).map_err(|error| {
        // toml's message quotes the offending line, which may hold a secret: keep only where.
        let place = error
            .span()
            .map(|span| {
                let line = text[..span.start.min(text.len())].lines().count().max(1);
                format!(" at line {line}")
            })
            .unwrap_or_default();
        let what = error.message().lines().next().unwrap_or("invalid TOML");
        let what = if what.contains('=') || what.contains('"') {
            "not a valid config file"
        } else {
            what
        };
        CliError::usage(format!(
            "the config file {} cannot be read{place}: {what}; see `secops --help` for its format",
            path.display()
        ))
    })
}

/// The settings of `vendor` for `global` (see the module documentation for the order).
pub fn resolve(global: &Global, vendor: VendorKey) -> Result<Resolved, CliError> {
    let config_dir = config_dir()?;
    let file = config_dir.join("config.toml");
    let named = global.profile.clone().or_else(|| {
        std::env::var(PROFILE_ENV)
            .ok()
            .filter(|name| !name.is_empty())
    });
    let environment = || Resolved {
        vendor,
        source: Source::Environment,
        config_dir: config_dir.clone(),
        vars: vendor
            .variables()
            .into_iter()
            .filter_map(|name| std::env::var(name).ok().map(|value| (name, value)))
            .collect(),
    };
    let Some(name) = named else {
        let from_env = environment();
        if !from_env.vars.is_empty() {
            return Ok(from_env);
        }
        let config = read_config_file(&file)?;
        let default = config
            .as_ref()
            .and_then(|config| config.profile.get("default"))
            .and_then(|tables| tables_of(tables, vendor));
        return match default {
            Some(table) => from_profile(vendor, "default", &file, table, config_dir.clone()),
            None => Ok(from_env),
        };
    };
    check_profile_name(&name)?;
    let Some(config) = read_config_file(&file)? else {
        return Err(CliError::usage(format!(
            "profile {name}: the config file {} does not exist; create it (see `secops --help`)",
            file.display()
        )));
    };
    let Some(tables) = config.profile.get(&name) else {
        return Err(CliError::usage(format!(
            "profile {name} is not in {} (it has: {})",
            file.display(),
            if config.profile.is_empty() {
                "no profile".to_owned()
            } else {
                config
                    .profile
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        )));
    };
    let Some(table) = tables_of(tables, vendor) else {
        return Err(CliError::usage(format!(
            "profile {name} of {} has no [profile.{name}.{}] table",
            file.display(),
            vendor.name()
        )));
    };
    from_profile(vendor, &name, &file, table, config_dir)
}

fn tables_of(tables: &ProfileTables, vendor: VendorKey) -> Option<&BTreeMap<String, toml::Value>> {
    match vendor {
        VendorKey::Egnyte => tables.egnyte.as_ref(),
        VendorKey::Lacework => tables.lacework.as_ref(),
    }
}

/// A profile name is a file-name-safe word, and not the environment's.
fn check_profile_name(name: &str) -> Result<(), CliError> {
    let plain = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name != ENVIRONMENT;
    if plain {
        Ok(())
    } else {
        Err(CliError::usage(format!(
            "profile names are 1 to 64 letters, digits, '-' and '_' (and not {ENVIRONMENT:?}): \
             {name:?}"
        )))
    }
}

fn from_profile(
    vendor: VendorKey,
    name: &str,
    file: &Path,
    table: &BTreeMap<String, toml::Value>,
    config_dir: PathBuf,
) -> Result<Resolved, CliError> {
    let mut vars = HashMap::new();
    for (key, value) in table {
        let Some((_, variable)) = vendor.keys().iter().find(|(known, _)| known == key) else {
            let known: Vec<&str> = vendor.keys().iter().map(|(key, _)| *key).collect();
            return Err(CliError::usage(format!(
                "profile {name} of {}: unknown setting `{key}` in [profile.{name}.{}] (known: {})",
                file.display(),
                vendor.name(),
                known.join(", ")
            )));
        };
        let text = match value {
            toml::Value::String(text) => text.clone(),
            toml::Value::Integer(number) => number.to_string(),
            _ => {
                return Err(CliError::usage(format!(
                    "profile {name} of {}: `{key}` must be a string or an integer",
                    file.display()
                )));
            }
        };
        let text = if *key == "token_file" {
            expand_home(&text)
        } else {
            text
        };
        vars.insert(*variable, text);
    }
    if vars.contains_key("EGNYTE_PROTECT_CLIENT_SECRET") {
        warn_if_readable_by_others(file);
    }
    Ok(Resolved {
        vendor,
        source: Source::Profile {
            name: name.to_owned(),
            file: file.to_owned(),
        },
        config_dir,
        vars,
    })
}

/// `~/x` with the home directory.
fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest).display().to_string(),
        _ => path.to_owned(),
    }
}

/// A config file holding a secret should be readable by its owner only.
fn warn_if_readable_by_others(file: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(metadata) = std::fs::metadata(file)
            && metadata.permissions().mode() & 0o077 != 0
        {
            eprintln!(
                "secops: warning: {} holds a client secret and other users may read it; run \
                 `chmod 600 {}`",
                file.display(),
                file.display()
            );
        }
    }
    #[cfg(not(unix))]
    let _ = file;
}

/// Whether `raw` is a plain-http URL of a loopback host.
fn is_loopback_http(raw: &str) -> bool {
    let Ok(url) = url::Url::parse(raw.trim()) else {
        return false;
    };
    if url.scheme() != "http" {
        return false;
    }
    match url.host() {
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// The Egnyte configuration for `resolved`, with `redirect_uri` replacing the configured one
/// when given.
pub fn egnyte_config(
    resolved: &Resolved,
    redirect_uri: Option<&str>,
) -> Result<EgnyteConfig, CliError> {
    let vars = &resolved.vars;
    let builder = EgnyteConfig::builder()
        .token_file(resolved.egnyte_token_file())
        .merge_env_with(|name| vars.get(name).cloned())
        .map_err(|error| resolved.config_error(error))?;
    let builder = match redirect_uri {
        Some(uri) => builder.redirect_uri(uri),
        None => builder,
    };
    builder
        .allow_insecure_http(resolved.loopback_http("EGNYTE_PROTECT_REGION"))
        .build()
        .map_err(|error| resolved.config_error(error))
}

/// The Egnyte facade for `resolved`.
pub fn egnyte_facade(config: EgnyteConfig) -> Result<EgnyteProtect, CliError> {
    EgnyteProtect::new(config).map_err(|error| CliError::new(Exit::Usage, error.to_string()))
}

/// The Egnyte facade for `global`.
pub fn egnyte(global: &Global) -> Result<EgnyteProtect, CliError> {
    let resolved = resolve(global, VendorKey::Egnyte)?;
    egnyte_facade(egnyte_config(&resolved, None)?)
}

/// The Lacework Edge configuration for `resolved` with `api_token`.
pub fn lacework_config(
    resolved: &Resolved,
    api_token: &SecretString,
) -> Result<LaceworkConfig, CliError> {
    let vars = &resolved.vars;
    LaceworkConfig::builder()
        .merge_env_with(|name| vars.get(name).cloned())
        .map_err(|error| resolved.config_error(error))?
        .api_token(api_token.expose_secret())
        .allow_insecure_http(resolved.loopback_http("LACEWORK_EDGE_HOST"))
        .build()
        .map_err(|error| resolved.config_error(error))
}

/// The stored or configured Lacework API token: `LACEWORK_EDGE_API_TOKEN`, else the file
/// `secops lacework login` wrote.
pub fn lacework_api_token(resolved: &Resolved) -> Result<SecretString, CliError> {
    if let Some(token) = resolved
        .var(LACEWORK_API_TOKEN)
        .filter(|token| !token.is_empty())
    {
        return Ok(SecretString::from(token.to_owned()));
    }
    let path = resolved.lacework_token_file();
    match read_lacework_token(&path)? {
        Some(token) => Ok(token),
        None => Err(CliError::new(
            Exit::SignIn,
            format!(
                "no Lacework Edge API token for {}: run `secops lacework login` (or set {})",
                resolved.source.describe(),
                LACEWORK_API_TOKEN
            ),
        )),
    }
}

/// The Lacework Edge facade for `global`.
pub fn lacework(global: &Global) -> Result<LaceworkEdge, CliError> {
    let resolved = resolve(global, VendorKey::Lacework)?;
    let token = lacework_api_token(&resolved)?;
    lacework_facade(lacework_config(&resolved, &token)?)
}

/// The Lacework Edge facade for `config`.
pub fn lacework_facade(config: LaceworkConfig) -> Result<LaceworkEdge, CliError> {
    LaceworkEdge::new(config).map_err(|error| CliError::new(Exit::Usage, error.to_string()))
}

/// The stored Lacework API token file's content.
#[derive(Serialize, Deserialize)]
struct StoredApiToken {
    api_token: String,
}

/// The API token stored in `path`; `None` if there is no such file.
fn read_lacework_token(path: &Path) -> Result<Option<SecretString>, CliError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(CliError::new(
                Exit::SignIn,
                format!(
                    "cannot read the stored API token {}: {error}",
                    path.display()
                ),
            ));
        }
    };
    match serde_json::from_slice::<StoredApiToken>(&bytes) {
        Ok(stored) if !stored.api_token.is_empty() => {
            Ok(Some(SecretString::from(stored.api_token)))
        }
        // Never quote the file: it holds a secret.
        _ => Err(CliError::new(
            Exit::SignIn,
            format!(
                "{} does not hold a stored API token; delete it and run `secops lacework login`",
                path.display()
            ),
        )),
    }
}

/// Stores `token` in `path`, readable only by its owner.
pub fn save_lacework_token(path: &Path, token: &SecretString) -> Result<(), CliError> {
    let stored = StoredApiToken {
        api_token: token.expose_secret().to_owned(),
    };
    let json = serde_json::to_vec_pretty(&stored)
        .map_err(|error| CliError::usage(format!("cannot encode the API token file: {error}")))?;
    write_private_file(path, &json).map_err(|error| {
        CliError::usage(format!(
            "cannot save the API token to {}: {error}",
            path.display()
        ))
    })
}

/// Creates `dir` (and its parents) readable only by its owner, if it does not exist.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Replaces `path` with `bytes` atomically: a new file (mode 0600 on Unix) in the same
/// directory, flushed, renamed over `path`, and the directory flushed.
pub fn write_private_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&directory)?;
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?;
    let temporary = directory.join(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written?;
    if let Ok(handle) = std::fs::File::open(&directory) {
        let _ = handle.sync_all();
    }
    Ok(())
}

/// Deletes `path`; whether there was one.
pub fn delete_file(path: &Path) -> Result<bool, CliError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(CliError::usage(format!(
            "cannot delete {}: {error}",
            path.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_http_only() {
        assert!(is_loopback_http("http://127.0.0.1:8080/"));
        assert!(is_loopback_http("http://localhost:1"));
        assert!(is_loopback_http("http://[::1]:1"));
        assert!(!is_loopback_http("http://example.com"));
        assert!(!is_loopback_http("https://127.0.0.1"));
        assert!(!is_loopback_http("usc1"));
    }

    #[test]
    fn profile_names() {
        assert!(check_profile_name("work-eu_1").is_ok());
        for bad in ["", "env", "../x", "a b", "a/b"] {
            assert!(check_profile_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn profiles_map_to_sdk_variables_and_name_their_settings_in_errors() {
        let config: ConfigFile = toml::from_str(
            "[profile.work.egnyte]\nregion = \"euw1\"\nclient_id = \"c\"\nmax_attempts = 5\n",
        )
        .unwrap();
        let table = config.profile["work"].egnyte.as_ref().unwrap();
        let resolved = from_profile(
            VendorKey::Egnyte,
            "work",
            Path::new("/x/config.toml"),
            table,
            PathBuf::from("/x"),
        )
        .unwrap();
        assert_eq!(resolved.var("EGNYTE_PROTECT_MAX_ATTEMPTS"), Some("5"));
        assert_eq!(
            resolved.egnyte_token_file(),
            Path::new("/x/work.egnyte-tokens.json")
        );
        let error = egnyte_config(&resolved, None).unwrap_err();
        assert_eq!(error.exit, Exit::Usage);
        assert!(
            error
                .message
                .contains("`client_secret` in [profile.work.egnyte]"),
            "{}",
            error.message
        );
    }

    #[test]
    fn unknown_settings_are_named() {
        let config: ConfigFile =
            toml::from_str("[profile.work.lacework]\napi_token = \"s3cret\"\n").unwrap();
        let table = config.profile["work"].lacework.as_ref().unwrap();
        let error = from_profile(
            VendorKey::Lacework,
            "work",
            Path::new("/x/config.toml"),
            table,
            PathBuf::from("/x"),
        )
        .unwrap_err();
        assert!(error.message.contains("`api_token`"), "{}", error.message);
        assert!(!error.message.contains("s3cret"));
    }

    #[test]
    fn stored_api_tokens_round_trip_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("p.lacework-token.json");
        save_lacework_token(&path, &SecretString::from("tok-1".to_owned())).unwrap();
        let token = read_lacework_token(&path).unwrap().unwrap();
        assert_eq!(token.expose_secret(), "tok-1");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "{\"api_token\": 3}").unwrap();
        let error = read_lacework_token(&path).unwrap_err();
        assert_eq!(error.exit, Exit::SignIn);
    }
}
