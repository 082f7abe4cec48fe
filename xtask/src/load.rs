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
/// `paths./v1/issues.get.parameters[0].schema: invalid type: ...`.
pub fn to_openapi(path: &Path, document: Value) -> Result<openapiv3::OpenAPI> {
    serde_path_to_error::deserialize(document).map_err(|e| {
        anyhow!(
            "{}: at `{}`: not a valid OpenAPI 3.0 document: {}",
            path.display(),
            e.path(),
            e.inner()
        )
    })
}
