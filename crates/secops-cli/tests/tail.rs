//! `secops egnyte issues tail` under SIGKILL and SIGTERM, checked against the stand-in's record
//! of every issue version.
//!
//! - Killed with SIGKILL at seeded random moments and restarted 20 times from the same
//!   checkpoint file (while the stand-in keeps changing issues), then caught up and stopped
//!   with SIGTERM: no version is lost (unless the stand-in replaced it by a newer version of
//!   the same issue before it was read: the API serves current states only, and the newer one
//!   must then appear), no line is a version the stand-in never had, and each repeated line is
//!   the first line of a restarted tail, equal to the line before it (the update being handled
//!   when the previous tail died): at most one repeat per kill.
//! - SIGTERM while lines flow: exit 0, and the checkpoint is the last line printed: a restart
//!   goes on with the next update, so the two runs together print every issue exactly once.
//!
//! `SECOPS_CLI_TAIL_SEED=<n>` replays another sequence of kill moments.

mod common;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::{Cli, SplitMix64, sigterm};
use secops_stand_in::{StandIn, StandInOptions};
use serde_json::Value;

const KILLS: usize = 20;
const DEFAULT_SEED: u64 = 0x7a11_5eed;
/// A tail is killed this long (at most) after it printed its first line.
const MAX_KILL_DELAY_MS: u64 = 200;
const UPDATES_PER_TICK: usize = 4;
const TICK: Duration = Duration::from_millis(40);
/// Many issues, so that one issue rarely changes twice before a tail reads it.
const INITIAL_ISSUES: usize = 20_000;
/// A hang guard, not a timing assertion.
const HANG_GUARD: Duration = Duration::from_secs(60);
/// The stand-in's route of `get_issue_updates`, as its stats count it.
const UPDATES_ROUTE: &str = "GET /api/v1/issueupdates";

struct Paths {
    checkpoint: PathBuf,
    output: PathBuf,
    stderr: PathBuf,
}

impl Paths {
    fn new(cli: &Cli) -> Self {
        let paths = Self {
            checkpoint: cli.scratch().join("tail.checkpoint.json"),
            output: cli.scratch().join("tail.ndjson"),
            stderr: cli.scratch().join("tail-stderr.log"),
        };
        File::create(&paths.output).unwrap();
        paths
    }
}

/// `secops egnyte issues tail --checkpoint ... --since SINCE`, stdout appended to the output.
fn spawn_tail(cli: &Cli, paths: &Paths, since: i64) -> Child {
    let append = |path: &Path| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap()
    };
    let checkpoint = paths.checkpoint.display().to_string();
    let since = since.to_string();
    cli.command(&[
        "egnyte",
        "issues",
        "tail",
        "--checkpoint",
        &checkpoint,
        "--since",
        &since,
        "--interval",
        "20ms",
        "--count",
        "5",
    ])
    .stdin(Stdio::null())
    .stdout(append(&paths.output))
    .stderr(append(&paths.stderr))
    .spawn()
    .unwrap()
}

/// Lines ending in a newline (a line being written is not counted).
fn complete_lines(path: &Path) -> usize {
    std::fs::read(path)
        .unwrap()
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
}

