//! A token endpoint that echoes the request back in its error body (form-encoded, decoded,
//! JSON-escaped, with the `Authorization` header): none of the secrets the SDK sent appears in
//! any error's `Display` or `Debug`, nor in any log line captured at TRACE, and the error text
//! is bounded.
//!
//! One test in this binary on purpose: `tracing`'s per-callsite interest cache is shared by
//! every thread of the process, and a test that captures logs is only reliable when no other
//! test in the same binary records spans at the same time.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use secops_sdk::auth::egnyte::{AuthorizeUrl, EgnyteAuth, OAuthTokens, Region};
use secops_sdk::auth::lacework::LaceworkAuth;
use secops_sdk::auth::{AuthError, MemoryTokenStore};
use secops_sdk::config::{EgnyteConfig, LaceworkConfig};
use secops_sdk::retry::RetryConfig;
use secrecy::ExposeSecret;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Every planted secret contains this marker, so no output may contain it.
const MARKER: &str = "SECRET";
const CLIENT_SECRET: &str = "cs-SECRET+/=&<x> y";
const CODE: &str = "code-SECRET-1/+";
const REFRESH: &str = "refresh-SECRET-1";
const API_TOKEN: &str = "api-token-SECRET-1";

/// What the echo server saw of one request.
struct Seen {
    form: String,
    authorization: String,
}

/// How the echo server answers: status, content type, and a body made from what it saw.
#[derive(Clone, Copy)]
struct Answer {
    status: u16,
    content_type: &'static str,
    body: fn(&Seen) -> String,
}

