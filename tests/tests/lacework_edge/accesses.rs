//! Contract tests for the `Accesses` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework, raw,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::json;

/// Query access objects: `GET /api/v1/accesses`.
#[tokio::test]
async fn list_accesses() {
    let server = MockServer::start_async().await;
    let response = json!({
        "accesses": fixtures::accesses(),
        "apps": fixtures::apps(),
        "groups": fixtures::groups(),
        "users": fixtures::users()
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accesses")
                .query_param("appid", "ff24186f-62af-4d20-a547-29cfab19bbe9")
                .query_param("userid", "299920fb-e1bd-4602-82ed-41fa83e51eba")
                .query_param_total(2)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_accesses()
        .appid("ff24186f-62af-4d20-a547-29cfab19bbe9")
        .userid("299920fb-e1bd-4602-82ed-41fa83e51eba")
        .send()
        .await;

    assert_sent("list_accesses", &result);
    mock.assert_async().await;
    let page = decoded("list_accesses", result);
    assert_decoded("list_accesses", &page, &response);
    assert_no_unknown_fields("list_accesses", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_accesses",
        "$.accesses",
        page.accesses.iter().map(|item| &item.extra),
    );
    assert_no_unknown_fields(
        "list_accesses",
        "$.apps",
        page.apps.iter().map(|item| &item.extra),
    );
    assert_no_unknown_fields(
        "list_accesses",
        "$.groups",
        page.groups.iter().map(|item| &item.extra),
    );
    assert_no_unknown_fields(
        "list_accesses",
        "$.users",
        page.users.iter().map(|item| &item.extra),
    );
    assert_eq!(page.accesses.len(), 2, "list_accesses: accesses");
    assert_eq!(
        page.accesses[0].uuid.as_deref(),
        Some("839ca886-698d-4e34-bfca-5f67a0e6ab1c"),
        "list_accesses: accesses[0].uuid"
    );
}

/// Create a Access: `POST /api/v1/accesses`.
#[tokio::test]
async fn create_access() {
    let server = MockServer::start_async().await;
    let response = fixtures::access();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accesses")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "access_type": 1,
                    "account_name": "acme-corp",
                    "allow_guest_access": false,
                    "app_list": [
                        "ff24186f-62af-4d20-a547-29cfab19bbe9",
                        "f20d9f29-8ea6-45d1-92c0-39a5923f1dfd"
                    ],
                    "data_source": 11,
                    "description": "Gives the contractor group access to Jira during the migration",
                    "integration_id": "42238b8b-ebf7-4568-b8da-735ba055d4f0",
                    "status": 2,
                    "user_list": [
                        "5d624fd3-a7f9-4da5-820e-e2e3b09e34ff",
                        "299920fb-e1bd-4602-82ed-41fa83e51eba"
                    ]
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_access()
        .body_map(|body| {
            body.access_type(types::AccessType(1))
                .account_name("acme-corp".to_owned())
                .allow_guest_access(false)
                .app_list(vec![
                    "ff24186f-62af-4d20-a547-29cfab19bbe9".to_owned(),
                    "f20d9f29-8ea6-45d1-92c0-39a5923f1dfd".to_owned(),
                ])
                .data_source(types::DataSource(11))
                .description(
                    "Gives the contractor group access to Jira during the migration".to_owned(),
                )
                .integration_id("42238b8b-ebf7-4568-b8da-735ba055d4f0".to_owned())
                .status(types::EnumStatus::ACTIVE)
                .user_list(vec![
                    "5d624fd3-a7f9-4da5-820e-e2e3b09e34ff".to_owned(),
                    "299920fb-e1bd-4602-82ed-41fa83e51eba".to_owned(),
                ])
        })
        .send()
        .await;

    assert_sent("create_access", &result);
    mock.assert_async().await;
    let access = decoded("create_access", result);
    assert_decoded("create_access", &access, &response);
    assert_no_unknown_fields("create_access", "$", [&access.extra]);
    assert_eq!(
        access.uuid.as_deref(),
        Some("839ca886-698d-4e34-bfca-5f67a0e6ab1c"),
        "create_access: uuid"
    );
    assert_eq!(
        access.account_name.as_deref(),
        Some("acme-corp"),
        "create_access: account_name"
    );
}

/// Update a access: `PATCH /api/v1/accesses/{uuid}`.
#[tokio::test]
async fn update_access() {
    let server = MockServer::start_async().await;
    let response = fixtures::access();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accesses/839ca886-698d-4e34-bfca-5f67a0e6ab1c")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "access": {
                        "description": "Contractors to Jira (extended)",
                        "end_time": 1797758100000_i64
                    },
                    "account_name": "acme-corp",
                    "attributes_to_delete": ["description"],
                    "uuid": "839ca886-698d-4e34-bfca-5f67a0e6ab1c"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_access()
        .uuid("839ca886-698d-4e34-bfca-5f67a0e6ab1c")
        .body_map(|body| {
            body.access(raw(json!({
                "description": "Contractors to Jira (extended)",
                "end_time": 1797758100000_i64
            })))
            .account_name("acme-corp".to_owned())
            .attributes_to_delete(vec!["description".to_owned()])
            .uuid("839ca886-698d-4e34-bfca-5f67a0e6ab1c".to_owned())
        })
        .send()
        .await;

    assert_sent("update_access", &result);
    mock.assert_async().await;
    let access = decoded("update_access", result);
    assert_decoded("update_access", &access, &response);
    assert_no_unknown_fields("update_access", "$", [&access.extra]);
    assert_eq!(
        access.uuid.as_deref(),
        Some("839ca886-698d-4e34-bfca-5f67a0e6ab1c"),
        "update_access: uuid"
    );
    assert_eq!(
        access.account_name.as_deref(),
        Some("acme-corp"),
        "update_access: account_name"
    );
}

/// Delete the access details: `DELETE /api/v1/accesses/{uuid}`.
#[tokio::test]
async fn delete_access() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/accesses/839ca886-698d-4e34-bfca-5f67a0e6ab1c")
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
        .delete_access()
        .uuid("839ca886-698d-4e34-bfca-5f67a0e6ab1c")
        .send()
        .await;

    assert_sent("delete_access", &result);
    mock.assert_async().await;
    let body = decoded("delete_access", result);
    assert_decoded("delete_access", &body, &response);
    assert!(
        body.is_empty(),
        "delete_access: expected an empty object, got {body:?}"
    );
}

