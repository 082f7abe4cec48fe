//! Listing scenarios through the facade and the generated client: every item exactly once,
//! filters on every page, equal timestamps at page boundaries, token expiry mid-stream.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use common::issues::{RequestLog, issue_updates_responder, list_issues_responder};
use common::*;
use futures::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use secops_sdk::auth::MemoryTokenStore;
use secops_sdk::egnyte_protect_client::types::IssueFormat;
use secops_sdk::pagination::Paginate;
use secops_sdk::{EgnyteProtect, Error};

fn egnyte(
    server: &MockServer,
    clock: Arc<TestClock>,
    expires_at_offset_secs: i64,
) -> EgnyteProtect {
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        expires_at_offset_secs,
    ))));
    EgnyteProtect::new(egnyte_config(server, store, clock)).unwrap()
}

fn ids_of(issues: &[secops_sdk::egnyte_protect_client::types::Issue]) -> Vec<i64> {
    issues.iter().map(|issue| issue.id.unwrap()).collect()
}

#[tokio::test]
async fn a_thousand_issues_over_pages_of_100_arrive_once_each_with_filters_on_every_page() {
    let server = MockServer::start_async().await;
    let log = RequestLog::default();
    let listing = server
        .mock_async({
            let log = log.clone();
            move |when, then| {
                when.method(GET).path("/api/v1/issues");
                then.respond_with(list_issues_responder((1..=1000).collect(), log));
            }
        })
        .await;
    let egnyte = egnyte(&server, TestClock::new(), 3600);

    let issues: Vec<_> = egnyte
        .client()
        .list_issues()
        .count(100u64)
        .format(IssueFormat::Full)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids_of(&issues), (1..=1000).collect::<Vec<_>>());
    listing.assert_calls_async(11).await;
    let requests = log.requests();
    let cursors: Vec<Option<&str>> = requests
        .iter()
        .map(|request| request.param("cursor"))
        .collect();
    let expected: Vec<String> = (1..=10).map(|page| (page * 100).to_string()).collect();
    assert_eq!(cursors[0], None);
    assert_eq!(
        cursors[1..],
        expected
            .iter()
            .map(|c| Some(c.as_str()))
            .collect::<Vec<_>>()[..]
    );
    for request in &requests {
        assert_eq!(request.param("count"), Some("100"), "{request:?}");
        assert_eq!(request.param("format"), Some("full"), "{request:?}");
        assert_eq!(request.authorization, "Bearer access-A");
    }
}

#[tokio::test]
async fn pages_are_fetched_only_as_the_stream_is_read() {
    let server = MockServer::start_async().await;
    let log = RequestLog::default();
    let listing = server
        .mock_async({
            let log = log.clone();
            move |when, then| {
                when.method(GET).path("/api/v1/issues");
                then.respond_with(list_issues_responder((1..=1000).collect(), log));
            }
        })
        .await;
    let egnyte = egnyte(&server, TestClock::new(), 3600);

    let first: Vec<_> = egnyte
        .client()
        .list_issues()
        .count(100u64)
        .items()
        .take(150)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(first.len(), 150);
    listing.assert_calls_async(2).await;
}

#[tokio::test]
async fn token_expiry_mid_stream_refreshes_and_continues() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let log = RequestLog::default();
    let listing = server
        .mock_async({
            let log = log.clone();
            move |when, then| {
                when.method(GET).path("/api/v1/issues");
                then.respond_with(list_issues_responder((1..=1000).collect(), log));
            }
        })
        .await;
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .form_urlencoded_tuple("refresh_token", "refresh-1");
            then.status(200).json_body(serde_json::json!({
                "access_token": "access-B", "refresh_token": "refresh-2", "expires_in": 3600
            }));
        })
        .await;
    // The access token expires 120 s after the start; it is refreshed 60 s before that.
    let egnyte = egnyte(&server, clock.clone(), 120);
    let mut stream = egnyte.client().list_issues().count(100u64).items();

    let mut ids = Vec::new();
    while let Some(issue) = stream.try_next().await.unwrap() {
        ids.push(issue.id.unwrap());
        if ids.len() == 250 {
            clock.advance(Duration::from_secs(100));
        }
    }

    assert_eq!(ids, (1..=1000).collect::<Vec<_>>());
    refresh.assert_calls_async(1).await;
    listing.assert_calls_async(11).await;
    let tokens: Vec<String> = log
        .requests()
        .into_iter()
        .map(|request| request.authorization)
        .collect();
    assert_eq!(tokens[..3], ["Bearer access-A"; 3]);
    assert!(
        tokens[3..].iter().all(|token| token == "Bearer access-B"),
        "{tokens:?}"
    );
}

