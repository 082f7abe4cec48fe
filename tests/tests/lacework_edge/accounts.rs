//! Contract tests for the `Accounts` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework, raw,
};
use httpmock::prelude::*;
use serde_json::{Value, json};

/// A 1x1 PNG, base64-encoded: the account logo the logo tests send and receive.
const LOGO: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/// The account "acme-corp" (`d6ac66e2-…`) with every `Account` field set.
fn account() -> Value {
    json!({
        "allowed_email_domains": ["example.com"],
        "backend_shard": "us-east-1-shard-2",
        "client_ca_uuids": ["56b1dfb8-c5ed-4d09-b096-7c6593e9c657"],
        "create_time": 1792574100000_i64,
        "datasource_to_idp_metadata": {
            "11": "<EntityDescriptor entityID=\"http://www.okta.com/exk8f2k3l9QxYz4Ab5d7\"/>"
        },
        "display_name": "Acme Corp",
        "dns_allowed_sources": ["10.20.0.0/16"],
        "domain": "example.com",
        "endpoint_ca_uuid": "56b1dfb8-c5ed-4d09-b096-7c6593e9c657",
        "extend_session_workflow_uuid": "7337157d-0b3d-4dce-85f2-0a52a7334983",
        "external_token_app_id": "0oa9x1y2z3AbCdEfG4h5",
        "feature_flags": {"transparent_sso": true, "browser_isolation": false},
        "has_logo": true,
        "idp_metadata": "<EntityDescriptor entityID=\"http://www.okta.com/exk8f2k3l9QxYz4Ab5d7\"/>",
        "key_id": "kid-2026-11",
        "location": "US",
        "mfa_preferred_order": "totp,push",
        "mfa_provider": 1,
        "mitm_ca_uuid": "56b1dfb8-c5ed-4d09-b096-7c6593e9c657",
        "name": "acme-corp",
        "onboarding": {
            "completed_steps": ["connect_idp", "add_app"],
            "completed": false
        },
        "org": "Acme Corp",
        "preferred_gateways_regex": "us-(east|west)-.*",
        "session_ttl_sec": 28800,
        "shard": "us-east-1-shard-2",
        "status": 2,
        "update_time": 1795004100000_i64,
        "uuid": "d6ac66e2-1fbc-4473-b0d7-4e9003923f5b",
        "view_pii_tags": ["hr"]
    })
}

/// The logo of the account "acme-corp" (a 1x1 PNG).
fn account_logo() -> Value {
    json!({
        "content_type": "image/png",
        "logo": LOGO,
        "update_time": 1795004100000_i64
    })
}

/// Get the account details: `GET /api/v1/accounts/{name}`.
#[tokio::test]
async fn get_account() {
    let server = MockServer::start_async().await;
    let response = account();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/acme-corp")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_account()
        .name("acme-corp")
        .send()
        .await;

    assert_sent("get_account", &result);
    mock.assert_async().await;
    let account = decoded("get_account", result);
    assert_decoded("get_account", &account, &response);
    assert_no_unknown_fields("get_account", "$", [&account.extra]);
    assert_eq!(
        account.name.as_deref(),
        Some("acme-corp"),
        "get_account: name"
    );
    assert_eq!(
        account.display_name.as_deref(),
        Some("Acme Corp"),
        "get_account: display_name"
    );
}

/// Update an account: `PATCH /api/v1/accounts/{name}`.
///
/// The page shows no request body; the spec infers the `Account` resource as a partial
/// update (`x-inferred`), so the client sends the fields set here as JSON.
#[tokio::test]
async fn update_account() {
    let server = MockServer::start_async().await;
    let response = account();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/acme-corp")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "allowed_email_domains": ["example.com"],
                    "display_name": "Acme Corp",
                    "session_ttl_sec": 28800
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_account()
        .name("acme-corp")
        .body_map(|body| {
            body.allowed_email_domains(vec![raw(json!("example.com"))])
                .display_name("Acme Corp".to_owned())
                .session_ttl_sec(28800_i64)
        })
        .send()
        .await;

    assert_sent("update_account", &result);
    mock.assert_async().await;
    let account = decoded("update_account", result);
    assert_decoded("update_account", &account, &response);
    assert_no_unknown_fields("update_account", "$", [&account.extra]);
    assert_eq!(
        account.name.as_deref(),
        Some("acme-corp"),
        "update_account: name"
    );
    assert_eq!(
        account.display_name.as_deref(),
        Some("Acme Corp"),
        "update_account: display_name"
    );
}

/// Delete the account logo: `DELETE /api/v1/accounts/{name}/logo`.
#[tokio::test]
async fn delete_account_logo() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/accounts/acme-corp/logo")
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
        .delete_account_logo()
        .name("acme-corp")
        .send()
        .await;

    assert_sent("delete_account_logo", &result);
    mock.assert_async().await;
    let body = decoded("delete_account_logo", result);
    assert_decoded("delete_account_logo", &body, &response);
    assert!(
        body.is_empty(),
        "delete_account_logo: expected an empty object, got {body:?}"
    );
}

/// Get the account logo: `GET /api/v1/accounts/{name}/logo`.
#[tokio::test]
async fn get_account_logo() {
    let server = MockServer::start_async().await;
    let response = account_logo();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/acme-corp/logo")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_account_logo()
        .name("acme-corp")
        .send()
        .await;

    assert_sent("get_account_logo", &result);
    mock.assert_async().await;
    let account_logo = decoded("get_account_logo", result);
    assert_decoded("get_account_logo", &account_logo, &response);
    assert_no_unknown_fields("get_account_logo", "$", [&account_logo.extra]);
}

/// Update the account logo: `PATCH /api/v1/accounts/{name}/logo`.
///
/// The page shows no request body; the spec infers the `AccountLogo` resource as a partial
/// update (`x-inferred`), so the client sends the fields set here as JSON.
#[tokio::test]
async fn update_account_logo() {
    let server = MockServer::start_async().await;
    let response = account_logo();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/acme-corp/logo")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({"content_type": "image/png", "logo": LOGO}));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_account_logo()
        .name("acme-corp")
        .body_map(|body| {
            body.content_type("image/png".to_owned())
                .logo(LOGO.to_owned())
        })
        .send()
        .await;

    assert_sent("update_account_logo", &result);
    mock.assert_async().await;
    let account_logo = decoded("update_account_logo", result);
    assert_decoded("update_account_logo", &account_logo, &response);
    assert_no_unknown_fields("update_account_logo", "$", [&account_logo.extra]);
}
