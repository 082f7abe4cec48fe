//! Tolerant decoding: `null` in every kind of optional field, integers written as strings and
//! floats, integer enums by name, unknown enum values and unknown fields. Where a tolerance
//! applies the value decodes and is checked; where none does, the error is exact.

use futures::StreamExt;
use secops_sdk::Error;
use secops_sdk::egnyte_protect_client::types::LegalHoldStatus;
use secops_sdk::lacework_edge_client::types::{CreateTokenRequest, DataSource, EnumStatus};
use secops_sdk::pagination::{FollowCheckpoint, FollowOptions, Paginate};
use secops_sdk::secops_runtime::Category as JsonCategory;
use serde_json::json;

use crate::case;
use crate::server::{Reply, Server, route};
use crate::support::*;

pub fn cases() -> Vec<Case> {
    vec![
        case!(NullFields, egnyte_issue_null_object_field),
        case!(NullFields, egnyte_issue_null_array_field),
        case!(NullFields, egnyte_issue_null_map_fields),
        case!(NullFields, egnyte_issue_null_scalars),
        case!(NullFields, egnyte_user_info_null_array_and_scalars),
        case!(NullFields, egnyte_listing_of_issues_with_nulls),
        case!(NullFields, egnyte_follower_passes_issues_with_nulls),
        case!(NullFields, lacework_app_null_array_fields),
        case!(NullFields, lacework_app_null_map_field),
        case!(NullFields, lacework_app_null_scalars_and_enums),
        case!(NullFields, lacework_list_apps_null_list),
        case!(Numbers, egnyte_issue_integers_as_strings),
        case!(Numbers, egnyte_issue_integers_as_floats),
        case!(Numbers, egnyte_issue_fractional_integer_is_an_error),
        case!(Numbers, egnyte_issue_non_numeric_integer_is_an_error),
        case!(
            Numbers,
            egnyte_listing_item_with_a_non_numeric_id_is_an_item_error
        ),
        case!(Numbers, lacework_app_integers_as_strings_and_floats),
        case!(Numbers, lacework_app_fractional_port_is_an_error),
        case!(Numbers, lacework_app_non_numeric_port_is_an_error),
        case!(Numbers, egnyte_issue_integer_out_of_range_is_an_error),
        case!(
            Numbers,
            lacework_app_float_beyond_exact_integers_is_an_error
        ),
        case!(EnumsAndUnknownFields, lacework_app_status_by_name),
        case!(EnumsAndUnknownFields, lacework_app_status_as_numeric_string),
        case!(
            EnumsAndUnknownFields,
            lacework_app_unknown_status_number_is_kept
        ),
        case!(
            EnumsAndUnknownFields,
            lacework_app_unknown_status_name_is_an_error
        ),
        case!(
            EnumsAndUnknownFields,
            lacework_app_unknown_data_source_is_kept
        ),
        case!(
            EnumsAndUnknownFields,
            egnyte_legal_hold_unknown_status_is_kept
        ),
        case!(
            EnumsAndUnknownFields,
            egnyte_issue_unknown_fields_stay_in_extra
        ),
        case!(
            EnumsAndUnknownFields,
            lacework_app_unknown_fields_stay_in_extra
        ),
        case!(
            EnumsAndUnknownFields,
            lacework_created_token_secret_is_hidden
        ),
        case!(
            EnumsAndUnknownFields,
            lacework_created_token_with_an_odd_field
        ),
    ]
}

const ISSUE: &str = "/api/v1/issues/7";
const ISSUES: &str = "/api/v1/issues";
const UPDATES: &str = "/api/v1/issueupdates";
const USER_INFO: &str = "/api/v1/userinfo";
const HOLD_ID: &str = "5f0c6a4e-0000-4000-8000-000000000012";
const HOLD: &str = "/api/v1/legalholds/5f0c6a4e-0000-4000-8000-000000000012";
const APP: &str = "/api/v1/apps/app-1";
const APPS: &str = "/api/v1/apps";
const TOKENS: &str = "/api/v1/tokens";

