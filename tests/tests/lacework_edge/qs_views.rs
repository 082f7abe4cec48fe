//! Contract tests for the `QS Views` operations of the Lacework Edge API.

use contract_tests::{LACEWORK_BEARER, WhenExt, assert_decoded, assert_sent, decoded, lacework};
use httpmock::prelude::*;
use serde_json::json;

/// Query a QS View: `GET /api/v1/qs-views/{view}`.
#[tokio::test]
async fn query_qs_view() {
    let server = MockServer::start_async().await;
    let response = json!({
        "columns": ["time", "user_uuid", "app_uuid", "action"],
        "rows": [
            [
                1795162500000_i64,
                "299920fb-e1bd-4602-82ed-41fa83e51eba",
                "ff24186f-62af-4d20-a547-29cfab19bbe9",
                "allow"
            ],
            [
                1795162800000_i64,
                "299920fb-e1bd-4602-82ed-41fa83e51eba",
                "f20d9f29-8ea6-45d1-92c0-39a5923f1dfd",
                "deny"
            ]
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/qs-views/access_logs")
                .query_param("start_time", "1794561300000")
                .query_param("end_time", "1795166100000")
                .query_param_total(2)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .query_qs_view()
        .view("access_logs")
        .start_time("1794561300000")
        .end_time("1795166100000")
        .send()
        .await;

    assert_sent("query_qs_view", &result);
    mock.assert_async().await;
    let body = decoded("query_qs_view", result);
    assert_decoded("query_qs_view", &body, &response);
    assert_eq!(
        body["columns"],
        json!(["time", "user_uuid", "app_uuid", "action"]),
        "query_qs_view: columns"
    );
}

/// Describe a QS view (respond in a transformed format): `GET /api/v1/qs-views/{view}/describe`.
#[tokio::test]
async fn describe_qs_view() {
    let server = MockServer::start_async().await;
    let response = json!({
        "view": "access_logs",
        "columns": [
            {"name": "time", "type": "timestamp"},
            {"name": "user_uuid", "type": "string"},
            {"name": "action", "type": "string"}
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/qs-views/access_logs/describe")
                .query_param("format", "json")
                .query_param_total(1)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .describe_qs_view()
        .view("access_logs")
        .format("json")
        .send()
        .await;

    assert_sent("describe_qs_view", &result);
    mock.assert_async().await;
    let body = decoded("describe_qs_view", result);
    assert_decoded("describe_qs_view", &body, &response);
    assert_eq!(body["view"], json!("access_logs"), "describe_qs_view: view");
}
