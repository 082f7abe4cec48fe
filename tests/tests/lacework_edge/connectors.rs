//! Contract tests for the `Connectors` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework, raw,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::json;

/// Query Connectors: `GET /api/v1/connectors`.
#[tokio::test]
async fn list_connectors() {
    let server = MockServer::start_async().await;
    let response = json!({
        "connectors": [
            fixtures::connector(),
            {
                "uuid": "b5b4b6e8-0d61-4950-83b7-dc9ece64c0d8",
                "name": "Azure westeurope connector",
                "unique_name": "azure-weu-connector",
                "status": 2
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/connectors")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).list_connectors().send().await;

    assert_sent("list_connectors", &result);
    mock.assert_async().await;
    let page = decoded("list_connectors", result);
    assert_decoded("list_connectors", &page, &response);
    assert_no_unknown_fields("list_connectors", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_connectors",
        "$.connectors",
        page.connectors.iter().map(|item| &item.extra),
    );
    assert_eq!(page.connectors.len(), 2, "list_connectors: connectors");
    assert_eq!(
        page.connectors[0].name.as_deref(),
        Some("AWS us-east-1 connector"),
        "list_connectors: connectors[0].name"
    );
}

/// Create Connector: `POST /api/v1/connectors`.
#[tokio::test]
async fn create_connector() {
    let server = MockServer::start_async().await;
    let response = fixtures::connector();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/connectors")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "config": {"region": "us-east-1", "vpc_id": "vpc-0a1b2c3d4e5f6a7b8"},
                    "connector": {
                        "unique_name": "aws-use1-connector",
                        "cloud": "aws",
                        "region": "us-east-1"
                    },
                    "description": "Connector in the production VPC",
                    "external_addr": ["54.210.17.33"],
                    "name": "AWS us-east-1 connector",
                    "status": 2,
                    "tags": ["finance", "sox"],
                    "tcp_on_layer_three_vpn": 1,
                    "unique_name": "aws-use1-connector"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_connector()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .config(raw(
                    json!({"region": "us-east-1", "vpc_id": "vpc-0a1b2c3d4e5f6a7b8"}),
                ))
                .connector(raw(json!({
                    "unique_name": "aws-use1-connector",
                    "cloud": "aws",
                    "region": "us-east-1"
                })))
                .description("Connector in the production VPC".to_owned())
                .external_addr(vec!["54.210.17.33".to_owned()])
                .name("AWS us-east-1 connector".to_owned())
                .status(types::EnumStatus::ACTIVE)
                .tags(vec!["finance".to_owned(), "sox".to_owned()])
                .tcp_on_layer_three_vpn(types::TcpOnLayerThreeVpn(1))
                .unique_name("aws-use1-connector".to_owned())
        })
        .send()
        .await;

    assert_sent("create_connector", &result);
    mock.assert_async().await;
    let connector = decoded("create_connector", result);
    assert_decoded("create_connector", &connector, &response);
    assert_no_unknown_fields("create_connector", "$", [&connector.extra]);
    assert_eq!(
        connector.name.as_deref(),
        Some("AWS us-east-1 connector"),
        "create_connector: name"
    );
    assert_eq!(
        connector.uuid.as_deref(),
        Some("c058e4b0-3939-40bc-9f9d-97a964007095"),
        "create_connector: uuid"
    );
}

/// Delete a connector: `DELETE /api/v1/connectors/{name}`.
#[tokio::test]
async fn delete_connector() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/connectors/aws-use1-connector")
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
        .delete_connector()
        .name("aws-use1-connector")
        .send()
        .await;

    assert_sent("delete_connector", &result);
    mock.assert_async().await;
    let body = decoded("delete_connector", result);
    assert_decoded("delete_connector", &body, &response);
    assert!(
        body.is_empty(),
        "delete_connector: expected an empty object, got {body:?}"
    );
}

/// Get Connector: `GET /api/v1/connectors/{name}`.
#[tokio::test]
async fn get_connector() {
    let server = MockServer::start_async().await;
    let response = fixtures::connector();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/connectors/aws-use1-connector")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_connector()
        .name("aws-use1-connector")
        .send()
        .await;

    assert_sent("get_connector", &result);
    mock.assert_async().await;
    let connector = decoded("get_connector", result);
    assert_decoded("get_connector", &connector, &response);
    assert_no_unknown_fields("get_connector", "$", [&connector.extra]);
    assert_eq!(
        connector.name.as_deref(),
        Some("AWS us-east-1 connector"),
        "get_connector: name"
    );
    assert_eq!(
        connector.uuid.as_deref(),
        Some("c058e4b0-3939-40bc-9f9d-97a964007095"),
        "get_connector: uuid"
    );
}

/// Update the connector details: `PATCH /api/v1/connectors/{name}`.
///
/// The page shows no request body; the spec infers the `Connector` resource as a partial
/// update (`x-inferred`), so the client sends the fields set here as JSON.
#[tokio::test]
async fn update_connector() {
    let server = MockServer::start_async().await;
    let response = fixtures::connector();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/connectors/aws-use1-connector")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "description": "Connector in the production VPC",
                    "desired_releases": ["4.12.3"]
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_connector()
        .name("aws-use1-connector")
        .body_map(|body| {
            body.description("Connector in the production VPC".to_owned())
                .desired_releases(vec![raw(json!("4.12.3"))])
        })
        .send()
        .await;

    assert_sent("update_connector", &result);
    mock.assert_async().await;
    let connector = decoded("update_connector", result);
    assert_decoded("update_connector", &connector, &response);
    assert_no_unknown_fields("update_connector", "$", [&connector.extra]);
    assert_eq!(
        connector.name.as_deref(),
        Some("AWS us-east-1 connector"),
        "update_connector: name"
    );
    assert_eq!(
        connector.uuid.as_deref(),
        Some("c058e4b0-3939-40bc-9f9d-97a964007095"),
        "update_connector: uuid"
    );
}

/// Add tags to a connector: `POST /api/v1/connectors/{name}/tags`.
#[tokio::test]
async fn add_connector_tags() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/connectors/aws-use1-connector/tags")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "tags": ["finance", "sox"],
                    "unique_name": "aws-use1-connector"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .add_connector_tags()
        .name("aws-use1-connector")
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .tags(vec!["finance".to_owned(), "sox".to_owned()])
                .unique_name("aws-use1-connector".to_owned())
        })
        .send()
        .await;

    assert_sent("add_connector_tags", &result);
    mock.assert_async().await;
    let body = decoded("add_connector_tags", result);
    assert_decoded("add_connector_tags", &body, &response);
    assert!(
        body.is_empty(),
        "add_connector_tags: expected an empty object, got {body:?}"
    );
}

/// Delete tags from a connector: `DELETE /api/v1/connectors/{name}/tags/{tag}`.
#[tokio::test]
async fn delete_connector_tags() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/connectors/aws-use1-connector/tags/sox")
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
        .delete_connector_tags()
        .name("aws-use1-connector")
        .tag("sox")
        .send()
        .await;

    assert_sent("delete_connector_tags", &result);
    mock.assert_async().await;
    let body = decoded("delete_connector_tags", result);
    assert_decoded("delete_connector_tags", &body, &response);
    assert!(
        body.is_empty(),
        "delete_connector_tags: expected an empty object, got {body:?}"
    );
}
