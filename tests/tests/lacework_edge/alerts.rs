//! Contract tests for the `Alerts` operations of the Lacework Edge API.

use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The alert `7c46af57-…` (impossible travel, Lisbon to Singapore) with every `Alert` field
/// set.
fn alert() -> Value {
    json!({
        "account_name": "acme-corp",
        "assignment_time": 1795164300000_i64,
        "closed_time": 1795165800000_i64,
        "create_time": 1792574100000_i64,
        "description": "Logins from Lisbon and Singapore 40 minutes apart",
        "event_type": "impossible_travel",
        "incident_status": 1,
        "owner_display_name": "Priya Raman",
        "owner_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "policy_action_taken": 2,
        "related_entities": {
            "users": ["299920fb-e1bd-4602-82ed-41fa83e51eba"],
            "apps": ["ff24186f-62af-4d20-a547-29cfab19bbe9"]
        },
        "severity": 3,
        "status": 2,
        "update_time": 1795004100000_i64,
        "uuid": "7c46af57-266a-4428-852e-794319d8e696"
    })
}

/// Query open alerts for the account: `GET /api/v1/alerts`.
#[tokio::test]
async fn list_alerts() {
    let server = MockServer::start_async().await;
    let response = json!({
        "alerts": [alert(), {"uuid": "e245d977-620a-465d-b7da-aa90639e2d5c", "status": 2}]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/alerts")
                .query_param("start_time", "1794561300000")
                .query_param("end_time", "1795166100000")
                .query_param("status_filter", "1,2")
                .query_param_total(3)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_alerts()
        .start_time("1794561300000")
        .end_time("1795166100000")
        .status_filter("1,2")
        .send()
        .await;

    assert_sent("list_alerts", &result);
    mock.assert_async().await;
    let page = decoded("list_alerts", result);
    assert_decoded("list_alerts", &page, &response);
    assert_no_unknown_fields("list_alerts", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_alerts",
        "$.alerts",
        page.alerts.iter().map(|item| &item.extra),
    );
    assert_eq!(page.alerts.len(), 2, "list_alerts: alerts");
    assert_eq!(
        page.alerts[0].uuid.as_deref(),
        Some("7c46af57-266a-4428-852e-794319d8e696"),
        "list_alerts: alerts[0].uuid"
    );
}

/// Promotes an event to an alert (adds investigation state): `POST /api/v1/alerts/promote`.
#[tokio::test]
async fn promote_event_to_alert() {
    let server = MockServer::start_async().await;
    let response = alert();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/alerts/promote")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "bypass_notifications": false,
                    "end_time": 1795166100000_i64,
                    "event_id": "evt_01JDQ4Z8K6W3N2M9P5R7T1V3X5",
                    "force_notifications": true,
                    "start_time": 1795158900000_i64
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .promote_event_to_alert()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .bypass_notifications(false)
                .end_time(1795166100000_i64)
                .event_id("evt_01JDQ4Z8K6W3N2M9P5R7T1V3X5".to_owned())
                .force_notifications(true)
                .start_time(1795158900000_i64)
        })
        .send()
        .await;

    assert_sent("promote_event_to_alert", &result);
    mock.assert_async().await;
    let alert = decoded("promote_event_to_alert", result);
    assert_decoded("promote_event_to_alert", &alert, &response);
    assert_no_unknown_fields("promote_event_to_alert", "$", [&alert.extra]);
    assert_eq!(
        alert.uuid.as_deref(),
        Some("7c46af57-266a-4428-852e-794319d8e696"),
        "promote_event_to_alert: uuid"
    );
    assert_eq!(
        alert.account_name.as_deref(),
        Some("acme-corp"),
        "promote_event_to_alert: account_name"
    );
}

/// Get a single alert by its ID: `GET /api/v1/alerts/{uuid}`.
#[tokio::test]
async fn get_alert() {
    let server = MockServer::start_async().await;
    let response = alert();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/alerts/7c46af57-266a-4428-852e-794319d8e696")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_alert()
        .uuid("7c46af57-266a-4428-852e-794319d8e696")
        .send()
        .await;

    assert_sent("get_alert", &result);
    mock.assert_async().await;
    let alert = decoded("get_alert", result);
    assert_decoded("get_alert", &alert, &response);
    assert_no_unknown_fields("get_alert", "$", [&alert.extra]);
    assert_eq!(
        alert.uuid.as_deref(),
        Some("7c46af57-266a-4428-852e-794319d8e696"),
        "get_alert: uuid"
    );
    assert_eq!(
        alert.account_name.as_deref(),
        Some("acme-corp"),
        "get_alert: account_name"
    );
}

