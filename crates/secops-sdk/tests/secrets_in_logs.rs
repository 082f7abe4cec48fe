//! Log lines of a token refresh and retries name the request and hide every secret.
//!
//! Alone in its own test binary: `tracing` caches per call site whether anyone listens, and a
//! test that installs a thread-local subscriber while other tests of the same binary run on
//! other threads can miss its own events.

mod common;

use std::sync::Arc;

use common::*;
use httpmock::prelude::*;
use secops_sdk::auth::MemoryTokenStore;
use secops_sdk::auth::egnyte::EgnyteAuth;
use secops_sdk::transport::SdkTransport;

const SECRETS: [&str; 4] = [
    "access-A-SECRET",
    "refresh-1-SECRET",
    "access-B-SECRET",
    "refresh-2-SECRET",
];

fn assert_hidden(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

#[tokio::test]
async fn log_lines_of_a_refresh_and_retries_hide_secrets_and_name_the_request() {
    let traces = common::traces::Traces::capture();

    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A-SECRET",
        "refresh-1-SECRET",
        3600,
    ))));
    let config = egnyte_config(&server, store, TestClock::new());
    let http = config.build_http_client().unwrap();
    let auth = Arc::new(EgnyteAuth::new(&config, http.clone()));
    let transport = SdkTransport::new(
        "egnyte",
        auth,
        config.retry().clone(),
        config.clock().clone(),
    );
    let rejected = server
        .mock_async(|when, then| {
            when.path("/api/v1/issues")
                .header("authorization", "Bearer access-A-SECRET");
            then.status(401);
        })
        .await;
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(200).json_body(serde_json::json!({
                "access_token": "access-B-SECRET", "refresh_token": "refresh-2-SECRET", "expires_in": 3600
            }));
        })
        .await;
    let unavailable = server
        .mock_async(|when, then| {
            when.path("/api/v1/issues")
                .header("authorization", "Bearer access-B-SECRET");
            then.status(503).up_to_n_times(1);
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.path("/api/v1/issues")
                .header("authorization", "Bearer access-B-SECRET");
            then.status(200);
        })
        .await;
    let request = http
        .get(server.url("/api/v1/issues?cursor=5"))
        .build()
        .unwrap();

    let response = send(&transport, &http, request, "list_issues")
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    rejected.assert_calls_async(1).await;
    refresh.assert_calls_async(1).await;
    unavailable.assert_calls_async(1).await;
    ok.assert_calls_async(1).await;
    let logs = traces.text();
    assert_hidden("log output", &logs);
    for expected in [
        "secops.request",
        "vendor=\"egnyte\"",
        "operation=\"list_issues\"",
        "method=GET",
        "path=/api/v1/issues",
        "status=200",
        "attempt=3",
        "latency_ms=",
    ] {
        assert!(logs.contains(expected), "log lacks {expected}: {logs}");
    }
    assert!(
        !logs.contains("cursor=5"),
        "the query string is not logged: {logs}"
    );
}
