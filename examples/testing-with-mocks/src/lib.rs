//! How to test your own code that uses `secops-sdk` without a tenant.
//!
//! This crate plays the part of a user's program: two small functions that call the APIs
//! through the facade, the way a real integration would, and tests that check them.
//!
//! - [`severe_open_issues`] pages through every Egnyte Secure and Govern issue and counts the
//!   open ones of a given severity or more;
//! - [`apps_without_connector`] lists the active Lacework Edge apps that have no connector;
//! - [`forward_issue_updates`] follows Egnyte issue updates from a point in time and hands each
//!   one to a sink, as a SIEM forwarder does.
//!
//! The tests:
//!
//! - `tests/with_typed_mocks.rs`: each function against an `httpmock` server set up with the
//!   typed helpers of `egnyte-protect-httpmock` and `lacework-edge-httpmock`
//!   (`server.list_issues(|when, then| ...)`), through the facade with its sign-in, paging and
//!   error handling;
//! - `tests/readme.rs`: the example of the workspace README ("Testing your code against these
//!   APIs"), kept identical to it by a test;
//! - `tests/with_stand_in.rs`: the functions against `secops-stand-in`, the in-process fake
//!   tenant of both APIs, with injected faults (429, 503, dropped connections), rotating
//!   tokens, a clock the test moves, and the stand-in's record of every issue version to
//!   check the forwarder for loss and repeats.
//!
//! ```text
//! cargo test -p testing-with-mocks
//! ```

use futures::TryStreamExt;
use secops_sdk::pagination::{FollowCheckpoint, FollowOptions, Paginate};
use secops_sdk::{EgnyteProtect, LaceworkEdge};

/// How many issues are `OPEN` with a severity of `min_severity` or more, over every page of
/// `list_issues`.
pub async fn severe_open_issues(
    egnyte: &EgnyteProtect,
    min_severity: i64,
) -> Result<usize, secops_sdk::Error> {
    egnyte
        .client()
        .list_issues()
        .count(100)
        .items()
        .try_fold(0, |count, issue| async move {
            let open = issue.status.as_deref() == Some("OPEN");
            let severe = issue.severity.is_some_and(|s| s >= min_severity);
            Ok(count + usize::from(open && severe))
        })
        .await
}

/// The names of the active apps (`status=ACTIVE`) that have no connector, in the order listed.
pub async fn apps_without_connector(
    lacework: &LaceworkEdge,
) -> Result<Vec<String>, secops_sdk::Error> {
    let apps = lacework
        .client()
        .list_apps()
        .status("ACTIVE")
        .send()
        .await?
        .into_inner()
        .apps;
    Ok(apps
        .into_iter()
        .filter(|app| {
            app.connector_unique_name
                .as_deref()
                .unwrap_or("")
                .is_empty()
        })
        .filter_map(|app| app.name)
        .collect())
}

/// Follows Egnyte issue updates changed after `since` (epoch milliseconds) and hands the first
/// `limit` to `sink` as `(issue id, updated)`, in the order the follower delivers them; returns
/// how many it handed on. A forwarder would run this forever, writing each update out.
pub async fn forward_issue_updates(
    egnyte: &EgnyteProtect,
    since: i64,
    limit: usize,
    poll_interval: std::time::Duration,
    mut sink: impl FnMut(i64, i64),
) -> Result<usize, secops_sdk::Error> {
    let options = FollowOptions::default()
        .poll_interval(poll_interval)
        .count(10);
    let mut updates =
        egnyte.follow_issue_updates(FollowCheckpoint::from_modified_after(since), options);
    let mut handed = 0;
    while handed < limit {
        let Some(update) = updates.try_next().await? else {
            break;
        };
        if let (Some(id), Some(updated)) = (update.issue.id, update.issue.updated) {
            sink(id, updated);
            handed += 1;
        }
    }
    Ok(handed)
}
