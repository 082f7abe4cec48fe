//! The reconciliation report: what the import matched, moved, added, kept, renamed and
//! retyped, as Markdown for the pull request.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;

use super::matching::{Matching, Operation};
use super::merge::{Merged, content_schema};

/// Everything the report is made from.
pub struct Inputs<'a> {
    /// The spec name (`egnyte-protect`).
    pub name: &'a str,
    /// The vendor's file, as given.
    pub file: &'a str,
    /// Our spec before the import.
    pub ours: &'a Value,
    /// The merged spec.
    pub merged: &'a Value,
    /// Our operations.
    pub our_ops: &'a [Operation],
    /// The vendor's operations.
    pub vendor_ops: &'a [Operation],
    /// The matching.
    pub matching: &'a Matching,
    /// What the merge did.
    pub outcome: &'a Merged,
}

/// A short description of a schema's type, with component names as they are in the document.
pub fn describe(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference.rsplit('/').next().unwrap_or(reference).to_owned();
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(items) = schema.get(key).and_then(Value::as_array) {
            let parts: Vec<String> = items.iter().map(describe).collect();
            return format!("{key}[{}]", parts.join(", "));
        }
    }
    let ty = schema.get("type").and_then(Value::as_str);
    let mut text = match ty {
        Some("array") => format!(
            "array<{}>",
            schema
                .get("items")
                .map_or_else(|| "any".to_owned(), describe)
        ),
        Some("object") | None if schema.get("properties").is_some() => "object".to_owned(),
        Some("object") | None
            if schema
                .get("additionalProperties")
                .is_some_and(Value::is_object) =>
        {
            format!("map<{}>", describe(&schema["additionalProperties"]))
        }
        Some(ty) => match schema.get("format").and_then(Value::as_str) {
            Some(format) => format!("{ty}({format})"),
            None => ty.to_owned(),
        },
        None => "any".to_owned(),
    };
    if schema.get("enum").is_some() {
        text.push_str(" enum");
    }
    if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        text.push_str(" nullable");
    }
    text
}

fn operation<'a>(document: &'a Value, path: &str, method: &str) -> Option<&'a Value> {
    document.get("paths")?.get(path)?.get(method)
}

fn parameters(document: &Value, op: &Value) -> BTreeMap<(String, String), (String, bool)> {
    op.get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| match p.get("$ref").and_then(Value::as_str) {
            Some(r) => crate::validate::lookup_ref(document, r).unwrap_or(p),
            None => p,
        })
        .filter_map(|p| {
            Some((
                (
                    p.get("name")?.as_str()?.to_owned(),
                    p.get("in")?.as_str()?.to_owned(),
                ),
                (
                    p.get("schema").map_or_else(|| "any".to_owned(), describe),
                    p.get("required").and_then(Value::as_bool) == Some(true),
                ),
            ))
        })
        .collect()
}

fn body_type(document: &Value, op: &Value) -> String {
    match op.get("requestBody") {
        None => "none".to_owned(),
        Some(body) => {
            content_schema(document, body).map_or_else(|| "no schema".to_owned(), describe)
        }
    }
}

fn success_type(document: &Value, op: &Value) -> String {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return "none".to_owned();
    };
    let mut out = Vec::new();
    for (status, response) in responses {
        if status.starts_with('2') {
            let ty =
                content_schema(document, response).map_or_else(|| "empty".to_owned(), describe);
            out.push(format!("{status}: {ty}"));
        }
    }
    if out.is_empty() {
        "none".to_owned()
    } else {
        out.join(", ")
    }
}

/// How a generated method changes between our operation and the merged one.
fn signature_changes(ours: &Value, merged: &Value, a: &Value, b: &Value) -> Vec<String> {
    let mut changes = Vec::new();
    let (pa, pb) = (parameters(ours, a), parameters(merged, b));
    for ((name, location), (ty, required)) in &pb {
        match pa.get(&(name.clone(), location.clone())) {
            None => changes.push(format!(
                "parameter `{name}` ({location}, {ty}{}) added",
                if *required { ", required" } else { "" }
            )),
            Some((old_ty, old_required)) => {
                if old_ty != ty {
                    changes.push(format!("parameter `{name}` ({location}): {old_ty} → {ty}"));
                }
                if old_required != required {
                    changes.push(format!(
                        "parameter `{name}` ({location}) {}",
                        if *required {
                            "now required"
                        } else {
                            "now optional"
                        }
                    ));
                }
            }
        }
    }
    for ((name, location), (ty, _)) in &pa {
        if !pb.contains_key(&(name.clone(), location.clone())) {
            changes.push(format!("parameter `{name}` ({location}, {ty}) removed"));
        }
    }
    let (ba, bb) = (body_type(ours, a), body_type(merged, b));
    if ba != bb {
        changes.push(format!("body: {ba} → {bb}"));
    }
    let (ra, rb) = (success_type(ours, a), success_type(merged, b));
    if ra != rb {
        changes.push(format!("response: {ra} → {rb}"));
    }
    changes
}

