//! Contract tests for the `CA Certificates` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The CA certificate "Acme Corp Root CA 2026" (`56b1dfb8-…`) with every `CaCertificate`
/// field set.
fn ca_certificate() -> Value {
    json!({
        "account_name": "acme-corp",
        "chain": [
            "-----BEGIN CERTIFICATE-----\nMIIBrjCCAVSgAwIBAgIUaW50ZXJtZWRpYXRlLWNhLTIwMjYK\n-----END CERTIFICATE-----\n"
        ],
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "description": "Corporate root CA used for TLS inspection",
        "have_private_key": true,
        "public_key_pem": "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUR0Y4bWVjb3JwLXJvb3QtY2EtMjAyNjAK\n-----END CERTIFICATE-----\n",
        "purpose": 1,
        "status": 1,
        "subject": "CN=Acme Corp Root CA 2026,O=Acme Corp,C=US",
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "56b1dfb8-c5ed-4d09-b096-7c6593e9c657"
    })
}

/// Query CA certificates for an account: `GET /api/v1/ca-certificates`.
#[tokio::test]
async fn list_ca_certificates() {
    let server = MockServer::start_async().await;
    let response = json!({
        "account_name": "acme-corp",
        "certificates": [
            ca_certificate(),
            {
                "uuid": "a0eab919-5399-44e9-9e69-7faf7e328a02",
                "status": 1
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/ca-certificates")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).list_ca_certificates().send().await;

    assert_sent("list_ca_certificates", &result);
    mock.assert_async().await;
    let page = decoded("list_ca_certificates", result);
    assert_decoded("list_ca_certificates", &page, &response);
    assert_no_unknown_fields("list_ca_certificates", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_ca_certificates",
        "$.certificates",
        page.certificates.iter().map(|item| &item.extra),
    );
    assert_eq!(
        page.certificates.len(),
        2,
        "list_ca_certificates: certificates"
    );
    assert_eq!(
        page.certificates[0].uuid.as_deref(),
        Some("56b1dfb8-c5ed-4d09-b096-7c6593e9c657"),
        "list_ca_certificates: certificates[0].uuid"
    );
}

/// Add CA certificate: `POST /api/v1/ca-certificates`.
#[tokio::test]
async fn create_ca_certificate() {
    let server = MockServer::start_async().await;
    let response = ca_certificate();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/ca-certificates")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "chain": [
                        "-----BEGIN CERTIFICATE-----\nMIIBrjCCAVSgAwIBAgIUaW50ZXJtZWRpYXRlLWNhLTIwMjYK\n-----END CERTIFICATE-----\n"
                    ],
                    "description": "Corporate root CA used for TLS inspection",
                    "public_key_pem": "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUR0Y4bWVjb3JwLXJvb3QtY2EtMjAyNjAK\n-----END CERTIFICATE-----\n",
                    "purpose": 1,
                    "status": 1
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_ca_certificate()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .chain(vec![
                    "-----BEGIN CERTIFICATE-----\nMIIBrjCCAVSgAwIBAgIUaW50ZXJtZWRpYXRlLWNhLTIwMjYK\n-----END CERTIFICATE-----\n".to_owned(),
                ])
                .description("Corporate root CA used for TLS inspection".to_owned())
                .public_key_pem("-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUR0Y4bWVjb3JwLXJvb3QtY2EtMjAyNjAK\n-----END CERTIFICATE-----\n".to_owned())
                .purpose(types::CaCertificatePurpose(1))
                .status(types::CaCertificateStatus(1))
        })
        .send()
        .await;

    assert_sent("create_ca_certificate", &result);
    mock.assert_async().await;
    let ca_certificate = decoded("create_ca_certificate", result);
    assert_decoded("create_ca_certificate", &ca_certificate, &response);
    assert_no_unknown_fields("create_ca_certificate", "$", [&ca_certificate.extra]);
    assert_eq!(
        ca_certificate.uuid.as_deref(),
        Some("56b1dfb8-c5ed-4d09-b096-7c6593e9c657"),
        "create_ca_certificate: uuid"
    );
    assert_eq!(
        ca_certificate.subject.as_deref(),
        Some("CN=Acme Corp Root CA 2026,O=Acme Corp,C=US"),
        "create_ca_certificate: subject"
    );
}

/// Delete specified CA certificate: `DELETE /api/v1/ca-certificates/{uuid}`.
#[tokio::test]
async fn delete_ca_certificate() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/ca-certificates/56b1dfb8-c5ed-4d09-b096-7c6593e9c657")
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
        .delete_ca_certificate()
        .uuid("56b1dfb8-c5ed-4d09-b096-7c6593e9c657")
        .send()
        .await;

    assert_sent("delete_ca_certificate", &result);
    mock.assert_async().await;
    let body = decoded("delete_ca_certificate", result);
    assert_decoded("delete_ca_certificate", &body, &response);
    assert!(
        body.is_empty(),
        "delete_ca_certificate: expected an empty object, got {body:?}"
    );
}

