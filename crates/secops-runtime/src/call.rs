//! What every generated operation does with its request and response.
//!
//! The generated `send()` of each operation builds its `reqwest::Request` from the spec, then
//! calls [`send`] and, by status, [`decode`], [`error_response`] or [`unexpected`]. Every
//! failure becomes an [`Error`] naming the operation, with the status whenever a response
//! arrived; a body that does not decode is kept only as a short masked snippet.

use bytes::Bytes;
use progenitor_client::ResponseValue;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use reqwest::{Request, Response, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::InvalidPayload;
use crate::json_error::describe;
use crate::redact::snippet;
use crate::transport::AttemptTimeout;
use crate::{Error, ErrorKind, Hooks, TransportError};

/// What generated code knows about one operation beyond its request: its id, the names of its
/// credential fields (`x-sensitive` in the spec), masked in error snippets, and the response
/// header carrying the vendor's request id (`x-request-id` in the spec), kept on errors.
#[derive(Clone, Copy, Debug)]
pub struct Call {
    /// The operation id.
    pub operation: &'static str,
    /// Field names whose values are credentials anywhere in this API.
    pub sensitive_fields: &'static [&'static str],
    /// The response header with the vendor's request id, when the spec declares one.
    pub request_id_header: Option<&'static str>,
}

impl Call {
    /// An error of this call.
    pub fn error<E>(&self, kind: ErrorKind<E>) -> Error<E> {
        Error::new(self.operation, kind)
    }

    /// The vendor's request id in `headers`, made safe to show (see [`crate::request_id`]).
    pub fn request_id(&self, headers: &HeaderMap) -> Option<String> {
        crate::request_id::from_headers(headers, self.request_id_header?)
    }

    /// An error of this call for a response with `headers`: it carries the request id.
    fn response_error<E>(&self, headers: &HeaderMap, kind: ErrorKind<E>) -> Error<E> {
        self.error(kind).with_request_id(self.request_id(headers))
    }
}

/// Sends `request` through the transport installed in `hooks` (or once with `http` when there
/// is none). progenitor's `api-version` header, which neither vendor documents, is removed.
pub async fn send<E>(
    http: &reqwest::Client,
    hooks: &Hooks,
    mut request: Request,
    call: Call,
) -> Result<Response, Error<E>> {
    request.headers_mut().remove("api-version");
    let result = match hooks.transport() {
        Some(transport) => transport.send(http, request, call.operation).await,
        None => http.execute(request).await.map_err(TransportError::Http),
    };
    result.map_err(|error| match error {
        TransportError::Http(error) => call.error(ErrorKind::Transport(error)),
        TransportError::TimedOut { after, source } => call.error(ErrorKind::TimedOut {
            after,
            status: None,
            source,
        }),
        TransportError::Credentials(error) => call.error(ErrorKind::Credentials(error)),
    })
}

/// The body of a documented success response, decoded as `T`.
pub async fn decode<T: DeserializeOwned, E>(
    response: Response,
    call: Call,
    hooks: &Hooks,
) -> Result<ResponseValue<T>, Error<E>> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = read_body(response, call).await?;
    match serde_json::from_slice::<T>(&body) {
        Ok(value) => Ok(ResponseValue::new(value, status, headers)),
        Err(source) => Err(invalid_payload::<T, E>(
            status, &headers, &body, source, call, hooks,
        )),
    }
}

/// The error for a documented error status: the vendor's error body when it decodes as `E`,
/// otherwise an [`ErrorKind::InvalidPayload`] that keeps the status (an HTML error page of a
/// proxy, an empty body, ...).
pub async fn error_response<E: DeserializeOwned>(
    response: Response,
    call: Call,
    hooks: &Hooks,
) -> Error<E> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = match read_body(response, call).await {
        Ok(body) => body,
        Err(error) => return error,
    };
    // The vendor's error text may quote what it was sent (an `Authorization` header, a
    // token): the body is masked before it is decoded, so the decoded body never holds a secret
    // the transport knows or a credential field.
    let body = masked_body(&body, call, hooks);
    match serde_json::from_slice::<E>(&body) {
        Ok(value) => {
            let request_id = call.request_id(&headers);
            call.error(ErrorKind::ErrorResponse(ResponseValue::new(
                value, status, headers,
            )))
            .with_message(vendor_message(&body))
            .with_request_id(request_id)
        }
        Err(source) => invalid_payload::<E, E>(status, &headers, &body, source, call, hooks),
    }
}

