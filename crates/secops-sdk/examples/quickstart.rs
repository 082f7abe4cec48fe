//! The SDK end to end in about ten seconds, with no vendor account and no network beyond
//! loopback:
//!
//! ```text
//! cargo run -p secops-sdk --example quickstart
//! ```
//!
//! It starts the in-process stand-in for both vendor APIs (`secops-stand-in`: Egnyte access
//! tokens and Lacework JWTs that expire every 3 seconds, rotating refresh tokens, issues that
//! keep changing, one data request in 12 failing with 503) and drives the facade against it:
//!
//! 1. Egnyte OAuth2: authorization URL, the browser step, code exchange, tokens stored.
//! 2. Lacework Edge TokenLogin.
//! 3. Lacework apps, users and groups; 4. creates an app.
//! 5. Pages through every Egnyte issue; 6. follows issue updates, saving a checkpoint file
//!    after each one and resuming from it; 7. calls Lacework again (the JWT has expired by then
//!    and is renewed).
//!
//! Against real tenants: set the variables of `EgnyteConfig::from_env` (at least
//! `EGNYTE_PROTECT_CLIENT_ID`, `..._CLIENT_SECRET`, `..._REDIRECT_URI`, `..._REGION`; with
//! `EGNYTE_PROTECT_TOKEN_FILE` tokens are kept between runs) and/or of `LaceworkConfig::from_env`
//! (`LACEWORK_EDGE_API_TOKEN`, `LACEWORK_EDGE_ACCOUNT`, `LACEWORK_EDGE_HOST`). A vendor whose
//! variables are set is called for real, with read-only calls; the stand-in plays the other.
//! Without stored Egnyte tokens, the example prints the authorization URL and asks for the URL
//! the browser was redirected to. Creating the Lacework app is skipped unless
//! `SECOPS_QUICKSTART_ALLOW_WRITES=1`. `SECOPS_QUICKSTART_MAX_ISSUES` caps the issue listing and
//! `SECOPS_QUICKSTART_FOLLOW_SECS` sets how long updates are followed (default 5).
//! `RUST_LOG=secops_sdk=info` shows every request, retry and token renewal.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::BoxError;
use futures::TryStreamExt;
use secops_sdk::auth::egnyte::{AuthorizeUrl, OAuthTokens, Scope};
use secops_sdk::auth::{FileTokenStore, MemoryTokenStore, TokenStore, TokenStoreError};
use secops_sdk::config::{EgnyteConfig, LaceworkConfig};
use secops_sdk::egnyte_protect_client::types::IssueFormat;
use secops_sdk::lacework_edge_client::types::{App, CreateAppRequest};
use secops_sdk::pagination::{FileCheckpoint, FollowCheckpoint, FollowOptions, Paginate};
use secops_sdk::{BoxFuture, EgnyteProtect, LaceworkEdge};
use secops_stand_in::{StandIn, StandInOptions};

/// Print a progress line every this many issues.
const PROGRESS_EVERY: u64 = 100;
/// Print at most this many update lines per follower run.
const UPDATE_LINES: u64 = 8;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::exit_code(run().await)
}

