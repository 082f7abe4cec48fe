//! Token endpoints are safe and retried: no redirect is followed (Egnyte OAuth, Lacework
//! TokenLogin), API calls never carry `Authorization` to another origin, and token requests
//! follow the retry policy without ever sending a consumed authorization code twice.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use secops_sdk::auth::egnyte::{EgnyteAuth, Region};
use secops_sdk::auth::lacework::LaceworkAuth;
use secops_sdk::auth::{AuthError, MemoryTokenStore, TokenStore};
use secops_sdk::transport::SdkTransport;
use secrecy::ExposeSecret;

fn egnyte_auth(
    server: &MockServer,
    store: Arc<dyn TokenStore>,
    clock: Arc<TestClock>,
) -> EgnyteAuth {
    let config = egnyte_config(server, store, clock);
    EgnyteAuth::new(&config, config.build_http_client().unwrap())
}

fn expired_store() -> Arc<MemoryTokenStore> {
    Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        -10,
    ))))
}

fn token_body(access: &str, refresh: &str) -> serde_json::Value {
    serde_json::json!({"access_token": access, "refresh_token": refresh, "expires_in": 3600})
}

/// A second origin (another port) where stolen credentials would arrive.
async fn elsewhere() -> (MockServer, String) {
    let server = MockServer::start_async().await;
    let url = server.url("/steal?from=redirect");
    (server, url)
}

fn assert_redirect_error(error: &AuthError, elsewhere: &MockServer) {
    match error {
        AuthError::TokenEndpointRedirected {
            status,
            location_host,
            ..
        } => {
            assert_eq!(*status, 307);
            assert_eq!(
                location_host.as_deref(),
                Some(elsewhere.address().to_string().as_str())
            );
        }
        other => panic!("expected TokenEndpointRedirected, got {other:?}"),
    }
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains("steal") && !shown.contains("from=redirect"),
        "{shown}"
    );
    assert!(shown.contains("no credential was sent there"), "{shown}");
    assert!(!error.needs_reauthorization(), "{error}");
}

#[tokio::test]
async fn a_refresh_redirected_elsewhere_is_not_followed() {
    let server = MockServer::start_async().await;
    let (thief, location) = elsewhere().await;
    let stolen = thief
        .mock_async(|when, then| {
            when.any_request();
            then.status(200)
                .json_body(token_body("access-EVIL", "refresh-EVIL"));
        })
        .await;
    let redirect = server
        .mock_async(move |when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(307).header("location", location);
        })
        .await;
    let store = expired_store();
    let auth = egnyte_auth(&server, store.clone(), TestClock::new());

    let error = auth.access_token().await.unwrap_err();

    assert_redirect_error(&error, &thief);
    redirect.assert_calls_async(1).await;
    stolen.assert_calls_async(0).await;
    let stored = store.load().await.unwrap().unwrap();
    assert_eq!(stored.refresh_token().expose_secret(), "refresh-1");
}

#[tokio::test]
async fn a_code_exchange_redirected_elsewhere_is_not_followed() {
    let server = MockServer::start_async().await;
    let (thief, location) = elsewhere().await;
    let stolen = thief
        .mock_async(|when, then| {
            when.any_request();
            then.status(200)
                .json_body(token_body("access-EVIL", "refresh-EVIL"));
        })
        .await;
    let redirect = server
        .mock_async(move |when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(307).header("location", location);
        })
        .await;
    let store = Arc::new(MemoryTokenStore::default());
    let auth = egnyte_auth(&server, store.clone(), TestClock::new());

    let error = auth.exchange_code("code-1").await.unwrap_err();

    assert_redirect_error(&error, &thief);
    redirect.assert_calls_async(1).await;
    stolen.assert_calls_async(0).await;
    assert!(store.load().await.unwrap().is_none());
}

#[tokio::test]
async fn a_token_login_redirected_elsewhere_is_not_followed() {
    let server = MockServer::start_async().await;
    let (thief, location) = elsewhere().await;
    let stolen = thief
        .mock_async(|when, then| {
            when.any_request();
            then.status(200)
                .json_body(serde_json::json!({"token": "jwt-EVIL", "ttl_sec": 3600}));
        })
        .await;
    let redirect = server
        .mock_async(move |when, then| {
            when.method(GET).path("/api/v1/token-login");
            then.status(307).header("location", location);
        })
        .await;
    let config = lacework_config(&server, TestClock::new());
    let auth = LaceworkAuth::new(&config, config.build_http_client().unwrap());

    let error = auth.jwt().await.unwrap_err();

    assert_redirect_error(&error, &thief);
    redirect.assert_calls_async(1).await;
    stolen.assert_calls_async(0).await;
}

