//! Following Egnyte issue updates with a checkpoint that survives a restart (what a SIEM
//! integration does), against the local stand-in:
//!
//! ```text
//! cargo run -p secops-sdk --example follow_issue_updates
//! ```
//!
//! 1. With no checkpoint file, the follower starts from the beginning: every issue in its
//!    current state, then changes as they happen. The checkpoint is saved (atomically) after
//!    each update is handled.
//! 2. The process "crashes" in the middle of a page. While it is down, other issues change
//!    and we resolve one ourselves.
//! 3. A new follower starts from the saved checkpoint, picks up where the first stopped, sees
//!    our change arrive, and keeps polling while more changes come in.
//! 4. The result is checked against the server: every change up to the last checkpoint was
//!    delivered, none twice.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use common::BoxError;
use futures::TryStreamExt;
use secops_sdk::EgnyteProtect;
use secops_sdk::auth::egnyte::{AuthorizeUrl, Scope};
use secops_sdk::egnyte_protect_client::types::{
    Issue, RemediateIssueRequest, RemediateIssueRequestIssueStatus,
};
use secops_sdk::pagination::{FollowCheckpoint, FollowOptions, Paginate};
use secops_stand_in::{StandIn, StandInOptions};

/// Updates handled before the first follower "crashes" (page size is 25: mid-page).
const CRASH_AFTER: usize = 40;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::exit_code(run().await)
}

async fn run() -> Result<(), BoxError> {
    common::init_logging("warn");
    let stand_in = Arc::new(StandIn::start(StandInOptions::default().issue_count(60)).await?);
    let egnyte = EgnyteProtect::new(common::egnyte_config(&stand_in).build()?)?;
    let state = AuthorizeUrl::random_state();
    let url = egnyte
        .auth()
        .authorize_url()
        .scope(Scope::IssuesRead)
        .state(&state)
        .build();
    egnyte
        .auth()
        .exchange_code(&common::browser_sign_in(&url, &state).await?)
        .await?;

    let directory = tempfile::tempdir()?;
    let checkpoint_file = directory.path().join("issue-updates.checkpoint.json");
    let options = FollowOptions::default()
        .poll_interval(Duration::from_millis(250))
        .count(25);
    let mut delivered: Vec<(i64, i64)> = Vec::new();

    // 1. First run: no checkpoint yet.
    let checkpoint = load_checkpoint(&checkpoint_file)?;
    println!(
        "1. first run, checkpoint {}: starting from the beginning",
        if checkpoint == FollowCheckpoint::default() {
            "absent"
        } else {
            "found"
        }
    );
    {
        let mut updates = egnyte.follow_issue_updates(checkpoint, options.clone());
        while let Some(update) = updates.try_next().await? {
            delivered.push(key(&update.issue));
            save_checkpoint(&checkpoint_file, &update.checkpoint)?;
            if delivered.len() == CRASH_AFTER {
                break;
            }
        }
    }
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&checkpoint_file)?)?;
    println!(
        "   handled {} updates, then the process stopped; checkpoint on disk: modified_after {}, \
         {} updates of the current page already handled",
        delivered.len(),
        saved["modified_after"],
        saved["delivered"].as_array().map_or(0, Vec::len)
    );

    // 2. While it is down: we resolve an open issue; the stand-in keeps changing others.
    let open = egnyte
        .client()
        .list_issues()
        .count(100)
        .items()
        .try_filter(|issue| futures::future::ready(issue.status.as_deref() == Some("OPEN")))
        .try_next()
        .await?
        .ok_or("no open issue to resolve")?;
    let ours = open.id.ok_or("issue without id")?;
    egnyte
        .client()
        .remediate_issue()
        .id(ours)
        .body(RemediateIssueRequest {
            issue_status: RemediateIssueRequestIssueStatus::Resolved,
            fixing_method: None,
            extra: serde_json::Map::new(),
        })
        .send()
        .await?;
    let others = stand_in.update_issues(5);
    println!("\n2. while stopped: we resolved issue {ours}; issues {others:?} changed too");

    // 3. Restart from the checkpoint file and follow for a few seconds.
    let checkpoint = load_checkpoint(&checkpoint_file)?;
    println!("\n3. restarted from the checkpoint file; following for 3 s");
    let later = {
        let stand_in = stand_in.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            stand_in.update_issues(3)
        })
    };
    let mut saw_ours = false;
    let resumed_at = delivered.len();
    {
        let mut updates = egnyte.follow_issue_updates(checkpoint, options);
        let until = tokio::time::Instant::now() + Duration::from_secs(3);
        while let Ok(next) = tokio::time::timeout_at(until, updates.try_next()).await {
            let Some(update) = next? else { break };
            let issue = &update.issue;
            delivered.push(key(issue));
            save_checkpoint(&checkpoint_file, &update.checkpoint)?;
            if issue.id == Some(ours) && issue.status.as_deref() == Some("RESOLVED") {
                saw_ours = true;
                println!("   our change arrived: issue {ours} is RESOLVED");
            }
        }
    }
    println!(
        "   {} more updates after the restart (the backlog, then issues {:?} changed at +1 s); \
         our change seen: {saw_ours}",
        delivered.len() - resumed_at,
        later.await?
    );

    // 4. Check against the server: every change up to the checkpoint, exactly once.
    let checkpoint = load_checkpoint(&checkpoint_file)?;
    let horizon = checkpoint
        .modified_after()
        .ok_or("the checkpoint has no position")?;
    let current: Vec<Issue> = egnyte
        .client()
        .get_issue_updates()
        .count(100)
        .items()
        .try_collect()
        .await?;
    let handled: HashSet<(i64, i64)> = delivered.iter().copied().collect();
    let expected: Vec<(i64, i64)> = current
        .iter()
        .map(key)
        .filter(|(_, updated)| *updated <= horizon)
        .collect();
    let missing = expected
        .iter()
        .filter(|pair| !handled.contains(pair))
        .count();
    let repeated = delivered.len() - handled.len();
    println!(
        "\n4. checked against the server: {} issue states up to the checkpoint, {missing} \
         missing; {} updates handled in all, {repeated} repeated",
        expected.len(),
        delivered.len()
    );
    if missing > 0 || repeated > 0 || !saw_ours {
        return Err("the follower lost or repeated updates".into());
    }
    Ok(())
}

/// `(id, updated)`: one state of one issue.
fn key(issue: &Issue) -> (i64, i64) {
    (issue.id.unwrap_or(-1), issue.updated.unwrap_or(-1))
}

/// The saved checkpoint, or the beginning when there is none yet.
fn load_checkpoint(path: &Path) -> Result<FollowCheckpoint, BoxError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(serde_json::from_slice(&bytes)?),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            Ok(FollowCheckpoint::default())
        }
        Err(error) => Err(error.into()),
    }
}

/// Replaces the checkpoint file atomically: a crash leaves the old or the new one, never half.
fn save_checkpoint(path: &Path, checkpoint: &FollowCheckpoint) -> Result<(), BoxError> {
    let temporary = path.with_extension("json.tmp");
    std::fs::write(&temporary, serde_json::to_vec(checkpoint)?)?;
    std::fs::rename(&temporary, path)?;
    Ok(())
}