/// A loopback HTTP/1.1 server answering every request with `answer`; its base URL and a
/// request counter.
async fn echo_server(answer: Answer) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                let header_end = loop {
                    let read = socket.read(&mut buffer).await.unwrap_or(0);
                    if read == 0 {
                        return;
                    }
                    request.extend_from_slice(&buffer[..read]);
                    if let Some(end) = find(&request, b"\r\n\r\n") {
                        break end + 4;
                    }
                };
                let head = String::from_utf8_lossy(&request[..header_end]).to_string();
                let header = |name: &str| {
                    head.lines()
                        .find_map(|line| {
                            let (key, value) = line.split_once(':')?;
                            key.eq_ignore_ascii_case(name)
                                .then(|| value.trim().to_owned())
                        })
                        .unwrap_or_default()
                };
                let length: usize = header("content-length").parse().unwrap_or(0);
                while request.len() < header_end + length {
                    let read = socket.read(&mut buffer).await.unwrap_or(0);
                    if read == 0 {
                        break;
                    }
                    request.extend_from_slice(&buffer[..read]);
                }
                let seen = Seen {
                    form: String::from_utf8_lossy(&request[header_end..]).to_string(),
                    authorization: header("authorization"),
                };
                let body = (answer.body)(&seen);
                let response = format!(
                    "HTTP/1.1 {} Echo\r\ncontent-type: {}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    answer.status,
                    answer.content_type,
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (base, count)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The form's pairs, decoded.
fn decoded(seen: &Seen) -> String {
    url::form_urlencoded::parse(seen.form.as_bytes())
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An OAuth error body quoting everything it received, as JSON.
fn echo_json(seen: &Seen) -> String {
    serde_json::json!({
        "error": format!("invalid_grant {}", decoded(seen)),
        "error_description": format!("you sent {} with {}", seen.form, seen.authorization),
        "message": format!("auth {}", seen.authorization),
        "padding": "x".repeat(600),
        "tail": decoded(seen),
    })
    .to_string()
}

/// A 20 KB text page quoting everything it received, at its start and at its end.
fn echo_text(seen: &Seen) -> String {
    format!(
        "{} | {} | {}\n{}\n{} | {}",
        seen.form,
        decoded(seen),
        seen.authorization,
        "x".repeat(20_000),
        seen.form,
        seen.authorization
    )
}

const JSON: &str = "application/json";
const TEXT: &str = "text/plain";

fn retry() -> RetryConfig {
    RetryConfig::default()
        .with_jitter(false)
        .with_initial_backoff(Duration::from_millis(1))
        .with_attempt_timeout(Some(Duration::from_secs(10)))
}

fn egnyte(base: &str, tokens: Option<OAuthTokens>, redirect: bool) -> EgnyteAuth {
    let mut builder = EgnyteConfig::builder()
        .region(Region::Custom(base.parse().unwrap()))
        .client_id("client-1")
        .client_secret(CLIENT_SECRET)
        .token_store(Arc::new(MemoryTokenStore::new(tokens)))
        .retry(retry())
        .allow_insecure_http(true);
    if redirect {
        builder = builder.redirect_uri("https://app.example/cb");
    }
    let config = builder.build().unwrap();
    EgnyteAuth::new(&config, config.build_http_client().unwrap())
}

fn lacework(base: &str) -> LaceworkAuth {
    let config = LaceworkConfig::builder()
        .api_token(API_TOKEN)
        .account("acme")
        .host(base)
        .retry(retry())
        .allow_insecure_http(true)
        .build()
        .unwrap();
    LaceworkAuth::new(&config, config.build_http_client().unwrap())
}

fn expired() -> Option<OAuthTokens> {
    Some(
        OAuthTokens::new("access-SECRET-0".into(), REFRESH.into())
            .with_expires_at(Some(std::time::SystemTime::UNIX_EPOCH)),
    )
}

/// Fails if `text` shows a planted secret (or the verifier).
fn assert_hidden(what: &str, text: &str, verifier: &str) {
    assert!(!text.contains(MARKER), "{what} shows a secret: {text}");
    assert!(
        !text.contains(verifier),
        "{what} shows the PKCE verifier: {text}"
    );
    for fragment in ["cs-S", "code-S", "refresh-S", "api-token-S"] {
        assert!(!text.contains(fragment), "{what} shows {fragment}: {text}");
    }
}

fn check(what: &str, error: &AuthError, verifier: &str) {
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert_hidden(what, &text, verifier);
        assert!(text.len() < 4096, "{what}: {} bytes: {text}", text.len());
    }
    let rejection = match error {
        AuthError::CodeRejected { rejection }
        | AuthError::RefreshRejected { rejection }
        | AuthError::LoginRejected { rejection }
        | AuthError::EndpointFailed { rejection, .. } => rejection,
        other => panic!("{what}: expected a rejection, got {other:?}"),
    };
    assert!(
        rejection.body.len() <= 512,
        "{what}: {}",
        rejection.body.len()
    );
    for field in [&rejection.error, &rejection.message].into_iter().flatten() {
        assert!(field.len() <= 512, "{what}: {}", field.len());
    }
    assert!(
        format!("{error:?}").contains("[REDACTED]"),
        "{what}: the echo is masked, not dropped: {error:?}"
    );
}

#[tokio::test]
async fn an_echoing_token_endpoint_reveals_no_secret_in_errors_or_logs() {
    let traces = common::traces::Traces::capture();

    // 1. A code exchange with PKCE, refused with a JSON echo (redirect-URI mode).
    let (base, calls) = echo_server(Answer {
        status: 400,
        content_type: JSON,
        body: echo_json,
    })
    .await;
    let auth = egnyte(&base, None, true);
    let (_, verifier) =
        AuthorizeUrl::new(&Region::Usc1, "client-1", "https://app.example/cb").build_with_pkce();
    let verifier_text = verifier.secret().expose_secret().to_owned();
    let redirect = format!(
        "https://app.example/cb?code={}&state=st",
        url::form_urlencoded::byte_serialize(CODE.as_bytes()).collect::<String>()
    );
    let error = auth
        .exchange_redirect_with_verifier(&redirect, "st", &verifier)
        .await
        .unwrap_err();
    assert!(matches!(error, AuthError::CodeRejected { .. }), "{error:?}");
    check("code exchange, 400 JSON", &error, &verifier_text);
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // 2. A code exchange (no-redirect mode) answered by a 20 KB 503 text page: not retried.
    let (base, calls) = echo_server(Answer {
        status: 503,
        content_type: TEXT,
        body: echo_text,
    })
    .await;
    let error = egnyte(&base, None, false)
        .exchange_code_with_verifier(CODE, &verifier)
        .await
        .unwrap_err();
    assert!(
        matches!(error, AuthError::EndpointFailed { .. }),
        "{error:?}"
    );
    check("code exchange, 503 text", &error, &verifier_text);
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // 3. A refresh refused with a JSON echo, reached through the token cache (WARN log).
    let (base, calls) = echo_server(Answer {
        status: 400,
        content_type: JSON,
        body: echo_json,
    })
    .await;
    let error = egnyte(&base, expired(), true)
        .access_token()
        .await
        .unwrap_err();
    assert!(
        matches!(error, AuthError::RefreshRejected { .. }),
        "{error:?}"
    );
    check("refresh, 400 JSON", &error, &verifier_text);
    assert!(error.needs_reauthorization());
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // 4. A refresh answered by 503 text pages: retried (INFO logs), then reported.
    let (base, calls) = echo_server(Answer {
        status: 503,
        content_type: TEXT,
        body: echo_text,
    })
    .await;
    let error = egnyte(&base, expired(), false)
        .access_token()
        .await
        .unwrap_err();
    assert!(
        matches!(error, AuthError::EndpointFailed { .. }),
        "{error:?}"
    );
    check("refresh, 503 text", &error, &verifier_text);
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    // 5. TokenLogin refused with a JSON body quoting the Authorization header.
    let (base, calls) = echo_server(Answer {
        status: 401,
        content_type: JSON,
        body: echo_json,
    })
    .await;
    let error = lacework(&base).jwt().await.unwrap_err();
    assert!(
        matches!(error, AuthError::LoginRejected { .. }),
        "{error:?}"
    );
    check("TokenLogin, 401 JSON", &error, &verifier_text);
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // 6. TokenLogin answered by a 20 KB 500 text page quoting the Authorization header.
    let (base, _) = echo_server(Answer {
        status: 500,
        content_type: TEXT,
        body: echo_text,
    })
    .await;
    let error = lacework(&base).jwt().await.unwrap_err();
    check("TokenLogin, 500 text", &error, &verifier_text);

    let logs = traces.text();
    drop(traces);
    assert_hidden("TRACE logs", &logs, &verifier_text);
    for expected in ["retrying the token request", "token renewal failed"] {
        assert!(
            logs.contains(expected),
            "the logs lack {expected:?}: {logs}"
        );
    }
}
