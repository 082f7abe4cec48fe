//! Contract tests for the `Sensitive Content` operations of the Egnyte Secure and Govern API.

use contract_tests::{EGNYTE_BEARER, WhenExt, assert_decoded, assert_sent, decoded, egnyte};
use httpmock::prelude::*;
use serde_json::json;

/// Get policies: `GET /v1/sensitivecontent/policies`.
#[tokio::test]
async fn list_policies() {
    let server = MockServer::start_async().await;
    let response = json!({
        "policies": [
            {
                "tag": "pci-dss",
                "name": "PCI DSS",
                "description": "Payment card numbers with expiry dates"
            },
            {
                "tag": "gdpr-eu-pii",
                "name": "GDPR - EU personal data",
                "description": "Names with national ID or passport numbers"
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sensitivecontent/policies")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server).list_policies().send().await;

    assert_sent("list_policies", &result);
    mock.assert_async().await;
    let policies = decoded("list_policies", result);
    assert_decoded("list_policies", &policies, &response);
    assert_eq!(
        policies["policies"][0]["tag"],
        json!("pci-dss"),
        "list_policies: policies[0].tag"
    );
}

/// Get sources: `GET /v1/sensitivecontent/sources`.
#[tokio::test]
async fn list_sources() {
    let server = MockServer::start_async().await;
    let response = json!({
        "sources": [
            {
                "id": "2b8685ff-d216-4c45-92ac-fa8e75a95bcb",
                "name": "Finance SharePoint",
                "type": "SharePoint Online"
            },
            {
                "id": "egnyte-connect",
                "name": "Egnyte Connect",
                "type": "Egnyte"
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sensitivecontent/sources")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server).list_sources().send().await;

    assert_sent("list_sources", &result);
    mock.assert_async().await;
    let sources = decoded("list_sources", result);
    assert_decoded("list_sources", &sources, &response);
    assert_eq!(
        sources["sources"][1]["id"],
        json!("egnyte-connect"),
        "list_sources: sources[1].id"
    );
}

/// Locations: `GET /v1/sensitivecontent/sources/{sourceId}/locations`.
///
/// `count` is a page size: the server expects a whole number (`count=50`).
#[tokio::test]
async fn list_locations() {
    let server = MockServer::start_async().await;
    let response = json!({
        "locations": [
            {
                "id": "0ab4366f-5e31-44a0-8342-1fb48ec2a9d9",
                "path": "/Shared Documents/Payroll",
                "sensitiveFiles": 12
            },
            {
                "id": "32c7c3ed-a978-478c-8172-6edb30a604ab",
                "path": "/Shared Documents/Contracts",
                "sensitiveFiles": 3
            }
        ],
        "cursor": "bG9jYXRpb25zOjUw"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sensitivecontent/sources/2b8685ff-d216-4c45-92ac-fa8e75a95bcb/locations")
                .query_param("cursor", "bG9jYXRpb25zOjA")
                .query_param("count", "50")
                .query_param_total(2)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .list_locations()
        .source_id("2b8685ff-d216-4c45-92ac-fa8e75a95bcb")
        .cursor("bG9jYXRpb25zOjA")
        .count(50_u64)
        .send()
        .await;

    assert_sent("list_locations", &result);
    mock.assert_async().await;
    let page = decoded("list_locations", result);
    assert_decoded("list_locations", &page, &response);
    assert_eq!(
        page["cursor"],
        json!("bG9jYXRpb25zOjUw"),
        "list_locations: cursor"
    );
}

/// Get location: `GET /v1/sensitivecontent/sources/{sourceId}/locations/{locationId}`.
#[tokio::test]
async fn get_location() {
    let server = MockServer::start_async().await;
    let response = json!({
        "id": "0ab4366f-5e31-44a0-8342-1fb48ec2a9d9",
        "path": "/Shared Documents/Payroll",
        "files": [
            "5eb6b168-9aca-4713-86d5-bc7f72ab3924",
            "9bbea8cc-1c01-4c9d-9f69-27fc3976e569"
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sensitivecontent/sources/2b8685ff-d216-4c45-92ac-fa8e75a95bcb/locations/0ab4366f-5e31-44a0-8342-1fb48ec2a9d9")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .get_location()
        .source_id("2b8685ff-d216-4c45-92ac-fa8e75a95bcb")
        .location_id("0ab4366f-5e31-44a0-8342-1fb48ec2a9d9")
        .send()
        .await;

    assert_sent("get_location", &result);
    mock.assert_async().await;
    let location = decoded("get_location", result);
    assert_decoded("get_location", &location, &response);
    assert_eq!(
        location["path"],
        json!("/Shared Documents/Payroll"),
        "get_location: path"
    );
}

/// List location: `GET /v1/sensitivecontent/sources/{sourceId}/locations/{locationId}/files`.
///
/// `count` is a page size: the server expects a whole number (`count=25`).
#[tokio::test]
async fn list_location_files() {
    let server = MockServer::start_async().await;
    let response = json!({
        "files": [
            {
                "id": "5eb6b168-9aca-4713-86d5-bc7f72ab3924",
                "name": "2026-11 payroll.xlsx",
                "policies": ["pci-dss", "gdpr-eu-pii"]
            },
            {
                "id": "9bbea8cc-1c01-4c9d-9f69-27fc3976e569",
                "name": "bonus plan.docx",
                "policies": ["gdpr-eu-pii"]
            }
        ],
        "cursor": "ZmlsZXM6MjU"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sensitivecontent/sources/2b8685ff-d216-4c45-92ac-fa8e75a95bcb/locations/0ab4366f-5e31-44a0-8342-1fb48ec2a9d9/files")
                .query_param("cursor", "ZmlsZXM6MA")
                .query_param("count", "25")
                .query_param_total(2)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .list_location_files()
        .source_id("2b8685ff-d216-4c45-92ac-fa8e75a95bcb")
        .location_id("0ab4366f-5e31-44a0-8342-1fb48ec2a9d9")
        .cursor("ZmlsZXM6MA")
        .count(25_u64)
        .send()
        .await;

    assert_sent("list_location_files", &result);
    mock.assert_async().await;
    let page = decoded("list_location_files", result);
    assert_decoded("list_location_files", &page, &response);
    assert_eq!(
        page["files"][0]["name"],
        json!("2026-11 payroll.xlsx"),
        "list_location_files: files[0].name"
    );
}

/// Get file: `GET /v1/sensitivecontent/sources/{sourceId}/files/{fileId}`.
#[tokio::test]
async fn get_file() {
    let server = MockServer::start_async().await;
    let response = json!({
        "id": "5eb6b168-9aca-4713-86d5-bc7f72ab3924",
        "name": "2026-11 payroll.xlsx",
        "path": "/Shared Documents/Payroll/2026-11 payroll.xlsx",
        "policies": ["pci-dss", "gdpr-eu-pii"],
        "classificationStatus": "CLASSIFIED",
        "lastModified": 1795128067000_i64
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sensitivecontent/sources/2b8685ff-d216-4c45-92ac-fa8e75a95bcb/files/5eb6b168-9aca-4713-86d5-bc7f72ab3924")
                .query_param("classificationStatus", "true")
                .query_param_total(1)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .get_file()
        .source_id("2b8685ff-d216-4c45-92ac-fa8e75a95bcb")
        .file_id("5eb6b168-9aca-4713-86d5-bc7f72ab3924")
        .classification_status(true)
        .send()
        .await;

    assert_sent("get_file", &result);
    mock.assert_async().await;
    let file = decoded("get_file", result);
    assert_decoded("get_file", &file, &response);
    assert_eq!(
        file["classificationStatus"],
        json!("CLASSIFIED"),
        "get_file: classificationStatus"
    );
}

/// Get matches: `GET /v1/sensitivecontent/sources/{sourceId}/files/{fileId}/matches`.
///
/// `includeTextContext` is a number of characters: the server expects a whole number.
#[tokio::test]
async fn get_file_matches() {
    let server = MockServer::start_async().await;
    let response = json!({
        "id": "5eb6b168-9aca-4713-86d5-bc7f72ab3924",
        "matches": [
            {
                "policy": "pci-dss",
                "text": "4111 1111 1111 1111",
                "context": "Corporate card 4111 1111 1111 1111 exp 09/28 for travel"
            },
            {
                "policy": "gdpr-eu-pii",
                "text": "PT 123456789",
                "context": "Passport PT 123456789 issued in Lisbon"
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sensitivecontent/sources/2b8685ff-d216-4c45-92ac-fa8e75a95bcb/files/5eb6b168-9aca-4713-86d5-bc7f72ab3924/matches")
                .query_param("includeTextContext", "40")
                .query_param_total(1)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .get_file_matches()
        .source_id("2b8685ff-d216-4c45-92ac-fa8e75a95bcb")
        .file_id("5eb6b168-9aca-4713-86d5-bc7f72ab3924")
        .include_text_context(40_i64)
        .send()
        .await;

    assert_sent("get_file_matches", &result);
    mock.assert_async().await;
    let file = decoded("get_file_matches", result);
    assert_decoded("get_file_matches", &file, &response);
    assert_eq!(
        file["matches"][0]["text"],
        json!("4111 1111 1111 1111"),
        "get_file_matches: matches[0].text"
    );
}

/// Get classification status: `GET /v1/sensitivecontent/sources/{sourceId}/classificationstatus`.
#[tokio::test]
async fn get_classification_status() {
    let server = MockServer::start_async().await;
    let response = json!({
        "versionId": "0c85ee7f-6cbf-4086-861b-aa9e2f3687af",
        "status": "CLASSIFIED",
        "classified": 1795161775000_i64
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sensitivecontent/sources/2b8685ff-d216-4c45-92ac-fa8e75a95bcb/classificationstatus")
                .query_param("versionId", "0c85ee7f-6cbf-4086-861b-aa9e2f3687af")
                .query_param_total(1)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .get_classification_status()
        .source_id("2b8685ff-d216-4c45-92ac-fa8e75a95bcb")
        .version_id("0c85ee7f-6cbf-4086-861b-aa9e2f3687af")
        .send()
        .await;

    assert_sent("get_classification_status", &result);
    mock.assert_async().await;
    let status = decoded("get_classification_status", result);
    assert_decoded("get_classification_status", &status, &response);
    assert_eq!(
        status["status"],
        json!("CLASSIFIED"),
        "get_classification_status: status"
    );
}
