//! Contract tests for the `Dashboards` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The dashboard "Access Overview" (`c1655d8a-…`) with every `Dashboard` field set.
fn dashboard() -> Value {
    json!({
        "account_name": "acme-corp",
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "data": "{\"cards\":[\"denied-sessions-by-app\",\"active-users\"]}",
        "description": "Who accessed what in the last 7 days",
        "icon": "https://cdn.example.com/icons/payroll.png",
        "name": "Access Overview",
        "status": 2,
        "tags": ["finance", "sox"],
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "c1655d8a-5574-461f-a053-fea0622a04c9"
    })
}

/// The dashboard that `create_dashboard` sends (the fields a client sets; no uuid or
/// times).
fn new_dashboard() -> Value {
    json!({
        "account_name": "acme-corp",
        "data": "{\"cards\":[\"denied-sessions-by-app\",\"active-users\"]}",
        "description": "Who accessed what in the last 7 days",
        "icon": "https://cdn.example.com/icons/payroll.png",
        "name": "Access Overview",
        "status": 2,
        "tags": ["finance", "sox"]
    })
}

/// Query Dashboards: `GET /api/v1/dashboards`.
#[tokio::test]
async fn list_dashboards() {
    let server = MockServer::start_async().await;
    let response = json!({
        "dashboards": [
            dashboard(),
            {
                "uuid": "54d5a6a9-f913-495a-aef7-4c3ac1c48a29",
                "name": "Alerts triage",
                "status": 2
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/dashboards")
                .query_param("tag", "finance")
                .query_param("status", "ACTIVE,SUSPENDED")
                .query_param("datasource", "11")
                .query_param_total(3)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_dashboards()
        .tag("finance")
        .status("ACTIVE,SUSPENDED")
        .datasource("11")
        .send()
        .await;

    assert_sent("list_dashboards", &result);
    mock.assert_async().await;
    let page = decoded("list_dashboards", result);
    assert_decoded("list_dashboards", &page, &response);
    assert_no_unknown_fields("list_dashboards", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_dashboards",
        "$.dashboards",
        page.dashboards.iter().map(|item| &item.extra),
    );
    assert_eq!(page.dashboards.len(), 2, "list_dashboards: dashboards");
    assert_eq!(
        page.dashboards[0].name.as_deref(),
        Some("Access Overview"),
        "list_dashboards: dashboards[0].name"
    );
}

/// Create a dashboard: `POST /api/v1/dashboards`.
#[tokio::test]
async fn create_dashboard() {
    let server = MockServer::start_async().await;
    let response = dashboard();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/dashboards")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({"account_name": "acme-corp", "dashboard": new_dashboard()}));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_dashboard()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .dashboard(from_json::<types::Dashboard>(new_dashboard()))
        })
        .send()
        .await;

    assert_sent("create_dashboard", &result);
    mock.assert_async().await;
    let dashboard = decoded("create_dashboard", result);
    assert_decoded("create_dashboard", &dashboard, &response);
    assert_no_unknown_fields("create_dashboard", "$", [&dashboard.extra]);
    assert_eq!(
        dashboard.name.as_deref(),
        Some("Access Overview"),
        "create_dashboard: name"
    );
    assert_eq!(
        dashboard.uuid.as_deref(),
        Some("c1655d8a-5574-461f-a053-fea0622a04c9"),
        "create_dashboard: uuid"
    );
}

/// Delete a dashboard: `DELETE /api/v1/dashboards/{uuid}`.
#[tokio::test]
async fn delete_dashboard() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/dashboards/c1655d8a-5574-461f-a053-fea0622a04c9")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type")
                .body("");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .delete_dashboard()
        .uuid("c1655d8a-5574-461f-a053-fea0622a04c9")
        .send()
        .await;

    assert_sent("delete_dashboard", &result);
    mock.assert_async().await;
    let body = decoded("delete_dashboard", result);
    assert_decoded("delete_dashboard", &body, &response);
    assert!(
        body.is_empty(),
        "delete_dashboard: expected an empty object, got {body:?}"
    );
}

