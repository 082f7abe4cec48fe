//! Egnyte OAuth scenarios: refresh on 401, rotation, single flight, failed refresh, expiry;
//! sign-in with a redirect URI or in no-redirect mode, `exchange_redirect`, PKCE, and
//! `expires_in` as servers write it.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use secops_sdk::auth::egnyte::{EgnyteAuth, Region, Scope};
use secops_sdk::auth::{AuthError, MemoryTokenStore, TokenStore};
use secops_sdk::config::EgnyteConfig;
use secops_sdk::transport::SdkTransport;
use secrecy::ExposeSecret;

struct Setup {
    auth: Arc<EgnyteAuth>,
    transport: Arc<SdkTransport>,
    http: reqwest::Client,
}

fn setup(server: &MockServer, store: Arc<dyn TokenStore>, clock: Arc<TestClock>) -> Setup {
    setup_from(egnyte_config(server, store, clock))
}

/// The same configuration without a redirect URI: no-redirect mode.
fn headless_setup(server: &MockServer, store: Arc<dyn TokenStore>, clock: Arc<TestClock>) -> Setup {
    let config = EgnyteConfig::builder()
        .region(Region::Custom(server.base_url().parse().unwrap()))
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .token_store(store)
        .clock(clock)
        .retry(quick_retry())
        .allow_insecure_http(true)
        .build()
        .unwrap();
    setup_from(config)
}

fn setup_from(config: EgnyteConfig) -> Setup {
    let http = config.build_http_client().unwrap();
    let auth = Arc::new(EgnyteAuth::new(&config, http.clone()));
    let transport = Arc::new(SdkTransport::new(
        "egnyte",
        auth.clone(),
        config.retry().clone(),
        config.clock().clone(),
    ));
    Setup {
        auth,
        transport,
        http,
    }
}

fn list_issues(setup: &Setup, server: &MockServer) -> reqwest::Request {
    setup
        .http
        .get(server.url("/api/v1/issues"))
        .build()
        .unwrap()
}

/// Ten calls on separate tasks of the multi-threaded runtime; their statuses.
async fn ten_concurrent_calls(setup: &Setup, server: &MockServer) -> Vec<u16> {
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let transport = setup.transport.clone();
            let http = setup.http.clone();
            let request = list_issues(setup, server);
            tokio::spawn(async move {
                send(&transport, &http, request, "list_issues")
                    .await
                    .map(|response| response.status().as_u16())
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap().unwrap());
    }
    statuses
}

async fn refresh_mock<'a>(
    server: &'a MockServer,
    old_refresh: &str,
    body: serde_json::Value,
) -> httpmock::Mock<'a> {
    let old_refresh = old_refresh.to_owned();
    server
        .mock_async(move |when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .header("content-type", "application/x-www-form-urlencoded")
                .form_urlencoded_tuple("grant_type", "refresh_token")
                .form_urlencoded_tuple("client_id", CLIENT_ID)
                .form_urlencoded_tuple("client_secret", CLIENT_SECRET)
                .form_urlencoded_tuple("redirect_uri", REDIRECT_URI)
                .form_urlencoded_tuple("refresh_token", old_refresh);
            then.status(200).json_body(body);
        })
        .await
}

async fn issues_mock<'a>(server: &'a MockServer, access: &str, status: u16) -> httpmock::Mock<'a> {
    let bearer = format!("Bearer {access}");
    server
        .mock_async(move |when, then| {
            when.method(GET)
                .path("/api/v1/issues")
                .header("authorization", bearer);
            then.status(status)
                .json_body(serde_json::json!({"issues": [], "cursor": 0}));
        })
        .await
}

