//! Servers that echo the request back in their error body: the form (raw, decoded and
//! JSON-escaped) and the `Authorization` header. No secret the SDK sent shows anywhere; the
//! error is typed and its text bounded.

use secops_sdk::Error;
use secops_sdk::auth::{AuthError, Rejection};
use serde_json::json;

use crate::case;
use crate::server::{Reply, Request, Server, route};
use crate::support::*;

pub fn cases() -> Vec<Case> {
    vec![
        case!(Echoes, egnyte_refresh_refused_echoing_the_form),
        case!(
            Echoes,
            egnyte_code_exchange_refused_echoing_the_form_as_text
        ),
        case!(Echoes, egnyte_refresh_failing_with_503_echoing_the_form),
        case!(Echoes, lacework_login_refused_echoing_the_headers),
        case!(Echoes, lacework_login_failing_with_500_echoing_the_headers),
        case!(Echoes, egnyte_api_error_echoing_the_authorization_header),
        case!(Echoes, lacework_api_error_echoing_the_authorization_header),
    ]
}

const ISSUE: &str = "/api/v1/issues/7";
const APPS: &str = "/api/v1/apps";

/// Everything `request` carried, in every form a server might quote it.
fn quoted(request: &Request) -> String {
    let decoded: Vec<String> = url::form_urlencoded::parse(&request.body)
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    format!(
        "form {} | decoded {} | authorization {}",
        request.body_text(),
        decoded.join(" "),
        request.header("authorization").unwrap_or("-")
    )
}

/// An OAuth-style error body quoting `request`, padded past 512 bytes.
fn echo_json(status: u16, request: &Request) -> Reply {
    Reply::json(
        status,
        json!({
            "error": format!("invalid_grant {}", quoted(request)),
            "error_description": format!("you sent {}", quoted(request)),
            "message": quoted(request),
            "padding": "p".repeat(700),
            "tail": quoted(request),
        }),
    )
}

/// A 20 KB text page quoting `request` at its start and at its end.
fn echo_text(status: u16, request: &Request) -> Reply {
    Reply::bytes(
        status,
        "text/plain",
        format!(
            "{}\n{}\n{}",
            quoted(request),
            "x".repeat(20_000),
            quoted(request)
        ),
    )
}

