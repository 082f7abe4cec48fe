//! Contract tests for the `Time IDs` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use serde_json::json;

/// Create TimeId: `POST /api/v1/time-ids`.
#[tokio::test]
async fn create_time_id() {
    let server = MockServer::start_async().await;
    let response = json!({
        "create_time": 1792574100000_i64,
        "end_time": 1795166100000_i64,
        "salt": "c2FsdC1mb3ItZGFuYQ==",
        "signature": [
            {
                "algorithm": "ecdsa-with-SHA256",
                "signature": "MEUCIQDx8Fh2k3"
            }
        ],
        "version": "4.12.3"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/time-ids")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type")
                .body("");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).create_time_id().send().await;

    assert_sent("create_time_id", &result);
    mock.assert_async().await;
    let time_id = decoded("create_time_id", result);
    assert_decoded("create_time_id", &time_id, &response);
    assert_no_unknown_fields("create_time_id", "$", [&time_id.extra]);
}
