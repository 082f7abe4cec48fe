//! The `reqwest::Client` both facades send with.

use std::time::Duration;

use super::error::ConfigError;

/// The User-Agent sent with every request.
pub(crate) const USER_AGENT: &str = concat!("secops-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// A client with the SDK's user agent and `connect_timeout`.
///
/// Per-request timeouts are set per attempt by the retry policy, not here.
pub(crate) fn build_http_client(connect_timeout: Duration) -> Result<reqwest::Client, ConfigError> {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(connect_timeout)
        .build()
        .map_err(ConfigError::HttpClient)
}