/// `label: values` of every enum inside a schema (not through `$ref`).
fn enums(schema: &Value, label: String, out: &mut BTreeMap<String, Vec<String>>) {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        out.insert(
            label.clone(),
            values
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
        );
    }
    if let Some(items) = schema.get("items") {
        enums(items, format!("{label}[]"), out);
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            enums(property, format!("{label}.{name}"), out);
        }
    }
}

fn schemas(document: &Value) -> BTreeMap<String, Value> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// Field changes of one schema (ours before, merged after).
fn field_changes(before: &Value, after: &Value) -> Vec<String> {
    let props = |s: &Value| -> BTreeMap<String, String> {
        s.get("properties")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), describe(v))).collect())
            .unwrap_or_default()
    };
    let required = |s: &Value| -> BTreeSet<String> {
        s.get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let (pa, pb) = (props(before), props(after));
    let (ra, rb) = (required(before), required(after));
    let mut out = Vec::new();
    for (name, ty) in &pb {
        match pa.get(name) {
            None => out.push(format!("added `{name}` ({ty})")),
            Some(old) if old != ty => out.push(format!("retyped `{name}`: {old} → {ty}")),
            Some(_) => {}
        }
    }
    for (name, ty) in &pa {
        if !pb.contains_key(name) {
            out.push(format!("removed `{name}` ({ty})"));
        }
    }
    for name in rb.difference(&ra) {
        if pa.contains_key(name) {
            out.push(format!("`{name}` now required"));
        }
    }
    for name in ra.difference(&rb) {
        if pb.contains_key(name) {
            out.push(format!("`{name}` no longer required"));
        }
    }
    let (ta, tb) = (describe(before), describe(after));
    if ta != tb {
        out.push(format!("type: {ta} → {tb}"));
    }
    out
}

fn list(out: &mut String, items: &[String], empty: &str) {
    if items.is_empty() {
        let _ = writeln!(out, "{empty}\n");
    } else {
        for item in items {
            let _ = writeln!(out, "- {item}");
        }
        out.push('\n');
    }
}

