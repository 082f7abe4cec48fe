//! Egnyte Secure and Govern OAuth2, step by step, against the local stand-in:
//!
//! ```text
//! cargo run -p secops-sdk --example egnyte_auth_flow
//! ```
//!
//! 1. Build the authorization URL (scopes and a random `state`), "open" it, and hand the URL
//!    the browser comes back to to `exchange_redirect`, which checks the `state` (in constant
//!    time) and exchanges the code. Tokens go to a [`FileTokenStore`] file readable only by its
//!    owner. A forged state or a declined authorization is a typed error, and nothing is sent.
//! 2. The access token (2 s lifetime here) is refreshed before it expires; the stand-in rotates
//!    the refresh token on every refresh, and the new one is in the file before it is used.
//! 3. A "restarted" process finds the tokens in the file and needs no sign-in.
//! 4. A token the server stopped accepting (401) is refreshed once and the request sent again.
//! 5. Revoked access: the refresh fails with an error that says re-authorization is needed,
//!    and the file keeps the old tokens; signing in again (this time with PKCE) fixes it.
//! 6. No-redirect mode, for command-line and headless programs: without a redirect URI the
//!    authorize URL carries `no_redirect=true`, Egnyte shows the user a code to paste, and
//!    `exchange_code` sends it with `no_redirect=true` (as Egnyte's Splunk add-on does). The
//!    stand-in implements only the redirect mode, so this step shows the URL and stops.
//!
//! [`FileTokenStore`]: secops_sdk::auth::FileTokenStore

mod common;

use std::path::Path;
use std::time::Duration;

use common::{BoxError, fingerprint};
use secops_sdk::EgnyteProtect;
use secops_sdk::auth::egnyte::{AuthorizeUrl, Region, Scope};
use secops_sdk::auth::{AuthError, FileTokenStore, TokenStore};
use secops_sdk::config::EgnyteConfig;
use secops_stand_in::{StandIn, StandInOptions};
use secrecy::ExposeSecret;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::exit_code(run().await)
}

