//! Contract tests for the `Apps` operations of the Lacework Edge API.
//!
//! The mocks are the typed helpers of `lacework-edge-httpmock`: `server.<operation>(..)`
//! matches the operation's method and whole path, `when.<parameter>(..)` each path and query
//! parameter with a literal value, and `then.ok(..)` answers with the sample read into the
//! operation's response type (a sample that does not fit panics naming the type). The rest is
//! matched raw after `into_inner()`: no other query parameter (`query_param_total`), the
//! headers, and the exact request body. The body stays a JSON literal rather than
//! `when.body(&value)`: that would compare the request with the client's own serialization of
//! the same generated type, so a change in how the type is written would go unnoticed.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework,
};
use httpmock::MockServer;
use lacework_edge_client::types;
use lacework_edge_httpmock::MockServerExt;
use serde_json::{Value, json};

/// The app that `deploy_app` sends: the identity and routing of [`fixtures::app`], without
/// times or ports.
fn deployed_app() -> Value {
    json!({
        "account_name": "acme-corp",
        "connector_unique_name": "aws-use1-connector",
        "data_source": 11,
        "description": "Internal payroll application (Workday connector)",
        "host": "payroll.internal.example.com",
        "host_match_type": 1,
        "name": "Payroll Portal",
        "status": 2,
        "tags": ["finance", "sox"],
        "uuid": "ff24186f-62af-4d20-a547-29cfab19bbe9"
    })
}

/// The app that `create_app` sends (the fields a client sets; no uuid or times).
fn new_app() -> Value {
    json!({
        "name": "Payroll Portal",
        "description": "Internal payroll application (Workday connector)",
        "protocol": "https",
        "host": "payroll.internal.example.com",
        "port": 443,
        "connector_unique_name": "aws-use1-connector",
        "internal_protocol": "https",
        "internal_host_pattern": "10.20.4.15",
        "internal_port": 8443,
        "status": 2
    })
}

/// Query Apps: `GET /api/v1/apps`.
#[tokio::test]
async fn list_apps() {
    let server = MockServer::start_async().await;
    let response = json!({"apps": fixtures::apps()});
    let mock = server.list_apps(|when, then| {
        when.tag("finance")
            .status("ACTIVE,SUSPENDED")
            .datasource("11")
            .into_inner()
            .query_param_total(3)
            .header("authorization", LACEWORK_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header_missing("content-type");
        then.ok(&from_json(response.clone()));
    });

    let result = lacework(&server)
        .list_apps()
        .tag("finance")
        .status("ACTIVE,SUSPENDED")
        .datasource("11")
        .send()
        .await;

    assert_sent("list_apps", &result);
    mock.assert_async().await;
    let page = decoded("list_apps", result);
    assert_decoded("list_apps", &page, &response);
    assert_no_unknown_fields("list_apps", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_apps",
        "$.apps",
        page.apps.iter().map(|item| &item.extra),
    );
    assert_eq!(page.apps.len(), 2, "list_apps: apps");
    assert_eq!(
        page.apps[0].name.as_deref(),
        Some("Payroll Portal"),
        "list_apps: apps[0].name"
    );
}

/// Create an app: `POST /api/v1/apps`, with the body the API page shows
/// (`{account_name, app}`), which the spec follows. The usage page shows a flat body instead:
/// see `tests/evidence.rs` and openapi/README.md, "Evidence".
#[tokio::test]
async fn create_app() {
    let server = MockServer::start_async().await;
    let response = fixtures::app();
    let mock = server.create_app(|when, then| {
        // The literal body, not `when.body(..)` (see the module docs).
        when.into_inner()
            .query_param_total(0)
            .header("authorization", LACEWORK_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header("content-type", "application/json")
            .json_body(json!({"account_name": "acme-corp", "app": new_app()}));
        then.ok(&from_json(response.clone()));
    });

    let result = lacework(&server)
        .create_app()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .app(from_json::<types::App>(new_app()))
        })
        .send()
        .await;

    assert_sent("create_app", &result);
    mock.assert_async().await;
    let app = decoded("create_app", result);
    assert_decoded("create_app", &app, &response);
    assert_no_unknown_fields("create_app", "$", [&app.extra]);
    assert_eq!(
        app.name.as_deref(),
        Some("Payroll Portal"),
        "create_app: name"
    );
    assert_eq!(
        app.uuid.as_deref(),
        Some("ff24186f-62af-4d20-a547-29cfab19bbe9"),
        "create_app: uuid"
    );
}

