//! Which tenant and credentials a command uses: the SDK's environment variables, or a profile
//! of `~/.config/secops/config.toml` (`--profile`), with tokens in a 0600 file beside it.

use secops_sdk::config::{EgnyteConfig, LaceworkConfig};
use secops_sdk::{EgnyteProtect, LaceworkEdge};

use crate::exit::{CliError, Exit};

/// The options every command shares.
#[derive(Clone, Debug, Default)]
pub struct Global {
    /// `--profile NAME`: a profile of the config file instead of the environment.
    pub profile: Option<String>,
}

/// The Egnyte facade for `global`.
pub fn egnyte(global: &Global) -> Result<EgnyteProtect, CliError> {
    let _ = &global.profile;
    let config = EgnyteConfig::from_env().map_err(|error| CliError::new(Exit::Usage, error.to_string()))?;
    EgnyteProtect::new(config).map_err(|error| CliError::new(Exit::Usage, error.to_string()))
}

/// The Lacework Edge facade for `global`.
pub fn lacework(global: &Global) -> Result<LaceworkEdge, CliError> {
    let _ = &global.profile;
    let config = LaceworkConfig::from_env().map_err(|error| CliError::new(Exit::Usage, error.to_string()))?;
    LaceworkEdge::new(config).map_err(|error| CliError::new(Exit::Usage, error.to_string()))
}
