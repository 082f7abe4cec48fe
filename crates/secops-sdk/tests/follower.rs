//! The issue-update follower: restart from a checkpoint without loss or repeats, sleeping when
//! caught up, re-delivering an issue that changes again.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use common::issues::{RequestLog, issue_updates_responder};
use common::*;
use futures::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use secops_sdk::EgnyteProtect;
use secops_sdk::auth::MemoryTokenStore;
use secops_sdk::pagination::{FileCheckpoint, FollowCheckpoint, FollowOptions, IssueUpdate};

const T0: i64 = 1_700_000_000_000;

fn egnyte(server: &MockServer, clock: Arc<TestClock>) -> EgnyteProtect {
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        3600,
    ))));
    EgnyteProtect::new(egnyte_config(server, store, clock)).unwrap()
}

/// 230 issues updated in groups of 6 sharing a timestamp; after the follower has slept once,
/// issue 5 changes again and issues 231-233 appear, all at one new timestamp.
fn history() -> Vec<(i64, i64)> {
    let mut updates: Vec<(i64, i64)> = (1..=230).map(|id| (id, T0 + (id - 1) / 6 * 10)).collect();
    let later = T0 + 1_000_000;
    updates.extend([(5, later), (231, later), (232, later), (233, later)]);
    updates
}

fn key(update: &IssueUpdate) -> (i64, i64) {
    (update.issue.id.unwrap(), update.issue.updated.unwrap())
}

#[tokio::test]
async fn a_restarted_follower_resumes_from_its_checkpoint_without_loss_or_repeats() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let slept = clock.sleep_counter();
    let log = RequestLog::default();
    let feed = server
        .mock_async({
            let log = log.clone();
            move |when, then| {
                when.method(GET)
                    .path("/api/v1/issueupdates")
                    .query_param("count", "50")
                    .query_param("format", "short");
                then.respond_with(issue_updates_responder(
                    history(),
                    move |&(_, updated)| {
                        updated < T0 + 1_000_000 || slept.load(Ordering::SeqCst) > 0
                    },
                    log,
                ));
            }
        })
        .await;
    let options = FollowOptions::default()
        .count(50)
        .format(Some(
            secops_sdk::egnyte_protect_client::types::IssueFormat::Short,
        ))
        .poll_interval(Duration::from_secs(30));

    // First run: 77 updates (stopping inside the second page), keeping only the checkpoint.
    let egnyte_first = egnyte(&server, clock.clone());
    let first: Vec<IssueUpdate> = egnyte_first
        .follow_issue_updates(FollowCheckpoint::default(), options.clone())
        .take(77)
        .try_collect()
        .await
        .unwrap();
    let saved = serde_json::to_string(&first.last().unwrap().checkpoint).unwrap();
    drop(egnyte_first);

    // Second run, a new facade from the saved checkpoint: the other 153 initial updates, a
    // poll that finds nothing and sleeps, then the 4 later updates.
    let checkpoint: FollowCheckpoint = serde_json::from_str(&saved).unwrap();
    let egnyte_second = egnyte(&server, clock.clone());
    let second: Vec<IssueUpdate> = egnyte_second
        .follow_issue_updates(checkpoint, options)
        .take(157)
        .try_collect()
        .await
        .unwrap();

    let mut seen: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    for update in first.iter().chain(&second) {
        *seen.entry(key(update)).or_default() += 1;
    }
    let expected: Vec<(i64, i64)> = history();
    assert_eq!(
        seen.keys().copied().collect::<Vec<_>>().len(),
        expected.len()
    );
    for update in &expected {
        assert_eq!(
            seen.get(update),
            Some(&1),
            "update {update:?} must arrive exactly once"
        );
    }
    assert_eq!(
        second[153..]
            .iter()
            .map(key)
            .map(|(id, _)| id)
            .collect::<Vec<_>>(),
        [5, 231, 232, 233],
        "issue 5 changed again: a new update"
    );
    assert_eq!(
        clock.sleeps(),
        [Duration::from_secs(30)],
        "one poll found nothing"
    );
    let requests = log.requests();
    feed.assert_calls_async(requests.len()).await;
    assert!(
        requests.iter().any(|request| request.returned > 50),
        "a page was extended: {requests:?}"
    );
}

