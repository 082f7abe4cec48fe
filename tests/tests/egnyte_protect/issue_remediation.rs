//! Contract tests for the `Issue Remediation` operations of the Egnyte Secure and Govern API.

use contract_tests::{EGNYTE_BEARER, WhenExt, assert_sent, decoded, egnyte};
use egnyte_protect_client::types;
use httpmock::prelude::*;
use serde_json::json;

/// Resolve or Dismiss open issues: `POST /v1/issues/{id}/remediation` (no response body).
#[tokio::test]
async fn remediate_issue() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/issues/4712/remediation")
                .query_param_total(0)
                .header("authorization", EGNYTE_BEARER)
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "issueStatus": "RESOLVED",
                    "fixingMethod": "DISABLE_USER_ACCOUNT"
                }));
            // The page's sample: an empty JSON string, which the client does not read.
            then.status(200)
                .header("content-type", "application/json")
                .body(r#""""#);
        })
        .await;

    let result = egnyte(&server)
        .remediate_issue()
        .id(4712)
        .body_map(|body| {
            body.issue_status(types::RemediateIssueRequestIssueStatus::Resolved)
                .fixing_method(types::RemediateIssueRequestFixingMethod::DisableUserAccount)
        })
        .send()
        .await;

    assert_sent("remediate_issue", &result);
    mock.assert_async().await;
    decoded("remediate_issue", result);
}