/// Delete an app: `DELETE /api/v1/apps/{uuid}`.
#[tokio::test]
async fn delete_app() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server.delete_app(|when, then| {
        when.uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
            .into_inner()
            .query_param_total(0)
            .header("authorization", LACEWORK_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header_missing("content-type")
            .body("");
        then.ok(&from_json(response.clone()));
    });

    let result = lacework(&server)
        .delete_app()
        .uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
        .send()
        .await;

    assert_sent("delete_app", &result);
    mock.assert_async().await;
    let body = decoded("delete_app", result);
    assert_decoded("delete_app", &body, &response);
    assert!(
        body.is_empty(),
        "delete_app: expected an empty object, got {body:?}"
    );
}

/// Get the app details: `GET /api/v1/apps/{uuid}`.
#[tokio::test]
async fn get_app() {
    let server = MockServer::start_async().await;
    let response = fixtures::app();
    let mock = server.get_app(|when, then| {
        when.uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
            .into_inner()
            .query_param_total(0)
            .header("authorization", LACEWORK_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header_missing("content-type");
        then.ok(&from_json(response.clone()));
    });

    let result = lacework(&server)
        .get_app()
        .uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
        .send()
        .await;

    assert_sent("get_app", &result);
    mock.assert_async().await;
    let app = decoded("get_app", result);
    assert_decoded("get_app", &app, &response);
    assert_no_unknown_fields("get_app", "$", [&app.extra]);
    assert_eq!(app.name.as_deref(), Some("Payroll Portal"), "get_app: name");
    assert_eq!(
        app.uuid.as_deref(),
        Some("ff24186f-62af-4d20-a547-29cfab19bbe9"),
        "get_app: uuid"
    );
}

/// Update an app: `PATCH /api/v1/apps/{uuid}`.
///
/// The page shows no request body; the spec infers the `App` resource as a partial
/// update (`x-inferred`), so the client sends the fields set here as JSON.
#[tokio::test]
async fn update_app() {
    let server = MockServer::start_async().await;
    let response = fixtures::app();
    let mock = server.update_app(|when, then| {
        // The literal body, not `when.body(..)` (see the module docs).
        when.uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
            .into_inner()
            .query_param_total(0)
            .header("authorization", LACEWORK_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header("content-type", "application/json")
            .json_body(json!({
                "description": "Internal payroll application (Workday connector)",
                "internal_port": 8443,
                "tags": ["finance", "sox"]
            }));
        then.ok(&from_json(response.clone()));
    });

    let result = lacework(&server)
        .update_app()
        .uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
        .body_map(|body| {
            body.description("Internal payroll application (Workday connector)".to_owned())
                .internal_port(8443_i64)
                .tags(vec!["finance".to_owned(), "sox".to_owned()])
        })
        .send()
        .await;

    assert_sent("update_app", &result);
    mock.assert_async().await;
    let app = decoded("update_app", result);
    assert_decoded("update_app", &app, &response);
    assert_no_unknown_fields("update_app", "$", [&app.extra]);
    assert_eq!(
        app.name.as_deref(),
        Some("Payroll Portal"),
        "update_app: name"
    );
    assert_eq!(
        app.uuid.as_deref(),
        Some("ff24186f-62af-4d20-a547-29cfab19bbe9"),
        "update_app: uuid"
    );
}

/// Remove tags from an app: `POST /api/v1/apps/{uuid}/tags/{tag}/remove`.
#[tokio::test]
async fn remove_app_tags() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server.remove_app_tags(|when, then| {
        when.uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
            .tag("sox")
            .into_inner()
            .query_param_total(0)
            .header("authorization", LACEWORK_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header_missing("content-type")
            .body("");
        then.ok(&from_json(response.clone()));
    });

    let result = lacework(&server)
        .remove_app_tags()
        .uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
        .tag("sox")
        .send()
        .await;

    assert_sent("remove_app_tags", &result);
    mock.assert_async().await;
    let body = decoded("remove_app_tags", result);
    assert_decoded("remove_app_tags", &body, &response);
    assert!(
        body.is_empty(),
        "remove_app_tags: expected an empty object, got {body:?}"
    );
}

/// Add tags to an app: `POST /api/v1/apps/{uuid}/tags`.
#[tokio::test]
async fn add_app_tags() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server.add_app_tags(|when, then| {
        // The literal body, not `when.body(..)` (see the module docs).
        when.uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
            .into_inner()
            .query_param_total(0)
            .header("authorization", LACEWORK_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header("content-type", "application/json")
            .json_body(json!({
                "account_name": "acme-corp",
                "tags": ["finance", "sox"],
                "uuid": "ff24186f-62af-4d20-a547-29cfab19bbe9",
                "uuids": ["f20d9f29-8ea6-45d1-92c0-39a5923f1dfd"]
            }));
        then.ok(&from_json(response.clone()));
    });

    let result = lacework(&server)
        .add_app_tags()
        .uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .tags(vec!["finance".to_owned(), "sox".to_owned()])
                .uuid("ff24186f-62af-4d20-a547-29cfab19bbe9".to_owned())
                .uuids(vec!["f20d9f29-8ea6-45d1-92c0-39a5923f1dfd".to_owned()])
        })
        .send()
        .await;

    assert_sent("add_app_tags", &result);
    mock.assert_async().await;
    let body = decoded("add_app_tags", result);
    assert_decoded("add_app_tags", &body, &response);
    assert!(
        body.is_empty(),
        "add_app_tags: expected an empty object, got {body:?}"
    );
}

