//! Bodies that are not what the spec says: HTML with 200, 500 and 502, an empty body, a body cut
//! short (of its `content-length`, or as JSON), 20 MB. Each is an exact error with its status;
//! the error stays small and masked.

use std::time::Duration;

use secops_sdk::Error;
use secops_sdk::auth::{AuthError, TokenStore};
use secops_sdk::secops_runtime::Category as JsonCategory;
use serde_json::json;

use crate::case;
use crate::server::{Reply, Server, route};
use crate::support::*;

pub fn cases() -> Vec<Case> {
    vec![
        case!(BadBodies, egnyte_html_with_200),
        case!(BadBodies, egnyte_html_with_500),
        case!(BadBodies, egnyte_html_with_502_after_retries),
        case!(BadBodies, lacework_html_with_200),
        case!(BadBodies, lacework_html_with_500_echoing_the_jwt),
        case!(BadBodies, lacework_html_with_502_after_retries),
        case!(BadBodies, egnyte_empty_body_with_200),
        case!(BadBodies, egnyte_empty_body_with_500),
        case!(BadBodies, lacework_empty_body_with_200),
        case!(
            BadBodies,
            lacework_error_body_decodes_with_credentials_hidden
        ),
        case!(BadBodies, egnyte_body_cut_short_of_its_length),
        case!(BadBodies, lacework_body_cut_short_of_its_length),
        case!(BadBodies, lacework_json_cut_short_inside_a_token),
        case!(BadBodies, egnyte_20_mb_body_with_200),
        case!(BadBodies, lacework_20_mb_body_with_500),
        case!(BadBodies, egnyte_20_mb_token_response),
        case!(BadBodies, lacework_html_token_login_response),
        case!(BadBodies, lacework_empty_token_login_response),
        case!(BadBodies, egnyte_refresh_answered_by_html_502),
        case!(BadBodies, egnyte_refresh_error_body_with_a_credential_field),
        case!(BadBodies, lacework_login_error_body_with_a_credential_field),
        case!(BadBodies, lacework_login_refused_with_a_credential_field),
        case!(BadBodies, egnyte_refresh_answered_by_an_empty_200),
        case!(BadBodies, egnyte_refresh_answered_by_a_body_cut_short),
        case!(
            BadBodies,
            egnyte_refresh_answered_with_a_numeric_access_token
        ),
    ]
}

const ISSUE: &str = "/api/v1/issues/7";
const APPS: &str = "/api/v1/apps";

/// A proxy's error page that quotes the request's `Authorization` header, with a script
/// holding a credential field.
fn page(title: &str, authorization: Option<&str>) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>{title}</title><script>var session = \
         {{\"sessionToken\": \"{BODY_TOKEN}\"}};</script></head><body><h1>{title}</h1>\
         <p>request headers: authorization: {}</p></body></html>",
        authorization.unwrap_or("-")
    )
}

async fn get_issue(egnyte: &Egnyte) -> Result<(), Error> {
    egnyte
        .facade
        .client()
        .get_issue()
        .id(7)
        .send()
        .await
        .map(drop)
        .map_err(Error::from)
}

async fn list_apps(lacework: &Lacework) -> Result<(), Error> {
    lacework
        .facade
        .client()
        .list_apps()
        .send()
        .await
        .map(drop)
        .map_err(Error::from)
}

/// A `get_issue` server answering `reply`.
async fn egnyte_answering(reply: Reply) -> Server {
    Server::start(vec![route(ISSUE, move |_| reply.clone())]).await
}

/// A Lacework server logging in and answering `list_apps` with `reply`.
async fn lacework_answering(reply: Reply) -> Server {
    Server::start(vec![login_route(), route(APPS, move |_| reply.clone())]).await
}

