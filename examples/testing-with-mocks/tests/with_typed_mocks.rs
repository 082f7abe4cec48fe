//! The user functions of this crate, checked through the facade against `httpmock` servers set
//! up with the typed helpers: one mock per request, each matching the operation, its
//! parameters and the credentials the facade adds, and answering with the operation's types.

use std::num::NonZeroU64;
use std::sync::Arc;

use egnyte_protect_httpmock::MockServerExt as _;
use httpmock::MockServer;
use lacework_edge_httpmock::MockServerExt as _;
use secops_sdk::auth::MemoryTokenStore;
use secops_sdk::auth::egnyte::{OAuthTokens, Region};
use secops_sdk::config::{EgnyteConfig, LaceworkConfig};
use secops_sdk::{EgnyteProtect, LaceworkEdge};
use serde_json::json;
use testing_with_mocks::{apps_without_connector, severe_open_issues};

/// A generated type from JSON, as a test writes its samples.
fn from_json<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("the sample fits the type")
}

/// The Egnyte facade against `server`, signed in already: its token store holds tokens that
/// do not expire, so no sign-in or refresh is sent.
fn egnyte(server: &MockServer) -> EgnyteProtect {
    let tokens = OAuthTokens::new("access-1".into(), "refresh-1".into());
    let config = EgnyteConfig::builder()
        .region(Region::Custom(server.base_url().parse().unwrap()))
        .client_id("client-id")
        .client_secret("client-secret")
        .token_store(Arc::new(MemoryTokenStore::new(Some(tokens))))
        .allow_insecure_http(true)
        .build()
        .unwrap();
    EgnyteProtect::new(config).unwrap()
}

/// The Lacework facade against `server`; it signs in with `token_login` on first use.
fn lacework(server: &MockServer) -> LaceworkEdge {
    let config = LaceworkConfig::builder()
        .api_token("api-token-1")
        .account("acme")
        .host(server.base_url())
        .allow_insecure_http(true)
        .build()
        .unwrap();
    LaceworkEdge::new(config).unwrap()
}

#[tokio::test]
async fn severe_open_issues_are_counted_over_every_page() {
    let server = MockServer::start_async().await;
    let first = server.list_issues(|when, then| {
        when.count(NonZeroU64::new(100))
            .cursor(None)
            .into_inner()
            .header("authorization", "Bearer access-1");
        then.ok(&from_json(json!({
            "cursor": 3,
            "issues": [
                {"id": 1, "status": "OPEN", "severity": 8},
                {"id": 2, "status": "OPEN", "severity": 3},
                {"id": 3, "status": "RESOLVED", "severity": 9}
            ]
        })));
    });
    let second = server.list_issues(|when, then| {
        when.count(NonZeroU64::new(100)).cursor(3);
        then.ok(&from_json(json!({
            "cursor": 5,
            "issues": [
                {"id": 4, "status": "OPEN", "severity": 7},
                {"id": 5, "status": "OPEN"}
            ]
        })));
    });
    // `list_issues` ends at an empty page.
    let end = server.list_issues(|when, then| {
        when.count(NonZeroU64::new(100)).cursor(5);
        then.ok(&from_json(json!({"issues": []})));
    });

    let count = severe_open_issues(&egnyte(&server), 7).await.unwrap();

    assert_eq!(count, 2);
    first.assert_async().await;
    second.assert_async().await;
    end.assert_async().await;
}

#[tokio::test]
async fn a_refused_listing_reaches_the_caller_with_its_status() {
    let server = MockServer::start_async().await;
    let refused = server.list_issues(|_when, then| {
        then.client_error(
            403,
            &from_json(json!({"message": "scope issues.read missing"})),
        );
    });

    let error = severe_open_issues(&egnyte(&server), 7).await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(403));
    assert_eq!(error.operation(), "list_issues");
    assert!(
        error.to_string().contains("scope issues.read missing"),
        "{error}"
    );
    refused.assert_calls_async(1).await;
}

#[tokio::test]
async fn apps_without_a_connector_are_listed_after_signing_in() {
    let server = MockServer::start_async().await;
    let login = server.token_login(|when, then| {
        when.account("acme")
            .into_inner()
            .header("authorization", "Bearer api-token-1");
        then.ok(&from_json(json!({"token": "jwt-1", "ttl_sec": 3600})));
    });
    let list_apps = server.list_apps(|when, then| {
        when.status("ACTIVE")
            .into_inner()
            .header("authorization", "Bearer jwt-1");
        then.ok(&from_json(json!({"apps": [
            {"name": "Payroll", "connector_unique_name": "aws-use1-connector"},
            {"name": "Wiki", "connector_unique_name": ""},
            {"name": "Intranet"}
        ]})));
    });

    let names = apps_without_connector(&lacework(&server)).await.unwrap();

    assert_eq!(names, ["Wiki", "Intranet"]);
    login.assert_calls_async(1).await;
    list_apps.assert_async().await;
}

/// The workspace README shows `tests/readme.rs` as its example of a test with a typed mock;
/// this keeps the two identical, so the README's example is one that compiles and passes.
#[test]
fn the_readme_example_is_tests_readme_rs() {
    let readme = include_str!("../../../README.md");
    let section = readme
        .split_once("\n## Testing your code against these APIs\n")
        .expect("the README has the section")
        .1;
    let block = section
        .split_once("```rust,ignore\n")
        .and_then(|(_, rest)| rest.split_once("\n```\n"))
        .expect("the section has a rust,ignore block")
        .0;
    assert_eq!(
        format!("{block}\n"),
        include_str!("readme.rs"),
        "the README's example differs from examples/testing-with-mocks/tests/readme.rs: copy the file into the README"
    );
}