/// The whole report, as Markdown.
pub fn render(inputs: &Inputs<'_>) -> String {
    let Inputs {
        name,
        file,
        ours,
        merged,
        our_ops,
        vendor_ops,
        matching,
        outcome,
    } = inputs;
    let mut out = String::new();
    let _ = writeln!(out, "# import-spec `{name}` from `{file}`\n");
    let _ = writeln!(
        out,
        "{} operations matched, {} only in the vendor's file (added), {} only in ours (kept, \
         marked `x-vendor-spec: missing`); {} schema(s) renamed to ours, {} new.\n",
        matching.pairs.len(),
        matching.vendor_only.len(),
        matching.ours_only.len(),
        outcome.schemas.renamed.len(),
        outcome.schemas.vendor_only.len() + outcome.schemas.suffixed.len()
    );

    if let Some(rebased) = &outcome.rebased {
        let _ = writeln!(out, "{rebased}\n");
    }
    let _ = writeln!(out, "## Operations matched\n");
    if matching.pairs.is_empty() {
        out.push_str("None.\n\n");
    } else {
        out.push_str("| operationId (ours, kept) | matched by | vendor's operationId |\n| --- | --- | --- |\n");
        for pair in &matching.pairs {
            let (o, v) = (&our_ops[pair.ours], &vendor_ops[pair.vendor]);
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                o.operation_id.as_deref().unwrap_or("?"),
                pair.by.describe(),
                v.operation_id
                    .as_deref()
                    .map_or_else(|| "none".to_owned(), |id| format!("`{id}`"))
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## Paths that changed (ours, then theirs)\n");
    let moved: Vec<String> = matching
        .pairs
        .iter()
        .filter_map(|pair| {
            let (o, v) = (&our_ops[pair.ours], &vendor_ops[pair.vendor]);
            (o.path != v.path || o.method != v.method).then(|| {
                format!(
                    "`{}`: `{}` → `{}`",
                    o.operation_id.as_deref().unwrap_or("?"),
                    o.route(),
                    v.route()
                )
            })
        })
        .collect();
    list(
        &mut out,
        &moved,
        "None: every matched operation keeps its method and path.",
    );

    let summaries: Vec<String> = matching
        .pairs
        .iter()
        .filter_map(|pair| {
            let (o, v) = (&our_ops[pair.ours], &vendor_ops[pair.vendor]);
            (o.summary != v.summary).then(|| {
                format!(
                    "`{}`: ours \"{}\", the vendor's \"{}\" (ours kept)",
                    o.operation_id.as_deref().unwrap_or("?"),
                    o.summary.as_deref().unwrap_or(""),
                    v.summary.as_deref().unwrap_or("")
                )
            })
        })
        .collect();
    if !summaries.is_empty() {
        let _ = writeln!(out, "## Summaries that differ\n");
        list(&mut out, &summaries, "");
    }

    let _ = writeln!(
        out,
        "## Only in the vendor's file (added, `x-path-source: vendor-spec`)\n"
    );
    let added: Vec<String> = matching
        .vendor_only
        .iter()
        .map(|&index| {
            let v = &vendor_ops[index];
            let (id, origin) = outcome.added_ids.get(&index).cloned().unwrap_or_default();
            format!(
                "`{id}` ({origin}): `{}` \"{}\"",
                v.route(),
                v.summary.as_deref().unwrap_or("")
            )
        })
        .collect();
    list(&mut out, &added, "None.");

    let _ = writeln!(
        out,
        "## Only in ours (kept, marked `x-vendor-spec: missing`)\n"
    );
    let missing: Vec<String> = matching
        .ours_only
        .iter()
        .map(|&index| {
            let o = &our_ops[index];
            format!(
                "`{}`: `{}` \"{}\"",
                o.operation_id.as_deref().unwrap_or("?"),
                o.route(),
                o.summary.as_deref().unwrap_or("")
            )
        })
        .collect();
    list(&mut out, &missing, "None.");

    let _ = writeln!(out, "## Schemas\n");
    let _ = writeln!(out, "### Renamed (the vendor's name → ours, kept)\n");
    let renamed: Vec<String> = outcome
        .schemas
        .renamed
        .iter()
        .map(|(vendor, ours)| format!("`{vendor}` → `{ours}`"))
        .collect();
    list(&mut out, &renamed, "None.");
    let _ = writeln!(
        out,
        "### Only in the vendor's file (added under the vendor's name)\n"
    );
    let mut new: Vec<String> = outcome
        .schemas
        .vendor_only
        .iter()
        .map(|name| format!("`{name}`"))
        .collect();
    new.extend(outcome.schemas.suffixed.iter().map(|(vendor, given)| {
        format!("`{vendor}` as `{given}` (ours already has an unrelated `{vendor}`)")
    }));
    list(&mut out, &new, "None.");
    let _ = writeln!(out, "### Only in ours (kept)\n");
    let merged_text = merged.to_string();
    let kept: Vec<String> = outcome
        .schemas
        .ours_only
        .iter()
        .map(|name| {
            let reference =
                serde_json::to_string(&format!("#/components/schemas/{name}")).unwrap_or_default();
            if merged_text.contains(&reference) {
                format!("`{name}`")
            } else {
                format!("`{name}` (no longer referenced)")
            }
        })
        .collect();
    list(&mut out, &kept, "None.");
    if !outcome.schemas.conflicts.is_empty() {
        let _ = writeln!(out, "### Naming conflicts (check these)\n");
        list(&mut out, &outcome.schemas.conflicts, "");
    }

    let (before, after) = (schemas(ours), schemas(merged));
    let _ = writeln!(out, "### Fields added, removed or retyped\n");
    let mut fields = Vec::new();
    for (name, old) in &before {
        if let Some(new) = after.get(name) {
            let changes = field_changes(old, new);
            if !changes.is_empty() {
                fields.push(format!("`{name}`: {}", changes.join("; ")));
            }
        }
    }
    // Inline request and response bodies of matched operations (no component name).
    for pair in &matching.pairs {
        let (o, v) = (&our_ops[pair.ours], &vendor_ops[pair.vendor]);
        let (Some(a), Some(b)) = (
            operation(ours, &o.path, &o.method),
            operation(merged, &v.path, &v.method),
        ) else {
            continue;
        };
        let id = o.operation_id.as_deref().unwrap_or("?");
        let mut places = vec![(
            "body".to_owned(),
            a.get("requestBody"),
            b.get("requestBody"),
        )];
        if let (Some(ra), Some(rb)) = (
            a.get("responses").and_then(Value::as_object),
            b.get("responses").and_then(Value::as_object),
        ) {
            for (status, response) in ra {
                places.push((format!("{status} response"), Some(response), rb.get(status)));
            }
        }
        for (place, x, y) in places {
            let (Some(x), Some(y)) = (x, y) else { continue };
            let (Some(x), Some(y)) = (content_schema(ours, x), content_schema(merged, y)) else {
                continue;
            };
            if x.get("$ref").is_none() && y.get("$ref").is_none() {
                let changes = field_changes(x, y);
                if !changes.is_empty() {
                    fields.push(format!("`{id}` {place} (inline): {}", changes.join("; ")));
                }
            }
        }
    }
    list(&mut out, &fields, "None.");

    let _ = writeln!(out, "### Enums that differ\n");
    let mut enum_lines = Vec::new();
    let mut enums_before = BTreeMap::new();
    let mut enums_after = BTreeMap::new();
    for (name, schema) in &before {
        if after.contains_key(name) {
            enums(schema, name.clone(), &mut enums_before);
        }
    }
    for (name, schema) in &after {
        if before.contains_key(name) {
            enums(schema, name.clone(), &mut enums_after);
        }
    }
    for pair in &matching.pairs {
        let (o, v) = (&our_ops[pair.ours], &vendor_ops[pair.vendor]);
        let id = o.operation_id.clone().unwrap_or_default();
        for (document, op, target) in [
            (
                *ours,
                operation(ours, &o.path, &o.method),
                &mut enums_before,
            ),
            (
                *merged,
                operation(merged, &v.path, &v.method),
                &mut enums_after,
            ),
        ] {
            let Some(op) = op else { continue };
            for parameter in op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let parameter = match parameter.get("$ref").and_then(Value::as_str) {
                    Some(r) => crate::validate::lookup_ref(document, r).unwrap_or(parameter),
                    None => parameter,
                };
                if let (Some(name), Some(schema)) = (
                    parameter.get("name").and_then(Value::as_str),
                    parameter.get("schema"),
                ) {
                    enums(schema, format!("{id}({name})"), target);
                }
            }
        }
    }
    for (label, old) in &enums_before {
        match enums_after.get(label) {
            Some(new) if new != old => {
                let added: Vec<&String> = new.iter().filter(|v| !old.contains(v)).collect();
                let removed: Vec<&String> = old.iter().filter(|v| !new.contains(v)).collect();
                let mut parts = Vec::new();
                if !added.is_empty() {
                    parts.push(format!("added {}", quoted(&added)));
                }
                if !removed.is_empty() {
                    parts.push(format!("removed {}", quoted(&removed)));
                }
                if parts.is_empty() {
                    parts.push("same values, other order".to_owned());
                }
                enum_lines.push(format!("`{label}`: {}", parts.join("; ")));
            }
            Some(_) => {}
            None => enum_lines.push(format!("`{label}`: no longer an enum")),
        }
    }
    for label in enums_after.keys() {
        if !enums_before.contains_key(label) {
            enum_lines.push(format!("`{label}`: now an enum"));
        }
    }
    list(&mut out, &enum_lines, "None.");

    let _ = writeln!(out, "## Generated signatures that change\n");
    let mut signatures = Vec::new();
    for pair in &matching.pairs {
        let (o, v) = (&our_ops[pair.ours], &vendor_ops[pair.vendor]);
        if let (Some(a), Some(b)) = (
            operation(ours, &o.path, &o.method),
            operation(merged, &v.path, &v.method),
        ) {
            let changes = signature_changes(ours, merged, a, b);
            if !changes.is_empty() {
                signatures.push(format!(
                    "`{}`: {}",
                    o.operation_id.as_deref().unwrap_or("?"),
                    changes.join("; ")
                ));
            }
        }
    }
    list(&mut out, &signatures, "None.");

    let _ = writeln!(out, "## Extensions\n");
    let _ = writeln!(
        out,
        "Ours that had nowhere to go (the vendor's file has no such place):\n"
    );
    list(&mut out, &outcome.lost_extensions, "None.");
    let _ = writeln!(out, "The vendor's own extensions (not carried over):\n");
    let vendor_ext: Vec<String> = outcome
        .vendor_extensions
        .iter()
        .map(|(name, count)| format!("`{name}` ({count}×)"))
        .collect();
    list(&mut out, &vendor_ext, "None.");
    if !outcome.new_tags.is_empty() || !outcome.dropped_security.is_empty() {
        let _ = writeln!(out, "## Other changes\n");
        let mut other: Vec<String> = outcome
            .new_tags
            .iter()
            .map(|tag| format!("new tag `{tag}`"))
            .collect();
        other.extend(
            outcome
                .dropped_security
                .iter()
                .map(|s| format!("`security` dropped from {s}")),
        );
        list(&mut out, &other, "");
    }
    out
}

fn quoted(values: &[&String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
