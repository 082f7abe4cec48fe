//! The typed helpers match exactly what the generated client sends, for every kind of
//! parameter the spec uses (path, required and optional query, integer enum, JSON body), and
//! answer with the operation's types.

use httpmock::MockServer;
use lacework_edge_client::{Client, Hooks, types};
use lacework_edge_httpmock::MockServerExt;
use serde_json::json;

fn client(server: &MockServer) -> Client {
    Client::new(&server.base_url(), Hooks::default())
}

fn from_json<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("test data fits the type")
}

#[tokio::test]
async fn optional_query_parameters_match_their_value_or_their_absence() {
    let server = MockServer::start_async().await;
    let apps: types::ListAppsResponse = from_json(json!({"apps": [{"name": "Payroll"}]}));
    let filtered = server.list_apps(|when, then| {
        when.status("ACTIVE").tag("finance").datasource(None);
        then.ok(&apps);
    });

    let page = client(&server)
        .list_apps()
        .status("ACTIVE")
        .tag("finance")
        .send()
        .await
        .expect("the mock answers")
        .into_inner();
    assert_eq!(page, apps);
    filtered.assert_async().await;

    // A request with the parameter the mock requires absent does not match.
    let unmatched = client(&server)
        .list_apps()
        .status("ACTIVE")
        .tag("finance")
        .datasource("11")
        .send()
        .await
        .expect_err("no mock matches");
    assert_eq!(unmatched.status().map(|s| s.as_u16()), Some(404));
    filtered.assert_calls_async(1).await;
}

#[tokio::test]
async fn path_values_are_matched_percent_encoded_and_literally() {
    let server = MockServer::start_async().await;
    // A space is percent-encoded by the client; the parentheses and `+` would be regular
    // expression syntax if they were not escaped.
    let tag = "needs review (q+1)";
    let removed = server.remove_app_tags(|when, then| {
        when.uuid("ff24186f-62af-4d20-a547-29cfab19bbe9").tag(tag);
        then.ok(&serde_json::Map::new());
    });
    let other_tag = server.remove_app_tags(|when, then| {
        when.tag("needs review (qq1)");
        then.client_error(400, &from_json(json!({"message": "matched too much"})));
    });

    client(&server)
        .remove_app_tags()
        .uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
        .tag(tag)
        .send()
        .await
        .expect("the mock answers");
    removed.assert_async().await;
    other_tag.assert_calls_async(0).await;
}

#[tokio::test]
async fn integer_enum_query_parameters_match_their_number() {
    let server = MockServer::start_async().await;
    let integrations = server.list_integrations(|when, then| {
        when.data_source(&types::DataSource(11));
        then.ok(&from_json(json!({"integrations": []})));
    });

    client(&server)
        .list_integrations()
        .data_source(types::DataSource(11))
        .send()
        .await
        .expect("the mock answers");
    integrations.assert_async().await;
}

#[tokio::test]
async fn bodies_match_as_json_and_errors_decode_as_the_error_type() {
    let server = MockServer::start_async().await;
    let request: types::CreateAppRequest = from_json(json!({
        "account_name": "acme-corp",
        "app": {"name": "Payroll", "host": "payroll.internal.example.com", "port": 443}
    }));
    let refused = server.create_app(|when, then| {
        when.body(&request);
        then.client_error(
            409,
            &from_json(json!({"message": "an app named Payroll exists"})),
        );
    });

    let error = client(&server)
        .create_app()
        .body(request.clone())
        .send()
        .await
        .expect_err("the mock answers 409");
    refused.assert_async().await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(409));
    match error.into_kind() {
        lacework_edge_client::ErrorKind::ErrorResponse(body) => {
            assert_eq!(body.message.as_deref(), Some("an app named Payroll exists"));
        }
        other => panic!("expected the spec's error body, got {other:?}"),
    }
}