#[tokio::test]
async fn a_401_refreshes_once_and_retries_once() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        3600,
    ))));
    let setup = setup(&server, store.clone(), TestClock::new());
    let rejected = issues_mock(&server, "access-A", 401).await;
    let refresh = refresh_mock(
        &server,
        "refresh-1",
        serde_json::json!({"access_token": "access-B", "refresh_token": "refresh-2", "expires_in": 3600}),
    )
    .await;
    let accepted = issues_mock(&server, "access-B", 200).await;

    let response = send(
        &setup.transport,
        &setup.http,
        list_issues(&setup, &server),
        "list_issues",
    )
    .await
    .unwrap();

    assert_eq!(response.status(), 200);
    rejected.assert_calls_async(1).await;
    refresh.assert_calls_async(1).await;
    accepted.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_second_401_is_returned_without_another_refresh() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        3600,
    ))));
    let setup = setup(&server, store, TestClock::new());
    let first = issues_mock(&server, "access-A", 401).await;
    let refresh = refresh_mock(
        &server,
        "refresh-1",
        serde_json::json!({"access_token": "access-B", "refresh_token": "refresh-2"}),
    )
    .await;
    let second = issues_mock(&server, "access-B", 401).await;

    let response = send(
        &setup.transport,
        &setup.http,
        list_issues(&setup, &server),
        "list_issues",
    )
    .await
    .unwrap();

    assert_eq!(response.status(), 401);
    first.assert_calls_async(1).await;
    refresh.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_rotated_refresh_token_is_saved_before_the_new_access_token_is_used() {
    let server = MockServer::start_async().await;
    let log = EventLog::default();
    let store = RecordingStore::new(Some(tokens("access-A", "refresh-1", -10)), log.clone());
    let setup = setup(&server, store.clone(), TestClock::new());
    let refresh = refresh_mock(
        &server,
        "refresh-1",
        serde_json::json!({"access_token": "access-B", "refresh_token": "refresh-2", "expires_in": 3600}),
    )
    .await;
    let server_log = log.clone();
    let accepted = server
        .mock_async(move |when, then| {
            when.method(GET)
                .path("/api/v1/issues")
                .header("authorization", "Bearer access-B")
                .is_true(move |_| {
                    server_log.push("server saw access-B");
                    true
                });
            then.status(200)
                .json_body(serde_json::json!({"issues": []}));
        })
        .await;

    let response = send(
        &setup.transport,
        &setup.http,
        list_issues(&setup, &server),
        "list_issues",
    )
    .await
    .unwrap();

    assert_eq!(response.status(), 200);
    refresh.assert_calls_async(1).await;
    accepted.assert_calls_async(1).await;
    let events = log.events();
    assert_eq!(
        events.first().map(String::as_str),
        Some("saved refresh=refresh-2"),
        "{events:?}"
    );
    assert!(
        events.iter().any(|event| event == "server saw access-B"),
        "{events:?}"
    );
    let stored = store.load().await.unwrap().unwrap();
    assert_eq!(stored.refresh_token().expose_secret(), "refresh-2");
    assert_eq!(stored.access_token().expose_secret(), "access-B");
}

