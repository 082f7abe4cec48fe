//! How both generated clients report failures, and how they take responses newer than the spec.
//!
//! For each vendor: its documented error body on a 4xx and a 5xx becomes
//! `ErrorKind::ErrorResponse` with the status and the decoded body; a body that is malformed
//! JSON, an HTML page, empty or truncated becomes `ErrorKind::InvalidPayload` with its status
//! and the start of the body (never a panic); a status the spec does not list is
//! `ErrorKind::UnexpectedStatus` with its headers. Unknown enum values and unknown fields
//! decode, and stay visible.

use std::io::{Read, Write};
use std::net::TcpListener;

use contract_tests::{EGNYTE_BEARER, LACEWORK_BEARER, assert_decoded, decoded, egnyte, lacework};
use egnyte_protect_client::types as egnyte_types;
use httpmock::prelude::*;
use secops_runtime::{Category, ErrorKind, InvalidPayload};
use serde_json::json;

const APP_PATH: &str = "/api/v1/apps/ff24186f-62af-4d20-a547-29cfab19bbe9";
const APP_UUID: &str = "ff24186f-62af-4d20-a547-29cfab19bbe9";
const ISSUES_PATH: &str = "/api/v1/issues";

const HTML_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n\
    <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n";

/// A mock answering `GET path` with `status`, `content_type` and `body`.
async fn answer<'a>(
    server: &'a MockServer,
    path: &str,
    status: u16,
    content_type: &str,
    body: &str,
) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(GET).path(path);
            then.status(status)
                .header("content-type", content_type)
                .body(body);
        })
        .await
}

/// A one-shot HTTP server on loopback that answers the first request with `head` (status line
/// and headers) and `body`, then closes the connection, whatever `Content-Length` promised.
fn raw_server(head: &'static str, body: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let address = listener.local_addr().expect("local address");
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut request = Vec::new();
            let mut buffer = [0_u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
            let _ = stream.flush();
        }
    });
    format!("http://{address}")
}

/// The vendor's decoded error body of `error`, or a panic naming what `error` is.
fn error_response<E: std::fmt::Debug>(
    error: &secops_runtime::Error<E>,
) -> &progenitor_client::ResponseValue<E> {
    match error.kind() {
        ErrorKind::ErrorResponse(response) => response,
        _ => panic!("expected ErrorKind::ErrorResponse, got {error:?}"),
    }
}

/// The undecodable body of `error`, or a panic naming what `error` is. Its status is always
/// known, and so is the operation.
fn invalid_payload<E: std::fmt::Debug>(error: &secops_runtime::Error<E>) -> &InvalidPayload {
    match error.kind() {
        ErrorKind::InvalidPayload(payload) => {
            assert_eq!(error.status(), Some(payload.status()), "{error}");
            assert!(!error.operation().is_empty());
            payload
        }
        _ => panic!("expected ErrorKind::InvalidPayload, got {error:?}"),
    }
}

// ----- Lacework Edge -----

#[tokio::test]
async fn lacework_4xx_error_body_is_an_error_response() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(APP_PATH)
                .header("authorization", LACEWORK_BEARER);
            then.status(404).json_body(
                json!({"message": "app ff24186f-62af-4d20-a547-29cfab19bbe9 not found"}),
            );
        })
        .await;

    let error = lacework(&server)
        .get_app()
        .uuid(APP_UUID)
        .send()
        .await
        .expect_err("a 404 is an error");

    mock.assert_async().await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let response = error_response(&error);
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(
        response.message.as_deref(),
        Some("app ff24186f-62af-4d20-a547-29cfab19bbe9 not found")
    );
}

#[tokio::test]
async fn lacework_5xx_error_body_is_an_error_response() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(DELETE).path(APP_PATH);
            then.status(503).json_body(json!({
                "message": "connector aws-use1-connector is not reachable",
                "code": 14
            }));
        })
        .await;

    let error = lacework(&server)
        .delete_app()
        .uuid(APP_UUID)
        .send()
        .await
        .expect_err("a 503 is an error");

    let response = error_response(&error);
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(
        response.message.as_deref(),
        Some("connector aws-use1-connector is not reachable")
    );
    // A field the error schema does not list is kept, not dropped.
    assert_eq!(response.extra.get("code"), Some(&json!(14)));
}

