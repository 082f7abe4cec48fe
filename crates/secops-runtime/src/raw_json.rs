//! [`RawJson`]: a free-form JSON value kept as the text the server sent, decoded on demand.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::redact::{MaskJson, Masked};

/// A free-form JSON value (a property the spec leaves open: `type: object` without
/// `properties`, or `{}`), kept as the JSON text it arrived as until it is asked for.
///
/// Decoding a response copies each free-form property once, as text, instead of building a
/// [`serde_json::Value`] tree (a string and a map node for every key and value in it): the
/// generated types hold `RawJson` in those fields (`Issue::item`, `Issue::assignee`,
/// `Issue::violation_details`, each of `Issue::policies`, ...). Read it with:
///
/// - [`RawJson::get`] (or [`RawJson::as_str`]): the JSON text, as the server wrote it;
/// - [`RawJson::deserialize`]: into a type of your own;
/// - [`RawJson::to_value`]: into a `serde_json::Value`;
/// - [`RawJson::to_map`]: into a `serde_json::Map`, when it is an object.
///
/// Serializing writes the text verbatim, so a request body holding a `RawJson` goes on the
/// wire byte for byte as it was built. Build one from a `Value` or a `Map` with `From`, or from
/// JSON text with [`RawJson::from_json`]. `Debug` shows the value with credential-named keys
/// (`password`, `client_secret`, `apiToken`, ...) masked, like every free-form field of the
/// generated types; two values are equal when their JSON text is.
///
/// ```
/// use secops_runtime::RawJson;
///
/// #[derive(serde::Deserialize)]
/// struct Item {
///     #[serde(rename = "displayName")]
///     display_name: String,
/// }
///
/// // As a field of a generated type (`Issue::item: Option<RawJson>`):
/// let item: Option<RawJson> =
///     serde_json::from_str(r#"{"type": "file", "displayName": "payroll.csv"}"#).unwrap();
/// let name = item
///     .as_ref()
///     .map(|item| item.deserialize::<Item>())
///     .transpose()
///     .unwrap()
///     .map(|item| item.display_name);
/// assert_eq!(name.as_deref(), Some("payroll.csv"));
///
/// let item = item.unwrap();
/// assert_eq!(item.get(), r#"{"type": "file", "displayName": "payroll.csv"}"#);
/// assert_eq!(item.to_value()["type"], "file");
///
/// // Building one for a request body:
/// let filter = RawJson::from(serde_json::json!({"hosts": ["a.example"]}));
/// assert_eq!(serde_json::to_string(&filter).unwrap(), r#"{"hosts":["a.example"]}"#);
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

/// serde_json's name for a raw value: a deserializer that knows it (serde_json's own, from
/// text or from a `Value`) hands the value's text over without parsing it into a tree.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

impl RawJson {
    /// The JSON text, as the server wrote it (whitespace included).
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// The JSON text; the same as [`RawJson::get`].
    pub fn as_str(&self) -> &str {
        self.0.get()
    }

    /// The value decoded into `T`.
    pub fn deserialize<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }

    /// The value as a `serde_json::Value`.
    pub fn to_value(&self) -> Value {
        // The text was valid JSON when it was stored: parsing it again cannot fail short of
        // nesting deeper than serde_json's recursion limit, which decoding already checked.
        serde_json::from_str(self.0.get()).unwrap_or(Value::Null)
    }

    /// The value as a map, when it is a JSON object.
    pub fn to_map(&self) -> Option<Map<String, Value>> {
        serde_json::from_str(self.0.get()).ok()
    }

    /// Whether the value is JSON `null`.
    pub fn is_null(&self) -> bool {
        self.0.get().trim() == "null"
    }

    /// Whether the value is a JSON object.
    pub fn is_object(&self) -> bool {
        self.0.get().trim_start().starts_with('{')
    }

    /// JSON text, checked to be one valid JSON value (surrounding whitespace is dropped).
    pub fn from_json(text: impl Into<String>) -> Result<Self, serde_json::Error> {
        RawValue::from_string(text.into()).map(Self)
    }

    /// The value of `value`, written as compact JSON.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(Self)
    }

    /// The underlying `serde_json::value::RawValue`.
    pub fn as_raw_value(&self) -> &RawValue {
        &self.0
    }

    /// The underlying boxed `serde_json::value::RawValue`.
    pub fn into_raw_value(self) -> Box<RawValue> {
        self.0
    }
}

impl From<Box<RawValue>> for RawJson {
    fn from(raw: Box<RawValue>) -> Self {
        Self(raw)
    }
}

