//! Contract tests for the `Audit Events` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use serde_json::{Value, json};

/// The audit event `a0ef0bba-…` with every `AuditEvent` field set.
fn audit_event() -> Value {
    json!({
        "account_name": "acme-corp",
        "auth_account_name": "acme-corp",
        "auth_role": 1,
        "auth_type": "api_token",
        "auth_uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba",
        "client_ip": "203.0.113.24",
        "create_time": 1792574100000_i64,
        "expire_time_sec": 1802942100,
        "matched_path": "/Finance/Q4 payroll.xlsx",
        "method": "PATCH",
        "op": "update",
        "path": "/api/v1/policies/c57e3068-3dea-4f0c-ac28-548407b72c5b",
        "proto_version": "v1",
        "protocol": "https",
        "request_body": "{\"query\":\"payroll\"}",
        "response_status": 200,
        "response_status_text": "OK",
        "trace": "trace-8f2a6c1e",
        "user_display_name": "Dana Whitfield",
        "user_login": "dana.whitfield@example.com",
        "uuid": "a0ef0bba-5dc2-41c7-9542-b0c5cb623c25"
    })
}

/// Query Audit Events: `GET /api/v1/audit-events`.
#[tokio::test]
async fn list_audit_events() {
    let server = MockServer::start_async().await;
    let response = json!({
        "audit_events": [audit_event(), {"uuid": "ed005aa7-8f93-4f5f-948e-e10e5270a105"}]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/audit-events")
                .query_param("start_time", "1794561300000")
                .query_param("end_time", "1795166100000")
                .query_param_total(2)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_audit_events()
        .start_time("1794561300000")
        .end_time("1795166100000")
        .send()
        .await;

    assert_sent("list_audit_events", &result);
    mock.assert_async().await;
    let page = decoded("list_audit_events", result);
    assert_decoded("list_audit_events", &page, &response);
    assert_no_unknown_fields("list_audit_events", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_audit_events",
        "$.audit_events",
        page.audit_events.iter().map(|item| &item.extra),
    );
    assert_eq!(
        page.audit_events.len(),
        2,
        "list_audit_events: audit_events"
    );
    assert_eq!(
        page.audit_events[0].uuid.as_deref(),
        Some("a0ef0bba-5dc2-41c7-9542-b0c5cb623c25"),
        "list_audit_events: audit_events[0].uuid"
    );
}

/// Get the audit event details: `GET /api/v1/audit-events/{uuid}`.
#[tokio::test]
async fn get_audit_event() {
    let server = MockServer::start_async().await;
    let response = audit_event();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/audit-events/a0ef0bba-5dc2-41c7-9542-b0c5cb623c25")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_audit_event()
        .uuid("a0ef0bba-5dc2-41c7-9542-b0c5cb623c25")
        .send()
        .await;

    assert_sent("get_audit_event", &result);
    mock.assert_async().await;
    let audit_event = decoded("get_audit_event", result);
    assert_decoded("get_audit_event", &audit_event, &response);
    assert_no_unknown_fields("get_audit_event", "$", [&audit_event.extra]);
    assert_eq!(
        audit_event.uuid.as_deref(),
        Some("a0ef0bba-5dc2-41c7-9542-b0c5cb623c25"),
        "get_audit_event: uuid"
    );
    assert_eq!(
        audit_event.account_name.as_deref(),
        Some("acme-corp"),
        "get_audit_event: account_name"
    );
}
