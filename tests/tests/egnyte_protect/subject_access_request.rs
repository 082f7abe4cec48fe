//! Contract tests for the `Subject Access Request` operations of the Egnyte Secure and Govern API.

use contract_tests::{
    EGNYTE_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded, egnyte,
    object,
};
use egnyte_protect_client::types;
use futures::TryStreamExt;
use httpmock::prelude::*;
use serde_json::json;

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