#[tokio::test]
async fn checkpoints_advance_past_a_page_once_it_is_fully_delivered() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let log = RequestLog::default();
    let feed = server
        .mock_async({
            let log = log.clone();
            move |when, then| {
                when.method(GET).path("/api/v1/issueupdates");
                then.respond_with(issue_updates_responder(
                    vec![(1, T0), (2, T0), (3, T0 + 10)],
                    |_| true,
                    log,
                ));
            }
        })
        .await;
    let egnyte = egnyte(&server, clock);

    let updates: Vec<IssueUpdate> = egnyte
        .follow_issue_updates(
            FollowCheckpoint::from_modified_after(T0 - 1),
            FollowOptions::default().count(2),
        )
        .take(3)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(
        updates.iter().map(key).collect::<Vec<_>>(),
        [(1, T0), (2, T0), (3, T0 + 10)]
    );
    assert_eq!(
        updates[0].checkpoint.modified_after(),
        Some(T0 - 1),
        "mid-page: same page"
    );
    assert_eq!(
        updates[1].checkpoint.modified_after(),
        Some(T0),
        "page done: after it"
    );
    assert_eq!(updates[2].checkpoint.modified_after(), Some(T0 + 10));
    feed.assert_calls_async(2).await;
    let requests = log.requests();
    assert_eq!(
        requests[0].param("modifiedAfter"),
        Some((T0 - 1).to_string().as_str())
    );
    assert_eq!(
        requests[0].param("format"),
        Some("full"),
        "full details by default"
    );
}

/// At least once, at most one repeat per crash: a process that dies after handling an update
/// and before saving its checkpoint gets exactly that update again, first, on restart from the
/// checkpoint file, and nothing else twice — whichever update it died on.
#[tokio::test]
async fn a_crash_between_handling_and_saving_repeats_only_the_update_being_handled() {
    let server = MockServer::start_async().await;
    // 23 updates in groups of 3 sharing a timestamp: pages of 5 end mid-group and are extended.
    let history: Vec<(i64, i64)> = (1..=23).map(|id| (id, T0 + (id - 1) / 3 * 10)).collect();
    server
        .mock_async({
            let history = history.clone();
            move |when, then| {
                when.method(GET).path("/api/v1/issueupdates");
                then.respond_with(issue_updates_responder(
                    history,
                    |_| true,
                    RequestLog::default(),
                ));
            }
        })
        .await;
    let options = FollowOptions::default().count(5);
    let dir = tempfile::tempdir().unwrap();

    for crash_at in 1..=history.len() {
        let file = FileCheckpoint::new(dir.path().join(format!("crash-at-{crash_at}.json")));
        assert_eq!(file.load().unwrap(), None, "first run: no checkpoint file");

        // First run: handles `crash_at` updates, saving after each but the last.
        let mut handled = Vec::new();
        {
            let egnyte = egnyte(&server, TestClock::new());
            let mut updates =
                egnyte.follow_issue_updates(FollowCheckpoint::default(), options.clone());
            while let Some(update) = updates.try_next().await.unwrap() {
                handled.push(key(&update));
                if handled.len() == crash_at {
                    break; // the process dies here
                }
                file.save(&update.checkpoint).unwrap();
            }
        }

        // Restart from the file: the update being handled, then the rest.
        let resumed_from = file.load().unwrap().unwrap_or_default();
        let egnyte = egnyte(&server, TestClock::new());
        let resumed: Vec<(i64, i64)> = egnyte
            .follow_issue_updates(resumed_from, options.clone())
            .take(history.len() - crash_at + 1)
            .map_ok(|update| key(&update))
            .try_collect()
            .await
            .unwrap();

        assert_eq!(
            resumed[0],
            handled[crash_at - 1],
            "crash at {crash_at}: the update being handled comes again, first"
        );
        let mut all = handled.clone();
        all.extend(&resumed[1..]);
        assert_eq!(
            all, history,
            "crash at {crash_at}: everything else once, in order"
        );
    }
}

