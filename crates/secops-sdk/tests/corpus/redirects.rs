//! Redirects to another host (a second loopback server): token endpoints follow none and name
//! the `Location` host; API calls follow them without carrying `Authorization` there.

use secops_sdk::auth::{AuthError, TokenStore};
use secops_sdk::{Error, ExposeSecret};
use serde_json::json;

use crate::case;
use crate::server::{Reply, Server, route};
use crate::support::*;

pub fn cases() -> Vec<Case> {
    vec![
        case!(Redirects, egnyte_refresh_redirected_to_another_host),
        case!(Redirects, egnyte_code_exchange_redirected_to_another_host),
        case!(Redirects, lacework_token_login_redirected_to_another_host),
        case!(Redirects, egnyte_api_call_redirected_to_another_host),
        case!(Redirects, lacework_api_call_redirected_to_another_host),
    ]
}

const ISSUE: &str = "/api/v1/issues/7";
const APPS: &str = "/api/v1/apps";
const ELSEWHERE: &str = "/collect";

/// The other host: it would hand out its own tokens and data to whoever comes.
async fn elsewhere() -> Server {
    Server::start(vec![route(ELSEWHERE, |request| {
        if request.path.starts_with("/api/v1/token-login") || request.method == "POST" {
            return Reply::json(200, token_body(json!(3600)));
        }
        Reply::json(200, json!({"id": 7, "apps": [], "token": JWT_2}))
    })])
    .await
}

/// What the other host may see: no request at all.
fn assert_untouched(other: &Server) {
    assert!(
        other.requests().is_empty(),
        "the other host received {:?}",
        other.requests()
    );
}

fn assert_redirected(auth: &AuthError, status: u16, other: &Server) {
    match auth {
        AuthError::TokenEndpointRedirected {
            status: got,
            location_host,
            ..
        } => {
            assert_eq!(*got, status);
            assert_eq!(location_host.as_deref(), Some(other.authority()));
        }
        other => panic!("expected TokenEndpointRedirected, got {other:?}"),
    }
    assert!(!auth.needs_reauthorization());
    let text = format!("{auth} {auth:?}");
    assert!(
        !text.contains(ELSEWHERE) && !text.contains("from=token"),
        "{text}"
    );
}

async fn egnyte_refresh_redirected_to_another_host() -> Shown {
    let other = elsewhere().await;
    let location = other.url("/collect?from=token");
    let server = Server::start(vec![
        route(EGNYTE_TOKEN, move |_| Reply::redirect(307, &location)),
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
        .expect_err("the refresh is not followed");
    let mut shown = Shown::default();
    expect_error(&mut shown, &error, "Egnyte/Credentials", None, "get_issue");
    assert_redirected(auth_error(&error), 307, &other);
    assert_untouched(&other);
    assert_eq!(server.count(EGNYTE_TOKEN), 1, "a redirect is not retried");
    assert_eq!(server.count(ISSUE), 0);
    let stored = egnyte.store.load().await.unwrap().unwrap();
    assert_eq!(stored.refresh_token().expose_secret(), REFRESH_1);
    shown
}

async fn egnyte_code_exchange_redirected_to_another_host() -> Shown {
    let other = elsewhere().await;
    let location = other.url("/collect?from=token");
    let server = Server::start(vec![route(EGNYTE_TOKEN, move |_| {
        Reply::redirect(308, &location)
    })])
    .await;
    let egnyte = egnyte_with(&server, None, retry());
    let error = egnyte
        .facade
        .auth()
        .exchange_code(CODE)
        .await
        .expect_err("the exchange is not followed");
    assert_redirected(&error, 308, &other);
    assert_untouched(&other);
    assert_eq!(server.requests()[0].form("code").as_deref(), Some(CODE));
    assert!(egnyte.store.load().await.unwrap().is_none());
    let mut shown = Shown::default();
    shown.error("code exchange AuthError", &error);
    shown
}

async fn lacework_token_login_redirected_to_another_host() -> Shown {
    let other = elsewhere().await;
    let location = other.url("/collect?from=token");
    let server = Server::start(vec![
        route(LACEWORK_LOGIN, move |_| Reply::redirect(302, &location)),
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
        .expect_err("the login is not followed");
    let mut shown = Shown::default();
    expect_error(
        &mut shown,
        &error,
        "Lacework/Credentials",
        None,
        "list_apps",
    );
    assert_redirected(auth_error(&error), 302, &other);
    assert_untouched(&other);
    assert_eq!(server.count(APPS), 0);
    shown
}

async fn egnyte_api_call_redirected_to_another_host() -> Shown {
    let other = elsewhere().await;
    let location = other.url(ELSEWHERE);
    let server = Server::start(vec![route(ISSUE, move |request| {
        assert!(bearer(request, ACCESS_1));
        Reply::redirect(302, &location)
    })])
    .await;
    let issue = egnyte(&server)
        .facade
        .client()
        .get_issue()
        .id(7)
        .send()
        .await
        .expect("the redirect is followed")
        .into_inner();
    assert_eq!(issue.id, Some(7));
    let landed = other.requests();
    assert_eq!(landed.len(), 1, "{landed:?}");
    assert_eq!(
        landed[0].header("authorization"),
        None,
        "the other host gets no token"
    );
    let mut shown = Shown::default();
    shown.value("issue from the other host", &issue);
    shown
}

async fn lacework_api_call_redirected_to_another_host() -> Shown {
    let other = elsewhere().await;
    let location = other.url(ELSEWHERE);
    let server = Server::start(vec![
        login_route(),
        route(APPS, move |request| {
            assert!(bearer(request, JWT_1));
            Reply::redirect(307, &location)
        }),
    ])
    .await;
    let apps = lacework(&server)
        .facade
        .client()
        .list_apps()
        .send()
        .await
        .expect("the redirect is followed")
        .into_inner();
    assert!(apps.apps.is_empty());
    let landed = other.requests();
    assert_eq!(landed.len(), 1, "{landed:?}");
    assert_eq!(
        landed[0].header("authorization"),
        None,
        "the other host gets no JWT"
    );
    let mut shown = Shown::default();
    shown.value("apps from the other host", &apps);
    shown
}
