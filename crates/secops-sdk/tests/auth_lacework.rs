//! Lacework Edge scenarios: TokenLogin, JWT reuse, renewal before expiry and after 401, single
//! flight, rejected API token.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use secops_sdk::auth::AuthError;
use secops_sdk::auth::lacework::{LaceworkAuth, TOKEN_LOGIN_OPERATION};
use secops_sdk::transport::SdkTransport;

const TOKEN_LOGIN_PATH: &str = "/api/v1/token-login";

struct Setup {
    auth: Arc<LaceworkAuth>,
    transport: Arc<SdkTransport>,
    http: reqwest::Client,
}

fn setup(server: &MockServer, clock: Arc<TestClock>) -> Setup {
    let config = lacework_config(server, clock);
    let http = config.build_http_client().unwrap();
    let auth = Arc::new(LaceworkAuth::new(&config, http.clone()));
    let transport = Arc::new(SdkTransport::new(
        "lacework",
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

fn list_apps(setup: &Setup, server: &MockServer) -> reqwest::Request {
    setup.http.get(server.url("/api/v1/apps")).build().unwrap()
}

/// TokenLogin answering with `jwt`, valid for `ttl_sec`, up to `times` times (0: always).
async fn login_mock<'a>(
    server: &'a MockServer,
    jwt: &str,
    ttl_sec: u64,
    times: usize,
) -> httpmock::Mock<'a> {
    let jwt = jwt.to_owned();
    server
        .mock_async(move |when, then| {
            when.method(GET)
                .path(TOKEN_LOGIN_PATH)
                .query_param("account", LACEWORK_ACCOUNT)
                .header("authorization", format!("Bearer {LACEWORK_API_TOKEN}"));
            let then = then.status(200).json_body(serde_json::json!({
                "token": jwt,
                "ttl_sec": ttl_sec,
                "expire_time_sec": ttl_sec,
                "expire_start_time": START,
                "account_name": LACEWORK_ACCOUNT
            }));
            if times > 0 {
                then.up_to_n_times(times);
            }
        })
        .await
}

async fn apps_mock<'a>(server: &'a MockServer, jwt: &str, status: u16) -> httpmock::Mock<'a> {
    let bearer = format!("Bearer {jwt}");
    server
        .mock_async(move |when, then| {
            when.method(GET)
                .path("/api/v1/apps")
                .header("authorization", bearer);
            then.status(status)
                .json_body(serde_json::json!({"apps": []}));
        })
        .await
}

async fn call(setup: &Setup, server: &MockServer) -> u16 {
    send(
        &setup.transport,
        &setup.http,
        list_apps(setup, server),
        "list_apps",
    )
    .await
    .unwrap()
    .status()
    .as_u16()
}

#[tokio::test]
async fn one_login_serves_many_calls() {
    let server = MockServer::start_async().await;
    let setup = setup(&server, TestClock::new());
    let login = login_mock(&server, "jwt-1", 3600, 0).await;
    let apps = apps_mock(&server, "jwt-1", 200).await;

    for _ in 0..3 {
        assert_eq!(call(&setup, &server).await, 200);
    }

    login.assert_calls_async(1).await;
    apps.assert_calls_async(3).await;
}

