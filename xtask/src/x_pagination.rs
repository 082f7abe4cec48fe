//! The `x-pagination` operation extension: how a paged operation selects its pages, where a
//! response keeps its items and next cursor, and when the listing ends.
//!
//! ```text
//! "x-pagination": {
//!   "cursor-param": "cursor",          query parameter that selects a page (integer or string)
//!   "cursor-kind": "position",         position | token
//!   "items-field": "issues",           array field of the 200 body (absent: free-form body)
//!   "cursor-field": "cursor",          field of the 200 body with the next cursor
//!   "cursor-from-items": "id",         optional: item field the next cursor falls back to
//!   "cursor-merge": "server-first",    optional, with cursor-from-items: server-first | max
//!   "end": "empty-page"                empty-page | no-cursor | empty-page-or-no-cursor
//! }
//! ```
//!
//! [`read`] checks every declaration against the operation's parameters and 200 response
//! schema and returns the valid ones; `listings.rs` turns them into `Listing` impls.

use serde_json::{Map, Value};

use crate::validate::{METHODS, Problem, lookup_ref};

/// The extension's name on an operation.
pub const EXTENSION: &str = "x-pagination";

/// What the cursor means (`cursor-kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `position`: an id or timestamp; handed back with an empty page it ends the listing.
    Position,
    /// `token`: an opaque token; one handed back a second time stops the listing.
    Token,
}

/// How the response's cursor and the one derived from the items combine (`cursor-merge`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merge {
    /// `server-first`: the response's cursor when present, else the items' largest.
    ServerFirst,
    /// `max`: the larger of the two.
    Max,
}

/// When the listing ends (`end`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// `empty-page`: at the first empty page.
    EmptyPage,
    /// `no-cursor`: at the first response without a cursor.
    NoCursor,
    /// `empty-page-or-no-cursor`: at whichever comes first.
    EmptyPageOrNoCursor,
}

const KINDS: [(&str, Kind); 2] = [("position", Kind::Position), ("token", Kind::Token)];
const MERGES: [(&str, Merge); 2] = [("server-first", Merge::ServerFirst), ("max", Merge::Max)];
const ENDS: [(&str, End); 3] = [
    ("empty-page", End::EmptyPage),
    ("no-cursor", End::NoCursor),
    ("empty-page-or-no-cursor", End::EmptyPageOrNoCursor),
];

/// Every key the extension knows.
const KEYS: [&str; 7] = [
    "cursor-param",
    "cursor-kind",
    "items-field",
    "cursor-field",
    "cursor-from-items",
    "cursor-merge",
    "end",
];

/// The JSON type of the cursor, from the cursor parameter's schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorType {
    /// `type: integer` (generated as `i64`).
    Integer,
    /// `type: string` (generated as `String`).
    String,
}

impl CursorType {
    fn from_schema(schema: &Value) -> Option<Self> {
        match schema.get("type").and_then(Value::as_str) {
            Some("integer") => Some(Self::Integer),
            Some("string") => Some(Self::String),
            _ => None,
        }
    }

    /// The JSON schema type name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Integer => "integer",
            Self::String => "string",
        }
    }
}

/// One valid `x-pagination` declaration, with the operation it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// The operation's `operationId`.
    pub operation_id: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template.
    pub path: String,
    /// `cursor-param`.
    pub cursor_param: String,
    /// The cursor parameter's JSON type.
    pub cursor_type: CursorType,
    /// `cursor-kind`.
    pub kind: Kind,
    /// `items-field`; `None` for a free-form body (items: its only array field).
    pub items_field: Option<String>,
    /// `cursor-field`.
    pub cursor_field: String,
    /// `cursor-from-items`.
    pub cursor_from_items: Option<String>,
    /// `cursor-merge` (`server-first` when absent).
    pub merge: Merge,
    /// `end`.
    pub end: End,
}