#[tokio::test]
async fn lacework_200_with_malformed_json_is_an_invalid_payload() {
    let server = MockServer::start_async().await;
    answer(
        &server,
        APP_PATH,
        200,
        "application/json",
        r#"{"uuid": "ff24186f-62af-4d20-a547-29cfab19bbe9", "name": 'Payroll Portal'}"#,
    )
    .await;

    let error = lacework(&server)
        .get_app()
        .uuid(APP_UUID)
        .send()
        .await
        .expect_err("malformed JSON is an error");

    let payload = invalid_payload(&error);
    assert!(
        payload.snippet().starts_with("{\"uuid\""),
        "the start of the body is kept"
    );
    assert_eq!(payload.category(), Category::Syntax, "{error}");
}

#[tokio::test]
async fn lacework_200_with_an_html_page_is_an_invalid_payload() {
    let server = MockServer::start_async().await;
    answer(&server, APP_PATH, 200, "text/html", HTML_PAGE).await;

    let error = lacework(&server)
        .get_app()
        .uuid(APP_UUID)
        .send()
        .await
        .expect_err("an HTML page is not an App");

    let payload = invalid_payload(&error);
    assert_eq!(
        payload.snippet(),
        HTML_PAGE,
        "the start of the body is kept"
    );
}

#[tokio::test]
async fn lacework_200_with_an_empty_body_is_an_invalid_payload() {
    let server = MockServer::start_async().await;
    answer(&server, APP_PATH, 200, "application/json", "").await;

    let error = lacework(&server)
        .get_app()
        .uuid(APP_UUID)
        .send()
        .await
        .expect_err("an empty body is not an App");

    let payload = invalid_payload(&error);
    assert!(payload.snippet().is_empty());
    assert_eq!(payload.category(), Category::Eof, "{error}");
}

#[tokio::test]
async fn lacework_200_with_truncated_json_is_an_invalid_payload() {
    let server = MockServer::start_async().await;
    answer(
        &server,
        "/api/v1/apps",
        200,
        "application/json",
        r#"{"apps": [{"uuid": "ff24186f-62af-4d20-a547-29cfab19bbe9", "name": "Payroll Po"#,
    )
    .await;

    let error = lacework(&server)
        .list_apps()
        .send()
        .await
        .expect_err("a truncated body is an error");

    let payload = invalid_payload(&error);
    assert_eq!(payload.category(), Category::Eof, "{error}");
}

#[tokio::test]
async fn lacework_200_cut_off_before_content_length_is_a_body_error() {
    let base = raw_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n",
        br#"{"apps": [{"uuid": "ff24186f-62af-4d20-a547-29cfab19bbe9""#,
    );
    let client = lacework_edge_client::Client::new_with_client(
        &base,
        secops_runtime::tls::client_builder()
            .build()
            .expect("a client"),
        lacework_edge_client::Hooks::default(),
    );

    let error = client
        .list_apps()
        .send()
        .await
        .expect_err("a body cut short is an error");

    assert!(
        matches!(error.kind(), ErrorKind::ResponseBody { .. }),
        "expected ErrorKind::ResponseBody, got {error:?}"
    );
}

#[tokio::test]
async fn lacework_5xx_html_page_is_a_typed_error() {
    let server = MockServer::start_async().await;
    answer(&server, APP_PATH, 502, "text/html", HTML_PAGE).await;

    let error = lacework(&server)
        .get_app()
        .uuid(APP_UUID)
        .send()
        .await
        .expect_err("a 502 is an error");

    // The error body is not the documented JSON: the client reports the start of the page,
    // with the status it came with.
    let payload = invalid_payload(&error);
    assert_eq!(payload.snippet(), HTML_PAGE);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(502));
    assert_eq!(payload.content_type(), Some("text/html"));
}

#[tokio::test]
async fn lacework_unlisted_status_is_an_unexpected_response() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(APP_PATH);
            then.status(302)
                .header("location", "https://app.edge-guardian.io/login/acme-corp");
        })
        .await;
    let http = secops_runtime::tls::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client");
    let client = lacework_edge_client::Client::new_with_client(
        &server.base_url(),
        http,
        lacework_edge_client::Hooks::default(),
    );

    let error = client
        .get_app()
        .uuid(APP_UUID)
        .send()
        .await
        .expect_err("a 302 is not a documented answer");

    assert!(
        matches!(error.kind(), ErrorKind::UnexpectedStatus { .. }),
        "expected ErrorKind::UnexpectedStatus, got {error:?}"
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(302));
    assert_eq!(
        error.headers().expect("the headers are kept")["location"],
        "https://app.edge-guardian.io/login/acme-corp"
    );
}

