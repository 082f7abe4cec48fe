//! The stand-in on its own, for clients in other processes (a Python poller, `curl`):
//!
//! ```sh
//! cargo run --release -p secops-stand-in --example serve -- --issues 100000
//! ```
//!
//! It prints two lines, then serves until its standard input closes or it is interrupted:
//!
//! ```text
//! egnyte_api_base_url=http://127.0.0.1:<port>/api
//! access_token=<token>
//! ```
//!
//! The access token carries `issues:read` and lasts a day; it is a stand-in token for loopback,
//! worthless anywhere else. Options: `--issues N` (default 10,000), `--seed N`, and
//! `--bulk-resolve N` (after start, resolve N issues at one timestamp: one `issueupdates` page
//! of N tied updates, after the `modifiedAfter` printed as `bulk_resolve_after=<ms>`).

use std::io::{BufRead, Write};
use std::time::Duration;

use secops_stand_in::{StandIn, StandInOptions};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

struct Args {
    issues: usize,
    seed: Option<u64>,
    bulk_resolve: Option<usize>,
}

fn parse_args() -> Result<Args, BoxError> {
    let mut args = Args {
        issues: 10_000,
        seed: None,
        bulk_resolve: None,
    };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let mut value = || given.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--issues" => args.issues = value()?.parse()?,
            "--seed" => args.seed = Some(value()?.parse()?),
            "--bulk-resolve" => args.bulk_resolve = Some(value()?.parse()?),
            other => {
                return Err(format!(
                    "unknown option {other}; known: --issues N, --seed N, --bulk-resolve N"
                )
                .into());
            }
        }
    }
    Ok(args)
}

/// Signs in as the no-redirect flow does; returns the access token.
async fn access_token(stand_in: &StandIn) -> Result<String, BoxError> {
    let code = stand_in.egnyte_authorization_code(&["issues:read"]);
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("no_redirect", "true"),
        ("client_id", stand_in.egnyte_client_id()),
        ("client_secret", stand_in.egnyte_client_secret()),
    ];
    let tokens: serde_json::Value = secops_runtime::tls::client_builder()
        .build()
        .expect("a client")
        .post(stand_in.egnyte_base_url().join("oauth2/token")?)
        .form(&form)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    tokens["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "the token endpoint answered without an access_token".into())
}

async fn run() -> Result<(), BoxError> {
    let args = parse_args()?;
    let mut options = StandInOptions::default()
        .issue_count(args.issues)
        .access_token_ttl(Duration::from_secs(24 * 3600));
    if let Some(seed) = args.seed {
        options = options.seed(seed);
    }
    let stand_in = StandIn::start(options).await?;
    let token = access_token(&stand_in).await?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "egnyte_api_base_url={}",
        stand_in.egnyte_api_base_url()
    )?;
    writeln!(out, "access_token={token}")?;
    if let Some(count) = args.bulk_resolve {
        let after = stand_in
            .issue_versions()
            .iter()
            .map(|version| version.updated)
            .max()
            .unwrap_or(0);
        stand_in.bulk_resolve(count);
        writeln!(out, "bulk_resolve_after={after}")?;
    }
    out.flush()?;
    drop(out);
    // Serve until standard input closes (the driver that started it exits) or Ctrl-C.
    tokio::task::spawn_blocking(|| {
        let mut lines = std::io::stdin().lock();
        let mut line = String::new();
        while lines.read_line(&mut line).is_ok_and(|read| read > 0) {
            line.clear();
        }
    })
    .await?;
    stand_in.shutdown().await;
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
