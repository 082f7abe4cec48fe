//! Contract tests for every operation of `openapi/egnyte-protect.json` (Egnyte Secure and
//! Govern), one test per operation, named after its `operationId`, in the page's order.
//!
//! Each test pins what the generated client sends (method, literal path, query string, headers,
//! JSON body) and what it decodes from the response. The spec's server is
//! `https://{env}.egnyteprotect.com/api`, so every path starts with `/api/v1`. Response bodies
//! are the page's samples where it has one, filled in with realistic values otherwise.
//! `coverage.rs` checks that every operation of the spec has its test here.

use contract_tests::{
    EGNYTE_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded, egnyte,
    object,
};
use egnyte_protect_client::types;
use futures::TryStreamExt;
use httpmock::prelude::*;
use serde_json::{Value, json};

// ----- Response samples several tests share -----

/// The issue 4711 (a public link to a file with sensitive content) with every `Issue` field set.
fn issue() -> Value {
    json!({
        "id": 4711,
        "sourceId": "egnyte-connect",
        "status": "OPEN",
        "type": "SENSITIVE_CONTENT_PUBLIC_LINK",
        "source": "Egnyte Connect",
        "sourceLabel": "acme.egnyte.com",
        "sourceType": "EGNYTE",
        "severity": 8,
        "updated": 1795161775000_i64,
        "detected": 1795128067000_i64,
        "item": {
            "displayName": "2026-11 payroll.xlsx",
            "type": "FILE",
            "path": "/Shared/Finance/Payroll/2026-11 payroll.xlsx"
        },
        "policies": ["pci-dss", "gdpr-eu-pii"],
        "webViewLink": "https://acme.egnyteprotect.com/#/issues/4711",
        "assignee": {"name": "Bob Green", "email": "bob.green@example.com"},
        "violationDetails": {"sharedWith": "anyone with the link", "matches": 14}
    })
}

/// The Legal Hold "Copyright Infringement Claim" (`df497868-…`, LH00001) with every `LegalHold`
/// field set.
fn legal_hold() -> Value {
    json!({
        "name": "Copyright Infringement Claim",
        "description": "Claims of Copyright Infringement by Competitor",
        "legalMatter": "Copyright Infringement",
        "startDate": 1566370800000_i64,
        "endDate": 1575435600000_i64,
        "holdScopeOperator": "or",
        "holdScope": {
            "folders": ["8f0ec859-37e2-4c78-a5f7-c19461bad6f4"],
            "custodians": ["bob.green@example.com"]
        },
        "status": "open",
        "createdBy": "Bob Green",
        "createdDate": 1576535600000_i64,
        "lastModified": 1576535600000_i64,
        "userFacingId": "LH00001",
        "targetDomain": "acme.egnyte.com"
    })
}

// ----- Subject Access Request -----

/// Create a Subject Access Request: `POST /v1/sars`.
#[tokio::test]
async fn create_sar() {
    let server = MockServer::start_async().await;
    let response = json!({"id": "c9ac0519-284a-4bee-9574-30ae7891e5dc"});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/sars")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "requestType": "RIGHT_TO_BE_FORGOTTEN",
                    "serviceTime": 30,
                    "subject": {
                        "identifiers": ["email:jane.doe@example.com", "name:Jane Doe"]
                    }
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .create_sar()
        .body_map(|body| {
            body.request_type(types::SarRequestType::RightToBeForgotten)
                .service_time(30_i64)
                .subject(object(json!({
                    "identifiers": ["email:jane.doe@example.com", "name:Jane Doe"]
                })))
        })
        .send()
        .await;

    assert_sent("create_sar", &result);
    mock.assert_async().await;
    let created = decoded("create_sar", result);
    assert_decoded("create_sar", &created, &response);
    assert_no_unknown_fields("create_sar", "$", [&created.extra]);
    assert_eq!(
        created.id.map(|id| id.to_string()).as_deref(),
        Some("c9ac0519-284a-4bee-9574-30ae7891e5dc"),
        "create_sar: id"
    );
}