/// Delete tags to an app: `DELETE /api/v1/apps/{uuid}/tags/{tag}`.
#[tokio::test]
async fn delete_app_tags() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server.delete_app_tags(|when, then| {
        when.uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
            .tag("sox")
            .into_inner()
            .query_param_total(0)
            .header("authorization", LACEWORK_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header_missing("content-type")
            .body("");
        then.ok(&from_json(response.clone()));
    });

    let result = lacework(&server)
        .delete_app_tags()
        .uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
        .tag("sox")
        .send()
        .await;

    assert_sent("delete_app_tags", &result);
    mock.assert_async().await;
    let body = decoded("delete_app_tags", result);
    assert_decoded("delete_app_tags", &body, &response);
    assert!(
        body.is_empty(),
        "delete_app_tags: expected an empty object, got {body:?}"
    );
}

/// Deploy an app: `POST /api/v1/apps/deploy`.
#[tokio::test]
async fn deploy_app() {
    let server = MockServer::start_async().await;
    let response = json!({
        "app": fixtures::app(),
        "new_policies": [
            {
                "name": "Finance apps - managed devices only",
                "priority": 10
            }
        ]
    });
    let mock = server.deploy_app(|when, then| {
        // The literal body, not `when.body(..)` (see the module docs).
        when.into_inner()
            .query_param_total(0)
            .header("authorization", LACEWORK_BEARER)
            .header("accept", "application/json")
            .header_missing("api-version")
            .header("content-type", "application/json")
            .json_body(json!({"account_name": "acme-corp", "app": deployed_app()}));
        then.ok(&from_json(response.clone()));
    });

    let result = lacework(&server)
        .deploy_app()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .app(from_json::<types::App>(deployed_app()))
        })
        .send()
        .await;

    assert_sent("deploy_app", &result);
    mock.assert_async().await;
    let deploy_app = decoded("deploy_app", result);
    assert_decoded("deploy_app", &deploy_app, &response);
    assert_no_unknown_fields("deploy_app", "$", [&deploy_app.extra]);
    assert_no_unknown_fields(
        "deploy_app",
        "$.app",
        deploy_app.app.iter().map(|item| &item.extra),
    );
}