#[tokio::test]
async fn a_refresh_without_a_new_refresh_token_keeps_the_old_one() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        -10,
    ))));
    let setup = setup(&server, store.clone(), TestClock::new());
    let refresh = refresh_mock(
        &server,
        "refresh-1",
        serde_json::json!({"access_token": "access-B"}),
    )
    .await;

    let token = setup.auth.access_token().await.unwrap();

    assert_eq!(token.expose_secret(), "access-B");
    refresh.assert_calls_async(1).await;
    let stored = store.load().await.unwrap().unwrap();
    assert_eq!(stored.refresh_token().expose_secret(), "refresh-1");
    // No expires_in: the documented default lifetime.
    assert_eq!(
        stored.expires_at(),
        Some(
            std::time::SystemTime::UNIX_EPOCH
                + Duration::from_secs(START)
                + secops_sdk::egnyte::DEFAULT_TOKEN_LIFETIME
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_calls_with_an_expired_token_make_one_refresh() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        -10,
    ))));
    let setup = setup(&server, store, TestClock::new());
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .form_urlencoded_tuple("refresh_token", "refresh-1");
            then.status(200)
                .delay(Duration::from_millis(50))
                .json_body(serde_json::json!({"access_token": "access-B", "refresh_token": "refresh-2", "expires_in": 3600}));
        })
        .await;
    let stale = issues_mock(&server, "access-A", 401).await;
    let accepted = issues_mock(&server, "access-B", 200).await;

    for status in ten_concurrent_calls(&setup, &server).await {
        assert_eq!(status, 200);
    }
    refresh.assert_calls_async(1).await;
    stale.assert_calls_async(0).await;
    accepted.assert_calls_async(10).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_401s_make_one_refresh() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        3600,
    ))));
    let setup = setup(&server, store, TestClock::new());
    let refresh = refresh_mock(
        &server,
        "refresh-1",
        serde_json::json!({"access_token": "access-B", "refresh_token": "refresh-2", "expires_in": 3600}),
    )
    .await;
    let rejected = issues_mock(&server, "access-A", 401).await;
    let accepted = issues_mock(&server, "access-B", 200).await;

    // All ten requests carry access-A before any is sent, then meet 401 at about the same time.
    let mut authorized = Vec::new();
    for _ in 0..10 {
        let mut request = list_issues(&setup, &server);
        setup
            .transport
            .authorize(&mut request, "list_issues")
            .await
            .unwrap();
        authorized.push(request);
    }
    let tasks: Vec<_> = authorized
        .into_iter()
        .map(|request| {
            let transport = setup.transport.clone();
            let http = setup.http.clone();
            tokio::spawn(async move { transport.execute(&http, request, "list_issues").await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().status(), 200);
    }
    refresh.assert_calls_async(1).await;
    rejected.assert_calls_async(10).await;
    accepted.assert_calls_async(10).await;
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_stored_tokens_and_asks_for_reauthorization() {
    let server = MockServer::start_async().await;
    let log = EventLog::default();
    let store = RecordingStore::new(Some(tokens("access-A", "refresh-1", -10)), log.clone());
    let setup = setup(&server, store.clone(), TestClock::new());
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(400).json_body(serde_json::json!({
                "error": "invalid_grant",
                "error_description": "Refresh token was revoked"
            }));
        })
        .await;
    let api = server
        .mock_async(|when, then| {
            when.path("/api/v1/issues");
            then.status(200);
        })
        .await;

    let message = send(
        &setup.transport,
        &setup.http,
        list_issues(&setup, &server),
        "list_issues",
    )
    .await
    .unwrap_err();
    let error = setup.auth.access_token().await.unwrap_err();

    assert!(message.contains("re-authorization is needed"), "{message}");
    assert!(
        message.contains("invalid_grant: Refresh token was revoked"),
        "{message}"
    );
    assert!(error.needs_reauthorization(), "{error}");
    match &error {
        AuthError::RefreshRejected { rejection } => {
            assert_eq!(rejection.status, 400);
            assert_eq!(rejection.error.as_deref(), Some("invalid_grant"));
        }
        other => panic!("expected RefreshRejected, got {other:?}"),
    }
    refresh.assert_calls_async(2).await;
    api.assert_calls_async(0).await;
    assert!(
        log.events().is_empty(),
        "nothing may be saved: {:?}",
        log.events()
    );
    let stored = store.load().await.unwrap().unwrap();
    assert_eq!(stored.access_token().expose_secret(), "access-A");
    assert_eq!(stored.refresh_token().expose_secret(), "refresh-1");
}

#[tokio::test]
async fn a_token_endpoint_outage_is_not_reported_as_needing_reauthorization() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        -10,
    ))));
    let setup = setup(&server, store.clone(), TestClock::new());
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(503).body("maintenance");
        })
        .await;

    let error = setup.auth.access_token().await.unwrap_err();

    assert!(!error.needs_reauthorization(), "{error}");
    assert!(error.to_string().contains("HTTP 503"), "{error}");
    assert!(error.to_string().contains("maintenance"), "{error}");
    // A refresh is retried on 503, up to the attempt limit (3 by default).
    refresh.assert_calls_async(3).await;
    let stored = store.load().await.unwrap().unwrap();
    assert_eq!(stored.refresh_token().expose_secret(), "refresh-1");
}