/// Every valid declaration of `document` (sorted by operation id) and the problems of the
/// others.
pub fn read(document: &Value) -> (Vec<Pagination>, Vec<Problem>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let paths = document.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let Some(extension) = operation.get(EXTENSION) else {
                continue;
            };
            let at = format!("paths.{path}.{method}.{EXTENSION}");
            let mut checker = Checker {
                document,
                at: &at,
                problems: Vec::new(),
            };
            let declared = checker.check(path, method, item, operation, extension);
            match declared {
                Some(pagination) if checker.problems.is_empty() => found.push(pagination),
                _ => problems.append(&mut checker.problems),
            }
        }
    }
    found.sort_by(|a, b| a.operation_id.cmp(&b.operation_id));
    (found, problems)
}

struct Checker<'d> {
    document: &'d Value,
    at: &'d str,
    problems: Vec<Problem>,
}

impl<'d> Checker<'d> {
    fn report(&mut self, key: Option<&str>, reason: String) {
        let at = match key {
            Some(key) => format!("{}.{key}", self.at),
            None => self.at.to_owned(),
        };
        self.problems.push(Problem { at, reason });
    }

    fn check(
        &mut self,
        path: &str,
        method: &str,
        item: &'d Value,
        operation: &'d Value,
        extension: &'d Value,
    ) -> Option<Pagination> {
        let Some(declared) = extension.as_object() else {
            self.report(None, "must be an object (see openapi/README.md)".into());
            return None;
        };
        for key in declared.keys() {
            if !KEYS.contains(&key.as_str()) {
                self.report(
                    Some(key),
                    format!("unknown key; known keys: {}", KEYS.join(", ")),
                );
            }
        }
        let cursor_param = self.string(declared, "cursor-param", true);
        let kind = self.choice(declared, "cursor-kind", &KINDS, true);
        let items_field = self.string(declared, "items-field", false);
        let cursor_field = self.string(declared, "cursor-field", true);
        let cursor_from_items = self.string(declared, "cursor-from-items", false);
        let merge = self.choice(declared, "cursor-merge", &MERGES, false);
        let end = self.choice(declared, "end", &ENDS, true);

        if merge.is_some() && cursor_from_items.is_none() {
            self.report(
                Some("cursor-merge"),
                "only meaningful with `cursor-from-items`".into(),
            );
        }
        if cursor_from_items.is_some() && items_field.is_none() {
            self.report(
                Some("cursor-from-items"),
                "needs `items-field`: the items of a free-form body have no schema".into(),
            );
        }

        let cursor_type = cursor_param
            .as_deref()
            .and_then(|name| self.cursor_param_type(name, item, operation));
        let body = self.success_schema(operation);
        if let (Some(body), Some(cursor_type)) = (body, cursor_type) {
            self.check_body(
                body,
                cursor_type,
                items_field.as_deref(),
                cursor_field.as_deref(),
                cursor_from_items.as_deref(),
            );
        }

        let operation_id = operation.get("operationId").and_then(Value::as_str)?;
        Some(Pagination {
            operation_id: operation_id.to_owned(),
            method: method.to_uppercase(),
            path: path.to_owned(),
            cursor_param: cursor_param?,
            cursor_type: cursor_type?,
            kind: kind?,
            items_field,
            cursor_field: cursor_field?,
            cursor_from_items,
            merge: merge.unwrap_or(Merge::ServerFirst),
            end: end?,
        })
    }

    fn string(
        &mut self,
        declared: &Map<String, Value>,
        key: &str,
        required: bool,
    ) -> Option<String> {
        match declared.get(key) {
            Some(Value::String(value)) if !value.is_empty() => Some(value.clone()),
            Some(_) => {
                self.report(Some(key), "must be a non-empty string".into());
                None
            }
            None => {
                if required {
                    self.report(Some(key), "missing (required)".into());
                }
                None
            }
        }
    }

    fn choice<T: Copy>(
        &mut self,
        declared: &Map<String, Value>,
        key: &str,
        choices: &[(&str, T)],
        required: bool,
    ) -> Option<T> {
        let value = self.string(declared, key, required)?;
        let known = choices.iter().find(|(name, _)| *name == value);
        if known.is_none() {
            let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
            self.report(
                Some(key),
                format!("unknown value `{value}`; known: {}", names.join(", ")),
            );
        }
        known.map(|(_, choice)| *choice)
    }