/// An Egnyte server answering `get_issue` with `body`.
async fn issue_server(body: serde_json::Value) -> Server {
    Server::start(vec![route(ISSUE, move |request| {
        assert!(
            bearer(request, ACCESS_1),
            "the call carries the access token"
        );
        Reply::json(200, body.clone())
    })])
    .await
}

async fn get_issue(
    server: &Server,
) -> Result<secops_sdk::egnyte_protect_client::types::Issue, Error> {
    egnyte(server)
        .facade
        .client()
        .get_issue()
        .id(7)
        .send()
        .await
        .map(|response| response.into_inner())
        .map_err(Error::from)
}

/// A Lacework server answering TokenLogin and `get_app` with `body`.
async fn app_server(body: serde_json::Value) -> Server {
    Server::start(vec![
        login_route(),
        route(APP, move |request| {
            assert!(bearer(request, JWT_1), "the call carries the JWT");
            Reply::json(200, body.clone())
        }),
    ])
    .await
}

async fn get_app(server: &Server) -> Result<secops_sdk::lacework_edge_client::types::App, Error> {
    lacework(server)
        .facade
        .client()
        .get_app()
        .uuid("app-1")
        .send()
        .await
        .map(|response| response.into_inner())
        .map_err(Error::from)
}

// ----- null -----

async fn egnyte_issue_null_object_field() -> Shown {
    let server = issue_server(json!({"id": 7, "status": "OPEN", "assignee": null})).await;
    let issue = get_issue(&server).await.expect("decodes");
    assert_eq!(issue.id, Some(7));
    assert_eq!(issue.status.as_deref(), Some("OPEN"));
    assert!(issue.assignee.is_none(), "{:?}", issue.assignee);
    let mut shown = Shown::default();
    shown.value("issue", &issue);
    shown
}

async fn egnyte_issue_null_array_field() -> Shown {
    let server = issue_server(json!({"id": 7, "policies": null, "severity": 5})).await;
    let issue = get_issue(&server).await.expect("decodes");
    assert!(issue.policies.is_empty());
    assert_eq!(issue.severity, Some(5));
    let mut shown = Shown::default();
    shown.value("issue", &issue);
    shown
}

async fn egnyte_issue_null_map_fields() -> Shown {
    let server =
        issue_server(json!({"id": 7, "item": null, "violationDetails": null, "type": "PII"})).await;
    let issue = get_issue(&server).await.expect("decodes");
    assert!(issue.item.is_none() && issue.violation_details.is_none());
    assert_eq!(issue.type_.as_deref(), Some("PII"));
    let mut shown = Shown::default();
    shown.value("issue", &issue);
    shown
}

async fn egnyte_issue_null_scalars() -> Shown {
    let server = issue_server(json!({
        "id": 7, "status": null, "severity": null, "updated": null, "detected": null,
        "sourceId": null, "webViewLink": null,
    }))
    .await;
    let issue = get_issue(&server).await.expect("decodes");
    assert_eq!(issue.id, Some(7));
    assert_eq!(
        (issue.status, issue.severity, issue.updated, issue.detected),
        (None, None, None, None)
    );
    assert_eq!((issue.source_id, issue.web_view_link), (None, None));
    assert!(issue.extra.is_empty(), "null fields are not unknown fields");
    Shown::default()
}

async fn egnyte_user_info_null_array_and_scalars() -> Shown {
    let server = Server::start(vec![route(USER_INFO, |_| {
        Reply::json(
            200,
            json!({"clientId": null, "scopes": null, "user": null, "tenant": null}),
        )
    })])
    .await;
    let user = egnyte(&server)
        .facade
        .client()
        .get_user_info()
        .send()
        .await
        .expect("decodes")
        .into_inner();
    assert!(user.scopes.is_empty());
    assert_eq!((user.client_id, user.user, user.tenant), (None, None, None));
    Shown::default()
}

