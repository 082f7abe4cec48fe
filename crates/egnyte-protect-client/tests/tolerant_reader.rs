//! Responses that differ from the spec in the ways real servers do still decode: `null` for an
//! absent property, integers written as `7.0`, `1.7e12` or `"7"`. What is sent does not change,
//! and credentials that arrive under keys the spec does not name stay out of `Debug`.

use egnyte_protect_client::types::{Issue, IssueUpdates, ListIssuesResponse};
use egnyte_protect_client::{Client, Hooks};
use httpmock::prelude::*;
use serde_json::{Value, json};

/// The generated client on the mock server, without a transport.
fn client(server: &MockServer) -> Client {
    Client::new(&format!("{}/api", server.base_url()), Hooks::default())
}

/// An issue as a server with a different JSON encoder might send it.
fn odd_issue() -> Value {
    json!({
        "id": "7",
        "updated": 1.7e12,
        "detected": "1731000000000",
        "severity": 3.0,
        "status": "OPEN",
        "type": "PUBLIC_LINK",
        "sourceId": null,
        "webViewLink": null,
        "assignee": null,
        "item": null,
        "policies": null,
        "violationDetails": null,
        "tags": null
    })
}

#[tokio::test]
async fn an_issue_with_nulls_and_integers_as_strings_and_floats_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/issues/7");
            then.status(200).json_body(odd_issue());
        })
        .await;

    let issue = client(&server)
        .get_issue()
        .id(7)
        .send()
        .await
        .expect("a tolerant reader decodes the issue")
        .into_inner();
    mock.assert_async().await;

    assert_eq!(issue.id, Some(7));
    assert_eq!(issue.updated, Some(1_700_000_000_000));
    assert_eq!(issue.detected, Some(1_731_000_000_000));
    assert_eq!(issue.severity, Some(3));
    assert_eq!(issue.status.as_deref(), Some("OPEN"));
    assert_eq!(issue.source_id, None);
    assert_eq!(issue.web_view_link, None);
    assert!(issue.assignee.is_none(), "null assignee is absent");
    assert!(issue.item.is_none());
    assert!(issue.policies.is_empty());
    assert!(issue.violation_details.is_none());
    assert_eq!(
        issue.extra.get("tags"),
        Some(&Value::Null),
        "a field the spec does not list is kept as sent"
    );

    // Encoding stays canonical: integers as numbers, absent fields left out.
    let encoded = serde_json::to_value(&issue).unwrap();
    assert_eq!(encoded["id"], json!(7));
    assert_eq!(encoded["updated"], json!(1_700_000_000_000_i64));
    assert_eq!(encoded["severity"], json!(3));
    for absent in [
        "assignee",
        "item",
        "policies",
        "sourceId",
        "violationDetails",
    ] {
        assert!(encoded.get(absent).is_none(), "{absent}: {encoded}");
    }
}

#[tokio::test]
async fn a_listing_page_with_a_string_cursor_and_null_issues_decodes() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/issues");
            then.status(200)
                .json_body(json!({"issues": null, "cursor": "1000099"}));
        })
        .await;

    let page = client(&server)
        .list_issues()
        .count(100)
        .send()
        .await
        .expect("an empty page written with nulls decodes")
        .into_inner();
    assert!(page.issues.is_empty());
    assert_eq!(page.cursor, Some(1_000_099));
}

#[test]
fn issue_updates_decode_with_mixed_encodings() {
    let updates: IssueUpdates = serde_json::from_value(json!({
        "issues": [odd_issue(), {"id": 8, "updated": 1_700_000_000_001_i64, "assignee": {"name": "Ann"}}],
        "modifiedAfter": "1700000000001"
    }))
    .unwrap();
    assert_eq!(updates.modified_after, Some(1_700_000_000_001));
    let ids: Vec<_> = updates.issues.iter().map(|issue| issue.id).collect();
    assert_eq!(ids, [Some(7), Some(8)]);
    assert_eq!(
        updates.issues[1].assignee.as_ref().unwrap().to_value()["name"],
        json!("Ann")
    );
}

#[tokio::test]
async fn values_that_are_not_integers_are_still_errors() {
    for (field, value) in [
        ("id", json!(7.5)),
        ("id", json!("seven")),
        ("id", json!("7.0")),
        ("updated", json!(1e20)),
        ("cursor", json!(true)),
    ] {
        let server = MockServer::start_async().await;
        let body = if field == "cursor" {
            json!({ "issues": [], field: value })
        } else {
            json!({ "issues": [{ field: value }] })
        };
        server
            .mock_async(|when, then| {
                when.method(GET).path("/api/v1/issues");
                then.status(200).json_body(body);
            })
            .await;
        let error = client(&server)
            .list_issues()
            .send()
            .await
            .expect_err(&format!("{field}: {value} is not an integer"));
        assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
        let text = error.to_string();
        assert!(text.contains(field), "{field}: {text}");
        assert!(text.contains("an integer (i64)"), "{field}: {text}");
    }
}

#[test]
fn the_spec_types_still_round_trip_unchanged() {
    let canonical = json!({
        "issues": [{
            "id": 1_000_001,
            "updated": 1_732_000_001_000_i64,
            "assignee": {"name": "Jane Doe", "email": "jdoe@acme.example"},
            "policies": [{"id": "p-0", "name": "PII"}],
            "status": "OPEN"
        }],
        "cursor": 1_000_001
    });
    let page: ListIssuesResponse = serde_json::from_value(canonical.clone()).unwrap();
    assert_eq!(serde_json::to_value(&page).unwrap(), canonical);
}

#[test]
fn credentials_under_unknown_keys_stay_out_of_debug() {
    let issue: Issue = serde_json::from_value(json!({
        "id": 7,
        "status": "OPEN",
        "apiToken": "tok-SECRET",
        "nested": {"client_secret": "s-SECRET", "region": "usc1"},
        "credentials": {"secret": "c-SECRET"},
        "assignee": {"name": "Ann", "password": "p-SECRET"},
        "note": "visible"
    }))
    .unwrap();

    for debug in [format!("{issue:?}"), format!("{issue:#?}")] {
        assert!(!debug.contains("SECRET"), "{debug}");
        assert!(debug.contains("[REDACTED]"), "{debug}");
        assert!(debug.contains("\"apiToken\": [REDACTED]"), "{debug}");
        assert!(debug.contains("usc1") && debug.contains("visible") && debug.contains("Ann"));
    }
    assert!(format!("{issue:?}").contains("id: Some(7)"));

    // The values are kept: only `Debug` hides them.
    assert_eq!(issue.extra["apiToken"], json!("tok-SECRET"));
    assert_eq!(
        serde_json::to_value(&issue).unwrap()["nested"]["client_secret"],
        json!("s-SECRET")
    );
}
