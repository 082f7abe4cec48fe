//! Contract tests for the `Data Export Configs` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The data export config `4620d8b0-…` (audit logs to S3) with every `DataExportConfig` field
/// set.
fn data_export_config() -> Value {
    json!({
        "account_name": "acme-corp",
        "account_uuid": "d6ac66e2-1fbc-4473-b0d7-4e9003923f5b",
        "create_time": 1792574100000_i64,
        "data_export_types": [1],
        "last_export_time": 1795165200000_i64,
        "last_successful_export": {"time": 1795165200000_i64, "objects": 42},
        "s3_bucket_account_id": "123456789012",
        "s3_bucket_name": "acme-edge-audit-exports",
        "s3_bucket_shard_id": 2,
        "update_time": 1795004100000_i64,
        "uuid": "4620d8b0-25a7-4948-8faa-0208ef4eeccd"
    })
}

/// Query data export configs for an account: `GET /api/v1/data-export-configs`.
#[tokio::test]
async fn list_data_export_configs() {
    let server = MockServer::start_async().await;
    let response = json!({
        "data_export_configs": [
            data_export_config(),
            {"uuid": "36c6bc9a-2e78-4612-8beb-92179a8e68a0"}
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/data-export-configs")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).list_data_export_configs().send().await;

    assert_sent("list_data_export_configs", &result);
    mock.assert_async().await;
    let page = decoded("list_data_export_configs", result);
    assert_decoded("list_data_export_configs", &page, &response);
    assert_no_unknown_fields("list_data_export_configs", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_data_export_configs",
        "$.data_export_configs",
        page.data_export_configs.iter().map(|item| &item.extra),
    );
    assert_eq!(
        page.data_export_configs.len(),
        2,
        "list_data_export_configs: data_export_configs"
    );
    assert_eq!(
        page.data_export_configs[0].uuid.as_deref(),
        Some("4620d8b0-25a7-4948-8faa-0208ef4eeccd"),
        "list_data_export_configs: data_export_configs[0].uuid"
    );
}

/// Add log export configuration: `POST /api/v1/data-export-configs`.
#[tokio::test]
async fn create_data_export_config() {
    let server = MockServer::start_async().await;
    let response = data_export_config();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/data-export-configs")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "data_export_types": [1],
                    "s3_bucket_account_id": "123456789012",
                    "s3_bucket_name": "acme-edge-audit-exports"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_data_export_config()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .data_export_types(vec![types::DataExportType(1)])
                .s3_bucket_account_id("123456789012".to_owned())
                .s3_bucket_name("acme-edge-audit-exports".to_owned())
        })
        .send()
        .await;

    assert_sent("create_data_export_config", &result);
    mock.assert_async().await;
    let data_export_config = decoded("create_data_export_config", result);
    assert_decoded("create_data_export_config", &data_export_config, &response);
    assert_no_unknown_fields(
        "create_data_export_config",
        "$",
        [&data_export_config.extra],
    );
    assert_eq!(
        data_export_config.uuid.as_deref(),
        Some("4620d8b0-25a7-4948-8faa-0208ef4eeccd"),
        "create_data_export_config: uuid"
    );
    assert_eq!(
        data_export_config.s3_bucket_name.as_deref(),
        Some("acme-edge-audit-exports"),
        "create_data_export_config: s3_bucket_name"
    );
}

/// Delete specified data export configuration: `DELETE /api/v1/data-export-configs/{uuid}`.
#[tokio::test]
async fn delete_data_export_config() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/data-export-configs/4620d8b0-25a7-4948-8faa-0208ef4eeccd")
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
        .delete_data_export_config()
        .uuid("4620d8b0-25a7-4948-8faa-0208ef4eeccd")
        .send()
        .await;

    assert_sent("delete_data_export_config", &result);
    mock.assert_async().await;
    let body = decoded("delete_data_export_config", result);
    assert_decoded("delete_data_export_config", &body, &response);
    assert!(
        body.is_empty(),
        "delete_data_export_config: expected an empty object, got {body:?}"
    );
}

/// Update data export config: `PATCH /api/v1/data-export-configs/{uuid}`.
#[tokio::test]
async fn update_data_export_config() {
    let server = MockServer::start_async().await;
    let response = data_export_config();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/data-export-configs/4620d8b0-25a7-4948-8faa-0208ef4eeccd")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "data_export_types": [1],
                    "uuid": "4620d8b0-25a7-4948-8faa-0208ef4eeccd"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_data_export_config()
        .uuid("4620d8b0-25a7-4948-8faa-0208ef4eeccd")
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .data_export_types(vec![types::DataExportType(1)])
                .uuid("4620d8b0-25a7-4948-8faa-0208ef4eeccd".to_owned())
        })
        .send()
        .await;

    assert_sent("update_data_export_config", &result);
    mock.assert_async().await;
    let data_export_config = decoded("update_data_export_config", result);
    assert_decoded("update_data_export_config", &data_export_config, &response);
    assert_no_unknown_fields(
        "update_data_export_config",
        "$",
        [&data_export_config.extra],
    );
    assert_eq!(
        data_export_config.uuid.as_deref(),
        Some("4620d8b0-25a7-4948-8faa-0208ef4eeccd"),
        "update_data_export_config: uuid"
    );
    assert_eq!(
        data_export_config.s3_bucket_name.as_deref(),
        Some("acme-edge-audit-exports"),
        "update_data_export_config: s3_bucket_name"
    );
}

/// Returns S3 bucket policy: `POST /api/v1/data-export-configs/s3-bucket-policy`.
#[tokio::test]
async fn get_s3_bucket_policy() {
    let server = MockServer::start_async().await;
    let response = json!({
        "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:role/edge-exporter\"},\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::acme-edge-audit-exports/*\"}]}"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/data-export-configs/s3-bucket-policy")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "s3_bucket_name": "acme-edge-audit-exports"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_s3_bucket_policy()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .s3_bucket_name("acme-edge-audit-exports".to_owned())
        })
        .send()
        .await;

    assert_sent("get_s3_bucket_policy", &result);
    mock.assert_async().await;
    let body = decoded("get_s3_bucket_policy", result);
    assert_decoded("get_s3_bucket_policy", &body, &response);
    assert_eq!(
        body["policy"],
        json!(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:role/edge-exporter\"},\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::acme-edge-audit-exports/*\"}]}"
        ),
        "get_s3_bucket_policy: policy"
    );
}

/// Validate data export configuration: `POST /api/v1/data-export-configs/validate`.
#[tokio::test]
async fn validate_data_export_config() {
    let server = MockServer::start_async().await;
    let response = json!({
        "success": true,
        "messages": [
            "Bucket acme-edge-audit-exports is reachable",
            "Write test succeeded"
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/data-export-configs/validate")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "uuid": "4620d8b0-25a7-4948-8faa-0208ef4eeccd"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .validate_data_export_config()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .uuid("4620d8b0-25a7-4948-8faa-0208ef4eeccd".to_owned())
        })
        .send()
        .await;

    assert_sent("validate_data_export_config", &result);
    mock.assert_async().await;
    let body = decoded("validate_data_export_config", result);
    assert_decoded("validate_data_export_config", &body, &response);
    assert_eq!(
        body["success"],
        json!(true),
        "validate_data_export_config: success"
    );
}
