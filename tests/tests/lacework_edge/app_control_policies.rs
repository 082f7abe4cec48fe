//! Contract tests for the `App Control Policies` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework, raw,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The app control policy "Block personal cloud storage uploads" (`e8f3e4d4-…`) with every
/// `AppControlPolicy` field set.
fn app_control_policy() -> Value {
    json!({
        "account_name": "acme-corp",
        "app_filter": {
            "tags": ["finance"]
        },
        "child_policy_uuids": ["ad93c0fc-3da7-4039-8560-170c213a0192"],
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "description": "Blocks uploads to personal Dropbox and Google Drive accounts",
        "filter_selector_display_names": {"group:5d624fd3-a7f9-4da5-820e-e2e3b09e34ff": "Finance"},
        "name": "Block personal cloud storage uploads",
        "policy_event_actions": [
            {"event_type": 1, "action": 2}
        ],
        "session_filter": {"managed_device": true},
        "status": 2,
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "e8f3e4d4-b6f8-4d3f-8a8e-2c72b7b4892e"
    })
}

/// Query App Control Policies for an account: `GET /api/v1/app-control-policies`.
#[tokio::test]
async fn list_app_control_policies() {
    let server = MockServer::start_async().await;
    let response = json!({
        "app_control_policies": [
            app_control_policy(),
            {
                "uuid": "74b0f72b-bbe6-4015-b65f-c92ab7071230",
                "name": "Block USB file transfers",
                "status": 2
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/app-control-policies")
                .query_param("status", "ACTIVE,SUSPENDED")
                .query_param_total(1)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_app_control_policies()
        .status("ACTIVE,SUSPENDED")
        .send()
        .await;

    assert_sent("list_app_control_policies", &result);
    mock.assert_async().await;
    let page = decoded("list_app_control_policies", result);
    assert_decoded("list_app_control_policies", &page, &response);
    assert_no_unknown_fields("list_app_control_policies", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_app_control_policies",
        "$.app_control_policies",
        page.app_control_policies.iter().map(|item| &item.extra),
    );
    assert_eq!(
        page.app_control_policies.len(),
        2,
        "list_app_control_policies: app_control_policies"
    );
    assert_eq!(
        page.app_control_policies[0].name.as_deref(),
        Some("Block personal cloud storage uploads"),
        "list_app_control_policies: app_control_policies[0].name"
    );
}

/// Add App Control Policy: `POST /api/v1/app-control-policies`.
#[tokio::test]
async fn create_app_control_policy() {
    let server = MockServer::start_async().await;
    let response = app_control_policy();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/app-control-policies")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "app_filter": {
                        "tags": ["finance"]
                    },
                    "description": "Blocks uploads to personal Dropbox and Google Drive accounts",
                    "name": "Block personal cloud storage uploads",
                    "policy_event_actions": [
                        {"event_type": 1, "action": 2}
                    ],
                    "session_filter": {"managed_device": true},
                    "status": 2
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_app_control_policy()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .app_filter(raw(json!({
                    "tags": ["finance"]
                })))
                .description(
                    "Blocks uploads to personal Dropbox and Google Drive accounts".to_owned(),
                )
                .name("Block personal cloud storage uploads".to_owned())
                .policy_event_actions(vec![from_json::<types::AppControlPolicyEventAction>(
                    json!({"event_type": 1, "action": 2}),
                )])
                .session_filter(raw(json!({"managed_device": true})))
                .status(types::EnumStatus::ACTIVE)
        })
        .send()
        .await;

    assert_sent("create_app_control_policy", &result);
    mock.assert_async().await;
    let app_control_policy = decoded("create_app_control_policy", result);
    assert_decoded("create_app_control_policy", &app_control_policy, &response);
    assert_no_unknown_fields(
        "create_app_control_policy",
        "$",
        [&app_control_policy.extra],
    );
    assert_eq!(
        app_control_policy.name.as_deref(),
        Some("Block personal cloud storage uploads"),
        "create_app_control_policy: name"
    );
    assert_eq!(
        app_control_policy.uuid.as_deref(),
        Some("e8f3e4d4-b6f8-4d3f-8a8e-2c72b7b4892e"),
        "create_app_control_policy: uuid"
    );
}

/// Delete an app control policy: `DELETE /api/v1/app-control-policies/{uuid}`.
#[tokio::test]
async fn delete_app_control_policy() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/app-control-policies/e8f3e4d4-b6f8-4d3f-8a8e-2c72b7b4892e")
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
        .delete_app_control_policy()
        .uuid("e8f3e4d4-b6f8-4d3f-8a8e-2c72b7b4892e")
        .send()
        .await;

    assert_sent("delete_app_control_policy", &result);
    mock.assert_async().await;
    let body = decoded("delete_app_control_policy", result);
    assert_decoded("delete_app_control_policy", &body, &response);
    assert!(
        body.is_empty(),
        "delete_app_control_policy: expected an empty object, got {body:?}"
    );
}