/// Get the history of investigation actions taken for an alert: `GET /api/v1/alerts/{uuid}/investigation-actions`.
#[tokio::test]
async fn list_alert_investigation_actions() {
    let server = MockServer::start_async().await;
    let response = json!({
        "investigation_actions": [
            {
                "action": "close_as_false_positive",
                "display_name": "Close as false positive"
            },
            {"action": "suspend_user", "display_name": "Suspend user"}
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/alerts/7c46af57-266a-4428-852e-794319d8e696/investigation-actions")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_alert_investigation_actions()
        .uuid("7c46af57-266a-4428-852e-794319d8e696")
        .send()
        .await;

    assert_sent("list_alert_investigation_actions", &result);
    mock.assert_async().await;
    let page = decoded("list_alert_investigation_actions", result);
    assert_decoded("list_alert_investigation_actions", &page, &response);
    assert_no_unknown_fields("list_alert_investigation_actions", "$", [&page.extra]);
}

/// Perform an investigation action on the specified alert: `POST /api/v1/alerts/{uuid}/investigation-actions`.
#[tokio::test]
async fn perform_alert_investigation_action() {
    let server = MockServer::start_async().await;
    let response = json!({
        "alert_update_time": 1795162500000_i64,
        "alert_uuid": "7c46af57-266a-4428-852e-794319d8e696",
        "history_item": {"action": "shared", "time": 1794906900000_i64}
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/alerts/7c46af57-266a-4428-852e-794319d8e696/investigation-actions")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "action": {
                        "type": "close_as_false_positive",
                        "comment": "Travel confirmed with the user"
                    },
                    "actor_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
                    "alert_update_time": 1795162500000_i64,
                    "alert_uuid": "7c46af57-266a-4428-852e-794319d8e696"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .perform_alert_investigation_action()
        .uuid("7c46af57-266a-4428-852e-794319d8e696")
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .action(from_json::<types::InvestigationAction>(json!({
                    "type": "close_as_false_positive",
                    "comment": "Travel confirmed with the user"
                })))
                .actor_uuid("443dadc4-3330-493b-841c-30d47bda8bc9".to_owned())
                .alert_update_time(1795162500000_i64)
                .alert_uuid("7c46af57-266a-4428-852e-794319d8e696".to_owned())
        })
        .send()
        .await;

    assert_sent("perform_alert_investigation_action", &result);
    mock.assert_async().await;
    let perform_alert_investigation_action = decoded("perform_alert_investigation_action", result);
    assert_decoded(
        "perform_alert_investigation_action",
        &perform_alert_investigation_action,
        &response,
    );
    assert_no_unknown_fields(
        "perform_alert_investigation_action",
        "$",
        [&perform_alert_investigation_action.extra],
    );
}

/// Perform multiple investigation actions on the specified alerts: `POST /api/v1/alerts/investigation-actions`.
#[tokio::test]
async fn perform_alert_investigation_actions() {
    let server = MockServer::start_async().await;
    let response = json!({
        "responses": [
            {
                "alert_uuid": "7c46af57-266a-4428-852e-794319d8e696",
                "success": true
            },
            {
                "alert_uuid": "e245d977-620a-465d-b7da-aa90639e2d5c",
                "success": true
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/alerts/investigation-actions")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "investigation_actions": [
                        {
                            "alert_uuid": "7c46af57-266a-4428-852e-794319d8e696",
                            "action": {"type": "close_as_false_positive"}
                        }
                    ]
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .perform_alert_investigation_actions()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .investigation_actions(vec![from_json::<types::PerformInvestigationActionRequest>(
                    json!({
                        "alert_uuid": "7c46af57-266a-4428-852e-794319d8e696",
                        "action": {"type": "close_as_false_positive"}
                    }),
                )])
        })
        .send()
        .await;

    assert_sent("perform_alert_investigation_actions", &result);
    mock.assert_async().await;
    let perform_alert_investigation_actions =
        decoded("perform_alert_investigation_actions", result);
    assert_decoded(
        "perform_alert_investigation_actions",
        &perform_alert_investigation_actions,
        &response,
    );
    assert_no_unknown_fields(
        "perform_alert_investigation_actions",
        "$",
        [&perform_alert_investigation_actions.extra],
    );
}