/// A bulk change: 3,000 updates at one timestamp make one page (the server never ends a page
/// inside a timestamp), between a small page before and one update after. Every update comes
/// once, in order, and a follower resumed from any checkpoint of the tied page (saved as JSON)
/// goes on exactly after its update: the rest of the page, then the update after it.
#[tokio::test]
async fn a_page_of_thousands_of_tied_updates_is_delivered_once_and_resumes_anywhere() {
    const TIED: i64 = 3_000;
    let server = MockServer::start_async().await;
    let tie = T0 + 10;
    let mut history: Vec<(i64, i64)> = (1..=5).map(|id| (id, T0)).collect();
    history.extend((100..100 + TIED).map(|id| (id, tie)));
    history.push((7, tie + 10));
    let log = RequestLog::default();
    server
        .mock_async({
            let history = history.clone();
            let log = log.clone();
            move |when, then| {
                when.method(GET).path("/api/v1/issueupdates");
                then.respond_with(issue_updates_responder(history, |_| true, log));
            }
        })
        .await;
    // Pages of 5: the first page is the 5 before the tie; the tie runs past `count`.
    let options = FollowOptions::default().count(5);

    let egnyte = egnyte(&server, TestClock::new());
    let updates: Vec<IssueUpdate> = egnyte
        .follow_issue_updates(FollowCheckpoint::default(), options.clone())
        .take(history.len())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        updates.iter().map(key).collect::<Vec<_>>(),
        history,
        "every update once, in order"
    );
    assert!(
        log.requests()
            .iter()
            .any(|request| request.returned == TIED as usize),
        "the tie came as one page"
    );
    // Within the tied page the checkpoint stays on its page and counts what it delivered.
    let tied_page = 5..5 + TIED as usize;
    let saved = serde_json::to_value(&updates[tied_page.start + 9].checkpoint).unwrap();
    assert_eq!(saved["modified_after"], T0);
    assert_eq!(saved["delivered"].as_array().unwrap().len(), 10);
    assert_eq!(saved["delivered"][9]["id"], 109);
    assert_eq!(
        updates[tied_page.end - 1].checkpoint,
        FollowCheckpoint::from_modified_after(tie),
        "page done: after it"
    );

    // Resume from a sample of the checkpoints of the tied page (first, last and between).
    let samples = [0, 1, 2, 499, 1_500, 2_997, 2_998, 2_999].map(|at| tied_page.start + at);
    for at in samples {
        let json = serde_json::to_string(&updates[at].checkpoint).unwrap();
        let from: FollowCheckpoint = serde_json::from_str(&json).unwrap();
        assert_eq!(from, updates[at].checkpoint, "round-trips through JSON");
        let rest: Vec<(i64, i64)> = egnyte
            .follow_issue_updates(from, options.clone())
            .take(history.len() - at - 1)
            .map_ok(|update| key(&update))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(
            rest,
            history[at + 1..],
            "resumed after update {at}: exactly the ones after it"
        );
    }
}

/// A checkpoint file written before the checkpoint's list was shared still loads, and a
/// checkpoint the follower hands out is saved in that same format.
#[test]
fn checkpoint_files_keep_their_format() {
    let old = r#"{"modified_after":1700000000000,"delivered":[{"id":7,"updated":1700000000500},{"id":9,"updated":1700000000500}]}"#;
    let checkpoint: FollowCheckpoint = serde_json::from_str(old).unwrap();
    assert_eq!(checkpoint.modified_after(), Some(1_700_000_000_000));
    assert_eq!(serde_json::to_string(&checkpoint).unwrap(), old);
    let start = FollowCheckpoint::from_modified_after(5);
    assert_eq!(
        serde_json::to_string(&start).unwrap(),
        r#"{"modified_after":5}"#
    );
    assert_eq!(
        serde_json::to_string(&FollowCheckpoint::default()).unwrap(),
        r#"{"modified_after":null}"#
    );
}
