//! Contract tests for the `Notification Channels` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The notification channel "SOC Slack" (`4b71cb93-…`) with every `NotificationChannel`
/// field set.
fn notification_channel() -> Value {
    json!({
        "account_name": "acme-corp",
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "description": "Posts alerts to #soc-alerts",
        "encrypted_credentials": "enc:v1:Y3JlZGVudGlhbHM=",
        "name": "SOC Slack",
        "recipient_display_names": {
            "soc@example.com": "SOC",
            "it-oncall@example.com": "IT on-call"
        },
        "recipients": ["soc@example.com", "it-oncall@example.com"],
        "slack_channel": "#soc-alerts",
        "slack_team": "T04ACME123",
        "status": 2,
        "type": 2,
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "4b71cb93-1763-4d0c-ad60-63560d625d4c"
    })
}

/// Query NotificationChannels: `GET /api/v1/notification-channels`.
#[tokio::test]
async fn list_notification_channels() {
    let server = MockServer::start_async().await;
    let response = json!({
        "channels": [
            notification_channel(),
            {
                "uuid": "df980c19-55b9-473c-83af-420d42d38bc2",
                "name": "IT on-call email",
                "status": 2
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/notification-channels")
                .query_param("status", "ACTIVE,SUSPENDED")
                .query_param("resolveDisplayNames", "true")
                .query_param_total(2)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_notification_channels()
        .status("ACTIVE,SUSPENDED")
        .resolve_display_names("true")
        .send()
        .await;

    assert_sent("list_notification_channels", &result);
    mock.assert_async().await;
    let page = decoded("list_notification_channels", result);
    assert_decoded("list_notification_channels", &page, &response);
    assert_no_unknown_fields("list_notification_channels", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_notification_channels",
        "$.channels",
        page.channels.iter().map(|item| &item.extra),
    );
    assert_eq!(
        page.channels.len(),
        2,
        "list_notification_channels: channels"
    );
    assert_eq!(
        page.channels[0].name.as_deref(),
        Some("SOC Slack"),
        "list_notification_channels: channels[0].name"
    );
}

/// Create a new notification channel: `POST /api/v1/notification-channels`.
#[tokio::test]
async fn create_notification_channel() {
    let server = MockServer::start_async().await;
    let response = notification_channel();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/notification-channels")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "description": "Posts alerts to #soc-alerts",
                    "name": "SOC Slack",
                    "oauth_code": "4/0AeanS0b8Xk2q9Lm3N4o5P6q7R8s9T0u",
                    "recipients": ["soc@example.com", "it-oncall@example.com"],
                    "redirect_uri": "https://app.edge-guardian.io/ui/integrations/slack/callback",
                    "resolve_display_names": true,
                    "status": 2,
                    "type": 2
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_notification_channel()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .description("Posts alerts to #soc-alerts".to_owned())
                .name("SOC Slack".to_owned())
                .oauth_code("4/0AeanS0b8Xk2q9Lm3N4o5P6q7R8s9T0u".to_owned())
                .recipients(vec![
                    "soc@example.com".to_owned(),
                    "it-oncall@example.com".to_owned(),
                ])
                .redirect_uri(
                    "https://app.edge-guardian.io/ui/integrations/slack/callback".to_owned(),
                )
                .resolve_display_names(true)
                .status(types::EnumStatus::ACTIVE)
                .type_(types::ChannelType(2))
        })
        .send()
        .await;

    assert_sent("create_notification_channel", &result);
    mock.assert_async().await;
    let notification_channel = decoded("create_notification_channel", result);
    assert_decoded(
        "create_notification_channel",
        &notification_channel,
        &response,
    );
    assert_no_unknown_fields(
        "create_notification_channel",
        "$",
        [&notification_channel.extra],
    );
    assert_eq!(
        notification_channel.name.as_deref(),
        Some("SOC Slack"),
        "create_notification_channel: name"
    );
    assert_eq!(
        notification_channel.uuid.as_deref(),
        Some("4b71cb93-1763-4d0c-ad60-63560d625d4c"),
        "create_notification_channel: uuid"
    );
}

/// Delete an notification channel: `DELETE /api/v1/notification-channels/{uuid}`.
#[tokio::test]
async fn delete_notification_channel() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/notification-channels/4b71cb93-1763-4d0c-ad60-63560d625d4c")
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
        .delete_notification_channel()
        .uuid("4b71cb93-1763-4d0c-ad60-63560d625d4c")
        .send()
        .await;

    assert_sent("delete_notification_channel", &result);
    mock.assert_async().await;
    let body = decoded("delete_notification_channel", result);
    assert_decoded("delete_notification_channel", &body, &response);
    assert!(
        body.is_empty(),
        "delete_notification_channel: expected an empty object, got {body:?}"
    );
}

/// Get the channel details: `GET /api/v1/notification-channels/{uuid}`.
#[tokio::test]
async fn get_notification_channel() {
    let server = MockServer::start_async().await;
    let response = notification_channel();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/notification-channels/4b71cb93-1763-4d0c-ad60-63560d625d4c")
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
        .get_notification_channel()
        .uuid("4b71cb93-1763-4d0c-ad60-63560d625d4c")
        .resolve_display_names("true")
        .send()
        .await;

    assert_sent("get_notification_channel", &result);
    mock.assert_async().await;
    let notification_channel = decoded("get_notification_channel", result);
    assert_decoded("get_notification_channel", &notification_channel, &response);
    assert_no_unknown_fields(
        "get_notification_channel",
        "$",
        [&notification_channel.extra],
    );
    assert_eq!(
        notification_channel.name.as_deref(),
        Some("SOC Slack"),
        "get_notification_channel: name"
    );
    assert_eq!(
        notification_channel.uuid.as_deref(),
        Some("4b71cb93-1763-4d0c-ad60-63560d625d4c"),
        "get_notification_channel: uuid"
    );
}

/// Update a channel: `PATCH /api/v1/notification-channels/{uuid}`.
///
/// The page shows no request body; the spec infers the `NotificationChannel` resource as a partial
/// update (`x-inferred`), so the client sends the fields set here as JSON.
#[tokio::test]
async fn update_notification_channel() {
    let server = MockServer::start_async().await;
    let response = notification_channel();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/notification-channels/4b71cb93-1763-4d0c-ad60-63560d625d4c")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "recipients": ["soc@example.com", "it-oncall@example.com"],
                    "slack_channel": "#soc-alerts"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_notification_channel()
        .uuid("4b71cb93-1763-4d0c-ad60-63560d625d4c")
        .body_map(|body| {
            body.recipients(vec![
                "soc@example.com".to_owned(),
                "it-oncall@example.com".to_owned(),
            ])
            .slack_channel("#soc-alerts".to_owned())
        })
        .send()
        .await;

    assert_sent("update_notification_channel", &result);
    mock.assert_async().await;
    let notification_channel = decoded("update_notification_channel", result);
    assert_decoded(
        "update_notification_channel",
        &notification_channel,
        &response,
    );
    assert_no_unknown_fields(
        "update_notification_channel",
        "$",
        [&notification_channel.extra],
    );
    assert_eq!(
        notification_channel.name.as_deref(),
        Some("SOC Slack"),
        "update_notification_channel: name"
    );
    assert_eq!(
        notification_channel.uuid.as_deref(),
        Some("4b71cb93-1763-4d0c-ad60-63560d625d4c"),
        "update_notification_channel: uuid"
    );
}
