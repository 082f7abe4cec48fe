//! The SDK beside a Python `requests` poller of the same endpoint: every issue of the
//! in-process stand-in listed by the facade's pagination stream
//! (`list_issues().count(100).format(Full).items()`) and by `benches/python/poll_issues.py`
//! (one `requests.Session`, `.json()` per page, pages of 100 in full format), in alternating
//! rounds, at 10,000 and 100,000 issues. Prints each side's issues/s and the SDK's ratio to
//! Python (median over rounds of the two measured side by side).
//!
//! Each Python round is one process (`python3 poll_issues.py <api> --rounds 1`, the token in
//! `EGNYTE_ACCESS_TOKEN`); the script times its own listing, so interpreter start-up and its
//! warm-up request are not counted. The stand-in serves both from this process.
//!
//! `cargo bench -p secops-sdk --bench python_poller` (needs `python3` with `requests`:
//! `pip install requests`; without them it says so and measures nothing).
//! `SECOPS_BENCH_ROUNDS=n` sets the rounds at 10,000 issues (default 8; 100,000 gets half).

#[path = "support/mod.rs"]
mod support;

use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use futures::TryStreamExt;
use secops_sdk::egnyte_protect_client::types::IssueFormat;
use secops_sdk::pagination::Paginate;
use secops_stand_in::StandInOptions;
use secrecy::ExposeSecret;
use support::SignedIn;

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/python/poll_issues.py")
}

/// Whether `python3` can import `requests`.
fn python_ready() -> bool {
    Command::new("python3")
        .args(["-c", "import requests"])
        .output()
        .is_ok_and(|output| output.status.success())
}

/// One Python listing: (issues, seconds) as the script measured it.
fn python_round(signed_in: &SignedIn) -> (usize, f64) {
    let output = Command::new("python3")
        .arg(script())
        .arg(&signed_in.api)
        .args(["--rounds", "1"])
        .env("EGNYTE_ACCESS_TOKEN", signed_in.token.expose_secret())
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "poll_issues.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("poll_issues.py prints one JSON line");
    let issues = line["issues"].as_u64().expect("issues") as usize;
    (issues, line["seconds"].as_f64().expect("seconds"))
}

/// One SDK listing through the facade: (issues, seconds).
fn sdk_round(runtime: &tokio::runtime::Runtime, signed_in: &SignedIn) -> (usize, f64) {
    let started = Instant::now();
    let count = runtime.block_on(async {
        let mut items = signed_in
            .egnyte
            .client()
            .list_issues()
            .count(100)
            .format(IssueFormat::Full)
            .items();
        let mut count = 0;
        while let Some(issue) = items.try_next().await.expect("a page") {
            if issue.id.is_some() && issue.status.is_some() {
                count += 1;
            }
            black_box(&issue);
        }
        count
    });
    (count, started.elapsed().as_secs_f64())
}

fn main() {
    if !support::benchmarking() {
        return; // `cargo test --benches`: nothing to check quickly.
    }
    if !python_ready() {
        println!(
            "python_poller: skipped, `python3 -c \"import requests\"` failed; \
             install Python 3 and `pip install requests`"
        );
        return;
    }
    let runtime = support::runtime();
    let rounds = support::env_number("SECOPS_BENCH_ROUNDS", 8);
    let mut summary = Vec::new();
    for (issues, rounds) in [(10_000, rounds), (100_000, rounds.div_ceil(2))] {
        let signed_in = runtime
            .block_on(support::signed_in(
                StandInOptions::default().issue_count(issues),
            ))
            .expect("the stand-in and a signed-in facade");
        // Warm up both.
        sdk_round(&runtime, &signed_in);
        python_round(&signed_in);
        let mut rates = [Vec::new(), Vec::new()];
        for round in 0..rounds {
            for offset in 0..2 {
                let variant = (round + offset) % 2;
                let (count, seconds) = match variant {
                    0 => python_round(&signed_in),
                    _ => sdk_round(&runtime, &signed_in),
                };
                assert_eq!(count, issues, "every issue listed once");
                rates[variant].push(count as f64 / seconds);
            }
        }
        let measured = support::Rounds {
            names: vec!["python_requests", "sdk_facade_stream"],
            rates: rates.to_vec(),
        };
        measured.print(&format!("list every issue, {issues} issues"));
        summary.push((issues, measured.ratio(1)));
    }
    println!("\nSDK / Python requests, issues/s (median of per-round ratios):");
    for (issues, ratio) in summary {
        println!("  {issues:>9} issues  {ratio:.2}x");
    }
    println!();
}