async fn run() -> Result<(), BoxError> {
    // The failures this example provokes on purpose are printed below; the SDK's warnings
    // about them are shown only with RUST_LOG=secops_sdk=warn.
    common::init_logging("error");
    let stand_in =
        StandIn::start(StandInOptions::default().access_token_ttl(Duration::from_secs(2))).await?;
    let directory = tempfile::tempdir()?;
    let token_file = directory.path().join("egnyte-tokens.json");
    println!("Egnyte stand-in at {}", stand_in.egnyte_base_url());
    println!("token file: {}", token_file.display());

    // 1. Authorization code flow.
    let egnyte = EgnyteProtect::new(
        common::egnyte_config(&stand_in)
            .token_file(&token_file)
            .build()?,
    )?;
    let state = AuthorizeUrl::random_state();
    let url = egnyte
        .auth()
        .authorize_url()
        .scopes([Scope::IssuesRead, Scope::AuditeventsRead])
        .state(&state)
        .build();
    println!("\n1. send the user to:\n   {url}");
    let redirect = browser_redirect(&url).await?;
    // Forged or declined redirects are typed errors, and no code is sent anywhere.
    let forged = redirect.replace(&state, "forged-state");
    match egnyte.auth().exchange_redirect(&forged, &state).await {
        Err(AuthError::StateMismatch) => println!("   a redirect with another state: refused"),
        other => return Err(format!("expected StateMismatch, got {other:?}").into()),
    }
    let declined = format!(
        "{}?error=access_denied&error_description=The+user+declined&state={state}",
        stand_in.egnyte_redirect_uri()
    );
    match egnyte.auth().exchange_redirect(&declined, &state).await {
        Err(error @ AuthError::AuthorizationDenied { .. }) => {
            println!("   a declined authorization: {error}")
        }
        other => return Err(format!("expected AuthorizationDenied, got {other:?}").into()),
    }
    egnyte.auth().exchange_redirect(&redirect, &state).await?;
    println!("   redirected back; state matches, code exchanged");
    describe_token_file(&token_file).await?;
    let me = egnyte.client().get_user_info().send().await?.into_inner();
    println!("   signed in; granted scopes: {}", me.scopes.join(", "));

    // 2. Refresh before expiry, with rotation persisted first.
    let before = refresh_fingerprint(&token_file).await?;
    println!("\n2. waiting 1.5 s: the 2 s access token is then within the 1 s refresh skew");
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    egnyte.client().get_user_info().send().await?;
    let after = refresh_fingerprint(&token_file).await?;
    println!(
        "   refreshed before use: refresh token in the file {before} -> {after} (rotated); \
         stand-in refreshes: {}",
        stand_in.stats().egnyte_token_refreshes
    );
    drop(egnyte);

    // 3. A new process with the same token file.
    let egnyte = EgnyteProtect::new(
        common::egnyte_config(&stand_in)
            .token_file(&token_file)
            .build()?,
    )?;
    let issues = egnyte
        .client()
        .list_issues()
        .count(5)
        .send()
        .await?
        .into_inner()
        .issues;
    println!(
        "\n3. restarted: tokens loaded from the file, no sign-in; first issues: {:?}",
        issues
            .iter()
            .filter_map(|issue| issue.id)
            .collect::<Vec<_>>()
    );

    // 4. The server refuses the access token before its expiry: one refresh, one retry.
    stand_in.expire_egnyte_access_tokens();
    let refreshes = stand_in.stats().egnyte_token_refreshes;
    egnyte.client().get_user_info().send().await?;
    let stats = stand_in.stats();
    println!(
        "\n4. access token refused (401 answers so far: {}): refreshed {} time and the request \
         succeeded on its second attempt",
        stats.egnyte_unauthorized,
        stats.egnyte_token_refreshes - refreshes
    );

    // 5. Access revoked: the refresh token stops working.
    stand_in.revoke_egnyte_tokens();
    let kept = refresh_fingerprint(&token_file).await?;
    tokio::time::sleep(Duration::from_millis(1_100)).await; // the access token is now stale
    match egnyte.auth().access_token().await {
        Ok(_) => return Err("the refresh should have been refused".into()),
        Err(error) => {
            println!("\n5. access revoked; the SDK says:\n   {error}");
            println!(
                "   needs re-authorization: {}",
                error.needs_reauthorization()
            );
        }
    }
    let still = refresh_fingerprint(&token_file).await?;
    println!(
        "   the token file still holds refresh token {still} (was {kept}): nothing was deleted"
    );
    // Signing in again, this time with PKCE (RFC 7636): the URL carries the S256 challenge and
    // the exchange sends the verifier (the stand-in does not check PKCE).
    let state = AuthorizeUrl::random_state();
    let (url, verifier) = egnyte
        .auth()
        .authorize_url()
        .scope(Scope::IssuesRead)
        .state(&state)
        .build_with_pkce();
    let redirect = browser_redirect(&url).await?;
    egnyte
        .auth()
        .exchange_redirect_with_verifier(&redirect, &state, &verifier)
        .await?;
    egnyte.client().get_user_info().send().await?;
    println!(
        "   signed in again (with PKCE): refresh token {}; calls work again",
        refresh_fingerprint(&token_file).await?
    );

    // 6. No-redirect mode: no redirect URI configured.
    let headless = EgnyteConfig::builder()
        .region(Region::Custom(stand_in.egnyte_base_url().clone()))
        .client_id(stand_in.egnyte_client_id())
        .client_secret(stand_in.egnyte_client_secret())
        .allow_insecure_http(true)
        .build()?;
    let headless = EgnyteProtect::new(headless)?;
    let url = headless
        .auth()
        .authorize_url()
        .scope(Scope::IssuesRead)
        .state(AuthorizeUrl::random_state())
        .build();
    println!(
        "\n6. no-redirect mode (no redirect URI configured): a command-line program prints\n   \
         {url}\n   reads the code the user copies from Egnyte's page, and calls \
         egnyte.auth().exchange_code(&code)\n   (the token requests then carry no_redirect=true; \
         the stand-in implements only the redirect mode, so the example stops here)"
    );

    let stats = stand_in.stats();
    println!(
        "\nstand-in: {} codes issued, {} exchanged, {} refreshes, {} grants refused, {} answered 401",
        stats.egnyte_codes_issued,
        stats.egnyte_code_exchanges,
        stats.egnyte_token_refreshes,
        stats.egnyte_rejected_grants,
        stats.egnyte_unauthorized
    );
    stand_in.shutdown().await;
    Ok(())
}

/// What a browser does with the authorization URL: opens it, the user consents (the stand-in
/// consents at once), and the page redirects. Returns the URL the browser is sent back to.
async fn browser_redirect(authorize_url: &url::Url) -> Result<String, BoxError> {
    let browser = secops_sdk::secops_runtime::tls::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = browser.get(authorize_url.clone()).send().await?;
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .ok_or_else(|| format!("the authorization page answered {}", response.status()))?;
    Ok(location.to_str()?.to_owned())
}

/// Prints the token file's permissions and fields, without the token values.
async fn describe_token_file(path: &Path) -> Result<(), BoxError> {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path)?)?;
    let fields: Vec<&str> = json
        .as_object()
        .map(|object| object.keys().map(String::as_str).collect())
        .unwrap_or_default();
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        format!(
            "{:o}",
            std::fs::metadata(path)?.permissions().mode() & 0o777
        )
    };
    #[cfg(not(unix))]
    let mode = "n/a".to_owned();
    println!(
        "   tokens saved: mode {mode}, fields [{}], refresh token {}",
        fields.join(", "),
        refresh_fingerprint(path).await?
    );
    Ok(())
}

/// The fingerprint of the refresh token in the file.
async fn refresh_fingerprint(path: &Path) -> Result<String, BoxError> {
    let tokens = FileTokenStore::new(path)
        .load()
        .await?
        .ok_or("the token file is empty")?;
    Ok(fingerprint(tokens.refresh_token().expose_secret()))
}