/// Get details about an app control policy: `GET /api/v1/app-control-policies/{uuid}`.
#[tokio::test]
async fn get_app_control_policy() {
    let server = MockServer::start_async().await;
    let response = app_control_policy();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/app-control-policies/e8f3e4d4-b6f8-4d3f-8a8e-2c72b7b4892e")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_app_control_policy()
        .uuid("e8f3e4d4-b6f8-4d3f-8a8e-2c72b7b4892e")
        .send()
        .await;

    assert_sent("get_app_control_policy", &result);
    mock.assert_async().await;
    let app_control_policy = decoded("get_app_control_policy", result);
    assert_decoded("get_app_control_policy", &app_control_policy, &response);
    assert_no_unknown_fields("get_app_control_policy", "$", [&app_control_policy.extra]);
    assert_eq!(
        app_control_policy.name.as_deref(),
        Some("Block personal cloud storage uploads"),
        "get_app_control_policy: name"
    );
    assert_eq!(
        app_control_policy.uuid.as_deref(),
        Some("e8f3e4d4-b6f8-4d3f-8a8e-2c72b7b4892e"),
        "get_app_control_policy: uuid"
    );
}

/// Update app control policy: `PATCH /api/v1/app-control-policies/{uuid}`.
#[tokio::test]
async fn update_app_control_policy() {
    let server = MockServer::start_async().await;
    let response = app_control_policy();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/app-control-policies/e8f3e4d4-b6f8-4d3f-8a8e-2c72b7b4892e")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "uuid": "e8f3e4d4-b6f8-4d3f-8a8e-2c72b7b4892e",
                    "account_name": "acme-corp",
                    "app_filter": {
                        "tags": ["finance"]
                    },
                    "description": "Blocks uploads to personal Dropbox and Google Drive accounts",
                    "name": "Block personal cloud storage uploads",
                    "policy_event_actions": [
                        {"event_type": 1, "action": 2}
                    ]
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_app_control_policy()
        .uuid("e8f3e4d4-b6f8-4d3f-8a8e-2c72b7b4892e")
        .body_map(|body| {
            body.uuid("e8f3e4d4-b6f8-4d3f-8a8e-2c72b7b4892e".to_owned())
                .account_name("acme-corp".to_owned())
                .app_filter(raw(json!({
                    "tags": ["finance"]
                })))
                .description(
                    "Blocks uploads to personal Dropbox and Google Drive accounts".to_owned(),
                )
                .name("Block personal cloud storage uploads".to_owned())
                .policy_event_actions(vec![from_json::<types::AppControlPolicyEventAction>(
                    json!({"event_type": 1, "action": 2}),
                )])
        })
        .send()
        .await;

    assert_sent("update_app_control_policy", &result);
    mock.assert_async().await;
    let app_control_policy = decoded("update_app_control_policy", result);
    assert_decoded("update_app_control_policy", &app_control_policy, &response);
    assert_no_unknown_fields(
        "update_app_control_policy",
        "$",
        [&app_control_policy.extra],
    );
    assert_eq!(
        app_control_policy.name.as_deref(),
        Some("Block personal cloud storage uploads"),
        "update_app_control_policy: name"
    );
    assert_eq!(
        app_control_policy.uuid.as_deref(),
        Some("e8f3e4d4-b6f8-4d3f-8a8e-2c72b7b4892e"),
        "update_app_control_policy: uuid"
    );
}

/// Query permitted app control operations: `GET /api/v1/app-control-operations`.
#[tokio::test]
async fn list_permitted_app_control_operations() {
    let server = MockServer::start_async().await;
    let response = json!({
        "operations": ["upload", "download", "share", "login", "post"]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/app-control-operations")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_permitted_app_control_operations()
        .send()
        .await;

    assert_sent("list_permitted_app_control_operations", &result);
    mock.assert_async().await;
    let page = decoded("list_permitted_app_control_operations", result);
    assert_decoded("list_permitted_app_control_operations", &page, &response);
    assert_eq!(
        page["operations"],
        json!(["upload", "download", "share", "login", "post"]),
        "list_permitted_app_control_operations: operations"
    );
}

/// Query suggested app control apps: `GET /api/v1/app-control-suggested-apps`.
#[tokio::test]
async fn list_suggested_app_control_apps() {
    let server = MockServer::start_async().await;
    let response = json!({
        "apps": [
            {"name": "Dropbox", "domain": "dropbox.com"},
            {"name": "WeTransfer", "domain": "wetransfer.com"}
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/app-control-suggested-apps")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_suggested_app_control_apps()
        .send()
        .await;

    assert_sent("list_suggested_app_control_apps", &result);
    mock.assert_async().await;
    let page = decoded("list_suggested_app_control_apps", result);
    assert_decoded("list_suggested_app_control_apps", &page, &response);
    assert_eq!(
        page["apps"],
        json!([
            {"name": "Dropbox", "domain": "dropbox.com"},
            {"name": "WeTransfer", "domain": "wetransfer.com"}
        ]),
        "list_suggested_app_control_apps: apps"
    );
}