async fn run() -> Result<(), BoxError> {
    common::init_logging("warn");
    let started = Instant::now();
    let egnyte_real = env_set("EGNYTE_PROTECT_CLIENT_ID");
    let lacework_real = env_set("LACEWORK_EDGE_API_TOKEN");
    let allow_writes = std::env::var("SECOPS_QUICKSTART_ALLOW_WRITES").is_ok_and(|v| v == "1");
    let max_issues = env_number("SECOPS_QUICKSTART_MAX_ISSUES")?;
    let follow_secs = env_number("SECOPS_QUICKSTART_FOLLOW_SECS")?
        .unwrap_or(5)
        .max(1);

    println!("secops-sdk quickstart");
    let stand_in = if egnyte_real && lacework_real {
        None
    } else {
        Some(StandIn::start(StandInOptions::demo()).await?)
    };
    if let Some(stand_in) = &stand_in {
        println!(
            "  stand-in: Egnyte at {}, Lacework Edge at {} (loopback only, no credentials)",
            stand_in.egnyte_base_url(),
            stand_in.lacework_base_url()
        );
    }
    let backend = |real: bool| if real { "your tenant" } else { "the stand-in" };

    // 1. Egnyte: authorization code flow.
    println!(
        "\n[1/7] Egnyte Secure and Govern sign-in ({})",
        backend(egnyte_real)
    );
    let store = Arc::new(CountingStore::new(egnyte_inner_store(egnyte_real)));
    let egnyte_config = match &stand_in {
        Some(stand_in) if !egnyte_real => common::egnyte_config(stand_in)
            .token_store(store.clone())
            .build()?,
        _ => EgnyteConfig::builder()
            .merge_env_with(|name| std::env::var(name).ok())?
            .token_store(store.clone())
            .build()?,
    };
    let egnyte = EgnyteProtect::new(egnyte_config)?;
    if store.load().await?.is_some() {
        println!("      tokens found in the token store: no sign-in needed");
    } else {
        let state = AuthorizeUrl::random_state();
        let url = egnyte
            .auth()
            .authorize_url()
            .scope(Scope::IssuesRead)
            .state(&state)
            .build();
        println!("      authorization URL: {url}");
        let code = if egnyte_real {
            ask_for_redirect(&state).await?
        } else {
            common::browser_sign_in(&url, &state).await?
        };
        println!("      redirected back with a code (state checked); exchanging it");
        egnyte.auth().exchange_code(&code).await?;
        println!("      tokens saved to the token store");
    }
    let me = egnyte.client().get_user_info().send().await?.into_inner();
    println!(
        "      signed in: client {}, scopes [{}]",
        me.client_id.as_deref().unwrap_or("?"),
        me.scopes.join(", ")
    );

    // 2. Lacework Edge: TokenLogin.
    println!(
        "\n[2/7] Lacework Edge TokenLogin ({})",
        backend(lacework_real)
    );
    let lacework_config = match &stand_in {
        Some(stand_in) if !lacework_real => common::lacework_config(stand_in).build()?,
        _ => LaceworkConfig::from_env()?,
    };
    let account = lacework_config.account().to_owned();
    let lacework = LaceworkEdge::new(lacework_config)?;
    lacework.auth().jwt().await?;
    println!("      API token exchanged for a session JWT (account {account})");

    // 3. Apps, users, groups.
    println!("\n[3/7] Lacework Edge apps, users and groups");
    let apps = lacework
        .client()
        .list_apps()
        .send()
        .await?
        .into_inner()
        .apps;
    let users = lacework
        .client()
        .list_users()
        .send()
        .await?
        .into_inner()
        .users;
    let groups = lacework
        .client()
        .list_groups()
        .send()
        .await?
        .into_inner()
        .groups;
    let active = apps
        .iter()
        .filter(|app| app.status.and_then(|status| status.name()) == Some("ACTIVE"))
        .count();
    let names: Vec<&str> = apps
        .iter()
        .filter_map(|app| app.name.as_deref())
        .take(5)
        .collect();
    println!(
        "      {} apps ({active} active): {}{}",
        apps.len(),
        names.join(", "),
        if apps.len() > names.len() {
            ", ..."
        } else {
            ""
        }
    );
    println!("      {} users, {} groups", users.len(), groups.len());

    // 4. Create an app (a write: only on the stand-in unless explicitly allowed).
    println!("\n[4/7] Create a Lacework Edge app");
    let created = if !lacework_real || allow_writes {
        let name = format!("secops-sdk quickstart {}", common::now_millis() / 1000);
        // `X::builder()` needs secops-sdk's `lacework-type-builders` feature; without it, pass
        // whole values to `body(...)`.
        let app = App::builder()
            .name(Some(name.clone()))
            .description(Some("Created by the secops-sdk quickstart".to_owned()))
            .host(Some("quickstart.apps.example".to_owned()))
            .port(Some(443))
            .protocol(Some("https".to_owned()))
            .tags(vec!["quickstart".to_owned()]);
        let request = CreateAppRequest::builder()
            .account_name(Some(account.clone()))
            .app(Some(App::try_from(app)?));
        let app = lacework
            .client()
            .create_app()
            .body(request)
            .send()
            .await?
            .into_inner();
        println!(
            "      created {:?} with uuid {}",
            name,
            app.uuid.as_deref().unwrap_or("?")
        );
        app.uuid
    } else {
        println!(
            "      skipped: set SECOPS_QUICKSTART_ALLOW_WRITES=1 to create an app in your tenant"
        );
        None
    };

    // 5. Every issue, one page at a time.
    println!("\n[5/7] Paging through every Egnyte issue (pages of 50)");
    let paging_started = Instant::now();
    let mut pages = egnyte
        .client()
        .list_issues()
        .count(50)
        .format(IssueFormat::Full)
        .pages();
    let (mut issues, mut page_count, mut severe) = (0_u64, 0_u64, 0_u64);
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_type: BTreeMap<String, u64> = BTreeMap::new();
    'paging: while let Some(page) = pages.try_next().await? {
        if !page.items.is_empty() {
            page_count += 1;
        }
        for issue in page.items {
            issues += 1;
            *by_status
                .entry(issue.status.unwrap_or_default())
                .or_default() += 1;
            *by_type.entry(issue.type_.unwrap_or_default()).or_default() += 1;
            if issue.severity.unwrap_or(0) >= 8 {
                severe += 1;
            }
            if issues % PROGRESS_EVERY == 0 {
                println!(
                    "      ... {issues} issues ({page_count} pages, {:.2} s)",
                    paging_started.elapsed().as_secs_f64()
                );
            }
            if max_issues.is_some_and(|max| issues >= max) {
                println!("      stopping at SECOPS_QUICKSTART_MAX_ISSUES={issues}");
                break 'paging;
            }
        }
    }
    drop(pages);
    let statuses: Vec<String> = by_status.iter().map(|(k, v)| format!("{k} {v}")).collect();
    println!(
        "      {issues} issues in {page_count} pages ({:.2} s): {}; severity 8 or more: {severe}",
        paging_started.elapsed().as_secs_f64(),
        statuses.join(", ")
    );
    let mut types: Vec<(String, u64)> = by_type.into_iter().collect();
    types.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let top: Vec<String> = types
        .iter()
        .take(3)
        .map(|(k, v)| format!("{k} ({v})"))
        .collect();
    println!("      most frequent: {}", top.join(", "));

    // 6. Follow issue updates, saving the checkpoint file after each; restart from it half way.
    let follow_for = Duration::from_secs(follow_secs);
    println!(
        "\n[6/7] Following issue updates for {} s (checkpoint file saved after each update, \
         restored half way)",
        follow_for.as_secs()
    );
    let checkpoint_dir = tempfile::tempdir()?;
    let checkpoint_file = FileCheckpoint::new(checkpoint_dir.path().join("issue-updates.json"));
    let poll = if egnyte_real { 2_000 } else { 500 };
    let options = FollowOptions::default()
        .poll_interval(Duration::from_millis(poll))
        .count(100);
    let follow_started = Instant::now();
    let mut seen = HashSet::new();
    // A file that exists but does not hold a checkpoint is an error naming it (`?`), never a
    // silent fresh start.
    let start = match checkpoint_file.load_async().await? {
        Some(saved) => saved,
        None => {
            // No file yet: start with the changes made from now on, and record that at once,
            // so a restart before the first update does not skip changes made meanwhile.
            let start = FollowCheckpoint::from_modified_after(common::now_millis());
            checkpoint_file.save_async(&start).await?;
            start
        }
    };
    let halfway = tokio::time::Instant::now() + follow_for / 2;
    let first_leg = follow_until(
        &egnyte,
        &checkpoint_file,
        start,
        options.clone(),
        halfway,
        follow_started,
        &mut seen,
    )
    .await?;
    let restored = checkpoint_file
        .load_async()
        .await?
        .ok_or("the checkpoint file is missing")?;
    println!(
        "      {first_leg} updates; follower stopped, checkpoint file holds: {}",
        serde_json::to_string(&restored)?
    );
    let end = tokio::time::Instant::now() + follow_for / 2;
    let second_leg = follow_until(
        &egnyte,
        &checkpoint_file,
        restored,
        options,
        end,
        follow_started,
        &mut seen,
    )
    .await?;
    // At least once: a restart may repeat the update being handled when the process stopped.
    let repeats = (first_leg + second_leg).saturating_sub(seen.len() as u64);
    println!("      resumed from the checkpoint: {second_leg} more updates, {repeats} repeated");

    // 7. Lacework again: the JWT has expired meanwhile and is renewed transparently.
    println!("\n[7/7] Lacework Edge again");
    match &created {
        Some(uuid) => {
            let app = lacework
                .client()
                .get_app()
                .uuid(uuid)
                .send()
                .await?
                .into_inner();
            println!(
                "      read back app {:?} (status {})",
                app.name.as_deref().unwrap_or("?"),
                app.status.and_then(|status| status.name()).unwrap_or("?")
            );
        }
        None => {
            let apps = lacework
                .client()
                .list_apps()
                .send()
                .await?
                .into_inner()
                .apps;
            println!("      {} apps", apps.len());
        }
    }

    // Summary.
    let refreshes = store.saves().saturating_sub(1);
    println!("\nSummary ({:.1} s)", started.elapsed().as_secs_f64());
    println!(
        "  Egnyte:   signed in; access token refreshed {} (each rotated refresh token saved before use)",
        times(refreshes)
    );
    println!(
        "  Lacework: {} apps, {} users, {} groups listed; app created: {}",
        apps.len(),
        users.len(),
        groups.len(),
        if created.is_some() { "yes" } else { "no" }
    );
    println!("  issues:   {issues} paged in {page_count} pages");
    println!(
        "  updates:  {} followed ({first_leg} + {second_leg} after the restart), {repeats} repeated",
        first_leg + second_leg
    );
    if let Some(stand_in) = &stand_in {
        let stats = stand_in.stats();
        println!(
            "  stand-in: {} requests; saw {} and {}; {} answered 503 and retried by the SDK; \
             {} answered 401",
            stats.total_requests(),
            plural(
                stats.egnyte_token_refreshes,
                "Egnyte token refresh",
                "Egnyte token refreshes"
            ),
            plural(
                stats.lacework_logins,
                "Lacework TokenLogin",
                "Lacework TokenLogins"
            ),
            stats.transient_failures,
            stats.egnyte_unauthorized + stats.lacework_unauthorized
        );
    }
    if let Some(stand_in) = stand_in {
        stand_in.shutdown().await;
    }
    Ok(())
}

