//! Contract tests for the `Connector Deployments` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use serde_json::json;

/// Initiate deployment of a connector: `POST /api/v1/connector-deployments`.
#[tokio::test]
async fn initiate_connector_deployment() {
    let server = MockServer::start_async().await;
    let response = json!({
        "accesses": [
            {
                "access_type": 1,
                "account_name": "acme-corp",
                "allow_guest_access": false,
                "app_list": [
                    "ff24186f-62af-4d20-a547-29cfab19bbe9",
                    "f20d9f29-8ea6-45d1-92c0-39a5923f1dfd"
                ],
                "create_time": 1792574100000_i64,
                "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
                "data_source": 11,
                "description": "Gives the contractor group access to Jira during the migration",
                "end_time": 1795166100000_i64,
                "integration_id": "42238b8b-ebf7-4568-b8da-735ba055d4f0",
                "revoked_user_list": ["ab81b6f4-6ae3-4fae-871a-aa2734f17b33"],
                "status": 2,
                "update_time": 1795004100000_i64,
                "user_list": [
                    "5d624fd3-a7f9-4da5-820e-e2e3b09e34ff",
                    "299920fb-e1bd-4602-82ed-41fa83e51eba"
                ],
                "uuid": "839ca886-698d-4e34-bfca-5f67a0e6ab1c"
            },
            {
                "uuid": "89adba6a-81a9-440c-a6f4-4151752e1c93",
                "status": 2
            }
        ],
        "apps": [
            {
                "account_name": "acme-corp",
                "connector_unique_name": "aws-use1-connector",
                "create_time": 1792574100000_i64,
                "creator_display_name": "Priya Raman",
                "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
                "data_source": 11,
                "description": "Internal payroll application (Workday connector)",
                "host": "payroll.internal.example.com",
                "host_match_type": 1,
                "integration_id": "42238b8b-ebf7-4568-b8da-735ba055d4f0",
                "internal_host_pattern": "10.20.4.15",
                "internal_port": 8443,
                "internal_protocol": "https",
                "name": "Payroll Portal",
                "path": "/",
                "port": 443,
                "protocol": "https",
                "protocols": ["https"],
                "ref_display_names": {"group:5d624fd3-a7f9-4da5-820e-e2e3b09e34ff": "Finance"},
                "ref_matches": ["group:5d624fd3-a7f9-4da5-820e-e2e3b09e34ff"],
                "refs": ["group:5d624fd3-a7f9-4da5-820e-e2e3b09e34ff"],
                "request_host_header": "payroll.internal.example.com",
                "reverse_proxy_name": "payroll",
                "status": 2,
                "tags": ["finance", "sox"],
                "tcp_port_ranges": [
                    {"start": 9000, "end": 9100}
                ],
                "tcp_ports": [443, 8443],
                "udp_port_ranges": [
                    {"start": 5000, "end": 5010}
                ],
                "udp_ports": [53],
                "update_time": 1795004100000_i64,
                "updater_display_name": "Priya Raman",
                "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
                "uuid": "ff24186f-62af-4d20-a547-29cfab19bbe9",
                "verify_server_cert": 1
            },
            {
                "uuid": "f20d9f29-8ea6-45d1-92c0-39a5923f1dfd",
                "name": "Expense Reports",
                "status": 2
            }
        ],
        "completed": true,
        "connector": {
            "access_token": "ct_9d41f6b2a87c4e03b5d1e2f3a4b5c6d7",
            "account_name": "acme-corp",
            "certificate_pem": "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUR0Y4bWVjb3JwLXJvb3QtY2EtMjAyNjAK\n-----END CERTIFICATE-----\n",
            "config": {"region": "us-east-1", "vpc_id": "vpc-0a1b2c3d4e5f6a7b8"},
            "coordinates": {"lat": 38.72, "lon": -9.14},
            "create_time": 1792574100000_i64,
            "creator_display_name": "Priya Raman",
            "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
            "current_server_time": 1795166100000_i64,
            "description": "Connector in the production VPC",
            "desired_releases": ["4.12.3"],
            "expire_time_sec": 1802942100,
            "external_addr": ["54.210.17.33"],
            "instances": [
                {"instance_id": "i-0f1e2d3c4b5a69788", "status": "running"}
            ],
            "name": "AWS us-east-1 connector",
            "ref_display_names": {"group:5d624fd3-a7f9-4da5-820e-e2e3b09e34ff": "Finance"},
            "refs": ["group:5d624fd3-a7f9-4da5-820e-e2e3b09e34ff"],
            "routes": {"10.20.0.0/16": "vpc-0a1b2c3d4e5f6a7b8"},
            "secret_hash": "sha256:9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c1b3d5f7e9a1c3e5b7d9f1a3c5e7b9d1f",
            "status": 2,
            "tags": ["finance", "sox"],
            "tcp_on_layer_three_vpn": 1,
            "unique_name": "aws-use1-connector",
            "update_time": 1795004100000_i64,
            "updater_display_name": "Priya Raman",
            "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
            "uuid": "c058e4b0-3939-40bc-9f9d-97a964007095"
        },
        "messages": [
            "Bucket acme-edge-audit-exports is reachable",
            "Write test succeeded"
        ],
        "policies": [
            {
                "account_name": "acme-corp",
                "action": 2,
                "allow_guest_access": false,
                "app_filter": {
                    "tags": ["finance"]
                },
                "constraints": {"max_session_hours": 8},
                "create_time": 1792574100000_i64,
                "creator_display_name": "Priya Raman",
                "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
                "data_source": 11,
                "description": "Finance may reach finance apps from managed devices",
                "filter_selector_display_names": {"group:5d624fd3-a7f9-4da5-820e-e2e3b09e34ff": "Finance"},
                "integration_id": "42238b8b-ebf7-4568-b8da-735ba055d4f0",
                "metadata": "{\"ticket\":\"SEC-1204\"}",
                "mitm_settings": {
                    "enabled": true,
                    "ca_uuid": "56b1dfb8-c5ed-4d09-b096-7c6593e9c657"
                },
                "name": "Finance apps - managed devices only",
                "parent_app_control_policy_uuid": "abe3a4b7-d723-4022-bf9a-982e8eaf6b2f",
                "policy_event_type": 1,
                "priority": 10,
                "session_filter": {"managed_device": true},
                "status": 2,
                "type": 1,
                "update_time": 1795004100000_i64,
                "updater_display_name": "Priya Raman",
                "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
                "uuid": "c57e3068-3dea-4f0c-ac28-548407b72c5b",
                "workflow_uuid": "7337157d-0b3d-4dce-85f2-0a52a7334983"
            },
            {
                "uuid": "a5c9075f-fe62-4e7a-8f1a-8a70e5950498",
                "name": "Contractors - Jira only",
                "status": 2
            }
        ],
        "resource_urls": ["https://acme.okta.com/api/v1/logs"],
        "success": true
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/connector-deployments")
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
        .initiate_connector_deployment()
        .send()
        .await;

    assert_sent("initiate_connector_deployment", &result);
    mock.assert_async().await;
    let initiate_connector_deployment = decoded("initiate_connector_deployment", result);
    assert_decoded(
        "initiate_connector_deployment",
        &initiate_connector_deployment,
        &response,
    );
    assert_no_unknown_fields(
        "initiate_connector_deployment",
        "$",
        [&initiate_connector_deployment.extra],
    );
    assert_no_unknown_fields(
        "initiate_connector_deployment",
        "$.accesses",
        initiate_connector_deployment
            .accesses
            .iter()
            .map(|item| &item.extra),
    );
    assert_no_unknown_fields(
        "initiate_connector_deployment",
        "$.apps",
        initiate_connector_deployment
            .apps
            .iter()
            .map(|item| &item.extra),
    );
    assert_no_unknown_fields(
        "initiate_connector_deployment",
        "$.connector",
        initiate_connector_deployment
            .connector
            .iter()
            .map(|item| &item.extra),
    );
    assert_no_unknown_fields(
        "initiate_connector_deployment",
        "$.policies",
        initiate_connector_deployment
            .policies
            .iter()
            .map(|item| &item.extra),
    );
    assert_eq!(
        initiate_connector_deployment.accesses.len(),
        2,
        "initiate_connector_deployment: accesses"
    );
    assert_eq!(
        initiate_connector_deployment.accesses[0].uuid.as_deref(),
        Some("839ca886-698d-4e34-bfca-5f67a0e6ab1c"),
        "initiate_connector_deployment: accesses[0].uuid"
    );
}

/// Check where a connector should be deployed to get access to a given app: `GET /api/v1/connector-deployments/options`.
#[tokio::test]
async fn get_connector_deployment_options() {
    let server = MockServer::start_async().await;
    let response = json!({
        "options": [
            {"region": "us-east-1", "instance_type": "t3.medium"}
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/connector-deployments/options")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_connector_deployment_options()
        .send()
        .await;

    assert_sent("get_connector_deployment_options", &result);
    mock.assert_async().await;
    let connector_deployment_options = decoded("get_connector_deployment_options", result);
    assert_decoded(
        "get_connector_deployment_options",
        &connector_deployment_options,
        &response,
    );
    assert_no_unknown_fields(
        "get_connector_deployment_options",
        "$",
        [&connector_deployment_options.extra],
    );
}
