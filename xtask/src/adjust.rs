//! Adjustments applied to a parsed spec in memory before progenitor sees it.
//!
//! The checked-in spec stays the vendor's truth; these changes only shape the generated Rust:
//!
//! 1. **Open enums.** progenitor turns enums into closed Rust types that reject any value the
//!    spec does not list, so a vendor adding one value would break every deployed client. Every
//!    enum schema is moved (if inline) into `components.schemas` under a stable name and later
//!    replaced by an open type from [`crate::open_enums`] that keeps unknown values
//!    (`Unknown(String)` for strings, any `i64` for integers).
//! 2. **Unknown fields.** Object schemas with `properties` whose `additionalProperties` is absent
//!    or `true` get the equivalent `additionalProperties: {}`, which makes progenitor keep fields
//!    the spec does not list in an `extra` map instead of dropping them silently.
//! 3. **Sensitive strings.** A string schema marked `x-sensitive: true` (tokens, secrets) is
//!    replaced by the type [`SENSITIVE_STRING`] (see [`crate::sensitive`]), which holds the value
//!    in a `secrecy::SecretString` and keeps it out of `Debug` output.
//! 4. **Error responses.** progenitor counts a `default` response as a possible success too and
//!    panics when its body differs from the 2xx body. A `default` response beside explicit 2xx
//!    responses is re-keyed as `4XX` and `5XX` (what it means in practice), unless those exist.
//! 5. **Free-form properties.** A property that is free-form JSON (`{}`, or `type: object`
//!    without `properties` whose `additionalProperties` is absent, `true` or `{}`), and each
//!    item of a property that is an array of free-form items (`items: {}`), gets `x-rust-type`
//!    [`RAW_JSON`]: the generated field holds the JSON text as it arrived
//!    (`secops_runtime::RawJson`) instead of a `serde_json::Value` tree, and is decoded only
//!    when asked for. Named free-form schemas (newtypes such as `IngestionCredentials`) and
//!    free-form bodies stay `serde_json::Map`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::validate::METHODS;

/// The kind of values an enum holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumKind {
    /// `type: string`.
    String,
    /// `type: integer` (or numeric values without a type).
    Integer,
}

/// One enum of the spec, to be generated as an open type.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenEnum {
    /// Rust type name (the component name).
    pub name: String,
    /// Values as they appear in the spec, in spec order.
    pub values: Vec<Value>,
    /// Names of integer values (`x-enum-varnames`), same order as `values`.
    pub varnames: Vec<String>,
    /// String or integer.
    pub kind: EnumKind,
    /// The schema's description, if any.
    pub description: Option<String>,
}

/// The component (and Rust type) name for strings marked `x-sensitive`.
pub const SENSITIVE_STRING: &str = "SensitiveString";

/// The crate and path of the type free-form properties become (rule 5 above).
pub const RAW_JSON_CRATE: &str = "secops-runtime";
/// The Rust path of [`RAW_JSON_CRATE`]'s raw JSON type.
pub const RAW_JSON: &str = "secops_runtime::RawJson";

/// The result of [`apply`]: every enum turned into a named component.
#[derive(Debug, Default)]
pub struct Adjusted {
    /// Open enums by component name.
    pub enums: BTreeMap<String, OpenEnum>,
    /// Whether any schema is marked `x-sensitive` (then [`SENSITIVE_STRING`] is needed).
    pub uses_sensitive_strings: bool,
}

/// Applies every adjustment to `document` in place.
pub fn apply(document: &mut Value) -> Adjusted {
    let mut lifter = Lifter::new(document);

    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            lifter.visit_component(name, schema);
        }
    }

    for section in ["parameters", "requestBodies", "responses"] {
        if let Some(items) = document
            .pointer_mut(&format!("/components/{section}"))
            .and_then(Value::as_object_mut)
        {
            for (name, item) in items.iter_mut() {
                lifter.visit_container(item, &pascal(name));
            }
        }
    }

    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            if let Some(shared) = item.get_mut("parameters") {
                lifter.visit_parameters(shared, &pascal(path));
            }
            for method in METHODS {
                if let Some(operation) = item.get_mut(method) {
                    split_default_response(operation);
                    lifter.visit_operation(operation);
                }
            }
        }
    }

    let Lifter {
        mut lifted,
        enums,
        uses_sensitive_strings,
        ..
    } = lifter;
    if uses_sensitive_strings {
        lifted.insert(
            SENSITIVE_STRING.to_owned(),
            json!({"type": "string", "description": "A credential or secret."}),
        );
    }
    if !lifted.is_empty() {
        let components = document
            .as_object_mut()
            .map(|root| root.entry("components").or_insert_with(|| json!({})));
        if let Some(schemas) = components
            .and_then(Value::as_object_mut)
            .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
            .and_then(Value::as_object_mut)
        {
            schemas.extend(lifted);
        }
    }
    Adjusted {
        enums,
        uses_sensitive_strings,
    }
}

