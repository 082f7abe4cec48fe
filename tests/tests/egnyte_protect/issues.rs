//! Contract tests for the `Issues` operations of the Egnyte Secure and Govern API.

use crate::fixtures;
use contract_tests::{
    EGNYTE_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded, egnyte,
};
use egnyte_protect_client::types;
use httpmock::prelude::*;
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
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/issues")
                .query_param("count", "100")
                .query_param("cursor", "4710")
                .query_param("format", "full")
                .query_param_total(3)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

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
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/issuecursor")
                .query_param("startTime", "1793491200000")
                .query_param_total(1)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

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
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/issueupdates")
                .query_param("count", "100")
                .query_param("format", "short")
                .query_param("modifiedAfter", "1795161775000")
                .query_param_total(3)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

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
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/issues/4711")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server).get_issue().id(4711).send().await;

    assert_sent("get_issue", &result);
    mock.assert_async().await;
    let issue = decoded("get_issue", result);
    assert_decoded("get_issue", &issue, &response);
    assert_no_unknown_fields("get_issue", "$", [&issue.extra]);
    assert_eq!(issue.id, Some(4711), "get_issue: id");
    assert_eq!(issue.severity, Some(8), "get_issue: severity");
    assert_eq!(
        issue.item.get("displayName"),
        Some(&json!("2026-11 payroll.xlsx")),
        "get_issue: item.displayName"
    );
}
