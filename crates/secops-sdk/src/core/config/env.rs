//! Reading settings through a lookup function (the process environment by default).

use std::time::Duration;

use super::error::{ConfigError, Setting};

/// Reads settings by environment-variable name; empty values count as unset.
pub struct EnvReader<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
}

impl<'a> EnvReader<'a> {
    pub(crate) fn new(lookup: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Self { lookup }
    }

    /// The trimmed value of `setting`, if set and not empty.
    pub fn optional(&self, setting: Setting) -> Option<String> {
        (self.lookup)(setting.env_var)
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    }

    /// A whole number of seconds, if set.
    pub fn seconds(&self, setting: Setting) -> Result<Option<Duration>, ConfigError> {
        self.optional(setting)
            .map(|value| {
                value
                    .parse::<u64>()
                    .map(Duration::from_secs)
                    .map_err(|_| ConfigError::Invalid {
                        setting,
                        reason: format!("expected a whole number of seconds, got {value:?}"),
                    })
            })
            .transpose()
    }

    /// A positive whole number, if set.
    pub fn positive_count(&self, setting: Setting) -> Result<Option<u32>, ConfigError> {
        self.optional(setting)
            .map(|value| match value.parse::<u32>() {
                Ok(count) if count > 0 => Ok(count),
                _ => Err(ConfigError::Invalid {
                    setting,
                    reason: format!("expected a whole number of at least 1, got {value:?}"),
                }),
            })
            .transpose()
    }
}

/// The process environment as a lookup function; values that are not Unicode count as unset.
pub(crate) fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}