async fn egnyte_html_with_200() -> Shown {
    let server = Server::start(vec![route(ISSUE, |request| {
        Reply::html(200, page("Sign in", request.header("authorization")))
    })])
    .await;
    let error = get_issue(&egnyte(&server))
        .await
        .expect_err("HTML is no issue");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/InvalidPayload",
        Some(200),
        "get_issue",
    );
    let payload = payload(&error);
    assert_eq!(payload.category(), JsonCategory::Syntax);
    assert_eq!(payload.content_type(), Some("text/html; charset=utf-8"));
    assert_eq!(payload.path(), None);
    assert!(payload.snippet().starts_with("<!DOCTYPE html>"), "{error}");
    assert!(payload.snippet().contains("[REDACTED]"), "{error}");
    shown
}

async fn egnyte_html_with_500() -> Shown {
    let server = egnyte_answering(Reply::html(500, page("Internal Server Error", None))).await;
    let egnyte = egnyte(&server);
    let error = get_issue(&egnyte).await.expect_err("a 500");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/InvalidPayload",
        Some(500),
        "get_issue",
    );
    assert!(error.to_string().contains("HTTP 500"), "{error}");
    assert_eq!(server.count(ISSUE), 1, "a 500 is not retried");
    shown
}

async fn egnyte_html_with_502_after_retries() -> Shown {
    let server = egnyte_answering(Reply::html(502, page("Bad Gateway", None))).await;
    let egnyte = egnyte(&server);
    let error = get_issue(&egnyte).await.expect_err("a 502");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/InvalidPayload",
        Some(502),
        "get_issue",
    );
    assert_eq!(server.count(ISSUE), 3, "three attempts");
    assert_eq!(
        egnyte.clock.sleeps(),
        [Duration::from_millis(10), Duration::from_millis(20)]
    );
    shown
}

async fn lacework_html_with_200() -> Shown {
    let server = lacework_answering(Reply::html(200, page("Maintenance", None))).await;
    let error = list_apps(&lacework(&server))
        .await
        .expect_err("HTML is no app list");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/InvalidPayload",
        Some(200),
        "list_apps",
    );
    assert_eq!(payload(&error).category(), JsonCategory::Syntax);
    shown
}

async fn lacework_html_with_500_echoing_the_jwt() -> Shown {
    let server = Server::start(vec![
        login_route(),
        route(APPS, |request| {
            Reply::html(
                500,
                page("Internal Server Error", request.header("authorization")),
            )
        }),
    ])
    .await;
    let error = list_apps(&lacework(&server)).await.expect_err("a 500");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/InvalidPayload",
        Some(500),
        "list_apps",
    );
    let snippet = payload(&error).snippet();
    assert!(
        snippet.contains("authorization: Bearer [REDACTED]"),
        "{error}"
    );
    shown
}

async fn lacework_html_with_502_after_retries() -> Shown {
    let server = lacework_answering(Reply::html(502, page("Bad Gateway", None))).await;
    let lacework = lacework(&server);
    let error = list_apps(&lacework).await.expect_err("a 502");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/InvalidPayload",
        Some(502),
        "list_apps",
    );
    assert_eq!(server.count(APPS), 3, "three attempts");
    assert_eq!(server.count(LACEWORK_LOGIN), 1, "one login");
    shown
}

async fn egnyte_empty_body_with_200() -> Shown {
    let server = egnyte_answering(Reply::empty(200)).await;
    let error = get_issue(&egnyte(&server))
        .await
        .expect_err("nothing is no issue");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/InvalidPayload",
        Some(200),
        "get_issue",
    );
    assert_eq!(payload(&error).category(), JsonCategory::Eof);
    assert_eq!(payload(&error).snippet(), "");
    shown
}

async fn egnyte_empty_body_with_500() -> Shown {
    let server = egnyte_answering(Reply::empty(500)).await;
    let error = get_issue(&egnyte(&server)).await.expect_err("a 500");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/InvalidPayload",
        Some(500),
        "get_issue",
    );
    shown
}