/// List all Subject Access Requests: `GET /v1/sars`.
#[tokio::test]
async fn list_sars() {
    let server = MockServer::start_async().await;
    let response = json!({
        "sars": [
            {
                "id": "096e400e-56db-4128-bdea-05ebcea9ab7e",
                "requestType": "NOTIFICATION",
                "stage": "COLLECTING_DATA",
                "daysLeft": 29,
                "created": 1795012200000_i64
            },
            {
                "id": "c9ac0519-284a-4bee-9574-30ae7891e5dc",
                "requestType": "RIGHT_TO_BE_FORGOTTEN",
                "stage": "COMPLETED",
                "daysLeft": 0,
                "created": 1792022400000_i64
            }
        ],
        "cursor": "eyJsYXN0IjoiYzlhYzA1MTkifQ"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sars")
                .query_param("cursor", "eyJsYXN0IjoiMDk2ZTQwMGUifQ")
                .query_param_total(1)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .list_sars()
        .cursor("eyJsYXN0IjoiMDk2ZTQwMGUifQ")
        .send()
        .await;

    assert_sent("list_sars", &result);
    mock.assert_async().await;
    let page = decoded("list_sars", result);
    assert_decoded("list_sars", &page, &response);
    assert_eq!(
        page["cursor"],
        json!("eyJsYXN0IjoiYzlhYzA1MTkifQ"),
        "list_sars: cursor"
    );
}

/// Get SAR: `GET /v1/sars/{sarId}`.
#[tokio::test]
async fn get_sar() {
    let server = MockServer::start_async().await;
    let response = json!({
        "id": "096e400e-56db-4128-bdea-05ebcea9ab7e",
        "subject": {"identifiers": ["email:jane.doe@example.com"]},
        "requestType": "NOTIFICATION",
        "stage": "COLLECTING_DATA",
        "daysLeft": 29,
        "created": 1576580243855_i64,
        "serviceTime": 30,
        "servicedDays": 1,
        "serviceDate": 1576580243855_i64,
        "processed": false,
        "completed": false,
        "actions": {
            "files": "https://usc1-api.egnyteprotect.com/api/v1/sars/096e400e-56db-4128-bdea-05ebcea9ab7e/files"
        }
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sars/096e400e-56db-4128-bdea-05ebcea9ab7e")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .get_sar()
        .sar_id("096e400e-56db-4128-bdea-05ebcea9ab7e")
        .send()
        .await;

    assert_sent("get_sar", &result);
    mock.assert_async().await;
    let sar = decoded("get_sar", result);
    assert_decoded("get_sar", &sar, &response);
    assert_no_unknown_fields("get_sar", "$", [&sar.extra]);
    assert_eq!(sar.days_left, Some(29), "get_sar: daysLeft");
    assert_eq!(
        sar.id.map(|id| id.to_string()).as_deref(),
        Some("096e400e-56db-4128-bdea-05ebcea9ab7e"),
        "get_sar: id"
    );
}

/// List paths from fulfilled SAR: `GET /v1/sars/{sarId}/files`.
#[tokio::test]
async fn list_sar_files() {
    let server = MockServer::start_async().await;
    let response = json!({
        "files": [
            {
                "id": "5eb6b168-9aca-4713-86d5-bc7f72ab3924",
                "path": "/Shared/HR/Employees/Jane Doe/offer-letter.pdf",
                "source": "Egnyte Connect"
            },
            {
                "id": "d0fc3e8c-f690-4bbc-b398-f54a2b4d963c",
                "path": "/Shared/Sales/Leads/2026-Q3.xlsx",
                "source": "Egnyte Connect"
            }
        ],
        "cursor": "eyJvZmZzZXQiOjJ9"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sars/096e400e-56db-4128-bdea-05ebcea9ab7e/files")
                .query_param("count", "50")
                .query_param("cursor", "eyJvZmZzZXQiOjB9")
                .query_param_total(2)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .list_sar_files()
        .sar_id("096e400e-56db-4128-bdea-05ebcea9ab7e")
        .count(50_u64)
        .cursor("eyJvZmZzZXQiOjB9")
        .send()
        .await;

    assert_sent("list_sar_files", &result);
    mock.assert_async().await;
    let page = decoded("list_sar_files", result);
    assert_decoded("list_sar_files", &page, &response);
    assert_no_unknown_fields("list_sar_files", "$", [&page.extra]);
    assert_eq!(page.files.len(), 2, "list_sar_files: files");
    assert_eq!(
        page.cursor.as_deref(),
        Some("eyJvZmZzZXQiOjJ9"),
        "list_sar_files: cursor"
    );
}

/// Delete SAR files: `DELETE /v1/sars/{sarId}/files`.
#[tokio::test]
async fn delete_sar_files() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/sars/c9ac0519-284a-4bee-9574-30ae7891e5dc/files")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type")
                .body("");
            then.status(200).json_body(json!({}));
        })
        .await;

    let result = egnyte(&server)
        .delete_sar_files()
        .sar_id("c9ac0519-284a-4bee-9574-30ae7891e5dc")
        .send()
        .await;

    assert_sent("delete_sar_files", &result);
    mock.assert_async().await;
    let body = decoded("delete_sar_files", result);
    assert!(
        body.is_empty(),
        "delete_sar_files: expected {{}}, got {body:?}"
    );
}

/// Submit download request: `POST /v1/sars/{sarId}/downloads`.
#[tokio::test]
async fn create_sar_download() {
    let server = MockServer::start_async().await;
    let response = json!({
        "downloadId": "a02c9ec0-1120-4341-a356-ed7894a4c25f",
        "actions": {
            "status": "https://usc1-api.egnyteprotect.com/api/v1/sars/096e400e-56db-4128-bdea-05ebcea9ab7e/downloads/a02c9ec0-1120-4341-a356-ed7894a4c25f"
        }
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/sars/096e400e-56db-4128-bdea-05ebcea9ab7e/downloads")
                .query_param("flat", "true")
                .query_param_total(1)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type")
                .body("");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .create_sar_download()
        .sar_id("096e400e-56db-4128-bdea-05ebcea9ab7e")
        .flat(true)
        .send()
        .await;

    assert_sent("create_sar_download", &result);
    mock.assert_async().await;
    let download = decoded("create_sar_download", result);
    assert_decoded("create_sar_download", &download, &response);
    assert_eq!(
        download["downloadId"],
        json!("a02c9ec0-1120-4341-a356-ed7894a4c25f"),
        "create_sar_download: downloadId"
    );
}

/// Check a download preparation status: `GET /v1/sars/{sarId}/downloads/{downloadId}`.
#[tokio::test]
async fn get_sar_download() {
    let server = MockServer::start_async().await;
    let response = json!({
        "downloadId": "a02c9ec0-1120-4341-a356-ed7894a4c25f",
        "status": "READY",
        "downloads": [
            {
                "archiveId": "part-001",
                "size": 524288,
                "url": "https://usc1-api.egnyteprotect.com/api/v1/sars/096e400e-56db-4128-bdea-05ebcea9ab7e/downloads/a02c9ec0-1120-4341-a356-ed7894a4c25f/archives/part-001"
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sars/096e400e-56db-4128-bdea-05ebcea9ab7e/downloads/a02c9ec0-1120-4341-a356-ed7894a4c25f")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .get_sar_download()
        .sar_id("096e400e-56db-4128-bdea-05ebcea9ab7e")
        .download_id("a02c9ec0-1120-4341-a356-ed7894a4c25f")
        .send()
        .await;

    assert_sent("get_sar_download", &result);
    mock.assert_async().await;
    let download = decoded("get_sar_download", result);
    assert_decoded("get_sar_download", &download, &response);
    assert_eq!(
        download["status"],
        json!("READY"),
        "get_sar_download: status"
    );
}

/// Get a content of a SAR file: `GET /v1/sars/{sarId}/downloads/{downloadId}/archives/{archiveId}`.
///
/// The archive is binary (`application/zip`): the stream must hand back every byte unchanged,
/// including bytes that are not UTF-8, however the body is split into chunks.
#[tokio::test]
async fn download_sar_archive() {
    // 384 KiB of non-UTF-8 bytes behind a ZIP local-file-header signature; the pattern covers
    // every byte value (0x80..=0xFF alone are never valid UTF-8).
    let mut archive = vec![0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00];
    archive.extend((0..384 * 1024_u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    assert!(std::str::from_utf8(&archive).is_err());
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/sars/096e400e-56db-4128-bdea-05ebcea9ab7e/downloads/a02c9ec0-1120-4341-a356-ed7894a4c25f/archives/part-001")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200)
                .header("content-type", "application/zip")
                .body(&archive);
        })
        .await;

    let result = egnyte(&server)
        .download_sar_archive()
        .sar_id("096e400e-56db-4128-bdea-05ebcea9ab7e")
        .download_id("a02c9ec0-1120-4341-a356-ed7894a4c25f")
        .archive_id("part-001")
        .send()
        .await;

    assert_sent("download_sar_archive", &result);
    mock.assert_async().await;
    let stream = decoded("download_sar_archive", result);
    let chunks: Vec<bytes::Bytes> = stream
        .into_inner()
        .try_collect()
        .await
        .expect("download_sar_archive: the body stream failed");
    let received = chunks.concat();
    assert_eq!(
        received.len(),
        archive.len(),
        "download_sar_archive: byte count"
    );
    assert!(
        received == archive,
        "download_sar_archive: the streamed bytes differ from the archive the server sent \
         (first difference at byte {:?})",
        received.iter().zip(&archive).position(|(a, b)| a != b)
    );
}

// ----- Classification Source -----

/// Register a source for classification: `POST /v1/classificationsources`.
#[tokio::test]
async fn register_classification_source() {
    let server = MockServer::start_async().await;
    let response = json!({"sourceId": "2b8685ff-d216-4c45-92ac-fa8e75a95bcb"});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/classificationsources")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "transport": "https",
                    "discoveryURL": "https://classifier.example.com/egnyte/discovery",
                    "sourceDisplayName": "Finance SharePoint",
                    "location": "https://example.sharepoint.com/sites/finance",
                    "troubleshootingURL": "https://classifier.example.com/docs/troubleshooting",
                    "authHeader": "Bearer 7f3e9c1a5b2d4e6f8a0b1c2d3e4f5a6b",
                    "emailContact": "it-ops@example.com",
                    "sourceType": "SharePoint Online",
                    "iconUrl": "https://classifier.example.com/icons/sharepoint.png"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .register_classification_source()
        .body_map(|body| {
            body.transport(types::Transport::Https)
                .discovery_url("https://classifier.example.com/egnyte/discovery")
                .source_display_name("Finance SharePoint")
                .location("https://example.sharepoint.com/sites/finance".to_owned())
                .troubleshooting_url("https://classifier.example.com/docs/troubleshooting")
                .auth_header(types::SensitiveString::from(
                    "Bearer 7f3e9c1a5b2d4e6f8a0b1c2d3e4f5a6b",
                ))
                .email_contact("it-ops@example.com".to_owned())
                .source_type("SharePoint Online".to_owned())
                .icon_url("https://classifier.example.com/icons/sharepoint.png".to_owned())
        })
        .send()
        .await;

    assert_sent("register_classification_source", &result);
    mock.assert_async().await;
    let registered = decoded("register_classification_source", result);
    assert_decoded("register_classification_source", &registered, &response);
    assert_no_unknown_fields("register_classification_source", "$", [&registered.extra]);
    assert_eq!(
        registered.source_id.as_deref(),
        Some("2b8685ff-d216-4c45-92ac-fa8e75a95bcb"),
        "register_classification_source: sourceId"
    );
}

/// Unregister classification source: `DELETE /v1/classificationsources/{sourceId}`.
#[tokio::test]
async fn unregister_classification_source() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/classificationsources/2b8685ff-d216-4c45-92ac-fa8e75a95bcb")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type")
                .body("");
            then.status(200).json_body(json!({}));
        })
        .await;

    let result = egnyte(&server)
        .unregister_classification_source()
        .source_id("2b8685ff-d216-4c45-92ac-fa8e75a95bcb")
        .send()
        .await;

    assert_sent("unregister_classification_source", &result);
    mock.assert_async().await;
    let body = decoded("unregister_classification_source", result);
    assert!(
        body.is_empty(),
        "unregister_classification_source: expected {{}}, got {body:?}"
    );
}

/// Request a test run on a classification source: `POST /v1/classificationsources/testrun`.
#[tokio::test]
async fn run_classification_source_test() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/classificationsources/testrun")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "transport": "https",
                    "discoveryURL": "https://classifier.example.com/egnyte/discovery",
                    "authHeader": "Bearer 7f3e9c1a5b2d4e6f8a0b1c2d3e4f5a6b"
                }));
            then.status(200).json_body(json!({}));
        })
        .await;

    let result = egnyte(&server)
        .run_classification_source_test()
        .body_map(|body| {
            body.transport(types::Transport::Https)
                .discovery_url("https://classifier.example.com/egnyte/discovery")
                .auth_header(types::SensitiveString::from(
                    "Bearer 7f3e9c1a5b2d4e6f8a0b1c2d3e4f5a6b",
                ))
        })
        .send()
        .await;

    assert_sent("run_classification_source_test", &result);
    mock.assert_async().await;
    let body = decoded("run_classification_source_test", result);
    assert!(
        body.is_empty(),
        "run_classification_source_test: expected {{}}, got {body:?}"
    );
}