/// 250 issues updated in groups of 7 sharing a timestamp, so pages of 100 end inside groups.
fn grouped_updates() -> Vec<(i64, i64)> {
    (1..=250)
        .map(|id| (id, 1_700_000_000_000 + (id - 1) / 7 * 10))
        .collect()
}

#[tokio::test]
async fn issue_updates_with_equal_timestamps_across_page_boundaries_lose_and_repeat_nothing() {
    let server = MockServer::start_async().await;
    let log = RequestLog::default();
    let updates = server
        .mock_async({
            let log = log.clone();
            move |when, then| {
                when.method(GET).path("/api/v1/issueupdates");
                then.respond_with(issue_updates_responder(grouped_updates(), |_| true, log));
            }
        })
        .await;
    let egnyte = egnyte(&server, TestClock::new(), 3600);

    let issues: Vec<_> = egnyte
        .client()
        .get_issue_updates()
        .count(100u64)
        .format(IssueFormat::Full)
        .items()
        .try_collect()
        .await
        .unwrap();

    let ids = ids_of(&issues);
    assert_eq!(ids.len(), 250, "no update repeated");
    assert_eq!(
        ids.iter().copied().collect::<BTreeSet<_>>(),
        (1..=250).collect(),
        "none lost"
    );
    let requests = log.requests();
    assert!(
        requests.iter().any(|request| request.returned > 100),
        "the scenario must include a page extended past `count`: {requests:?}"
    );
    updates.assert_calls_async(requests.len()).await;
    assert_eq!(requests.last().map(|request| request.returned), Some(0));
    for request in &requests {
        assert_eq!(request.param("count"), Some("100"));
        assert_eq!(request.param("format"), Some("full"));
    }
    let boundaries: Vec<Option<&str>> = requests
        .iter()
        .map(|request| request.param("modifiedAfter"))
        .collect();
    assert_eq!(boundaries[0], None);
    assert!(boundaries[1..].iter().all(Option::is_some));
}

#[tokio::test]
async fn audit_events_keep_the_start_date_on_every_page_and_end_on_an_empty_page() {
    let server = MockServer::start_async().await;
    let pages = [
        (
            None,
            serde_json::json!({"events": [{"n": 1}, {"n": 2}], "cursor": "c1"}),
        ),
        (
            Some("c1"),
            serde_json::json!({"events": [{"n": 3}], "cursor": "c2"}),
        ),
        (
            Some("c2"),
            serde_json::json!({"events": [], "cursor": "c3"}),
        ),
    ];
    let mut mocks = Vec::new();
    for (cursor, body) in pages {
        mocks.push(
            server
                .mock_async(move |when, then| {
                    let when = when
                        .method(GET)
                        .path("/api/v1/auditevents/useractions")
                        .query_param("count", "2")
                        .query_param("startDate", "2024-01-01T00:00:00Z");
                    match cursor {
                        Some(cursor) => when.query_param("cursor", cursor),
                        None => when.query_param_missing("cursor"),
                    };
                    then.status(200).json_body(body);
                })
                .await,
        );
    }
    let egnyte = egnyte(&server, TestClock::new(), 3600);
    let start: chrono::DateTime<chrono::Utc> = "2024-01-01T00:00:00Z".parse().unwrap();

    let events: Vec<serde_json::Value> = egnyte
        .client()
        .list_user_action_audit_events()
        .count(2u64)
        .start_date(start)
        .items()
        .try_collect()
        .await
        .unwrap();

    let numbers: Vec<i64> = events
        .iter()
        .map(|event| event["n"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3]);
    for mock in &mocks {
        mock.assert_calls_async(1).await;
    }
}

