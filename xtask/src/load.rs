//! Reading a spec file into memory, with errors that name the file, the JSON path and the reason.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use serde_json::Value;

/// Reads `path` (JSON, or YAML for `.yaml`/`.yml`) as a JSON value.
pub fn read_document(path: &Path) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let is_yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    if is_yaml {
        serde_norway::from_str(&text).map_err(|e| anyhow!("{}: invalid YAML: {e}", path.display()))
    } else {
        serde_json::from_str(&text).map_err(|e| {
            anyhow!(
                "{}:{}:{}: invalid JSON: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })
    }
}

/// Converts the (adjusted) document into progenitor's input type.
///
/// A shape error names the JSON path where it happened, e.g.
/// `paths./v1/issues.get.parameters[0]: invalid type: ...`. serde loses the path inside
/// openapiv3's untagged enums, so on failure each part is re-read on its own to find the
/// innermost value that does not fit.
pub fn to_openapi(path: &Path, document: Value) -> Result<openapiv3::OpenAPI> {
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&document) {
        Ok(spec) => Ok(spec),
        Err(error) => {
            let (at, reason) = locate_shape_error(&document)
                .unwrap_or_else(|| (error.path().to_string(), error.inner().to_string()));
            Err(anyhow!(
                "{}: at `{at}`: not a valid OpenAPI 3.0 document: {reason}",
                path.display()
            ))
        }
    }
}

/// The innermost part of `document` that openapiv3 cannot read, with the reason.
fn locate_shape_error(document: &Value) -> Option<(String, String)> {
    use openapiv3::{Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};

    fn fails<T: serde::de::DeserializeOwned>(value: &Value) -> Option<String> {
        serde_json::from_value::<T>(value.clone())
            .err()
            .map(|e| e.to_string())
    }
    fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
        value.and_then(Value::as_object).into_iter().flatten()
    }

    for (name, schema) in entries(document.pointer("/components/schemas")) {
        if let Some(reason) = fails::<ReferenceOr<Schema>>(schema) {
            return Some((format!("components.schemas.{name}"), reason));
        }
    }
    for (path, item) in entries(document.get("paths")) {
        let Some(item_reason) = fails::<PathItem>(item) else {
            continue;
        };
        for method in crate::validate::METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let at = format!("paths.{path}.{method}");
            let parameters = operation.get("parameters").and_then(Value::as_array);
            for (index, parameter) in parameters.into_iter().flatten().enumerate() {
                if let Some(reason) = fails::<ReferenceOr<Parameter>>(parameter) {
                    return Some((format!("{at}.parameters[{index}]"), reason));
                }
            }
            if let Some(reason) = operation
                .get("requestBody")
                .and_then(fails::<ReferenceOr<RequestBody>>)
            {
                return Some((format!("{at}.requestBody"), reason));
            }
            for (status, response) in entries(operation.get("responses")) {
                if let Some(reason) = fails::<ReferenceOr<Response>>(response) {
                    return Some((format!("{at}.responses.{status}"), reason));
                }
            }
        }
        return Some((format!("paths.{path}"), item_reason));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shape_errors_name_the_innermost_part() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/v1/issues": {"get": {
                "operationId": "list_issues",
                "parameters": [
                    {"name": "ok", "in": "query", "schema": {"type": "string"}},
                    {"name": "count", "in": "query", "schema": {"type": 5}}
                ],
                "responses": {}
            }}}
        });
        let error = to_openapi(Path::new("spec.json"), document).unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("spec.json: at `paths./v1/issues.get.parameters[1]`:"),
            "{message}"
        );
    }
}