// ----- Sensitive Content -----

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

// ----- Issues -----

/// Get list of issues: `GET /v1/issues`.
#[tokio::test]
async fn list_issues() {
    let server = MockServer::start_async().await;
    let response = json!({
        "cursor": 4712,
        "issues": [
            issue(),
            {
                "id": 4712,
                "sourceId": "egnyte-connect",
                "status": "OPEN",
                "type": "SUSPICIOUS_LOGIN",
                "severity": 6,
                "updated": 1795165200000_i64,
                "detected": 1795165200000_i64
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/issues")
                .query_param("count", "100")
                .query_param("cursor", "4710")
                .query_param("format", "full")
                .query_param_total(3)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .list_issues()
        .count(100_u64)
        .cursor(4710)
        .format(types::IssueFormat::Full)
        .send()
        .await;

    assert_sent("list_issues", &result);
    mock.assert_async().await;
    let page = decoded("list_issues", result);
    assert_decoded("list_issues", &page, &response);
    assert_no_unknown_fields("list_issues", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_issues",
        "$.issues",
        page.issues.iter().map(|item| &item.extra),
    );
    assert_eq!(page.cursor, Some(4712), "list_issues: cursor");
    assert_eq!(page.issues.len(), 2, "list_issues: issues");
    assert_eq!(page.issues[0].id, Some(4711), "list_issues: issues[0].id");
    assert_eq!(
        page.issues[0].web_view_link.as_deref(),
        Some("https://acme.egnyteprotect.com/#/issues/4711"),
        "list_issues: issues[0].webViewLink"
    );
}

/// Get cursor: `GET /v1/issuecursor`.
#[tokio::test]
async fn get_issue_cursor() {
    let server = MockServer::start_async().await;
    let response = json!({"cursor": 2343});
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/issuecursor")
                .query_param("startTime", "1793491200000")
                .query_param_total(1)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .get_issue_cursor()
        .start_time(1_793_491_200_000_i64)
        .send()
        .await;

    assert_sent("get_issue_cursor", &result);
    mock.assert_async().await;
    let cursor = decoded("get_issue_cursor", result);
    assert_decoded("get_issue_cursor", &cursor, &response);
    assert_no_unknown_fields("get_issue_cursor", "$", [&cursor.extra]);
    assert_eq!(cursor.cursor, Some(2343), "get_issue_cursor: cursor");
}

/// Get list of issues updates: `GET /v1/issueupdates`.
#[tokio::test]
async fn get_issue_updates() {
    let server = MockServer::start_async().await;
    let response = json!({
        "modifiedAfter": 1795165200000_i64,
        "issues": [
            {
                "id": 4711,
                "sourceId": "egnyte-connect",
                "status": "RESOLVED",
                "type": "SENSITIVE_CONTENT_PUBLIC_LINK",
                "severity": 8,
                "updated": 1795165200000_i64,
                "detected": 1795128067000_i64
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/issueupdates")
                .query_param("count", "100")
                .query_param("format", "short")
                .query_param("modifiedAfter", "1795161775000")
                .query_param_total(3)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .get_issue_updates()
        .count(100_u64)
        .format(types::IssueFormat::Short)
        .modified_after(1_795_161_775_000_i64)
        .send()
        .await;

    assert_sent("get_issue_updates", &result);
    mock.assert_async().await;
    let updates = decoded("get_issue_updates", result);
    assert_decoded("get_issue_updates", &updates, &response);
    assert_no_unknown_fields("get_issue_updates", "$", [&updates.extra]);
    assert_no_unknown_fields(
        "get_issue_updates",
        "$.issues",
        updates.issues.iter().map(|item| &item.extra),
    );
    assert_eq!(
        updates.modified_after,
        Some(1_795_165_200_000),
        "get_issue_updates: modifiedAfter"
    );
    assert_eq!(
        updates.issues[0].id,
        Some(4711),
        "get_issue_updates: issues[0].id"
    );
}

/// Get issue details: `GET /v1/issues/{id}`.
#[tokio::test]
async fn get_issue() {
    let server = MockServer::start_async().await;
    let response = issue();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/issues/4711")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server).get_issue().id(4711).send().await;

    assert_sent("get_issue", &result);
    mock.assert_async().await;
    let issue = decoded("get_issue", result);
    assert_decoded("get_issue", &issue, &response);
    assert_no_unknown_fields("get_issue", "$", [&issue.extra]);
    assert_eq!(issue.id, Some(4711), "get_issue: id");
    assert_eq!(issue.severity, Some(8), "get_issue: severity");
    assert_eq!(
        issue.item.get("displayName"),
        Some(&json!("2026-11 payroll.xlsx")),
        "get_issue: item.displayName"
    );
}

/// Resolve or Dismiss open issues: `POST /v1/issues/{id}/remediation` (no response body).
#[tokio::test]
async fn remediate_issue() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/issues/4712/remediation")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "issueStatus": "RESOLVED",
                    "fixingMethod": "DISABLE_USER_ACCOUNT"
                }));
            // The page's sample: an empty JSON string, which the client does not read.
            then.status(200)
                .header("content-type", "application/json")
                .body(r#""""#);
        })
        .await;

    let result = egnyte(&server)
        .remediate_issue()
        .id(4712)
        .body_map(|body| {
            body.issue_status(types::RemediateIssueRequestIssueStatus::Resolved)
                .fixing_method(types::RemediateIssueRequestFixingMethod::DisableUserAccount)
        })
        .send()
        .await;

    assert_sent("remediate_issue", &result);
    mock.assert_async().await;
    decoded("remediate_issue", result);
}

// ----- Legal Hold -----

/// Create Legal Hold: `POST /v1/legalholds`.
#[tokio::test]
async fn create_legal_hold() {
    let server = MockServer::start_async().await;
    let response = json!({"legalHoldId": "df497868-9f1b-4ef2-963c-436d9156a91e"});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/legalholds")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "name": "Copyright Infringement Claim",
                    "description": "Claims of Copyright Infringement by Competitor",
                    "legalMatter": "Copyright Infringement",
                    "startDate": 1566370800000_i64,
                    "endDate": 1575435600000_i64,
                    "holdScopeOperator": "or",
                    "holdScope": {
                        "folders": ["8f0ec859-37e2-4c78-a5f7-c19461bad6f4"],
                        "custodians": ["bob.green@example.com"]
                    },
                    "targetDomain": "acme.egnyte.com"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .create_legal_hold()
        .body_map(|body| {
            body.name("Copyright Infringement Claim")
                .description("Claims of Copyright Infringement by Competitor".to_owned())
                .legal_matter("Copyright Infringement")
                .start_date(1_566_370_800_000_i64)
                .end_date(1_575_435_600_000_i64)
                .hold_scope_operator(types::HoldScopeOperator::Or)
                .hold_scope(object(json!({
                    "folders": ["8f0ec859-37e2-4c78-a5f7-c19461bad6f4"],
                    "custodians": ["bob.green@example.com"]
                })))
                .target_domain("acme.egnyte.com".to_owned())
        })
        .send()
        .await;

    assert_sent("create_legal_hold", &result);
    mock.assert_async().await;
    let created = decoded("create_legal_hold", result);
    assert_decoded("create_legal_hold", &created, &response);
    assert_no_unknown_fields("create_legal_hold", "$", [&created.extra]);
    assert_eq!(
        created.legal_hold_id.map(|id| id.to_string()).as_deref(),
        Some("df497868-9f1b-4ef2-963c-436d9156a91e"),
        "create_legal_hold: legalHoldId"
    );
}

/// Get list of Legal Holds: `GET /v1/legalholds` (the body is a JSON array).
#[tokio::test]
async fn list_legal_holds() {
    let server = MockServer::start_async().await;
    let response = json!([
        legal_hold(),
        {
            "name": "Former employee dispute",
            "legalMatter": "Employment",
            "holdScopeOperator": "and",
            "status": "open",
            "createdBy": "Alice Moreau",
            "createdDate": 1794823964000_i64,
            "userFacingId": "LH00014"
        }
    ]);
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/legalholds")
                .query_param("status", "open")
                .query_param_total(1)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .list_legal_holds()
        .status(types::LegalHoldStatus::Open)
        .send()
        .await;

    assert_sent("list_legal_holds", &result);
    mock.assert_async().await;
    let holds = decoded("list_legal_holds", result);
    assert_decoded("list_legal_holds", &holds, &response);
    assert_no_unknown_fields(
        "list_legal_holds",
        "$",
        holds.iter().map(|hold| &hold.extra),
    );
    assert_eq!(holds.len(), 2, "list_legal_holds: items");
    assert_eq!(
        holds[1].user_facing_id.as_deref(),
        Some("LH00014"),
        "list_legal_holds: [1].userFacingId"
    );
}

/// Get Legal Hold details: `GET /v1/legalholds/{legalHoldId}`.
#[tokio::test]
async fn get_legal_hold() {
    let server = MockServer::start_async().await;
    let response = legal_hold();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/legalholds/df497868-9f1b-4ef2-963c-436d9156a91e")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .get_legal_hold()
        .legal_hold_id("df497868-9f1b-4ef2-963c-436d9156a91e")
        .send()
        .await;

    assert_sent("get_legal_hold", &result);
    mock.assert_async().await;
    let hold = decoded("get_legal_hold", result);
    assert_decoded("get_legal_hold", &hold, &response);
    assert_no_unknown_fields("get_legal_hold", "$", [&hold.extra]);
    assert_eq!(
        hold.name.as_deref(),
        Some("Copyright Infringement Claim"),
        "get_legal_hold: name"
    );
    assert_eq!(
        hold.created_date,
        Some(1_576_535_600_000),
        "get_legal_hold: createdDate"
    );
}

/// Update Legal Hold settings: `PATCH /v1/legalholds/{legalHoldId}` (no response body).
#[tokio::test]
async fn update_legal_hold() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/legalholds/df497868-9f1b-4ef2-963c-436d9156a91e")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "description": "Claims by Competitor, extended to the 2020 product line",
                    "endDate": 1798761599000_i64,
                    "holdScope": {"folders": []}
                }));
            // The page's sample: an empty JSON string, which the client does not read.
            then.status(200)
                .header("content-type", "application/json")
                .body(r#""""#);
        })
        .await;

    let result = egnyte(&server)
        .update_legal_hold()
        .legal_hold_id("df497868-9f1b-4ef2-963c-436d9156a91e")
        .body_map(|body| {
            body.description("Claims by Competitor, extended to the 2020 product line".to_owned())
                .end_date(1_798_761_599_000_i64)
                .hold_scope(object(json!({"folders": []})))
        })
        .send()
        .await;

    assert_sent("update_legal_hold", &result);
    mock.assert_async().await;
    decoded("update_legal_hold", result);
}