/// Get the dashboard details: `GET /api/v1/dashboards/{uuid}`.
#[tokio::test]
async fn get_dashboard() {
    let server = MockServer::start_async().await;
    let response = dashboard();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/dashboards/c1655d8a-5574-461f-a053-fea0622a04c9")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_dashboard()
        .uuid("c1655d8a-5574-461f-a053-fea0622a04c9")
        .send()
        .await;

    assert_sent("get_dashboard", &result);
    mock.assert_async().await;
    let dashboard = decoded("get_dashboard", result);
    assert_decoded("get_dashboard", &dashboard, &response);
    assert_no_unknown_fields("get_dashboard", "$", [&dashboard.extra]);
    assert_eq!(
        dashboard.name.as_deref(),
        Some("Access Overview"),
        "get_dashboard: name"
    );
    assert_eq!(
        dashboard.uuid.as_deref(),
        Some("c1655d8a-5574-461f-a053-fea0622a04c9"),
        "get_dashboard: uuid"
    );
}

/// Update a dashboard: `PATCH /api/v1/dashboards/{uuid}`.
///
/// The page shows no request body; the spec infers the `Dashboard` resource as a partial
/// update (`x-inferred`), so the client sends the fields set here as JSON.
#[tokio::test]
async fn update_dashboard() {
    let server = MockServer::start_async().await;
    let response = dashboard();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/dashboards/c1655d8a-5574-461f-a053-fea0622a04c9")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "description": "Who accessed what in the last 7 days",
                    "tags": ["finance", "sox"]
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_dashboard()
        .uuid("c1655d8a-5574-461f-a053-fea0622a04c9")
        .body_map(|body| {
            body.description("Who accessed what in the last 7 days".to_owned())
                .tags(vec!["finance".to_owned(), "sox".to_owned()])
        })
        .send()
        .await;

    assert_sent("update_dashboard", &result);
    mock.assert_async().await;
    let dashboard = decoded("update_dashboard", result);
    assert_decoded("update_dashboard", &dashboard, &response);
    assert_no_unknown_fields("update_dashboard", "$", [&dashboard.extra]);
    assert_eq!(
        dashboard.name.as_deref(),
        Some("Access Overview"),
        "update_dashboard: name"
    );
    assert_eq!(
        dashboard.uuid.as_deref(),
        Some("c1655d8a-5574-461f-a053-fea0622a04c9"),
        "update_dashboard: uuid"
    );
}

/// Add tags to an dashboard: `POST /api/v1/dashboards/{uuid}/tags`.
#[tokio::test]
async fn add_dashboard_tags() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/dashboards/c1655d8a-5574-461f-a053-fea0622a04c9/tags")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "tags": ["finance", "sox"],
                    "uuid": "c1655d8a-5574-461f-a053-fea0622a04c9"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .add_dashboard_tags()
        .uuid("c1655d8a-5574-461f-a053-fea0622a04c9")
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .tags(vec!["finance".to_owned(), "sox".to_owned()])
                .uuid("c1655d8a-5574-461f-a053-fea0622a04c9".to_owned())
        })
        .send()
        .await;

    assert_sent("add_dashboard_tags", &result);
    mock.assert_async().await;
    let body = decoded("add_dashboard_tags", result);
    assert_decoded("add_dashboard_tags", &body, &response);
    assert!(
        body.is_empty(),
        "add_dashboard_tags: expected an empty object, got {body:?}"
    );
}

/// Delete tags to an dashboard: `DELETE /api/v1/dashboards/{uuid}/tags/{tag}`.
#[tokio::test]
async fn delete_dashboard_tags() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/dashboards/c1655d8a-5574-461f-a053-fea0622a04c9/tags/sox")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type")
                .body("");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .delete_dashboard_tags()
        .uuid("c1655d8a-5574-461f-a053-fea0622a04c9")
        .tag("sox")
        .send()
        .await;

    assert_sent("delete_dashboard_tags", &result);
    mock.assert_async().await;
    let body = decoded("delete_dashboard_tags", result);
    assert_decoded("delete_dashboard_tags", &body, &response);
    assert!(
        body.is_empty(),
        "delete_dashboard_tags: expected an empty object, got {body:?}"
    );
}