#[tokio::test]
async fn the_token_is_refreshed_shortly_before_it_expires() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    // Expires 120 s after the start; the default refresh skew is 60 s.
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        120,
    ))));
    let setup = setup(&server, store, clock.clone());
    let refresh = refresh_mock(
        &server,
        "refresh-1",
        serde_json::json!({"access_token": "access-B", "refresh_token": "refresh-2", "expires_in": 3600}),
    )
    .await;
    let old = issues_mock(&server, "access-A", 200).await;
    let new = issues_mock(&server, "access-B", 200).await;

    send(
        &setup.transport,
        &setup.http,
        list_issues(&setup, &server),
        "list_issues",
    )
    .await
    .unwrap();
    clock.advance(Duration::from_secs(59));
    send(
        &setup.transport,
        &setup.http,
        list_issues(&setup, &server),
        "list_issues",
    )
    .await
    .unwrap();
    refresh.assert_calls_async(0).await;
    clock.advance(Duration::from_secs(2));
    send(
        &setup.transport,
        &setup.http,
        list_issues(&setup, &server),
        "list_issues",
    )
    .await
    .unwrap();

    refresh.assert_calls_async(1).await;
    old.assert_calls_async(2).await;
    new.assert_calls_async(1).await;
}

#[tokio::test]
async fn without_stored_tokens_nothing_is_sent_and_authorization_is_requested() {
    let server = MockServer::start_async().await;
    let setup = setup(
        &server,
        Arc::new(MemoryTokenStore::default()),
        TestClock::new(),
    );
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;

    let error = setup.auth.access_token().await.unwrap_err();

    assert!(matches!(error, AuthError::NotAuthorized), "{error}");
    assert!(error.to_string().contains("exchange_code"));
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_code_exchange_stores_the_tokens() {
    let server = MockServer::start_async().await;
    let log = EventLog::default();
    let store = RecordingStore::new(None, log.clone());
    let clock = TestClock::new();
    let setup = setup(&server, store.clone(), clock);
    let exchange = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .form_urlencoded_tuple("grant_type", "authorization_code")
                .form_urlencoded_tuple("client_id", CLIENT_ID)
                .form_urlencoded_tuple("client_secret", CLIENT_SECRET)
                .form_urlencoded_tuple("redirect_uri", REDIRECT_URI)
                .form_urlencoded_tuple("code", "code-xyz");
            then.status(200).json_body(serde_json::json!({
                "access_token": "access-A", "refresh_token": "refresh-1",
                "expires_in": 3600, "token_type": "bearer"
            }));
        })
        .await;
    let api = issues_mock(&server, "access-A", 200).await;

    let url = setup
        .auth
        .authorize_url()
        .scopes([Scope::IssuesRead, Scope::AuditeventsRead])
        .state("st-1")
        .build();
    setup.auth.exchange_code("code-xyz").await.unwrap();
    send(
        &setup.transport,
        &setup.http,
        list_issues(&setup, &server),
        "list_issues",
    )
    .await
    .unwrap();

    assert_eq!(url.path(), "/oauth2/code");
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(
        query,
        [
            ("client_id", CLIENT_ID),
            ("redirect_uri", REDIRECT_URI),
            ("response_type", "code"),
            ("scope", "issues:read auditevents:read"),
            ("state", "st-1"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    exchange.assert_calls_async(1).await;
    api.assert_calls_async(1).await;
    assert_eq!(log.events(), ["saved refresh=refresh-1"]);
    let stored = store.load().await.unwrap().unwrap();
    assert_eq!(
        stored.expires_at(),
        Some(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(START + 3600))
    );
}

#[tokio::test]
async fn a_rejected_code_says_to_start_again() {
    let server = MockServer::start_async().await;
    let setup = setup(
        &server,
        Arc::new(MemoryTokenStore::default()),
        TestClock::new(),
    );
    let exchange = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(400).json_body(
                serde_json::json!({"error": "invalid_grant", "error_description": "Code expired"}),
            );
        })
        .await;

    let error = setup.auth.exchange_code("old-code").await.unwrap_err();

    assert!(matches!(error, AuthError::CodeRejected { .. }), "{error}");
    assert!(error.to_string().contains("Code expired"), "{error}");
    exchange.assert_calls_async(1).await;
}