impl From<&Value> for RawJson {
    fn from(value: &Value) -> Self {
        // A `Value` always serializes (its map keys are strings).
        Self::from_serialize(value).unwrap_or_else(|_| Self::null())
    }
}

impl From<Value> for RawJson {
    fn from(value: Value) -> Self {
        Self::from(&value)
    }
}

impl From<Map<String, Value>> for RawJson {
    fn from(map: Map<String, Value>) -> Self {
        Self::from_serialize(&map).unwrap_or_else(|_| Self::null())
    }
}

impl From<&Map<String, Value>> for RawJson {
    fn from(map: &Map<String, Value>) -> Self {
        Self::from_serialize(map).unwrap_or_else(|_| Self::null())
    }
}

impl From<&RawJson> for Value {
    fn from(raw: &RawJson) -> Self {
        raw.to_value()
    }
}

impl From<RawJson> for Value {
    fn from(raw: RawJson) -> Self {
        raw.to_value()
    }
}

impl TryFrom<&RawJson> for Map<String, Value> {
    type Error = serde_json::Error;

    /// The object's map; an error when the value is not a JSON object.
    fn try_from(raw: &RawJson) -> Result<Self, Self::Error> {
        raw.deserialize()
    }
}

impl TryFrom<RawJson> for Map<String, Value> {
    type Error = serde_json::Error;

    /// The object's map; an error when the value is not a JSON object.
    fn try_from(raw: RawJson) -> Result<Self, Self::Error> {
        raw.deserialize()
    }
}

impl std::str::FromStr for RawJson {
    type Err = serde_json::Error;

    /// JSON text, checked to be one valid JSON value (surrounding whitespace is dropped).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::from_json(text)
    }
}

impl RawJson {
    fn null() -> Self {
        Self::from_json("null").unwrap_or_else(|_| unreachable!("`null` is JSON"))
    }
}

impl Default for RawJson {
    /// JSON `null`.
    fn default() -> Self {
        Self::null()
    }
}

impl PartialEq for RawJson {
    /// Equal JSON text.
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Eq for RawJson {}

impl fmt::Display for RawJson {
    /// The JSON text. It is not masked: print it only where the value may be shown whole.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

impl fmt::Debug for RawJson {
    /// The value with the values of credential-named keys shown as `[REDACTED]` (the keys
    /// [`crate::redact::is_credential_key`] knows without a spec's list).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_masked(&[], f)
    }
}

impl MaskJson for RawJson {
    fn fmt_masked(&self, sensitive_fields: &[&str], f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::from_str::<Value>(self.0.get()) {
            Ok(Value::Object(map)) => fmt::Debug::fmt(&Masked::new(&map, sensitive_fields), f),
            Ok(value) => fmt::Debug::fmt(&Masked::new(&value, sensitive_fields), f),
            Err(_) => f.write_str("[invalid JSON]"),
        }
    }
}

impl Serialize for RawJson {
    /// The JSON text, verbatim (through serde_json; other formats see serde_json's raw-value
    /// struct).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    /// From serde_json (text or a `Value`): the value's text, without building a tree. From any
    /// other deserializer (serde's buffered content, as under `#[serde(flatten)]` or an untagged
    /// enum): the value is decoded and written back as compact JSON.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, RawJsonVisitor)
    }
}

struct RawJsonVisitor;

impl RawJsonVisitor {
    fn rewrite<E: de::Error>(value: Value) -> Result<RawJson, E> {
        RawJson::from_serialize(&value).map_err(E::custom)
    }
}

