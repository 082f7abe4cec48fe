//! Contract tests for the `Users` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework, raw,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The PII record (`b954951d-…`) of [`fixtures::user`]'s login and contact details.
fn user_pii() -> Value {
    json!({
        "account_name": "acme-corp",
        "email": "dana.whitfield@example.com",
        "login": "dana.whitfield@example.com",
        "phone": "+1 415 555 0142",
        "uuid": "b954951d-ce2d-4e7c-9dfa-523c6ede2813"
    })
}

/// Query Users: `GET /api/v1/users`.
#[tokio::test]
async fn list_users() {
    let server = MockServer::start_async().await;
    let response = json!({"users": fixtures::users()});
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users")
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
        .list_users()
        .tag("finance")
        .status("ACTIVE,SUSPENDED")
        .datasource("11")
        .send()
        .await;

    assert_sent("list_users", &result);
    mock.assert_async().await;
    let page = decoded("list_users", result);
    assert_decoded("list_users", &page, &response);
    assert_no_unknown_fields("list_users", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_users",
        "$.users",
        page.users.iter().map(|item| &item.extra),
    );
    assert_eq!(page.users.len(), 2, "list_users: users");
    assert_eq!(
        page.users[0].display_name.as_deref(),
        Some("Dana Whitfield"),
        "list_users: users[0].display_name"
    );
}

/// Create a user: `POST /api/v1/users`, `role` an integer as the API page types it (the
/// usage page writes names: see `tests/evidence.rs` and openapi/README.md,
/// "Evidence").
#[tokio::test]
async fn create_user() {
    let server = MockServer::start_async().await;
    let response = json!({"user": fixtures::user(), "user_pii": user_pii()});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "send_invitation": true,
                    "user": {"display_name": "Dana Whitfield", "role": 2},
                    "user_pii": {
                        "email": "dana.whitfield@example.com",
                        "login": "dana.whitfield@example.com"
                    }
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_user()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .send_invitation(true)
                .user(from_json::<types::User>(
                    json!({"display_name": "Dana Whitfield", "role": 2}),
                ))
                .user_pii(from_json::<types::UserPii>(json!({
                    "email": "dana.whitfield@example.com",
                    "login": "dana.whitfield@example.com"
                })))
        })
        .send()
        .await;

    assert_sent("create_user", &result);
    mock.assert_async().await;
    let create_user = decoded("create_user", result);
    assert_decoded("create_user", &create_user, &response);
    assert_no_unknown_fields("create_user", "$", [&create_user.extra]);
    assert_no_unknown_fields(
        "create_user",
        "$.user",
        create_user.user.iter().map(|item| &item.extra),
    );
    assert_no_unknown_fields(
        "create_user",
        "$.user_pii",
        create_user.user_pii.iter().map(|item| &item.extra),
    );
}

/// Get the user details: `GET /api/v1/users/{uuid}`.
#[tokio::test]
async fn get_user() {
    let server = MockServer::start_async().await;
    let response = fixtures::user();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users/299920fb-e1bd-4602-82ed-41fa83e51eba")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_user()
        .uuid("299920fb-e1bd-4602-82ed-41fa83e51eba")
        .send()
        .await;

    assert_sent("get_user", &result);
    mock.assert_async().await;
    let user = decoded("get_user", result);
    assert_decoded("get_user", &user, &response);
    assert_no_unknown_fields("get_user", "$", [&user.extra]);
    assert_eq!(
        user.display_name.as_deref(),
        Some("Dana Whitfield"),
        "get_user: display_name"
    );
    assert_eq!(
        user.uuid.as_deref(),
        Some("299920fb-e1bd-4602-82ed-41fa83e51eba"),
        "get_user: uuid"
    );
}

/// Update a user: `PATCH /api/v1/users/{uuid}`.
#[tokio::test]
async fn update_user() {
    let server = MockServer::start_async().await;
    let response = fixtures::user();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/users/299920fb-e1bd-4602-82ed-41fa83e51eba")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "attributes_to_delete": ["location"],
                    "record_update_time": 1795004100000_i64,
                    "user": {"display_name": "Dana Whitfield", "role": 2},
                    "uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_user()
        .uuid("299920fb-e1bd-4602-82ed-41fa83e51eba")
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .attributes_to_delete(vec!["location".to_owned()])
                .record_update_time(1795004100000_i64)
                .user(raw(json!({"display_name": "Dana Whitfield", "role": 2})))
                .uuid("299920fb-e1bd-4602-82ed-41fa83e51eba".to_owned())
        })
        .send()
        .await;

    assert_sent("update_user", &result);
    mock.assert_async().await;
    let user = decoded("update_user", result);
    assert_decoded("update_user", &user, &response);
    assert_no_unknown_fields("update_user", "$", [&user.extra]);
    assert_eq!(
        user.display_name.as_deref(),
        Some("Dana Whitfield"),
        "update_user: display_name"
    );
    assert_eq!(
        user.uuid.as_deref(),
        Some("299920fb-e1bd-4602-82ed-41fa83e51eba"),
        "update_user: uuid"
    );
}