fn query_of(url: &url::Url) -> Vec<(String, String)> {
    url.query_pairs().into_owned().collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

fn token_body(access: &str, refresh: &str) -> serde_json::Value {
    serde_json::json!({
        "access_token": access, "refresh_token": refresh, "expires_in": 3600, "token_type": "bearer"
    })
}

#[tokio::test]
async fn no_redirect_mode_signs_in_and_refreshes_without_a_redirect_uri() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::default());
    let setup = headless_setup(&server, store.clone(), TestClock::new());
    let exchange = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .form_urlencoded_tuple("grant_type", "authorization_code")
                .form_urlencoded_tuple("client_id", CLIENT_ID)
                .form_urlencoded_tuple("client_secret", CLIENT_SECRET)
                .form_urlencoded_tuple("no_redirect", "true")
                .form_urlencoded_tuple_missing("redirect_uri")
                .form_urlencoded_tuple_missing("code_verifier")
                .form_urlencoded_tuple("code", "pasted-code");
            then.status(200)
                .json_body(serde_json::json!({"access_token": "access-A", "refresh_token": "refresh-1", "expires_in": 0}));
        })
        .await;
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .form_urlencoded_tuple("grant_type", "refresh_token")
                .form_urlencoded_tuple("client_secret", CLIENT_SECRET)
                .form_urlencoded_tuple("no_redirect", "true")
                .form_urlencoded_tuple_missing("redirect_uri")
                .form_urlencoded_tuple("refresh_token", "refresh-1");
            then.status(200)
                .json_body(token_body("access-B", "refresh-2"));
        })
        .await;

    let url = setup.auth.authorize_url().state("st-1").build();
    assert_eq!(
        query_of(&url),
        pairs(&[
            ("client_id", CLIENT_ID),
            ("no_redirect", "true"),
            ("response_type", "code"),
            ("state", "st-1"),
        ])
    );
    setup.auth.exchange_code("pasted-code").await.unwrap();
    // expires_in 0: the token is renewed before its first use.
    let token = setup.auth.access_token().await.unwrap();

    assert_eq!(token.expose_secret(), "access-B");
    exchange.assert_calls_async(1).await;
    refresh.assert_calls_async(1).await;
    let stored = store.load().await.unwrap().unwrap();
    assert_eq!(stored.refresh_token().expose_secret(), "refresh-2");
}

#[tokio::test]
async fn exchange_redirect_checks_the_state_and_exchanges_the_code() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::default());
    let setup = setup(&server, store.clone(), TestClock::new());
    let exchange = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .form_urlencoded_tuple("grant_type", "authorization_code")
                .form_urlencoded_tuple("redirect_uri", REDIRECT_URI)
                .form_urlencoded_tuple_missing("no_redirect")
                .form_urlencoded_tuple("code", "code-xyz/+1");
            then.status(200)
                .json_body(token_body("access-A", "refresh-1"));
        })
        .await;

    let redirect = format!("{REDIRECT_URI}?code=code-xyz%2F%2B1&state=st-1");
    setup
        .auth
        .exchange_redirect(&redirect, "st-1")
        .await
        .unwrap();

    exchange.assert_calls_async(1).await;
    let stored = store.load().await.unwrap().unwrap();
    assert_eq!(stored.access_token().expose_secret(), "access-A");
}