impl<'de> Visitor<'de> for RawJsonVisitor {
    type Value = RawJson;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    /// serde_json's raw value, handed over as a one-entry map under [`RAW_VALUE_TOKEN`].
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawJson, A::Error> {
        Box::<RawValue>::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawJson)
    }

    /// Every other deserializer: decode, then write back.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<RawJson, D::Error> {
        Self::rewrite(Value::deserialize(d)?)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawJson, A::Error> {
        Self::rewrite(Value::deserialize(de::value::SeqAccessDeserializer::new(
            seq,
        ))?)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<RawJson, E> {
        Self::rewrite(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawJson, E> {
        Self::rewrite(Value::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawJson, E> {
        Self::rewrite(Value::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawJson, E> {
        Self::rewrite(Value::from(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<RawJson, E> {
        Self::rewrite(Value::from(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawJson, E> {
        Ok(RawJson::null())
    }

    fn visit_none<E: de::Error>(self) -> Result<RawJson, E> {
        Ok(RawJson::null())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawJson, D::Error> {
        <RawJson as Deserialize>::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq, Clone)]
    struct Issue {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        item: Option<RawJson>,
        #[serde(default)]
        policies: Vec<RawJson>,
    }

    const TEXT: &str = r#"{"item": {"type": "file",  "n": 1.50}, "policies": [{"id": "p"}, 3]}"#;

    #[test]
    fn text_is_kept_verbatim_from_serde_json_text() {
        let issue: Issue = serde_json::from_str(TEXT).unwrap();
        let item = issue.item.as_ref().unwrap();
        assert_eq!(
            item.get(),
            r#"{"type": "file",  "n": 1.50}"#,
            "not re-written"
        );
        assert_eq!(item.as_str(), item.get());
        assert_eq!(issue.policies.len(), 2);
        assert_eq!(issue.policies[1].get(), "3");
        assert_eq!(
            serde_json::to_string(&issue).unwrap(),
            r#"{"item":{"type": "file",  "n": 1.50},"policies":[{"id": "p"},3]}"#
        );
        let from_slice: Issue = serde_json::from_slice(TEXT.as_bytes()).unwrap();
        assert_eq!(from_slice, issue);
    }

    #[test]
    fn null_and_absent_are_none() {
        let issue: Issue = serde_json::from_str(r#"{"item": null}"#).unwrap();
        assert_eq!(issue.item, None);
        let issue: Issue = serde_json::from_str("{}").unwrap();
        assert_eq!(issue.item, None);
        let null: RawJson = serde_json::from_str("null").unwrap();
        assert!(null.is_null());
    }

    #[test]
    fn decodes_from_a_value_and_from_buffered_content() {
        let value: Value = serde_json::from_str(TEXT).unwrap();
        let from_value: Issue = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(
            from_value.item.as_ref().unwrap().get(),
            r#"{"n":1.5,"type":"file"}"#
        );
        let by_ref = Issue::deserialize(&value).unwrap();
        assert_eq!(by_ref, from_value);

        // `#[serde(flatten)]` buffers the object in serde's own content type first.
        #[derive(serde::Deserialize)]
        struct Flat {
            #[serde(flatten)]
            issue: Issue,
            #[serde(flatten)]
            extra: Map<String, Value>,
        }
        let flat: Flat =
            serde_json::from_str(r#"{"item": {"a": [1, "x", null, true, -2, 0.5]}, "z": 1}"#)
                .unwrap();
        assert_eq!(
            flat.issue.item.unwrap().get(),
            r#"{"a":[1,"x",null,true,-2,0.5]}"#
        );
        assert_eq!(flat.extra["z"], 1);

        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Either {
            Raw(RawJson),
        }
        let Either::Raw(raw) = serde_json::from_str::<Either>(r#""text""#).unwrap();
        assert_eq!(raw.get(), r#""text""#);
    }

    #[test]
    fn conversions() {
        let value = json!({"a": {"b": [1, 2]}});
        let raw = RawJson::from(value.clone());
        assert_eq!(raw.get(), r#"{"a":{"b":[1,2]}}"#);
        assert_eq!(raw.to_value(), value);
        assert_eq!(Value::from(&raw), value);
        let map = Map::try_from(&raw).unwrap();
        assert_eq!(RawJson::from(map.clone()), raw);
        assert_eq!(raw.to_map(), Some(map));
        assert!(raw.is_object() && !raw.is_null());
        assert!(Map::try_from(RawJson::from(json!([1]))).is_err());
        assert_eq!(RawJson::from_json(" [1] ").unwrap().get(), "[1]");
        assert!(RawJson::from_json("{").is_err());
        assert!("nope".parse::<RawJson>().is_err());
        assert_eq!(RawJson::default().get(), "null");
        assert_eq!(raw.to_string(), raw.get());
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Shape<'a> {
            a: Map<String, Value>,
            #[serde(default, borrow)]
            name: Option<&'a str>,
        }
        let shape: Shape = raw.deserialize().unwrap();
        assert_eq!(shape.a["b"], json!([1, 2]));
    }

    #[test]
    fn debug_masks_credential_keys() {
        let raw =
            RawJson::from(json!({"name": "n", "apiToken": "tok-1", "nested": {"password": "pw"}}));
        let shown = format!("{raw:?}");
        assert!(
            !shown.contains("tok-1") && !shown.contains("pw\""),
            "{shown}"
        );
        assert!(
            shown.contains("[REDACTED]") && shown.contains("\"n\""),
            "{shown}"
        );
        let shown = format!(
            "{:?}",
            Masked::field("credentials", &Some(raw.clone()), &[])
        );
        assert_eq!(shown, "Some([REDACTED])");
        let shown = format!("{:?}", Masked::new(&raw, &["name"]));
        assert!(!shown.contains("\"n\""), "{shown}");
    }
}
