//! The facades end to end through generated operations: tokens added and renewed, retries
//! applied, non-idempotent operations protected, auth failures surfaced.

mod common;

use std::sync::Arc;

use common::*;
use httpmock::prelude::*;
use secops_sdk::auth::{MemoryTokenStore, TokenStore};
use secops_sdk::egnyte_protect_client::types::CreateSarRequest;
use secops_sdk::{EgnyteProtect, Error, LaceworkEdge};

fn egnyte(server: &MockServer, store: Arc<MemoryTokenStore>) -> EgnyteProtect {
    EgnyteProtect::new(egnyte_config(server, store, TestClock::new())).unwrap()
}

#[tokio::test]
async fn an_egnyte_operation_that_meets_401_refreshes_once_and_retries_once() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        3600,
    ))));
    let egnyte = egnyte(&server, store);
    let rejected = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/userinfo")
                .header("authorization", "Bearer access-A");
            then.status(401)
                .json_body(serde_json::json!({"message": "token expired"}));
        })
        .await;
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .form_urlencoded_tuple("refresh_token", "refresh-1");
            then.status(200).json_body(
                serde_json::json!({"access_token": "access-B", "refresh_token": "refresh-2"}),
            );
        })
        .await;
    let accepted = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/userinfo")
                .header("authorization", "Bearer access-B");
            then.status(200)
                .json_body(serde_json::json!({"email": "dpo@example.com"}));
        })
        .await;

    let user = egnyte.client().get_user_info().send().await.unwrap();

    assert_eq!(user.status(), 200);
    rejected.assert_calls_async(1).await;
    refresh.assert_calls_async(1).await;
    accepted.assert_calls_async(1).await;
}

#[tokio::test]
async fn an_egnyte_post_is_not_retried_after_a_503() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        3600,
    ))));
    let egnyte = egnyte(&server, store);
    let unavailable = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/sars")
                .header("authorization", "Bearer access-A")
                .json_body_includes(r#"{"requestType": "RIGHT_TO_BE_FORGOTTEN"}"#);
            then.status(503)
                .json_body(serde_json::json!({"code": "UNAVAILABLE", "message": "try later"}));
        })
        .await;
    let request: CreateSarRequest = serde_json::from_value(serde_json::json!({
        "requestType": "RIGHT_TO_BE_FORGOTTEN",
        "subject": {"email": "someone@example.com"}
    }))
    .unwrap();

    let error = egnyte
        .client()
        .create_sar()
        .body(request)
        .send()
        .await
        .unwrap_err();

    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
    unavailable.assert_calls_async(1).await;
}

#[tokio::test]
async fn an_egnyte_get_is_retried_after_503s() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        3600,
    ))));
    let egnyte = egnyte(&server, store);
    let unavailable = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/userinfo");
            then.status(503).up_to_n_times(2);
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/userinfo");
            then.status(200).json_body(serde_json::json!({}));
        })
        .await;

    egnyte.client().get_user_info().send().await.unwrap();

    unavailable.assert_calls_async(2).await;
    ok.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_failed_refresh_reaches_the_caller_as_a_reauthorization_error() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        -1,
    ))));
    let egnyte = egnyte(&server, store);
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(400)
                .json_body(serde_json::json!({"error": "invalid_grant"}));
        })
        .await;
    let api = server
        .mock_async(|when, then| {
            when.path("/api/v1/userinfo");
            then.status(200);
        })
        .await;

    let error = Error::from(egnyte.client().get_user_info().send().await.unwrap_err());

    assert!(
        error.to_string().contains("re-authorization is needed"),
        "{error}"
    );
    refresh.assert_calls_async(1).await;
    api.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_401_whose_refresh_fails_reaches_the_caller_as_a_reauthorization_error() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A",
        "refresh-1",
        3600,
    ))));
    let egnyte = egnyte(&server, store.clone());
    let rejected = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/userinfo")
                .header("authorization", "Bearer access-A");
            then.status(401)
                .json_body(serde_json::json!({"code": "401", "message": "token revoked"}));
        })
        .await;
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(400)
                .json_body(serde_json::json!({"error": "invalid_grant"}));
        })
        .await;

    let error = Error::from(egnyte.client().get_user_info().send().await.unwrap_err());

    let message = error.to_string();
    assert!(message.contains("401"), "{message}");
    assert!(message.contains("re-authorization is needed"), "{message}");
    assert!(
        !message.contains("refresh-1") && !message.contains("access-A"),
        "{message}"
    );
    rejected.assert_calls_async(1).await;
    refresh.assert_calls_async(1).await;
    let kept = store
        .load()
        .await
        .unwrap()
        .expect("the stored tokens are kept");
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(kept.refresh_token()),
        "refresh-1"
    );
}

#[tokio::test]
async fn a_lacework_operation_logs_in_once_and_carries_the_jwt() {
    let server = MockServer::start_async().await;
    let lacework = LaceworkEdge::new(lacework_config(&server, TestClock::new())).unwrap();
    let login = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/token-login")
                .query_param("account", LACEWORK_ACCOUNT)
                .header("authorization", format!("Bearer {LACEWORK_API_TOKEN}"));
            then.status(200)
                .json_body(serde_json::json!({"token": "jwt-1", "ttl_sec": 3600}));
        })
        .await;
    let apps = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/apps")
                .query_param("status", "ACTIVE")
                .header("authorization", "Bearer jwt-1");
            then.status(200).json_body(serde_json::json!({"apps": []}));
        })
        .await;

    for _ in 0..2 {
        lacework
            .client()
            .list_apps()
            .status("ACTIVE")
            .send()
            .await
            .unwrap();
    }

    login.assert_calls_async(1).await;
    apps.assert_calls_async(2).await;
}

#[tokio::test]
async fn the_generated_token_login_operation_is_authorized_with_the_api_token() {
    let server = MockServer::start_async().await;
    let lacework = LaceworkEdge::new(lacework_config(&server, TestClock::new())).unwrap();
    let login = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/token-login")
                .query_param("account", LACEWORK_ACCOUNT)
                .header("authorization", format!("Bearer {LACEWORK_API_TOKEN}"));
            then.status(200)
                .json_body(serde_json::json!({"token": "jwt-1", "ttl_sec": 3600}));
        })
        .await;

    lacework
        .client()
        .token_login()
        .account(LACEWORK_ACCOUNT)
        .send()
        .await
        .unwrap();

    login.assert_calls_async(1).await;
}
