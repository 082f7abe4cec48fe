//! Helpers shared by the examples: configurations for the local stand-in, and the "browser"
//! step of the Egnyte authorization code flow.
//!
//! Each example uses only some of these.
#![allow(dead_code)]

use std::error::Error;
use std::time::Duration;

use secops_sdk::EgnyteProtect;
use secops_sdk::auth::egnyte::{AuthorizeUrl, Region, Scope};
use secops_sdk::config::{EgnyteConfigBuilder, LaceworkConfigBuilder};
use secops_stand_in::StandIn;
use url::Url;

/// The error type of the examples' `run`.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// The exit code for `result`, printing the error (its `Display` text) if there is one.
pub fn exit_code(result: Result<(), BoxError>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// An Egnyte configuration pointing at the stand-in: its client, its registered redirect URI,
/// plain http (loopback only), and a 1 s refresh skew to match its 3 s demo tokens.
pub fn egnyte_config(stand_in: &StandIn) -> EgnyteConfigBuilder {
    secops_sdk::config::EgnyteConfig::builder()
        .region(Region::Custom(stand_in.egnyte_base_url().clone()))
        .client_id(stand_in.egnyte_client_id())
        .client_secret(stand_in.egnyte_client_secret())
        .redirect_uri(stand_in.egnyte_redirect_uri())
        .allow_insecure_http(true)
        .refresh_skew(Duration::from_secs(1))
}

/// A Lacework Edge configuration pointing at the stand-in.
pub fn lacework_config(stand_in: &StandIn) -> LaceworkConfigBuilder {
    secops_sdk::config::LaceworkConfig::builder()
        .api_token(stand_in.lacework_api_token())
        .account(stand_in.lacework_account())
        .host(stand_in.lacework_base_url().as_str())
        .allow_insecure_http(true)
        .refresh_skew(Duration::from_secs(1))
}

/// The Egnyte facade on the stand-in, signed in with `issues:read` through the authorization
/// code flow (the browser step done by [`browser_sign_in`]).
pub async fn signed_in_egnyte(stand_in: &StandIn) -> Result<EgnyteProtect, BoxError> {
    let egnyte = EgnyteProtect::new(egnyte_config(stand_in).build()?)?;
    let state = AuthorizeUrl::random_state();
    let url = egnyte
        .auth()
        .authorize_url()
        .scope(Scope::IssuesRead)
        .state(&state)
        .build();
    egnyte
        .auth()
        .exchange_code(&browser_sign_in(&url, &state).await?)
        .await?;
    Ok(egnyte)
}

/// What a browser does with the authorization URL: opens it, the user consents (the stand-in
/// consents at once), and the browser is redirected to the redirect URI with `code` and
/// `state`. Here an HTTP client that does not follow redirects reads the `Location` header.
///
/// Returns the code after checking that `state` came back unchanged.
pub async fn browser_sign_in(
    authorize_url: &Url,
    expected_state: &str,
) -> Result<String, BoxError> {
    let browser = secops_sdk::secops_runtime::tls::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = browser.get(authorize_url.clone()).send().await?;
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .ok_or_else(|| {
            format!(
                "the authorization page answered {} without a redirect",
                response.status()
            )
        })?
        .to_str()?;
    code_from_redirect(&Url::parse(location)?, expected_state)
}

/// The `code` of a redirect back from the authorization page, after checking its `state`.
pub fn code_from_redirect(redirect: &Url, expected_state: &str) -> Result<String, BoxError> {
    let value = |name: &str| {
        redirect
            .query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    if let Some(error) = value("error") {
        let description = value("error_description").unwrap_or_default();
        return Err(format!("authorization refused: {error} {description}").into());
    }
    if value("state").as_deref() != Some(expected_state) {
        return Err("the state parameter does not match: possible CSRF, stopping".into());
    }
    value("code").ok_or_else(|| "the redirect carries no code".into())
}

/// A short, non-reversible fingerprint of a secret (FNV-1a, 32 bits), to show that a token
/// changed without printing it.
pub fn fingerprint(secret: &str) -> String {
    let hash = secret.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    format!("#{hash:08x}")
}

/// Epoch milliseconds now.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Logs to stderr at the level `RUST_LOG` asks for, else at `default` (for example `"warn"`).
/// `RUST_LOG=secops_sdk=info` shows a line per request, retry and token renewal.
pub fn init_logging(default: &str) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}