/// Delete Legal Hold: `DELETE /v1/legalholds/{legalHoldId}` (no response body).
#[tokio::test]
async fn delete_legal_hold() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/legalholds/df497868-9f1b-4ef2-963c-436d9156a91e")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header_missing("api-version")
                .header_missing("content-type")
                .body("");
            // The page's sample: an empty JSON string, which the client does not read.
            then.status(200)
                .header("content-type", "application/json")
                .body(r#""""#);
        })
        .await;

    let result = egnyte(&server)
        .delete_legal_hold()
        .legal_hold_id("df497868-9f1b-4ef2-963c-436d9156a91e")
        .send()
        .await;

    assert_sent("delete_legal_hold", &result);
    mock.assert_async().await;
    decoded("delete_legal_hold", result);
}

/// Close Legal Hold: `POST /v1/legalholds/{legalHoldId}/close` (no response body).
#[tokio::test]
async fn close_legal_hold() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/legalholds/df497868-9f1b-4ef2-963c-436d9156a91e/close")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header_missing("api-version")
                .header_missing("content-type")
                .body("");
            // The page's sample: an empty JSON string, which the client does not read.
            then.status(200)
                .header("content-type", "application/json")
                .body(r#""""#);
        })
        .await;

    let result = egnyte(&server)
        .close_legal_hold()
        .legal_hold_id("df497868-9f1b-4ef2-963c-436d9156a91e")
        .send()
        .await;

    assert_sent("close_legal_hold", &result);
    mock.assert_async().await;
    decoded("close_legal_hold", result);
}

