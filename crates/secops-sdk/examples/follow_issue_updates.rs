//! Following Egnyte issue updates with a checkpoint that survives a restart (what a SIEM
//! integration does), against the local stand-in:
//!
//! ```text
//! cargo run -p secops-sdk --example follow_issue_updates
//! ```
//!
//! 1. With no checkpoint file, the follower starts from the beginning: every issue in its
//!    current state, then changes as they happen. The checkpoint is saved with
//!    [`FileCheckpoint`] (atomically, flushed to disk) after each update is handled.
//! 2. The process "crashes" in the middle of a page, after handling an update and before
//!    saving its checkpoint. While it is down, other issues change and we resolve one
//!    ourselves.
//! 3. A new follower starts from the saved checkpoint, picks up where the first stopped
//!    (with the update being handled at the crash: delivery is at least once), sees our
//!    change arrive, and keeps polling while more changes come in.
//! 4. The result is checked against the server: every change up to the last checkpoint was
//!    delivered; at most one, the update being handled at the crash, twice.

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use common::BoxError;
use futures::TryStreamExt;
use secops_sdk::egnyte_protect_client::types::{
    Issue, RemediateIssueRequest, RemediateIssueRequestIssueStatus,
};
use secops_sdk::pagination::{FileCheckpoint, FollowOptions, Paginate};
use secops_stand_in::{StandIn, StandInOptions};

/// The update being handled when the first follower "crashes" (page size is 25: mid-page).
const CRASH_AT: usize = 40;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::exit_code(run().await)
}

async fn run() -> Result<(), BoxError> {
    common::init_logging("warn");
    let stand_in = Arc::new(StandIn::start(StandInOptions::default().issue_count(60)).await?);
    let egnyte = common::signed_in_egnyte(&stand_in).await?;

    let directory = tempfile::tempdir()?;
    let checkpoint_file =
        FileCheckpoint::new(directory.path().join("issue-updates.checkpoint.json"));
    let options = FollowOptions::default()
        .poll_interval(Duration::from_millis(250))
        .count(25);
    let mut delivered: Vec<(i64, i64)> = Vec::new();

    // 1. First run: no checkpoint file yet, so start from the beginning. (A file that exists
    // but does not hold a checkpoint would be an error naming it, not a fresh start.)
    let saved = checkpoint_file.load_async().await?;
    println!(
        "1. first run, checkpoint {}: starting from the beginning",
        if saved.is_some() { "found" } else { "absent" }
    );
    {
        let mut updates = egnyte.follow_issue_updates(saved.unwrap_or_default(), options.clone());
        while let Some(update) = updates.try_next().await? {
            // Handle the update, then save its checkpoint.
            delivered.push(key(&update.issue));
            if delivered.len() == CRASH_AT {
                // The process dies here: handled, but its checkpoint not saved.
                break;
            }
            checkpoint_file.save_async(&update.checkpoint).await?;
        }
    }
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(checkpoint_file.path())?)?;
    println!(
        "   handled {} updates, then the process died before saving the last one's checkpoint; \
         checkpoint on disk: modified_after {}, {} updates of the current page already handled",
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
    let checkpoint = checkpoint_file
        .load_async()
        .await?
        .ok_or("the checkpoint file is missing")?;
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
            checkpoint_file.save_async(&update.checkpoint).await?;
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

    // 4. Check against the server: every change up to the checkpoint, at least once; at most
    // one repeat, the update being handled at the crash.
    let checkpoint = checkpoint_file
        .load_async()
        .await?
        .ok_or("the checkpoint file is missing")?;
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
    let crash_update = delivered[CRASH_AT - 1];
    println!(
        "\n4. checked against the server: {} issue states up to the checkpoint, {missing} \
         missing; {} updates handled in all, {repeated} repeated{}",
        expected.len(),
        delivered.len(),
        if repeated == 1 {
            format!(
                " (issue {} at {}, handled when the first follower died)",
                crash_update.0, crash_update.1
            )
        } else {
            String::new()
        }
    );
    // The crash update comes again unless its issue changed meanwhile (then its new state
    // comes instead); nothing else may repeat.
    let only_crash_update_repeated = delivered[resumed_at..]
        .iter()
        .all(|pair| pair == &crash_update || !delivered[..resumed_at].contains(pair));
    if missing > 0 || repeated > 1 || !only_crash_update_repeated || !saw_ours {
        return Err("the follower lost updates or repeated more than the crash update".into());
    }
    Ok(())
}

/// `(id, updated)`: one state of one issue.
fn key(issue: &Issue) -> (i64, i64) {
    (issue.id.unwrap_or(-1), issue.updated.unwrap_or(-1))
}
