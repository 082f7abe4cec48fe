//! [`decode_page`]: a page's body decoded item by item, so one bad item never fails the page.

use std::collections::HashMap;

use reqwest::Response;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::{Cursor, ItemError, Page, PageRule, PagingError};
use crate::call::{Call, invalid_payload, json_path, read_body};
use crate::json_error::describe;
use crate::{Error, Hooks};

/// Where a listing's response keeps its items and cursors, from its `x-pagination`.
#[derive(Clone, Copy, Debug)]
pub struct PageShape {
    /// When the listing ends and how cursors combine.
    pub rule: PageRule,
    /// The array field holding the items; `None`: the body is a free-form object whose only
    /// array field holds them.
    pub items_field: Option<&'static str>,
    /// The field holding the next cursor.
    pub cursor_field: &'static str,
    /// The item field whose largest value is the next cursor when the server sends none.
    pub cursor_from_items: Option<&'static str>,
}

/// The page in `response`: the envelope is decoded once, each item on its own. An item that
/// does not decode becomes an [`ItemError`] in [`Page::skipped`]; its cursor field (when it can
/// be read) still counts for the next cursor, so the listing moves past it. `cursor_of` reads
/// the cursor of a decoded item.
///
/// A body that is not a JSON object, or whose items field is not an array, fails the page.
pub async fn decode_page<T, C, E>(
    response: Response,
    call: Call,
    hooks: &Hooks,
    shape: &PageShape,
    cursor_of: fn(&T) -> Option<C>,
) -> Result<Page<T, C>, PagingError<Error<E>>>
where
    T: DeserializeOwned,
    C: Cursor + DeserializeOwned,
{
    let status = response.status();
    let headers = response.headers().clone();
    let body = read_body(response, call).await.map_err(PagingError::Call)?;
    let invalid = |source| {
        PagingError::Call(invalid_payload::<
            serde_json::Map<String, serde_json::Value>,
            E,
        >(status, &headers, &body, source, call, hooks))
    };
    let envelope: HashMap<&str, &RawValue> = serde_json::from_slice(&body).map_err(invalid)?;
    let raw_items = items_of(&envelope, shape, call).map_err(|problem| match problem {
        Problem::Decode(source) => invalid(source),
        Problem::Stopped(problem) => PagingError::Stopped {
            operation: call.operation,
            problem,
        },
    })?;
    let server_cursor = match envelope.get(shape.cursor_field) {
        Some(raw) => cursor_value::<C>(raw),
        None => None,
    };

    let mut items = Vec::with_capacity(raw_items.len());
    let mut skipped = Vec::new();
    let mut derived: Option<C> = None;
    for (index, raw) in raw_items.iter().enumerate() {
        let cursor = match serde_json::from_str::<T>(raw.get()) {
            Ok(item) => {
                let cursor = cursor_of(&item);
                items.push(item);
                cursor
            }
            Err(source) => {
                let cursor = shape
                    .cursor_from_items
                    .and_then(|field| field_of::<C>(raw, field));
                skipped.push(
                    ItemError::new(
                        call.operation,
                        index,
                        item_id(raw),
                        json_path::<T>(raw.get().as_bytes()).unwrap_or_default(),
                        describe(&source),
                    )
                    .with_cursor(cursor.as_ref().map(Cursor::text)),
                );
                cursor
            }
        };
        derived = derived.max(cursor);
    }
    let next = shape
        .rule
        .next_cursor(raw_items.len(), server_cursor, derived);
    Ok(Page {
        items,
        next,
        skipped,
    })
}

enum Problem {
    Decode(serde_json::Error),
    Stopped(String),
}