/// Get the user's devices: `GET /api/v1/users/{uuid}/devices`.
#[tokio::test]
async fn list_user_devices() {
    let server = MockServer::start_async().await;
    let response = json!({
        "continuation_token": "eyJvZmZzZXQiOjUwfQ==",
        "devices": [
            fixtures::user_device(),
            {
                "uuid": "5f4199a6-1402-49b6-8972-9ff94bc65995",
                "display_name": "Marco's ThinkPad",
                "status": 2
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users/299920fb-e1bd-4602-82ed-41fa83e51eba/devices")
                .query_param("continuation_token", "eyJvZmZzZXQiOjUwfQ==")
                .query_param_total(1)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_user_devices()
        .uuid("299920fb-e1bd-4602-82ed-41fa83e51eba")
        .continuation_token("eyJvZmZzZXQiOjUwfQ==")
        .send()
        .await;

    assert_sent("list_user_devices", &result);
    mock.assert_async().await;
    let page = decoded("list_user_devices", result);
    assert_decoded("list_user_devices", &page, &response);
    assert_no_unknown_fields("list_user_devices", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_user_devices",
        "$.devices",
        page.devices.iter().map(|item| &item.extra),
    );
    assert_eq!(page.devices.len(), 2, "list_user_devices: devices");
    assert_eq!(
        page.devices[0].display_name.as_deref(),
        Some("Dana's MacBook Pro"),
        "list_user_devices: devices[0].display_name"
    );
}

/// Delete mfa provider for a user: `DELETE /api/v1/user/mfa-provider`.
#[tokio::test]
async fn delete_user_mfa_provider() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/user/mfa-provider")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type")
                .body("");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).delete_user_mfa_provider().send().await;

    assert_sent("delete_user_mfa_provider", &result);
    mock.assert_async().await;
    let body = decoded("delete_user_mfa_provider", result);
    assert_decoded("delete_user_mfa_provider", &body, &response);
    assert!(
        body.is_empty(),
        "delete_user_mfa_provider: expected an empty object, got {body:?}"
    );
}

/// Provision mfa provider for a user: `POST /api/v1/user/mfa-provider`.
#[tokio::test]
async fn provision_user_mfa_provider() {
    let server = MockServer::start_async().await;
    let response = json!({
        "secret": "JBSWY3DPEHPK3PXP",
        "otpauth_url": "otpauth://totp/Lacework%20Edge:dana.whitfield%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Lacework%20Edge"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/user/mfa-provider")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type")
                .body("");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).provision_user_mfa_provider().send().await;

    assert_sent("provision_user_mfa_provider", &result);
    mock.assert_async().await;
    let body = decoded("provision_user_mfa_provider", result);
    assert_decoded("provision_user_mfa_provider", &body, &response);
    assert_eq!(
        body["secret"],
        json!("JBSWY3DPEHPK3PXP"),
        "provision_user_mfa_provider: secret"
    );
}

/// Get the user PII info: `GET /api/v1/users/{uuid}/pii`.
#[tokio::test]
async fn get_user_pii() {
    let server = MockServer::start_async().await;
    let response = user_pii();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users/299920fb-e1bd-4602-82ed-41fa83e51eba/pii")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_user_pii()
        .uuid("299920fb-e1bd-4602-82ed-41fa83e51eba")
        .send()
        .await;

    assert_sent("get_user_pii", &result);
    mock.assert_async().await;
    let user_pii = decoded("get_user_pii", result);
    assert_decoded("get_user_pii", &user_pii, &response);
    assert_no_unknown_fields("get_user_pii", "$", [&user_pii.extra]);
    assert_eq!(
        user_pii.uuid.as_deref(),
        Some("b954951d-ce2d-4e7c-9dfa-523c6ede2813"),
        "get_user_pii: uuid"
    );
    assert_eq!(
        user_pii.account_name.as_deref(),
        Some("acme-corp"),
        "get_user_pii: account_name"
    );
}

/// Add tags to a user: `POST /api/v1/users/{uuid}/tags`.
#[tokio::test]
async fn add_user_tags() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users/299920fb-e1bd-4602-82ed-41fa83e51eba/tags")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "tags": ["finance", "sox"],
                    "ttl_sec": 3600,
                    "update_existing": true,
                    "uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .add_user_tags()
        .uuid("299920fb-e1bd-4602-82ed-41fa83e51eba")
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .tags(vec!["finance".to_owned(), "sox".to_owned()])
                .ttl_sec(3600_i64)
                .update_existing(true)
                .uuid("299920fb-e1bd-4602-82ed-41fa83e51eba".to_owned())
        })
        .send()
        .await;

    assert_sent("add_user_tags", &result);
    mock.assert_async().await;
    let body = decoded("add_user_tags", result);
    assert_decoded("add_user_tags", &body, &response);
    assert!(
        body.is_empty(),
        "add_user_tags: expected an empty object, got {body:?}"
    );
}

/// Delete tags to a user: `DELETE /api/v1/users/{uuid}/tags/{tag}`.
#[tokio::test]
async fn delete_user_tags() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/users/299920fb-e1bd-4602-82ed-41fa83e51eba/tags/contractor%202026")
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
        .delete_user_tags()
        .uuid("299920fb-e1bd-4602-82ed-41fa83e51eba")
        .tag("contractor 2026")
        .send()
        .await;

    assert_sent("delete_user_tags", &result);
    mock.assert_async().await;
    let body = decoded("delete_user_tags", result);
    assert_decoded("delete_user_tags", &body, &response);
    assert!(
        body.is_empty(),
        "delete_user_tags: expected an empty object, got {body:?}"
    );
}
