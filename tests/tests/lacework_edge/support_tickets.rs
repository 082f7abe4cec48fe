//! Contract tests for the `Support Tickets` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use serde_json::json;

/// Query Support Tickets: `GET /api/v1/support-tickets`.
#[tokio::test]
async fn list_support_tickets() {
    let server = MockServer::start_async().await;
    let response = json!({"users": fixtures::users()});
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/support-tickets")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).list_support_tickets().send().await;

    assert_sent("list_support_tickets", &result);
    mock.assert_async().await;
    let page = decoded("list_support_tickets", result);
    assert_decoded("list_support_tickets", &page, &response);
    assert_no_unknown_fields("list_support_tickets", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_support_tickets",
        "$.users",
        page.users.iter().map(|item| &item.extra),
    );
    assert_eq!(page.users.len(), 2, "list_support_tickets: users");
    assert_eq!(
        page.users[0].display_name.as_deref(),
        Some("Dana Whitfield"),
        "list_support_tickets: users[0].display_name"
    );
}
