//! Response samples shared by the tests of several tags: the same resource (an app, a user, a
//! policy …) is what its own operations return and also what other operations embed (e.g.
//! `list_accesses` returns the apps, groups and users an access refers to). Each function
//! returns a fresh `serde_json::Value`; a test that needs a variant changes its own copy.

use serde_json::{Value, json};

/// The app "Payroll Portal" (`ff24186f-…`) with every `App` field set, as the server
/// returns it.
pub(crate) fn app() -> Value {
    json!({
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
    })
}

/// The `apps` of a listing: [`app`] in full and "Expense Reports" (`f20d9f29-…`) in brief.
pub(crate) fn apps() -> Value {
    json!([
        app(),
        {
            "uuid": "f20d9f29-8ea6-45d1-92c0-39a5923f1dfd",
            "name": "Expense Reports",
            "status": 2
        }
    ])
}

/// The access "Contractors to Jira" (`839ca886-…`) with every `Access` field set.
pub(crate) fn access() -> Value {
    json!({
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
    })
}

/// The `accesses` of a listing: [`access`] in full and a second access in brief.
pub(crate) fn accesses() -> Value {
    json!([access(), {"uuid": "89adba6a-81a9-440c-a6f4-4151752e1c93", "status": 2}])
}

/// The group "Finance" (`5d624fd3-…`) with every `Group` field set.
pub(crate) fn group() -> Value {
    json!({
        "account_name": "acme-corp",
        "create_time": 1792574100000_i64,
        "data_source": 11,
        "description": "Finance department (synced from Okta)",
        "integration_id": "42238b8b-ebf7-4568-b8da-735ba055d4f0",
        "membership_update_time": 1795083300000_i64,
        "name": "Finance",
        "profile_update_time": 1795083300000_i64,
        "status": 2,
        "sub_group_count": 2,
        "tags": ["finance", "sox"],
        "update_time": 1795004100000_i64,
        "user_count": 42,
        "uuid": "5d624fd3-a7f9-4da5-820e-e2e3b09e34ff"
    })
}

/// The `groups` of a listing: [`group`] in full and "Contractors" (`35d196c7-…`) in brief.
pub(crate) fn groups() -> Value {
    json!([
        group(),
        {
            "uuid": "35d196c7-18f4-44e4-b08f-b6393cfcf316",
            "name": "Contractors",
            "status": 2
        }
    ])
}

/// The user "Dana Whitfield" (`299920fb-…`) with every `User` field set.
pub(crate) fn user() -> Value {
    json!({
        "account_name": "acme-corp",
        "create_time": 1792574100000_i64,
        "data_source": 11,
        "display_name": "Dana Whitfield",
        "idp_mfa_status": 1,
        "integration_id": "42238b8b-ebf7-4568-b8da-735ba055d4f0",
        "integration_to_source_user_id": {
            "42238b8b-ebf7-4568-b8da-735ba055d4f0": "00u8f2k3l9QxYz4Ab5d7"
        },
        "location": "San Francisco, US",
        "mfa_encrypted_secret": "enc:v1:Zm9vYmFyYmF6cXV4",
        "mfa_status": 1,
        "record_update_time": 1795004100000_i64,
        "role": 2,
        "source_user_id": "00u8f2k3l9QxYz4Ab5d7",
        "status": 2,
        "tags": ["finance", "sox"],
        "update_time": 1795004100000_i64,
        "uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba"
    })
}

/// The `users` of a listing: [`user`] in full and "Marco Silva" (`ab81b6f4-…`) in brief.
pub(crate) fn users() -> Value {
    json!([
        user(),
        {
            "uuid": "ab81b6f4-6ae3-4fae-871a-aa2734f17b33",
            "display_name": "Marco Silva",
            "status": 2
        }
    ])
}

/// Dana's MacBook Pro (`5a0c5122-…`), a device of [`user`], with every `UserDevice` field set.
pub(crate) fn user_device() -> Value {
    json!({
        "account_name": "acme-corp",
        "browser": "Chrome",
        "browser_version": "131.0.6778.86",
        "certificate": ["MIIBszCCAVmgAwIBAgIUR0Y4bWVjb3JwLXJvb3QtY2EtMjAyNjAK"],
        "create_time": 1792574100000_i64,
        "data_source": 11,
        "display_name": "Dana's MacBook Pro",
        "eg_version": "4.12.3",
        "is_managed": true,
        "is_managed_verification_done": true,
        "normalized_id": "macos-c02fj1abmd6m",
        "os": "macOS",
        "os_version": "15.1",
        "platform_uuid": "C02FJ1ABMD6M",
        "posture": {
            "disk_encryption": true,
            "firewall": true,
            "edr_running": true
        },
        "private_key_encrypted": "enc:v1:cHJpdmF0ZS1rZXktYnl0ZXM=",
        "properties": {"model": "MacBookPro18,3", "hostname": "dana-mbp"},
        "public_key": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE4x9Vq3N2hFzY8dJc\n-----END PUBLIC KEY-----\n",
        "serial_number": "C02FJ1ABMD6M",
        "status": 2,
        "tags": ["finance", "sox"],
        "time_id": {
            "id": "2b073f48-5d8b-4901-b975-dfe5742f8d43",
            "created": 1795166100000_i64
        },
        "update_time": 1795004100000_i64,
        "user_display_name": "Dana Whitfield",
        "user_uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba",
        "uuid": "5a0c5122-2c23-4861-b684-cd00d7c35c48"
    })
}