async fn lacework_empty_body_with_200() -> Shown {
    let server = lacework_answering(Reply::json_text(200, "")).await;
    let error = list_apps(&lacework(&server))
        .await
        .expect_err("nothing is no app list");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/InvalidPayload",
        Some(200),
        "list_apps",
    );
    assert_eq!(payload(&error).category(), JsonCategory::Eof);
    shown
}

async fn lacework_error_body_decodes_with_credentials_hidden() -> Shown {
    let server = lacework_answering(Reply::json(
        400,
        json!({"message": "tag is malformed", "token": BODY_TOKEN, "trace": {"secret": BODY_SECRET}}),
    ))
    .await;
    let error = list_apps(&lacework(&server)).await.expect_err("a 400");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/ErrorResponse",
        Some(400),
        "list_apps",
    );
    let Error::Lacework(inner) = &error else {
        unreachable!()
    };
    let body = inner.body().expect("the vendor's error body");
    assert_eq!(body.message.as_deref(), Some("tag is malformed"));
    shown
}

async fn egnyte_body_cut_short_of_its_length() -> Shown {
    let server = egnyte_answering(
        Reply::json_text(200, format!(r#"{{"id": 7, "token": "{BODY_TOKEN}", "sta"#))
            .cut_short(4000),
    )
    .await;
    let error = get_issue(&egnyte(&server))
        .await
        .expect_err("a body cut short");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/ResponseBody",
        Some(200),
        "get_issue",
    );
    assert!(error.to_string().contains("could not be read"), "{error}");
    shown
}

async fn lacework_body_cut_short_of_its_length() -> Shown {
    let server = lacework_answering(
        Reply::json_text(
            200,
            format!(r#"{{"apps": [{{"uuid": "a", "secret": "{BODY_SECRET}"#),
        )
        .cut_short(1),
    )
    .await;
    let error = list_apps(&lacework(&server))
        .await
        .expect_err("a body cut short");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/ResponseBody",
        Some(200),
        "list_apps",
    );
    shown
}

async fn lacework_json_cut_short_inside_a_token() -> Shown {
    let server = lacework_answering(Reply::json_text(
        200,
        format!(r#"{{"apps": [{{"uuid": "a", "token": "{BODY_TOKEN}"#),
    ))
    .await;
    let error = list_apps(&lacework(&server))
        .await
        .expect_err("JSON cut short");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/InvalidPayload",
        Some(200),
        "list_apps",
    );
    let payload = payload(&error);
    assert_eq!(payload.category(), JsonCategory::Eof);
    assert!(
        payload.snippet().ends_with(r#""token": "[REDACTED]"#),
        "{error}"
    );
    shown
}

/// 20 MB: a JSON-looking start with a credential, then a string that never ends.
fn huge(start: &str) -> Vec<u8> {
    let mut body = start.as_bytes().to_vec();
    body.resize(20 * 1024 * 1024, b'x');
    body
}

async fn egnyte_20_mb_body_with_200() -> Shown {
    let server = egnyte_answering(Reply::json_text(
        200,
        huge(&format!(r#"{{"id": 7, "token": "{BODY_TOKEN}", "pad": ""#)),
    ))
    .await;
    let error = within(Duration::from_secs(8), get_issue(&egnyte(&server)))
        .await
        .expect_err("20 MB of nothing");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/InvalidPayload",
        Some(200),
        "get_issue",
    );
    let payload = payload(&error);
    assert!(
        payload.snippet().len() <= 512,
        "{}",
        payload.snippet().len()
    );
    assert!(format!("{error:?}").len() < MAX_DISPLAY);
    shown
}

async fn lacework_20_mb_body_with_500() -> Shown {
    let server = lacework_answering(Reply::html(
        500,
        huge(&format!(
            r#"<html><script>var config = {{"clientSecret": "{BODY_SECRET}"}};</script>"#
        )),
    ))
    .await;
    let error = within(Duration::from_secs(8), list_apps(&lacework(&server)))
        .await
        .expect_err("a 500");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/InvalidPayload",
        Some(500),
        "list_apps",
    );
    assert!(payload(&error).snippet().len() <= 512);
    assert!(format!("{error:?}").len() < MAX_DISPLAY);
    shown
}

async fn egnyte_20_mb_token_response() -> Shown {
    let server = Server::start(vec![
        route(EGNYTE_TOKEN, |_| {
            Reply::json_text(
                200,
                huge(&format!(
                    r#"{{"access_token": "{ACCESS_2}", "refresh_token": "{REFRESH_2}", "pad": ""#
                )),
            )
        }),
        route(ISSUE, |_| Reply::json(200, json!({"id": 7}))),
    ])
    .await;
    let egnyte = egnyte_with(&server, Some(expired_tokens()), retry());
    let error = within(Duration::from_secs(8), get_issue(&egnyte))
        .await
        .expect_err("no usable token");
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    let auth = auth_error(&error);
    assert!(
        matches!(auth, AuthError::InvalidTokenResponse { status: 200, .. }),
        "{auth:?}"
    );
    assert!(auth.to_string().contains("larger than"), "{auth}");
    assert_eq!(server.count(ISSUE), 0, "nothing is sent without a token");
    let stored = egnyte.store.load().await.unwrap().unwrap();
    assert_eq!(
        secops_sdk::ExposeSecret::expose_secret(stored.refresh_token()),
        REFRESH_1,
        "the stored tokens are kept"
    );
    shown
}

async fn lacework_html_token_login_response() -> Shown {
    let server = Server::start(vec![
        route(LACEWORK_LOGIN, |request| {
            Reply::html(200, page("Single sign-on", request.header("authorization")))
        }),
        route(APPS, |_| Reply::json(200, json!({"apps": []}))),
    ])
    .await;
    let error = list_apps(&lacework(&server))
        .await
        .expect_err("no usable JWT");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/Credentials",
        None,
        "list_apps",
    );
    let auth = auth_error(&error);
    assert!(
        matches!(auth, AuthError::InvalidTokenResponse { status: 200, .. }),
        "{auth:?}"
    );
    assert_eq!(server.count(APPS), 0);
    shown
}

async fn lacework_empty_token_login_response() -> Shown {
    let server = Server::start(vec![
        route(LACEWORK_LOGIN, |_| Reply::json_text(200, "")),
        route(APPS, |_| Reply::json(200, json!({"apps": []}))),
    ])
    .await;
    let error = list_apps(&lacework(&server))
        .await
        .expect_err("no usable JWT");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/Credentials",
        None,
        "list_apps",
    );
    assert!(
        matches!(
            auth_error(&error),
            AuthError::InvalidTokenResponse { status: 200, .. }
        ),
        "{error:?}"
    );
    shown
}

