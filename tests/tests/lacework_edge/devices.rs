//! Contract tests for the `Devices` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework, raw,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::json;

/// Delete Devices: `POST /api/v1/devices/delete`.
#[tokio::test]
async fn delete_devices() {
    let server = MockServer::start_async().await;
    let response = fixtures::user_device();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/devices/delete")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "devices": [
                        {
                            "uuid": "5a0c5122-2c23-4861-b684-cd00d7c35c48",
                            "user_uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba"
                        }
                    ]
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .delete_devices()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .devices(vec![from_json::<types::DeviceToDelete>(json!({
                    "uuid": "5a0c5122-2c23-4861-b684-cd00d7c35c48",
                    "user_uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba"
                }))])
        })
        .send()
        .await;

    assert_sent("delete_devices", &result);
    mock.assert_async().await;
    let user_device = decoded("delete_devices", result);
    assert_decoded("delete_devices", &user_device, &response);
    assert_no_unknown_fields("delete_devices", "$", [&user_device.extra]);
    assert_eq!(
        user_device.display_name.as_deref(),
        Some("Dana's MacBook Pro"),
        "delete_devices: display_name"
    );
    assert_eq!(
        user_device.uuid.as_deref(),
        Some("5a0c5122-2c23-4861-b684-cd00d7c35c48"),
        "delete_devices: uuid"
    );
}

/// Register Device: `POST /api/v1/devices`.
#[tokio::test]
async fn register_device() {
    let server = MockServer::start_async().await;
    let response = fixtures::user_device();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/devices")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "ca_cert": "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUR0Y4bWVjb3JwLXJvb3QtY2EtMjAyNjAK\n-----END CERTIFICATE-----\n",
                    "device": {
                        "os": "macOS",
                        "os_version": "15.1",
                        "serial_number": "C02FJ1ABMD6M",
                        "display_name": "Dana's MacBook Pro"
                    },
                    "device_uuid": "e93ba5be-016c-421c-a584-566bd5db3bf7",
                    "encrypted_ca_key": "enc:v1:Y2Eta2V5LWJ5dGVz",
                    "signature": {
                        "algorithm": "ecdsa-with-SHA256",
                        "signature": "MEUCIQDx8Fh2k3"
                    },
                    "time_id": {
                        "id": "2b073f48-5d8b-4901-b975-dfe5742f8d43",
                        "created": 1795166100000_i64
                    }
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .register_device()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .ca_cert("-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUR0Y4bWVjb3JwLXJvb3QtY2EtMjAyNjAK\n-----END CERTIFICATE-----\n".to_owned())
                .device(from_json::<types::Device>(json!({
                    "os": "macOS",
                    "os_version": "15.1",
                    "serial_number": "C02FJ1ABMD6M",
                    "display_name": "Dana's MacBook Pro"
                })))
                .device_uuid("e93ba5be-016c-421c-a584-566bd5db3bf7".to_owned())
                .encrypted_ca_key("enc:v1:Y2Eta2V5LWJ5dGVz".to_owned())
                .signature(from_json::<types::CertificateVerify>(json!({
                    "algorithm": "ecdsa-with-SHA256",
                    "signature": "MEUCIQDx8Fh2k3"
                })))
                .time_id(raw(json!({
                    "id": "2b073f48-5d8b-4901-b975-dfe5742f8d43",
                    "created": 1795166100000_i64
                })))
        })
        .send()
        .await;

    assert_sent("register_device", &result);
    mock.assert_async().await;
    let user_device = decoded("register_device", result);
    assert_decoded("register_device", &user_device, &response);
    assert_no_unknown_fields("register_device", "$", [&user_device.extra]);
    assert_eq!(
        user_device.display_name.as_deref(),
        Some("Dana's MacBook Pro"),
        "register_device: display_name"
    );
    assert_eq!(
        user_device.uuid.as_deref(),
        Some("5a0c5122-2c23-4861-b684-cd00d7c35c48"),
        "register_device: uuid"
    );
}

/// Get the user's device: `POST /api/v1/devices/{uuid}/query`.
#[tokio::test]
async fn get_user_device() {
    let server = MockServer::start_async().await;
    let response = fixtures::user_device();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/devices/5a0c5122-2c23-4861-b684-cd00d7c35c48/query")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "user_uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba",
                    "uuid": "5a0c5122-2c23-4861-b684-cd00d7c35c48"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_user_device()
        .uuid("5a0c5122-2c23-4861-b684-cd00d7c35c48")
        .body_map(|body| {
            body.user_uuid("299920fb-e1bd-4602-82ed-41fa83e51eba".to_owned())
                .uuid("5a0c5122-2c23-4861-b684-cd00d7c35c48".to_owned())
        })
        .send()
        .await;

    assert_sent("get_user_device", &result);
    mock.assert_async().await;
    let user_device = decoded("get_user_device", result);
    assert_decoded("get_user_device", &user_device, &response);
    assert_no_unknown_fields("get_user_device", "$", [&user_device.extra]);
    assert_eq!(
        user_device.display_name.as_deref(),
        Some("Dana's MacBook Pro"),
        "get_user_device: display_name"
    );
    assert_eq!(
        user_device.uuid.as_deref(),
        Some("5a0c5122-2c23-4861-b684-cd00d7c35c48"),
        "get_user_device: uuid"
    );
}
