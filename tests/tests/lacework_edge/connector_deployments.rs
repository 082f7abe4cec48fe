//! Contract tests for the `Connector Deployments` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use serde_json::json;

/// Initiate deployment of a connector: `POST /api/v1/connector-deployments`.
#[tokio::test]
async fn initiate_connector_deployment() {
    let server = MockServer::start_async().await;
    let response = json!({
        "accesses": fixtures::accesses(),
        "apps": fixtures::apps(),
        "completed": true,
        "connector": fixtures::connector(),
        "messages": [
            "Bucket acme-edge-audit-exports is reachable",
            "Write test succeeded"
        ],
        "policies": fixtures::policies(),
        "resource_urls": ["https://acme.okta.com/api/v1/logs"],
        "success": true
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/connector-deployments")
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
        .initiate_connector_deployment()
        .send()
        .await;

    assert_sent("initiate_connector_deployment", &result);
    mock.assert_async().await;
    let initiate_connector_deployment = decoded("initiate_connector_deployment", result);
    assert_decoded(
        "initiate_connector_deployment",
        &initiate_connector_deployment,
        &response,
    );
    assert_no_unknown_fields(
        "initiate_connector_deployment",
        "$",
        [&initiate_connector_deployment.extra],
    );
    assert_no_unknown_fields(
        "initiate_connector_deployment",
        "$.accesses",
        initiate_connector_deployment
            .accesses
            .iter()
            .map(|item| &item.extra),
    );
    assert_no_unknown_fields(
        "initiate_connector_deployment",
        "$.apps",
        initiate_connector_deployment
            .apps
            .iter()
            .map(|item| &item.extra),
    );
    assert_no_unknown_fields(
        "initiate_connector_deployment",
        "$.connector",
        initiate_connector_deployment
            .connector
            .iter()
            .map(|item| &item.extra),
    );
    assert_no_unknown_fields(
        "initiate_connector_deployment",
        "$.policies",
        initiate_connector_deployment
            .policies
            .iter()
            .map(|item| &item.extra),
    );
    assert_eq!(
        initiate_connector_deployment.accesses.len(),
        2,
        "initiate_connector_deployment: accesses"
    );
    assert_eq!(
        initiate_connector_deployment.accesses[0].uuid.as_deref(),
        Some("839ca886-698d-4e34-bfca-5f67a0e6ab1c"),
        "initiate_connector_deployment: accesses[0].uuid"
    );
}

/// Check where a connector should be deployed to get access to a given app: `GET /api/v1/connector-deployments/options`.
#[tokio::test]
async fn get_connector_deployment_options() {
    let server = MockServer::start_async().await;
    let response = json!({
        "options": [
            {"region": "us-east-1", "instance_type": "t3.medium"}
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/connector-deployments/options")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_connector_deployment_options()
        .send()
        .await;

    assert_sent("get_connector_deployment_options", &result);
    mock.assert_async().await;
    let connector_deployment_options = decoded("get_connector_deployment_options", result);
    assert_decoded(
        "get_connector_deployment_options",
        &connector_deployment_options,
        &response,
    );
    assert_no_unknown_fields(
        "get_connector_deployment_options",
        "$",
        [&connector_deployment_options.extra],
    );
}
