//! [`decode_page`]: a page's body decoded item by item, so one bad item never fails the page.

use std::collections::HashMap;

use reqwest::header::HeaderMap;
use reqwest::{Response, StatusCode};

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::clean_page::clean_page;
use super::envelope::Envelope;
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

/// The page in `response`: the envelope is decoded once, each item on its own. (A page whose
/// items all decode is read in one pass first, with the same result: see `clean_page`.) An
/// item that does not decode becomes an [`ItemError`] in [`Page::skipped`]; its cursor field
/// (when it can be read) still counts for the next cursor, so the listing moves past it.
/// `cursor_of` reads the cursor of a decoded item.
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
    match one_pass(&body, shape, cursor_of) {
        Ok(page) => Ok(page),
        Err(decoded) => {
            let received = Received {
                status,
                headers: &headers,
                body: &body,
            };
            item_by_item(received, call, hooks, shape, cursor_of, decoded)
        }
    }
}

/// A response as read: what an error about its body reports.
struct Received<'a> {
    status: StatusCode,
    headers: &'a HeaderMap,
    body: &'a [u8],
}

/// The page read in one pass straight into `T`, when every item decodes (see `clean_page`):
/// the same page as [`item_by_item`] returns then, sooner. `Err`: read it item by item, with
/// the items decoded before the pass failed.
fn one_pass<T, C>(
    body: &[u8],
    shape: &PageShape,
    cursor_of: fn(&T) -> Option<C>,
) -> Result<Page<T, C>, Vec<T>>
where
    T: DeserializeOwned,
    C: Cursor + DeserializeOwned,
{
    let Some(items_field) = shape.items_field else {
        return Err(Vec::new());
    };
    let (items, cursor) = clean_page::<T>(body, items_field, shape.cursor_field)?;
    let server_cursor = cursor.and_then(cursor_value::<C>);
    let derived = items.iter().filter_map(cursor_of).max();
    let next = shape.rule.next_cursor(items.len(), server_cursor, derived);
    Ok(Page::new(items, next))
}

