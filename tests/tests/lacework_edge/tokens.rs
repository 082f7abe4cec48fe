//! Contract tests for the `Tokens` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::json;

/// Query Tokens: `GET /api/v1/tokens`.
#[tokio::test]
async fn list_tokens() {
    let server = MockServer::start_async().await;
    let response = json!({
        "tokens": [
            fixtures::token(),
            {
                "uuid": "75d66cc0-d9be-4da2-b2ba-c2cadaa579e1",
                "name": "terraform",
                "status": 2
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/tokens")
                .query_param("get_all", "true")
                .query_param_total(1)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).list_tokens().get_all(true).send().await;

    assert_sent("list_tokens", &result);
    mock.assert_async().await;
    let page = decoded("list_tokens", result);
    assert_decoded("list_tokens", &page, &response);
    assert_no_unknown_fields("list_tokens", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_tokens",
        "$.tokens",
        page.tokens.iter().map(|item| &item.extra),
    );
    assert_eq!(page.tokens.len(), 2, "list_tokens: tokens");
    assert_eq!(
        page.tokens[0].name.as_deref(),
        Some("siem-export"),
        "list_tokens: tokens[0].name"
    );
}

/// Create Token: `POST /api/v1/tokens`.
#[tokio::test]
async fn create_token() {
    let server = MockServer::start_async().await;
    let response = fixtures::token();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/tokens")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "description": "API token for the Splunk add-on",
                    "name": "siem-export",
                    "role": 2,
                    "status": 2,
                    "ttl_sec": 3600,
                    "user_uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_token()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .description("API token for the Splunk add-on".to_owned())
                .name("siem-export".to_owned())
                .role(types::Role(2))
                .status(types::EnumStatus::ACTIVE)
                .ttl_sec(3600_i64)
                .user_uuid("299920fb-e1bd-4602-82ed-41fa83e51eba".to_owned())
        })
        .send()
        .await;

    assert_sent("create_token", &result);
    mock.assert_async().await;
    let token = decoded("create_token", result);
    assert_decoded("create_token", &token, &response);
    assert_no_unknown_fields("create_token", "$", [&token.extra]);
    assert_eq!(
        token.name.as_deref(),
        Some("siem-export"),
        "create_token: name"
    );
    assert_eq!(
        token.uuid.as_deref(),
        Some("7dbeba2a-aac7-4c19-a33b-c60c393839ba"),
        "create_token: uuid"
    );
}

/// Delete a token: `DELETE /api/v1/tokens/{uuid}`.
#[tokio::test]
async fn delete_token() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/tokens/7dbeba2a-aac7-4c19-a33b-c60c393839ba")
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
        .delete_token()
        .uuid("7dbeba2a-aac7-4c19-a33b-c60c393839ba")
        .send()
        .await;

    assert_sent("delete_token", &result);
    mock.assert_async().await;
    let body = decoded("delete_token", result);
    assert_decoded("delete_token", &body, &response);
    assert!(
        body.is_empty(),
        "delete_token: expected an empty object, got {body:?}"
    );
}

/// Update a token: `PATCH /api/v1/tokens/{uuid}`.
#[tokio::test]
async fn update_token() {
    let server = MockServer::start_async().await;
    let response = fixtures::token();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/tokens/7dbeba2a-aac7-4c19-a33b-c60c393839ba")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "uuid": "7dbeba2a-aac7-4c19-a33b-c60c393839ba",
                    "account_name": "acme-corp",
                    "attributes_to_delete": ["description"],
                    "description": "API token for the Splunk add-on",
                    "name": "siem-export",
                    "role": 2
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_token()
        .uuid("7dbeba2a-aac7-4c19-a33b-c60c393839ba")
        .body_map(|body| {
            body.uuid("7dbeba2a-aac7-4c19-a33b-c60c393839ba".to_owned())
                .account_name("acme-corp".to_owned())
                .attributes_to_delete(vec!["description".to_owned()])
                .description("API token for the Splunk add-on".to_owned())
                .name("siem-export".to_owned())
                .role(types::Role(2))
        })
        .send()
        .await;

    assert_sent("update_token", &result);
    mock.assert_async().await;
    let token = decoded("update_token", result);
    assert_decoded("update_token", &token, &response);
    assert_no_unknown_fields("update_token", "$", [&token.extra]);
    assert_eq!(
        token.name.as_deref(),
        Some("siem-export"),
        "update_token: name"
    );
    assert_eq!(
        token.uuid.as_deref(),
        Some("7dbeba2a-aac7-4c19-a33b-c60c393839ba"),
        "update_token: uuid"
    );
}