#[tokio::test]
async fn a_bad_redirect_sends_nothing_and_never_shows_the_code() {
    let server = MockServer::start_async().await;
    let setup = setup(
        &server,
        Arc::new(MemoryTokenStore::default()),
        TestClock::new(),
    );
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200)
                .json_body(token_body("access-A", "refresh-1"));
        })
        .await;

    let cases = [
        (
            "https://app.example/callback?code=CODE-SECRET-1&state=forged",
            "StateMismatch",
        ),
        (
            "https://app.example/callback?code=CODE-SECRET-1",
            "InvalidRedirect",
        ),
        ("https://app.example/callback?state=st-1", "InvalidRedirect"),
        (
            "https://app.example/callback?error=access_denied&error_description=User+declined&state=st-1",
            "AuthorizationDenied",
        ),
    ];
    for (redirect, kind) in cases {
        let error = setup
            .auth
            .exchange_redirect(redirect, "st-1")
            .await
            .unwrap_err();
        let debug = format!("{error:?}");
        assert!(debug.starts_with(kind), "{redirect}: {debug}");
        assert!(error.needs_reauthorization(), "{error}");
        assert!(!debug.contains("CODE-SECRET-1"), "{debug}");
        assert!(!error.to_string().contains("CODE-SECRET-1"), "{error}");
    }
    let denied = setup
        .auth
        .exchange_redirect(cases[3].0, "st-1")
        .await
        .unwrap_err();
    assert!(
        denied.to_string().contains("access_denied (User declined)"),
        "{denied}"
    );
    match denied {
        AuthError::AuthorizationDenied { error, description } => {
            assert_eq!(error, "access_denied");
            assert_eq!(description.as_deref(), Some("User declined"));
        }
        other => panic!("{other:?}"),
    }
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn pkce_puts_the_challenge_in_the_url_and_the_verifier_in_the_exchange() {
    let server = MockServer::start_async().await;
    let setup = headless_setup(
        &server,
        Arc::new(MemoryTokenStore::default()),
        TestClock::new(),
    );
    let (url, verifier) = setup
        .auth
        .authorize_url()
        .scope(Scope::IssuesRead)
        .state("st-1")
        .build_with_pkce();
    let challenge = verifier.challenge();
    assert_eq!(
        query_of(&url),
        pairs(&[
            ("client_id", CLIENT_ID),
            ("no_redirect", "true"),
            ("response_type", "code"),
            ("scope", "issues:read"),
            ("state", "st-1"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ])
    );
    let secret = verifier.secret().expose_secret().to_owned();
    assert!((43..=128).contains(&secret.len()));
    assert!(!format!("{verifier:?}").contains(&secret));
    let exchange = server
        .mock_async(move |when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .form_urlencoded_tuple("code", "code-1")
                .form_urlencoded_tuple("code_verifier", secret);
            then.status(200)
                .json_body(token_body("access-A", "refresh-1"));
        })
        .await;

    setup
        .auth
        .exchange_redirect_with_verifier("?code=code-1&state=st-1", "st-1", &verifier)
        .await
        .unwrap();

    exchange.assert_calls_async(1).await;
    assert_eq!(
        setup.auth.access_token().await.unwrap().expose_secret(),
        "access-A"
    );
}

#[tokio::test]
async fn expires_in_as_float_string_negative_or_missing() {
    let default = secops_sdk::egnyte::DEFAULT_TOKEN_LIFETIME.as_secs();
    let cases = [
        (serde_json::json!(3600.0), Some(3600)),
        (serde_json::json!("3600"), Some(3600)),
        (serde_json::json!("120.9"), Some(120)),
        (serde_json::json!(-1), Some(0)),
        (serde_json::json!(0), Some(0)),
        (serde_json::json!(null), Some(default)),
        (serde_json::json!("soon"), Some(default)),
    ];
    for (expires_in, lifetime) in cases
        .into_iter()
        .chain([(serde_json::Value::Bool(false), None)])
    {
        let server = MockServer::start_async().await;
        let store = Arc::new(MemoryTokenStore::default());
        let setup = setup(&server, store.clone(), TestClock::new());
        let mut body = token_body("access-A", "refresh-1");
        match lifetime {
            Some(_) => body["expires_in"] = expires_in.clone(),
            None => {
                body.as_object_mut().unwrap().remove("expires_in");
            }
        }
        let exchange = server
            .mock_async(move |when, then| {
                when.method(POST).path("/oauth2/token");
                then.status(200).json_body(body);
            })
            .await;

        setup.auth.exchange_code("code-1").await.unwrap();

        exchange.assert_calls_async(1).await;
        let stored = store.load().await.unwrap().unwrap();
        let lifetime = lifetime.unwrap_or(default);
        assert_eq!(
            stored.expires_at(),
            Some(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(START + lifetime)),
            "expires_in {expires_in}"
        );
    }
}