/// Re-keys a `default` response as `4XX` and `5XX` when the operation lists 2xx responses.
fn split_default_response(operation: &mut Value) {
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let has_success = responses.keys().any(|status| status.starts_with('2'));
    if !has_success {
        return;
    }
    if let Some(default) = responses.remove("default") {
        for range in ["4XX", "5XX"] {
            responses.entry(range).or_insert_with(|| default.clone());
        }
    }
}

/// Walks schemas, lifting inline enums into named components.
struct Lifter {
    /// Names already used by components or lifted enums.
    taken: BTreeMap<String, Option<Value>>,
    /// Lifted enum schemas, to be added to `components.schemas`.
    lifted: Map<String, Value>,
    /// Every enum found, by name.
    enums: BTreeMap<String, OpenEnum>,
    /// Whether a schema marked `x-sensitive` was replaced.
    uses_sensitive_strings: bool,
}

impl Lifter {
    fn new(document: &Value) -> Self {
        let taken = document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().map(|k| (k.clone(), None)).collect())
            .unwrap_or_default();
        Self {
            taken,
            lifted: Map::new(),
            enums: BTreeMap::new(),
            uses_sensitive_strings: false,
        }
    }

    fn visit_operation(&mut self, operation: &mut Value) {
        let base = operation
            .get("operationId")
            .and_then(Value::as_str)
            .map(pascal)
            .unwrap_or_default();
        if let Some(parameters) = operation.get_mut("parameters") {
            self.visit_parameters(parameters, &base);
        }
        if let Some(body) = operation.get_mut("requestBody") {
            self.visit_container(body, &format!("{base}Body"));
        }
        if let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        {
            for (_, response) in responses.iter_mut() {
                self.visit_container(response, &format!("{base}Response"));
            }
        }
    }

    fn visit_parameters(&mut self, parameters: &mut Value, base: &str) {
        for parameter in parameters.as_array_mut().into_iter().flatten() {
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .map(pascal)
                .unwrap_or_default();
            if let Some(schema) = parameter.get_mut("schema") {
                self.visit(schema, &format!("{base}{name}"));
            }
        }
    }

    /// A parameter, request body or response: the schema sits under `schema` or
    /// `content.<media type>.schema`.
    fn visit_container(&mut self, container: &mut Value, hint: &str) {
        if let Some(schema) = container.get_mut("schema") {
            self.visit(schema, hint);
        }
        if let Some(content) = container.get_mut("content").and_then(Value::as_object_mut) {
            for (_, media) in content.iter_mut() {
                if let Some(schema) = media.get_mut("schema") {
                    self.visit(schema, hint);
                }
            }
        }
    }

    /// A schema that is itself a component: an enum here keeps its name.
    fn visit_component(&mut self, name: &str, schema: &mut Value) {
        if let Some(open) = enum_of(name, schema) {
            self.taken.insert(name.to_owned(), Some(schema.clone()));
            self.enums.insert(name.to_owned(), open);
            return;
        }
        self.visit_children(schema, name);
    }

    fn visit(&mut self, schema: &mut Value, hint: &str) {
        if schema.get("$ref").is_some() {
            return;
        }
        let sensitive = schema.get("x-sensitive") == Some(&Value::Bool(true))
            && schema.get("type").and_then(Value::as_str) == Some("string");
        if sensitive {
            self.uses_sensitive_strings = true;
            *schema = reference_keeping_docs(schema, SENSITIVE_STRING);
            return;
        }
        if enum_of(hint, schema).is_some() {
            let name = self.lift(schema, hint);
            *schema = reference_keeping_docs(schema, &name);
            return;
        }
        self.visit_children(schema, hint);
    }

    fn visit_children(&mut self, schema: &mut Value, hint: &str) {
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
            for (property, child) in properties.iter_mut() {
                self.visit(child, &format!("{hint}{}", pascal(property)));
                keep_raw(child);
            }
            // typify ignores `true`; the equivalent `{}` makes it keep the rest in `extra`.
            let keeps_unknown = match object.get("additionalProperties") {
                None | Some(Value::Bool(true)) => true,
                Some(_) => false,
            };
            if keeps_unknown {
                object.insert("additionalProperties".into(), json!({}));
            }
        }
        if let Some(items) = object.get_mut("items") {
            self.visit(items, &format!("{hint}Item"));
        }
        if let Some(additional) = object
            .get_mut("additionalProperties")
            .filter(|a| a.is_object())
        {
            self.visit(additional, &format!("{hint}Value"));
        }
        for combinator in ["allOf", "anyOf", "oneOf"] {
            if let Some(parts) = object.get_mut(combinator).and_then(Value::as_array_mut) {
                for part in parts.iter_mut() {
                    self.visit(part, hint);
                }
            }
        }
    }

    /// Moves an inline enum schema into components; returns its name. Identical enums that
    /// would get the same name share one component.
    fn lift(&mut self, schema: &Value, hint: &str) -> String {
        let mut name = hint.to_owned();
        let mut counter = 1;
        loop {
            match self.taken.get(&name) {
                None => break,
                Some(Some(existing)) if same_enum(existing, schema) => return name,
                Some(_) => {
                    counter += 1;
                    name = format!("{hint}{counter}");
                }
            }
        }
        if let Some(open) = enum_of(&name, schema) {
            self.enums.insert(name.clone(), open);
        }
        self.taken.insert(name.clone(), Some(schema.clone()));
        self.lifted.insert(name.clone(), schema.clone());
        name
    }
}

