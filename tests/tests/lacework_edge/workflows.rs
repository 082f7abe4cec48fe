//! Contract tests for the `Workflows` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    from_json, lacework,
};
use httpmock::prelude::*;
use lacework_edge_client::types;
use serde_json::{Value, json};

/// The workflow "Just-in-time production access" (`7337157d-…`) with every `Workflow` field
/// set.
fn workflow() -> Value {
    json!({
        "account_name": "acme-corp",
        "actions": fixtures::workflow_actions(),
        "answers": fixtures::workflow_answers(),
        "approval_ttl_sec": 3600,
        "approver_text_template": "Approve {{app}} access for {{user}}?",
        "create_time": 1792574100000_i64,
        "creator_display_name": "Priya Raman",
        "creator_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "default_answer_index": "1",
        "description": "Manager approval for 4 hours of production access",
        "execution_ttl_sec": 14400,
        "justification_required": true,
        "name": "Just-in-time production access",
        "recipient_display_names": {
            "soc@example.com": "SOC",
            "it-oncall@example.com": "IT on-call"
        },
        "recipients": ["soc@example.com", "it-oncall@example.com"],
        "requestor_justification_required": true,
        "requestor_text_template": "Why do you need access to {{app}}?",
        "status": 2,
        "text_template": "{{user}} requests access to {{app}} for {{duration}}",
        "title": "Production access request",
        "token_required": false,
        "update_time": 1795004100000_i64,
        "updater_display_name": "Priya Raman",
        "updater_uuid": "443dadc4-3330-493b-841c-30d47bda8bc9",
        "uuid": "7337157d-0b3d-4dce-85f2-0a52a7334983"
    })
}