fn rejection(error: &AuthError) -> &Rejection {
    match error {
        AuthError::CodeRejected { rejection }
        | AuthError::RefreshRejected { rejection }
        | AuthError::LoginRejected { rejection }
        | AuthError::EndpointFailed { rejection, .. } => rejection,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

/// The echo is masked, not dropped, and bounded.
fn assert_masked(error: &AuthError) {
    let rejection = rejection(error);
    assert!(rejection.body.len() <= 512, "{}", rejection.body.len());
    for field in [&rejection.error, &rejection.message].into_iter().flatten() {
        assert!(field.len() <= 512, "{}", field.len());
    }
    assert!(
        format!("{error:?}").contains("[REDACTED]"),
        "the echo is masked: {error:?}"
    );
}

async fn egnyte_refresh_refused_echoing_the_form() -> Shown {
    let server = Server::start(vec![
        route(EGNYTE_TOKEN, |request| echo_json(400, request)),
        route(ISSUE, |_| Reply::json(200, json!({"id": 7}))),
    ])
    .await;
    let egnyte = egnyte_with(&server, Some(expired_tokens()), retry());
    let error = egnyte
        .facade
        .client()
        .get_issue()
        .id(7)
        .send()
        .await
        .map_err(Error::from)
        .expect_err("refused");
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    let auth = auth_error(&error);
    assert!(
        matches!(auth, AuthError::RefreshRejected { .. }),
        "{auth:?}"
    );
    assert!(error.needs_reauthorization());
    assert_masked(auth);
    let sent = &server.requests()[0];
    assert_eq!(sent.form("client_secret").as_deref(), Some(CLIENT_SECRET));
    assert_eq!(sent.form("refresh_token").as_deref(), Some(REFRESH_1));
    shown
}

async fn egnyte_code_exchange_refused_echoing_the_form_as_text() -> Shown {
    let server = Server::start(vec![route(EGNYTE_TOKEN, |request| echo_text(400, request))]).await;
    let egnyte = egnyte_with(&server, None, retry());
    let error = egnyte
        .facade
        .auth()
        .exchange_code(CODE)
        .await
        .expect_err("refused");
    assert!(matches!(error, AuthError::CodeRejected { .. }), "{error:?}");
    assert!(error.needs_reauthorization());
    assert_masked(&error);
    assert_eq!(server.count(EGNYTE_TOKEN), 1, "a code is sent once");
    let mut shown = Shown::default();
    shown.error("code exchange AuthError", &error);
    shown
}

async fn egnyte_refresh_failing_with_503_echoing_the_form() -> Shown {
    let server = Server::start(vec![
        route(EGNYTE_TOKEN, |request| echo_text(503, request)),
        route(ISSUE, |_| Reply::json(200, json!({"id": 7}))),
    ])
    .await;
    let egnyte = egnyte_with(&server, Some(expired_tokens()), retry());
    let error = egnyte
        .facade
        .client()
        .get_issue()
        .id(7)
        .send()
        .await
        .map_err(Error::from)
        .expect_err("unavailable");
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    let auth = auth_error(&error);
    assert!(matches!(auth, AuthError::EndpointFailed { .. }), "{auth:?}");
    assert!(!error.needs_reauthorization());
    assert_masked(auth);
    assert_eq!(server.count(EGNYTE_TOKEN), 3, "a refresh is retried");
    shown
}

async fn lacework_login_refused_echoing_the_headers() -> Shown {
    let server = Server::start(vec![
        route(LACEWORK_LOGIN, |request| echo_json(401, request)),
        route(APPS, |_| Reply::json(200, json!({"apps": []}))),
    ])
    .await;
    let error = lacework(&server)
        .facade
        .client()
        .list_apps()
        .send()
        .await
        .map_err(Error::from)
        .expect_err("refused");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/Credentials",
        None,
        "list_apps",
    );
    let auth = auth_error(&error);
    assert!(matches!(auth, AuthError::LoginRejected { .. }), "{auth:?}");
    assert!(error.needs_reauthorization());
    assert_masked(auth);
    shown
}

async fn lacework_login_failing_with_500_echoing_the_headers() -> Shown {
    let server = Server::start(vec![
        route(LACEWORK_LOGIN, |request| echo_text(500, request)),
        route(APPS, |_| Reply::json(200, json!({"apps": []}))),
    ])
    .await;
    let error = lacework(&server)
        .facade
        .client()
        .list_apps()
        .send()
        .await
        .map_err(Error::from)
        .expect_err("failed");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/Credentials",
        None,
        "list_apps",
    );
    let auth = auth_error(&error);
    assert!(matches!(auth, AuthError::EndpointFailed { .. }), "{auth:?}");
    assert!(!error.needs_reauthorization());
    assert_masked(auth);
    shown
}

/// A vendor error body whose message quotes the `Authorization` header.
fn echo_error(status: u16, request: &Request) -> Reply {
    Reply::json(
        status,
        json!({
            "code": "PERMISSION_DENIED",
            "message": format!("{} may not read this", request.header("authorization").unwrap_or("-")),
            "details": quoted(request),
        }),
    )
}

async fn egnyte_api_error_echoing_the_authorization_header() -> Shown {
    let server = Server::start(vec![route(ISSUE, |request| echo_error(403, request))]).await;
    let error = egnyte(&server)
        .facade
        .client()
        .get_issue()
        .id(7)
        .send()
        .await
        .map_err(Error::from)
        .expect_err("forbidden");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/ErrorResponse",
        Some(403),
        "get_issue",
    );
    let Error::Egnyte(inner) = &error else {
        unreachable!()
    };
    let body = inner.body().expect("the vendor's error body");
    assert_eq!(body.code.as_deref(), Some("PERMISSION_DENIED"));
    shown
}

async fn lacework_api_error_echoing_the_authorization_header() -> Shown {
    let server = Server::start(vec![
        login_route(),
        route(APPS, |request| echo_error(403, request)),
    ])
    .await;
    let error = lacework(&server)
        .facade
        .client()
        .list_apps()
        .send()
        .await
        .map_err(Error::from)
        .expect_err("forbidden");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/ErrorResponse",
        Some(403),
        "list_apps",
    );
    shown
}