async fn egnyte_listing_of_issues_with_nulls() -> Shown {
    let server = Server::start(vec![route(ISSUES, |request| {
        if request.query.contains("cursor=3") {
            return Reply::json(200, json!({"issues": null, "cursor": null}));
        }
        Reply::json(
            200,
            json!({"issues": [
                {"id": 1, "assignee": null, "policies": null},
                {"id": 2, "item": null, "status": null},
                {"id": 3, "violationDetails": null, "severity": null},
            ], "cursor": 3}),
        )
    })])
    .await;
    let results: Vec<_> = within(
        std::time::Duration::from_secs(5),
        egnyte(&server)
            .facade
            .client()
            .list_issues()
            .count(3)
            .items()
            .collect(),
    )
    .await;
    let ids: Vec<Option<i64>> = results
        .iter()
        .map(|result| result.as_ref().expect("every issue decodes").id)
        .collect();
    assert_eq!(ids, [Some(1), Some(2), Some(3)]);
    assert_eq!(server.count(ISSUES), 2, "a page of null issues ends it");
    Shown::default()
}

async fn egnyte_follower_passes_issues_with_nulls() -> Shown {
    let server = Server::start(vec![route(UPDATES, |_| {
        Reply::json(
            200,
            json!({"issues": [
                {"id": 1, "updated": 1_700_000_000_001_i64, "assignee": null, "policies": null},
                {"id": 2, "updated": 1_700_000_000_002_i64, "item": null, "status": null},
            ], "modifiedAfter": 1_700_000_000_002_i64}),
        )
    })])
    .await;
    let egnyte = egnyte(&server);
    let updates: Vec<_> = within(
        std::time::Duration::from_secs(5),
        egnyte
            .facade
            .follow_issue_updates(FollowCheckpoint::default(), FollowOptions::default())
            .take(2)
            .collect(),
    )
    .await;
    let ids: Vec<Option<i64>> = updates
        .iter()
        .map(|update| update.as_ref().expect("every update decodes").issue.id)
        .collect();
    assert_eq!(ids, [Some(1), Some(2)]);
    let last = updates[1].as_ref().unwrap();
    assert_eq!(
        last.checkpoint.modified_after(),
        Some(1_700_000_000_002),
        "the checkpoint moves past issues with nulls"
    );
    Shown::default()
}

async fn lacework_app_null_array_fields() -> Shown {
    let server = app_server(
        json!({"uuid": "app-1", "tags": null, "refs": null, "protocols": null, "tcp_ports": null}),
    )
    .await;
    let app = get_app(&server).await.expect("decodes");
    assert_eq!(app.uuid.as_deref(), Some("app-1"));
    assert!(app.tags.is_empty() && app.refs.is_empty() && app.protocols.is_empty());
    assert!(app.tcp_ports.is_empty());
    let mut shown = Shown::default();
    shown.value("app", &app);
    shown
}

async fn lacework_app_null_map_field() -> Shown {
    let server = app_server(json!({"uuid": "app-1", "ref_display_names": null})).await;
    let app = get_app(&server).await.expect("decodes");
    assert!(app.ref_display_names.is_none());
    Shown::default()
}

async fn lacework_app_null_scalars_and_enums() -> Shown {
    let server = app_server(json!({
        "uuid": "app-1", "name": null, "port": null, "create_time": null,
        "status": null, "data_source": null, "verify_server_cert": null,
    }))
    .await;
    let app = get_app(&server).await.expect("decodes");
    assert_eq!((app.name, app.port, app.create_time), (None, None, None));
    assert_eq!((app.status, app.data_source), (None, None));
    assert_eq!(app.verify_server_cert, None);
    Shown::default()
}

async fn lacework_list_apps_null_list() -> Shown {
    let server = Server::start(vec![
        login_route(),
        route(APPS, |_| Reply::json(200, json!({"apps": null}))),
    ])
    .await;
    let apps = lacework(&server)
        .facade
        .client()
        .list_apps()
        .send()
        .await
        .expect("decodes")
        .into_inner();
    assert!(apps.apps.is_empty());
    Shown::default()
}

