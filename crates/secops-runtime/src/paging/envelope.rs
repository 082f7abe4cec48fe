//! [`Envelope`]: a page's top-level fields, raw, for reading the page item by item.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// A page's top-level fields, raw, in the order sent (a repeated key is kept each time;
/// [`Envelope::get`] takes its last value, as a map would). The items field, when the listing
/// names it, is split into its items in the same pass.
pub(super) struct Envelope<'b> {
    /// Every field but the named items field.
    fields: Vec<(&'b str, &'b RawValue)>,
    /// The named items field's items (of its last occurrence); none when absent or `null`.
    items: Vec<&'b RawValue>,
    /// How many times the body has the named items field.
    items_occurrences: usize,
}

impl<'b> Envelope<'b> {
    /// Reads `body`: one JSON object whose keys need no unescaping; `items_field`, when given
    /// and present, must be an array or `null`.
    pub(super) fn read(body: &'b [u8], items_field: Option<&str>) -> serde_json::Result<Self> {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let envelope = EnvelopeSeed { items_field }.deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(envelope)
    }

    /// The value of `key` (its last, when repeated), unless `key` is the named items field.
    pub(super) fn get(&self, key: &str) -> Option<&'b RawValue> {
        self.fields
            .iter()
            .rev()
            .find(|(name, _)| *name == key)
            .map(|(_, raw)| *raw)
    }

    /// Every field but the named items field, in the order sent.
    pub(super) fn fields(&self) -> &[(&'b str, &'b RawValue)] {
        &self.fields
    }

    /// How many times the body has the named items field.
    pub(super) fn items_occurrences(&self) -> usize {
        self.items_occurrences
    }

    /// The named items field's items, taken out.
    pub(super) fn take_items(&mut self) -> Vec<&'b RawValue> {
        std::mem::take(&mut self.items)
    }
}

struct EnvelopeSeed<'f> {
    items_field: Option<&'f str>,
}

impl<'de> DeserializeSeed<'de> for EnvelopeSeed<'_> {
    type Value = Envelope<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EnvelopeSeed<'_> {
    type Value = Envelope<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope<'de>, A::Error> {
        let mut envelope = Envelope {
            fields: Vec::with_capacity(map.size_hint().unwrap_or(4)),
            items: Vec::new(),
            items_occurrences: 0,
        };
        while let Some(key) = map.next_key::<&'de str>()? {
            if Some(key) == self.items_field {
                envelope.items_occurrences += 1;
                envelope.items = map
                    .next_value::<Option<Vec<&'de RawValue>>>()?
                    .unwrap_or_default();
            } else {
                envelope.fields.push((key, map.next_value()?));
            }
        }
        Ok(envelope)
    }
}
