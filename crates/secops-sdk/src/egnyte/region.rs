//! [`Region`]: which Egnyte Secure and Govern environment to talk to.

use std::fmt;
use std::str::FromStr;

use url::Url;

use egnyte_protect_client::oauth2;

use crate::core::config::join_path;

/// An Egnyte Secure and Govern environment.
///
/// The API lives at `<base>/api`, the token endpoint at `<base>/oauth2/token` and the browser
/// authorization page at `<base>/oauth2/code`.
///
/// ```
/// use secops_sdk::auth::egnyte::Region;
///
/// let region: Region = "euw1".parse().unwrap();
/// assert_eq!(region.api_base_url().as_str(), "https://euw1-api.egnyteprotect.com/api");
/// assert_eq!(
///     region.token_endpoint().as_str(),
///     "https://euw1-api.egnyteprotect.com/oauth2/token"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Region {
    /// United States: `https://usc1-api.egnyteprotect.com`.
    Usc1,
    /// Europe: `https://euw1-api.egnyteprotect.com`.
    Euw1,
    /// Another base URL (a proxy, or a local server in tests). Plain http is refused by the
    /// configuration unless `allow_insecure_http(true)` is set.
    Custom(Url),
}

/// The error of parsing a [`Region`] from text.
///
/// ```
/// use secops_sdk::auth::egnyte::Region;
/// let error = "mars1".parse::<Region>().unwrap_err();
/// assert!(error.to_string().contains("usc1"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown Egnyte region {input:?}: use usc1, euw1, or a base URL such as https://usc1-api.egnyteprotect.com"
)]
pub struct ParseRegionError {
    input: String,
}

impl Region {
    /// The environment's base URL (without `/api`).
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::Region;
    /// assert_eq!(Region::Usc1.base_url().as_str(), "https://usc1-api.egnyteprotect.com/");
    /// ```
    pub fn base_url(&self) -> Url {
        match self {
            Self::Usc1 => known("https://usc1-api.egnyteprotect.com"),
            Self::Euw1 => known("https://euw1-api.egnyteprotect.com"),
            Self::Custom(url) => url.clone(),
        }
    }

    /// The base URL of the REST API: `<base>/api`.
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::Region;
    /// assert_eq!(Region::Usc1.api_base_url().as_str(), "https://usc1-api.egnyteprotect.com/api");
    /// ```
    pub fn api_base_url(&self) -> Url {
        join_path(&self.base_url(), "/api")
    }

    /// The OAuth2 token endpoint: `<base>/oauth2/token` (the path is the spec's `tokenUrl`).
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::Region;
    /// assert!(Region::Usc1.token_endpoint().as_str().ends_with("/oauth2/token"));
    /// ```
    pub fn token_endpoint(&self) -> Url {
        join_path(&self.base_url(), oauth2::TOKEN_PATH)
    }

    /// The browser authorization page: `<base>/oauth2/code` (the path is the spec's
    /// `authorizationUrl`).
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::Region;
    /// assert!(Region::Euw1.authorize_endpoint().as_str().ends_with("/oauth2/code"));
    /// ```
    pub fn authorize_endpoint(&self) -> Url {
        join_path(&self.base_url(), oauth2::AUTHORIZATION_PATH)
    }
}

fn known(url: &str) -> Url {
    // Both literals are valid absolute URLs; parsing cannot fail.
    Url::parse(url).unwrap_or_else(|_| unreachable!("built-in region URL {url} is valid"))
}

impl FromStr for Region {
    type Err = ParseRegionError;

    /// `usc1`, `euw1` (any case), or an absolute base URL.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        match trimmed.to_ascii_lowercase().as_str() {
            "usc1" => Ok(Self::Usc1),
            "euw1" => Ok(Self::Euw1),
            _ if trimmed.contains("://") => {
                Url::parse(trimmed)
                    .map(Self::Custom)
                    .map_err(|_| ParseRegionError {
                        input: trimmed.to_owned(),
                    })
            }
            _ => Err(ParseRegionError {
                input: trimmed.to_owned(),
            }),
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usc1 => f.write_str("usc1"),
            Self::Euw1 => f.write_str("euw1"),
            Self::Custom(url) => write!(f, "{url}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_paths_are_joined() {
        let region: Region = "http://127.0.0.1:9000/egnyte/".parse().unwrap();
        assert_eq!(
            region.api_base_url().as_str(),
            "http://127.0.0.1:9000/egnyte/api"
        );
        assert_eq!(
            region.authorize_endpoint().as_str(),
            "http://127.0.0.1:9000/egnyte/oauth2/code"
        );
    }
}
