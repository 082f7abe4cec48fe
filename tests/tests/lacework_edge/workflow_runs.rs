//! Contract tests for the `Workflow Runs` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework, raw,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The run `9c171d12-…` of the workflow "Just-in-time production access" with every
/// `WorkflowRun` field set.
fn workflow_run() -> Value {
    json!({
        "account_name": "acme-corp",
        "actions": fixtures::workflow_actions(),
        "answer_index": "0",
        "answers": fixtures::workflow_answers(),
        "app_host": "prod-db.internal.example.com",
        "app_port": 5432,
        "app_protocol": "tcp",
        "app_url": "https://payroll.internal.example.com/",
        "app_uuid": "ff24186f-62af-4d20-a547-29cfab19bbe9",
        "approval_ttl_sec": 3600,
        "approver_display_name": "Priya Raman",
        "approver_justification": "Approved for the incident window",
        "approver_text": "Approve production access for Dana Whitfield?",
        "approver_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "can_user_approve": false,
        "client_geoip_location": {
            "country": "US",
            "city": "San Francisco",
            "lat": 37.77,
            "lon": -122.42
        },
        "client_ip": "203.0.113.24",
        "create_time": 1792574100000_i64,
        "details": {"reason": "manager approval", "ticket": "INC-4821"},
        "device_details": [
            {"os": "macOS", "os_version": "15.1", "is_managed": true}
        ],
        "device_uuid": "e93ba5be-016c-421c-a584-566bd5db3bf7",
        "execution_ttl_sec": 14400,
        "expire_time_sec": 1802942100,
        "geoip_details": [
            {
                "ip": "203.0.113.24",
                "country": "US",
                "city": "San Francisco"
            }
        ],
        "justification": "Investigating INC-4821 (failed payroll batch)",
        "justification_required": true,
        "mfa_details": {"method": "totp", "verified": true},
        "parent_uuid": "0325edff-ee67-4814-a807-0eb01d68da90",
        "policy_uuid": "c57e3068-3dea-4f0c-ac28-548407b72c5b",
        "recipients": ["soc@example.com", "it-oncall@example.com"],
        "requestor_justification": "Investigating INC-4821 (failed payroll batch)",
        "requestor_justification_required": true,
        "requestor_text": "Why do you need access?",
        "session_uuid": "169dfac7-7cf0-42dd-b0f1-63a0619c8745",
        "status": 2,
        "tags": ["finance", "sox"],
        "text": "Dana Whitfield requests access to prod-db for 4 hours",
        "token": 492817,
        "token_required": false,
        "top_uuid": "0325edff-ee67-4814-a807-0eb01d68da90",
        "update_time": 1795004100000_i64,
        "user_display_name": "Dana Whitfield",
        "user_uuid": "299920fb-e1bd-4602-82ed-41fa83e51eba",
        "uuid": "9c171d12-8e37-47c5-910c-675615d946b4",
        "webapp": "pgadmin",
        "workflow_name": "Just-in-time production access",
        "workflow_uuid": "7337157d-0b3d-4dce-85f2-0a52a7334983"
    })
}

