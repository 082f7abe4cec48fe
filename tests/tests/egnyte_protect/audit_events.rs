//! Contract tests for the `Audit Events` operations of the Egnyte Secure and Govern API.

use contract_tests::{EGNYTE_BEARER, WhenExt, assert_decoded, assert_sent, decoded, egnyte};
use httpmock::prelude::*;
use serde_json::json;

/// Get User Actions audit events: `GET /v1/auditevents/useractions`.
#[tokio::test]
async fn list_user_action_audit_events() {
    let server = MockServer::start_async().await;
    let response = json!({
        "events": [
            {
                "id": "9bbea8cc-1c01-4c9d-9f69-27fc3976e569",
                "timestamp": 1795012200000_i64,
                "user": "bob.green@example.com",
                "action": "ISSUE_RESOLVED",
                "target": "4711"
            },
            {
                "id": "e4319fd5-8212-4e40-9eaa-e34a1bab9740",
                "timestamp": 1795160710000_i64,
                "user": "alice.moreau@example.com",
                "action": "LEGAL_HOLD_CREATED",
                "target": "LH00014"
            }
        ],
        "cursor": "YXVkaXQ6MTc5NTE2MDcxMDAwMA"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/auditevents/useractions")
                .query_param("count", "500")
                .query_param("startDate", "2026-11-01T00:00:00Z")
                .query_param_total(2)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .list_user_action_audit_events()
        .count(500_u64)
        .start_date(
            "2026-11-01T00:00:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap(),
        )
        .send()
        .await;

    assert_sent("list_user_action_audit_events", &result);
    mock.assert_async().await;
    let page = decoded("list_user_action_audit_events", result);
    assert_decoded("list_user_action_audit_events", &page, &response);
    assert_eq!(
        page["events"][0]["action"],
        json!("ISSUE_RESOLVED"),
        "list_user_action_audit_events: events[0].action"
    );
}

/// Get Content Lifecycle audit events: `GET /v1/auditevents/contentlifecycle`.
#[tokio::test]
async fn list_content_lifecycle_audit_events() {
    let server = MockServer::start_async().await;
    let response = json!({
        "events": [
            {
                "id": "b0e72eb6-0258-428d-bc7d-eb0e00dc646b",
                "timestamp": 1795128067000_i64,
                "action": "FILE_DELETED",
                "path": "/Shared/Finance/Payroll/2025-11 payroll.xlsx",
                "retention": "LH00001"
            }
        ],
        "cursor": "bGlmZWN5Y2xlOjE3OTUxMjgwNjcwMDA"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/auditevents/contentlifecycle")
                .query_param("count", "1000")
                .query_param("cursor", "bGlmZWN5Y2xlOjA")
                .query_param_total(2)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .list_content_lifecycle_audit_events()
        .count(1000_u64)
        .cursor("bGlmZWN5Y2xlOjA")
        .send()
        .await;

    assert_sent("list_content_lifecycle_audit_events", &result);
    mock.assert_async().await;
    let page = decoded("list_content_lifecycle_audit_events", result);
    assert_decoded("list_content_lifecycle_audit_events", &page, &response);
    assert_eq!(
        page["cursor"],
        json!("bGlmZWN5Y2xlOjE3OTUxMjgwNjcwMDA"),
        "list_content_lifecycle_audit_events: cursor"
    );
}
