//! The `reqwest::Client`s both facades send with: one for API calls, one for token requests.
//! Both start from `secops_runtime::tls::client_builder()` (rustls with ring, configured per client).

use std::time::Duration;

use reqwest::redirect;

use super::error::ConfigError;

/// The User-Agent sent with every request.
pub(crate) const USER_AGENT: &str = concat!("secops-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// A client for API calls, with the SDK's user agent and `connect_timeout`.
///
/// It keeps reqwest's default redirect policy (at most 10 hops), which drops `Authorization`
/// (and cookies) when a redirect leads to another origin (scheme, host or port), so a bearer
/// token never leaves the API's origin. Per-request timeouts are set per attempt by the retry
/// policy, not here.
pub(crate) fn build_http_client(connect_timeout: Duration) -> Result<reqwest::Client, ConfigError> {
    secops_runtime::tls::client_builder()
        .user_agent(USER_AGENT)
        .connect_timeout(connect_timeout)
        .build()
        .map_err(ConfigError::HttpClient)
}

/// A client for token requests (OAuth token endpoint, login): like [`build_http_client`] but
/// following **no** redirect.
///
/// A token request carries its credentials in the body (client secret, code, refresh token)
/// or in `Authorization` on every hop; following a 307/308 would send them to wherever the
/// `Location` points, and the tokens that host returns would then be used. With this client a
/// 3xx reaches the SDK as it is, and the token-request helper turns it into an error.
pub(crate) fn build_token_http_client(
    connect_timeout: Duration,
) -> Result<reqwest::Client, ConfigError> {
    secops_runtime::tls::client_builder()
        .user_agent(USER_AGENT)
        .connect_timeout(connect_timeout)
        .redirect(redirect::Policy::none())
        .build()
        .map_err(ConfigError::HttpClient)
}
