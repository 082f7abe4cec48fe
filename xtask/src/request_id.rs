//! The response header carrying the vendor's request id, read from the spec: a header object
//! marked `x-request-id: true` (usually `components.headers.RequestId`), declared on a
//! response. Its name becomes the client's `REQUEST_ID_HEADER`, which every error reads.

use anyhow::{Result, bail};
use serde_json::Value;

use crate::validate::METHODS;

/// The name of the request-id header the spec declares, if any. A spec may declare one name
/// only; a marked header component that no response declares is an error too (its name would
/// be unknown).
pub fn read(document: &Value) -> Result<Option<String>> {
    let mut names = std::collections::BTreeSet::new();
    let mut used_components = std::collections::BTreeSet::new();
    for (at, response) in responses(document) {
        let Some(headers) = response.get("headers").and_then(Value::as_object) else {
            continue;
        };
        for (name, header) in headers {
            let resolved = match header.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let Some(target) = reference
                        .strip_prefix('#')
                        .and_then(|pointer| document.pointer(pointer))
                    else {
                        bail!("{at}.headers.{name}: `$ref` {reference} does not resolve");
                    };
                    used_components.insert(reference.to_owned());
                    target
                }
                None => header,
            };
            match resolved.get("x-request-id") {
                None | Some(Value::Bool(false)) => {}
                Some(Value::Bool(true)) => {
                    names.insert(name.to_ascii_lowercase());
                }
                Some(other) => {
                    bail!("{at}.headers.{name}: `x-request-id` must be true, not {other}")
                }
            }
        }
    }
    let components = document
        .pointer("/components/headers")
        .and_then(Value::as_object);
    for (key, header) in components.into_iter().flatten() {
        let reference = format!("#/components/headers/{key}");
        if header.get("x-request-id") == Some(&Value::Bool(true))
            && !used_components.contains(&reference)
        {
            bail!(
                "components.headers.{key} is marked `x-request-id` but no response declares it: \
                 add it to a response's `headers` under the header's name"
            );
        }
    }
    if names.len() > 1 {
        bail!(
            "several headers are marked `x-request-id` ({}): a spec names one request-id header",
            names.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    Ok(names.into_iter().next())
}

/// Every response object of the spec with where it is: `components.responses` and each
/// operation's `responses`.
fn responses(document: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    let shared = document
        .pointer("/components/responses")
        .and_then(Value::as_object);
    for (name, response) in shared.into_iter().flatten() {
        out.push((format!("components.responses.{name}"), response));
    }
    let paths = document.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for method in METHODS {
            let operation_responses = item
                .get(method)
                .and_then(|operation| operation.get("responses"))
                .and_then(Value::as_object);
            for (status, response) in operation_responses.into_iter().flatten() {
                out.push((
                    format!("paths.{path}.{method}.responses.{status}"),
                    response,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(headers: Value, components: Value) -> Value {
        json!({
            "paths": {"/v1/things": {"get": {"responses": {"200": {"description": "ok"}, "default": {"$ref": "#/components/responses/Error"}}}}},
            "components": {
                "responses": {"Error": {"description": "Error.", "headers": headers}},
                "headers": components
            }
        })
    }

    #[test]
    fn the_marked_header_of_a_response_is_the_request_id_header() {
        let document = spec(
            json!({"X-Vendor-Request-Id": {"$ref": "#/components/headers/RequestId"}}),
            json!({"RequestId": {"schema": {"type": "string"}, "x-request-id": true}}),
        );
        assert_eq!(
            read(&document).unwrap().as_deref(),
            Some("x-vendor-request-id")
        );
    }

    #[test]
    fn no_marked_header_is_none() {
        let document = spec(
            json!({"x-other": {"schema": {"type": "string"}}}),
            json!({}),
        );
        assert_eq!(read(&document).unwrap(), None);
    }

    #[test]
    fn an_undeclared_or_second_request_id_header_is_an_error() {
        let document = spec(
            json!({}),
            json!({"RequestId": {"schema": {"type": "string"}, "x-request-id": true}}),
        );
        let error = read(&document).unwrap_err().to_string();
        assert!(error.contains("no response declares it"), "{error}");

        let document = spec(
            json!({
                "x-a": {"schema": {"type": "string"}, "x-request-id": true},
                "x-b": {"schema": {"type": "string"}, "x-request-id": true}
            }),
            json!({}),
        );
        let error = read(&document).unwrap_err().to_string();
        assert!(error.contains("x-a, x-b"), "{error}");
    }
}
