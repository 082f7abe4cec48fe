//! Servers that stall beyond the attempt timeout (300 ms here): before the headers, in the
//! middle of the body, at the token endpoint. Each call ends in bounded time with a typed
//! timeout whose `Display` says how long was waited.

use std::time::Duration;

use secops_sdk::Error;
use secops_sdk::auth::AuthError;
use serde_json::json;

use crate::case;
use crate::server::{Reply, Server, route};
use crate::support::*;

pub fn cases() -> Vec<Case> {
    vec![
        case!(Slow, egnyte_slow_headers),
        case!(Slow, egnyte_slow_headers_on_every_attempt),
        case!(Slow, lacework_slow_headers),
        case!(Slow, egnyte_slow_body),
        case!(Slow, lacework_slow_body),
        case!(Slow, egnyte_slow_body_names_its_timeout),
        case!(Slow, lacework_slow_body_names_its_timeout),
        case!(Slow, egnyte_slow_token_endpoint),
        case!(Slow, lacework_slow_token_login),
        case!(Slow, lacework_slow_token_login_is_unreachable),
    ]
}

const ISSUE: &str = "/api/v1/issues/7";
const APPS: &str = "/api/v1/apps";
/// How long the server stalls: far beyond the 300 ms attempt timeout.
const STALL: Duration = Duration::from_secs(4);
/// How long a case may take: the attempts' timeouts and a margin, well below the stall.
const BOUND: Duration = Duration::from_secs(3);

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

fn assert_timed_out(error: &Error) {
    let text = error.to_string();
    assert!(text.contains("timed out after 300 ms"), "{text}");
}

async fn egnyte_slow_headers() -> Shown {
    let server = Server::start(vec![route(ISSUE, |_| {
        Reply::json(200, json!({"id": 7})).stall_before_head(STALL)
    })])
    .await;
    let egnyte = egnyte_with(&server, Some(valid_tokens()), impatient());
    let error = within(BOUND, get_issue(&egnyte))
        .await
        .expect_err("no headers in time");
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/TimedOut", None, "get_issue");
    assert_timed_out(&error);
    shown
}

async fn egnyte_slow_headers_on_every_attempt() -> Shown {
    let server = Server::start(vec![route(ISSUE, |_| {
        Reply::json(200, json!({"id": 7})).stall_before_head(STALL)
    })])
    .await;
    let retry = retry().with_attempt_timeout(Some(Duration::from_millis(300)));
    let egnyte = egnyte_with(&server, Some(valid_tokens()), retry);
    let error = within(BOUND, get_issue(&egnyte))
        .await
        .expect_err("no headers in time");
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/TimedOut", None, "get_issue");
    assert_timed_out(&error);
    assert_eq!(server.count(ISSUE), 3, "three attempts, each timed out");
    shown
}

async fn lacework_slow_headers() -> Shown {
    let server = Server::start(vec![
        login_route(),
        route(APPS, |_| {
            Reply::json(200, json!({"apps": []})).stall_before_head(STALL)
        }),
    ])
    .await;
    let lacework = lacework_with(&server, impatient());
    let error = within(BOUND, list_apps(&lacework))
        .await
        .expect_err("no headers in time");
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Lacework/TimedOut", None, "list_apps");
    assert_timed_out(&error);
    shown
}

