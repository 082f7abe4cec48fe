//! Unknown fields kept in `extra` without buffering the whole object.
//!
//! Every generated object type keeps the fields its spec does not list in a map, `extra`.
//! serde's own way to do that, `#[serde(flatten)]`, first copies the whole object into serde's
//! buffer type (a string or a list for every key and value) and decodes each field from the
//! copy; a [`crate::RawJson`] field cannot even read its text from there. So the generated
//! types derive `Deserialize` without the flattened map (`#[serde(remote = "Self")]` makes the
//! derive an inherent function, and `extra` is `#[serde(flatten, skip_deserializing)]`), and
//! [`keep_unknown_fields!`](crate::keep_unknown_fields) implements the traits with
//! [`deserialize`]: the derived code reads the object straight from the parser, and every key
//! it does not know goes to `extra` as it passes. Serialization is the derived one, unchanged.
//!
//! ```
//! #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
//! #[serde(remote = "Self")]
//! pub struct App {
//!     #[serde(default)]
//!     pub name: Option<String>,
//!     #[serde(flatten, skip_deserializing)]
//!     pub extra: serde_json::Map<String, serde_json::Value>,
//! }
//! secops_runtime::keep_unknown_fields!(App);
//!
//! let app: App = serde_json::from_str(r#"{"name": "hr", "tags": ["a"]}"#).unwrap();
//! assert_eq!(app.name.as_deref(), Some("hr"));
//! assert_eq!(app.extra["tags"], serde_json::json!(["a"]));
//! assert_eq!(serde_json::to_string(&app).unwrap(), r#"{"name":"hr","tags":["a"]}"#);
//! ```

use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Decodes a struct with `known` (its derived deserializer, which skips `extra`) and returns
/// it with the fields `known` did not name: the keys not in the field list the derive passes
/// to `deserialize_struct`.
pub fn deserialize<'de, D, T>(
    deserializer: D,
    known: impl for<'a> FnOnce(Capture<'a, D>) -> Result<T, D::Error>,
) -> Result<(T, Map<String, Value>), D::Error>
where
    D: Deserializer<'de>,
{
    let mut extra = Map::new();
    let value = known(Capture {
        inner: deserializer,
        extra: &mut extra,
    })?;
    Ok((value, extra))
}

/// Implements `Deserialize` (keeping unknown fields in `extra`) and `Serialize` for a struct
/// that derives both with `#[serde(remote = "Self")]` and marks its `extra` map
/// `#[serde(flatten, skip_deserializing)]`. See the [module](crate::unknown_fields).
#[macro_export]
macro_rules! keep_unknown_fields {
    ($ty:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let (mut value, extra) =
                    $crate::unknown_fields::deserialize(deserializer, |known| {
                        $ty::deserialize(known)
                    })?;
                value.extra = extra;
                ::std::result::Result::Ok(value)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $ty::serialize(self, serializer)
            }
        }
    };
}

/// The deserializer the derived code reads from: the inner one, with the unknown keys of the
/// struct it asks for put aside.
pub struct Capture<'a, D> {
    inner: D,
    extra: &'a mut Map<String, Value>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Capture<'_, D> {
    type Error = D::Error;

    /// Read as a map, not as a struct: a deserializer that holds more than the struct (serde's
    /// `flatten` of this struct into another) then offers every remaining key, not only the
    /// ones `fields` names, as a flattened `extra` used to take them.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(CaptureVisitor {
            inner: visitor,
            fields,
            extra: self.extra,
        })
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

struct CaptureVisitor<'a, V> {
    inner: V,
    fields: &'static [&'static str],
    extra: &'a mut Map<String, Value>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for CaptureVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(CaptureMap {
            map,
            fields: self.fields,
            extra: self.extra,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(seq)
    }
}

struct CaptureMap<'a, A> {
    map: A,
    fields: &'static [&'static str],
    extra: &'a mut Map<String, Value>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for CaptureMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.map.next_key_seed(KeySeed)? {
            if self.fields.contains(&key.as_str()) {
                return match key {
                    Key::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
                    Key::Owned(key) => seed.deserialize(StringDeserializer::new(key)),
                }
                .map(Some);
            }
            let value: Value = self.map.next_value()?;
            self.extra.insert(key.into_owned(), value);
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A key, borrowed from the input when the parser can lend it.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }

    fn into_owned(self) -> String {
        match self {
            Key::Borrowed(key) => key.to_owned(),
            Key::Owned(key) => key,
        }
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(key))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key.to_owned()))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::RawJson;

    #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq, Clone)]
    #[serde(remote = "Self")]
    pub struct Issue {
        #[serde(default, deserialize_with = "crate::tolerant::integer")]
        id: Option<i64>,
        #[serde(rename = "sourceId", default)]
        source_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        item: Option<RawJson>,
        #[serde(flatten, skip_deserializing)]
        extra: serde_json::Map<String, serde_json::Value>,
    }
    crate::keep_unknown_fields!(Issue);

    const TEXT: &str =
        r#"{"id": "7", "zeta": {"k": [1]}, "sourceId": "s", "item": {"a":  1}, "alpha": null}"#;

    #[test]
    fn unknown_fields_go_to_extra_from_text_values_and_buffers() {
        let issue: Issue = serde_json::from_str(TEXT).unwrap();
        assert_eq!(issue.id, Some(7));
        assert_eq!(issue.source_id.as_deref(), Some("s"));
        assert_eq!(issue.item.as_ref().unwrap().get(), r#"{"a":  1}"#);
        assert_eq!(
            serde_json::Value::Object(issue.extra.clone()),
            json!({"zeta": {"k": [1]}, "alpha": null})
        );
        let value: serde_json::Value = serde_json::from_str(TEXT).unwrap();
        let from_value: Issue = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(from_value.extra, issue.extra);
        assert_eq!(from_value.item.as_ref().unwrap().get(), r#"{"a":1}"#);
        assert_eq!(
            <Issue as serde::Deserialize>::deserialize(&value).unwrap(),
            from_value
        );

        #[derive(serde::Deserialize)]
        struct Outer {
            #[serde(flatten)]
            issue: Issue,
        }
        let outer: Outer = serde_json::from_str(TEXT).unwrap();
        assert_eq!(outer.issue, from_value);
    }

    #[test]
    fn serialization_writes_extra_after_the_known_fields() {
        let issue: Issue = serde_json::from_str(TEXT).unwrap();
        assert_eq!(
            serde_json::to_string(&issue).unwrap(),
            r#"{"id":7,"sourceId":"s","item":{"a":  1},"alpha":null,"zeta":{"k":[1]}}"#
        );
    }

    #[test]
    fn errors_keep_their_json_path() {
        let text = r#"{"x": 1, "id": "seven"}"#;
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let error = serde_path_to_error::deserialize::<_, Issue>(&mut deserializer).unwrap_err();
        assert_eq!(error.path().to_string(), "id");
        let escaped: Issue = serde_json::from_str(r#"{"i\u0064": 3, "n\u0061me": 1}"#).unwrap();
        assert_eq!(escaped.id, Some(3));
        assert_eq!(escaped.extra["name"], 1);
    }
}
