//! Shared helpers for the contract tests in `tests/tests/`.
//!
//! Every contract test starts an [`httpmock::MockServer`], builds a generated client against it
//! with [`lacework`] or [`egnyte`] (a `reqwest` client that sends a fixed bearer token, as an
//! application holding a token would), calls one operation and then checks two things:
//!
//! - the request the server received: method, literal path, every query parameter (and, with
//!   [`WhenExt::query_param_total`], that there are no others), the headers that matter and the
//!   exact JSON body. `mock.assert_async()` prints the closest request and what differed;
//! - the decoded response: [`decoded`] unwraps the call (naming the operation on failure) and
//!   [`assert_decoded`] re-serializes the decoded value and compares it with the JSON the server
//!   sent, listing every differing JSON path.

use std::fmt::{Debug, Write as _};

use httpmock::MockServer;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The Lacework Edge JWT the test client sends (what `token_login` returns; not a real token).
pub const LACEWORK_JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhY2NvdW50IjoiYWNtZS1jb3JwIiwic3ViIjoiMGI5ZDJmNWUiLCJleHAiOjE3OTU2NjQ5MDB9.3q1Zp8Xv6m0R2tYb9WcQe4LkHs7NdJfA5uGi";
/// The `authorization` header every Lacework Edge contract test expects.
pub const LACEWORK_BEARER: &str = "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhY2NvdW50IjoiYWNtZS1jb3JwIiwic3ViIjoiMGI5ZDJmNWUiLCJleHAiOjE3OTU2NjQ5MDB9.3q1Zp8Xv6m0R2tYb9WcQe4LkHs7NdJfA5uGi";
/// A Lacework Edge API token, which `token_login` and `login` send instead of a JWT.
pub const LACEWORK_API_TOKEN: &str = "ACME-CORP_4F8A2C6E9B1D3F5A7C9E1B3D5F7A9C1E";
/// The `authorization` header `token_login` and `login` expect.
pub const LACEWORK_API_TOKEN_BEARER: &str = "Bearer ACME-CORP_4F8A2C6E9B1D3F5A7C9E1B3D5F7A9C1E";

/// The Egnyte Secure and Govern OAuth2 access token the test client sends (not a real token).
pub const EGNYTE_ACCESS_TOKEN: &str = "k7yq9d3mfw2xjz8h5tcs4bnr";
/// The `authorization` header every Egnyte contract test expects.
pub const EGNYTE_BEARER: &str = "Bearer k7yq9d3mfw2xjz8h5tcs4bnr";

/// A `reqwest` client that sends `Authorization: Bearer <token>` on every request.
pub fn bearer_http_client(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    let mut value = reqwest::header::HeaderValue::from_str(&format!("Bearer {token}"))
        .expect("test tokens are valid header values");
    value.set_sensitive(true);
    headers.insert(reqwest::header::AUTHORIZATION, value);
    secops_runtime::tls::client_builder()
        .default_headers(headers)
        .build()
        .expect("a reqwest client with default headers builds")
}

/// The Lacework Edge client pointed at `server` (the spec's server is `https://{host}`; paths
/// start with `/api/v1`), sending [`LACEWORK_JWT`].
pub fn lacework(server: &MockServer) -> lacework_edge_client::Client {
    lacework_with_token(server, LACEWORK_JWT)
}

/// The Lacework Edge client pointed at `server`, sending `token` as the bearer token.
pub fn lacework_with_token(server: &MockServer, token: &str) -> lacework_edge_client::Client {
    lacework_edge_client::Client::new_with_client(
        &server.base_url(),
        bearer_http_client(token),
        lacework_edge_client::Hooks::default(),
    )
}

/// The Egnyte Secure and Govern client pointed at `server` (the spec's server is
/// `https://{env}.egnyteprotect.com/api`; paths start with `/v1`), sending
/// [`EGNYTE_ACCESS_TOKEN`].
pub fn egnyte(server: &MockServer) -> egnyte_protect_client::Client {
    egnyte_protect_client::Client::new_with_client(
        &format!("{}/api", server.base_url()),
        bearer_http_client(EGNYTE_ACCESS_TOKEN),
        egnyte_protect_client::Hooks::default(),
    )
}

/// Panics naming `operation` when the client did not send the request at all: it refused to
/// build it (`InvalidRequest`, e.g. a builder value it cannot convert) or could not reach the
/// server. Call it before `mock.assert_async()`, whose message would only say that nothing
/// arrived.
pub fn assert_sent<T, E>(
    operation: &str,
    result: &Result<progenitor_client::ResponseValue<T>, secops_runtime::Error<E>>,
) {
    let Err(error) = result else { return };
    match error.kind() {
        secops_runtime::ErrorKind::InvalidRequest(message) => {
            panic!("{operation}: the client refused to build the request: {message}")
        }
        secops_runtime::ErrorKind::Credentials(problem) => {
            panic!("{operation}: the transport had no credentials: {problem}")
        }
        secops_runtime::ErrorKind::Transport(problem) => {
            panic!("{operation}: the request did not reach the mock server: {problem}")
        }
        _ => {}
    }
}

/// The decoded body of a successful call; panics naming `operation` when the call failed or
/// did not answer 200.
pub fn decoded<T, E: Debug>(
    operation: &str,
    result: Result<progenitor_client::ResponseValue<T>, secops_runtime::Error<E>>,
) -> T {
    match result {
        Ok(response) => {
            assert_eq!(
                response.status().as_u16(),
                200,
                "{operation}: unexpected success status"
            );
            response.into_inner()
        }
        Err(error) => panic!("{operation}: the call failed: {error}\n{error:?}"),
    }
}

