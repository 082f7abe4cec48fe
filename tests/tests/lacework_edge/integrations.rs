//! Contract tests for the `Integrations` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The Okta integration (`42238b8b-…`) with every `Integration` field set.
fn integration() -> Value {
    json!({
        "account_name": "acme-corp",
        "added_by": "Priya Raman",
        "app_id": "0oa9x1y2z3AbCdEfG4h5",
        "base_url": "https://acme.okta.com",
        "create_time": 1792574100000_i64,
        "credentials": {
            "api_token": "okta-ssws-token",
            "client_id": "0oa9x1y2z3AbCdEfG4h5"
        },
        "data_source": 11,
        "display_name": "Okta",
        "encrypted_credentials": "enc:v1:Y3JlZGVudGlhbHM=",
        "environment_id": "prod",
        "filter_domains": ["example.com"],
        "ingestion_stream_ids": ["okta-system-log"],
        "install_id": "inst-7f3a9c2e",
        "integration_org_name": "acme",
        "last_modified_by": "Priya Raman",
        "ms365_cloud": 1,
        "shard_id": 2,
        "update_time": 1795004100000_i64,
        "uuid": "42238b8b-ebf7-4568-b8da-735ba055d4f0"
    })
}

/// Add 3rd Party Integration: `POST /api/v1/integrations`.
#[tokio::test]
async fn create_integration() {
    let server = MockServer::start_async().await;
    let response = integration();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/integrations")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "display_name": "Okta",
                    "data_source": 11,
                    "base_url": "https://acme.okta.com",
                    "app_id": "0oa9x1y2z3AbCdEfG4h5",
                    "credentials": {
                        "api_token": "okta-ssws-token",
                        "client_id": "0oa9x1y2z3AbCdEfG4h5"
                    },
                    "filter_domains": ["example.com"],
                    "interval_mins": 15,
                    "validate_credentials": true
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_integration()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .display_name("Okta".to_owned())
                .data_source(types::DataSource(11))
                .base_url("https://acme.okta.com".to_owned())
                .app_id("0oa9x1y2z3AbCdEfG4h5".to_owned())
                .credentials(from_json::<types::IngestionCredentials>(json!({
                    "api_token": "okta-ssws-token",
                    "client_id": "0oa9x1y2z3AbCdEfG4h5"
                })))
                .filter_domains(vec!["example.com".to_owned()])
                .interval_mins(15_i64)
                .validate_credentials(true)
        })
        .send()
        .await;

    assert_sent("create_integration", &result);
    mock.assert_async().await;
    let integration = decoded("create_integration", result);
    assert_decoded("create_integration", &integration, &response);
    assert_no_unknown_fields("create_integration", "$", [&integration.extra]);
    assert_eq!(
        integration.display_name.as_deref(),
        Some("Okta"),
        "create_integration: display_name"
    );
    assert_eq!(
        integration.uuid.as_deref(),
        Some("42238b8b-ebf7-4568-b8da-735ba055d4f0"),
        "create_integration: uuid"
    );
}