/// Modify hold scope: `PATCH /v1/legalholds/{legalHoldId}/holdscope` (no response body).
#[tokio::test]
async fn modify_legal_hold_scope() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/legalholds/df497868-9f1b-4ef2-963c-436d9156a91e/holdscope")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "add": {
                        "folders": ["40c993f7-573a-4184-9864-07e4b965f638"],
                        "custodians": ["alice.moreau@example.com"]
                    },
                    "delete": {"folders": [], "custodians": ["bob.green@example.com"]}
                }));
            // The page's sample: an empty JSON string, which the client does not read.
            then.status(200)
                .header("content-type", "application/json")
                .body(r#""""#);
        })
        .await;

    let result = egnyte(&server)
        .modify_legal_hold_scope()
        .legal_hold_id("df497868-9f1b-4ef2-963c-436d9156a91e")
        .body_map(|body| {
            body.add(object(json!({
                "folders": ["40c993f7-573a-4184-9864-07e4b965f638"],
                "custodians": ["alice.moreau@example.com"]
            })))
            .delete(object(
                json!({"folders": [], "custodians": ["bob.green@example.com"]}),
            ))
        })
        .send()
        .await;

    assert_sent("modify_legal_hold_scope", &result);
    mock.assert_async().await;
    decoded("modify_legal_hold_scope", result);
}

