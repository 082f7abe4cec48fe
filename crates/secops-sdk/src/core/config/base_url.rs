//! Validating base URLs: https unless plain http was explicitly allowed.

use url::Url;

use super::error::{ConfigError, Setting};

/// Parses `raw` as a base URL for `setting`.
///
/// The URL must be absolute with a host, without query or fragment, and use https, or http when
/// `allow_insecure_http` is set. A trailing `/` is removed from the path.
#[cfg_attr(not(feature = "lacework"), allow(dead_code))]
pub(crate) fn parse_base_url(
    setting: Setting,
    raw: &str,
    allow_insecure_http: bool,
) -> Result<Url, ConfigError> {
    let url = Url::parse(raw.trim()).map_err(|error| ConfigError::Invalid {
        setting,
        reason: format!("not an absolute URL ({error}); example: https://example.com"),
    })?;
    check_base_url(setting, url, allow_insecure_http)
}

/// Checks an already parsed base URL; see [`parse_base_url`].
pub(crate) fn check_base_url(
    setting: Setting,
    mut url: Url,
    allow_insecure_http: bool,
) -> Result<Url, ConfigError> {
    let invalid = |reason: String| ConfigError::Invalid { setting, reason };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "the URL carries user credentials; remove them (credentials are configured separately)"
                .to_owned(),
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http => {}
        "http" => {
            return Err(invalid(format!(
                "{url} uses plain http; use https, or opt in with allow_insecure_http(true) \
                 (meant for tests against a local server)"
            )));
        }
        other => return Err(invalid(format!("{url} has scheme {other:?}; use https"))),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(format!("{url} has no host")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(format!(
            "{url} has a query or fragment; give only scheme, host and optional path"
        )));
    }
    let trimmed = url.path().trim_end_matches('/').to_owned();
    url.set_path(&trimmed);
    Ok(url)
}

/// `base` with `suffix` (starting with `/`) appended to its path.
#[cfg_attr(not(feature = "egnyte"), allow(dead_code))]
pub(crate) fn join_path(base: &Url, suffix: &str) -> Url {
    let mut url = base.clone();
    let path = format!("{}{}", base.path().trim_end_matches('/'), suffix);
    url.set_path(&path);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETTING: Setting = Setting::new("base_url", "TEST_BASE_URL");

    #[test]
    fn https_is_accepted_and_trailing_slash_removed() {
        let url = parse_base_url(SETTING, "https://example.com/prefix/", false).unwrap();
        assert_eq!(url.as_str(), "https://example.com/prefix");
        assert_eq!(
            join_path(&url, "/api").as_str(),
            "https://example.com/prefix/api"
        );
    }

    #[test]
    fn http_needs_opt_in() {
        let error = parse_base_url(SETTING, "http://127.0.0.1:8080", false).unwrap_err();
        assert!(error.to_string().contains("allow_insecure_http"), "{error}");
        assert!(parse_base_url(SETTING, "http://127.0.0.1:8080", true).is_ok());
    }

    #[test]
    fn other_problems_are_named() {
        for raw in [
            "ftp://example.com",
            "https://example.com?a=1",
            "not a url",
            "https://u:p@example.com",
        ] {
            let error = parse_base_url(SETTING, raw, true).unwrap_err();
            assert!(error.to_string().contains("TEST_BASE_URL"), "{error}");
        }
        let error = parse_base_url(SETTING, "https://u:hunter2@example.com", true).unwrap_err();
        assert!(!error.to_string().contains("hunter2"));
    }
}
