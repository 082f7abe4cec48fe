//! The follower's delivery guarantee under SIGKILL: at least once, never a loss, at most one
//! repeated update per crash (the one being handled when the process died).
//!
//! The parent test runs the stand-in, which keeps producing issue updates, and starts this same
//! test binary again as a child (`--exact follower_crash_child`, turned on by an environment
//! variable; without it that test does nothing). The child follows updates from a
//! [`FileCheckpoint`], appends one NDJSON line `{"id":..,"updated":..}` per handled update to an
//! output file, then saves the checkpoint. The parent kills it (`Child::kill`: SIGKILL on Unix)
//! at seeded random moments after it has handled at least one update, restarts it from the
//! same checkpoint, and finally lets a last child catch up with every update produced.
//!
//! Asserted: every issue version the stand-in produced appears in the output, unless the
//! stand-in replaced it by a later version of the same issue before it was read (the API serves
//! current states only; the later version must then appear); no line is a version the
//! stand-in never produced; every repeated line is the first line of a restarted child and
//! equals the line before it (the update handled when the previous child died), so repeats are
//! at most the number of kills.
//!
//! `SECOPS_FOLLOWER_CRASH_SEED=<n>` replays another sequence of kill moments.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use secops_sdk::EgnyteProtect;
use secops_sdk::auth::egnyte::{AuthorizeUrl, Region, Scope};
use secops_sdk::config::EgnyteConfig;
use secops_sdk::pagination::{FileCheckpoint, FollowCheckpoint, FollowOptions};
use secops_stand_in::{StandIn, StandInOptions};
use url::Url;

/// The child test's name, and the variables the parent hands it.
const CHILD_TEST: &str = "follower_crash_child";
const CHILD_ENV: &str = "SECOPS_FOLLOWER_CRASH_CHILD";
const BASE_URL_ENV: &str = "SECOPS_FOLLOWER_CRASH_BASE_URL";
const CLIENT_ID_ENV: &str = "SECOPS_FOLLOWER_CRASH_CLIENT_ID";
const CLIENT_SECRET_ENV: &str = "SECOPS_FOLLOWER_CRASH_CLIENT_SECRET";
const REDIRECT_URI_ENV: &str = "SECOPS_FOLLOWER_CRASH_REDIRECT_URI";
const TOKEN_FILE_ENV: &str = "SECOPS_FOLLOWER_CRASH_TOKEN_FILE";
const CHECKPOINT_ENV: &str = "SECOPS_FOLLOWER_CRASH_CHECKPOINT";
const OUTPUT_ENV: &str = "SECOPS_FOLLOWER_CRASH_OUTPUT";
/// Set for the last child only: stop once the checkpoint has passed this `updated` time.
const UNTIL_ENV: &str = "SECOPS_FOLLOWER_CRASH_UNTIL";
const SEED_ENV: &str = "SECOPS_FOLLOWER_CRASH_SEED";

