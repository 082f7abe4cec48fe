//! The bad-response corpus: both facades against loopback servers that answer the way real
//! servers (and the proxies in front of them) do when they do not answer as the spec says.
//!
//! Each case (one function in `corpus/`) asserts that the SDK does not panic, ends in bounded
//! time, decodes what a tolerance covers (and checks the value), and otherwise fails with the
//! exact error kind, status and operation. The runner then checks that none of the planted
//! secrets (client secret, access and refresh tokens, authorization code, API token, JWTs, and
//! credentials planted in response bodies) shows in the `Display`, `{:?}` or `{:#?}` of
//! anything the case produced, nor in the TRACE-level logs captured while it ran.
//!
//! One `#[tokio::test]` runs every case in turn: `tracing` caches per call site whether anyone
//! listens, so logs are captured reliably only by a global subscriber installed once, with no
//! other test of this binary running at the same time. Every failing case is reported by name
//! at the end. Cases that expose a known SDK bug carry `ignore = "..."` and run only with
//! `CORPUS_RUN_IGNORED=1`; `CORPUS_CASE=<part of a name>` runs only the matching cases, and
//! `CORPUS_SHOW_LOGS=1` prints each case's captured logs (run with `--nocapture`).

#[path = "corpus/bodies.rs"]
mod bodies;
mod common;
#[path = "corpus/decoding.rs"]
mod decoding;
#[path = "corpus/echo.rs"]
mod echo;
#[path = "corpus/lifetimes.rs"]
mod lifetimes;
#[path = "corpus/redirects.rs"]
mod redirects;
#[path = "corpus/rejected.rs"]
mod rejected;
#[path = "corpus/server.rs"]
mod server;
#[path = "corpus/slow.rs"]
mod slow;
#[path = "corpus/support.rs"]
mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use support::{Case, Category, capture_logs, leak_in, take_logs};

/// No case may take longer than this ("bounded time"); the slow cases bound themselves
/// tighter.
const CASE_LIMIT: Duration = Duration::from_secs(10);

fn all_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    cases.extend(decoding::cases());
    cases.extend(bodies::cases());
    cases.extend(slow::cases());
    cases.extend(redirects::cases());
    cases.extend(rejected::cases());
    cases.extend(lifetimes::cases());
    cases.extend(echo::cases());
    cases
}

/// Runs one case in its own task: its panic, or what it showed.
async fn run(case: &Case) -> Result<support::Shown, String> {
    let mut task = tokio::spawn((case.run)());
    match tokio::time::timeout(CASE_LIMIT, &mut task).await {
        Ok(Ok(shown)) => Ok(shown),
        Ok(Err(error)) if error.is_panic() => {
            let panic = error.into_panic();
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
                .unwrap_or_else(|| "a panic without a message".to_owned());
            Err(format!("panicked: {message}"))
        }
        Ok(Err(error)) => Err(format!("the task failed: {error}")),
        Err(_) => {
            task.abort();
            Err(format!("did not finish within {CASE_LIMIT:?}"))
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_response_corpus() {
    capture_logs();
    let run_ignored = std::env::var("CORPUS_RUN_IGNORED").is_ok_and(|value| value == "1");
    let only = std::env::var("CORPUS_CASE").ok();
    let cases = all_cases();
    let mut names: Vec<&str> = cases.iter().map(|case| case.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");

    // The capture sees TRACE events, and a planted secret in them is found.
    take_logs();
    tracing::trace!(check = support::MARKER, "the corpus log capture");
    let logs = take_logs();
    assert!(
        logs.contains("TRACE") && leak_in(&logs).is_some(),
        "TRACE events are captured: {logs:?}"
    );
    let show_logs = std::env::var("CORPUS_SHOW_LOGS").is_ok_and(|value| value == "1");

    let started = Instant::now();
    let mut failures: Vec<String> = Vec::new();
    let mut ignored: Vec<String> = Vec::new();
    let mut per_category: BTreeMap<Category, usize> = BTreeMap::new();
    let mut requests_logged = false;
    let mut ran = 0;
    for case in &cases {
        if only
            .as_deref()
            .is_some_and(|only| !case.name.contains(only))
        {
            continue;
        }
        if let Some(reason) = case.ignore
            && !run_ignored
        {
            ignored.push(format!("{}: {reason}", case.name));
            continue;
        }
        *per_category.entry(case.category).or_default() += 1;
        ran += 1;
        take_logs();
        let case_started = Instant::now();
        let result = run(case).await;
        let elapsed = case_started.elapsed();
        let logs = take_logs();
        requests_logged |= logs.contains("secops.request");
        if show_logs {
            eprintln!("corpus: logs of {}:\n{logs}", case.name);
        }
        let mut problems = Vec::new();
        match result {
            Ok(shown) => {
                for (what, text) in &shown.0 {
                    if let Some(leak) = leak_in(text) {
                        problems.push(format!("{what} shows a planted secret: {leak}"));
                    }
                }
            }
            Err(problem) => problems.push(problem),
        }
        if let Some(leak) = leak_in(&logs) {
            problems.push(format!("the TRACE logs show a planted secret: {leak}"));
        }
        eprintln!(
            "corpus: {:<70} {:>6} ms {}",
            case.name,
            elapsed.as_millis(),
            if problems.is_empty() { "ok" } else { "FAILED" }
        );
        for problem in problems {
            failures.push(format!("{}: {problem}", case.name));
        }
    }

    eprintln!(
        "corpus: {ran} cases in {:.1} s; per category: {per_category:?}",
        started.elapsed().as_secs_f64()
    );
    for skipped in &ignored {
        eprintln!("corpus: ignored {skipped}");
    }
    if only.is_none() {
        assert!(ran >= 40, "the corpus has at least 40 cases, ran {ran}");
        assert!(
            requests_logged,
            "the log capture works: a secops.request span was seen"
        );
    }
    assert!(
        failures.is_empty(),
        "{} problem(s) in the corpus:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
