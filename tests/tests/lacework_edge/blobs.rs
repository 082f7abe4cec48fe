//! Contract tests for the `Blobs` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use serde_json::{Value, json};

/// The blob "dashboard layout" of the user `299920fb-…` with every `Blob` field set.
fn blob() -> Value {
    json!({
        "account_name": "acme-corp",
        "create_time": 1792574100000_i64,
        "data": "{\"layout\":[[\"access_overview\",\"denied_sessions\"]]}",
        "expire_time_sec": 1802942100,
        "key": "ui-preferences/299920fb-e1bd-4602-82ed-41fa83e51eba",
        "name": "dashboard layout",
        "update_time": 1795004100000_i64,
        "user_uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba"
    })
}

/// Query blobs by prefix: `GET /api/v1/blobs`.
#[tokio::test]
async fn list_blobs() {
    let server = MockServer::start_async().await;
    let response = json!({
        "blobs": [
            blob(),
            {
                "name": "saved search",
                "key": "ui-preferences/ab81b6f4-6ae3-4fae-871a-aa2734f17b33"
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/blobs")
                .query_param("prefix", "ui-preferences/")
                .query_param_total(1)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_blobs()
        .prefix("ui-preferences/")
        .send()
        .await;

    assert_sent("list_blobs", &result);
    mock.assert_async().await;
    let page = decoded("list_blobs", result);
    assert_decoded("list_blobs", &page, &response);
    assert_no_unknown_fields("list_blobs", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_blobs",
        "$.blobs",
        page.blobs.iter().map(|item| &item.extra),
    );
    assert_eq!(page.blobs.len(), 2, "list_blobs: blobs");
    assert_eq!(
        page.blobs[0].name.as_deref(),
        Some("dashboard layout"),
        "list_blobs: blobs[0].name"
    );
}

/// Create a blob: `POST /api/v1/blobs`.
#[tokio::test]
async fn create_blob() {
    let server = MockServer::start_async().await;
    let response = blob();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/blobs")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "data": "{\"layout\":[[\"access_overview\",\"denied_sessions\"]]}",
                    "expire_time_sec": 1802942100,
                    "key": "ui-preferences/299920fb-e1bd-4602-82ed-41fa83e51eba",
                    "name": "dashboard layout"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_blob()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .data("{\"layout\":[[\"access_overview\",\"denied_sessions\"]]}".to_owned())
                .expire_time_sec(1802942100_i64)
                .key("ui-preferences/299920fb-e1bd-4602-82ed-41fa83e51eba".to_owned())
                .name("dashboard layout".to_owned())
        })
        .send()
        .await;

    assert_sent("create_blob", &result);
    mock.assert_async().await;
    let blob = decoded("create_blob", result);
    assert_decoded("create_blob", &blob, &response);
    assert_no_unknown_fields("create_blob", "$", [&blob.extra]);
    assert_eq!(
        blob.name.as_deref(),
        Some("dashboard layout"),
        "create_blob: name"
    );
    assert_eq!(
        blob.key.as_deref(),
        Some("ui-preferences/299920fb-e1bd-4602-82ed-41fa83e51eba"),
        "create_blob: key"
    );
}

/// Delete a blob: `DELETE /api/v1/blobs/{key}`.
#[tokio::test]
async fn delete_blob() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/blobs/ui-preferences%2F299920fb-e1bd-4602-82ed-41fa83e51eba")
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
        .delete_blob()
        .key("ui-preferences/299920fb-e1bd-4602-82ed-41fa83e51eba")
        .send()
        .await;

    assert_sent("delete_blob", &result);
    mock.assert_async().await;
    let body = decoded("delete_blob", result);
    assert_decoded("delete_blob", &body, &response);
    assert!(
        body.is_empty(),
        "delete_blob: expected an empty object, got {body:?}"
    );
}

/// Get a blob: `GET /api/v1/blobs/{key}`.
#[tokio::test]
async fn get_blob() {
    let server = MockServer::start_async().await;
    let response = blob();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/blobs/ui-preferences%2F299920fb-e1bd-4602-82ed-41fa83e51eba")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_blob()
        .key("ui-preferences/299920fb-e1bd-4602-82ed-41fa83e51eba")
        .send()
        .await;

    assert_sent("get_blob", &result);
    mock.assert_async().await;
    let blob = decoded("get_blob", result);
    assert_decoded("get_blob", &blob, &response);
    assert_no_unknown_fields("get_blob", "$", [&blob.extra]);
    assert_eq!(
        blob.name.as_deref(),
        Some("dashboard layout"),
        "get_blob: name"
    );
    assert_eq!(
        blob.key.as_deref(),
        Some("ui-preferences/299920fb-e1bd-4602-82ed-41fa83e51eba"),
        "get_blob: key"
    );
}

/// Update a blob: `PATCH /api/v1/blobs/{key}`.
///
/// The page shows no request body; the spec infers the `Blob` resource as a partial
/// update (`x-inferred`), so the client sends the fields set here as JSON.
#[tokio::test]
async fn update_blob() {
    let server = MockServer::start_async().await;
    let response = blob();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/blobs/ui-preferences%2F299920fb-e1bd-4602-82ed-41fa83e51eba")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "data": "{\"layout\":[[\"access_overview\",\"denied_sessions\"]]}",
                    "name": "dashboard layout"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_blob()
        .key("ui-preferences/299920fb-e1bd-4602-82ed-41fa83e51eba")
        .body_map(|body| {
            body.data(r#"{"layout":[["access_overview","denied_sessions"]]}"#.to_owned())
                .name("dashboard layout".to_owned())
        })
        .send()
        .await;

    assert_sent("update_blob", &result);
    mock.assert_async().await;
    let blob = decoded("update_blob", result);
    assert_decoded("update_blob", &blob, &response);
    assert_no_unknown_fields("update_blob", "$", [&blob.extra]);
    assert_eq!(
        blob.name.as_deref(),
        Some("dashboard layout"),
        "update_blob: name"
    );
    assert_eq!(
        blob.key.as_deref(),
        Some("ui-preferences/299920fb-e1bd-4602-82ed-41fa83e51eba"),
        "update_blob: key"
    );
}
