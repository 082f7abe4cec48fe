//! Contract tests for the `Groups` operations of the Lacework Edge API.

use crate::fixtures;
use contract_tests::{
    LACEWORK_BEARER, WhenExt, assert_decoded, assert_no_unknown_fields, assert_sent, decoded,
    lacework,
};
use httpmock::prelude::*;
use serde_json::json;

/// Query Groups: `GET /api/v1/groups`.
#[tokio::test]
async fn list_groups() {
    let server = MockServer::start_async().await;
    let response = json!({"groups": fixtures::groups()});
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/groups")
                .query_param("status", "ACTIVE,SUSPENDED")
                .query_param("datasource", "11")
                .query_param_total(2)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .list_groups()
        .status("ACTIVE,SUSPENDED")
        .datasource("11")
        .send()
        .await;

    assert_sent("list_groups", &result);
    mock.assert_async().await;
    let page = decoded("list_groups", result);
    assert_decoded("list_groups", &page, &response);
    assert_no_unknown_fields("list_groups", "$", [&page.extra]);
    assert_no_unknown_fields(
        "list_groups",
        "$.groups",
        page.groups.iter().map(|item| &item.extra),
    );
    assert_eq!(page.groups.len(), 2, "list_groups: groups");
    assert_eq!(
        page.groups[0].name.as_deref(),
        Some("Finance"),
        "list_groups: groups[0].name"
    );
}

/// Get the group details: `GET /api/v1/groups/{uuid}`.
#[tokio::test]
async fn get_group() {
    let server = MockServer::start_async().await;
    let response = fixtures::group();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/groups/5d624fd3-a7f9-4da5-820e-e2e3b09e34ff")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .get_group()
        .uuid("5d624fd3-a7f9-4da5-820e-e2e3b09e34ff")
        .send()
        .await;

    assert_sent("get_group", &result);
    mock.assert_async().await;
    let group = decoded("get_group", result);
    assert_decoded("get_group", &group, &response);
    assert_no_unknown_fields("get_group", "$", [&group.extra]);
    assert_eq!(group.name.as_deref(), Some("Finance"), "get_group: name");
    assert_eq!(
        group.uuid.as_deref(),
        Some("5d624fd3-a7f9-4da5-820e-e2e3b09e34ff"),
        "get_group: uuid"
    );
}

/// Update a group: `PATCH /api/v1/groups/{uuid}`.
#[tokio::test]
async fn update_group() {
    let server = MockServer::start_async().await;
    let response = json!({
        "account_name": "acme-corp",
        "attributes_to_delete": ["description"],
        "group": fixtures::group(),
        "uuid": "5d624fd3-a7f9-4da5-820e-e2e3b09e34ff"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/groups/5d624fd3-a7f9-4da5-820e-e2e3b09e34ff")
                .query_param_total(0)
                .header("authorization", LACEWORK_BEARER)
                .header("accept", "application/json")
                .header_missing("api-version")
                .header("content-type", "application/json")
                .json_body(json!({
                    "uuid": "5d624fd3-a7f9-4da5-820e-e2e3b09e34ff",
                    "account_name": "acme-corp",
                    "description": "Finance department (synced from Okta)",
                    "tags": ["finance", "sox"]
                }));
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server)
        .update_group()
        .uuid("5d624fd3-a7f9-4da5-820e-e2e3b09e34ff")
        .body_map(|body| {
            body.uuid("5d624fd3-a7f9-4da5-820e-e2e3b09e34ff".to_owned())
                .account_name("acme-corp".to_owned())
                .description("Finance department (synced from Okta)".to_owned())
                .tags(vec!["finance".to_owned(), "sox".to_owned()])
        })
        .send()
        .await;

    assert_sent("update_group", &result);
    mock.assert_async().await;
    let update_group = decoded("update_group", result);
    assert_decoded("update_group", &update_group, &response);
    assert_no_unknown_fields("update_group", "$", [&update_group.extra]);
    assert_no_unknown_fields(
        "update_group",
        "$.group",
        update_group.group.iter().map(|item| &item.extra),
    );
    assert_eq!(
        update_group.uuid.as_deref(),
        Some("5d624fd3-a7f9-4da5-820e-e2e3b09e34ff"),
        "update_group: uuid"
    );
    assert_eq!(
        update_group.account_name.as_deref(),
        Some("acme-corp"),
        "update_group: account_name"
    );
}
