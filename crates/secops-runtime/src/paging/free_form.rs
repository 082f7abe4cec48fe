//! Pages whose body the vendor did not document (a free-form JSON object).
//!
//! Inference (see `openapi/README.md`): the items are the object's only array-valued field
//! and the next cursor is its cursor field. Anything else is reported, not guessed.

use serde_json::{Map, Value};

use super::PagingError;

/// The items and the cursor (the field `cursor_field`, a string or a number) of a free-form
/// page of `operation`. An object with several array fields is an error naming them.
///
/// ```
/// use secops_runtime::paging::split_free_form;
///
/// let body = serde_json::json!({"events": [1, 2], "cursor": "c2"});
/// let (items, cursor) =
///     split_free_form::<()>("list_events", "cursor", body.as_object().unwrap().clone()).unwrap();
/// assert_eq!(items.len(), 2);
/// assert_eq!(cursor.as_deref(), Some("c2"));
/// ```
pub fn split_free_form<E>(
    operation: &'static str,
    cursor_field: &str,
    mut body: Map<String, Value>,
) -> Result<(Vec<Value>, Option<String>), PagingError<E>> {
    let cursor = match body.remove(cursor_field) {
        Some(Value::String(cursor)) if !cursor.is_empty() => Some(cursor),
        Some(Value::Number(number)) => Some(number.to_string()),
        _ => None,
    };
    let arrays: Vec<String> = body
        .iter()
        .filter(|(_, value)| value.is_array())
        .map(|(key, _)| key.clone())
        .collect();
    let items = match arrays.as_slice() {
        [] => Vec::new(),
        [key] => match body.remove(key) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        },
        several => {
            return Err(PagingError::Stopped {
                operation,
                problem: format!(
                    "the page has several lists ({}); call the operation directly and page by \
                     its `cursor`",
                    several.join(", ")
                ),
            });
        }
    };
    Ok((items, cursor))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn the_single_array_holds_the_items() {
        let (items, cursor) = split_free_form::<()>(
            "op",
            "cursor",
            map(json!({"events": [1, 2], "cursor": "c2", "total": 9})),
        )
        .unwrap();
        assert_eq!(items, [json!(1), json!(2)]);
        assert_eq!(cursor.as_deref(), Some("c2"));
    }

    #[test]
    fn no_array_and_null_cursor_is_an_empty_last_page() {
        let (items, cursor) =
            split_free_form::<()>("op", "cursor", map(json!({"cursor": null}))).unwrap();
        assert!(items.is_empty());
        assert_eq!(cursor, None);
    }

    #[test]
    fn several_arrays_are_reported() {
        let error = split_free_form::<std::convert::Infallible>(
            "op",
            "cursor",
            map(json!({"a": [], "b": []})),
        )
        .unwrap_err();
        assert!(error.to_string().contains("a, b"), "{error}");
    }
}