// ----- numbers -----

async fn egnyte_issue_integers_as_strings() -> Shown {
    let server = issue_server(
        json!({"id": "7", "severity": "5", "updated": "1700000000123", "detected": "-3"}),
    )
    .await;
    let issue = get_issue(&server).await.expect("decodes");
    assert_eq!(issue.id, Some(7));
    assert_eq!(issue.severity, Some(5));
    assert_eq!(issue.updated, Some(1_700_000_000_123));
    assert_eq!(issue.detected, Some(-3));
    Shown::default()
}

async fn egnyte_issue_integers_as_floats() -> Shown {
    let server =
        issue_server(json!({"id": 7.0, "severity": 5.0, "updated": 1.7e12, "detected": -0.0}))
            .await;
    let issue = get_issue(&server).await.expect("decodes");
    assert_eq!(issue.id, Some(7));
    assert_eq!(issue.severity, Some(5));
    assert_eq!(issue.updated, Some(1_700_000_000_000));
    assert_eq!(issue.detected, Some(0));
    Shown::default()
}

async fn egnyte_issue_fractional_integer_is_an_error() -> Shown {
    let server = issue_server(json!({"id": 7, "severity": 5.5, "apiToken": BODY_TOKEN})).await;
    let error = get_issue(&server).await.expect_err("5.5 is no integer");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/InvalidPayload",
        Some(200),
        "get_issue",
    );
    let payload = payload(&error);
    assert_eq!(payload.path(), Some("severity"), "{error}");
    assert_eq!(payload.category(), JsonCategory::Data);
    assert!(payload.snippet().contains("[REDACTED]"), "{error}");
    shown
}

async fn egnyte_issue_non_numeric_integer_is_an_error() -> Shown {
    let server = issue_server(json!({"id": 7, "updated": "yesterday", "token": BODY_TOKEN})).await;
    let error = get_issue(&server)
        .await
        .expect_err("\"yesterday\" is no integer");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/InvalidPayload",
        Some(200),
        "get_issue",
    );
    assert_eq!(payload(&error).path(), Some("updated"), "{error}");
    assert!(error.to_string().contains("at updated"), "{error}");
    shown
}

async fn egnyte_listing_item_with_a_non_numeric_id_is_an_item_error() -> Shown {
    let server = Server::start(vec![route(ISSUES, |request| {
        if request.query.contains("cursor=3") {
            return Reply::json(200, json!({"issues": [], "cursor": 3}));
        }
        Reply::json(
            200,
            json!({"issues": [
                {"id": "1"},
                {"id": "two", "secret": BODY_SECRET},
                {"id": 3.0},
            ], "cursor": 3}),
        )
    })])
    .await;
    let results: Vec<_> = within(
        std::time::Duration::from_secs(5),
        egnyte(&server)
            .facade
            .client()
            .list_issues()
            .items()
            .collect(),
    )
    .await;
    assert_eq!(results.len(), 3, "one bad item does not stop the listing");
    assert_eq!(results[0].as_ref().unwrap().id, Some(1));
    assert_eq!(results[2].as_ref().unwrap().id, Some(3));
    let error = results[1].as_ref().expect_err("\"two\" is no integer");
    let mut shown = Shown::default();
    expect_error(&mut shown, error, "Item", None, "list_issues");
    let item = error.item().unwrap();
    assert_eq!((item.index(), item.path()), (1, "id"), "{error}");
    shown
}

async fn lacework_app_integers_as_strings_and_floats() -> Shown {
    let server = app_server(json!({
        "uuid": "app-1", "port": "443", "internal_port": 8443.0,
        "create_time": "1700000000", "update_time": 1.7e9, "host_match_type": "-1",
    }))
    .await;
    let app = get_app(&server).await.expect("decodes");
    assert_eq!((app.port, app.internal_port), (Some(443), Some(8443)));
    assert_eq!(
        (app.create_time, app.update_time),
        (Some(1_700_000_000), Some(1_700_000_000))
    );
    assert_eq!(app.host_match_type, Some(-1));
    Shown::default()
}

