//! Contract tests for the `Countries` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use serde_json::json;

/// Query Countries: `GET /api/v1/countries`.
#[tokio::test]
async fn list_countries() {
    let server = MockServer::start_async().await;
    let response = json!({
        "countries": [
            {"code": "US", "name": "United States"},
            {"code": "PT", "name": "Portugal"}
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/countries")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).list_countries().send().await;

    assert_sent("list_countries", &result);
    mock.assert_async().await;
    let page = decoded("list_countries", result);
    assert_decoded("list_countries", &page, &response);
    assert_no_unknown_fields("list_countries", "$", [&page.extra]);
}