/// Get retained files: `GET /v1/legalholds/{legalHoldId}/files`.
#[tokio::test]
async fn list_legal_hold_files() {
    let server = MockServer::start_async().await;
    let response = json!({
        "cursor": null,
        "files": [
            {
                "id": "d0fc3e8c-f690-4bbc-b398-f54a2b4d963c",
                "path": "/Shared/Engineering/Designs/widget-v2.dwg",
                "retainedSince": 1576535600000_i64
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/legalholds/df497868-9f1b-4ef2-963c-436d9156a91e/files")
                .query_param("count", "100")
                .query_param("cursor", "ZmlsZXM6MTAw")
                .query_param_total(2)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .list_legal_hold_files()
        .legal_hold_id("df497868-9f1b-4ef2-963c-436d9156a91e")
        .count(100_u64)
        .cursor("ZmlsZXM6MTAw")
        .send()
        .await;

    assert_sent("list_legal_hold_files", &result);
    mock.assert_async().await;
    let page = decoded("list_legal_hold_files", result);
    // `"cursor": null` (the last page) decodes to `None`, which serializes back as absent.
    assert_decoded(
        "list_legal_hold_files",
        &page,
        &json!({"files": response["files"]}),
    );
    assert_no_unknown_fields("list_legal_hold_files", "$", [&page.extra]);
    assert_eq!(page.cursor, None, "list_legal_hold_files: cursor");
    assert_eq!(page.files.len(), 1, "list_legal_hold_files: files");
}

// ----- Audit Events -----

/// Get User Actions audit events: `GET /v1/auditevents/useractions`.
#[tokio::test]
async fn list_user_action_audit_events() {
    let server = MockServer::start_async().await;
    let response = json!({
        "events": [
            {
                "id": "9bbea8cc-1c01-4c9d-9f69-27fc3976e569",
                "timestamp": 1795012200000_i64,
                "user": "bob.green@example.com",
                "action": "ISSUE_RESOLVED",
                "target": "4711"
            },
            {
                "id": "e4319fd5-8212-4e40-9eaa-e34a1bab9740",
                "timestamp": 1795160710000_i64,
                "user": "alice.moreau@example.com",
                "action": "LEGAL_HOLD_CREATED",
                "target": "LH00014"
            }
        ],
        "cursor": "YXVkaXQ6MTc5NTE2MDcxMDAwMA"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/auditevents/useractions")
                .query_param("count", "500")
                .query_param("startDate", "2026-11-01T00:00:00Z")
                .query_param_total(2)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .list_user_action_audit_events()
        .count(500_u64)
        .start_date(
            "2026-11-01T00:00:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap(),
        )
        .send()
        .await;

    assert_sent("list_user_action_audit_events", &result);
    mock.assert_async().await;
    let page = decoded("list_user_action_audit_events", result);
    assert_decoded("list_user_action_audit_events", &page, &response);
    assert_eq!(
        page["events"][0]["action"],
        json!("ISSUE_RESOLVED"),
        "list_user_action_audit_events: events[0].action"
    );
}

/// Get Content Lifecycle audit events: `GET /v1/auditevents/contentlifecycle`.
#[tokio::test]
async fn list_content_lifecycle_audit_events() {
    let server = MockServer::start_async().await;
    let response = json!({
        "events": [
            {
                "id": "b0e72eb6-0258-428d-bc7d-eb0e00dc646b",
                "timestamp": 1795128067000_i64,
                "action": "FILE_DELETED",
                "path": "/Shared/Finance/Payroll/2025-11 payroll.xlsx",
                "retention": "LH00001"
            }
        ],
        "cursor": "bGlmZWN5Y2xlOjE3OTUxMjgwNjcwMDA"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/auditevents/contentlifecycle")
                .query_param("count", "1000")
                .query_param("cursor", "bGlmZWN5Y2xlOjA")
                .query_param_total(2)
                .header("authorization", EGNYTE_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .list_content_lifecycle_audit_events()
        .count(1000_u64)
        .cursor("bGlmZWN5Y2xlOjA")
        .send()
        .await;

    assert_sent("list_content_lifecycle_audit_events", &result);
    mock.assert_async().await;
    let page = decoded("list_content_lifecycle_audit_events", result);
    assert_decoded("list_content_lifecycle_audit_events", &page, &response);
    assert_eq!(
        page["cursor"],
        json!("bGlmZWN5Y2xlOjE3OTUxMjgwNjcwMDA"),
        "list_content_lifecycle_audit_events: cursor"
    );
}

// ----- Dev Tools -----

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
