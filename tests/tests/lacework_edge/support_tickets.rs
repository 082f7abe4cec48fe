//! Contract tests for the `Support Tickets` operations of the Lacework Edge API.

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
    let response = json!({
        "users": [
            {
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
            },
            {
                "uuid": "ab81b6f4-6ae3-4fae-871a-aa2734f17b33",
                "display_name": "Marco Silva",
                "status": 2
            }
        ]
    });
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