const KILLS: usize = 20;
const DEFAULT_SEED: u64 = 0x00c0_ffee_5eed;
/// A child is killed this long (at most) after it handled its first update.
const MAX_KILL_DELAY_MS: u64 = 250;
/// The stand-in changes this many issues every [`TICK`], while the children run.
const UPDATES_PER_TICK: usize = 4;
const TICK: Duration = Duration::from_millis(40);
/// Many issues, so that one issue rarely changes twice before a follower reads it.
const INITIAL_ISSUES: usize = 20_000;
/// A hang guard, not a timing assertion: a child that makes no progress for this long fails
/// the test instead of blocking it forever.
const HANG_GUARD: Duration = Duration::from_secs(120);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follower_killed_20_times_loses_nothing_and_repeats_at_most_one_update_per_kill() {
    let started = Instant::now();
    let seed = std::env::var(SEED_ENV)
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    let mut rng = SplitMix64(seed);
    let stand_in = Arc::new(
        StandIn::start(StandInOptions::default().issue_count(INITIAL_ISSUES))
            .await
            .unwrap(),
    );
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        tokens: dir.path().join("egnyte-tokens.json"),
        checkpoint: dir.path().join("follow.checkpoint.json"),
        output: dir.path().join("handled.ndjson"),
        stderr: dir.path().join("child-stderr.log"),
    };
    sign_in(&stand_in, &paths.tokens).await;

    // Follow what changes from now on, starting after the initial issues.
    let start = stand_in
        .issue_versions()
        .iter()
        .map(|version| version.updated)
        .max()
        .unwrap();
    FileCheckpoint::new(&paths.checkpoint)
        .save(&FollowCheckpoint::from_modified_after(start))
        .unwrap();
    std::fs::File::create(&paths.output).unwrap();

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

    // Line index at which each child started writing.
    let mut run_starts = Vec::with_capacity(KILLS + 1);
    for _ in 0..KILLS {
        let before = complete_lines(&paths.output);
        run_starts.push(before);
        let mut child = spawn_child(&stand_in, &paths, None);
        wait_for_lines(&mut child, &paths, before + 1).await;
        tokio::time::sleep(Duration::from_millis(rng.below(MAX_KILL_DELAY_MS + 1))).await;
        child.kill().unwrap();
        child.wait().unwrap();
    }
    producing.store(false, Ordering::SeqCst);
    producer.await.unwrap();

    // Nothing changes any more: a last child catches up with every version and stops.
    let versions = stand_in.issue_versions();
    let newest = versions
        .iter()
        .map(|version| version.updated)
        .max()
        .unwrap();
    run_starts.push(complete_lines(&paths.output));
    let mut last = spawn_child(&stand_in, &paths, Some(newest));
    let status = wait_for_exit(&mut last, &paths).await;
    assert!(
        status.success(),
        "the last follower failed ({status}):\n{}",
        read_stderr(&paths)
    );

    // What was handled, in order.
    let handled: Vec<(i64, i64)> = std::fs::read_to_string(&paths.output)
        .unwrap()
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("torn output line {line:?}: {error}"));
            (
                value["id"].as_i64().unwrap(),
                value["updated"].as_i64().unwrap(),
            )
        })
        .collect();
    let produced: Vec<_> = versions
        .iter()
        .filter(|version| version.updated > start)
        .collect();
    let produced_keys: HashSet<(i64, i64)> = produced
        .iter()
        .map(|version| (version.id, version.updated))
        .collect();
    let handled_keys: HashSet<(i64, i64)> = handled.iter().copied().collect();

    let phantoms: Vec<_> = handled_keys.difference(&produced_keys).collect();
    assert!(
        phantoms.is_empty(),
        "handled versions the stand-in never produced: {phantoms:?}"
    );
    let lost: Vec<_> = produced
        .iter()
        .filter(|version| version.current && !handled_keys.contains(&(version.id, version.updated)))
        .collect();
    assert!(lost.is_empty(), "lost updates: {lost:?}");
    let replaced_unread = produced
        .iter()
        .filter(|version| {
            !version.current && !handled_keys.contains(&(version.id, version.updated))
        })
        .count();

    // Each repeat is the first line of a restarted child, equal to the line before it.
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
            "line {index} repeats {:?}, but it is not the update a killed follower was \
             handling (runs started at lines {run_starts:?})",
            handled[index]
        );
    }
    eprintln!(
        "follower crash test (seed {seed:#x}): {KILLS} kills, {} versions produced, {} lines \
         handled ({} by the last follower), {} distinct, {} repeated (at most {KILLS} allowed), \
         0 lost, {replaced_unread} replaced by the stand-in before a follower read them, {:.1} s",
        produced.len(),
        handled.len(),
        handled.len() - run_starts[KILLS],
        handled_keys.len(),
        repeats.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(repeats.len() <= KILLS);
    // Every version is accounted for: handled, or replaced before it could be read.
    assert_eq!(handled_keys.len() + replaced_unread, produced.len());

    Arc::into_inner(stand_in).unwrap().shutdown().await;
}

