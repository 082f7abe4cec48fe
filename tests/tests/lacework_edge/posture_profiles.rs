//! Contract tests for the `Posture Profiles` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The posture profile "Corporate macOS" (`8b199b7f-…`) with every `PostureProfile` field
/// set.
fn posture_profile() -> Value {
    json!({
        "account_name": "acme-corp",
        "attribute_uuids": ["69d37c22-9a33-4ecf-b0d5-465ec924ac53"],
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "description": "Managed macOS laptops with disk encryption and EDR",
        "name": "Corporate macOS",
        "platform": 1,
        "posture_tag_value": "corp-macos",
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "8b199b7f-ac51-4468-a9d9-2afa027fb3e6"
    })
}

/// Query posture profiles for an account: `GET /api/v1/posture-profiles`.
#[tokio::test]
async fn list_posture_profiles() {
    let server = MockServer::start_async().await;
    let response = json!({
        "posture_profiles": [
            posture_profile(),
            {
                "uuid": "27eb6e41-c6e7-439a-9854-8c61f45ca069",
                "name": "Corporate Windows"
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/posture-profiles")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).list_posture_profiles().send().await;

    assert_sent("list_posture_profiles", &result);
    mock.assert_async().await;
    let page = decoded("list_posture_profiles", result);
    assert_decoded("list_posture_profiles", &page, &response);
    assert_no_unknown_fields("list_posture_profiles", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_posture_profiles",
        "$.posture_profiles",
        page.posture_profiles.iter().map(|item| &item.extra),
    );
    assert_eq!(
        page.posture_profiles.len(),
        2,
        "list_posture_profiles: posture_profiles"
    );
    assert_eq!(
        page.posture_profiles[0].name.as_deref(),
        Some("Corporate macOS"),
        "list_posture_profiles: posture_profiles[0].name"
    );
}

/// Add posture profile: `POST /api/v1/posture-profiles`.
#[tokio::test]
async fn create_posture_profile() {
    let server = MockServer::start_async().await;
    let response = posture_profile();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/posture-profiles")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "attribute_uuids": ["69d37c22-9a33-4ecf-b0d5-465ec924ac53"],
                    "description": "Managed macOS laptops with disk encryption and EDR",
                    "name": "Corporate macOS",
                    "platform": 1,
                    "posture_tag_value": "corp-macos"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_posture_profile()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .attribute_uuids(vec!["69d37c22-9a33-4ecf-b0d5-465ec924ac53".to_owned()])
                .description("Managed macOS laptops with disk encryption and EDR".to_owned())
                .name("Corporate macOS".to_owned())
                .platform(types::PosturePlatform(1))
                .posture_tag_value("corp-macos".to_owned())
        })
        .send()
        .await;

    assert_sent("create_posture_profile", &result);
    mock.assert_async().await;
    let posture_profile = decoded("create_posture_profile", result);
    assert_decoded("create_posture_profile", &posture_profile, &response);
    assert_no_unknown_fields("create_posture_profile", "$", [&posture_profile.extra]);
    assert_eq!(
        posture_profile.name.as_deref(),
        Some("Corporate macOS"),
        "create_posture_profile: name"
    );
    assert_eq!(
        posture_profile.uuid.as_deref(),
        Some("8b199b7f-ac51-4468-a9d9-2afa027fb3e6"),
        "create_posture_profile: uuid"
    );
}

/// Delete specified posture profile: `DELETE /api/v1/posture-profiles/{uuid}`.
#[tokio::test]
async fn delete_posture_profile() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/posture-profiles/8b199b7f-ac51-4468-a9d9-2afa027fb3e6")
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
        .delete_posture_profile()
        .uuid("8b199b7f-ac51-4468-a9d9-2afa027fb3e6")
        .send()
        .await;

    assert_sent("delete_posture_profile", &result);
    mock.assert_async().await;
    let body = decoded("delete_posture_profile", result);
    assert_decoded("delete_posture_profile", &body, &response);
    assert!(
        body.is_empty(),
        "delete_posture_profile: expected an empty object, got {body:?}"
    );
}

/// Update posture profile: `PATCH /api/v1/posture-profiles/{uuid}`.
#[tokio::test]
async fn update_posture_profile() {
    let server = MockServer::start_async().await;
    let response = posture_profile();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/posture-profiles/8b199b7f-ac51-4468-a9d9-2afa027fb3e6")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "uuid": "8b199b7f-ac51-4468-a9d9-2afa027fb3e6",
                    "account_name": "acme-corp",
                    "attribute_uuids": ["69d37c22-9a33-4ecf-b0d5-465ec924ac53"],
                    "attributes_to_delete": ["description"],
                    "description": "Managed macOS laptops with disk encryption and EDR",
                    "name": "Corporate macOS"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_posture_profile()
        .uuid("8b199b7f-ac51-4468-a9d9-2afa027fb3e6")
        .body_map(|body| {
            body.uuid("8b199b7f-ac51-4468-a9d9-2afa027fb3e6".to_owned())
                .account_name("acme-corp".to_owned())
                .attribute_uuids(vec!["69d37c22-9a33-4ecf-b0d5-465ec924ac53".to_owned()])
                .attributes_to_delete(vec!["description".to_owned()])
                .description("Managed macOS laptops with disk encryption and EDR".to_owned())
                .name("Corporate macOS".to_owned())
        })
        .send()
        .await;

    assert_sent("update_posture_profile", &result);
    mock.assert_async().await;
    let posture_profile = decoded("update_posture_profile", result);
    assert_decoded("update_posture_profile", &posture_profile, &response);
    assert_no_unknown_fields("update_posture_profile", "$", [&posture_profile.extra]);
    assert_eq!(
        posture_profile.name.as_deref(),
        Some("Corporate macOS"),
        "update_posture_profile: name"
    );
    assert_eq!(
        posture_profile.uuid.as_deref(),
        Some("8b199b7f-ac51-4468-a9d9-2afa027fb3e6"),
        "update_posture_profile: uuid"
    );
}

/// Get posture profile for an account based on uuid: `GET /api/v1/account/posture-profile`.
#[tokio::test]
async fn get_posture_profile() {
    let server = MockServer::start_async().await;
    let response = posture_profile();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/account/posture-profile")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).get_posture_profile().send().await;

    assert_sent("get_posture_profile", &result);
    mock.assert_async().await;
    let posture_profile = decoded("get_posture_profile", result);
    assert_decoded("get_posture_profile", &posture_profile, &response);
    assert_no_unknown_fields("get_posture_profile", "$", [&posture_profile.extra]);
    assert_eq!(
        posture_profile.name.as_deref(),
        Some("Corporate macOS"),
        "get_posture_profile: name"
    );
    assert_eq!(
        posture_profile.uuid.as_deref(),
        Some("8b199b7f-ac51-4468-a9d9-2afa027fb3e6"),
        "get_posture_profile: uuid"
    );
}