/// The raw items of the page.
fn items_of<'b>(
    envelope: &HashMap<&str, &'b RawValue>,
    shape: &PageShape,
    call: Call,
) -> Result<Vec<&'b RawValue>, Problem> {
    let raw = match shape.items_field {
        Some(field) => envelope.get(field).copied(),
        None => {
            let mut arrays: Vec<(&str, &RawValue)> = envelope
                .iter()
                .filter(|(_, raw)| raw.get().trim_start().starts_with('['))
                .map(|(key, raw)| (*key, *raw))
                .collect();
            arrays.sort_by_key(|(key, _)| *key);
            match arrays.as_slice() {
                [] => None,
                [(_, raw)] => Some(*raw),
                several => {
                    let names: Vec<&str> = several.iter().map(|(key, _)| *key).collect();
                    return Err(Problem::Stopped(format!(
                        "the page has several lists ({}); call {} directly and page by its \
                         cursor",
                        names.join(", "),
                        call.operation
                    )));
                }
            }
        }
    };
    match raw {
        None => Ok(Vec::new()),
        Some(raw) if raw.get() == "null" => Ok(Vec::new()),
        Some(raw) => serde_json::from_str(raw.get()).map_err(Problem::Decode),
    }
}

/// A cursor as the server sent it: `null` and blank values are none; an integer cursor may come
/// as a number with a zero fraction or a decimal string, a string cursor as a number.
fn cursor_value<C: Cursor + DeserializeOwned>(raw: &RawValue) -> Option<C> {
    let text = raw.get().trim();
    if text == "null" {
        return None;
    }
    if let Ok(cursor) = serde_json::from_str::<C>(text) {
        return Some(cursor).filter(|cursor| !cursor.is_blank());
    }
    // A number for a string cursor, or a string/float for an integer cursor.
    let unquoted = text.trim_matches('"');
    let integral = unquoted.strip_suffix(".0").unwrap_or(unquoted);
    serde_json::from_str::<C>(integral)
        .or_else(|_| serde_json::from_value::<C>(serde_json::Value::String(unquoted.to_owned())))
        .ok()
        .filter(|cursor| !cursor.is_blank())
}

/// The value of `field` in a raw item that did not decode, read on its own.
fn field_of<C: Cursor + DeserializeOwned>(raw: &RawValue, field: &str) -> Option<C> {
    let object: HashMap<&str, &RawValue> = serde_json::from_str(raw.get()).ok()?;
    cursor_value(object.get(field)?)
}

/// The `id` (or `uuid`) of a raw item, as text, when it has one.
fn item_id(raw: &RawValue) -> Option<String> {
    let object: HashMap<&str, &RawValue> = serde_json::from_str(raw.get()).ok()?;
    let raw = object.get("id").or_else(|| object.get("uuid"))?;
    let text = raw.get().trim().trim_matches('"');
    (text != "null" && !text.is_empty() && text.len() <= 128).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_are_read_generously() {
        let raw = |text: &str| RawValue::from_string(text.to_owned()).unwrap();
        assert_eq!(cursor_value::<i64>(&raw("7")), Some(7));
        assert_eq!(cursor_value::<i64>(&raw("7.0")), Some(7));
        assert_eq!(cursor_value::<i64>(&raw(r#""7""#)), Some(7));
        assert_eq!(cursor_value::<i64>(&raw("null")), None);
        assert_eq!(cursor_value::<String>(&raw("12")).as_deref(), Some("12"));
        assert_eq!(cursor_value::<String>(&raw(r#""""#)), None);
    }

    #[test]
    fn ids_are_read_from_items_that_do_not_decode() {
        let raw = RawValue::from_string(r#"{"id": 42, "status": {}}"#.to_owned()).unwrap();
        assert_eq!(item_id(&raw).as_deref(), Some("42"));
        let raw = RawValue::from_string(r#"{"uuid": "u-1"}"#.to_owned()).unwrap();
        assert_eq!(item_id(&raw).as_deref(), Some("u-1"));
        let raw = RawValue::from_string("[1]".to_owned()).unwrap();
        assert_eq!(item_id(&raw), None);
    }
}
