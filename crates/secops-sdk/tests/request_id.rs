//! Errors carry the vendor's request id (Egnyte: `x-egnyte-request-id`, the header the spec
//! declares): API errors, token-endpoint errors, bounded and without control characters; and
//! never a secret. Lacework Edge declares no request-id header, so its errors carry none.

mod common;

use std::sync::Arc;

use common::*;
use httpmock::prelude::*;
use secops_sdk::auth::{AuthError, MemoryTokenStore};
use secops_sdk::{EgnyteProtect, LaceworkEdge};
use serde_json::json;

const ACCESS: &str = "access-A-SECRET";
const REFRESH: &str = "refresh-1-SECRET";

fn egnyte(server: &MockServer, expires_in: i64) -> EgnyteProtect {
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        ACCESS, REFRESH, expires_in,
    ))));
    EgnyteProtect::new(egnyte_config(server, store, TestClock::new())).unwrap()
}

/// The error of `list_issues` through the facade, signed in with tokens expiring in
/// `expires_in` seconds.
async fn list_issues_error(server: &MockServer, expires_in: i64) -> secops_sdk::Error {
    egnyte(server, expires_in)
        .client()
        .list_issues()
        .send()
        .await
        .expect_err("the server answers with an error")
        .into()
}

fn assert_no_secret(text: &str) {
    for secret in [ACCESS, REFRESH, CLIENT_SECRET, "code-1-SECRET"] {
        assert!(!text.contains(secret), "shows {secret}: {text}");
    }
}

#[test]
fn the_header_name_comes_from_the_spec() {
    assert_eq!(
        egnyte_protect_client::REQUEST_ID_HEADER,
        Some("x-egnyte-request-id")
    );
    assert_eq!(lacework_edge_client::REQUEST_ID_HEADER, None);
}

#[tokio::test]
async fn an_egnyte_error_response_carries_the_request_id() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/issues");
            then.status(404)
                .header("x-egnyte-request-id", "req-abc123")
                .json_body(
                    json!({"code": "NOT_FOUND", "message": "no such tenant", "details": ""}),
                );
        })
        .await;

    let error = list_issues_error(&server, 3600).await;

    assert_eq!(error.request_id(), Some("req-abc123"));
    let shown = error.to_string();
    assert!(shown.ends_with("(request id req-abc123)"), "{shown}");
    assert!(shown.contains("no such tenant"), "{shown}");
    let debug = format!("{error:?}");
    assert!(
        debug.contains("request_id: Some(\"req-abc123\")"),
        "{debug}"
    );
    assert_no_secret(&format!("{shown} {debug}"));
}

#[tokio::test]
async fn an_undecodable_error_page_carries_the_request_id_too() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/issues");
            then.status(500)
                .header("x-egnyte-request-id", "req-html-1")
                .header("content-type", "text/html")
                .body("<html>Internal error</html>");
        })
        .await;

    let error = list_issues_error(&server, 3600).await;

    assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
    assert_eq!(error.request_id(), Some("req-html-1"));
    assert!(
        error.to_string().contains("(request id req-html-1)"),
        "{error}"
    );
}

#[tokio::test]
async fn a_token_endpoint_error_carries_its_request_id() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(400)
                .header("x-egnyte-request-id", "req-token-9")
                .json_body(json!({"error": "invalid_grant", "error_description": "code expired"}));
        })
        .await;
    let egnyte = egnyte(&server, 3600);

    let error = egnyte
        .auth()
        .exchange_code("code-1-SECRET")
        .await
        .unwrap_err();

    assert!(matches!(error, AuthError::CodeRejected { .. }), "{error:?}");
    assert_eq!(error.request_id(), Some("req-token-9"));
    let shown = format!("{error} {error:?}");
    assert!(
        error.to_string().contains("(request id req-token-9)"),
        "{error}"
    );
    assert!(shown.contains("req-token-9"), "{shown}");
    assert_no_secret(&shown);
}

#[tokio::test]
async fn a_failed_refresh_before_a_call_gives_the_token_endpoints_request_id() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(400)
                .header("x-egnyte-request-id", "req-refresh-3")
                .json_body(json!({"error": "invalid_grant"}));
        })
        .await;

    // The stored access token has expired: the call refreshes first, and Egnyte refuses.
    let error = list_issues_error(&server, -60).await;

    assert!(error.needs_reauthorization(), "{error}");
    assert_eq!(error.request_id(), Some("req-refresh-3"));
    assert_eq!(
        error.auth().and_then(AuthError::request_id),
        Some("req-refresh-3")
    );
    assert!(
        error.to_string().contains("(request id req-refresh-3)"),
        "{error}"
    );
    assert_no_secret(&format!("{error} {error:?}"));
}

#[tokio::test]
async fn a_hostile_request_id_is_cut_or_dropped() {
    let server = MockServer::start_async().await;
    let long = "r".repeat(5000);
    let long_mock = server
        .mock_async(|when, then| {
            when.path("/api/v1/issues");
            then.status(404)
                .header("x-egnyte-request-id", long.as_str())
                .json_body(json!({"message": "gone"}));
        })
        .await;
    let egnyte = egnyte(&server, 3600);

    let error = egnyte.client().list_issues().send().await.unwrap_err();
    let id = error.request_id().unwrap();
    assert_eq!(id, "r".repeat(128));
    assert!(error.to_string().len() < 400, "{error}");

    long_mock.delete_async().await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/issues");
            then.status(404)
                .header("x-egnyte-request-id", "abc\tdef")
                .json_body(json!({"message": "gone"}));
        })
        .await;
    let error = egnyte.client().list_issues().send().await.unwrap_err();
    assert_eq!(error.request_id(), None);
    assert!(!error.to_string().contains("request id"), "{error}");
}

#[tokio::test]
async fn lacework_errors_carry_no_request_id_the_spec_does_not_declare() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/token-login");
            then.status(200)
                .json_body(json!({"token": "jwt-1", "ttl_sec": 3600}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/api/v1/apps");
            then.status(404)
                .header("x-request-id", "generic-1")
                .header("x-egnyte-request-id", "not-lacework")
                .json_body(json!({"message": "no apps"}));
        })
        .await;
    let lacework = LaceworkEdge::new(lacework_config(&server, TestClock::new())).unwrap();

    let error: secops_sdk::Error = lacework
        .client()
        .list_apps()
        .send()
        .await
        .unwrap_err()
        .into();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(error.request_id(), None);
    assert!(!error.to_string().contains("request id"), "{error}");
}