/// Query WorkflowRuns: `GET /api/v1/workflow-runs`.
#[tokio::test]
async fn list_workflow_runs() {
    let server = MockServer::start_async().await;
    let response = json!({
        "workflow_runs": [
            workflow_run(),
            {
                "uuid": "ae0a29b4-8f70-45a9-a3fe-696a84c5c0d6",
                "status": 2
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/workflow-runs")
                .query_param("status", "PENDING")
                .query_param("workflow_uuid", "7337157d-0b3d-4dce-85f2-0a52a7334983")
                .query_param("user_uuid", "299920fb-e1bd-4602-82ed-41fa83e51eba")
                .query_param("app_protocol", "tcp")
                .query_param("app_host", "prod-db.internal.example.com")
                .query_param("app_port", "5432")
                .query_param("app_uuid", "ff24186f-62af-4d20-a547-29cfab19bbe9")
                .query_param_total(7)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_workflow_runs()
        .status(types::ListWorkflowRunsStatus::Pending)
        .workflow_uuid("7337157d-0b3d-4dce-85f2-0a52a7334983")
        .user_uuid("299920fb-e1bd-4602-82ed-41fa83e51eba")
        .app_protocol("tcp")
        .app_host("prod-db.internal.example.com")
        .app_port("5432")
        .app_uuid("ff24186f-62af-4d20-a547-29cfab19bbe9")
        .send()
        .await;

    assert_sent("list_workflow_runs", &result);
    mock.assert_async().await;
    let page = decoded("list_workflow_runs", result);
    assert_decoded("list_workflow_runs", &page, &response);
    assert_no_unknown_fields("list_workflow_runs", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_workflow_runs",
        "$.workflow_runs",
        page.workflow_runs.iter().map(|item| &item.extra),
    );
    assert_eq!(
        page.workflow_runs.len(),
        2,
        "list_workflow_runs: workflow_runs"
    );
    assert_eq!(
        page.workflow_runs[0].uuid.as_deref(),
        Some("9c171d12-8e37-47c5-910c-675615d946b4"),
        "list_workflow_runs: workflow_runs[0].uuid"
    );
}

/// Create workflow run: `POST /api/v1/workflow-runs`.
#[tokio::test]
async fn create_workflow_run() {
    let server = MockServer::start_async().await;
    let response = workflow_run();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/workflow-runs")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "execute_now": true,
                    "parent_workflow_run_uuid": "0325edff-ee67-4814-a807-0eb01d68da90",
                    "workflow_run": {
                        "workflow_uuid": "7337157d-0b3d-4dce-85f2-0a52a7334983",
                        "app_uuid": "ff24186f-62af-4d20-a547-29cfab19bbe9",
                        "justification": "Investigating INC-4821"
                    }
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_workflow_run()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .execute_now(true)
                .parent_workflow_run_uuid("0325edff-ee67-4814-a807-0eb01d68da90".to_owned())
                .workflow_run(raw(json!({
                    "workflow_uuid": "7337157d-0b3d-4dce-85f2-0a52a7334983",
                    "app_uuid": "ff24186f-62af-4d20-a547-29cfab19bbe9",
                    "justification": "Investigating INC-4821"
                })))
        })
        .send()
        .await;

    assert_sent("create_workflow_run", &result);
    mock.assert_async().await;
    let workflow_run = decoded("create_workflow_run", result);
    assert_decoded("create_workflow_run", &workflow_run, &response);
    assert_no_unknown_fields("create_workflow_run", "$", [&workflow_run.extra]);
    assert_eq!(
        workflow_run.uuid.as_deref(),
        Some("9c171d12-8e37-47c5-910c-675615d946b4"),
        "create_workflow_run: uuid"
    );
    assert_eq!(
        workflow_run.account_name.as_deref(),
        Some("acme-corp"),
        "create_workflow_run: account_name"
    );
}

/// Delete a workflow run: `DELETE /api/v1/workflow-runs/{uuid}`.
#[tokio::test]
async fn delete_workflow_run() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/workflow-runs/9c171d12-8e37-47c5-910c-675615d946b4")
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
        .delete_workflow_run()
        .uuid("9c171d12-8e37-47c5-910c-675615d946b4")
        .send()
        .await;

    assert_sent("delete_workflow_run", &result);
    mock.assert_async().await;
    let body = decoded("delete_workflow_run", result);
    assert_decoded("delete_workflow_run", &body, &response);
    assert!(
        body.is_empty(),
        "delete_workflow_run: expected an empty object, got {body:?}"
    );
}

/// Get the workflow run details: `GET /api/v1/workflow-runs/{uuid}`.
#[tokio::test]
async fn get_workflow_run() {
    let server = MockServer::start_async().await;
    let response = workflow_run();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/workflow-runs/9c171d12-8e37-47c5-910c-675615d946b4")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_workflow_run()
        .uuid("9c171d12-8e37-47c5-910c-675615d946b4")
        .send()
        .await;

    assert_sent("get_workflow_run", &result);
    mock.assert_async().await;
    let workflow_run = decoded("get_workflow_run", result);
    assert_decoded("get_workflow_run", &workflow_run, &response);
    assert_no_unknown_fields("get_workflow_run", "$", [&workflow_run.extra]);
    assert_eq!(
        workflow_run.uuid.as_deref(),
        Some("9c171d12-8e37-47c5-910c-675615d946b4"),
        "get_workflow_run: uuid"
    );
    assert_eq!(
        workflow_run.account_name.as_deref(),
        Some("acme-corp"),
        "get_workflow_run: account_name"
    );
}

/// Answer the Workflow Run: `POST /api/v1/workflow-runs/{uuid}/answer`.
#[tokio::test]
async fn answer_workflow_run() {
    let server = MockServer::start_async().await;
    let response = workflow_run();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/workflow-runs/9c171d12-8e37-47c5-910c-675615d946b4/answer")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "answer_index": "0",
                    "justification": "Investigating INC-4821 (failed payroll batch)",
                    "mfa_passcode": "492817",
                    "token": 492817,
                    "uuid": "9c171d12-8e37-47c5-910c-675615d946b4"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .answer_workflow_run()
        .uuid("9c171d12-8e37-47c5-910c-675615d946b4")
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .answer_index("0".to_owned())
                .justification("Investigating INC-4821 (failed payroll batch)".to_owned())
                .mfa_passcode("492817".to_owned())
                .token(492817_i64)
                .uuid("9c171d12-8e37-47c5-910c-675615d946b4".to_owned())
        })
        .send()
        .await;

    assert_sent("answer_workflow_run", &result);
    mock.assert_async().await;
    let workflow_run = decoded("answer_workflow_run", result);
    assert_decoded("answer_workflow_run", &workflow_run, &response);
    assert_no_unknown_fields("answer_workflow_run", "$", [&workflow_run.extra]);
    assert_eq!(
        workflow_run.uuid.as_deref(),
        Some("9c171d12-8e37-47c5-910c-675615d946b4"),
        "answer_workflow_run: uuid"
    );
    assert_eq!(
        workflow_run.account_name.as_deref(),
        Some("acme-corp"),
        "answer_workflow_run: account_name"
    );
}

