//! Checks that progenitor does not make (or makes with an unhelpful panic), reported with the
//! JSON path of the offending value.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// HTTP methods that may appear under a path item.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One problem found in a spec.
#[derive(Debug)]
pub struct Problem {
    /// JSON path, e.g. `paths./v1/issues.get.operationId`.
    pub at: String,
    /// What is wrong and what to do.
    pub reason: String,
}

/// Returns every problem found; an empty list means the spec can be generated.
pub fn check(document: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut report = |at: String, reason: String| problems.push(Problem { at, reason });

    match document.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => report(
            "openapi".into(),
            format!("version {v} is not supported: progenitor reads OpenAPI 3.0.x"),
        ),
        None => report("openapi".into(), "missing `openapi` version field".into()),
    }

    let mut operation_ids: BTreeMap<String, String> = BTreeMap::new();
    let paths = document.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let templated = path_template_params(path);
        let shared = item.get("parameters");
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let at = format!("paths.{path}.{method}");
            match operation.get("operationId").and_then(Value::as_str) {
                None => report(
                    format!("{at}.operationId"),
                    "missing operationId: every operation needs one (it names the client method)"
                        .into(),
                ),
                Some(id) => {
                    if let Some(first) = operation_ids.insert(id.to_owned(), at.clone()) {
                        report(
                            format!("{at}.operationId"),
                            format!("operationId `{id}` is also used at {first}"),
                        );
                    }
                }
            }

            let declared: BTreeSet<String> = [shared, operation.get("parameters")]
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
                .filter_map(|p| resolve(document, p))
                .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
                .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
                .collect();
            for name in templated.difference(&declared) {
                report(
                    format!("{at}.parameters"),
                    format!(
                        "path template uses {{{name}}} but no path parameter `{name}` is declared"
                    ),
                );
            }
            for name in declared.difference(&templated) {
                report(
                    format!("{at}.parameters"),
                    format!("path parameter `{name}` is declared but `{path}` has no {{{name}}}"),
                );
            }
        }
    }

    let mut refs = Vec::new();
    collect_refs(document, String::new(), &mut refs);
    for (at, reference) in refs {
        if lookup_ref(document, &reference).is_none() {
            report(at, format!("$ref `{reference}` does not resolve"));
        }
    }
    problems.extend(crate::x_pagination::read(document).1);
    problems.extend(crate::oauth2::read(document).1);
    problems
}

/// `{name}` placeholders of a path template.
fn path_template_params(path: &str) -> BTreeSet<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// Follows a `$ref` (one level) or returns the value itself.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> Option<&'a Value> {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => lookup_ref(document, reference),
        None => Some(value),
    }
}

/// Resolves a local `#/...` reference.
pub fn lookup_ref<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    document.pointer(pointer)
}

fn collect_refs(value: &Value, at: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_at = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                if key == "$ref" {
                    if let Some(reference) = child.as_str() {
                        out.push((child_at, reference.to_owned()));
                    }
                } else {
                    collect_refs(child, child_at, out);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_refs(child, format!("{at}[{index}]"), out);
            }
        }
        _ => {}
    }
}