    /// The type of the query parameter `name` (declared on the operation or its path item).
    fn cursor_param_type(
        &mut self,
        name: &str,
        item: &'d Value,
        operation: &'d Value,
    ) -> Option<CursorType> {
        let parameters: Vec<&Value> = [operation.get("parameters"), item.get("parameters")]
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|parameter| resolve(self.document, parameter))
            .filter(|parameter| parameter.get("name").and_then(Value::as_str) == Some(name))
            .collect();
        let Some(parameter) = parameters.first() else {
            self.report(
                Some("cursor-param"),
                format!("the operation has no parameter `{name}`"),
            );
            return None;
        };
        let location = parameter.get("in").and_then(Value::as_str).unwrap_or("?");
        if location != "query" {
            self.report(
                Some("cursor-param"),
                format!(
                    "parameter `{name}` is in `{location}`; the cursor must be a query parameter"
                ),
            );
            return None;
        }
        let schema = parameter
            .get("schema")
            .and_then(|schema| resolve(self.document, schema));
        let cursor_type = schema.and_then(CursorType::from_schema);
        if cursor_type.is_none() {
            self.report(
                Some("cursor-param"),
                format!("parameter `{name}` must have a schema of type integer or string"),
            );
        }
        cursor_type
    }

    /// The `application/json` schema of the 200 response, `$ref`s followed.
    fn success_schema(&mut self, operation: &'d Value) -> Option<&'d Value> {
        let schema = operation
            .pointer("/responses/200")
            .and_then(|response| resolve(self.document, response))
            .and_then(|response| response.pointer("/content/application~1json/schema"))
            .and_then(|schema| resolve(self.document, schema));
        if schema.is_none() {
            self.report(
                None,
                "the operation has no `200` response with an `application/json` schema".into(),
            );
        }
        schema
    }

    fn check_body(
        &mut self,
        body: &'d Value,
        cursor_type: CursorType,
        items_field: Option<&str>,
        cursor_field: Option<&str>,
        cursor_from_items: Option<&str>,
    ) {
        let Some(items_field) = items_field else {
            if !is_free_form(body) {
                self.report(
                    Some("items-field"),
                    "missing: it may be left out only when the 200 body is a free-form object \
                     (no `properties`)"
                        .into(),
                );
            } else if cursor_type != CursorType::String {
                self.report(
                    Some("cursor-param"),
                    "the cursor of a free-form body is read as a string: the parameter must be \
                     of type string"
                        .into(),
                );
            }
            return;
        };
        let Some(properties) = body.get("properties").and_then(Value::as_object) else {
            self.report(
                Some("items-field"),
                "the 200 body declares no `properties`; leave `items-field` out for a free-form \
                 body"
                    .into(),
            );
            return;
        };
        let items = properties
            .get(items_field)
            .and_then(|schema| resolve(self.document, schema));
        let item_schema = match items {
            None => {
                self.report(
                    Some("items-field"),
                    format!("the 200 body has no field `{items_field}`"),
                );
                None
            }
            Some(items) if items.get("type").and_then(Value::as_str) != Some("array") => {
                self.report(
                    Some("items-field"),
                    format!("field `{items_field}` of the 200 body is not an array"),
                );
                None
            }
            Some(items) => items
                .get("items")
                .and_then(|schema| resolve(self.document, schema)),
        };
        if let Some(cursor_field) = cursor_field {
            self.check_cursor_field(
                properties,
                "cursor-field",
                cursor_field,
                cursor_type,
                "200 body",
            );
        }
        if let (Some(field), Some(item_schema)) = (cursor_from_items, item_schema) {
            match item_schema.get("properties").and_then(Value::as_object) {
                Some(item_properties) => self.check_cursor_field(
                    item_properties,
                    "cursor-from-items",
                    field,
                    cursor_type,
                    "item schema",
                ),
                None => self.report(
                    Some("cursor-from-items"),
                    format!("the items of `{items_field}` declare no `properties`"),
                ),
            }
        }
    }

    fn check_cursor_field(
        &mut self,
        properties: &'d Map<String, Value>,
        key: &str,
        field: &str,
        cursor_type: CursorType,
        what: &str,
    ) {
        let schema = properties
            .get(field)
            .and_then(|schema| resolve(self.document, schema));
        match schema.map(CursorType::from_schema) {
            None => self.report(Some(key), format!("the {what} has no field `{field}`")),
            Some(found) if found != Some(cursor_type) => self.report(
                Some(key),
                format!(
                    "field `{field}` of the {what} must have the cursor parameter's type ({})",
                    cursor_type.name()
                ),
            ),
            Some(_) => {}
        }
    }
}

