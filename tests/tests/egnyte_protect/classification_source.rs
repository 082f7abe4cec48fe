//! Contract tests for the `Classification Source` operations of the Egnyte Secure and Govern API.
//!
//! `run_classification_source_test` is tagged both `Classification Source` and `Dev Tools` (the
//! page lists it under both sections): it is tested here, under its first tag, and nowhere else.

use contract_tests::{
    EGNYTE_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded, egnyte,
};
use egnyte_protect_client::types;
use httpmock::prelude::*;
use serde_json::json;

/// Register a source for classification: `POST /v1/classificationsources`.
#[tokio::test]
async fn register_classification_source() {
    let server = MockServer::start_async().await;
    let response = json!({"sourceId": "2b8685ff-d216-4c45-92ac-fa8e75a95bcb"});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/classificationsources")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "transport": "https",
                    "discoveryURL": "https://classifier.example.com/egnyte/discovery",
                    "sourceDisplayName": "Finance SharePoint",
                    "location": "https://example.sharepoint.com/sites/finance",
                    "troubleshootingURL": "https://classifier.example.com/docs/troubleshooting",
                    "authHeader": "Bearer 7f3e9c1a5b2d4e6f8a0b1c2d3e4f5a6b",
                    "emailContact": "it-ops@example.com",
                    "sourceType": "SharePoint Online",
                    "iconUrl": "https://classifier.example.com/icons/sharepoint.png"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .register_classification_source()
        .body_map(|body| {
            body.transport(types::Transport::Https)
                .discovery_url("https://classifier.example.com/egnyte/discovery")
                .source_display_name("Finance SharePoint")
                .location("https://example.sharepoint.com/sites/finance".to_owned())
                .troubleshooting_url("https://classifier.example.com/docs/troubleshooting")
                .auth_header(types::SensitiveString::from(
                    "Bearer 7f3e9c1a5b2d4e6f8a0b1c2d3e4f5a6b",
                ))
                .email_contact("it-ops@example.com".to_owned())
                .source_type("SharePoint Online".to_owned())
                .icon_url("https://classifier.example.com/icons/sharepoint.png".to_owned())
        })
        .send()
        .await;

    assert_sent("register_classification_source", &result);
    mock.assert_async().await;
    let registered = decoded("register_classification_source", result);
    assert_decoded("register_classification_source", &registered, &response);
    assert_no_unknown_fields("register_classification_source", "$", [&registered.extra]);
    assert_eq!(
        registered.source_id.as_deref(),
        Some("2b8685ff-d216-4c45-92ac-fa8e75a95bcb"),
        "register_classification_source: sourceId"
    );
}

/// Unregister classification source: `DELETE /v1/classificationsources/{sourceId}`.
#[tokio::test]
async fn unregister_classification_source() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/classificationsources/2b8685ff-d216-4c45-92ac-fa8e75a95bcb")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type")
                .body("");
            then.status(200).json_body(json!({}));
        })
        .await;

    let result = egnyte(&server)
        .unregister_classification_source()
        .source_id("2b8685ff-d216-4c45-92ac-fa8e75a95bcb")
        .send()
        .await;

    assert_sent("unregister_classification_source", &result);
    mock.assert_async().await;
    let body = decoded("unregister_classification_source", result);
    assert!(
        body.is_empty(),
        "unregister_classification_source: expected {{}}, got {body:?}"
    );
}

/// Request a test run on a classification source: `POST /v1/classificationsources/testrun`.
#[tokio::test]
async fn run_classification_source_test() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/classificationsources/testrun")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "transport": "https",
                    "discoveryURL": "https://classifier.example.com/egnyte/discovery",
                    "authHeader": "Bearer 7f3e9c1a5b2d4e6f8a0b1c2d3e4f5a6b"
                }));
            then.status(200).json_body(json!({}));
        })
        .await;

    let result = egnyte(&server)
        .run_classification_source_test()
        .body_map(|body| {
            body.transport(types::Transport::Https)
                .discovery_url("https://classifier.example.com/egnyte/discovery")
                .auth_header(types::SensitiveString::from(
                    "Bearer 7f3e9c1a5b2d4e6f8a0b1c2d3e4f5a6b",
                ))
        })
        .send()
        .await;

    assert_sent("run_classification_source_test", &result);
    mock.assert_async().await;
    let body = decoded("run_classification_source_test", result);
    assert!(
        body.is_empty(),
        "run_classification_source_test: expected {{}}, got {body:?}"
    );
}