#[tokio::test]
async fn a_401_logs_in_again_once_and_retries_once() {
    let server = MockServer::start_async().await;
    let setup = setup(&server, TestClock::new());
    let first_login = login_mock(&server, "jwt-1", 3600, 1).await;
    let second_login = login_mock(&server, "jwt-2", 3600, 1).await;
    let rejected = apps_mock(&server, "jwt-1", 401).await;
    let accepted = apps_mock(&server, "jwt-2", 200).await;

    assert_eq!(call(&setup, &server).await, 200);

    first_login.assert_calls_async(1).await;
    second_login.assert_calls_async(1).await;
    rejected.assert_calls_async(1).await;
    accepted.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_jwt_is_renewed_shortly_before_it_expires() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let setup = setup(&server, clock.clone());
    let first_login = login_mock(&server, "jwt-1", 120, 1).await;
    let second_login = login_mock(&server, "jwt-2", 120, 1).await;
    let old = apps_mock(&server, "jwt-1", 200).await;
    let new = apps_mock(&server, "jwt-2", 200).await;

    assert_eq!(call(&setup, &server).await, 200);
    clock.advance(Duration::from_secs(59));
    assert_eq!(call(&setup, &server).await, 200);
    clock.advance(Duration::from_secs(2));
    assert_eq!(call(&setup, &server).await, 200);

    first_login.assert_calls_async(1).await;
    second_login.assert_calls_async(1).await;
    old.assert_calls_async(2).await;
    new.assert_calls_async(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_calls_without_a_jwt_make_one_login() {
    let server = MockServer::start_async().await;
    let setup = setup(&server, TestClock::new());
    let login = server
        .mock_async(|when, then| {
            when.method(GET).path(TOKEN_LOGIN_PATH);
            then.status(200)
                .delay(Duration::from_millis(50))
                .json_body(serde_json::json!({"token": "jwt-1", "ttl_sec": 3600}));
        })
        .await;
    let apps = apps_mock(&server, "jwt-1", 200).await;

    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let transport = setup.transport.clone();
            let http = setup.http.clone();
            let request = list_apps(&setup, &server);
            tokio::spawn(async move { send(&transport, &http, request, "list_apps").await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().status(), 200);
    }

    login.assert_calls_async(1).await;
    apps.assert_calls_async(10).await;
}

#[tokio::test]
async fn a_rejected_api_token_names_the_settings_and_sends_nothing_else() {
    let server = MockServer::start_async().await;
    let setup = setup(&server, TestClock::new());
    let login = server
        .mock_async(|when, then| {
            when.method(GET).path(TOKEN_LOGIN_PATH);
            then.status(401)
                .json_body(serde_json::json!({"message": "invalid or expired API token"}));
        })
        .await;
    let apps = apps_mock(&server, "anything", 200).await;

    let message = send(
        &setup.transport,
        &setup.http,
        list_apps(&setup, &server),
        "list_apps",
    )
    .await
    .unwrap_err();
    let error = setup.auth.jwt().await.unwrap_err();

    assert!(
        message.contains("invalid or expired API token"),
        "{message}"
    );
    assert!(message.contains("LACEWORK_EDGE_API_TOKEN"), "{message}");
    assert!(matches!(error, AuthError::LoginRejected { .. }), "{error}");
    assert!(error.needs_reauthorization());
    login.assert_calls_async(2).await;
    apps.assert_calls_async(0).await;
}

#[tokio::test]
async fn the_token_login_operation_itself_carries_the_api_token() {
    let server = MockServer::start_async().await;
    let setup = setup(&server, TestClock::new());
    let login = login_mock(&server, "jwt-1", 3600, 0).await;
    let url = format!(
        "{}?account={LACEWORK_ACCOUNT}",
        server.url(TOKEN_LOGIN_PATH)
    );
    let request = setup.http.get(url).build().unwrap();

    let response = send(
        &setup.transport,
        &setup.http,
        request,
        TOKEN_LOGIN_OPERATION,
    )
    .await
    .unwrap();

    assert_eq!(response.status(), 200);
    login.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_tokenlogin_html_error_page_keeps_its_status_and_is_retried_like_any_get() {
    let server = MockServer::start_async().await;
    let setup = setup(&server, TestClock::new());
    let login = server
        .mock_async(|when, then| {
            when.method(GET).path(TOKEN_LOGIN_PATH);
            then.status(502)
                .header("content-type", "text/html")
                .body("<html><body>Bad gateway</body></html>");
        })
        .await;

    let error = setup.auth.jwt().await.unwrap_err();

    let AuthError::EndpointFailed { rejection, .. } = &error else {
        panic!("expected EndpointFailed, got {error:?}");
    };
    assert_eq!(rejection.status, 502);
    assert!(rejection.body.contains("Bad gateway"), "{rejection}");
    assert!(!error.needs_reauthorization());
    // The login is the generated GET `token_login`, under the same retry policy as data calls.
    login.assert_calls_async(3).await;
}
