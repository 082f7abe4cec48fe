//! Contract tests for the `Cards` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The card "Denied sessions by app" (`6dc4e17c-…`) with every `Card` field set.
fn card() -> Value {
    json!({
        "account_name": "acme-corp",
        "chart_type": 2,
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "data": "{\"query\":\"denied_sessions\",\"group_by\":\"app\",\"window\":\"24h\"}",
        "dataset": "access_logs",
        "description": "Sessions denied by policy in the last 24 hours, grouped by app",
        "display_config": "{\"columns\":2}",
        "layout": "{\"rows\":[[\"card-1\",\"card-2\"]]}",
        "name": "Denied sessions by app",
        "status": 2,
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "6dc4e17c-5d76-4031-aa0a-9aeeef179bde"
    })
}

/// The card that `create_card` sends (the fields a client sets; no uuid or times).
fn new_card() -> Value {
    json!({
        "account_name": "acme-corp",
        "chart_type": 2,
        "data": "{\"query\":\"denied_sessions\",\"group_by\":\"app\",\"window\":\"24h\"}",
        "dataset": "access_logs",
        "description": "Sessions denied by policy in the last 24 hours, grouped by app",
        "display_config": "{\"columns\":2}",
        "layout": "{\"rows\":[[\"card-1\",\"card-2\"]]}",
        "name": "Denied sessions by app",
        "status": 2
    })
}

/// Query Cards: `GET /api/v1/cards`.
#[tokio::test]
async fn list_cards() {
    let server = MockServer::start_async().await;
    let response = json!({
        "cards": [
            card(),
            {
                "uuid": "aa75b980-494e-4616-ac4c-792ca8d2c80b",
                "name": "Active users",
                "status": 2
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/cards")
                .query_param("dataset", "access_logs")
                .query_param_total(1)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_cards()
        .dataset("access_logs")
        .send()
        .await;

    assert_sent("list_cards", &result);
    mock.assert_async().await;
    let page = decoded("list_cards", result);
    assert_decoded("list_cards", &page, &response);
    assert_no_unknown_fields("list_cards", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_cards",
        "$.cards",
        page.cards.iter().map(|item| &item.extra),
    );
    assert_eq!(page.cards.len(), 2, "list_cards: cards");
    assert_eq!(
        page.cards[0].name.as_deref(),
        Some("Denied sessions by app"),
        "list_cards: cards[0].name"
    );
}

/// Create a card: `POST /api/v1/cards`.
#[tokio::test]
async fn create_card() {
    let server = MockServer::start_async().await;
    let response = card();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/cards")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({"account_name": "acme-corp", "card": new_card()}));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_card()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .card(from_json::<types::Card>(new_card()))
        })
        .send()
        .await;

    assert_sent("create_card", &result);
    mock.assert_async().await;
    let card = decoded("create_card", result);
    assert_decoded("create_card", &card, &response);
    assert_no_unknown_fields("create_card", "$", [&card.extra]);
    assert_eq!(
        card.name.as_deref(),
        Some("Denied sessions by app"),
        "create_card: name"
    );
    assert_eq!(
        card.uuid.as_deref(),
        Some("6dc4e17c-5d76-4031-aa0a-9aeeef179bde"),
        "create_card: uuid"
    );
}

/// Delete a Card: `DELETE /api/v1/cards/{uuid}`.
#[tokio::test]
async fn delete_card() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/cards/6dc4e17c-5d76-4031-aa0a-9aeeef179bde")
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
        .delete_card()
        .uuid("6dc4e17c-5d76-4031-aa0a-9aeeef179bde")
        .send()
        .await;

    assert_sent("delete_card", &result);
    mock.assert_async().await;
    let body = decoded("delete_card", result);
    assert_decoded("delete_card", &body, &response);
    assert!(
        body.is_empty(),
        "delete_card: expected an empty object, got {body:?}"
    );
}

/// Get the Card details: `GET /api/v1/cards/{uuid}`.
#[tokio::test]
async fn get_card() {
    let server = MockServer::start_async().await;
    let response = card();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/cards/6dc4e17c-5d76-4031-aa0a-9aeeef179bde")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_card()
        .uuid("6dc4e17c-5d76-4031-aa0a-9aeeef179bde")
        .send()
        .await;

    assert_sent("get_card", &result);
    mock.assert_async().await;
    let card = decoded("get_card", result);
    assert_decoded("get_card", &card, &response);
    assert_no_unknown_fields("get_card", "$", [&card.extra]);
    assert_eq!(
        card.name.as_deref(),
        Some("Denied sessions by app"),
        "get_card: name"
    );
    assert_eq!(
        card.uuid.as_deref(),
        Some("6dc4e17c-5d76-4031-aa0a-9aeeef179bde"),
        "get_card: uuid"
    );
}

/// Update a Card: `PATCH /api/v1/cards/{uuid}`.
///
/// The page shows no request body; the spec infers the `Card` resource as a partial
/// update (`x-inferred`), so the client sends the fields set here as JSON.
#[tokio::test]
async fn update_card() {
    let server = MockServer::start_async().await;
    let response = card();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/cards/6dc4e17c-5d76-4031-aa0a-9aeeef179bde")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "description": "Sessions denied by policy in the last 24 hours, grouped by app",
                    "name": "Denied sessions by app"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_card()
        .uuid("6dc4e17c-5d76-4031-aa0a-9aeeef179bde")
        .body_map(|body| {
            body.description(
                "Sessions denied by policy in the last 24 hours, grouped by app".to_owned(),
            )
            .name("Denied sessions by app".to_owned())
        })
        .send()
        .await;

    assert_sent("update_card", &result);
    mock.assert_async().await;
    let card = decoded("update_card", result);
    assert_decoded("update_card", &card, &response);
    assert_no_unknown_fields("update_card", "$", [&card.extra]);
    assert_eq!(
        card.name.as_deref(),
        Some("Denied sessions by app"),
        "update_card: name"
    );
    assert_eq!(
        card.uuid.as_deref(),
        Some("6dc4e17c-5d76-4031-aa0a-9aeeef179bde"),
        "update_card: uuid"
    );
}