/// `get_issue` with expired tokens against a token endpoint answering `reply`: the error, and
/// the server.
async fn refresh_answered_by(reply: Reply) -> (Error, Egnyte, Server) {
    let server = Server::start(vec![
        route(EGNYTE_TOKEN, move |_| reply.clone()),
        route(ISSUE, |_| Reply::json(200, json!({"id": 7}))),
    ])
    .await;
    let egnyte = egnyte_with(&server, Some(expired_tokens()), retry());
    let error = get_issue(&egnyte).await.expect_err("no usable token");
    assert_eq!(server.count(ISSUE), 0, "nothing is sent without a token");
    (error, egnyte, server)
}

async fn egnyte_refresh_answered_by_html_502() -> Shown {
    let (error, egnyte, server) = refresh_answered_by(Reply::html(
        502,
        "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
    ))
    .await;
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    match auth_error(&error) {
        AuthError::EndpointFailed { rejection, .. } => {
            assert_eq!(rejection.status, 502);
            assert!(
                rejection.body.starts_with("<!DOCTYPE html>"),
                "{rejection:?}"
            );
        }
        other => panic!("expected EndpointFailed, got {other:?}"),
    }
    assert!(!error.needs_reauthorization());
    assert_eq!(server.count(EGNYTE_TOKEN), 3, "a refresh is retried");
    assert_eq!(
        egnyte.clock.sleeps(),
        [Duration::from_millis(10), Duration::from_millis(20)]
    );
    shown
}

