//! 401 forever (with renewal that works, and with renewal refused) and 429 forever (with and
//! without a huge `Retry-After`): each ends after the attempts the policy allows, with waits no
//! longer than its cap, and says whether a person must sign in again.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use secops_sdk::Error;
use secops_sdk::auth::AuthError;
use serde_json::json;

use crate::case;
use crate::server::{Reply, Server, route};
use crate::support::*;

pub fn cases() -> Vec<Case> {
    vec![
        case!(
            RejectedAndThrottled,
            egnyte_401_forever_with_a_working_refresh
        ),
        case!(
            RejectedAndThrottled,
            egnyte_401_forever_with_the_refresh_refused
        ),
        case!(RejectedAndThrottled, egnyte_without_stored_tokens),
        case!(
            RejectedAndThrottled,
            lacework_401_forever_with_a_working_login
        ),
        case!(
            RejectedAndThrottled,
            lacework_401_forever_then_login_refused
        ),
        case!(RejectedAndThrottled, lacework_login_refused_forever),
        case!(RejectedAndThrottled, egnyte_429_forever_without_retry_after),
        case!(
            RejectedAndThrottled,
            egnyte_429_forever_with_a_huge_retry_after
        ),
        case!(
            RejectedAndThrottled,
            egnyte_429_forever_with_an_overflowing_retry_after
        ),
        case!(
            RejectedAndThrottled,
            lacework_429_forever_without_retry_after
        ),
        case!(
            RejectedAndThrottled,
            lacework_429_forever_with_a_far_retry_after_date
        ),
        case!(RejectedAndThrottled, egnyte_token_endpoint_429_forever),
        case!(RejectedAndThrottled, lacework_token_login_429_forever),
    ]
}

const ISSUE: &str = "/api/v1/issues/7";
const APPS: &str = "/api/v1/apps";
const CAP: Duration = Duration::from_secs(2);

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

fn unauthorized() -> Reply {
    Reply::json(
        401,
        json!({"code": "UNAUTHENTICATED", "message": "token not accepted"}),
    )
}

async fn egnyte_401_forever_with_a_working_refresh() -> Shown {
    let server = Server::start(vec![
        route(EGNYTE_TOKEN, |_| Reply::json(200, token_body(json!(3600)))),
        route(ISSUE, |_| unauthorized()),
    ])
    .await;
    let egnyte = egnyte(&server);
    let error = get_issue(&egnyte).await.expect_err("401 forever");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/ErrorResponse",
        Some(401),
        "get_issue",
    );
    assert!(!error.needs_reauthorization(), "the refresh worked");
    let calls = server.requests();
    let issue_calls: Vec<_> = calls
        .iter()
        .filter(|request| request.path == ISSUE)
        .collect();
    assert_eq!(issue_calls.len(), 2, "sent once more after one refresh");
    assert!(bearer(issue_calls[0], ACCESS_1) && bearer(issue_calls[1], ACCESS_2));
    assert_eq!(server.count(EGNYTE_TOKEN), 1);
    shown
}

async fn egnyte_401_forever_with_the_refresh_refused() -> Shown {
    let server = Server::start(vec![
        route(EGNYTE_TOKEN, |_| {
            Reply::json(
                400,
                json!({"error": "invalid_grant", "error_description": "refresh token revoked"}),
            )
        }),
        route(ISSUE, |_| unauthorized()),
    ])
    .await;
    let egnyte = egnyte(&server);
    let error = get_issue(&egnyte).await.expect_err("401 forever");
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    assert!(error.needs_reauthorization(), "{error}");
    assert!(
        matches!(auth_error(&error), AuthError::RefreshRejected { .. }),
        "{error:?}"
    );
    assert_eq!((server.count(ISSUE), server.count(EGNYTE_TOKEN)), (1, 1));
    shown
}

async fn egnyte_without_stored_tokens() -> Shown {
    let server = Server::start(vec![route(ISSUE, |_| unauthorized())]).await;
    let egnyte = egnyte_with(&server, None, retry());
    let error = get_issue(&egnyte).await.expect_err("never signed in");
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    assert!(error.needs_reauthorization());
    assert!(matches!(auth_error(&error), AuthError::NotAuthorized));
    assert!(server.requests().is_empty());
    shown
}

async fn lacework_401_forever_with_a_working_login() -> Shown {
    let server = Server::start(vec![login_route(), route(APPS, |_| unauthorized())]).await;
    let error = list_apps(&lacework(&server))
        .await
        .expect_err("401 forever");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/ErrorResponse",
        Some(401),
        "list_apps",
    );
    assert!(!error.needs_reauthorization());
    assert_eq!((server.count(APPS), server.count(LACEWORK_LOGIN)), (2, 2));
    shown
}

async fn lacework_401_forever_then_login_refused() -> Shown {
    let logins = Arc::new(AtomicUsize::new(0));
    let server = Server::start(vec![
        route(LACEWORK_LOGIN, move |_| {
            if logins.fetch_add(1, Ordering::SeqCst) == 0 {
                Reply::json(200, json!({"token": JWT_1, "ttl_sec": 3600}))
            } else {
                Reply::json(401, json!({"message": "API token revoked"}))
            }
        }),
        route(APPS, |_| unauthorized()),
    ])
    .await;
    let error = list_apps(&lacework(&server))
        .await
        .expect_err("401 forever");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/Credentials",
        None,
        "list_apps",
    );
    assert!(error.needs_reauthorization(), "{error}");
    assert!(
        matches!(auth_error(&error), AuthError::LoginRejected { .. }),
        "{error:?}"
    );
    assert_eq!((server.count(APPS), server.count(LACEWORK_LOGIN)), (1, 2));
    shown
}