/// Execute the Workflow Run: `POST /api/v1/workflow-runs/{uuid}/execute`.
#[tokio::test]
async fn execute_workflow_run() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/workflow-runs/9c171d12-8e37-47c5-910c-675615d946b4/execute")
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
        .execute_workflow_run()
        .uuid("9c171d12-8e37-47c5-910c-675615d946b4")
        .send()
        .await;

    assert_sent("execute_workflow_run", &result);
    mock.assert_async().await;
    let body = decoded("execute_workflow_run", result);
    assert_decoded("execute_workflow_run", &body, &response);
    assert!(
        body.is_empty(),
        "execute_workflow_run: expected an empty object, got {body:?}"
    );
}

/// Issue MFA for the workflow run: `POST /api/v1/workflow-runs/{uuid}/issue-mfa`.
#[tokio::test]
async fn issue_workflow_run_mfa() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/workflow-runs/9c171d12-8e37-47c5-910c-675615d946b4/issue-mfa")
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
        .issue_workflow_run_mfa()
        .uuid("9c171d12-8e37-47c5-910c-675615d946b4")
        .send()
        .await;

    assert_sent("issue_workflow_run_mfa", &result);
    mock.assert_async().await;
    let body = decoded("issue_workflow_run_mfa", result);
    assert_decoded("issue_workflow_run_mfa", &body, &response);
    assert!(
        body.is_empty(),
        "issue_workflow_run_mfa: expected an empty object, got {body:?}"
    );
}
