//! The typed helpers match exactly what the generated client sends, for every kind of
//! parameter the spec uses (path under the server's `/api`, integer and uuid path values,
//! string enum and date query values), and answer with the operation's types, bytes included.

use egnyte_protect_client::{Client, Hooks, types};
use egnyte_protect_httpmock::MockServerExt;
use futures::TryStreamExt;
use httpmock::MockServer;
use serde_json::json;

/// The client as the facade builds it: the spec's server URL ends in `/api`.
fn client(server: &MockServer) -> Client {
    Client::new(&format!("{}/api", server.base_url()), Hooks::default())
}

fn from_json<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("test data fits the type")
}

#[tokio::test]
async fn paths_include_the_server_path_and_integer_values() {
    let server = MockServer::start_async().await;
    let issue: types::Issue = from_json(json!({"id": 4711, "severity": 8, "status": "OPEN"}));
    let get_issue = server.get_issue(|when, then| {
        when.id(4711);
        then.ok(&issue);
    });

    let got = client(&server)
        .get_issue()
        .id(4711)
        .send()
        .await
        .expect("the mock answers")
        .into_inner();
    assert_eq!(got, issue);
    get_issue.assert_async().await;
}

#[tokio::test]
async fn string_enum_and_integer_query_values_match_as_sent() {
    let server = MockServer::start_async().await;
    let page: types::ListIssuesResponse = from_json(json!({"issues": []}));
    let list = server.list_issues(|when, then| {
        when.count(std::num::NonZeroU64::new(50))
            .format(&types::IssueFormat::Full)
            .cursor(None);
        then.ok(&page);
    });

    client(&server)
        .list_issues()
        .count(50_u64)
        .format(types::IssueFormat::Full)
        .send()
        .await
        .expect("the mock answers");
    list.assert_async().await;
}

#[tokio::test]
async fn dates_match_in_the_form_the_client_sends() {
    let server = MockServer::start_async().await;
    let since = chrono::DateTime::parse_from_rfc3339("2026-11-01T08:30:00Z")
        .unwrap()
        .to_utc();
    let events = server.list_user_action_audit_events(|when, then| {
        when.start_date(&since);
        then.ok(&serde_json::Map::new());
    });

    client(&server)
        .list_user_action_audit_events()
        .start_date(since)
        .send()
        .await
        .expect("the mock answers");
    events.assert_async().await;
}

#[tokio::test]
async fn binary_answers_carry_bytes_and_their_content_type() {
    let server = MockServer::start_async().await;
    let sar = uuid::Uuid::parse_str("3f1f0d7e-8c1b-4a53-9a55-0c2f1f5c6a11").unwrap();
    let download = uuid::Uuid::parse_str("5b8c2a1e-2f4d-4b8a-8f3c-7d6e5f4a3b21").unwrap();
    let zip = b"PK\x03\x04 not really a zip".to_vec();
    let archive = server.download_sar_archive(|when, then| {
        when.sar_id(&sar)
            .download_id(&download)
            .archive_id("part 1");
        then.ok(&zip);
    });

    let response = client(&server)
        .download_sar_archive()
        .sar_id(sar)
        .download_id(download)
        .archive_id("part 1")
        .send()
        .await
        .expect("the mock answers");
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/zip"
    );
    let bytes: Vec<u8> = response
        .into_inner()
        .into_inner()
        .map_ok(|chunk| chunk.to_vec())
        .try_concat()
        .await
        .expect("the body arrives");
    assert_eq!(bytes, zip);
    archive.assert_async().await;
}
