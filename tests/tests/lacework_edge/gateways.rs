//! Contract tests for the `Gateways` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use serde_json::json;

/// Query Gateways: `GET /api/v1/gateways`.
#[tokio::test]
async fn list_gateways() {
    let server = MockServer::start_async().await;
    let response = json!({
        "gateways": [
            {"name": "us-east-1", "host": "gw-use1.edge-guardian.io"}
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/gateways")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).list_gateways().send().await;

    assert_sent("list_gateways", &result);
    mock.assert_async().await;
    let page = decoded("list_gateways", result);
    assert_decoded("list_gateways", &page, &response);
    assert_no_unknown_fields("list_gateways", "$", [&page.extra]);
}
