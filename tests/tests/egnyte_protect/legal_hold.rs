//! Contract tests for the `Legal Hold` operations of the Egnyte Secure and Govern API.

use crate::fixtures;
use contract_tests::{
    EGNYTE_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded, egnyte,
    object, raw,
};
use egnyte_protect_client::types;
use httpmock::prelude::*;
use serde_json::json;

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
        fixtures::legal_hold(),
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
    let response = fixtures::legal_hold();
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
                .hold_scope(raw(json!({"folders": []})))
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
            body.add(raw(json!({
                "folders": ["40c993f7-573a-4184-9864-07e4b965f638"],
                "custodians": ["alice.moreau@example.com"]
            })))
            .delete(raw(
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