/// `allOf: [$ref component]`, keeping the schema's description, default and example (keys
/// beside a bare `$ref` would be ignored).
fn reference_keeping_docs(schema: &Value, component: &str) -> Value {
    let mut replacement = Map::new();
    replacement.insert(
        "allOf".into(),
        json!([{ "$ref": format!("#/components/schemas/{component}") }]),
    );
    for key in ["description", "default", "example"] {
        if let Some(value) = schema.get(key) {
            replacement.insert(key.into(), value.clone());
        }
    }
    Value::Object(replacement)
}

/// Rule 5: a free-form property, or the free-form items of an array property, become
/// [`RAW_JSON`].
fn keep_raw(property: &mut Value) {
    if is_free_form(property) {
        mark_raw(property);
    } else if property.get("type").and_then(Value::as_str) == Some("array")
        && let Some(items) = property.get_mut("items")
        && is_free_form(items)
    {
        mark_raw(items);
    }
}

fn mark_raw(schema: &mut Value) {
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "x-rust-type".into(),
            json!({"crate": RAW_JSON_CRATE, "version": "*", "path": RAW_JSON}),
        );
    }
}

/// `{}` (with at most documentation), or an object without `properties` open to any field.
fn is_free_form(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else {
        return false;
    };
    const DOCS: [&str; 4] = ["description", "title", "example", "nullable"];
    let shaped = |key: &str| !DOCS.contains(&key) && !key.starts_with("x-");
    if !object.keys().any(|key| shaped(key)) {
        return true;
    }
    let open = match object.get("additionalProperties") {
        None | Some(Value::Bool(true)) => true,
        Some(Value::Object(rest)) => rest.is_empty(),
        Some(_) => false,
    };
    object.get("type").and_then(Value::as_str) == Some("object")
        && open
        && object
            .keys()
            .all(|key| !shaped(key) || key == "type" || key == "additionalProperties")
}

/// Two enum schemas that generate the same type.
fn same_enum(a: &Value, b: &Value) -> bool {
    ["type", "enum", "x-enum-varnames"]
        .iter()
        .all(|key| a.get(key) == b.get(key))
}

