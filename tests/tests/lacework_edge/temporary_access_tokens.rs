//! Contract tests for the `Temporary Access Tokens` operations of the Lacework Edge API.

use crate::fixtures;
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
    let response = fixtures::token();
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
