//! Contract tests for the `Policies` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework, raw,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::json;

/// Query policies: `GET /api/v1/policies`.
#[tokio::test]
async fn list_policies() {
    let server = MockServer::start_async().await;
    let response = json!({"policies": fixtures::policies()});
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/policies")
                .query_param("appid", "ff24186f-62af-4d20-a547-29cfab19bbe9")
                .query_param("userid", "299920fb-e1bd-4602-82ed-41fa83e51eba")
                .query_param("resolveDisplayNames", "true")
                .query_param_total(3)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_policies()
        .appid("ff24186f-62af-4d20-a547-29cfab19bbe9")
        .userid("299920fb-e1bd-4602-82ed-41fa83e51eba")
        .resolve_display_names("true")
        .send()
        .await;

    assert_sent("list_policies", &result);
    mock.assert_async().await;
    let page = decoded("list_policies", result);
    assert_decoded("list_policies", &page, &response);
    assert_no_unknown_fields("list_policies", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_policies",
        "$.policies",
        page.policies.iter().map(|item| &item.extra),
    );
    assert_eq!(page.policies.len(), 2, "list_policies: policies");
    assert_eq!(
        page.policies[0].name.as_deref(),
        Some("Finance apps - managed devices only"),
        "list_policies: policies[0].name"
    );
}

/// Create a Policy: `POST /api/v1/policies`.
#[tokio::test]
async fn create_policy() {
    let server = MockServer::start_async().await;
    let response = fixtures::policy();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/policies")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "name": "Finance apps - managed devices only",
                    "description": "Finance may reach finance apps from managed devices",
                    "type": 1,
                    "action": 2,
                    "priority": 10,
                    "status": 2,
                    "app_filter": {
                        "tags": ["finance"]
                    },
                    "session_filter": {"managed_device": true},
                    "allow_guest_access": false,
                    "workflow_uuid": "7337157d-0b3d-4dce-85f2-0a52a7334983",
                    "mitm_settings": {
                        "enabled": true,
                        "ca_uuid": "56b1dfb8-c5ed-4d09-b096-7c6593e9c657"
                    }
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_policy()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .name("Finance apps - managed devices only".to_owned())
                .description("Finance may reach finance apps from managed devices".to_owned())
                .type_(types::PolicyType(1))
                .action(types::PolicyAction(2))
                .priority(10_i64)
                .status(types::EnumStatus::ACTIVE)
                .app_filter(from_json::<types::Filter>(json!({
                    "tags": ["finance"]
                })))
                .session_filter(raw(json!({"managed_device": true})))
                .allow_guest_access(false)
                .workflow_uuid("7337157d-0b3d-4dce-85f2-0a52a7334983".to_owned())
                .mitm_settings(from_json::<types::PolicyMitmSettings>(json!({
                    "enabled": true,
                    "ca_uuid": "56b1dfb8-c5ed-4d09-b096-7c6593e9c657"
                })))
        })
        .send()
        .await;

    assert_sent("create_policy", &result);
    mock.assert_async().await;
    let policy = decoded("create_policy", result);
    assert_decoded("create_policy", &policy, &response);
    assert_no_unknown_fields("create_policy", "$", [&policy.extra]);
    assert_eq!(
        policy.name.as_deref(),
        Some("Finance apps - managed devices only"),
        "create_policy: name"
    );
    assert_eq!(
        policy.uuid.as_deref(),
        Some("c57e3068-3dea-4f0c-ac28-548407b72c5b"),
        "create_policy: uuid"
    );
}

/// Delete the policy details: `DELETE /api/v1/policies/{uuid}`.
#[tokio::test]
async fn delete_policy() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/policies/c57e3068-3dea-4f0c-ac28-548407b72c5b")
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
        .delete_policy()
        .uuid("c57e3068-3dea-4f0c-ac28-548407b72c5b")
        .send()
        .await;

    assert_sent("delete_policy", &result);
    mock.assert_async().await;
    let body = decoded("delete_policy", result);
    assert_decoded("delete_policy", &body, &response);
    assert!(
        body.is_empty(),
        "delete_policy: expected an empty object, got {body:?}"
    );
}

/// Get the policy details: `GET /api/v1/policies/{uuid}`.
#[tokio::test]
async fn get_policy() {
    let server = MockServer::start_async().await;
    let response = fixtures::policy();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/policies/c57e3068-3dea-4f0c-ac28-548407b72c5b")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_policy()
        .uuid("c57e3068-3dea-4f0c-ac28-548407b72c5b")
        .send()
        .await;

    assert_sent("get_policy", &result);
    mock.assert_async().await;
    let policy = decoded("get_policy", result);
    assert_decoded("get_policy", &policy, &response);
    assert_no_unknown_fields("get_policy", "$", [&policy.extra]);
    assert_eq!(
        policy.name.as_deref(),
        Some("Finance apps - managed devices only"),
        "get_policy: name"
    );
    assert_eq!(
        policy.uuid.as_deref(),
        Some("c57e3068-3dea-4f0c-ac28-548407b72c5b"),
        "get_policy: uuid"
    );
}

/// Update a policy: `PATCH /api/v1/policies/{uuid}`.
#[tokio::test]
async fn update_policy() {
    let server = MockServer::start_async().await;
    let response = fixtures::policy();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/policies/c57e3068-3dea-4f0c-ac28-548407b72c5b")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "attributes_to_delete": ["description"],
                    "expected_update_time": 1795004100000_i64,
                    "policy": {
                        "description": "Finance may reach finance apps from managed devices only",
                        "priority": 5
                    },
                    "uuid": "c57e3068-3dea-4f0c-ac28-548407b72c5b"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_policy()
        .uuid("c57e3068-3dea-4f0c-ac28-548407b72c5b")
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .attributes_to_delete(vec!["description".to_owned()])
                .expected_update_time(1795004100000_i64)
                .policy(raw(json!({
                    "description": "Finance may reach finance apps from managed devices only",
                    "priority": 5
                })))
                .uuid("c57e3068-3dea-4f0c-ac28-548407b72c5b".to_owned())
        })
        .send()
        .await;

    assert_sent("update_policy", &result);
    mock.assert_async().await;
    let policy = decoded("update_policy", result);
    assert_decoded("update_policy", &policy, &response);
    assert_no_unknown_fields("update_policy", "$", [&policy.extra]);
    assert_eq!(
        policy.name.as_deref(),
        Some("Finance apps - managed devices only"),
        "update_policy: name"
    );
    assert_eq!(
        policy.uuid.as_deref(),
        Some("c57e3068-3dea-4f0c-ac28-548407b72c5b"),
        "update_policy: uuid"
    );
}
