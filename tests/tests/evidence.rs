//! The wire where public sources disagree with the spec (openapi/README.md, "Evidence"): the
//! spec's choice is pinned by the operations' own contract tests; these pin the documented
//! escape hatches to the other shape, and that names the usage pages write decode.

use contract_tests::{LACEWORK_BEARER, WhenExt, assert_sent, decoded, from_json, lacework, object};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

const APP_UUID: &str = "ff24186f-62af-4d20-a547-29cfab19bbe9";

/// The usage page's `POST /api/v1/apps` body, word for word but for the values.
fn flat_app() -> Value {
    json!({
        "name": "Payroll Portal",
        "description": "Internal payroll application (Workday connector)",
        "protocol": "https",
        "host": "payroll.internal.example.com",
        "port": 443,
        "connector_unique_name": "aws-use1-connector",
        "internal_protocol": "tcp",
        "internal_host_pattern": "private-nginx-app",
        "internal_port": 443,
        "status": "ACTIVE"
    })
}

/// The usage page's flat body is not what the spec sends (`{account_name, app}`), but it can be
/// sent: with `app` and `account_name` unset, the fields given in `extra` are the whole body,
/// exactly as given.
#[tokio::test]
async fn create_app_can_send_the_usage_pages_flat_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/apps")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("content-type", "application/json")
                .json_body(flat_app());
            then.status(200)
                .json_body(json!({"uuid": APP_UUID, "name": "Payroll Portal", "status": 2}));
        })
        .await;

    let result = lacework(&server)
        .create_app()
        .body_map(|body| body.extra(object(flat_app())))
        .send()
        .await;

    assert_sent("create_app (flat body)", &result);
    mock.assert_async().await;
}

/// The usage page sends `"role": "ROLE_ADMIN"`; no public source gives that name's number, so
/// the spec names no role value and `User.role` holds an integer. With `role` unset, a `role`
/// in the user's `extra` is written as given.
#[tokio::test]
async fn create_user_can_send_a_role_name() {
    let server = MockServer::start_async().await;
    let user_pii =
        json!({"email": "dana.whitfield@example.com", "login": "dana.whitfield@example.com"});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/users")
                .header("content-type", "application/json")
                .json_body(json!({
                    "user": {"display_name": "Dana Whitfield", "role": "ROLE_ADMIN"},
                    "user_pii": user_pii
                }));
            then.status(200).json_body(json!({}));
        })
        .await;

    let mut user = from_json::<types::User>(json!({"display_name": "Dana Whitfield"}));
    user.extra.insert("role".to_owned(), json!("ROLE_ADMIN"));
    let result = lacework(&server)
        .create_user()
        .body_map(|body| {
            body.user(user)
                .user_pii(from_json::<types::UserPii>(user_pii.clone()))
        })
        .send()
        .await;

    assert_sent("create_user (role name)", &result);
    mock.assert_async().await;
}

/// The usage pages write `EnumStatus` by name (`"status": "ACTIVE"`): a response that does the
/// same decodes to the number the API page gives it (`x-enum-varnames`), 2.
#[tokio::test]
async fn a_status_written_by_name_decodes() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/api/v1/apps/{APP_UUID}"));
            then.status(200)
                .json_body(json!({"uuid": APP_UUID, "status": "ACTIVE"}));
        })
        .await;

    let result = lacework(&server).get_app().uuid(APP_UUID).send().await;

    let app = decoded("get_app", result);
    assert_eq!(app.status, Some(types::EnumStatus(2)), "get_app: status");
}

/// Known limit, recorded so that it is seen to end: a role written by name in a response does
/// not decode (the spec has no numbers for the names); the error names the JSON path. When the
/// numbers are known, `x-enum-varnames` on the role makes this decode and this test fails.
#[tokio::test]
async fn a_role_written_by_name_does_not_decode_yet() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users");
            then.status(200).json_body(json!({"users": [
                {"display_name": "Dana Whitfield", "role": "ROLE_ADMIN"}
            ]}));
        })
        .await;

    let error = lacework(&server).list_users().send().await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
    assert!(error.to_string().contains("users[0].role"), "{error}");
}
