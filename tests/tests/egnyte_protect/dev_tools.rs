//! Contract tests for the `Dev Tools` operations of the Egnyte Secure and Govern API.
//!
//! `run_classification_source_test` is also tagged `Dev Tools`, but it is tested in
//! `classification_source.rs`, under its first tag.

use contract_tests::{
    EGNYTE_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded, egnyte,
};
use httpmock::prelude::*;
use serde_json::json;

/// Get basic information about the user: `GET /v1/userinfo`.
#[tokio::test]
async fn get_user_info() {
    let server = MockServer::start_async().await;
    let response = json!({
        "clientId": "hweb8adyh3gumiypa45qdgkm",
        "user": "d870600d-dd67-448f-b482-7c4618862008",
        "tenant": "fc7e9d03-b838-40b3-ae6b-80f761f418d7",
        "scopes": ["issues:read", "legalhold:read", "auditevents:read"]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/userinfo")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server).get_user_info().send().await;

    assert_sent("get_user_info", &result);
    mock.assert_async().await;
    let info = decoded("get_user_info", result);
    assert_decoded("get_user_info", &info, &response);
    assert_no_unknown_fields("get_user_info", "$", [&info.extra]);
    assert_eq!(
        info.client_id.as_deref(),
        Some("hweb8adyh3gumiypa45qdgkm"),
        "get_user_info: clientId"
    );
    assert_eq!(
        info.scopes,
        ["issues:read", "legalhold:read", "auditevents:read"],
        "get_user_info: scopes"
    );
}