/// The vendor's own message in an error body (`message`, `error_description`, `error`,
/// `detail`, `title`: the first that is a non-empty string), on one line, at most 200 bytes.
fn vendor_message(body: &[u8]) -> Option<String> {
    const KEYS: [&str; 6] = [
        "message",
        "error_description",
        "errorMessage",
        "detail",
        "error",
        "title",
    ];
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body).ok()?;
    let text = KEYS.iter().find_map(|key| {
        object
            .get(*key)?
            .as_str()
            .filter(|text| !text.trim().is_empty())
    })?;
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(crate::redact::cut(line, 200))
}

/// `body` with credential fields and the transport's secrets masked (bodies over 64 KiB are
/// left to the snippet, which is bounded).
fn masked_body(body: &Bytes, call: Call, hooks: &Hooks) -> Bytes {
    const MASKED_UP_TO: usize = 64 * 1024;
    if body.len() > MASKED_UP_TO {
        return body.clone();
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return body.clone();
    };
    let mut text = crate::redact::mask_credential_fields(text, call.sensitive_fields);
    if let Some(transport) = hooks.transport() {
        transport.redact(&mut text);
    }
    Bytes::from(text)
}

/// The error for a status the spec does not list: status, headers and a masked snippet.
pub async fn unexpected<E>(response: Response, call: Call, hooks: &Hooks) -> Error<E> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = read_start(response, 4 * 1024).await;
    let request_id = call.request_id(&headers);
    call.error(ErrorKind::UnexpectedStatus {
        status,
        headers,
        snippet: snippet(&body, call.sensitive_fields, hooks),
    })
    .with_request_id(request_id)
}

/// The whole body, or an error that keeps the status (and, when the body stalled past the
/// attempt's timeout the transport set, that timeout).
pub(crate) async fn read_body<E>(response: Response, call: Call) -> Result<Bytes, Error<E>> {
    let status = response.status();
    let timeout = response.extensions().get::<AttemptTimeout>().copied();
    let request_id = call.request_id(response.headers());
    response.bytes().await.map_err(|source| {
        let kind = match timeout {
            Some(AttemptTimeout(after)) if source.is_timeout() => ErrorKind::TimedOut {
                after,
                status: Some(status),
                source,
            },
            _ => ErrorKind::ResponseBody { status, source },
        };
        call.error(kind).with_request_id(request_id)
    })
}

/// At most the first `limit` bytes of the body (fewer if it breaks off).
async fn read_start(mut response: Response, limit: usize) -> Vec<u8> {
    let mut start = Vec::new();
    while start.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => start.extend_from_slice(&chunk),
            Ok(None) | Err(_) => break,
        }
    }
    start.truncate(limit);
    start
}

/// A body that does not decode as `T`: its status, content type, masked snippet, and the JSON
/// path where decoding failed.
pub(crate) fn invalid_payload<T: DeserializeOwned, E>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    source: serde_json::Error,
    call: Call,
    hooks: &Hooks,
) -> Error<E> {
    call.response_error(
        headers,
        ErrorKind::InvalidPayload(InvalidPayload {
            status,
            content_type: headers
                .get(CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned),
            snippet: snippet(body, call.sensitive_fields, hooks),
            path: json_path::<T>(body),
            problem: describe(&source),
            category: source.classify(),
        }),
    )
}

/// Where decoding `body` as `T` fails, as a JSON path (`issues[3].status`); `None` for a body
/// that is not JSON at all. Decoding is run a second time only on this error path, so the
/// success path pays nothing for it.
pub fn json_path<T: DeserializeOwned>(body: &[u8]) -> Option<String> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(_) => None,
        Err(error) if error.inner().is_data() => Some(error.path().to_string()),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Page {
        issues: Vec<Issue>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Issue {
        id: i64,
    }

    #[test]
    fn the_vendor_message_is_read_from_common_keys() {
        assert_eq!(
            vendor_message(br#"{"code":"X","message":"app is\n required"}"#).as_deref(),
            Some("app is required")
        );
        assert_eq!(
            vendor_message(br#"{"error":"invalid_grant","error_description":"expired"}"#)
                .as_deref(),
            Some("expired")
        );
        assert_eq!(vendor_message(b"<html>"), None);
        assert_eq!(vendor_message(br#"{"message":""}"#), None);
    }

    #[test]
    fn the_path_names_the_failing_field() {
        let path = json_path::<Page>(br#"{"issues":[{"id":1},{"id":"x"}]}"#);
        assert_eq!(path.as_deref(), Some("issues[1].id"));
        assert_eq!(json_path::<Page>(b"<html>"), None);
    }
}