/// Asserts that `decoded`, serialized back to JSON, equals `expected` (the body the server
/// sent). On a difference it panics naming `operation` and every JSON path that differs, e.g.
/// `list_apps: $.apps[0].port: sent 443, decoded back to (absent)`.
pub fn assert_decoded<T: Serialize>(operation: &str, decoded: &T, expected: &Value) {
    let actual = serde_json::to_value(decoded).unwrap_or_else(|error| {
        panic!("{operation}: the decoded value does not serialize: {error}")
    });
    let mut differences = Vec::new();
    diff("$", expected, &actual, &mut differences);
    if !differences.is_empty() {
        let mut message = format!(
            "{operation}: the decoded response differs from the body the server sent ({} difference(s)):\n",
            differences.len()
        );
        for line in &differences {
            let _ = writeln!(message, "  {line}");
        }
        panic!("{message}");
    }
}

/// Asserts that the decoded objects at `path` kept no field in their `extra` map: every field
/// the server sent is one the spec (and so the generated type) knows. A field renamed in the
/// spec would otherwise still round-trip through `extra` unnoticed.
pub fn assert_no_unknown_fields<'a>(
    operation: &str,
    path: &str,
    extras: impl IntoIterator<Item = &'a Map<String, Value>>,
) {
    let extras: Vec<&Map<String, Value>> = extras.into_iter().collect();
    let single = extras.len() == 1;
    for (index, extra) in extras.into_iter().enumerate() {
        let at = if single {
            path.to_owned()
        } else {
            format!("{path}[{index}]")
        };
        assert!(
            extra.is_empty(),
            "{operation}: {at} has fields the generated type does not know: {:?}",
            extra.keys().collect::<Vec<_>>()
        );
    }
}

/// Every JSON path at which `expected` and `actual` differ, as readable lines.
pub fn json_differences(expected: &Value, actual: &Value) -> Vec<String> {
    let mut differences = Vec::new();
    diff("$", expected, actual, &mut differences);
    differences
}

fn diff(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let child = format!("{path}.{key}");
                match a.get(key) {
                    Some(av) => diff(&child, ev, av, out),
                    None => out.push(format!("{child}: sent {ev}, decoded back to (absent)")),
                }
            }
            for (key, av) in a {
                if !e.contains_key(key) {
                    out.push(format!("{path}.{key}: not sent, decoded back to {av}"));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            for (index, (ev, av)) in e.iter().zip(a).enumerate() {
                diff(&format!("{path}[{index}]"), ev, av, out);
            }
            if e.len() != a.len() {
                out.push(format!(
                    "{path}: sent {} item(s), decoded back to {}",
                    e.len(),
                    a.len()
                ));
            }
        }
        _ if expected == actual => {}
        _ => out.push(format!("{path}: sent {expected}, decoded back to {actual}")),
    }
}

/// A value of a generated type built from JSON (for nested request objects); panics with the
/// type name when the JSON does not fit.
pub fn from_json<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|error| {
        panic!(
            "test data does not fit {}: {error}",
            std::any::type_name::<T>()
        )
    })
}

/// The JSON object `value` as a map (for free-form object fields); panics when it is not one.
pub fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("test data is not a JSON object: {other}"),
    }
}

/// `value` as a free-form field (`secops_runtime::RawJson`), for builders of request bodies.
pub fn raw(value: Value) -> secops_runtime::RawJson {
    value.into()
}

/// Extra request matchers for [`httpmock::When`].
pub trait WhenExt: Sized {
    /// The request carries exactly `count` query parameters in total, so none besides the
    /// ones the test asserts with `query_param`.
    fn query_param_total(self, count: usize) -> Self;
}

impl WhenExt for httpmock::When {
    fn query_param_total(self, count: usize) -> Self {
        self.query_param_count(".*", ".*", count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bearer_constants_match_the_tokens() {
        assert_eq!(LACEWORK_BEARER, format!("Bearer {LACEWORK_JWT}"));
        assert_eq!(
            LACEWORK_API_TOKEN_BEARER,
            format!("Bearer {LACEWORK_API_TOKEN}")
        );
        assert_eq!(EGNYTE_BEARER, format!("Bearer {EGNYTE_ACCESS_TOKEN}"));
    }

    #[test]
    fn equal_values_have_no_differences() {
        let value = json!({"a": [1, {"b": "c"}], "d": null});
        assert!(json_differences(&value, &value).is_empty());
    }

    #[test]
    fn differences_name_every_path() {
        let expected = json!({"apps": [{"name": "Payroll", "port": 443}], "gone": true});
        let actual = json!({"apps": [{"name": "Payroll", "port": "443"}], "new": 1});
        assert_eq!(
            json_differences(&expected, &actual),
            vec![
                "$.apps[0].port: sent 443, decoded back to \"443\"".to_owned(),
                "$.gone: sent true, decoded back to (absent)".to_owned(),
                "$.new: not sent, decoded back to 1".to_owned(),
            ]
        );
    }

    #[test]
    fn array_length_changes_are_reported() {
        let differences = json_differences(&json!([1, 2]), &json!([1]));
        assert_eq!(
            differences,
            vec!["$: sent 2 item(s), decoded back to 1".to_owned()]
        );
    }

    #[test]
    #[should_panic(
        expected = "list_apps: $.apps[1] has fields the generated type does not know: [\"hostname\"]"
    )]
    fn unknown_fields_are_named_with_their_path() {
        let known = Map::new();
        let unknown = object(json!({"hostname": "payroll.internal.example.com"}));
        assert_no_unknown_fields("list_apps", "$.apps", [&known, &unknown]);
    }

    #[test]
    #[should_panic(expected = "get_app: the decoded response differs")]
    fn assert_decoded_names_the_operation() {
        assert_decoded("get_app", &json!({"name": "a"}), &json!({"name": "b"}));
    }
}
