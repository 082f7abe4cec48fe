//! [`clean_page`]: a page whose items all decode, read in one pass over its body.
//!
//! [`decode_page`](super::decode_page) reads a page item by item so that one bad item never
//! fails the page: the envelope once, the items array once more, then each item on its own.
//! Almost every page a server sends decodes whole, and for those the extra passes are pure
//! cost (about a fifth of a page's decode time). So a page is first read here in one pass,
//! straight into the items' type; only if that fails anywhere does `decode_page` read the page
//! item by item, keeping the items this pass decoded before the failure. The result is the same
//! either way: this reader fails wherever the item-by-item reader would fail or skip an item,
//! and never succeeds with a different answer.

use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// The items of a page (every one decoded) and the raw value of its cursor field; or, when
/// anything in the body does not decode as the item-by-item reader reads it, `Err` with the
/// items decoded before that point (read the rest of the page item by item).
///
/// Like the item-by-item reader, the body must be one JSON object whose keys need no unescaping
/// (the last of duplicate keys wins), with the items an array or `null` (an absent field: no
/// items). The items of an `Err` come from the last occurrence of the items field read before
/// the failure: they are the start of the page's items only when that field occurs once.
pub(super) fn clean_page<'b, T: DeserializeOwned>(
    body: &'b [u8],
    items_field: &str,
    cursor_field: &str,
) -> Result<(Vec<T>, Option<&'b RawValue>), Vec<T>> {
    let mut items = Vec::new();
    if items_field == cursor_field {
        return Err(items);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let cursor = CleanPage {
        items_field,
        cursor_field,
        items: &mut items,
    }
    .deserialize(&mut deserializer);
    match (cursor, deserializer.end()) {
        (Ok(cursor), Ok(())) => Ok((items, cursor)),
        _ => Err(items),
    }
}

/// Reads the envelope object: the items field into `items` (one by one, so those before a
/// failure are kept), every other field raw (as the item-by-item reader's envelope holds them,
/// so both accept the same bodies). Its value: the cursor field, raw.
struct CleanPage<'f, T> {
    items_field: &'f str,
    cursor_field: &'f str,
    items: &'f mut Vec<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for CleanPage<'_, T> {
    type Value = Option<&'de RawValue>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for CleanPage<'_, T> {
    type Value = Option<&'de RawValue>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut cursor = None;
        // Keys borrowed, as the item-by-item reader's envelope has them.
        while let Some(key) = map.next_key::<&'de str>()? {
            if key == self.items_field {
                // A repeated field: the last wins.
                self.items.clear();
                map.next_value_seed(Items {
                    items: &mut *self.items,
                })?;
            } else {
                let raw = map.next_value::<&'de RawValue>()?;
                if key == self.cursor_field {
                    cursor = Some(raw);
                }
            }
        }
        Ok(cursor)
    }
}

/// The items array (or `null`: none), each item pushed as soon as it decodes.
struct Items<'f, T> {
    items: &'f mut Vec<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Items<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Items<'_, T> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an array of items or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if let Some(size) = seq.size_hint() {
            self.items.reserve(size);
        }
        while let Some(item) = seq.next_element::<T>()? {
            self.items.push(item);
        }
        Ok(())
    }
}
