//! Contract tests for the `Alert Configs` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework, raw,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The alert config "Impossible travel" (`ad678bbc-…`) with every `AlertConfig` field set.
fn alert_config() -> Value {
    json!({
        "account_name": "acme-corp",
        "card_data": {
            "chart": "bar",
            "query": "denied_sessions",
            "group_by": "app"
        },
        "cloned_from_uuid": "acf76d04-2eb0-4e9b-83f3-d8bd4eed9a05",
        "condition_filter": {"event_type": "impossible_travel", "min_severity": 3},
        "condition_filter_display_names": {"event_type": "Impossible travel"},
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "description": "Alert the SOC when a user logs in from two distant countries within an hour",
        "event_description_template": "{{user}} logged in from {{country_a}} and {{country_b}} within {{minutes}} minutes",
        "name": "Impossible travel",
        "recipient_display_names": {
            "soc@example.com": "SOC",
            "it-oncall@example.com": "IT on-call"
        },
        "recipients": ["soc@example.com", "it-oncall@example.com"],
        "severity_to_assign": 3,
        "skip_alerts": 0,
        "status": 2,
        "tags": ["finance", "sox"],
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "ad678bbc-bc84-4f9c-a473-d7b3a49dc381"
    })
}

/// Query AlertConfigs: `GET /api/v1/alert-configs`.
#[tokio::test]
async fn list_alert_configs() {
    let server = MockServer::start_async().await;
    let response = json!({
        "configs": [
            alert_config(),
            {
                "uuid": "344af08f-85ee-42c0-a6d2-6f1f9006b545",
                "name": "Mass download",
                "status": 2
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/alert-configs")
                .query_param("status", "ACTIVE,SUSPENDED")
                .query_param_total(1)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_alert_configs()
        .status("ACTIVE,SUSPENDED")
        .send()
        .await;

    assert_sent("list_alert_configs", &result);
    mock.assert_async().await;
    let page = decoded("list_alert_configs", result);
    assert_decoded("list_alert_configs", &page, &response);
    assert_no_unknown_fields("list_alert_configs", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_alert_configs",
        "$.configs",
        page.configs.iter().map(|item| &item.extra),
    );
    assert_eq!(page.configs.len(), 2, "list_alert_configs: configs");
    assert_eq!(
        page.configs[0].name.as_deref(),
        Some("Impossible travel"),
        "list_alert_configs: configs[0].name"
    );
}

/// Create a new alert config: `POST /api/v1/alert-configs`.
#[tokio::test]
async fn create_alert_config() {
    let server = MockServer::start_async().await;
    let response = alert_config();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/alert-configs")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "name": "Impossible travel",
                    "description": "Alert the SOC when a user logs in from two distant countries within an hour",
                    "condition_filter": {"event_type": "impossible_travel", "min_severity": 3},
                    "event_description_template": "{{user}} logged in from {{country_a}} and {{country_b}} within {{minutes}} minutes",
                    "recipients": ["soc@example.com", "it-oncall@example.com"],
                    "resolve_display_names": true,
                    "status": 2,
                    "tags": ["finance", "sox"]
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_alert_config()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .name("Impossible travel".to_owned())
                .description("Alert the SOC when a user logs in from two distant countries within an hour".to_owned())
                .condition_filter(raw(json!({"event_type": "impossible_travel", "min_severity": 3})))
                .event_description_template("{{user}} logged in from {{country_a}} and {{country_b}} within {{minutes}} minutes".to_owned())
                .recipients(vec![
                    "soc@example.com".to_owned(),
                    "it-oncall@example.com".to_owned(),
                ])
                .resolve_display_names(true)
                .status(types::EnumStatus::ACTIVE)
                .tags(vec!["finance".to_owned(), "sox".to_owned()])
        })
        .send()
        .await;

    assert_sent("create_alert_config", &result);
    mock.assert_async().await;
    let alert_config = decoded("create_alert_config", result);
    assert_decoded("create_alert_config", &alert_config, &response);
    assert_no_unknown_fields("create_alert_config", "$", [&alert_config.extra]);
    assert_eq!(
        alert_config.name.as_deref(),
        Some("Impossible travel"),
        "create_alert_config: name"
    );
    assert_eq!(
        alert_config.uuid.as_deref(),
        Some("ad678bbc-bc84-4f9c-a473-d7b3a49dc381"),
        "create_alert_config: uuid"
    );
}

/// Delete an alert config: `DELETE /api/v1/alert-configs/{uuid}`.
#[tokio::test]
async fn delete_alert_config() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/alert-configs/ad678bbc-bc84-4f9c-a473-d7b3a49dc381")
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
        .delete_alert_config()
        .uuid("ad678bbc-bc84-4f9c-a473-d7b3a49dc381")
        .send()
        .await;

    assert_sent("delete_alert_config", &result);
    mock.assert_async().await;
    let body = decoded("delete_alert_config", result);
    assert_decoded("delete_alert_config", &body, &response);
    assert!(
        body.is_empty(),
        "delete_alert_config: expected an empty object, got {body:?}"
    );
}

/// Get the alertConfig details: `GET /api/v1/alert-configs/{uuid}`.
#[tokio::test]
async fn get_alert_config() {
    let server = MockServer::start_async().await;
    let response = alert_config();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/alert-configs/ad678bbc-bc84-4f9c-a473-d7b3a49dc381")
                .query_param("resolveDisplayNames", "true")
                .query_param_total(1)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_alert_config()
        .uuid("ad678bbc-bc84-4f9c-a473-d7b3a49dc381")
        .resolve_display_names("true")
        .send()
        .await;

    assert_sent("get_alert_config", &result);
    mock.assert_async().await;
    let alert_config = decoded("get_alert_config", result);
    assert_decoded("get_alert_config", &alert_config, &response);
    assert_no_unknown_fields("get_alert_config", "$", [&alert_config.extra]);
    assert_eq!(
        alert_config.name.as_deref(),
        Some("Impossible travel"),
        "get_alert_config: name"
    );
    assert_eq!(
        alert_config.uuid.as_deref(),
        Some("ad678bbc-bc84-4f9c-a473-d7b3a49dc381"),
        "get_alert_config: uuid"
    );
}

/// Update a alertConfig: `PATCH /api/v1/alert-configs/{uuid}`.
///
/// The page shows no request body; the spec infers the `AlertConfig` resource as a partial
/// update (`x-inferred`), so the client sends the fields set here as JSON.
#[tokio::test]
async fn update_alert_config() {
    let server = MockServer::start_async().await;
    let response = alert_config();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/alert-configs/ad678bbc-bc84-4f9c-a473-d7b3a49dc381")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "recipients": ["soc@example.com", "it-oncall@example.com"],
                    "severity_to_assign": 3,
                    "status": 2
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_alert_config()
        .uuid("ad678bbc-bc84-4f9c-a473-d7b3a49dc381")
        .body_map(|body| {
            body.recipients(vec![
                "soc@example.com".to_owned(),
                "it-oncall@example.com".to_owned(),
            ])
            .severity_to_assign(3_i64)
            .status(types::EnumStatus::ACTIVE)
        })
        .send()
        .await;

    assert_sent("update_alert_config", &result);
    mock.assert_async().await;
    let alert_config = decoded("update_alert_config", result);
    assert_decoded("update_alert_config", &alert_config, &response);
    assert_no_unknown_fields("update_alert_config", "$", [&alert_config.extra]);
    assert_eq!(
        alert_config.name.as_deref(),
        Some("Impossible travel"),
        "update_alert_config: name"
    );
    assert_eq!(
        alert_config.uuid.as_deref(),
        Some("ad678bbc-bc84-4f9c-a473-d7b3a49dc381"),
        "update_alert_config: uuid"
    );
}