#[tokio::test]
async fn lacework_unknown_enum_values_and_fields_decode() {
    let server = MockServer::start_async().await;
    let response = json!({
        "uuid": "ff24186f-62af-4d20-a547-29cfab19bbe9",
        "name": "Payroll Portal",
        "status": 7,
        "data_source": 20001,
        "risk_score": 87,
        "labels": {"owner": "finance-it"}
    });
    server
        .mock_async(|when, then| {
            when.method(GET).path(APP_PATH);
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = lacework(&server).get_app().uuid(APP_UUID).send().await;

    let app = decoded("get_app", result);
    assert_decoded("get_app", &app, &response);
    let status = app.status.expect("status decodes");
    assert_eq!(status.value(), 7);
    assert!(
        !status.is_known(),
        "7 is not an EnumStatus value the spec lists"
    );
    let data_source = app.data_source.expect("data_source decodes");
    assert_eq!(data_source.value(), 20001);
    assert!(!data_source.is_known());
    assert_eq!(app.extra.get("risk_score"), Some(&json!(87)));
    assert_eq!(
        app.extra.get("labels"),
        Some(&json!({"owner": "finance-it"}))
    );
}

// ----- Egnyte Secure and Govern -----

#[tokio::test]
async fn egnyte_4xx_error_body_is_an_error_response() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(ISSUES_PATH)
                .header("authorization", EGNYTE_BEARER);
            then.status(400).json_body(json!({
                "code": "INVALID_PARAMETER",
                "message": "count must be between 1 and 100",
                "details": "count=500"
            }));
        })
        .await;

    let error = egnyte(&server)
        .list_issues()
        .count(100_u64)
        .send()
        .await
        .expect_err("a 400 is an error");

    mock.assert_async().await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let response = error_response(&error);
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(response.code.as_deref(), Some("INVALID_PARAMETER"));
    assert_eq!(
        response.message.as_deref(),
        Some("count must be between 1 and 100")
    );
    assert_eq!(response.details.as_deref(), Some("count=500"));
}

#[tokio::test]
async fn egnyte_401_error_body_is_an_error_response() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/userinfo");
            then.status(401).json_body(json!({
                "code": "UNAUTHORIZED",
                "message": "Access token expired",
                "details": "Refresh the token at /oauth2/token"
            }));
        })
        .await;

    let error = egnyte(&server)
        .get_user_info()
        .send()
        .await
        .expect_err("a 401 is an error");

    let response = error_response(&error);
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(response.code.as_deref(), Some("UNAUTHORIZED"));
    assert_eq!(response.message.as_deref(), Some("Access token expired"));
}

#[tokio::test]
async fn egnyte_5xx_error_body_is_an_error_response() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/sars/096e400e-56db-4128-bdea-05ebcea9ab7e/downloads");
            then.status(500).json_body(json!({
                "code": "INTERNAL_ERROR",
                "message": "Download preparation failed",
                "details": "requestId=5f2c9a7e",
                "traceId": "0af7651916cd43dd8448eb211c80319c"
            }));
        })
        .await;

    let error = egnyte(&server)
        .create_sar_download()
        .sar_id("096e400e-56db-4128-bdea-05ebcea9ab7e")
        .send()
        .await
        .expect_err("a 500 is an error");

    let response = error_response(&error);
    assert_eq!(response.status().as_u16(), 500);
    assert_eq!(response.code.as_deref(), Some("INTERNAL_ERROR"));
    assert_eq!(
        response.message.as_deref(),
        Some("Download preparation failed")
    );
    assert_eq!(response.details.as_deref(), Some("requestId=5f2c9a7e"));
    assert_eq!(
        response.extra.get("traceId"),
        Some(&json!("0af7651916cd43dd8448eb211c80319c"))
    );
}

#[tokio::test]
async fn egnyte_200_with_malformed_json_is_an_invalid_payload() {
    let server = MockServer::start_async().await;
    answer(
        &server,
        ISSUES_PATH,
        200,
        "application/json",
        r#"{"cursor": 46, "issues": [{"id": 4711,}]}"#,
    )
    .await;

    let error = egnyte(&server)
        .list_issues()
        .send()
        .await
        .expect_err("malformed JSON is an error");

    let payload = invalid_payload(&error);
    assert!(payload.snippet().starts_with("{\"cursor\": 46"));
    assert_eq!(payload.category(), Category::Syntax, "{error}");
}

#[tokio::test]
async fn egnyte_200_with_wrongly_typed_json_is_an_invalid_payload() {
    let server = MockServer::start_async().await;
    answer(
        &server,
        ISSUES_PATH,
        200,
        "application/json",
        r#"{"cursor": "forty-six", "issues": []}"#,
    )
    .await;

    let error = egnyte(&server)
        .list_issues()
        .send()
        .await
        .expect_err("a string cursor does not fit the int64 cursor");

    let payload = invalid_payload(&error);
    assert_eq!(payload.category(), Category::Data, "{error}");
}

