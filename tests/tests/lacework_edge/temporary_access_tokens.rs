//! Contract tests for the `Temporary Access Tokens` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use serde_json::json;

/// Create Temporary Access Token: `POST /api/v1/temporary-access-tokens`.
#[tokio::test]
async fn create_temporary_access_token() {
    let server = MockServer::start_async().await;
    let response = json!({
        "account_location": "us-east-1",
        "account_name": "acme-corp",
        "account_shard": "us-east-1-shard-2",
        "account_uuid": "d6ac66e2-1fbc-4473-b0d7-4e9003923f5b",
        "algo": "HS256",
        "backend_shard": "us-east-1-shard-2",
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_role": 1,
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "description": "API token for the Splunk add-on",
        "expire_time_sec": 1802942100,
        "login_url": "https://app.edge-guardian.io/login/acme-corp",
        "name": "siem-export",
        "secret": "lw_edge_5f3c9a7e1b2d4c6e8a0f1b3d5c7e9a1b",
        "status": 2,
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "7dbeba2a-aac7-4c19-a33b-c60c393839ba",
        "view_pii_log_only": false
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/temporary-access-tokens")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "ttl_sec": 3600,
                    "user_uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_temporary_access_token()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .ttl_sec(3600_i64)
                .user_uuid("299920fb-e1bd-4602-82ed-41fa83e51eba".to_owned())
        })
        .send()
        .await;

    assert_sent("create_temporary_access_token", &result);
    mock.assert_async().await;
    let token = decoded("create_temporary_access_token", result);
    assert_decoded("create_temporary_access_token", &token, &response);
    assert_no_unknown_fields("create_temporary_access_token", "$", [&token.extra]);
    assert_eq!(
        token.name.as_deref(),
        Some("siem-export"),
        "create_temporary_access_token: name"
    );
    assert_eq!(
        token.uuid.as_deref(),
        Some("7dbeba2a-aac7-4c19-a33b-c60c393839ba"),
        "create_temporary_access_token: uuid"
    );
}
