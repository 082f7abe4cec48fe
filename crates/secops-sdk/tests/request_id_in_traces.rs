//! Each attempt's trace records the vendor's request id (field `request_id`).
//!
//! Alone in its own test binary: `tracing` caches per call site whether anyone listens, and a
//! test that installs a thread-local subscriber while other tests of the same binary run on
//! other threads can miss its own events.

mod common;

use std::sync::Arc;

use common::*;
use httpmock::prelude::*;
use secops_sdk::EgnyteProtect;
use secops_sdk::auth::MemoryTokenStore;

#[tokio::test]
async fn each_attempt_records_the_request_id() {
    let traces = common::traces::Traces::capture();

    let server = MockServer::start_async().await;
    let unavailable = server
        .mock_async(|when, then| {
            when.path("/api/v1/issues");
            then.status(503)
                .header("x-egnyte-request-id", "req-attempt-1")
                .up_to_n_times(1);
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.path("/api/v1/issues");
            then.status(200)
                .header("x-egnyte-request-id", "req-attempt-2")
                .json_body(serde_json::json!({"issues": [], "cursor": null}));
        })
        .await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A-SECRET",
        "refresh-1-SECRET",
        3600,
    ))));
    let egnyte = EgnyteProtect::new(egnyte_config(&server, store, TestClock::new())).unwrap();

    egnyte.client().list_issues().send().await.unwrap();

    unavailable.assert_calls_async(1).await;
    ok.assert_calls_async(1).await;
    let logs = traces.text();
    let retry = logs
        .lines()
        .find(|line| line.contains("retrying"))
        .unwrap_or_else(|| panic!("no retry event: {logs}"));
    assert!(retry.contains("request_id=\"req-attempt-1\""), "{retry}");
    let finished = logs
        .lines()
        .find(|line| line.contains("request finished"))
        .unwrap_or_else(|| panic!("no finish event: {logs}"));
    assert!(
        finished.contains("request_id=\"req-attempt-2\""),
        "{finished}"
    );
    let closed = logs
        .lines()
        .find(|line| line.contains("close") && line.contains("secops.request"))
        .unwrap_or_else(|| panic!("no span close: {logs}"));
    assert!(closed.contains("request_id=\"req-attempt-2\""), "{closed}");
    assert!(!logs.contains("access-A-SECRET"), "{logs}");
}