/// Follows updates from `from` until `until`, printing a few and saving the checkpoint file
/// after each; returns how many arrived.
async fn follow_until(
    egnyte: &EgnyteProtect,
    checkpoint_file: &FileCheckpoint,
    from: FollowCheckpoint,
    options: FollowOptions,
    until: tokio::time::Instant,
    clock: Instant,
    seen: &mut HashSet<(i64, i64)>,
) -> Result<u64, BoxError> {
    let mut updates = egnyte.follow_issue_updates(from, options);
    let mut count = 0_u64;
    loop {
        let update = match tokio::time::timeout_at(until, updates.try_next()).await {
            Err(_) | Ok(Ok(None)) => break,
            Ok(Err(error)) => return Err(error.into()),
            Ok(Ok(Some(update))) => update,
        };
        let issue = &update.issue;
        let key = (issue.id.unwrap_or(-1), issue.updated.unwrap_or(-1));
        seen.insert(key);
        count += 1;
        if count <= UPDATE_LINES {
            println!(
                "      +{:>4.1} s  issue {:<6} {:<8} severity {:>2}  {}: {}",
                clock.elapsed().as_secs_f64(),
                key.0,
                issue.status.as_deref().unwrap_or("?"),
                issue.severity.unwrap_or(0),
                issue.type_.as_deref().unwrap_or("?"),
                display_name(issue).as_deref().unwrap_or("?"),
            );
        } else if count == UPDATE_LINES + 1 {
            println!("      ...");
        }
        // Handled: now save where we stand (atomically, flushed to disk).
        checkpoint_file.save_async(&update.checkpoint).await?;
    }
    Ok(count)
}

