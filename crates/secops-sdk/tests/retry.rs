//! Retry scenarios: Retry-After, 503s, non-idempotent requests, connection errors, limits.

mod common;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use reqwest::Method;
use secops_sdk::BoxFuture;
use secops_sdk::auth::{AuthError, Credentials};
use secops_sdk::retry::RetryConfig;
use secops_sdk::transport::SdkTransport;
use secrecy::SecretString;

/// A token that never changes and cannot be renewed.
#[derive(Debug)]
struct FixedToken;

impl Credentials for FixedToken {
    fn bearer_token(
        &self,
        _operation_id: &'static str,
    ) -> BoxFuture<'_, Result<SecretString, AuthError>> {
        Box::pin(async { Ok(SecretString::from("fixed-token")) })
    }

    fn renew_after_rejection<'a>(
        &'a self,
        _operation_id: &'static str,
        _rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<SecretString, AuthError>> {
        Box::pin(async { Err(AuthError::CannotRenew) })
    }
}

fn transport(clock: Arc<TestClock>, retry: RetryConfig) -> SdkTransport {
    SdkTransport::new("test", Arc::new(FixedToken), retry, clock)
}

async fn call(
    transport: &SdkTransport,
    method: reqwest::Method,
    url: String,
) -> Result<reqwest::Response, String> {
    let http = secops_sdk::secops_runtime::tls::client_builder()
        .build()
        .expect("a client");
    let request = http.request(method, url).body("{}").build().unwrap();
    send(transport, &http, request, "test_operation").await
}

#[tokio::test]
async fn a_429_with_retry_after_seconds_waits_that_long_and_succeeds() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let throttled = server
        .mock_async(|when, then| {
            when.method(GET).path("/items");
            then.status(429).header("retry-after", "7").up_to_n_times(1);
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/items")
                .header("authorization", "Bearer fixed-token");
            then.status(200);
        })
        .await;

    let response = call(
        &transport(clock.clone(), quick_retry()),
        Method::GET,
        server.url("/items"),
    )
    .await
    .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(clock.sleeps(), [Duration::from_secs(7)]);
    throttled.assert_calls_async(1).await;
    ok.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_429_with_an_http_date_waits_until_that_date() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let until = httpdate::fmt_http_date(
        secops_sdk::clock::Clock::now(clock.as_ref()) + Duration::from_secs(5),
    );
    let throttled = server
        .mock_async(move |when, then| {
            when.method(POST).path("/items");
            then.status(429)
                .header("retry-after", until)
                .up_to_n_times(1);
        })
        .await;
    let created = server
        .mock_async(|when, then| {
            when.method(POST).path("/items");
            then.status(201);
        })
        .await;

    let response = call(
        &transport(clock.clone(), quick_retry()),
        Method::POST,
        server.url("/items"),
    )
    .await
    .unwrap();

    assert_eq!(
        response.status(),
        201,
        "a POST refused with 429 was not processed: retry it"
    );
    assert_eq!(clock.sleeps(), [Duration::from_secs(5)]);
    throttled.assert_calls_async(1).await;
    created.assert_calls_async(1).await;
}

#[tokio::test]
async fn retry_after_is_capped_at_the_configured_maximum() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let throttled = server
        .mock_async(|when, then| {
            when.path("/items");
            then.status(503)
                .header("retry-after", "3600")
                .up_to_n_times(1);
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.path("/items");
            then.status(200);
        })
        .await;
    let retry = quick_retry().with_max_retry_after(Duration::from_secs(2));

    let response = call(
        &transport(clock.clone(), retry),
        Method::GET,
        server.url("/items"),
    )
    .await
    .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(clock.sleeps(), [Duration::from_secs(2)]);
    throttled.assert_calls_async(1).await;
    ok.assert_calls_async(1).await;
}

