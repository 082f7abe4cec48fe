//! Contract tests for the `Client Configs` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::json;

/// Download client config for an account based on uuid: `GET /api/v1/account/client-config/download`.
#[tokio::test]
async fn download_client_config() {
    let server = MockServer::start_async().await;
    let response = fixtures::client_config();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/account/client-config/download")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).download_client_config().send().await;

    assert_sent("download_client_config", &result);
    mock.assert_async().await;
    let client_config = decoded("download_client_config", result);
    assert_decoded("download_client_config", &client_config, &response);
    assert_no_unknown_fields("download_client_config", "$", [&client_config.extra]);
    assert_eq!(
        client_config.name.as_deref(),
        Some("Default macOS and Windows clients"),
        "download_client_config: name"
    );
    assert_eq!(
        client_config.uuid.as_deref(),
        Some("c9503d9d-c8e6-4cff-812b-f0bcde848346"),
        "download_client_config: uuid"
    );
}

/// Add client configuration: `POST /api/v1/client-configs`.
#[tokio::test]
async fn create_client_config() {
    let server = MockServer::start_async().await;
    let response = fixtures::client_config();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/client-configs")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "name": "Default macOS and Windows clients",
                    "description": "Always-on VPN with transparent SSO",
                    "status": 2,
                    "priority": 10,
                    "enable_always_on_vpn": 1,
                    "enable_transparent_sso": 1,
                    "log_level": 2,
                    "dns_search_domains": ["internal.example.com", "corp.example.com"],
                    "proxy_exclusion_domains": ["zoom.us", "teams.microsoft.com"],
                    "update_channels": ["stable"],
                    "session_filter": {"managed_device": true}
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_client_config()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .name("Default macOS and Windows clients".to_owned())
                .description("Always-on VPN with transparent SSO".to_owned())
                .status(types::EnumStatus::ACTIVE)
                .priority(10_i64)
                .enable_always_on_vpn(types::EnableAlwaysOnVpn(1))
                .enable_transparent_sso(types::EnableTransparentSso(1))
                .log_level(types::LogLevel(2))
                .dns_search_domains(vec![
                    "internal.example.com".to_owned(),
                    "corp.example.com".to_owned(),
                ])
                .proxy_exclusion_domains(vec![
                    "zoom.us".to_owned(),
                    "teams.microsoft.com".to_owned(),
                ])
                .update_channels(vec!["stable".to_owned()])
                .session_filter(from_json::<types::Filter>(json!({"managed_device": true})))
        })
        .send()
        .await;

    assert_sent("create_client_config", &result);
    mock.assert_async().await;
    let client_config = decoded("create_client_config", result);
    assert_decoded("create_client_config", &client_config, &response);
    assert_no_unknown_fields("create_client_config", "$", [&client_config.extra]);
    assert_eq!(
        client_config.name.as_deref(),
        Some("Default macOS and Windows clients"),
        "create_client_config: name"
    );
    assert_eq!(
        client_config.uuid.as_deref(),
        Some("c9503d9d-c8e6-4cff-812b-f0bcde848346"),
        "create_client_config: uuid"
    );
}

/// Delete specified client configuration: `DELETE /api/v1/client-configs/{uuid}`.
#[tokio::test]
async fn delete_client_config() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/client-configs/c9503d9d-c8e6-4cff-812b-f0bcde848346")
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
        .delete_client_config()
        .uuid("c9503d9d-c8e6-4cff-812b-f0bcde848346")
        .send()
        .await;

    assert_sent("delete_client_config", &result);
    mock.assert_async().await;
    let body = decoded("delete_client_config", result);
    assert_decoded("delete_client_config", &body, &response);
    assert!(
        body.is_empty(),
        "delete_client_config: expected an empty object, got {body:?}"
    );
}

/// Update client config: `PATCH /api/v1/client-configs/{uuid}`.
#[tokio::test]
async fn update_client_config() {
    let server = MockServer::start_async().await;
    let response = fixtures::client_config();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/client-configs/c9503d9d-c8e6-4cff-812b-f0bcde848346")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "uuid": "c9503d9d-c8e6-4cff-812b-f0bcde848346",
                    "account_name": "acme-corp",
                    "description": "Always-on VPN with transparent SSO",
                    "enable_always_on_vpn": 1,
                    "enable_auto_updates": 1,
                    "log_level": 2,
                    "dns_search_domains": ["internal.example.com", "corp.example.com"],
                    "attributes_to_delete": ["description"]
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_client_config()
        .uuid("c9503d9d-c8e6-4cff-812b-f0bcde848346")
        .body_map(|body| {
            body.uuid("c9503d9d-c8e6-4cff-812b-f0bcde848346".to_owned())
                .account_name("acme-corp".to_owned())
                .description("Always-on VPN with transparent SSO".to_owned())
                .enable_always_on_vpn(types::EnableAlwaysOnVpn(1))
                .enable_auto_updates(types::EnableAutoUpdates(1))
                .log_level(types::LogLevel(2))
                .dns_search_domains(vec![
                    "internal.example.com".to_owned(),
                    "corp.example.com".to_owned(),
                ])
                .attributes_to_delete(vec!["description".to_owned()])
        })
        .send()
        .await;

    assert_sent("update_client_config", &result);
    mock.assert_async().await;
    let client_config = decoded("update_client_config", result);
    assert_decoded("update_client_config", &client_config, &response);
    assert_no_unknown_fields("update_client_config", "$", [&client_config.extra]);
    assert_eq!(
        client_config.name.as_deref(),
        Some("Default macOS and Windows clients"),
        "update_client_config: name"
    );
    assert_eq!(
        client_config.uuid.as_deref(),
        Some("c9503d9d-c8e6-4cff-812b-f0bcde848346"),
        "update_client_config: uuid"
    );
}

/// Get client config for an account based on uuid: `GET /api/v1/account/client-config`.
#[tokio::test]
async fn get_client_config() {
    let server = MockServer::start_async().await;
    let response = fixtures::client_config();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/account/client-config")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).get_client_config().send().await;

    assert_sent("get_client_config", &result);
    mock.assert_async().await;
    let client_config = decoded("get_client_config", result);
    assert_decoded("get_client_config", &client_config, &response);
    assert_no_unknown_fields("get_client_config", "$", [&client_config.extra]);
    assert_eq!(
        client_config.name.as_deref(),
        Some("Default macOS and Windows clients"),
        "get_client_config: name"
    );
    assert_eq!(
        client_config.uuid.as_deref(),
        Some("c9503d9d-c8e6-4cff-812b-f0bcde848346"),
        "get_client_config: uuid"
    );
}