async fn lacework_app_fractional_port_is_an_error() -> Shown {
    let server = app_server(json!({"uuid": "app-1", "token": BODY_TOKEN, "port": 443.5})).await;
    let error = get_app(&server).await.expect_err("443.5 is no port");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/InvalidPayload",
        Some(200),
        "get_app",
    );
    let payload = payload(&error);
    assert_eq!(payload.path(), Some("port"), "{error}");
    assert!(
        payload.snippet().contains(r#""token":"[REDACTED]""#),
        "{error}"
    );
    shown
}

async fn lacework_app_non_numeric_port_is_an_error() -> Shown {
    let server = app_server(json!({"uuid": "app-1", "port": "https"})).await;
    let error = get_app(&server).await.expect_err("\"https\" is no port");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/InvalidPayload",
        Some(200),
        "get_app",
    );
    assert_eq!(payload(&error).path(), Some("port"), "{error}");
    shown
}

async fn egnyte_issue_integer_out_of_range_is_an_error() -> Shown {
    let server = issue_server(json!({"id": "99999999999999999999"})).await;
    let error = get_issue(&server).await.expect_err("beyond i64");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/InvalidPayload",
        Some(200),
        "get_issue",
    );
    assert_eq!(payload(&error).path(), Some("id"), "{error}");
    shown
}

async fn lacework_app_float_beyond_exact_integers_is_an_error() -> Shown {
    let server = app_server(json!({"uuid": "app-1", "create_time": 1e300})).await;
    let error = get_app(&server).await.expect_err("no exact integer");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/InvalidPayload",
        Some(200),
        "get_app",
    );
    assert_eq!(payload(&error).path(), Some("create_time"), "{error}");
    shown
}

// ----- enums and unknown fields -----

async fn lacework_app_status_by_name() -> Shown {
    let server = app_server(json!({"uuid": "app-1", "status": "ACTIVE"})).await;
    let app = get_app(&server).await.expect("decodes");
    assert_eq!(app.status, Some(EnumStatus::ACTIVE));
    Shown::default()
}

async fn lacework_app_status_as_numeric_string() -> Shown {
    let server = app_server(json!({"uuid": "app-1", "status": "3"})).await;
    let app = get_app(&server).await.expect("decodes");
    assert_eq!(app.status, Some(EnumStatus::SUSPENDED));
    Shown::default()
}

async fn lacework_app_unknown_status_number_is_kept() -> Shown {
    let server = app_server(json!({"uuid": "app-1", "status": 42})).await;
    let app = get_app(&server).await.expect("decodes");
    let status = app.status.expect("kept");
    assert_eq!((status.value(), status.is_known()), (42, false));
    Shown::default()
}

async fn lacework_app_unknown_status_name_is_an_error() -> Shown {
    let server = app_server(json!({"uuid": "app-1", "status": "ARCHIVED"})).await;
    let error = get_app(&server)
        .await
        .expect_err("a name the spec does not give");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/InvalidPayload",
        Some(200),
        "get_app",
    );
    assert_eq!(payload(&error).path(), Some("status"), "{error}");
    shown
}

async fn lacework_app_unknown_data_source_is_kept() -> Shown {
    let server = app_server(json!({"uuid": "app-1", "data_source": 77777})).await;
    let app = get_app(&server).await.expect("decodes");
    let source: DataSource = app.data_source.expect("kept");
    assert_eq!(source.value(), 77777);
    Shown::default()
}