/// `(id, updated)` of every line.
fn printed(path: &Path) -> Vec<(i64, i64)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| {
            let issue: Value = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("torn output line {line:?}: {error}"));
            (
                issue["id"].as_i64().unwrap(),
                issue["updated"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn stderr_of(paths: &Paths) -> String {
    std::fs::read_to_string(&paths.stderr).unwrap_or_default()
}

async fn wait_for_lines(child: &mut Child, paths: &Paths, lines: usize) {
    let since = Instant::now();
    while complete_lines(&paths.output) < lines {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "a tail exited ({status}) before printing an update:\n{}",
                stderr_of(paths)
            );
        }
        if since.elapsed() > HANG_GUARD {
            let _ = child.kill();
            panic!(
                "a tail printed nothing for {HANG_GUARD:?}:\n{}",
                stderr_of(paths)
            );
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

async fn wait_for_exit(child: &mut Child, paths: &Paths) -> ExitStatus {
    let since = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if since.elapsed() > HANG_GUARD {
            let _ = child.kill();
            panic!("a tail did not exit after SIGTERM:\n{}", stderr_of(paths));
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// The saved checkpoint covers `(id, updated)`: its page starts after it, or it is among the
/// updates of the page already delivered.
fn checkpoint_covers(checkpoint: &Path, (id, updated): (i64, i64)) -> bool {
    let saved: Value = serde_json::from_slice(&std::fs::read(checkpoint).unwrap()).unwrap();
    let after = saved["modified_after"].as_i64().unwrap_or(i64::MIN);
    let delivered = saved["delivered"].as_array().cloned().unwrap_or_default();
    updated <= after
        || delivered
            .iter()
            .any(|entry| entry["id"] == id && entry["updated"] == updated)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tail_killed_20_times_loses_nothing_and_repeats_at_most_one_update_per_kill() {
    let started = Instant::now();
    let seed = std::env::var("SECOPS_CLI_TAIL_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    let mut rng = SplitMix64(seed);
    let stand_in = Arc::new(
        StandIn::start(StandInOptions::default().issue_count(INITIAL_ISSUES))
            .await
            .unwrap(),
    );
    let cli = Cli::new(&stand_in, None);
    cli.egnyte_login(&stand_in).await;
    let paths = Paths::new(&cli);

    // Follow what changes from now on: --since the newest initial issue (the first run; the
    // later runs resume from the checkpoint file).
    let start = stand_in
        .issue_versions()
        .iter()
        .map(|version| version.updated)
        .max()
        .unwrap();
    let producing = Arc::new(AtomicBool::new(true));
    let producer = tokio::spawn({
        let stand_in = stand_in.clone();
        let producing = producing.clone();
        async move {
            while producing.load(Ordering::SeqCst) {
                stand_in.update_issues(UPDATES_PER_TICK);
                tokio::time::sleep(TICK).await;
            }
        }
    });

    let mut run_starts = Vec::with_capacity(KILLS + 1);
    for _ in 0..KILLS {
        let before = complete_lines(&paths.output);
        run_starts.push(before);
        let mut child = spawn_tail(&cli, &paths, start);
        wait_for_lines(&mut child, &paths, before + 1).await;
        tokio::time::sleep(Duration::from_millis(rng.below(MAX_KILL_DELAY_MS + 1))).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
    }
    producing.store(false, Ordering::SeqCst);
    producer.await.unwrap();

    // Nothing changes any more: a last tail catches up with every version, then SIGTERM.
    let versions = stand_in.issue_versions();
    let produced: Vec<_> = versions
        .iter()
        .filter(|version| version.updated > start)
        .collect();
    let current: HashSet<(i64, i64)> = produced
        .iter()
        .filter(|version| version.current)
        .map(|version| (version.id, version.updated))
        .collect();
    run_starts.push(complete_lines(&paths.output));
    // The last tail listens for signals before its first request: SIGTERM is sent only once it
    // has asked for updates (earlier runs may already have printed every version).
    let polls_before = stand_in.stats().requests_to(UPDATES_ROUTE);
    let mut last = spawn_tail(&cli, &paths, start);
    let since = Instant::now();
    loop {
        let seen: HashSet<(i64, i64)> = printed(&paths.output).into_iter().collect();
        let listening = stand_in.stats().requests_to(UPDATES_ROUTE) > polls_before;
        if listening && current.is_subset(&seen) {
            break;
        }
        if let Some(status) = last.try_wait().unwrap() {
            panic!("the last tail exited ({status}):\n{}", stderr_of(&paths));
        }
        assert!(
            since.elapsed() < HANG_GUARD,
            "the last tail did not catch up:\n{}",
            stderr_of(&paths)
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    sigterm(last.id());
    let status = wait_for_exit(&mut last, &paths).await;
    assert_eq!(status.code(), Some(0), "{}", stderr_of(&paths));

    let handled = printed(&paths.output);
    let last_line = *handled.last().unwrap();
    assert!(
        checkpoint_covers(&paths.checkpoint, last_line),
        "the checkpoint after SIGTERM does not cover the last line printed"
    );
    let produced_keys: HashSet<(i64, i64)> = produced
        .iter()
        .map(|version| (version.id, version.updated))
        .collect();
    let handled_keys: HashSet<(i64, i64)> = handled.iter().copied().collect();
    let phantoms: Vec<_> = handled_keys.difference(&produced_keys).collect();
    assert!(
        phantoms.is_empty(),
        "printed versions never produced: {phantoms:?}"
    );
    let lost: Vec<_> = current.difference(&handled_keys).collect();
    assert!(lost.is_empty(), "lost updates: {lost:?}");
    let replaced_unread = produced
        .iter()
        .filter(|version| {
            !version.current && !handled_keys.contains(&(version.id, version.updated))
        })
        .count();
    let mut first_seen: HashMap<(i64, i64), usize> = HashMap::new();
    let mut repeats = Vec::new();
    for (index, key) in handled.iter().enumerate() {
        if first_seen.insert(*key, index).is_some() {
            repeats.push(index);
        }
    }
    for &index in &repeats {
        assert!(
            run_starts.contains(&index) && handled[index - 1] == handled[index],
            "line {index} repeats {:?}, but it is not the update a killed tail was handling \
             (runs started at lines {run_starts:?})",
            handled[index]
        );
    }
    eprintln!(
        "tail crash test (seed {seed:#x}): {KILLS} kills, {} versions produced, {} lines, {} \
         distinct, {} repeated (at most {KILLS} allowed), 0 lost, {replaced_unread} replaced \
         before a tail read them, {:.1} s",
        produced.len(),
        handled.len(),
        handled_keys.len(),
        repeats.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(repeats.len() <= KILLS);
    assert_eq!(handled_keys.len() + replaced_unread, produced.len());
    Arc::into_inner(stand_in).unwrap().shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_line_saves_its_checkpoint_and_exits_0() {
    let stand_in = StandIn::start(StandInOptions::default().issue_count(300))
        .await
        .unwrap();
    let cli = Cli::new(&stand_in, None);
    cli.egnyte_login(&stand_in).await;
    let paths = Paths::new(&cli);

    // Every issue, oldest change first (no change happens meanwhile).
    let mut expected: Vec<(i64, i64)> = stand_in
        .issue_versions()
        .iter()
        .map(|version| (version.id, version.updated))
        .collect();
    expected.sort_by_key(|&(id, updated)| (updated, id));

    // First run: SIGTERM while lines flow.
    let mut first = spawn_tail(&cli, &paths, 0);
    wait_for_lines(&mut first, &paths, 7).await;
    sigterm(first.id());
    let status = wait_for_exit(&mut first, &paths).await;
    assert_eq!(status.code(), Some(0), "{}", stderr_of(&paths));
    let first_lines = printed(&paths.output);
    assert!(first_lines.len() >= 7 && first_lines.len() < expected.len());
    assert!(checkpoint_covers(
        &paths.checkpoint,
        *first_lines.last().unwrap()
    ));

    // Second run from the checkpoint: goes on with the next issue, repeating nothing.
    let mut second = spawn_tail(&cli, &paths, 0);
    let since = Instant::now();
    while complete_lines(&paths.output) < expected.len() {
        assert!(since.elapsed() < HANG_GUARD, "{}", stderr_of(&paths));
        assert!(
            second.try_wait().unwrap().is_none(),
            "{}",
            stderr_of(&paths)
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    sigterm(second.id());
    let status = wait_for_exit(&mut second, &paths).await;
    assert_eq!(status.code(), Some(0), "{}", stderr_of(&paths));
    assert_eq!(
        printed(&paths.output),
        expected,
        "the two runs together must print every issue once, in order"
    );
    assert!(stderr_of(&paths).contains("--since is ignored"));
}