/// Update CA Certificate: `PATCH /api/v1/ca-certificates/{uuid}`.
#[tokio::test]
async fn update_ca_certificate() {
    let server = MockServer::start_async().await;
    let response = fixtures::client_config();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/ca-certificates/56b1dfb8-c5ed-4d09-b096-7c6593e9c657")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "attributes_to_delete": ["description"],
                    "chain": [
                        "-----BEGIN CERTIFICATE-----\nMIIBrjCCAVSgAwIBAgIUaW50ZXJtZWRpYXRlLWNhLTIwMjYK\n-----END CERTIFICATE-----\n"
                    ],
                    "description": "Corporate root CA used for TLS inspection",
                    "status": 1,
                    "uuid": "56b1dfb8-c5ed-4d09-b096-7c6593e9c657"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_ca_certificate()
        .uuid("56b1dfb8-c5ed-4d09-b096-7c6593e9c657")
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .attributes_to_delete(vec!["description".to_owned()])
                .chain(vec![
                    "-----BEGIN CERTIFICATE-----\nMIIBrjCCAVSgAwIBAgIUaW50ZXJtZWRpYXRlLWNhLTIwMjYK\n-----END CERTIFICATE-----\n".to_owned(),
                ])
                .description("Corporate root CA used for TLS inspection".to_owned())
                .status(types::CaCertificateStatus(1))
                .uuid("56b1dfb8-c5ed-4d09-b096-7c6593e9c657".to_owned())
        })
        .send()
        .await;

    assert_sent("update_ca_certificate", &result);
    mock.assert_async().await;
    let client_config = decoded("update_ca_certificate", result);
    assert_decoded("update_ca_certificate", &client_config, &response);
    assert_no_unknown_fields("update_ca_certificate", "$", [&client_config.extra]);
    assert_eq!(
        client_config.name.as_deref(),
        Some("Default macOS and Windows clients"),
        "update_ca_certificate: name"
    );
    assert_eq!(
        client_config.uuid.as_deref(),
        Some("c9503d9d-c8e6-4cff-812b-f0bcde848346"),
        "update_ca_certificate: uuid"
    );
}

/// Get CA certificate for an account based on uuid: `GET /api/v1/account/ca-certificate`.
#[tokio::test]
async fn get_ca_certificate() {
    let server = MockServer::start_async().await;
    let response = ca_certificate();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/account/ca-certificate")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).get_ca_certificate().send().await;

    assert_sent("get_ca_certificate", &result);
    mock.assert_async().await;
    let ca_certificate = decoded("get_ca_certificate", result);
    assert_decoded("get_ca_certificate", &ca_certificate, &response);
    assert_no_unknown_fields("get_ca_certificate", "$", [&ca_certificate.extra]);
    assert_eq!(
        ca_certificate.uuid.as_deref(),
        Some("56b1dfb8-c5ed-4d09-b096-7c6593e9c657"),
        "get_ca_certificate: uuid"
    );
    assert_eq!(
        ca_certificate.subject.as_deref(),
        Some("CN=Acme Corp Root CA 2026,O=Acme Corp,C=US"),
        "get_ca_certificate: subject"
    );
}