/// Query Integrations added for an account: `GET /api/v1/integrations`.
#[tokio::test]
async fn list_integrations() {
    let server = MockServer::start_async().await;
    let response = json!({
        "integrations": [
            integration(),
            {
                "uuid": "47e0d55c-aba7-4ef9-98e0-63071739b1a5",
                "display_name": "Google Workspace"
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/integrations")
                .query_param("data_source", "11")
                .query_param_total(1)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_integrations()
        .data_source(types::DataSource(11))
        .send()
        .await;

    assert_sent("list_integrations", &result);
    mock.assert_async().await;
    let page = decoded("list_integrations", result);
    assert_decoded("list_integrations", &page, &response);
    assert_no_unknown_fields("list_integrations", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_integrations",
        "$.integrations",
        page.integrations.iter().map(|item| &item.extra),
    );
    assert_eq!(
        page.integrations.len(),
        2,
        "list_integrations: integrations"
    );
    assert_eq!(
        page.integrations[0].display_name.as_deref(),
        Some("Okta"),
        "list_integrations: integrations[0].display_name"
    );
}

/// Delete specified integration: `DELETE /api/v1/integrations/{uuid}`.
#[tokio::test]
async fn delete_integration() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/integrations/42238b8b-ebf7-4568-b8da-735ba055d4f0")
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
        .delete_integration()
        .uuid("42238b8b-ebf7-4568-b8da-735ba055d4f0")
        .send()
        .await;

    assert_sent("delete_integration", &result);
    mock.assert_async().await;
    let body = decoded("delete_integration", result);
    assert_decoded("delete_integration", &body, &response);
    assert!(
        body.is_empty(),
        "delete_integration: expected an empty object, got {body:?}"
    );
}

/// Update integration: `PATCH /api/v1/integrations/{uuid}`.
#[tokio::test]
async fn update_integration() {
    let server = MockServer::start_async().await;
    let response = integration();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/integrations/42238b8b-ebf7-4568-b8da-735ba055d4f0")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "credentials": {
                        "api_token": "okta-ssws-token",
                        "client_id": "0oa9x1y2z3AbCdEfG4h5"
                    },
                    "filter_domains": ["example.com"],
                    "uuid": "42238b8b-ebf7-4568-b8da-735ba055d4f0"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_integration()
        .uuid("42238b8b-ebf7-4568-b8da-735ba055d4f0")
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .credentials(from_json::<types::IngestionCredentials>(json!({
                    "api_token": "okta-ssws-token",
                    "client_id": "0oa9x1y2z3AbCdEfG4h5"
                })))
                .filter_domains(vec!["example.com".to_owned()])
                .uuid("42238b8b-ebf7-4568-b8da-735ba055d4f0".to_owned())
        })
        .send()
        .await;

    assert_sent("update_integration", &result);
    mock.assert_async().await;
    let integration = decoded("update_integration", result);
    assert_decoded("update_integration", &integration, &response);
    assert_no_unknown_fields("update_integration", "$", [&integration.extra]);
    assert_eq!(
        integration.display_name.as_deref(),
        Some("Okta"),
        "update_integration: display_name"
    );
    assert_eq!(
        integration.uuid.as_deref(),
        Some("42238b8b-ebf7-4568-b8da-735ba055d4f0"),
        "update_integration: uuid"
    );
}

/// Query Integrations Supported by Lacework Edge: `GET /api/v1/supported-integrations`.
#[tokio::test]
async fn list_supported_integrations() {
    let server = MockServer::start_async().await;
    let response = json!({
        "integrations": [
            {"data_source": 11, "name": "Okta"},
            {"data_source": 12, "name": "Microsoft Entra ID"}
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/supported-integrations")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).list_supported_integrations().send().await;

    assert_sent("list_supported_integrations", &result);
    mock.assert_async().await;
    let page = decoded("list_supported_integrations", result);
    assert_decoded("list_supported_integrations", &page, &response);
    assert_eq!(
        page["integrations"],
        json!([
            {"data_source": 11, "name": "Okta"},
            {"data_source": 12, "name": "Microsoft Entra ID"}
        ]),
        "list_supported_integrations: integrations"
    );
}

/// Validate integration credentials: `POST /api/v1/integrations/validate`.
#[tokio::test]
async fn validate_integration_credentials() {
    let server = MockServer::start_async().await;
    let response = json!({
        "error_message": "AccessDenied: the bucket policy does not allow s3:PutObject",
        "status": "ACTIVE"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/integrations/validate")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "uuid": "42238b8b-ebf7-4568-b8da-735ba055d4f0"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .validate_integration_credentials()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .uuid("42238b8b-ebf7-4568-b8da-735ba055d4f0".to_owned())
        })
        .send()
        .await;

    assert_sent("validate_integration_credentials", &result);
    mock.assert_async().await;
    let validate_integration_credentials = decoded("validate_integration_credentials", result);
    assert_decoded(
        "validate_integration_credentials",
        &validate_integration_credentials,
        &response,
    );
    assert_no_unknown_fields(
        "validate_integration_credentials",
        "$",
        [&validate_integration_credentials.extra],
    );
}