#[tokio::test]
async fn egnyte_200_with_an_html_page_is_an_invalid_payload() {
    let server = MockServer::start_async().await;
    answer(&server, ISSUES_PATH, 200, "text/html", HTML_PAGE).await;

    let error = egnyte(&server)
        .list_issues()
        .send()
        .await
        .expect_err("an HTML page is not a list of issues");

    let payload = invalid_payload(&error);
    assert_eq!(payload.snippet(), HTML_PAGE);
}

#[tokio::test]
async fn egnyte_200_with_an_empty_body_is_an_invalid_payload() {
    let server = MockServer::start_async().await;
    answer(&server, ISSUES_PATH, 200, "application/json", "").await;

    let error = egnyte(&server)
        .list_issues()
        .send()
        .await
        .expect_err("an empty body is not a list of issues");

    let payload = invalid_payload(&error);
    assert!(payload.snippet().is_empty());
    assert_eq!(payload.category(), Category::Eof, "{error}");
}

#[tokio::test]
async fn egnyte_200_with_truncated_json_is_an_invalid_payload() {
    let server = MockServer::start_async().await;
    answer(
        &server,
        ISSUES_PATH,
        200,
        "application/json",
        r#"{"cursor": 46, "issues": [{"id": 4711, "status": "OP"#,
    )
    .await;

    let error = egnyte(&server)
        .list_issues()
        .send()
        .await
        .expect_err("a truncated body is an error");

    let payload = invalid_payload(&error);
    assert_eq!(payload.category(), Category::Eof, "{error}");
}

#[tokio::test]
async fn egnyte_200_cut_off_before_content_length_is_a_body_error() {
    let base = raw_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 512\r\n\r\n",
        br#"{"cursor": 46, "issues": [{"id": 4711, "sta"#,
    );
    let client = egnyte_protect_client::Client::new_with_client(
        &format!("{base}/api"),
        secops_runtime::tls::client_builder()
            .build()
            .expect("a client"),
        egnyte_protect_client::Hooks::default(),
    );

    let error = client
        .list_issues()
        .send()
        .await
        .expect_err("a body cut short is an error");

    assert!(
        matches!(error.kind(), ErrorKind::ResponseBody { .. }),
        "expected ErrorKind::ResponseBody, got {error:?}"
    );
}

#[tokio::test]
async fn egnyte_5xx_html_page_is_a_typed_error() {
    let server = MockServer::start_async().await;
    answer(&server, ISSUES_PATH, 502, "text/html", HTML_PAGE).await;

    let error = egnyte(&server)
        .list_issues()
        .send()
        .await
        .expect_err("a 502 is an error");

    let payload = invalid_payload(&error);
    assert_eq!(payload.snippet(), HTML_PAGE);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(502));
    assert_eq!(error.operation(), "list_issues");
}

#[tokio::test]
async fn egnyte_unlisted_status_is_an_unexpected_response() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/issues/4711");
            then.status(204);
        })
        .await;

    let error = egnyte(&server)
        .get_issue()
        .id(4711)
        .send()
        .await
        .expect_err("a 204 is not a documented answer");

    assert!(
        matches!(error.kind(), ErrorKind::UnexpectedStatus { .. }),
        "expected ErrorKind::UnexpectedStatus, got {error:?}"
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(204));
}

#[tokio::test]
async fn egnyte_unknown_enum_values_and_fields_decode() {
    let server = MockServer::start_async().await;
    let response = json!({
        "name": "Copyright Infringement Claim",
        "legalMatter": "Copyright Infringement",
        "holdScopeOperator": "xor",
        "status": "archived",
        "userFacingId": "LH00001",
        "retentionPolicy": {"keepDays": 3650}
    });
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/legalholds/df497868-9f1b-4ef2-963c-436d9156a91e");
            then.status(200).json_body(response.clone());
        })
        .await;

    let result = egnyte(&server)
        .get_legal_hold()
        .legal_hold_id("df497868-9f1b-4ef2-963c-436d9156a91e")
        .send()
        .await;

    let hold = decoded("get_legal_hold", result);
    assert_decoded("get_legal_hold", &hold, &response);
    assert_eq!(
        hold.status,
        Some(egnyte_types::LegalHoldStatus::Unknown(
            "archived".to_owned()
        ))
    );
    assert_eq!(
        hold.hold_scope_operator,
        Some(egnyte_types::HoldScopeOperator::Unknown("xor".to_owned()))
    );
    assert_eq!(
        hold.extra.get("retentionPolicy"),
        Some(&json!({"keepDays": 3650}))
    );
}
