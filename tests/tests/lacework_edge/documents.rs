//! Contract tests for the `Documents` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use serde_json::json;

/// Get metadata for a file/folder: `GET /api/v1/documents/{uuid}/metadata`.
#[tokio::test]
async fn get_document_metadata() {
    let server = MockServer::start_async().await;
    let response = json!({
        "ancestor_ids": ["0AFk3l9QxYz4AUk9PVA"],
        "created_time": 1792574100000_i64,
        "datasource": "google_drive",
        "drive_id": "0AFk3l9QxYz4AUk9PVA",
        "external_access": [
            {"protocol": "https", "port": 443}
        ],
        "file_extension": "xlsx",
        "file_size": 284311,
        "has_augmented_permissions": true,
        "identity": {"provider": "okta", "subject": "00u8f2k3l9QxYz4Ab5d7"},
        "is_sensitive": true,
        "is_shared": true,
        "is_shared_externally": true,
        "owner": {
            "email": "dana.whitfield@example.com",
            "display_name": "Dana Whitfield"
        },
        "parent": {"id": "0AFk3l9QxYz4AUk9PVA", "name": "Finance"},
        "type": 1,
        "updated_time": 1795004100000_i64,
        "web_view_url": {
            "url": "https://docs.google.com/spreadsheets/d/1Bx9k2L3m4N5o6P7q8R9s0TuVwXyZ"
        }
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/documents/c451dfec-df3f-4598-b691-a6e2d6d8a603/metadata")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_document_metadata()
        .uuid("c451dfec-df3f-4598-b691-a6e2d6d8a603")
        .send()
        .await;

    assert_sent("get_document_metadata", &result);
    mock.assert_async().await;
    let document_metadata = decoded("get_document_metadata", result);
    assert_decoded("get_document_metadata", &document_metadata, &response);
    assert_no_unknown_fields("get_document_metadata", "$", [&document_metadata.extra]);
}

/// Revoke Document Access for a file/folder: `POST /api/v1/documents/{uuid}/revoke-access`.
#[tokio::test]
async fn revoke_document_access() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/documents/c451dfec-df3f-4598-b691-a6e2d6d8a603/revoke-access")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "access_id": "anyoneWithLink",
                    "account_name": "acme-corp",
                    "drive_id": "0AFk3l9QxYz4AUk9PVA",
                    "normalized_document_uuid": "c451dfec-df3f-4598-b691-a6e2d6d8a603",
                    "owner_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .revoke_document_access()
        .uuid("c451dfec-df3f-4598-b691-a6e2d6d8a603")
        .body_map(|body| {
            body.access_id("anyoneWithLink".to_owned())
                .account_name("acme-corp".to_owned())
                .drive_id("0AFk3l9QxYz4AUk9PVA".to_owned())
                .normalized_document_uuid("c451dfec-df3f-4598-b691-a6e2d6d8a603".to_owned())
                .owner_uuid("443dadc4-3330-493b-841c-30d47bda8bc9".to_owned())
        })
        .send()
        .await;

    assert_sent("revoke_document_access", &result);
    mock.assert_async().await;
    let body = decoded("revoke_document_access", result);
    assert_decoded("revoke_document_access", &body, &response);
    assert!(
        body.is_empty(),
        "revoke_document_access: expected an empty object, got {body:?}"
    );
}

/// Revoke all sharing for a file/folder (or just external sharing): `POST /api/v1/documents/{uuid}/revoke-sharing`.
#[tokio::test]
async fn revoke_document_sharing() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/documents/c451dfec-df3f-4598-b691-a6e2d6d8a603/revoke-sharing")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "external_only": true,
                    "normalized_document_uuid": "c451dfec-df3f-4598-b691-a6e2d6d8a603",
                    "object_id": "1Bx9k2L3m4N5o6P7q8R9s0TuVwXyZ",
                    "object_id_encrypted": "enc:v1:MUJ4OWsyTDNtNE41bzZQ",
                    "owner_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
                    "site_id": "example.sharepoint.com,7d3c9a1e-2b4f-4e6a-8c0d-1f3e5a7c9b2d",
                    "user_uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba",
                    "viewer_uuid": "ab81b6f4-6ae3-4fae-871a-aa2734f17b33"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .revoke_document_sharing()
        .uuid("c451dfec-df3f-4598-b691-a6e2d6d8a603")
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .external_only(true)
                .normalized_document_uuid("c451dfec-df3f-4598-b691-a6e2d6d8a603".to_owned())
                .object_id("1Bx9k2L3m4N5o6P7q8R9s0TuVwXyZ".to_owned())
                .object_id_encrypted("enc:v1:MUJ4OWsyTDNtNE41bzZQ".to_owned())
                .owner_uuid("443dadc4-3330-493b-841c-30d47bda8bc9".to_owned())
                .site_id("example.sharepoint.com,7d3c9a1e-2b4f-4e6a-8c0d-1f3e5a7c9b2d".to_owned())
                .user_uuid("299920fb-e1bd-4602-82ed-41fa83e51eba".to_owned())
                .viewer_uuid("ab81b6f4-6ae3-4fae-871a-aa2734f17b33".to_owned())
        })
        .send()
        .await;

    assert_sent("revoke_document_sharing", &result);
    mock.assert_async().await;
    let body = decoded("revoke_document_sharing", result);
    assert_decoded("revoke_document_sharing", &body, &response);
    assert!(
        body.is_empty(),
        "revoke_document_sharing: expected an empty object, got {body:?}"
    );
}