/// The open enum described by `schema`, if it is an enum of strings or integers.
fn enum_of(name: &str, schema: &Value) -> Option<OpenEnum> {
    let values = schema.get("enum")?.as_array()?.clone();
    let kind = match schema.get("type").and_then(Value::as_str) {
        Some("string") => EnumKind::String,
        Some("integer" | "number") => EnumKind::Integer,
        _ if values.iter().all(Value::is_string) => EnumKind::String,
        _ if values.iter().all(|v| v.is_i64()) => EnumKind::Integer,
        _ => return None,
    };
    let varnames = schema
        .get("x-enum-varnames")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Some(OpenEnum {
        name: name.to_owned(),
        values,
        varnames,
        kind,
        description: schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

/// The Rust name progenitor (typify) gives the component `name`; replacements are keyed by it.
///
/// `CaCertificate_Purpose` -> `CaCertificatePurpose`, `EnumStatus` -> `EnumStatus`.
pub fn rust_type_name(name: &str) -> String {
    use heck::ToPascalCase;
    let cleaned: String = name
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let pascal = cleaned.to_pascal_case();
    match pascal.chars().next() {
        Some(first) if first.is_ascii_alphabetic() => pascal,
        _ => format!("X{pascal}"),
    }
}

/// `modifiedAfter` -> `ModifiedAfter`, `list_issues` -> `ListIssues`, `/v1/x/{id}` -> `V1XId`.
pub fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_form_properties_and_items_become_raw_json() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "paths": {},
            "components": {"schemas": {
                "Open": {"type": "object"},
                "Issue": {"type": "object", "properties": {
                    "item": {"type": "object", "additionalProperties": true},
                    "any": {"description": "anything"},
                    "plain": {"type": "object"},
                    "policies": {"type": "array", "items": {}},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "owner": {"type": "object", "properties": {"name": {"type": "string"}}},
                    "with_default": {"type": "object", "default": {}}
                }}
            }}
        });
        apply(&mut doc);
        let raw = json!({"crate": RAW_JSON_CRATE, "version": "*", "path": RAW_JSON});
        let issue = &doc["components"]["schemas"]["Issue"]["properties"];
        for property in ["item", "any", "plain"] {
            assert_eq!(issue[property]["x-rust-type"], raw, "{property}");
        }
        assert_eq!(issue["policies"]["items"]["x-rust-type"], raw);
        assert!(issue["policies"].get("x-rust-type").is_none());
        for property in ["labels", "tags", "owner", "with_default"] {
            assert!(issue[property].get("x-rust-type").is_none(), "{property}");
        }
        assert!(
            doc["components"]["schemas"]["Open"]
                .get("x-rust-type")
                .is_none(),
            "named free-form schemas stay maps"
        );
    }

    #[test]
    fn inline_enums_are_lifted_with_stable_names() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "paths": {"/v1/issues": {"get": {
                "operationId": "list_issues",
                "parameters": [{"name": "format", "in": "query",
                    "schema": {"type": "string", "enum": ["short", "full"]}}],
                "responses": {"200": {"description": "ok", "content": {"application/json":
                    {"schema": {"type": "object", "properties": {
                        "status": {"type": "integer", "enum": [1, 2], "x-enum-varnames": ["A", "B"],
                                   "description": "the status"}}}}}}}
            }}}
        });
        let adjusted = apply(&mut doc);
        assert_eq!(
            adjusted.enums.keys().collect::<Vec<_>>(),
            ["ListIssuesFormat", "ListIssuesResponseStatus"]
        );
        let status = &adjusted.enums["ListIssuesResponseStatus"];
        assert_eq!(status.kind, EnumKind::Integer);
        assert_eq!(status.varnames, ["A", "B"]);
        let property = doc
            .pointer("/paths/~1v1~1issues/get/responses/200/content/application~1json/schema/properties/status")
            .unwrap();
        assert_eq!(
            property,
            &json!({"allOf": [{"$ref": "#/components/schemas/ListIssuesResponseStatus"}],
                    "description": "the status"})
        );
        let schema = doc
            .pointer("/paths/~1v1~1issues/get/responses/200/content/application~1json/schema")
            .unwrap();
        assert_eq!(schema["additionalProperties"], json!({}));
        assert!(
            doc.pointer("/components/schemas/ListIssuesFormat/enum")
                .is_some()
        );
    }

    #[test]
    fn component_enums_keep_their_name_and_equal_inline_enums_share_one() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "paths": {},
            "components": {"schemas": {
                "Status": {"type": "string", "enum": ["OPEN"]},
                "A": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["x"]}}},
                "AKind": {"type": "object"}
            }}
        });
        let adjusted = apply(&mut doc);
        assert!(adjusted.enums.contains_key("Status"));
        assert!(
            adjusted.enums.contains_key("AKind2"),
            "name clash gets a suffix"
        );
    }

    #[test]
    fn rust_type_names_match_typify() {
        assert_eq!(
            rust_type_name("CaCertificate_Purpose"),
            "CaCertificatePurpose"
        );
        assert_eq!(rust_type_name("EnumStatus"), "EnumStatus");
        assert_eq!(rust_type_name("proto.App"), "ProtoApp");
    }

    #[test]
    fn sensitive_strings_become_one_component() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "paths": {},
            "components": {"schemas": {
                "Token": {"type": "object", "properties": {
                    "secret": {"type": "string", "x-sensitive": true, "description": "the key"},
                    "name": {"type": "string"}
                }}
            }}
        });
        let adjusted = apply(&mut doc);
        assert!(adjusted.uses_sensitive_strings);
        assert_eq!(
            doc["components"]["schemas"]["Token"]["properties"]["secret"],
            json!({"allOf": [{"$ref": "#/components/schemas/SensitiveString"}], "description": "the key"})
        );
        assert_eq!(
            doc["components"]["schemas"]["Token"]["properties"]["name"],
            json!({"type": "string"})
        );
        assert_eq!(
            doc["components"]["schemas"]["SensitiveString"]["type"],
            json!("string")
        );
    }

    #[test]
    fn pascal_case() {
        assert_eq!(pascal("modifiedAfter"), "ModifiedAfter");
        assert_eq!(pascal("list_issues"), "ListIssues");
        assert_eq!(pascal("x-request-id"), "XRequestId");
    }
}