/// Get the access details: `GET /api/v1/accesses/{uuid}`.
#[tokio::test]
async fn get_access() {
    let server = MockServer::start_async().await;
    let response = fixtures::access();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accesses/839ca886-698d-4e34-bfca-5f67a0e6ab1c")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_access()
        .uuid("839ca886-698d-4e34-bfca-5f67a0e6ab1c")
        .send()
        .await;

    assert_sent("get_access", &result);
    mock.assert_async().await;
    let access = decoded("get_access", result);
    assert_decoded("get_access", &access, &response);
    assert_no_unknown_fields("get_access", "$", [&access.extra]);
    assert_eq!(
        access.uuid.as_deref(),
        Some("839ca886-698d-4e34-bfca-5f67a0e6ab1c"),
        "get_access: uuid"
    );
    assert_eq!(
        access.account_name.as_deref(),
        Some("acme-corp"),
        "get_access: account_name"
    );
}

/// Revoke application access for an entity: `POST /api/v1/accesses/{uuid}/entities/{tag}/revoke`.
#[tokio::test]
async fn revoke_access_for_entity() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accesses/839ca886-698d-4e34-bfca-5f67a0e6ab1c/entities/user:ab81b6f4-6ae3-4fae-871a-aa2734f17b33/revoke")
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
        .revoke_access_for_entity()
        .uuid("839ca886-698d-4e34-bfca-5f67a0e6ab1c")
        .tag("user:ab81b6f4-6ae3-4fae-871a-aa2734f17b33")
        .send()
        .await;

    assert_sent("revoke_access_for_entity", &result);
    mock.assert_async().await;
    let body = decoded("revoke_access_for_entity", result);
    assert_decoded("revoke_access_for_entity", &body, &response);
    assert!(
        body.is_empty(),
        "revoke_access_for_entity: expected an empty object, got {body:?}"
    );
}