/// `get_issue` against a body that stalls after 10 bytes: the error, within the bound.
async fn egnyte_stalled_body() -> Error {
    let server = Server::start(vec![route(ISSUE, |_| {
        Reply::json_text(200, format!(r#"{{"id": 7, "token": "{BODY_TOKEN}"}}"#))
            .stall_mid_body(10, STALL)
    })])
    .await;
    let egnyte = egnyte_with(&server, Some(valid_tokens()), impatient());
    within(BOUND, get_issue(&egnyte))
        .await
        .expect_err("no body in time")
}

/// `list_apps` against a body that stalls after 5 bytes: the error, within the bound.
async fn lacework_stalled_body() -> Error {
    let server = Server::start(vec![
        login_route(),
        route(APPS, |_| {
            Reply::json_text(200, r#"{"apps": [{"uuid": "a"}]}"#).stall_mid_body(5, STALL)
        }),
    ])
    .await;
    let lacework = lacework_with(&server, impatient());
    within(BOUND, list_apps(&lacework))
        .await
        .expect_err("no body in time")
}

/// Whether the runtime error inside `error` says it is a timeout.
fn is_timeout(error: &Error) -> bool {
    match error {
        Error::Egnyte(error) => error.is_timeout(),
        Error::Lacework(error) => error.is_timeout(),
        _ => false,
    }
}

async fn egnyte_slow_body() -> Shown {
    let error = egnyte_stalled_body().await;
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/TimedOut",
        Some(200),
        "get_issue",
    );
    assert!(error.to_string().contains("timed out"), "{error}");
    shown
}

async fn lacework_slow_body() -> Shown {
    let error = lacework_stalled_body().await;
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/TimedOut",
        Some(200),
        "list_apps",
    );
    assert!(error.to_string().contains("timed out"), "{error}");
    shown
}

async fn egnyte_slow_body_names_its_timeout() -> Shown {
    let error = egnyte_stalled_body().await;
    let mut shown = Shown::default();
    shown.error("slow body", &error);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
    assert_timed_out(&error);
    assert!(is_timeout(&error), "{error:?}");
    shown
}

async fn lacework_slow_body_names_its_timeout() -> Shown {
    let error = lacework_stalled_body().await;
    let mut shown = Shown::default();
    shown.error("slow body", &error);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
    assert_timed_out(&error);
    assert!(is_timeout(&error), "{error:?}");
    shown
}

async fn egnyte_slow_token_endpoint() -> Shown {
    let server = Server::start(vec![
        route(EGNYTE_TOKEN, |_| {
            Reply::json(200, token_body(json!(3600))).stall_before_head(STALL)
        }),
        route(ISSUE, |_| Reply::json(200, json!({"id": 7}))),
    ])
    .await;
    let egnyte = egnyte_with(&server, Some(expired_tokens()), impatient());
    let error = within(BOUND, get_issue(&egnyte))
        .await
        .expect_err("no token in time");
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    let auth = auth_error(&error);
    assert!(matches!(auth, AuthError::Unreachable { .. }), "{auth:?}");
    assert!(!error.needs_reauthorization(), "a timeout is transient");
    assert!(error.to_string().contains("timed out"), "{error}");
    assert_eq!(server.count(ISSUE), 0);
    shown
}

/// `list_apps` with a TokenLogin that stalls before its headers: the error, within the bound.
async fn lacework_stalled_login() -> (Error, Server) {
    let server = Server::start(vec![
        route(LACEWORK_LOGIN, |_| {
            Reply::json(200, json!({"token": JWT_1, "ttl_sec": 3600})).stall_before_head(STALL)
        }),
        route(APPS, |_| Reply::json(200, json!({"apps": []}))),
    ])
    .await;
    let lacework = lacework_with(&server, impatient());
    let error = within(BOUND, list_apps(&lacework))
        .await
        .expect_err("no JWT in time");
    (error, server)
}

async fn lacework_slow_token_login() -> Shown {
    let (error, server) = lacework_stalled_login().await;
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/Credentials",
        None,
        "list_apps",
    );
    assert!(!error.needs_reauthorization(), "a timeout is transient");
    assert!(error.to_string().contains("timed out"), "{error}");
    assert_eq!(server.count(APPS), 0);
    shown
}

async fn lacework_slow_token_login_is_unreachable() -> Shown {
    let (error, _) = lacework_stalled_login().await;
    let mut shown = Shown::default();
    shown.error("slow login", &error);
    let auth = auth_error(&error);
    assert!(matches!(auth, AuthError::Unreachable { .. }), "{auth:?}");
    assert!(auth.to_string().contains("timed out"), "{auth}");
    shown
}