/// An object schema with no declared fields: generated as a JSON map.
fn is_free_form(schema: &Value) -> bool {
    let declares = ["properties", "allOf", "oneOf", "anyOf"]
        .iter()
        .any(|key| schema.get(key).is_some());
    let additional = match schema.get("additionalProperties") {
        None | Some(Value::Bool(true)) => true,
        Some(Value::Object(map)) => map.is_empty(),
        Some(_) => false,
    };
    schema.get("type").and_then(Value::as_str) == Some("object") && !declares && additional
}

/// Follows `$ref`s (a chain of at most 16) to the value they name.
fn resolve<'a>(document: &'a Value, mut value: &'a Value) -> Option<&'a Value> {
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => value = lookup_ref(document, reference)?,
            None => return Some(value),
        }
    }
    None
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// A spec with one paged operation whose `x-pagination` is `extension`.
    pub(crate) fn spec(extension: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/v1/events": {"get": {
                    "operationId": "list_events",
                    "parameters": [
                        {"name": "after", "in": "query", "schema": {"type": "integer", "format": "int64"}},
                        {"name": "token", "in": "query", "schema": {"type": "string"}},
                        {"name": "X-Page", "in": "header", "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/EventPage"}
                    }}}},
                    "x-pagination": extension
                }},
                "/v1/blobs": {"get": {
                    "operationId": "list_blobs",
                    "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"type": "object", "additionalProperties": true}
                    }}}},
                    "x-pagination": {"cursor-param": "cursor", "cursor-kind": "position",
                                     "cursor-field": "cursor", "end": "no-cursor"}
                }}
            },
            "components": {"schemas": {
                "EventPage": {"type": "object", "properties": {
                    "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
                    "next": {"type": "integer", "format": "int64"},
                    "total": {"type": "integer"},
                    "label": {"type": "string"}
                }},
                "Event": {"type": "object", "properties": {
                    "id": {"type": "integer", "format": "int64"},
                    "name": {"type": "string"}
                }}
            }}
        })
    }

    fn good() -> Value {
        json!({
            "cursor-param": "after",
            "cursor-kind": "position",
            "items-field": "events",
            "cursor-field": "next",
            "cursor-from-items": "id",
            "cursor-merge": "max",
            "end": "empty-page"
        })
    }

    fn problems(extension: Value) -> Vec<String> {
        let (_, problems) = read(&spec(extension));
        problems
            .into_iter()
            .map(|p| format!("{}: {}", p.at, p.reason))
            .collect()
    }

    fn with(changes: Value) -> Value {
        let mut extension = good();
        for (key, value) in changes.as_object().unwrap() {
            if value.is_null() {
                extension.as_object_mut().unwrap().remove(key);
            } else {
                extension[key] = value.clone();
            }
        }
        extension
    }

    const AT: &str = "paths./v1/events.get.x-pagination";

    #[test]
    fn a_valid_declaration_is_read() {
        let (found, problems) = read(&spec(good()));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].operation_id, "list_blobs");
        assert_eq!(found[0].items_field, None);
        assert_eq!(found[0].cursor_type, CursorType::String);
        let events = &found[1];
        assert_eq!(events.method, "GET");
        assert_eq!(events.cursor_type, CursorType::Integer);
        assert_eq!(events.merge, Merge::Max);
        assert_eq!(events.end, End::EmptyPage);
        assert_eq!(events.kind, Kind::Position);
        assert_eq!(events.cursor_from_items.as_deref(), Some("id"));
    }

    #[test]
    fn unknown_keys_and_values_are_errors() {
        assert_eq!(
            problems(with(
                json!({"page-size": "count", "end": "never", "cursor-kind": 3})
            )),
            [
                format!(
                    "{AT}.page-size: unknown key; known keys: {}",
                    KEYS.join(", ")
                ),
                format!("{AT}.cursor-kind: must be a non-empty string"),
                format!(
                    "{AT}.end: unknown value `never`; known: empty-page, no-cursor, \
                     empty-page-or-no-cursor"
                ),
            ]
        );
    }

    #[test]
    fn required_keys_are_named() {
        assert_eq!(
            problems(with(json!({"cursor-param": null, "end": null}))),
            [
                format!("{AT}.cursor-param: missing (required)"),
                format!("{AT}.end: missing (required)"),
            ]
        );
        assert_eq!(
            problems(json!(["cursor"])),
            [format!("{AT}: must be an object (see openapi/README.md)")]
        );
    }

    #[test]
    fn the_cursor_parameter_must_be_a_query_parameter_of_the_operation() {
        assert_eq!(
            problems(with(json!({"cursor-param": "since"}))),
            [format!(
                "{AT}.cursor-param: the operation has no parameter `since`"
            )]
        );
        assert_eq!(
            problems(with(json!({"cursor-param": "X-Page"}))),
            [format!(
                "{AT}.cursor-param: parameter `X-Page` is in `header`; the cursor must be a \
                 query parameter"
            )]
        );
    }

    #[test]
    fn the_response_must_hold_the_items_and_the_cursor() {
        assert_eq!(
            problems(with(json!({"items-field": "rows"}))),
            [format!(
                "{AT}.items-field: the 200 body has no field `rows`"
            )]
        );
        assert_eq!(
            problems(with(
                json!({"items-field": "total", "cursor-from-items": null,
                                 "cursor-merge": null})
            )),
            [format!(
                "{AT}.items-field: field `total` of the 200 body is not an array"
            )]
        );
        assert_eq!(
            problems(with(json!({"cursor-field": "cursor"}))),
            [format!(
                "{AT}.cursor-field: the 200 body has no field `cursor`"
            )]
        );
        assert_eq!(
            problems(with(json!({"cursor-field": "label"}))),
            [format!(
                "{AT}.cursor-field: field `label` of the 200 body must have the cursor \
                 parameter's type (integer)"
            )]
        );
        assert_eq!(
            problems(with(json!({"items-field": null, "cursor-from-items": null,
                                 "cursor-merge": null}))),
            [format!(
                "{AT}.items-field: missing: it may be left out only when the 200 body is a \
                 free-form object (no `properties`)"
            )]
        );
    }

    #[test]
    fn cursor_from_items_names_a_field_of_the_item_schema() {
        assert_eq!(
            problems(with(json!({"cursor-from-items": "updated"}))),
            [format!(
                "{AT}.cursor-from-items: the item schema has no field `updated`"
            )]
        );
        assert_eq!(
            problems(with(json!({"cursor-from-items": "name"}))),
            [format!(
                "{AT}.cursor-from-items: field `name` of the item schema must have the cursor \
                 parameter's type (integer)"
            )]
        );
        assert_eq!(
            problems(with(json!({"cursor-from-items": null}))),
            [format!(
                "{AT}.cursor-merge: only meaningful with `cursor-from-items`"
            )]
        );
    }

    #[test]
    fn a_free_form_body_needs_a_string_cursor() {
        let mut document = spec(good());
        document["paths"]["/v1/blobs"]["get"]["parameters"][0]["schema"] =
            json!({"type": "integer"});
        let (found, problems) = read(&document);
        assert_eq!(found.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].at,
            "paths./v1/blobs.get.x-pagination.cursor-param"
        );
    }
}