/// The page read item by item: the envelope, then each item on its own. `decoded`: items a
/// one-pass read decoded before it failed, taken as the page's first items (not decoded again)
/// when the items field occurs once, so they are that field's.
fn item_by_item<T, C, E>(
    received: Received<'_>,
    call: Call,
    hooks: &Hooks,
    shape: &PageShape,
    cursor_of: fn(&T) -> Option<C>,
    decoded: Vec<T>,
) -> Result<Page<T, C>, PagingError<Error<E>>>
where
    T: DeserializeOwned,
    C: Cursor + DeserializeOwned,
{
    let Received {
        status,
        headers,
        body,
    } = received;
    let invalid = |source| {
        PagingError::Call(invalid_payload::<
            serde_json::Map<String, serde_json::Value>,
            E,
        >(status, headers, body, source, call, hooks))
    };
    let mut envelope = Envelope::read(body, shape.items_field).map_err(invalid)?;
    let raw_items = items_of(&mut envelope, shape, call).map_err(|problem| match problem {
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

    let mut skipped = Vec::new();
    // Items a one-pass read decoded are the first of `raw_items` only when their field is
    // named and occurs once.
    let mut items = decoded;
    if envelope.items_occurrences() != 1 || items.len() > raw_items.len() {
        items.clear();
    }
    items.reserve_exact(raw_items.len() - items.len());
    let mut derived: Option<C> = items.iter().filter_map(cursor_of).max();
    let start = items.len();
    for (index, raw) in raw_items.iter().enumerate().skip(start) {
        // From bytes, as the one-pass read decodes: one instantiation of `T`'s decoder.
        let cursor = match serde_json::from_slice::<T>(raw.get().as_bytes()) {
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
    envelope: &mut Envelope<'b>,
    shape: &PageShape,
    call: Call,
) -> Result<Vec<&'b RawValue>, Problem> {
    if shape.items_field.is_some() {
        return Ok(envelope.take_items());
    }
    // No items field named: the only array field holds them.
    let fields: HashMap<&str, &RawValue> = envelope.fields().iter().copied().collect();
    let mut arrays: Vec<(&str, &RawValue)> = fields
        .into_iter()
        .filter(|(_, raw)| raw.get().trim_start().starts_with('['))
        .collect();
    arrays.sort_by_key(|(key, _)| *key);
    match arrays.as_slice() {
        [] => Ok(Vec::new()),
        [(_, raw)] => serde_json::from_str(raw.get()).map_err(Problem::Decode),
        several => {
            let names: Vec<&str> = several.iter().map(|(key, _)| *key).collect();
            Err(Problem::Stopped(format!(
                "the page has several lists ({}); call {} directly and page by its cursor",
                names.join(", "),
                call.operation
            )))
        }
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
    use super::super::{CursorMerge, PageEnd};
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Item {
        id: i64,
        updated: Option<i64>,
    }

    const SHAPE: PageShape = PageShape {
        rule: PageRule::new(PageEnd::EmptyPage).merge(CursorMerge::Max),
        items_field: Some("items"),
        cursor_field: "next",
        cursor_from_items: Some("updated"),
    };

    const CALL: Call = Call {
        operation: "list_items",
        sensitive_fields: &[],
        request_id_header: None,
    };

    type Read = Result<Page<Item, i64>, PagingError<Error<serde_json::Value>>>;

    fn cursor_of(item: &Item) -> Option<i64> {
        item.updated
    }

    /// The page item by item, with `decoded` as the items a one-pass read decoded.
    fn item_by_item_with(body: &[u8], decoded: Vec<Item>) -> Read {
        let received = Received {
            status: StatusCode::OK,
            headers: &HeaderMap::new(),
            body,
        };
        item_by_item(
            received,
            CALL,
            &Hooks::default(),
            &SHAPE,
            cursor_of,
            decoded,
        )
    }

    /// The page read in one pass, and item by item from the start.
    fn both(body: &[u8]) -> (Option<Page<Item, i64>>, Read) {
        let one = one_pass(body, &SHAPE, cursor_of).ok();
        (one, item_by_item_with(body, Vec::new()))
    }

    #[test]
    fn one_pass_reads_a_clean_page_as_item_by_item_does() {
        let bodies: &[&str] = &[
            r#"{"items": [{"id": 1, "updated": 5}, {"id": 2, "updated": 7}], "next": 3}"#,
            r#"{"items": [{"id": 1, "updated": 5}], "next": "9"}"#,
            r#"{"items": [{"id": 1, "updated": 5}], "next": 9.0}"#,
            r#"{"items": [{"id": 1, "updated": 5}], "next": null}"#,
            r#"{"items": [{"id": 1, "updated": null}], "next": "  "}"#,
            r#"{"items": [{"id": 1, "updated": 12}]}"#,
            r#"{"next": 4, "items": null}"#,
            r#"{"next": 4}"#,
            r#"{"items": [], "next": 4}"#,
            r#"{"items": [{"id": 1}], "items": [{"id": 2, "updated": 3}]}"#,
            r#"{"next": 1, "next": 8, "items": [{"id": 1, "updated": 2}]}"#,
            r#"{"count": 2, "meta": {"a": [1, {"b": null}]}, "items": [{"id": 1, "x": [1]}]}"#,
            " {\"items\": [{\"id\": 1}]}\n ",
        ];
        for body in bodies {
            let (one, slow) = both(body.as_bytes());
            let one = one.unwrap_or_else(|| panic!("one pass reads {body}"));
            let slow = slow.unwrap_or_else(|_| panic!("item by item reads {body}"));
            assert!(slow.skipped.is_empty(), "{body}");
            assert_eq!(one.items, slow.items, "{body}");
            assert_eq!(one.next, slow.next, "{body}");
        }
    }

    /// `decode_page` without the response: one pass, then item by item with what it decoded.
    fn read(body: &[u8]) -> Read {
        one_pass(body, &SHAPE, cursor_of).or_else(|decoded| item_by_item_with(body, decoded))
    }

    #[test]
    fn items_decoded_before_a_bad_one_are_kept_as_item_by_item_reads_them() {
        let bodies: &[&str] = &[
            r#"{"items": [{"id": "x", "updated": 9}, {"id": 2, "updated": 3}]}"#,
            r#"{"items": [{"id": 1, "updated": 1}, {"id": "x", "updated": 9}, {"id": 3}]}"#,
            r#"{"items": [{"id": 1, "updated": 1}, {"id": 2, "updated": 2}, {"id": {}}], "next": 4}"#,
            // Repeated items fields: item by item takes the last, whichever failed.
            r#"{"items": [{"id": 1}, {"id": "x"}], "items": [{"id": 7, "updated": 7}]}"#,
            r#"{"items": [{"id": 5}, {"id": 6}], "items": [{"id": 7}, {"id": "x"}, {"id": 8}]}"#,
            r#"{"items": [{"id": 5}, {"id": 6}, {"id": 9}], "items": [{"id": 7}, {"id": "x"}]}"#,
            r#"{"items": [{"id": 1}, {"id": "x"}, {"id": 2}], "items": [{"id": 3}]}"#,
        ];
        for body in bodies {
            let (_, reference) = both(body.as_bytes());
            let reference = reference.unwrap_or_else(|_| panic!("item by item reads {body}"));
            let page = read(body.as_bytes()).unwrap_or_else(|_| panic!("decode reads {body}"));
            assert_eq!(page.items, reference.items, "{body}");
            assert_eq!(page.skipped, reference.skipped, "{body}");
            assert_eq!(page.next, reference.next, "{body}");
        }
        // The item before the bad one is decoded once, by the one pass, and kept.
        let decoded = one_pass(bodies[1].as_bytes(), &SHAPE, cursor_of).err();
        assert_eq!(decoded.map(|items| items.len()), Some(1));
        let page = read(bodies[1].as_bytes()).unwrap();
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.skipped[0].index(), 1);
    }

    #[test]
    fn one_pass_gives_way_wherever_item_by_item_skips_or_fails() {
        // One bad item: item by item skips it (and moves past its cursor); one pass gives way.
        let (one, slow) =
            both(br#"{"items": [{"id": 1, "updated": 4}, {"id": "x", "updated": 6}]}"#);
        assert!(one.is_none());
        let slow = slow.expect("the page, with one item skipped");
        assert_eq!(slow.items.len(), 1);
        assert_eq!(slow.skipped.len(), 1);
        assert_eq!(slow.next, Some(6));
        // Bodies item by item refuses: one pass must not read them either.
        let refused: &[&[u8]] = &[
            br#"[{"id": 1}]"#,
            br#"{"items": 5}"#,
            br#"{"items": [{"id": 1}]} trailing"#,
            br#"{"it\u0065ms": [{"id": 1}]}"#,
            b"{\"items\": [], \"note\": \"\xff\"}",
            br#"{"items": [{"id": 1}], "next": }"#,
            b"",
        ];
        for body in refused {
            let (one, slow) = both(body);
            let text = String::from_utf8_lossy(body);
            assert!(slow.is_err(), "item by item refuses {text}");
            assert!(one.is_none(), "one pass refuses {text}");
        }
    }

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
