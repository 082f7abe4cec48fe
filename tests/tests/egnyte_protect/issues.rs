//! Contract tests for the `Issues` operations of the Egnyte Secure and Govern API.
//!
//! The mocks are the typed helpers of `egnyte-protect-httpmock`: `server.<operation>(..)`
//! matches the operation's method and whole path (behind the server's `/api`),
//! `when.<parameter>(..)` each path and query parameter with a literal value, and
//! `then.ok(..)` answers with the sample read into the operation's response type (a sample that
//! does not fit panics naming the type). The rest is matched raw after `into_inner()`: no other
//! query parameter (`query_param_total`), the headers, and the enum query value `format`. That
//! one stays a string literal rather than `.format(&types::IssueFormat::Full)`: the typed
//! matcher writes the value with the client's own serialization of the same enum, so a change
//! in how the enum is written would go unnoticed.

use std::num::NonZeroU64;

use crate::fixtures;
use contract_tests::{
    EGNYTE_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded, egnyte,
    from_json,
};
use egnyte_protect_client::types;
use egnyte_protect_httpmock::MockServerExt;
use httpmock::MockServer;
use serde_json::json;

/// Get list of issues: `GET /v1/issues`.
#[tokio::test]
async fn list_issues() {
    let server = MockServer::start_async().await;
    let response = json!({
        "cursor": 4712,
        "issues": [
            fixtures::issue(),
            {
                "id": 4712,
                "sourceId": "egnyte-connect",
                "status": "OPEN",
                "type": "SUSPICIOUS_LOGIN",
                "severity": 6,
                "updated": 1795165200000_i64,
                "detected": 1795165200000_i64
            }
        ]
    });
    let mock = server.list_issues(|when, then| {
        when.count(NonZeroU64::new(100))
            .cursor(4710)
            .into_inner()
            // The literal value, not `.format(&types::IssueFormat::Full)` (see the module docs).
            .query_param("format", "full")
            .query_param_total(3)
            .header("authorization", EGNYTE_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header_missing("content-type");
        then.ok(&from_json(response.clone()));
    });

    let result = egnyte(&server)
        .list_issues()
        .count(100_u64)
        .cursor(4710)
        .format(types::IssueFormat::Full)
        .send()
        .await;

    assert_sent("list_issues", &result);
    mock.assert_async().await;
    let page = decoded("list_issues", result);
    assert_decoded("list_issues", &page, &response);
    assert_no_unknown_fields("list_issues", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_issues",
        "$.issues",
        page.issues.iter().map(|item| &item.extra),
    );
    assert_eq!(page.cursor, Some(4712), "list_issues: cursor");
    assert_eq!(page.issues.len(), 2, "list_issues: issues");
    assert_eq!(page.issues[0].id, Some(4711), "list_issues: issues[0].id");
    assert_eq!(
        page.issues[0].web_view_link.as_deref(),
        Some("https://acme.egnyteprotect.com/#/issues/4711"),
        "list_issues: issues[0].webViewLink"
    );
}

/// Get cursor: `GET /v1/issuecursor`.
#[tokio::test]
async fn get_issue_cursor() {
    let server = MockServer::start_async().await;
    let response = json!({"cursor": 2343});
    let mock = server.get_issue_cursor(|when, then| {
        when.start_time(1_793_491_200_000)
            .into_inner()
            .query_param_total(1)
            .header("authorization", EGNYTE_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header_missing("content-type");
        then.ok(&from_json(response.clone()));
    });

    let result = egnyte(&server)
        .get_issue_cursor()
        .start_time(1_793_491_200_000_i64)
        .send()
        .await;

    assert_sent("get_issue_cursor", &result);
    mock.assert_async().await;
    let cursor = decoded("get_issue_cursor", result);
    assert_decoded("get_issue_cursor", &cursor, &response);
    assert_no_unknown_fields("get_issue_cursor", "$", [&cursor.extra]);
    assert_eq!(cursor.cursor, Some(2343), "get_issue_cursor: cursor");
}

/// Get list of issues updates: `GET /v1/issueupdates`.
#[tokio::test]
async fn get_issue_updates() {
    let server = MockServer::start_async().await;
    let response = json!({
        "modifiedAfter": 1795165200000_i64,
        "issues": [
            {
                "id": 4711,
                "sourceId": "egnyte-connect",
                "status": "RESOLVED",
                "type": "SENSITIVE_CONTENT_PUBLIC_LINK",
                "severity": 8,
                "updated": 1795165200000_i64,
                "detected": 1795128067000_i64
            }
        ]
    });
    let mock = server.get_issue_updates(|when, then| {
        when.count(NonZeroU64::new(100))
            .modified_after(1_795_161_775_000)
            .into_inner()
            // The literal value, not `.format(&types::IssueFormat::Short)` (see the module docs).
            .query_param("format", "short")
            .query_param_total(3)
            .header("authorization", EGNYTE_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header_missing("content-type");
        then.ok(&from_json(response.clone()));
    });

    let result = egnyte(&server)
        .get_issue_updates()
        .count(100_u64)
        .format(types::IssueFormat::Short)
        .modified_after(1_795_161_775_000_i64)
        .send()
        .await;

    assert_sent("get_issue_updates", &result);
    mock.assert_async().await;
    let updates = decoded("get_issue_updates", result);
    assert_decoded("get_issue_updates", &updates, &response);
    assert_no_unknown_fields("get_issue_updates", "$", [&updates.extra]);
    assert_no_unknown_fields(
        "get_issue_updates",
        "$.issues",
        updates.issues.iter().map(|item| &item.extra),
    );
    assert_eq!(
        updates.modified_after,
        Some(1_795_165_200_000),
        "get_issue_updates: modifiedAfter"
    );
    assert_eq!(
        updates.issues[0].id,
        Some(4711),
        "get_issue_updates: issues[0].id"
    );
}

/// Get issue details: `GET /v1/issues/{id}`.
#[tokio::test]
async fn get_issue() {
    let server = MockServer::start_async().await;
    let response = fixtures::issue();
    let mock = server.get_issue(|when, then| {
        when.id(4711)
            .into_inner()
            .query_param_total(0)
            .header("authorization", EGNYTE_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header_missing("content-type");
        then.ok(&from_json(response.clone()));
    });

    let result = egnyte(&server).get_issue().id(4711).send().await;

    assert_sent("get_issue", &result);
    mock.assert_async().await;
    let issue = decoded("get_issue", result);
    assert_decoded("get_issue", &issue, &response);
    assert_no_unknown_fields("get_issue", "$", [&issue.extra]);
    assert_eq!(issue.id, Some(4711), "get_issue: id");
    assert_eq!(issue.severity, Some(8), "get_issue: severity");
    assert_eq!(
        issue
            .item
            .as_ref()
            .map(|item| item.to_value()["displayName"].clone()),
        Some(json!("2026-11 payroll.xlsx")),
        "get_issue: item.displayName"
    );
}