/// Query Workflows: `GET /api/v1/workflows`.
#[tokio::test]
async fn list_workflows() {
    let server = MockServer::start_async().await;
    let response = json!({
        "workflows": [
            workflow(),
            {
                "uuid": "63cae56d-46da-4692-b47f-cc550373ce6c",
                "name": "Break-glass admin access",
                "status": 2
            }
        ]
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/workflows")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).list_workflows().send().await;

    assert_sent("list_workflows", &result);
    mock.assert_async().await;
    let page = decoded("list_workflows", result);
    assert_decoded("list_workflows", &page, &response);
    assert_no_unknown_fields("list_workflows", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_workflows",
        "$.workflows",
        page.workflows.iter().map(|item| &item.extra),
    );
    assert_eq!(page.workflows.len(), 2, "list_workflows: workflows");
    assert_eq!(
        page.workflows[0].name.as_deref(),
        Some("Just-in-time production access"),
        "list_workflows: workflows[0].name"
    );
}

/// Create a Workflow: `POST /api/v1/workflows`.
#[tokio::test]
async fn create_workflow() {
    let server = MockServer::start_async().await;
    let response = workflow();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/workflows")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "account_name": "acme-corp",
                    "name": "Just-in-time production access",
                    "title": "Production access request",
                    "description": "Manager approval for 4 hours of production access",
                    "text_template": "{{user}} requests access to {{app}} for {{duration}}",
                    "approver_text_template": "Approve {{app}} access for {{user}}?",
                    "requestor_text_template": "Why do you need access to {{app}}?",
                    "requestor_justification_required": true,
                    "approval_ttl_sec": 3600,
                    "execution_ttl_sec": 14400,
                    "recipients": ["soc@example.com", "it-oncall@example.com"],
                    "actions": fixtures::workflow_actions(),
                    "answers": fixtures::workflow_answers(),
                    "default_answer_index": "1"
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .create_workflow()
        .body_map(|body| {
            body.account_name("acme-corp".to_owned())
                .name("Just-in-time production access".to_owned())
                .title("Production access request".to_owned())
                .description("Manager approval for 4 hours of production access".to_owned())
                .text_template("{{user}} requests access to {{app}} for {{duration}}".to_owned())
                .approver_text_template("Approve {{app}} access for {{user}}?".to_owned())
                .requestor_text_template("Why do you need access to {{app}}?".to_owned())
                .requestor_justification_required(true)
                .approval_ttl_sec(3600_i64)
                .execution_ttl_sec(14400_i64)
                .recipients(vec![
                    "soc@example.com".to_owned(),
                    "it-oncall@example.com".to_owned(),
                ])
                .actions(from_json::<Vec<types::WorkflowAction>>(
                    fixtures::workflow_actions(),
                ))
                .answers(from_json::<Vec<types::AnswerActions>>(
                    fixtures::workflow_answers(),
                ))
                .default_answer_index("1".to_owned())
        })
        .send()
        .await;

    assert_sent("create_workflow", &result);
    mock.assert_async().await;
    let workflow = decoded("create_workflow", result);
    assert_decoded("create_workflow", &workflow, &response);
    assert_no_unknown_fields("create_workflow", "$", [&workflow.extra]);
    assert_eq!(
        workflow.name.as_deref(),
        Some("Just-in-time production access"),
        "create_workflow: name"
    );
    assert_eq!(
        workflow.uuid.as_deref(),
        Some("7337157d-0b3d-4dce-85f2-0a52a7334983"),
        "create_workflow: uuid"
    );
}

/// Delete a workflow: `DELETE /api/v1/workflows/{uuid}`.
#[tokio::test]
async fn delete_workflow() {
    let server = MockServer::start_async().await;
    let response = json!({});
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/workflows/7337157d-0b3d-4dce-85f2-0a52a7334983")
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
        .delete_workflow()
        .uuid("7337157d-0b3d-4dce-85f2-0a52a7334983")
        .send()
        .await;

    assert_sent("delete_workflow", &result);
    mock.assert_async().await;
    let body = decoded("delete_workflow", result);
    assert_decoded("delete_workflow", &body, &response);
    assert!(
        body.is_empty(),
        "delete_workflow: expected an empty object, got {body:?}"
    );
}

/// Get the workflow details: `GET /api/v1/workflows/{uuid}`.
#[tokio::test]
async fn get_workflow() {
    let server = MockServer::start_async().await;
    let response = workflow();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/workflows/7337157d-0b3d-4dce-85f2-0a52a7334983")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_workflow()
        .uuid("7337157d-0b3d-4dce-85f2-0a52a7334983")
        .send()
        .await;

    assert_sent("get_workflow", &result);
    mock.assert_async().await;
    let workflow = decoded("get_workflow", result);
    assert_decoded("get_workflow", &workflow, &response);
    assert_no_unknown_fields("get_workflow", "$", [&workflow.extra]);
    assert_eq!(
        workflow.name.as_deref(),
        Some("Just-in-time production access"),
        "get_workflow: name"
    );
    assert_eq!(
        workflow.uuid.as_deref(),
        Some("7337157d-0b3d-4dce-85f2-0a52a7334983"),
        "get_workflow: uuid"
    );
}

/// Update a workflow: `PATCH /api/v1/workflows/{uuid}`.
#[tokio::test]
async fn update_workflow() {
    let server = MockServer::start_async().await;
    let response = workflow();
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/workflows/7337157d-0b3d-4dce-85f2-0a52a7334983")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "uuid": "7337157d-0b3d-4dce-85f2-0a52a7334983",
                    "account_name": "acme-corp",
                    "approval_ttl_sec": 3600,
                    "recipients": ["soc@example.com", "it-oncall@example.com"],
                    "status": 2,
                    "attributes_to_delete": ["description"]
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_workflow()
        .uuid("7337157d-0b3d-4dce-85f2-0a52a7334983")
        .body_map(|body| {
            body.uuid("7337157d-0b3d-4dce-85f2-0a52a7334983".to_owned())
                .account_name("acme-corp".to_owned())
                .approval_ttl_sec(3600_i64)
                .recipients(vec![
                    "soc@example.com".to_owned(),
                    "it-oncall@example.com".to_owned(),
                ])
                .status(types::EnumStatus::ACTIVE)
                .attributes_to_delete(vec!["description".to_owned()])
        })
        .send()
        .await;

    assert_sent("update_workflow", &result);
    mock.assert_async().await;
    let workflow = decoded("update_workflow", result);
    assert_decoded("update_workflow", &workflow, &response);
    assert_no_unknown_fields("update_workflow", "$", [&workflow.extra]);
    assert_eq!(
        workflow.name.as_deref(),
        Some("Just-in-time production access"),
        "update_workflow: name"
    );
    assert_eq!(
        workflow.uuid.as_deref(),
        Some("7337157d-0b3d-4dce-85f2-0a52a7334983"),
        "update_workflow: uuid"
    );
}
