//! Token responses with `expires_in` (Egnyte) and `ttl_sec` (Lacework TokenLogin) as servers
//! write them: integer, float, numeric string, negative, zero, `null`, missing, not a number.
//! Sign-in works with each; the lifetime is what the README says.

use std::time::{Duration, SystemTime};

use secops_sdk::Error;
use secops_sdk::auth::TokenStore;
use serde_json::json;

use crate::case;
use crate::common::START;
use crate::server::{Reply, Server, route};
use crate::support::*;

pub fn cases() -> Vec<Case> {
    vec![
        case!(TokenLifetimes, egnyte_expires_in_as_a_float),
        case!(TokenLifetimes, egnyte_expires_in_with_a_fraction),
        case!(TokenLifetimes, egnyte_expires_in_as_a_string),
        case!(TokenLifetimes, egnyte_expires_in_negative),
        case!(TokenLifetimes, egnyte_expires_in_zero),
        case!(TokenLifetimes, egnyte_expires_in_missing),
        case!(TokenLifetimes, egnyte_expires_in_null),
        case!(TokenLifetimes, egnyte_expires_in_not_a_number),
        case!(TokenLifetimes, lacework_ttl_sec_as_a_string),
        case!(TokenLifetimes, lacework_ttl_sec_as_a_float),
        case!(TokenLifetimes, lacework_ttl_sec_missing),
    ]
}

const ISSUE: &str = "/api/v1/issues/7";
const APPS: &str = "/api/v1/apps";

fn at(offset_secs: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(START + offset_secs)
}

/// Refreshes expired tokens against a token endpoint answering `expires_in` (or no such field
/// when `None`), calls `get_issue` twice, and returns when the stored access token expires and
/// how many refreshes there were.
async fn refresh_with(expires_in: Option<serde_json::Value>) -> (Option<SystemTime>, usize) {
    let body = match expires_in {
        Some(expires_in) => token_body(expires_in),
        None => json!({"access_token": ACCESS_2, "refresh_token": REFRESH_2}),
    };
    let server = Server::start(vec![
        route(EGNYTE_TOKEN, move |request| {
            assert_eq!(request.form("grant_type").as_deref(), Some("refresh_token"));
            Reply::json(200, body.clone())
        }),
        route(ISSUE, |request| {
            assert!(bearer(request, ACCESS_2), "the new token is used");
            Reply::json(200, json!({"id": 7}))
        }),
    ])
    .await;
    let egnyte = egnyte_with(&server, Some(expired_tokens()), retry());
    for _ in 0..2 {
        egnyte
            .facade
            .client()
            .get_issue()
            .id(7)
            .send()
            .await
            .map_err(Error::from)
            .expect("signed in with the refreshed token");
    }
    let stored = egnyte.store.load().await.unwrap().expect("tokens stored");
    assert_eq!(
        secops_sdk::ExposeSecret::expose_secret(stored.refresh_token()),
        REFRESH_2
    );
    (stored.expires_at(), server.count(EGNYTE_TOKEN))
}

async fn egnyte_expires_in_as_a_float() -> Shown {
    assert_eq!(refresh_with(Some(json!(3600.0))).await, (Some(at(3600)), 1));
    Shown::default()
}

async fn egnyte_expires_in_with_a_fraction() -> Shown {
    assert_eq!(
        refresh_with(Some(json!(1800.75))).await,
        (Some(at(1800)), 1)
    );
    Shown::default()
}

async fn egnyte_expires_in_as_a_string() -> Shown {
    assert_eq!(refresh_with(Some(json!("3600"))).await, (Some(at(3600)), 1));
    Shown::default()
}

async fn egnyte_expires_in_negative() -> Shown {
    let (expires_at, refreshes) = refresh_with(Some(json!(-1))).await;
    assert_eq!(expires_at, Some(at(0)), "stale at once");
    assert_eq!(refreshes, 2, "renewed before its next use");
    Shown::default()
}

async fn egnyte_expires_in_zero() -> Shown {
    let (expires_at, refreshes) = refresh_with(Some(json!(0))).await;
    assert_eq!(expires_at, Some(at(0)));
    assert_eq!(refreshes, 2);
    Shown::default()
}

async fn egnyte_expires_in_missing() -> Shown {
    assert_eq!(
        refresh_with(None).await,
        (Some(at(3600)), 1),
        "the documented default lifetime, one hour"
    );
    Shown::default()
}

async fn egnyte_expires_in_null() -> Shown {
    assert_eq!(refresh_with(Some(json!(null))).await, (Some(at(3600)), 1));
    Shown::default()
}

async fn egnyte_expires_in_not_a_number() -> Shown {
    assert_eq!(refresh_with(Some(json!("soon"))).await, (Some(at(3600)), 1));
    Shown::default()
}

/// Logs in with a TokenLogin answering `body`, lists apps twice, and returns how many logins
/// there were.
async fn logins_with(body: serde_json::Value) -> usize {
    let server = Server::start(vec![
        route(LACEWORK_LOGIN, move |request| {
            assert!(
                bearer(request, API_TOKEN),
                "the login carries the API token"
            );
            assert_eq!(request.query, "account=acme");
            Reply::json(200, body.clone())
        }),
        route(APPS, |request| {
            assert!(bearer(request, JWT_1), "the JWT is used");
            Reply::json(200, json!({"apps": []}))
        }),
    ])
    .await;
    let lacework = lacework(&server);
    for _ in 0..2 {
        lacework
            .facade
            .client()
            .list_apps()
            .send()
            .await
            .map_err(Error::from)
            .expect("logged in");
    }
    assert!(lacework.facade.auth().jwt().await.is_ok());
    server.count(LACEWORK_LOGIN)
}

async fn lacework_ttl_sec_as_a_string() -> Shown {
    assert_eq!(
        logins_with(json!({"token": JWT_1, "ttl_sec": "3600"})).await,
        1
    );
    Shown::default()
}

async fn lacework_ttl_sec_as_a_float() -> Shown {
    assert_eq!(
        logins_with(json!({"token": JWT_1, "ttl_sec": 3600.0, "expire_time_sec": "1700003600"}))
            .await,
        1
    );
    Shown::default()
}

async fn lacework_ttl_sec_missing() -> Shown {
    assert_eq!(
        logins_with(json!({"token": JWT_1, "ttl_sec": null, "status": "ACTIVE"})).await,
        1,
        "used until the server answers 401"
    );
    Shown::default()
}
