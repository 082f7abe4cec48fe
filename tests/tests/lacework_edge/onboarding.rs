//! Contract tests for the `Onboarding` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The onboarding state of the account "acme-corp" (EULA signed, three steps done).
fn onboarding() -> Value {
    json!({
        "completed_steps": ["connect_idp", "add_app", "deploy_connector"],
        "eula_signed": true,
        "eula_signing_ip": "198.51.100.7",
        "eula_signing_time": 1769246100000_i64,
        "eula_signing_user": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "eula_signing_user_display_name": "Priya Raman",
        "eula_version": "2026-03"
    })
}

/// Get account onboarding info: `GET /api/v1/account/onboarding`.
#[tokio::test]
async fn get_account_onboarding() {
    let server = MockServer::start_async().await;
    let response = onboarding();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/account/onboarding")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).get_account_onboarding().send().await;

    assert_sent("get_account_onboarding", &result);
    mock.assert_async().await;
    let account_onboarding = decoded("get_account_onboarding", result);
    assert_decoded("get_account_onboarding", &account_onboarding, &response);
    assert_no_unknown_fields("get_account_onboarding", "$", [&account_onboarding.extra]);
}

/// Update account onboarding info: `PATCH /api/v1/account/onboarding`.
#[tokio::test]
async fn update_account_onboarding() {
    let server = MockServer::start_async().await;
    let response = onboarding();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/account/onboarding")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({"account_name": "acme-corp", "onboarding": onboarding()}));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_account_onboarding()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .onboarding(from_json::<types::AccountOnboarding>(onboarding()))
        })
        .send()
        .await;

    assert_sent("update_account_onboarding", &result);
    mock.assert_async().await;
    let account_onboarding = decoded("update_account_onboarding", result);
    assert_decoded("update_account_onboarding", &account_onboarding, &response);
    assert_no_unknown_fields(
        "update_account_onboarding",
        "$",
        [&account_onboarding.extra],
    );
}
