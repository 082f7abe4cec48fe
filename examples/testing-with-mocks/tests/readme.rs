// tests/apps.rs of your crate. [dev-dependencies]: httpmock, lacework-edge-httpmock,
// serde_json, tokio (features "macros", "rt-multi-thread").
use httpmock::MockServer;
use lacework_edge_httpmock::MockServerExt;
use lacework_edge_httpmock::types::{ListAppsResponse, LoginResponse};
use secops_sdk::LaceworkEdge;
use secops_sdk::config::LaceworkConfig;
use serde_json::json;

/// The code under test: the names of the active apps that have no connector.
async fn apps_without_connector(lacework: &LaceworkEdge) -> Result<Vec<String>, secops_sdk::Error> {
    let apps = lacework
        .client()
        .list_apps()
        .status("ACTIVE")
        .send()
        .await?;
    Ok(apps
        .into_inner()
        .apps
        .into_iter()
        .filter(|app| {
            app.connector_unique_name
                .as_deref()
                .unwrap_or("")
                .is_empty()
        })
        .filter_map(|app| app.name)
        .collect())
}

#[tokio::test]
async fn finds_the_apps_without_a_connector() {
    let server = MockServer::start_async().await;

    // The facade first exchanges the API token for a JWT (TokenLogin)...
    let login: LoginResponse =
        serde_json::from_value(json!({"token": "jwt-1", "ttl_sec": 3600})).unwrap();
    let token_login = server.token_login(|when, then| {
        when.account("acme")
            .into_inner() // the plain httpmock::When, for what the spec does not declare
            .header("authorization", "Bearer api-token-1");
        then.ok(&login);
    });
    // ...then sends the call with it.
    let apps: ListAppsResponse = serde_json::from_value(json!({"apps": [
        {"name": "Payroll", "connector_unique_name": "aws-use1-connector"},
        {"name": "Wiki"}
    ]}))
    .unwrap();
    let list_apps = server.list_apps(|when, then| {
        when.status("ACTIVE")
            .tag(None) // absent
            .into_inner()
            .header("authorization", "Bearer jwt-1");
        then.ok(&apps);
    });

    let config = LaceworkConfig::builder()
        .api_token("api-token-1")
        .account("acme")
        .host(server.base_url())
        .allow_insecure_http(true) // the mock server is plain http on loopback
        .build()
        .unwrap();
    let lacework = LaceworkEdge::new(config).unwrap();

    assert_eq!(apps_without_connector(&lacework).await.unwrap(), ["Wiki"]);
    token_login.assert_async().await;
    list_apps.assert_async().await;
}