#[tokio::test]
async fn an_api_call_redirected_to_another_origin_does_not_carry_authorization_there() {
    let api = MockServer::start_async().await;
    let other = MockServer::start_async().await;
    let landing = other.url("/landing?x=1");
    let moved = api
        .mock_async(move |when, then| {
            when.method(GET)
                .path("/api/v1/issues")
                .header("authorization", "Bearer access-A");
            then.status(302).header("location", landing);
        })
        .await;
    let with_token = other
        .mock_async(|when, then| {
            when.path("/landing").header_exists("authorization");
            then.status(200)
                .json_body(serde_json::json!({"issues": []}));
        })
        .await;
    let without_token = other
        .mock_async(|when, then| {
            when.path("/landing").header_missing("authorization");
            then.status(200)
                .json_body(serde_json::json!({"issues": []}));
        })
        .await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        3600,
    ))));
    let config = egnyte_config(&api, store, TestClock::new());
    let http = config.build_http_client().unwrap();
    let auth = Arc::new(EgnyteAuth::new(&config, http.clone()));
    let transport = SdkTransport::new(
        "egnyte",
        auth,
        config.retry().clone(),
        config.clock().clone(),
    );
    let request = http.get(api.url("/api/v1/issues")).build().unwrap();

    let response = send(&transport, &http, request, "list_issues")
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    moved.assert_calls_async(1).await;
    with_token.assert_calls_async(0).await;
    without_token.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_refresh_is_retried_on_503_with_retry_after() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let unavailable = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(503)
                .header("retry-after", "0")
                .body("maintenance")
                .up_to_n_times(1);
        })
        .await;
    let store = expired_store();
    let auth = egnyte_auth(&server, store.clone(), clock.clone());
    let ok = server
        .mock_async(move |when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .form_urlencoded_tuple("refresh_token", "refresh-1");
            then.status(200)
                .json_body(token_body("access-B", "refresh-2"));
        })
        .await;

    let token = auth.access_token().await.unwrap();

    assert_eq!(token.expose_secret(), "access-B");
    unavailable.assert_calls_async(1).await;
    ok.assert_calls_async(1).await;
    assert_eq!(clock.sleeps(), [Duration::ZERO]);
}

#[tokio::test]
async fn a_refresh_is_retried_on_429_with_retry_after_capped() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let busy = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(429).header("retry-after", "86400");
        })
        .await;
    let config = secops_sdk::config::EgnyteConfig::builder()
        .region(Region::Custom(server.base_url().parse().unwrap()))
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .token_store(expired_store())
        .clock(clock.clone())
        .retry(quick_retry().with_max_retry_after(Duration::from_secs(5)))
        .allow_insecure_http(true)
        .build()
        .unwrap();
    let auth = EgnyteAuth::new(&config, config.build_http_client().unwrap());

    let error = auth.access_token().await.unwrap_err();

    assert!(
        matches!(error, AuthError::EndpointFailed { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("HTTP 429"), "{error}");
    assert!(!error.needs_reauthorization());
    busy.assert_calls_async(3).await;
    // A day asked for, 5 s (the configured cap) waited.
    assert_eq!(clock.sleeps(), [Duration::from_secs(5); 2]);
}

#[tokio::test]
async fn a_code_exchange_is_not_retried_after_a_server_error() {
    for status in [500, 502, 503, 504] {
        let server = MockServer::start_async().await;
        let clock = TestClock::new();
        let failing = server
            .mock_async(move |when, then| {
                when.method(POST).path("/oauth2/token");
                then.status(status).header("retry-after", "0");
            })
            .await;
        let auth = egnyte_auth(
            &server,
            Arc::new(MemoryTokenStore::default()),
            clock.clone(),
        );

        let error = auth.exchange_code("code-1").await.unwrap_err();

        assert!(
            matches!(error, AuthError::EndpointFailed { .. }),
            "{error:?}"
        );
        failing.assert_calls_async(1).await;
        assert!(clock.sleeps().is_empty(), "{status}: {:?}", clock.sleeps());
    }
}

#[tokio::test]
async fn a_code_exchange_is_retried_after_429() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let busy = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(429).header("retry-after", "2").up_to_n_times(1);
        })
        .await;
    let ok = server
        .mock_async(move |when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .form_urlencoded_tuple("code", "code-1");
            then.status(200)
                .json_body(token_body("access-A", "refresh-1"));
        })
        .await;
    let store = Arc::new(MemoryTokenStore::default());
    let auth = egnyte_auth(&server, store.clone(), clock.clone());

    auth.exchange_code("code-1").await.unwrap();

    busy.assert_calls_async(1).await;
    ok.assert_calls_async(1).await;
    assert_eq!(clock.sleeps(), [Duration::from_secs(2)]);
    assert!(store.load().await.unwrap().is_some());
}

#[tokio::test]
async fn a_code_exchange_is_retried_when_no_connection_was_made() {
    // A port nothing listens on: the connection is refused, so nothing was sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let clock = TestClock::new();
    let config = secops_sdk::config::EgnyteConfig::builder()
        .region(format!("http://{address}").parse().unwrap())
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .redirect_uri(REDIRECT_URI)
        .clock(clock.clone())
        .retry(quick_retry())
        .allow_insecure_http(true)
        .build()
        .unwrap();
    let auth = EgnyteAuth::new(&config, config.build_http_client().unwrap());

    let error = auth.exchange_code("code-1").await.unwrap_err();

    assert!(matches!(error, AuthError::Unreachable { .. }), "{error:?}");
    assert!(!error.needs_reauthorization());
    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(10), Duration::from_millis(20)]
    );
}

#[tokio::test]
async fn a_code_exchange_that_timed_out_is_not_sent_again() {
    let server = MockServer::start_async().await;
    let slow = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(200)
                .delay(Duration::from_secs(3))
                .json_body(token_body("access-A", "refresh-1"));
        })
        .await;
    let clock = TestClock::new();
    let config = secops_sdk::config::EgnyteConfig::builder()
        .region(Region::Custom(server.base_url().parse().unwrap()))
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .redirect_uri(REDIRECT_URI)
        .clock(clock.clone())
        .retry(quick_retry().with_attempt_timeout(Some(Duration::from_millis(200))))
        .allow_insecure_http(true)
        .build()
        .unwrap();
    let auth = EgnyteAuth::new(&config, config.build_http_client().unwrap());

    let started = std::time::Instant::now();
    let error = auth.exchange_code("code-1").await.unwrap_err();

    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(matches!(error, AuthError::Unreachable { .. }), "{error:?}");
    assert!(error.to_string().contains("timed out"), "{error}");
    slow.assert_calls_async(1).await;
    assert!(clock.sleeps().is_empty());
}
