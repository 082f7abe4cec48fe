//! One bad item never stops a stream: a listing of 1,000 issues with one that does not decode
//! yields 999 issues and one error, in order; the follower likewise, and the checkpoint it hands
//! out with the error passes the bad issue.

mod common;

use std::sync::Arc;

use common::issues::issue;
use common::*;
use futures::StreamExt;
use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse};
use secops_sdk::auth::MemoryTokenStore;
use secops_sdk::pagination::{FollowCheckpoint, FollowOptions, Paginate};
use secops_sdk::{EgnyteProtect, Error};
use serde_json::{Value, json};

const T0: i64 = 1_700_000_000_000;
const BAD: i64 = 500;

fn egnyte(server: &MockServer) -> EgnyteProtect {
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        3600,
    ))));
    EgnyteProtect::new(egnyte_config(server, store, TestClock::new())).unwrap()
}

/// Issue `id` as the server sends it; issue [`BAD`] has a `status` no client can read.
fn served(id: i64) -> Value {
    let mut issue = issue(id, T0 + id);
    if id == BAD {
        issue["status"] = json!(["planted-VALUE-7731"]);
    }
    issue
}

fn param(request: &HttpMockRequest, name: &str) -> Option<i64> {
    request
        .query_params()
        .into_iter()
        .find(|(key, _)| key == name)
        .and_then(|(_, value)| value.parse().ok())
}

fn page(issues: Vec<Value>, cursor_field: &str, cursor: i64) -> HttpMockResponse {
    HttpMockResponse::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(json!({"issues": issues, cursor_field: cursor}).to_string())
        .build()
}

/// `list_issues`: issues 1..=1000 after `cursor`, 100 a page.
fn issues(request: &HttpMockRequest) -> HttpMockResponse {
    let after = param(request, "cursor").unwrap_or(0);
    let ids: Vec<i64> = (after + 1..=1000).take(100).collect();
    let last = ids.last().copied().unwrap_or(after);
    page(ids.into_iter().map(served).collect(), "cursor", last)
}

/// `get_issue_updates`: issues updated after `modifiedAfter`, 100 a page.
fn updates(request: &HttpMockRequest) -> HttpMockResponse {
    let after = param(request, "modifiedAfter").unwrap_or(i64::MIN);
    let ids: Vec<i64> = (1..=1000).filter(|id| T0 + id > after).take(100).collect();
    let last = ids.last().map(|id| T0 + id).unwrap_or(after);
    page(ids.into_iter().map(served).collect(), "modifiedAfter", last)
}

#[tokio::test]
async fn a_listing_yields_999_issues_and_one_error_in_order() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/issues");
            then.respond_with(issues);
        })
        .await;

    let results: Vec<Result<_, Error>> = egnyte(&server)
        .client()
        .list_issues()
        .count(100)
        .items()
        .collect()
        .await;

    assert_eq!(results.len(), 1000);
    for (position, result) in results.iter().enumerate() {
        let id = position as i64 + 1;
        match result {
            Ok(issue) => assert_eq!(issue.id, Some(id)),
            Err(error) => {
                assert_eq!(id, BAD, "only issue {BAD} fails: {error}");
                let item = error.item().expect("an item error");
                assert_eq!(error.operation(), "list_issues");
                assert_eq!(item.id(), Some("500"));
                assert_eq!(item.path(), "status");
                assert_eq!(item.index(), 99, "the last of its page");
                assert!(error.to_string().contains("id 500"), "{error}");
                assert!(
                    !error.to_string().contains("7731"),
                    "no value is quoted: {error}"
                );
            }
        }
    }
    assert_eq!(results.iter().filter(|result| result.is_err()).count(), 1);
}

#[tokio::test]
async fn a_strict_listing_stops_at_the_bad_item() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/issues");
            then.respond_with(issues);
        })
        .await;

    let results: Vec<Result<_, Error>> = egnyte(&server)
        .client()
        .list_issues()
        .items_strict()
        .collect()
        .await;

    assert_eq!(results.len(), 500);
    assert!(results[..499].iter().all(Result::is_ok));
    assert!(results[499].is_err());
}

#[tokio::test]
async fn the_follower_yields_999_updates_and_one_skip_whose_checkpoint_passes_it() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/issueupdates");
            then.respond_with(updates);
        })
        .await;
    let egnyte = egnyte(&server);
    let options = FollowOptions::default().count(100);

    let results: Vec<_> = egnyte
        .follow_issue_updates(FollowCheckpoint::default(), options.clone())
        .take(1000)
        .collect()
        .await;

    let mut skipped = None;
    for (position, result) in results.iter().enumerate() {
        let id = position as i64 + 1;
        match result {
            Ok(update) => assert_eq!(update.issue.id, Some(id)),
            Err(error) => {
                assert_eq!(id, BAD, "only issue {BAD} fails: {error}");
                assert_eq!(error.item().and_then(|item| item.id()), Some("500"));
                skipped = error.checkpoint().cloned();
            }
        }
    }
    let past_it = skipped.expect("the skipped update carries a checkpoint");

    // Resumed from the skip's checkpoint, the follower goes on with the next issue.
    let resumed: Vec<_> = egnyte
        .follow_issue_updates(past_it, options)
        .take(1)
        .collect()
        .await;
    let next = resumed[0].as_ref().expect("the next update");
    assert_eq!(next.issue.id, Some(BAD + 1));
}