async fn egnyte_legal_hold_unknown_status_is_kept() -> Shown {
    let server = Server::start(vec![route(HOLD, |_| {
        Reply::json(
            200,
            json!({"name": "Case 12", "status": "archived", "startDate": "1700000000000"}),
        )
    })])
    .await;
    let hold = egnyte(&server)
        .facade
        .client()
        .get_legal_hold()
        .legal_hold_id(HOLD_ID)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    assert_eq!(
        hold.status,
        Some(LegalHoldStatus::Unknown("archived".into()))
    );
    assert_eq!(hold.start_date, Some(1_700_000_000_000));
    Shown::default()
}

async fn egnyte_issue_unknown_fields_stay_in_extra() -> Shown {
    let server = issue_server(json!({
        "id": 7, "riskScore": 91, "labels": ["gdpr"],
        "owner": {"email": "dpo@example.com", "apiToken": BODY_TOKEN},
        "sessionToken": BODY_SECRET,
    }))
    .await;
    let issue = get_issue(&server).await.expect("decodes");
    assert_eq!(issue.extra.get("riskScore"), Some(&json!(91)));
    assert_eq!(issue.extra.get("labels"), Some(&json!(["gdpr"])));
    assert_eq!(issue.extra["owner"]["apiToken"], json!(BODY_TOKEN));
    assert_eq!(issue.extra["sessionToken"], json!(BODY_SECRET));
    let debug = format!("{issue:?}");
    assert!(
        debug.contains("riskScore") && debug.contains("gdpr"),
        "{debug}"
    );
    let mut shown = Shown::default();
    shown.value("issue with unknown credential fields", &issue);
    shown
}

async fn lacework_app_unknown_fields_stay_in_extra() -> Shown {
    let server = app_server(json!({
        "uuid": "app-1", "risk": {"score": 3, "client_secret": BODY_SECRET},
        "edge_zone": "eu-2",
    }))
    .await;
    let app = get_app(&server).await.expect("decodes");
    assert_eq!(app.extra.get("edge_zone"), Some(&json!("eu-2")));
    assert_eq!(app.extra["risk"]["score"], json!(3));
    let mut shown = Shown::default();
    shown.value("app with an unknown credential field", &app);
    shown
}

async fn create_token(
    server: &Server,
) -> Result<secops_sdk::lacework_edge_client::types::Token, Error> {
    let request: CreateTokenRequest = serde_json::from_value(json!({"name": "ci"})).unwrap();
    lacework(server)
        .facade
        .client()
        .create_token()
        .body(request)
        .send()
        .await
        .map(|response| response.into_inner())
        .map_err(Error::from)
}

async fn lacework_created_token_secret_is_hidden() -> Shown {
    let server = Server::start(vec![
        login_route(),
        route(TOKENS, |_| {
            Reply::json(
                200,
                json!({"uuid": "tok-1", "name": "ci", "secret": BODY_SECRET, "status": "ACTIVE",
                       "expire_time_sec": "1800000000", "refreshToken": BODY_TOKEN}),
            )
        }),
    ])
    .await;
    let token = create_token(&server).await.expect("decodes");
    assert_eq!(
        token.secret.as_ref().map(|secret| secret.expose()),
        Some(BODY_SECRET)
    );
    assert_eq!(token.status, Some(EnumStatus::ACTIVE));
    assert_eq!(token.expire_time_sec, Some(1_800_000_000));
    let mut shown = Shown::default();
    shown.value("created token", &token);
    shown
}

async fn lacework_created_token_with_an_odd_field() -> Shown {
    let server = Server::start(vec![
        login_route(),
        route(TOKENS, |_| {
            Reply::json(
                200,
                json!({"uuid": "tok-1", "secret": BODY_SECRET, "status": {"code": 2}}),
            )
        }),
    ])
    .await;
    let error = create_token(&server)
        .await
        .expect_err("a status object does not decode");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/InvalidPayload",
        Some(200),
        "create_token",
    );
    let payload = payload(&error);
    assert_eq!(payload.path(), Some("status"), "{error}");
    assert!(payload.snippet().contains("[REDACTED]"), "{error}");
    assert!(!payload.snippet().contains(BODY_SECRET));
    shown
}
