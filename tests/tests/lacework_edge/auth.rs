//! Contract tests for the `Auth` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_API_TOKEN, LACEWORK_API_TOKEN_BEARER, LACEWORK_BEARER, LACEWORK_JWT, WhenExt,
    assert_decoded, assert_no_unknown_fields, assert_sent, decoded, lacework, lacework_with_token,
};
use httpmock::prelude::*;
use serde_json::{Value, json};

/// The session (`169dfac7-…`) that `login` and `token_login` open, carrying [`LACEWORK_JWT`],
/// with every `LoginResponse` field set.
fn session() -> Value {
    json!({
        "account_location": "us-east-1",
        "account_name": "acme-corp",
        "account_shard": "us-east-1-shard-2",
        "account_uuid": "d6ac66e2-1fbc-4473-b0d7-4e9003923f5b",
        "backend_shard": "us-east-1-shard-2",
        "client_ip": "203.0.113.24",
        "create_time": 1795166100000_i64,
        "device_uuid": "e93ba5be-016c-421c-a584-566bd5db3bf7",
        "end_time": 1795169700000_i64,
        "expire_start_time": 1795166100,
        "expire_time_sec": 1795169700,
        "generation_id": 7,
        "geo_location": "San Francisco, US",
        "login_type": 2,
        "status": 2,
        "tags": ["finance"],
        "time_id_token": "tid_2f9c4a7e1b3d5f7a",
        "token": LACEWORK_JWT,
        "ttl_sec": 3600,
        "update_time": 1795166100000_i64,
        "user_role": 2,
        "user_uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba",
        "uuid": "169dfac7-7cf0-42dd-b0f1-63a0619c8745",
        "view_pii_log_only": false
    })
}

/// Login: `GET /api/v1/login`.
#[tokio::test]
async fn login() {
    let server = MockServer::start_async().await;
    let response = session();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/login")
                .query_param("account", "acme-corp")
                .query_param("redirect", "https://app.edge-guardian.io/ui/dashboards")
                .query_param_total(2)
                .header("authorization", LACEWORK_API_TOKEN_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    // The API token, not a JWT, authenticates the call that returns the JWT.
    let result = lacework_with_token(&server, LACEWORK_API_TOKEN)
        .login()
        .account("acme-corp")
        .redirect("https://app.edge-guardian.io/ui/dashboards")
        .send()
        .await;

    assert_sent("login", &result);
    mock.assert_async().await;
    let login = decoded("login", result);
    assert_decoded("login", &login, &response);
    assert_no_unknown_fields("login", "$", [&login.extra]);
    assert_eq!(
        login.token.as_ref().map(|t| t.expose()),
        Some(LACEWORK_JWT),
        "login: token"
    );
    assert_eq!(
        login.uuid.as_deref(),
        Some("169dfac7-7cf0-42dd-b0f1-63a0619c8745"),
        "login: uuid"
    );
}

/// Logout: `GET /api/v1/logout`.
#[tokio::test]
async fn logout() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/logout")
                .query_param("redirect", "https://app.edge-guardian.io/ui/dashboards")
                .query_param_total(1)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .logout()
        .redirect("https://app.edge-guardian.io/ui/dashboards")
        .send()
        .await;

    assert_sent("logout", &result);
    mock.assert_async().await;
    let body = decoded("logout", result);
    assert_decoded("logout", &body, &response);
    assert!(
        body.is_empty(),
        "logout: expected an empty object, got {body:?}"
    );
}

/// TokenLogin: `GET /api/v1/token-login`.
#[tokio::test]
async fn token_login() {
    let server = MockServer::start_async().await;
    let response = session();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/token-login")
                .query_param("account", "acme-corp")
                .query_param("redirect", "https://app.edge-guardian.io/ui/dashboards")
                .query_param_total(2)
                .header("authorization", LACEWORK_API_TOKEN_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    // The API token, not a JWT, authenticates the call that returns the JWT.
    let result = lacework_with_token(&server, LACEWORK_API_TOKEN)
        .token_login()
        .account("acme-corp")
        .redirect("https://app.edge-guardian.io/ui/dashboards")
        .send()
        .await;

    assert_sent("token_login", &result);
    mock.assert_async().await;
    let login = decoded("token_login", result);
    assert_decoded("token_login", &login, &response);
    assert_no_unknown_fields("token_login", "$", [&login.extra]);
    assert_eq!(
        login.token.as_ref().map(|t| t.expose()),
        Some(LACEWORK_JWT),
        "token_login: token"
    );
    assert_eq!(
        login.uuid.as_deref(),
        Some("169dfac7-7cf0-42dd-b0f1-63a0619c8745"),
        "token_login: uuid"
    );
}