/// The child: follows updates from the checkpoint file, writing each handled update to the
/// output file before saving the checkpoint. Does nothing unless the parent started it.
#[tokio::test]
async fn follower_crash_child() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    if let Err(error) = follow_and_record().await {
        panic!("the child follower failed: {error}");
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

async fn follow_and_record() -> Result<(), BoxError> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let egnyte = EgnyteProtect::new(
        EgnyteConfig::builder()
            .region(Region::Custom(Url::parse(&var(BASE_URL_ENV)?)?))
            .client_id(var(CLIENT_ID_ENV)?)
            .client_secret(var(CLIENT_SECRET_ENV)?)
            .redirect_uri(var(REDIRECT_URI_ENV)?)
            .token_file(var(TOKEN_FILE_ENV)?)
            .allow_insecure_http(true)
            .build()?,
    )?;
    let until: Option<i64> = std::env::var(UNTIL_ENV)
        .ok()
        .map(|until| until.parse())
        .transpose()?;
    let reached = |checkpoint: &FollowCheckpoint| {
        until.is_some_and(|until| checkpoint.modified_after() >= Some(until))
    };

    let file = FileCheckpoint::new(var(CHECKPOINT_ENV)?);
    let checkpoint = file.load_async().await?.unwrap_or_default();
    if reached(&checkpoint) {
        return Ok(());
    }
    let mut output = std::fs::OpenOptions::new()
        .append(true)
        .open(var(OUTPUT_ENV)?)?;
    let options = FollowOptions::default()
        .poll_interval(Duration::from_millis(5))
        .count(5);
    let mut updates = egnyte.follow_issue_updates(checkpoint, options);
    while let Some(update) = updates.try_next().await? {
        // Handle the update: one line, in one write, flushed.
        let line = serde_json::json!({
            "id": update.issue.id.ok_or("an issue without id")?,
            "updated": update.issue.updated.ok_or("an issue without updated")?,
        });
        output.write_all(format!("{line}\n").as_bytes())?;
        output.flush()?;
        // Then save where we stand.
        file.save_async(&update.checkpoint).await?;
        if reached(&update.checkpoint) {
            return Ok(());
        }
    }
    Err("the follower stream ended".into())
}

struct Paths {
    tokens: PathBuf,
    checkpoint: PathBuf,
    output: PathBuf,
    stderr: PathBuf,
}

fn spawn_child(stand_in: &StandIn, paths: &Paths, until: Option<i64>) -> Child {
    let stderr = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&paths.stderr)
        .unwrap();
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", CHILD_TEST, "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        .env(BASE_URL_ENV, stand_in.egnyte_base_url().as_str())
        .env(CLIENT_ID_ENV, stand_in.egnyte_client_id())
        .env(CLIENT_SECRET_ENV, stand_in.egnyte_client_secret())
        .env(REDIRECT_URI_ENV, stand_in.egnyte_redirect_uri())
        .env(TOKEN_FILE_ENV, &paths.tokens)
        .env(CHECKPOINT_ENV, &paths.checkpoint)
        .env(OUTPUT_ENV, &paths.output)
        .env_remove(UNTIL_ENV)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr);
    if let Some(until) = until {
        command.env(UNTIL_ENV, until.to_string());
    }
    command.spawn().unwrap()
}

/// Waits until the output holds `lines` complete lines, failing if the child exits first.
async fn wait_for_lines(child: &mut Child, paths: &Paths, lines: usize) {
    let since = Instant::now();
    while complete_lines(&paths.output) < lines {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "a follower exited ({status}) before handling an update:\n{}",
                read_stderr(paths)
            );
        }
        if since.elapsed() > HANG_GUARD {
            let _ = child.kill();
            panic!("a follower handled nothing for {HANG_GUARD:?}");
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
            panic!(
                "the last follower did not catch up within {HANG_GUARD:?}:\n{}",
                read_stderr(paths)
            );
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Lines ending in a newline (a line being written is not counted).
fn complete_lines(path: &Path) -> usize {
    std::fs::read(path)
        .unwrap()
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
}

fn read_stderr(paths: &Paths) -> String {
    std::fs::read_to_string(&paths.stderr).unwrap_or_default()
}

/// Signs in once through the stand-in's authorization page; the children share the token file
/// (the access token is valid for an hour, so they never refresh).
async fn sign_in(stand_in: &StandIn, token_file: &Path) {
    let egnyte = EgnyteProtect::new(
        EgnyteConfig::builder()
            .region(Region::Custom(stand_in.egnyte_base_url().clone()))
            .client_id(stand_in.egnyte_client_id())
            .client_secret(stand_in.egnyte_client_secret())
            .redirect_uri(stand_in.egnyte_redirect_uri())
            .token_file(token_file)
            .allow_insecure_http(true)
            .build()
            .unwrap(),
    )
    .unwrap();
    let state = AuthorizeUrl::random_state();
    let url = egnyte
        .auth()
        .authorize_url()
        .scope(Scope::IssuesRead)
        .state(&state)
        .build();
    let browser = secops_sdk::secops_runtime::tls::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = browser.get(url).send().await.unwrap();
    let location = response.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap();
    let redirect = Url::parse(location).unwrap();
    let query: HashMap<_, _> = redirect.query_pairs().collect();
    assert_eq!(query["state"], state);
    egnyte.auth().exchange_code(&query["code"]).await.unwrap();
}

/// A small seeded generator (SplitMix64), so kill moments replay from the seed.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}