#[tokio::test]
async fn two_503s_then_200_succeeds_with_exponential_backoff() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let unavailable = server
        .mock_async(|when, then| {
            when.method(GET).path("/items");
            then.status(503).up_to_n_times(2);
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.method(GET).path("/items");
            then.status(200);
        })
        .await;

    let response = call(
        &transport(clock.clone(), quick_retry()),
        Method::GET,
        server.url("/items"),
    )
    .await
    .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(10), Duration::from_millis(20)]
    );
    unavailable.assert_calls_async(2).await;
    ok.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_503() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let unavailable = server
        .mock_async(|when, then| {
            when.method(POST).path("/items");
            then.status(503).up_to_n_times(1);
        })
        .await;
    let created = server
        .mock_async(|when, then| {
            when.method(POST).path("/items");
            then.status(201);
        })
        .await;

    let response = call(
        &transport(clock.clone(), quick_retry()),
        Method::POST,
        server.url("/items"),
    )
    .await
    .unwrap();

    assert_eq!(response.status(), 503);
    assert!(clock.sleeps().is_empty());
    unavailable.assert_calls_async(1).await;
    created.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_patch_is_not_retried_after_a_502_but_a_put_is() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let patch = server
        .mock_async(|when, then| {
            when.method("PATCH").path("/items/1");
            then.status(502);
        })
        .await;
    let put = server
        .mock_async(|when, then| {
            when.method(PUT).path("/items/1");
            then.status(502);
        })
        .await;
    let transport = transport(clock.clone(), quick_retry());

    let patched = call(&transport, Method::PATCH, server.url("/items/1"))
        .await
        .unwrap();
    let put_response = call(&transport, Method::PUT, server.url("/items/1"))
        .await
        .unwrap();

    assert_eq!(patched.status(), 502);
    assert_eq!(put_response.status(), 502);
    patch.assert_calls_async(1).await;
    put.assert_calls_async(3).await;
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn retries_stop_at_max_attempts() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let unavailable = server
        .mock_async(|when, then| {
            when.path("/items");
            then.status(504);
        })
        .await;

    let response = call(
        &transport(clock.clone(), quick_retry().with_max_attempts(5)),
        Method::GET,
        server.url("/items"),
    )
    .await
    .unwrap();

    assert_eq!(response.status(), 504);
    unavailable.assert_calls_async(5).await;
    assert_eq!(
        clock.sleeps(),
        [10, 20, 40, 40].map(Duration::from_millis),
        "exponential, capped at max_backoff"
    );
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let failing = server
        .mock_async(|when, then| {
            when.path("/items");
            then.status(500)
                .json_body(serde_json::json!({"message": "boom"}));
        })
        .await;

    let response = call(
        &transport(clock.clone(), quick_retry()),
        Method::GET,
        server.url("/items"),
    )
    .await
    .unwrap();

    assert_eq!(response.status(), 500);
    failing.assert_calls_async(1).await;
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_retry_that_would_overrun_the_overall_timeout_is_not_started() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let throttled = server
        .mock_async(|when, then| {
            when.path("/items");
            then.status(429).header("retry-after", "30");
        })
        .await;
    let retry = quick_retry().with_overall_timeout(Some(Duration::from_secs(20)));

    let response = call(
        &transport(clock.clone(), retry),
        Method::GET,
        server.url("/items"),
    )
    .await
    .unwrap();

    assert_eq!(response.status(), 429);
    throttled.assert_calls_async(1).await;
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn connection_errors_are_retried_even_for_post() {
    // A port nothing listens on: connecting fails before anything is sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let clock = TestClock::new();

    let error = call(
        &transport(clock.clone(), quick_retry()),
        Method::POST,
        format!("http://127.0.0.1:{port}/items"),
    )
    .await
    .unwrap_err();

    assert!(error.contains("error sending request"), "{error}");
    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(10), Duration::from_millis(20)]
    );
    assert_eq!(clock.sleep_counter().load(Ordering::SeqCst), 2);
}