async fn lacework_login_refused_forever() -> Shown {
    let server = Server::start(vec![
        route(LACEWORK_LOGIN, |_| {
            Reply::json(401, json!({"message": "invalid API token"}))
        }),
        route(APPS, |_| Reply::json(200, json!({"apps": []}))),
    ])
    .await;
    let error = list_apps(&lacework(&server)).await.expect_err("no login");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/Credentials",
        None,
        "list_apps",
    );
    assert!(error.needs_reauthorization());
    assert!(matches!(
        auth_error(&error),
        AuthError::LoginRejected { .. }
    ));
    assert_eq!((server.count(APPS), server.count(LACEWORK_LOGIN)), (0, 1));
    shown
}

fn too_many(retry_after: Option<&str>) -> Reply {
    let reply = Reply::json(
        429,
        json!({"code": "RESOURCE_EXHAUSTED", "message": "slow down"}),
    );
    match retry_after {
        Some(value) => reply.header("retry-after", value),
        None => reply,
    }
}

/// Three attempts, then the 429 itself.
fn assert_throttled(error: &Error, server: &Server, path: &str) {
    assert_eq!(server.count(path), 3, "three attempts: {error}");
    assert!(!error.needs_reauthorization());
}

async fn egnyte_429_forever_without_retry_after() -> Shown {
    let server = Server::start(vec![route(ISSUE, |_| too_many(None))]).await;
    let egnyte = egnyte(&server);
    let error = get_issue(&egnyte).await.expect_err("429 forever");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/ErrorResponse",
        Some(429),
        "get_issue",
    );
    assert_throttled(&error, &server, ISSUE);
    assert_eq!(
        egnyte.clock.sleeps(),
        [Duration::from_millis(10), Duration::from_millis(20)]
    );
    shown
}

async fn egnyte_429_forever_with_a_huge_retry_after() -> Shown {
    let server = Server::start(vec![route(ISSUE, |_| too_many(Some("86400000")))]).await;
    let egnyte = egnyte(&server);
    let error = get_issue(&egnyte).await.expect_err("429 forever");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/ErrorResponse",
        Some(429),
        "get_issue",
    );
    assert_throttled(&error, &server, ISSUE);
    assert_eq!(
        egnyte.clock.sleeps(),
        [CAP, CAP],
        "1000 days asked, the cap waited"
    );
    shown
}

async fn egnyte_429_forever_with_an_overflowing_retry_after() -> Shown {
    let server = Server::start(vec![route(ISSUE, |_| {
        too_many(Some("184467440737095516160000"))
    })])
    .await;
    let egnyte = egnyte(&server);
    let error = get_issue(&egnyte).await.expect_err("429 forever");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Egnyte/ErrorResponse",
        Some(429),
        "get_issue",
    );
    assert_throttled(&error, &server, ISSUE);
    let sleeps = egnyte.clock.sleeps();
    assert_eq!(sleeps.len(), 2);
    assert!(sleeps.iter().all(|sleep| *sleep <= CAP), "{sleeps:?}");
    shown
}

async fn lacework_429_forever_without_retry_after() -> Shown {
    let server = Server::start(vec![login_route(), route(APPS, |_| too_many(None))]).await;
    let lacework = lacework(&server);
    let error = list_apps(&lacework).await.expect_err("429 forever");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/ErrorResponse",
        Some(429),
        "list_apps",
    );
    assert_throttled(&error, &server, APPS);
    assert_eq!(
        lacework.clock.sleeps(),
        [Duration::from_millis(10), Duration::from_millis(20)]
    );
    shown
}

async fn lacework_429_forever_with_a_far_retry_after_date() -> Shown {
    let server = Server::start(vec![
        login_route(),
        route(APPS, |_| too_many(Some("Fri, 31 Dec 2100 23:59:59 GMT"))),
    ])
    .await;
    let lacework = lacework(&server);
    let error = list_apps(&lacework).await.expect_err("429 forever");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/ErrorResponse",
        Some(429),
        "list_apps",
    );
    assert_throttled(&error, &server, APPS);
    assert_eq!(lacework.clock.sleeps(), [CAP, CAP]);
    shown
}

async fn egnyte_token_endpoint_429_forever() -> Shown {
    let server = Server::start(vec![
        route(EGNYTE_TOKEN, |_| too_many(Some("86400000"))),
        route(ISSUE, |_| Reply::json(200, json!({"id": 7}))),
    ])
    .await;
    let egnyte = egnyte_with(&server, Some(expired_tokens()), retry());
    let error = get_issue(&egnyte).await.expect_err("no token");
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    assert!(
        matches!(auth_error(&error), AuthError::EndpointFailed { .. }),
        "{error:?}"
    );
    assert!(!error.needs_reauthorization());
    assert!(error.to_string().contains("HTTP 429"), "{error}");
    assert_throttled(&error, &server, EGNYTE_TOKEN);
    assert_eq!(egnyte.clock.sleeps(), [CAP, CAP]);
    assert_eq!(server.count(ISSUE), 0);
    shown
}

async fn lacework_token_login_429_forever() -> Shown {
    let server = Server::start(vec![
        route(LACEWORK_LOGIN, |_| too_many(Some("86400000"))),
        route(APPS, |_| Reply::json(200, json!({"apps": []}))),
    ])
    .await;
    let lacework = lacework(&server);
    let error = list_apps(&lacework).await.expect_err("no JWT");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/Credentials",
        None,
        "list_apps",
    );
    assert!(
        matches!(auth_error(&error), AuthError::EndpointFailed { .. }),
        "{error:?}"
    );
    assert!(!error.needs_reauthorization());
    assert_throttled(&error, &server, LACEWORK_LOGIN);
    assert_eq!(lacework.clock.sleeps(), [CAP, CAP]);
    assert_eq!(server.count(APPS), 0);
    shown
}
