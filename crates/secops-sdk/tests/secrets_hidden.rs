//! No secret in Debug or Display of any configuration, token, client or error, nor in any log
//! line written while tokens are obtained, refreshed and retried.

mod common;

use std::sync::Arc;

use common::*;
use httpmock::prelude::*;
use secops_sdk::auth::egnyte::{EgnyteAuth, OAuthClient};
use secops_sdk::auth::lacework::{LaceworkAuth, LoginSession};
use secops_sdk::auth::{AuthError, MemoryTokenStore, Rejection, TokenStoreError};
use secops_sdk::config::{EgnyteConfig, LaceworkConfig};
use secops_sdk::transport::SdkTransport;

const SECRETS: [&str; 7] = [
    CLIENT_SECRET,
    LACEWORK_API_TOKEN,
    "access-A-SECRET",
    "access-B-SECRET",
    "refresh-1-SECRET",
    "refresh-2-SECRET",
    "jwt-SECRET",
];

fn assert_hidden(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

fn assert_debug_and_display_hidden<T: std::fmt::Debug + std::fmt::Display>(what: &str, value: &T) {
    assert_hidden(what, &format!("{value:?}"));
    assert_hidden(what, &format!("{value}"));
    assert_hidden(what, &format!("{value:#?}"));
}

#[test]
fn configurations_and_builders_hide_secrets() {
    let vars = |name: &str| match name {
        "EGNYTE_PROTECT_CLIENT_ID" => Some("client".to_owned()),
        "EGNYTE_PROTECT_CLIENT_SECRET" => Some(CLIENT_SECRET.to_owned()),
        "EGNYTE_PROTECT_REDIRECT_URI" => Some(REDIRECT_URI.to_owned()),
        "EGNYTE_PROTECT_REGION" => Some("euw1".to_owned()),
        "LACEWORK_EDGE_API_TOKEN" => Some(LACEWORK_API_TOKEN.to_owned()),
        "LACEWORK_EDGE_ACCOUNT" => Some("acme".to_owned()),
        "LACEWORK_EDGE_HOST" => Some("acme.example.net".to_owned()),
        _ => None,
    };
    let egnyte_builder = EgnyteConfig::builder().merge_env_with(vars).unwrap();
    let lacework_builder = LaceworkConfig::builder().merge_env_with(vars).unwrap();
    assert_hidden("EgnyteConfigBuilder", &format!("{egnyte_builder:?}"));
    assert_hidden("LaceworkConfigBuilder", &format!("{lacework_builder:?}"));
    assert_hidden(
        "EgnyteConfig",
        &format!("{:#?}", egnyte_builder.build().unwrap()),
    );
    assert_hidden(
        "LaceworkConfig",
        &format!("{:#?}", lacework_builder.build().unwrap()),
    );
}

#[test]
fn configuration_errors_hide_secrets() {
    let errors = [
        EgnyteConfig::builder()
            .client_secret(CLIENT_SECRET)
            .client_id("c")
            .redirect_uri(REDIRECT_URI)
            .region("http://insecure.example".parse().unwrap())
            .build()
            .unwrap_err(),
        LaceworkConfig::builder()
            .api_token(LACEWORK_API_TOKEN)
            .account("acme")
            .host(format!("https://user:{LACEWORK_API_TOKEN}@host.example"))
            .build()
            .unwrap_err(),
        LaceworkConfig::builder()
            .api_token(LACEWORK_API_TOKEN)
            .host("host.example")
            .build()
            .unwrap_err(),
    ];
    for error in &errors {
        assert_debug_and_display_hidden("ConfigError", error);
    }
}

#[test]
fn tokens_hide_secrets() {
    let tokens = tokens("access-A-SECRET", "refresh-1-SECRET", 60);
    assert_hidden("OAuthTokens", &format!("{tokens:#?}"));
    let session = LoginSession::new("jwt-SECRET".into(), None);
    assert_hidden("LoginSession", &format!("{session:#?}"));
}

#[tokio::test]
async fn clients_transports_requests_and_errors_hide_secrets() {
    let server = MockServer::start_async().await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A-SECRET",
        "refresh-1-SECRET",
        -10,
    ))));
    let egnyte = egnyte_config(&server, store, TestClock::new());
    let http = egnyte.build_http_client().unwrap();
    let oauth = OAuthClient::new(&egnyte, http.clone());
    let egnyte_auth = Arc::new(EgnyteAuth::new(&egnyte, http.clone()));
    let lacework = lacework_config(&server, TestClock::new());
    let lacework_auth = Arc::new(LaceworkAuth::new(&lacework, http.clone()));
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(400)
                .json_body(serde_json::json!({"error": "invalid_grant"}));
        })
        .await;
    let login = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/token-login");
            then.status(200)
                .json_body(serde_json::json!({"token": "jwt-SECRET", "ttl_sec": 3600}));
        })
        .await;

    let refresh_error = egnyte_auth.access_token().await.unwrap_err();
    lacework_auth.jwt().await.unwrap();
    let transport = SdkTransport::new(
        "lacework",
        lacework_auth.clone(),
        lacework.retry().clone(),
        lacework.clock().clone(),
    );
    let mut request = http.get(server.url("/api/v1/apps")).build().unwrap();
    transport
        .authorize(&mut request, "list_apps")
        .await
        .unwrap();

    refresh.assert_calls_async(1).await;
    login.assert_calls_async(1).await;
    assert_debug_and_display_hidden("AuthError::RefreshRejected", &refresh_error);
    assert_hidden("OAuthClient", &format!("{oauth:#?}"));
    assert_hidden("EgnyteAuth", &format!("{egnyte_auth:#?}"));
    assert_hidden("LaceworkAuth", &format!("{lacework_auth:#?}"));
    assert_hidden("SdkTransport", &format!("{transport:#?}"));
    assert_hidden("authorized request", &format!("{request:#?}"));
    assert_hidden(
        "authorized request headers",
        &format!("{:?}", request.headers()),
    );
}

#[test]
fn every_auth_error_kind_hides_secrets() {
    let errors = [
        AuthError::NotAuthorized,
        AuthError::RefreshRejected {
            rejection: Rejection::from_body(400, r#"{"error":"invalid_grant"}"#),
        },
        AuthError::CodeRejected {
            rejection: Rejection::from_body(400, ""),
        },
        AuthError::LoginRejected {
            rejection: Rejection::from_body(401, r#"{"message":"bad token"}"#),
        },
        AuthError::EndpointFailed {
            endpoint: "Egnyte token endpoint",
            rejection: Rejection::from_body(503, "down"),
        },
        AuthError::InvalidTokenResponse {
            endpoint: "Egnyte token endpoint",
            status: 200,
            problem: "Syntax".into(),
        },
        AuthError::TokenStore(TokenStoreError::Other("sealed".into())),
        AuthError::CannotRenew,
        AuthError::UnsendableToken("access token"),
    ];
    for error in &errors {
        assert_debug_and_display_hidden("AuthError", error);
    }
}