/// The connector "aws-use1-connector" (`c058e4b0-…`) with every `Connector` field set.
pub(crate) fn connector() -> Value {
    json!({
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
    })
}

/// The policy "Finance apps - managed devices only" (`c57e3068-…`) with every `Policy` field
/// set.
pub(crate) fn policy() -> Value {
    json!({
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
    })
}

/// The `policies` of a listing: [`policy`] in full and "Contractors - Jira only"
/// (`a5c9075f-…`) in brief.
pub(crate) fn policies() -> Value {
    json!([
        policy(),
        {
            "uuid": "a5c9075f-fe62-4e7a-8f1a-8a70e5950498",
            "name": "Contractors - Jira only",
            "status": 2
        }
    ])
}

/// The client config "Default macOS and Windows clients" (`c9503d9d-…`) with every
/// `ClientConfig` field set.
pub(crate) fn client_config() -> Value {
    json!({
        "account_name": "acme-corp",
        "browser_performance_inspection": 1,
        "browser_performance_inspection_domains": ["payroll.internal.example.com"],
        "browser_request_inspection": 1,
        "client_ca_uuid": "56b1dfb8-c5ed-4d09-b096-7c6593e9c657",
        "client_use_eg_upstream_dns": 1,
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "description": "Always-on VPN with transparent SSO",
        "disconnect_allowed": 1,
        "disconnect_interval_minutes": ["15", "60"],
        "disconnect_justification_required": 1,
        "dns_search_domains": ["internal.example.com", "corp.example.com"],
        "enable_always_on_vpn": 1,
        "enable_auto_updates": 1,
        "enable_browser_proxy": 1,
        "enable_guest_user_mode": 1,
        "enable_manual_updates": 1,
        "enable_sensor_data": 1,
        "enable_transparent_proxy": 1,
        "enable_transparent_sso": 1,
        "filter_selector_display_names": {"group:5d624fd3-a7f9-4da5-820e-e2e3b09e34ff": "Finance"},
        "guest_user_api_token": "gut_7c1e9a3f5b2d4e6a",
        "installer_cert_thumbprint": "3F:9A:1C:7E:55:02:B8:4D:19:E6:AA:70:C3:21:8F:0B:6D:94:E2:17",
        "log_level": 2,
        "mac_install_root_ca": 1,
        "name": "Default macOS and Windows clients",
        "policy_location": "us-east-1",
        "post_login_redirect_url": "https://intranet.example.com/welcome",
        "priority": 10,
        "proxy_exclusion_domains": ["zoom.us", "teams.microsoft.com"],
        "session_filter": {"managed_device": true},
        "session_refresh_interval_hours": 12,
        "should_fail_open": 1,
        "show_cellular_confirmation": 1,
        "show_popover_automatically": 1,
        "status": 2,
        "update_channels": ["stable"],
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "c9503d9d-c8e6-4cff-812b-f0bcde848346",
        "wifi_only_if_location_permission": 1,
        "windows_install_per_device_root_ca": 1
    })
}

/// The API token "siem-export" (`7dbeba2a-…`) with every `Token` field set.
pub(crate) fn token() -> Value {
    json!({
        "account_location": "us-east-1",
        "account_name": "acme-corp",
        "account_shard": "us-east-1-shard-2",
        "account_uuid": "d6ac66e2-1fbc-4473-b0d7-4e9003923f5b",
        "algo": "HS256",
        "backend_shard": "us-east-1-shard-2",
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_role": 1,
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "description": "API token for the Splunk add-on",
        "expire_time_sec": 1802942100,
        "login_url": "https://app.edge-guardian.io/login/acme-corp",
        "name": "siem-export",
        "secret": "lw_edge_5f3c9a7e1b2d4c6e8a0f1b3d5c7e9a1b",
        "status": 2,
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "7dbeba2a-aac7-4c19-a33b-c60c393839ba",
        "view_pii_log_only": false
    })
}

/// The actions of the workflow "Just-in-time production access": grant 4 hours of access to
/// [`app`].
pub(crate) fn workflow_actions() -> Value {
    json!([
        {
            "type": "grant_access",
            "app_uuid": "ff24186f-62af-4d20-a547-29cfab19bbe9",
            "duration_sec": 14400
        }
    ])
}

/// The answers of the workflow "Just-in-time production access": approve (grant access) or
/// deny.
pub(crate) fn workflow_answers() -> Value {
    json!([
        {
            "text": "Approve",
            "actions": [
                {"type": "grant_access"}
            ]
        },
        {
            "text": "Deny",
            "actions": []
        }
    ])
}
