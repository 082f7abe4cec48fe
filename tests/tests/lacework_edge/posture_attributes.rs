//! Contract tests for the `Posture Attributes` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The posture attribute "CrowdStrike Falcon running" (`69d37c22-…`) with every
/// `PostureAttribute` field set.
fn posture_attribute() -> Value {
    json!({
        "account_name": "acme-corp",
        "attribute_type": 1,
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "description": "The Falcon sensor process must be running",
        "name": "CrowdStrike Falcon running",
        "required_processes": [
            {"name": "falcond", "path": "/Library/CS/falcond"}
        ],
        "supported_platforms": [1],
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "69d37c22-9a33-4ecf-b0d5-465ec924ac53"
    })
}

/// Query posture attributes for an account: `GET /api/v1/posture-attributes`.
#[tokio::test]
async fn list_posture_attributes() {
    let server = MockServer::start_async().await;
    let response = json!({
        "posture_attributes": [
            posture_attribute(),
            {
                "uuid": "8bca8d6b-8ac7-4f62-80a7-b16b244fc805",
                "name": "FileVault enabled"
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/posture-attributes")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).list_posture_attributes().send().await;

    assert_sent("list_posture_attributes", &result);
    mock.assert_async().await;
    let page = decoded("list_posture_attributes", result);
    assert_decoded("list_posture_attributes", &page, &response);
    assert_no_unknown_fields("list_posture_attributes", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_posture_attributes",
        "$.posture_attributes",
        page.posture_attributes.iter().map(|item| &item.extra),
    );
    assert_eq!(
        page.posture_attributes.len(),
        2,
        "list_posture_attributes: posture_attributes"
    );
    assert_eq!(
        page.posture_attributes[0].name.as_deref(),
        Some("CrowdStrike Falcon running"),
        "list_posture_attributes: posture_attributes[0].name"
    );
}

/// Add posture attribute: `POST /api/v1/posture-attributes`.
#[tokio::test]
async fn create_posture_attribute() {
    let server = MockServer::start_async().await;
    let response = posture_attribute();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/posture-attributes")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "attribute_type": 1,
                    "description": "The Falcon sensor process must be running",
                    "name": "CrowdStrike Falcon running",
                    "required_processes": [
                        {"name": "falcond", "path": "/Library/CS/falcond"}
                    ],
                    "supported_platforms": [1]
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_posture_attribute()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .attribute_type(types::PostureAttributeType(1))
                .description("The Falcon sensor process must be running".to_owned())
                .name("CrowdStrike Falcon running".to_owned())
                .required_processes(vec![from_json::<types::PostureProcess>(
                    json!({"name": "falcond", "path": "/Library/CS/falcond"}),
                )])
                .supported_platforms(vec![types::PosturePlatform(1)])
        })
        .send()
        .await;

    assert_sent("create_posture_attribute", &result);
    mock.assert_async().await;
    let posture_attribute = decoded("create_posture_attribute", result);
    assert_decoded("create_posture_attribute", &posture_attribute, &response);
    assert_no_unknown_fields("create_posture_attribute", "$", [&posture_attribute.extra]);
    assert_eq!(
        posture_attribute.name.as_deref(),
        Some("CrowdStrike Falcon running"),
        "create_posture_attribute: name"
    );
    assert_eq!(
        posture_attribute.uuid.as_deref(),
        Some("69d37c22-9a33-4ecf-b0d5-465ec924ac53"),
        "create_posture_attribute: uuid"
    );
}

/// Delete specified posture attribute: `DELETE /api/v1/posture-attributes/{uuid}`.
#[tokio::test]
async fn delete_posture_attribute() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/posture-attributes/69d37c22-9a33-4ecf-b0d5-465ec924ac53")
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
        .delete_posture_attribute()
        .uuid("69d37c22-9a33-4ecf-b0d5-465ec924ac53")
        .send()
        .await;

    assert_sent("delete_posture_attribute", &result);
    mock.assert_async().await;
    let body = decoded("delete_posture_attribute", result);
    assert_decoded("delete_posture_attribute", &body, &response);
    assert!(
        body.is_empty(),
        "delete_posture_attribute: expected an empty object, got {body:?}"
    );
}

/// Update posture attribute: `PATCH /api/v1/posture-attributes/{uuid}`.
#[tokio::test]
async fn update_posture_attribute() {
    let server = MockServer::start_async().await;
    let response = posture_attribute();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/posture-attributes/69d37c22-9a33-4ecf-b0d5-465ec924ac53")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "uuid": "69d37c22-9a33-4ecf-b0d5-465ec924ac53",
                    "account_name": "acme-corp",
                    "attributes_to_delete": ["description"],
                    "description": "The Falcon sensor process must be running",
                    "name": "CrowdStrike Falcon running",
                    "required_processes": [
                        {"name": "falcond", "path": "/Library/CS/falcond"}
                    ]
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_posture_attribute()
        .uuid("69d37c22-9a33-4ecf-b0d5-465ec924ac53")
        .body_map(|body| {
            body.uuid("69d37c22-9a33-4ecf-b0d5-465ec924ac53".to_owned())
                .account_name("acme-corp".to_owned())
                .attributes_to_delete(vec!["description".to_owned()])
                .description("The Falcon sensor process must be running".to_owned())
                .name("CrowdStrike Falcon running".to_owned())
                .required_processes(vec![from_json::<types::PostureProcess>(
                    json!({"name": "falcond", "path": "/Library/CS/falcond"}),
                )])
        })
        .send()
        .await;

    assert_sent("update_posture_attribute", &result);
    mock.assert_async().await;
    let posture_attribute = decoded("update_posture_attribute", result);
    assert_decoded("update_posture_attribute", &posture_attribute, &response);
    assert_no_unknown_fields("update_posture_attribute", "$", [&posture_attribute.extra]);
    assert_eq!(
        posture_attribute.name.as_deref(),
        Some("CrowdStrike Falcon running"),
        "update_posture_attribute: name"
    );
    assert_eq!(
        posture_attribute.uuid.as_deref(),
        Some("69d37c22-9a33-4ecf-b0d5-465ec924ac53"),
        "update_posture_attribute: uuid"
    );
}

/// Get posture attribute for an account based on uuid: `GET /api/v1/account/posture-attribute`.
#[tokio::test]
async fn get_posture_attribute() {
    let server = MockServer::start_async().await;
    let response = posture_attribute();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/account/posture-attribute")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).get_posture_attribute().send().await;

    assert_sent("get_posture_attribute", &result);
    mock.assert_async().await;
    let posture_attribute = decoded("get_posture_attribute", result);
    assert_decoded("get_posture_attribute", &posture_attribute, &response);
    assert_no_unknown_fields("get_posture_attribute", "$", [&posture_attribute.extra]);
    assert_eq!(
        posture_attribute.name.as_deref(),
        Some("CrowdStrike Falcon running"),
        "get_posture_attribute: name"
    );
    assert_eq!(
        posture_attribute.uuid.as_deref(),
        Some("69d37c22-9a33-4ecf-b0d5-465ec924ac53"),
        "get_posture_attribute: uuid"
    );
}
