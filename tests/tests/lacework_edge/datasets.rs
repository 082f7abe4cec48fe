//! Contract tests for the `Datasets` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework, object,
};
use httpmock::prelude::*;
use serde_json::{Value, json};

/// The dataset of blocked countries (`e7edfc47-…`) with every `Dataset` field set.
fn dataset() -> Value {
    json!({
        "account_name": "acme-corp",
        "config": {"item_type": "country_code", "case_sensitive": false},
        "content_type": 1,
        "content_types": ["country_code"],
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "current_version": 3,
        "dataset_name": "blocked-countries",
        "dataset_type": 1,
        "description": "Countries that may not access internal apps",
        "entity_type": 1,
        "icon": 3,
        "num_items": 3,
        "parent_uuid": "0325edff-ee67-4814-a807-0eb01d68da90",
        "properties": {"source": "manual", "owner_team": "security"},
        "scenario": 1,
        "status": 2,
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "e7edfc47-77f8-4af4-b83b-22bd40d45916"
    })
}

/// Query customer datasets/lists: `GET /api/v1/datasets`.
#[tokio::test]
async fn list_datasets() {
    let server = MockServer::start_async().await;
    let response = json!({
        "customer_datasets": [
            dataset(),
            {
                "uuid": "cf612faa-e0f2-461f-b300-bf9c397159f8",
                "dataset_name": "trusted-ip-ranges",
                "status": 2
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/datasets")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).list_datasets().send().await;

    assert_sent("list_datasets", &result);
    mock.assert_async().await;
    let page = decoded("list_datasets", result);
    assert_decoded("list_datasets", &page, &response);
    assert_no_unknown_fields("list_datasets", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_datasets",
        "$.customer_datasets",
        page.customer_datasets.iter().map(|item| &item.extra),
    );
    assert_eq!(
        page.customer_datasets.len(),
        2,
        "list_datasets: customer_datasets"
    );
    assert_eq!(
        page.customer_datasets[0].uuid.as_deref(),
        Some("e7edfc47-77f8-4af4-b83b-22bd40d45916"),
        "list_datasets: customer_datasets[0].uuid"
    );
}

/// Creates a new customer dataset (e.g. list): `POST /api/v1/datasets`.
///
/// The page shows no request body and none of its fields; the spec infers an open JSON
/// object (`x-inferred`). The field names below are illustrative: the client sends the
/// map as given.
#[tokio::test]
async fn create_dataset() {
    let server = MockServer::start_async().await;
    let request = json!({
        "dataset_name": "blocked-countries",
        "description": "Countries that may not access internal apps"
    });
    let response = dataset();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/datasets")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(request.clone());
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_dataset()
        .body(object(request))
        .send()
        .await;

    assert_sent("create_dataset", &result);
    mock.assert_async().await;
    let dataset = decoded("create_dataset", result);
    assert_decoded("create_dataset", &dataset, &response);
    assert_no_unknown_fields("create_dataset", "$", [&dataset.extra]);
    assert_eq!(
        dataset.uuid.as_deref(),
        Some("e7edfc47-77f8-4af4-b83b-22bd40d45916"),
        "create_dataset: uuid"
    );
    assert_eq!(
        dataset.dataset_name.as_deref(),
        Some("blocked-countries"),
        "create_dataset: dataset_name"
    );
}

/// Delete a customer dataset/list: `DELETE /api/v1/datasets`.
#[tokio::test]
async fn delete_dataset() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/datasets")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type")
                .body("");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).delete_dataset().send().await;

    assert_sent("delete_dataset", &result);
    mock.assert_async().await;
    let body = decoded("delete_dataset", result);
    assert_decoded("delete_dataset", &body, &response);
    assert!(
        body.is_empty(),
        "delete_dataset: expected an empty object, got {body:?}"
    );
}

/// Update configuration of a customer dataset/list: `PATCH /api/v1/datasets/config`.
///
/// The page shows no request body and none of its fields; the spec infers an open JSON
/// object (`x-inferred`). The field names below are illustrative: the client sends the
/// map as given.
#[tokio::test]
async fn update_dataset_config() {
    let server = MockServer::start_async().await;
    let request = json!({
        "uuid": "e7edfc47-77f8-4af4-b83b-22bd40d45916",
        "config": {"item_type": "country_code", "case_sensitive": false}
    });
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/datasets/config")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(request.clone());
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_dataset_config()
        .body(object(request))
        .send()
        .await;

    assert_sent("update_dataset_config", &result);
    mock.assert_async().await;
    let body = decoded("update_dataset_config", result);
    assert_decoded("update_dataset_config", &body, &response);
    assert!(
        body.is_empty(),
        "update_dataset_config: expected an empty object, got {body:?}"
    );
}

/// Query items from a customer dataset/list: `GET /api/v1/datasets/items`.
#[tokio::test]
async fn list_dataset_items() {
    let server = MockServer::start_async().await;
    let response = json!({
        "continuation_token": "eyJvZmZzZXQiOjUwfQ==",
        "customer_dataset_items": ["KP", "IR", "SY"],
        "dataset": dataset()
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/datasets/items")
                .query_param("continuation_token", "eyJvZmZzZXQiOjUwfQ==")
                .query_param_total(1)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_dataset_items()
        .continuation_token("eyJvZmZzZXQiOjUwfQ==")
        .send()
        .await;

    assert_sent("list_dataset_items", &result);
    mock.assert_async().await;
    let page = decoded("list_dataset_items", result);
    assert_decoded("list_dataset_items", &page, &response);
    assert_no_unknown_fields("list_dataset_items", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_dataset_items",
        "$.dataset",
        page.dataset.iter().map(|item| &item.extra),
    );
    assert_eq!(
        page.continuation_token.as_deref(),
        Some("eyJvZmZzZXQiOjUwfQ=="),
        "list_dataset_items: continuation_token"
    );
}

/// Update items from a customer dataset/list: `PATCH /api/v1/datasets/items`.
///
/// The page shows no request body and none of its fields; the spec infers an open JSON
/// object (`x-inferred`). The field names below are illustrative: the client sends the
/// map as given.
#[tokio::test]
async fn update_dataset_items() {
    let server = MockServer::start_async().await;
    let request = json!({
        "uuid": "e7edfc47-77f8-4af4-b83b-22bd40d45916",
        "add": ["KP", "IR"],
        "remove": ["CU"]
    });
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/datasets/items")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(request.clone());
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_dataset_items()
        .body(object(request))
        .send()
        .await;

    assert_sent("update_dataset_items", &result);
    mock.assert_async().await;
    let body = decoded("update_dataset_items", result);
    assert_decoded("update_dataset_items", &body, &response);
    assert!(
        body.is_empty(),
        "update_dataset_items: expected an empty object, got {body:?}"
    );
}