/// Real tenant without stored tokens: the user opens the URL and pastes where they landed.
async fn ask_for_redirect(state: &str) -> Result<String, BoxError> {
    println!("      open the URL above, sign in, then paste the URL your browser was sent to:");
    let line = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map(|_| line)
    })
    .await??;
    let line = line.trim();
    if line.is_empty() {
        return Err(
            "no redirect URL given; run interactively, or set EGNYTE_PROTECT_TOKEN_FILE to a \
             file holding tokens from an earlier run"
                .into(),
        );
    }
    common::code_from_redirect(&url::Url::parse(line)?, state)
}

fn egnyte_inner_store(real: bool) -> Arc<dyn TokenStore> {
    match std::env::var("EGNYTE_PROTECT_TOKEN_FILE") {
        Ok(path) if real && !path.is_empty() => Arc::new(FileTokenStore::new(path)),
        _ => Arc::new(MemoryTokenStore::default()),
    }
}

fn times(count: u64) -> String {
    plural(count, "time", "times")
}

fn plural(count: u64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn env_set(name: &str) -> bool {
    std::env::var(name).is_ok_and(|value| !value.trim().is_empty())
}

fn env_number(name: &str) -> Result<Option<u64>, BoxError> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => value
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("{name} must be a whole number, got {value:?}").into()),
        _ => Ok(None),
    }
}

/// A token store that counts successful saves (one per code exchange and per refresh).
/// The `displayName` of an issue's free-form `item`: the field is kept as the server's JSON
/// text (`RawJson`) and decoded here into the one field we read.
fn display_name(issue: &secops_sdk::egnyte_protect_client::types::Issue) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Item {
        #[serde(rename = "displayName")]
        display_name: Option<String>,
    }
    let item = issue.item.as_ref()?.deserialize::<Item>().ok()?;
    item.display_name
}

#[derive(Debug)]
struct CountingStore {
    inner: Arc<dyn TokenStore>,
    saves: AtomicU64,
}

impl CountingStore {
    fn new(inner: Arc<dyn TokenStore>) -> Self {
        Self {
            inner,
            saves: AtomicU64::new(0),
        }
    }

    fn saves(&self) -> u64 {
        self.saves.load(Ordering::Relaxed)
    }
}

impl TokenStore for CountingStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<OAuthTokens>, TokenStoreError>> {
        self.inner.load()
    }

    fn save<'a>(&'a self, tokens: &'a OAuthTokens) -> BoxFuture<'a, Result<(), TokenStoreError>> {
        Box::pin(async move {
            self.inner.save(tokens).await?;
            self.saves.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })
    }
}