async fn egnyte_refresh_answered_by_an_empty_200() -> Shown {
    let (error, _, _) = refresh_answered_by(Reply::json_text(200, "")).await;
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    assert!(
        matches!(
            auth_error(&error),
            AuthError::InvalidTokenResponse { status: 200, .. }
        ),
        "{error:?}"
    );
    shown
}

async fn egnyte_refresh_answered_by_a_body_cut_short() -> Shown {
    let (error, egnyte, _) = refresh_answered_by(
        Reply::json_text(
            200,
            format!(r#"{{"access_token": "{ACCESS_2}", "refresh_tok"#),
        )
        .cut_short(500),
    )
    .await;
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    assert!(
        matches!(auth_error(&error), AuthError::Unreachable { .. }),
        "{error:?}"
    );
    assert!(!error.needs_reauthorization());
    let stored = egnyte.store.load().await.unwrap().unwrap();
    assert_eq!(
        secops_sdk::ExposeSecret::expose_secret(stored.refresh_token()),
        REFRESH_1
    );
    shown
}

async fn egnyte_refresh_answered_with_a_numeric_access_token() -> Shown {
    let (error, _, _) = refresh_answered_by(Reply::json(
        200,
        json!({"access_token": 12345, "refresh_token": REFRESH_2, "expires_in": 3600}),
    ))
    .await;
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    assert!(
        matches!(
            auth_error(&error),
            AuthError::InvalidTokenResponse { status: 200, .. }
        ),
        "{error:?}"
    );
    shown
}

async fn egnyte_refresh_error_body_with_a_credential_field() -> Shown {
    let (error, _, server) = refresh_answered_by(Reply::html(502, page("Bad Gateway", None))).await;
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    assert!(
        matches!(auth_error(&error), AuthError::EndpointFailed { .. }),
        "{error:?}"
    );
    assert_eq!(server.count(EGNYTE_TOKEN), 3);
    shown
}

async fn lacework_login_error_body_with_a_credential_field() -> Shown {
    let server = Server::start(vec![
        route(LACEWORK_LOGIN, |request| {
            Reply::html(502, page("Bad Gateway", request.header("authorization")))
        }),
        route(APPS, |_| Reply::json(200, json!({"apps": []}))),
    ])
    .await;
    let error = list_apps(&lacework(&server)).await.expect_err("no JWT");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/Credentials",
        None,
        "list_apps",
    );
    match auth_error(&error) {
        AuthError::EndpointFailed { rejection, .. } => {
            assert_eq!(rejection.status, 502);
            assert!(rejection.body.contains("[REDACTED]"), "{rejection:?}");
        }
        other => panic!("expected EndpointFailed, got {other:?}"),
    }
    assert_eq!(server.count(LACEWORK_LOGIN), 3, "a login is retried");
    shown
}

async fn lacework_login_refused_with_a_credential_field() -> Shown {
    let server = Server::start(vec![
        route(LACEWORK_LOGIN, |_| {
            Reply::json(
                401,
                json!({"message": "invalid API token", "token": BODY_TOKEN, "detail": {"secret": BODY_SECRET}}),
            )
        }),
        route(APPS, |_| Reply::json(200, json!({"apps": []}))),
    ])
    .await;
    let error = list_apps(&lacework(&server)).await.expect_err("no JWT");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/Credentials",
        None,
        "list_apps",
    );
    match auth_error(&error) {
        AuthError::LoginRejected { rejection } => {
            assert_eq!(rejection.status, 401);
            assert_eq!(rejection.message.as_deref(), Some("invalid API token"));
        }
        other => panic!("expected LoginRejected, got {other:?}"),
    }
    assert!(error.needs_reauthorization());
    shown
}