#[tokio::test]
async fn legal_hold_files_continue_through_empty_pages_until_the_cursor_is_null() {
    let server = MockServer::start_async().await;
    let hold = "00000000-0000-0000-0000-000000000001";
    let path = format!("/api/v1/legalholds/{hold}/files");
    let pages = [
        (
            None,
            serde_json::json!({"files": [{"path": "/a"}], "cursor": "p2"}),
        ),
        (Some("p2"), serde_json::json!({"files": [], "cursor": "p3"})),
        (
            Some("p3"),
            serde_json::json!({"files": [{"path": "/b"}], "cursor": null}),
        ),
    ];
    let mut mocks = Vec::new();
    for (cursor, body) in pages {
        let path = path.clone();
        mocks.push(
            server
                .mock_async(move |when, then| {
                    let when = when.method(GET).path(path).query_param("count", "50");
                    match cursor {
                        Some(cursor) => when.query_param("cursor", cursor),
                        None => when.query_param_missing("cursor"),
                    };
                    then.status(200).json_body(body);
                })
                .await,
        );
    }
    let egnyte = egnyte(&server, TestClock::new(), 3600);

    let files: Vec<secops_sdk::RawJson> = egnyte
        .client()
        .list_legal_hold_files()
        .legal_hold_id(hold.parse::<uuid::Uuid>().unwrap())
        .count(50u64)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(
        files.iter().map(|file| file.to_value()).collect::<Vec<_>>(),
        [
            serde_json::json!({"path": "/a"}),
            serde_json::json!({"path": "/b"})
        ]
    );
    for mock in &mocks {
        mock.assert_calls_async(1).await;
    }
}

#[tokio::test]
async fn a_cursor_that_does_not_advance_stops_the_stream_with_an_error() {
    let server = MockServer::start_async().await;
    let stuck = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/issues");
            then.status(200)
                .json_body(serde_json::json!({"issues": [{"id": 7}], "cursor": 7}));
        })
        .await;
    let egnyte = egnyte(&server, TestClock::new(), 3600);

    let results: Vec<Result<_, Error>> = egnyte.client().list_issues().items().collect().await;

    assert_eq!(
        results.len(),
        2,
        "the first page, then the error instead of a repeat"
    );
    assert_eq!(results[0].as_ref().unwrap().id, Some(7));
    let error = results[1].as_ref().unwrap_err();
    assert!(
        matches!(
            error,
            Error::Pagination {
                operation: "list_issues",
                ..
            }
        ),
        "{error}"
    );
    stuck.assert_calls_async(2).await;
}

#[tokio::test]
async fn an_api_error_ends_the_stream_with_the_vendor_error_body() {
    let server = MockServer::start_async().await;
    let forbidden = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/issues");
            then.status(403).json_body(serde_json::json!({
                "code": "FORBIDDEN", "message": "scope issues:read missing", "details": "x"
            }));
        })
        .await;
    let egnyte = egnyte(&server, TestClock::new(), 3600);

    let results: Vec<Result<_, Error>> = egnyte.client().list_issues().items().collect().await;

    assert_eq!(results.len(), 1);
    let error = results[0].as_ref().unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::FORBIDDEN));
    match error {
        Error::Egnyte(error) => match error.body() {
            Some(body) => {
                assert_eq!(body.message.as_deref(), Some("scope issues:read missing"));
                assert_eq!(body.code.as_deref(), Some("FORBIDDEN"));
            }
            None => panic!("expected the vendor error body, got {error:?}"),
        },
        other => panic!("expected the vendor error body, got {other:?}"),
    }
    forbidden.assert_calls_async(1).await;
}
