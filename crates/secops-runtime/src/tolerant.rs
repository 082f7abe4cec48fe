//! Tolerant decoding: what the generated types accept beyond their spec.
//!
//! Both specs were rebuilt from reference pages, and the Lacework page's type names
//! (`proto.App`, `pbcommon.Bool`) point to a protobuf backend. Servers like that send details
//! a strict reader refuses, and one refused field fails a whole response. `cargo xtask regen`
//! attaches these functions to the generated struct fields (`#[serde(default,
//! deserialize_with = "::secops_runtime::tolerant::...")]`) and to the integer enums; they
//! only widen what decodes, never what is sent (serialization is untouched).
//!
//! - [`null_as_default`]: a property that is not required accepts `null` as absent (an empty
//!   array or map, the default) — Go's `encoding/json` writes a nil slice or map as `null`.
//! - [`integer`] / [`integer_or_null`]: an integer property (`i64`, `Option<u32>`, `Vec<i64>`,
//!   ...) also accepts a number with a zero fraction (`3.0`, `1.7e12`) whose magnitude is at most
//!   [`MAX_EXACT_INTEGER`], and a string of decimal digits with an optional sign (`"3"`,
//!   `"-42"`): protobuf's JSON mapping writes 64-bit integers as strings. A fraction that is not
//!   zero (`3.5`), any other string (`"x"`, `"3.0"`, `" 3"`), and a value outside the type's
//!   range stay errors.
//! - [`named_integer`]: an integer enum also accepts the value's name from the spec
//!   (`x-enum-varnames`, e.g. `"ACTIVE"` for 2), as protobuf JSON parsers do. A name the spec
//!   does not give is an error naming the enum; an unknown *number* is kept, as before.
//!
//! Every function asks the deserializer for what it has (`deserialize_any`, `deserialize_option`)
//! and converts from there: a value that was already valid takes the same path as with the
//! plain derive, with no intermediate `serde_json::Value`.
//!
//! ```
//! #[derive(serde::Deserialize, Debug, PartialEq)]
//! struct App {
//!     #[serde(default, deserialize_with = "secops_runtime::tolerant::integer")]
//!     port: Option<i64>,
//!     #[serde(default, deserialize_with = "secops_runtime::tolerant::null_as_default")]
//!     tags: Vec<String>,
//! }
//!
//! let app: App = serde_json::from_str(r#"{"port": "443", "tags": null}"#).unwrap();
//! assert_eq!(app, App { port: Some(443), tags: vec![] });
//! let app: App = serde_json::from_str(r#"{"port": 443.0}"#).unwrap();
//! assert_eq!(app.port, Some(443));
//! assert!(serde_json::from_str::<App>(r#"{"port": 443.5}"#).is_err());
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::num::{NonZeroI32, NonZeroI64, NonZeroU32, NonZeroU64};

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, SeqAccess, Unexpected, Visitor};

/// The largest magnitude a number written with a fraction or an exponent (`3.0`, `1.7e12`) is
/// accepted at as an integer: 2^53 - 1, below which every integer has an exact `f64` (the
/// JavaScript "safe integer" limit). Above it the written digits cannot be told apart from
/// their neighbours, so the value is refused rather than guessed.
///
/// Below it the value is the `f64` serde_json reads, which is exact for a number written with
/// at most 15 significant digits (counting the zeros after the point: `1732000000123.00`,
/// `1.7e12`); serde_json's fast float parser may be one off beyond that.
pub const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A property that is not required: `null` decodes as absent, i.e. `T::default()` (an empty
/// `Vec` or map). Any other value decodes as `T` does.
#[inline]
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// An integer property, in any of the shapes [`Integers`] lists (`i64`, `Option<i64>`,
/// `Vec<i64>`, `Option<Vec<i64>>`, and the other integer types): each integer may also be
/// written as a number with a zero fraction or as a decimal string. `null` is accepted only
/// where the type says so (`Option`).
#[inline]
pub fn integer<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Integers<'de>,
{
    T::deserialize_tolerant(deserializer)
}

/// [`integer`] for a property that is not required and has a default (`#[serde(default)]
/// Vec<i64>`): `null` decodes as `T::default()`.
#[inline]
pub fn integer_or_null<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Integers<'de> + Default,
{
    deserializer.deserialize_option(OrNull(PhantomData))
}

/// The value of an integer enum: a JSON integer (any value: enums stay open), a number with a
/// zero fraction, a decimal string, or one of the `names` the spec gives its values. A string
/// that is neither is an error naming the enum (`type_name`) and its known names.
#[inline]
pub fn named_integer<'de, D>(
    deserializer: D,
    type_name: &'static str,
    names: &'static [(&'static str, i64)],
) -> Result<i64, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(NamedVisitor { type_name, names })
}

/// The integer types [`integer`] converts to.
pub trait Integer: Copy + Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The value, if it is in range.
    fn from_i64(value: i64) -> Option<Self>;
    /// The value, if it is in range.
    fn from_u64(value: u64) -> Option<Self>;
    /// A decimal string (optional sign, ASCII digits), if it is in range.
    fn parse(text: &str) -> Option<Self>;
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl Integer for $ty {
            const NAME: &'static str = stringify!($ty);
            #[inline]
            fn from_i64(value: i64) -> Option<Self> {
                <$ty>::try_from(value).ok()
            }
            #[inline]
            fn from_u64(value: u64) -> Option<Self> {
                <$ty>::try_from(value).ok()
            }
            #[inline]
            fn parse(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }
    )*};
}

macro_rules! non_zero {
    ($($ty:ty => $base:ty),*) => {$(
        impl Integer for $ty {
            const NAME: &'static str = stringify!($ty);
            #[inline]
            fn from_i64(value: i64) -> Option<Self> {
                <$base>::from_i64(value).and_then(<$ty>::new)
            }
            #[inline]
            fn from_u64(value: u64) -> Option<Self> {
                <$base>::from_u64(value).and_then(<$ty>::new)
            }
            #[inline]
            fn parse(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, u8, u16, u32, u64);
non_zero!(NonZeroI32 => i32, NonZeroI64 => i64, NonZeroU32 => u32, NonZeroU64 => u64);

/// The shapes an integer property takes in generated code: `T`, `Option<T>`, `Vec<T>` and
/// `Option<Vec<T>>` for every [`Integer`] `T`.
pub trait Integers<'de>: Sized {
    /// Decodes the value with every integer in it read tolerantly.
    fn deserialize_tolerant<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl<'de, T: Integer> Integers<'de> for T {
    #[inline]
    fn deserialize_tolerant<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IntegerVisitor(PhantomData))
    }
}

impl<'de, T: Integer> Integers<'de> for Option<T> {
    #[inline]
    fn deserialize_tolerant<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

impl<'de, T: Integer> Integers<'de> for Vec<T> {
    #[inline]
    fn deserialize_tolerant<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(SeqVisitor(PhantomData))
    }
}

impl<'de, T: Integer> Integers<'de> for Option<Vec<T>> {
    #[inline]
    fn deserialize_tolerant<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

/// The integer in a JSON number with a zero fraction, if it is exact.
#[inline]
fn exact_integer(value: f64) -> Option<i64> {
    // `as` is exact here: the value is integral and within ±(2^53 - 1).
    (value.fract() == 0.0 && value.abs() <= MAX_EXACT_INTEGER).then_some(value as i64)
}

struct IntegerVisitor<T>(PhantomData<T>);

impl<T: Integer> Visitor<'_> for IntegerVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an integer ({}): a JSON integer, a number with a zero fraction or a decimal string",
            T::NAME
        )
    }

    #[inline]
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        T::from_i64(value).ok_or_else(|| E::invalid_value(Unexpected::Signed(value), &self))
    }

    #[inline]
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        T::from_u64(value).ok_or_else(|| E::invalid_value(Unexpected::Unsigned(value), &self))
    }

    #[inline]
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        exact_integer(value)
            .and_then(T::from_i64)
            .ok_or_else(|| E::invalid_value(Unexpected::Float(value), &self))
    }

    #[inline]
    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        T::parse(text).ok_or_else(|| E::invalid_value(Unexpected::Str(text), &self))
    }
}

/// `Option<T>` of an [`Integers`] shape: `null` is `None`.
struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Integers<'de>> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, a list of integers, or null")
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::deserialize_tolerant(deserializer).map(Some)
    }
}

/// An [`Integers`] shape with a default: `null` is the default.
struct OrNull<T>(PhantomData<T>);

impl<'de, T: Integers<'de> + Default> Visitor<'de> for OrNull<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, a list of integers, or null")
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_tolerant(deserializer)
    }
}

struct SeqVisitor<T>(PhantomData<T>);

impl<'de, T: Integer> Visitor<'de> for SeqVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of integers ({})", T::NAME)
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(value) = seq.next_element_seed(IntegerSeed(PhantomData))? {
            values.push(value);
        }
        Ok(values)
    }
}

struct IntegerSeed<T>(PhantomData<T>);

impl<'de, T: Integer> DeserializeSeed<'de> for IntegerSeed<T> {
    type Value = T;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(IntegerVisitor(PhantomData))
    }
}

struct NamedVisitor {
    type_name: &'static str,
    names: &'static [(&'static str, i64)],
}

impl NamedVisitor {
    fn integer(&self) -> IntegerVisitor<i64> {
        IntegerVisitor(PhantomData)
    }
}

impl Visitor<'_> for NamedVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a value of {}: an integer", self.type_name)?;
        if !self.names.is_empty() {
            f.write_str(" or one of")?;
            for (index, (name, _)) in self.names.iter().enumerate() {
                let separator = if index == 0 { " " } else { ", " };
                write!(f, "{separator}`{name}`")?;
            }
        }
        Ok(())
    }

    #[inline]
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
        Ok(value)
    }

    #[inline]
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
        self.integer().visit_u64(value)
    }

    #[inline]
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<i64, E> {
        exact_integer(value).ok_or_else(|| E::invalid_value(Unexpected::Float(value), &self))
    }

    #[inline]
    fn visit_str<E: de::Error>(self, text: &str) -> Result<i64, E> {
        if let Some((_, value)) = self.names.iter().find(|(name, _)| *name == text) {
            return Ok(*value);
        }
        <i64 as Integer>::parse(text).ok_or_else(|| {
            if self.names.is_empty() {
                E::invalid_value(Unexpected::Str(text), &self)
            } else {
                E::custom(format_args!(
                    "unknown {} name `{text}`, expected {}",
                    self.type_name,
                    Expected(&self)
                ))
            }
        })
    }
}

/// A visitor's `expecting` text as `Display`.
struct Expected<'a>(&'a NamedVisitor);

impl fmt::Display for Expected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Ints {
        #[serde(default, deserialize_with = "integer")]
        opt: Option<i64>,
        #[serde(default, deserialize_with = "integer")]
        small: Option<u8>,
        #[serde(default, deserialize_with = "integer_or_null")]
        list: Vec<i64>,
        #[serde(default, deserialize_with = "integer")]
        opt_list: Option<Vec<i32>>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Required {
        #[serde(deserialize_with = "integer")]
        n: i64,
    }

    fn ints(json: &str) -> Result<Ints, serde_json::Error> {
        serde_json::from_str(json)
    }

    fn opt(json: &str) -> Result<Option<i64>, serde_json::Error> {
        ints(&format!(r#"{{"opt": {json}}}"#)).map(|ints| ints.opt)
    }

    #[test]
    fn integers_are_read_from_numbers_zero_fractions_and_decimal_strings() {
        assert_eq!(opt("3").unwrap(), Some(3));
        assert_eq!(opt("-3").unwrap(), Some(-3));
        assert_eq!(opt("3.0").unwrap(), Some(3));
        assert_eq!(opt("-0.0").unwrap(), Some(0));
        assert_eq!(opt("1.7e12").unwrap(), Some(1_700_000_000_000));
        assert_eq!(opt(r#""3""#).unwrap(), Some(3));
        assert_eq!(opt(r#""-42""#).unwrap(), Some(-42));
        assert_eq!(opt(r#""9223372036854775807""#).unwrap(), Some(i64::MAX));
        assert_eq!(opt("9223372036854775807").unwrap(), Some(i64::MAX));
        assert_eq!(opt("-9223372036854775808").unwrap(), Some(i64::MIN));
        assert_eq!(opt("900719925474099.0").unwrap(), Some(900_719_925_474_099));
        assert_eq!(opt("1732000000123.000").unwrap(), Some(1_732_000_000_123));
    }

    #[test]
    fn null_and_absent_are_none() {
        assert_eq!(opt("null").unwrap(), None);
        assert_eq!(
            ints("{}").unwrap(),
            Ints {
                opt: None,
                small: None,
                list: vec![],
                opt_list: None
            }
        );
        assert_eq!(
            ints(r#"{"list": null, "opt_list": null}"#).unwrap(),
            ints("{}").unwrap()
        );
    }

    #[test]
    fn fractions_other_strings_and_out_of_range_values_are_errors() {
        for bad in [
            "3.5",
            "-0.5",
            "1e-3",
            r#""x""#,
            r#""3.0""#,
            r#"" 3""#,
            r#""""#,
            "true",
            "[3]",
            "{}",
            "9223372036854775808",
            "18446744073709551615",
            r#""9223372036854775808""#,
            "1e20",
            "9007199254740992.0",
            "1e300",
        ] {
            let error = opt(bad).expect_err(bad).to_string();
            assert!(error.contains("an integer (i64)"), "{bad}: {error}");
        }
        let error = ints(r#"{"small": 300}"#).unwrap_err().to_string();
        assert!(
            error.contains("integer `300`") && error.contains("(u8)"),
            "{error}"
        );
        assert_eq!(ints(r#"{"small": "255"}"#).unwrap().small, Some(255));
        assert!(ints(r#"{"small": -1.0}"#).is_err());
        let non_zero = |json: &str| {
            serde_json::from_str::<NonZeroU64>(json)
                .ok()
                .and(integer::<_, NonZeroU64>(&mut serde_json::Deserializer::from_str(json)).ok())
        };
        assert_eq!(non_zero(r#"5"#).map(NonZeroU64::get), Some(5));
        assert_eq!(
            integer::<_, NonZeroU64>(&mut serde_json::Deserializer::from_str(r#""5""#))
                .unwrap()
                .get(),
            5
        );
        assert!(integer::<_, NonZeroU64>(&mut serde_json::Deserializer::from_str("0.0")).is_err());
        assert!(
            integer::<_, NonZeroU64>(&mut serde_json::Deserializer::from_str(r#""0""#)).is_err()
        );
    }

    #[test]
    fn lists_of_integers_are_read_item_by_item() {
        let read = ints(r#"{"list": [1, 2.0, "3"], "opt_list": ["-4", 5]}"#).unwrap();
        assert_eq!(read.list, [1, 2, 3]);
        assert_eq!(read.opt_list, Some(vec![-4, 5]));
        assert!(ints(r#"{"list": [1, 2.5]}"#).is_err());
        assert!(
            ints(r#"{"list": [1, null]}"#).is_err(),
            "null items stay errors"
        );
        assert!(ints(r#"{"list": 3}"#).is_err());
    }

    #[test]
    fn a_required_integer_is_tolerant_but_not_nullable() {
        let read = |json: &str| serde_json::from_str::<Required>(json);
        assert_eq!(read(r#"{"n": "7"}"#).unwrap(), Required { n: 7 });
        assert_eq!(read(r#"{"n": 7.0}"#).unwrap(), Required { n: 7 });
        assert!(read(r#"{"n": null}"#).is_err());
        assert!(read("{}").is_err());
    }

    #[test]
    fn null_as_default_gives_empty_collections() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Open {
            #[serde(default, deserialize_with = "null_as_default")]
            tags: Vec<String>,
            #[serde(default, deserialize_with = "null_as_default")]
            assignee: serde_json::Map<String, serde_json::Value>,
        }
        let empty = Open {
            tags: vec![],
            assignee: serde_json::Map::new(),
        };
        let read = |json: &str| serde_json::from_str::<Open>(json);
        assert_eq!(read(r#"{"tags": null, "assignee": null}"#).unwrap(), empty);
        assert_eq!(read("{}").unwrap(), empty);
        let full = read(r#"{"tags": ["a"], "assignee": {"name": null}}"#).unwrap();
        assert_eq!(full.tags, ["a"]);
        assert_eq!(full.assignee["name"], serde_json::Value::Null);
        assert!(read(r#"{"tags": "a"}"#).is_err(), "other types stay errors");
    }

    /// With `#[serde(flatten)]` serde buffers the fields first and hands each one over from
    /// its buffer, not from the JSON parser: every path must work there too.
    #[test]
    fn tolerance_holds_beside_a_flattened_map() {
        #[derive(Deserialize, Debug)]
        struct WithExtra {
            #[serde(default, deserialize_with = "integer")]
            id: Option<i64>,
            #[serde(default, deserialize_with = "integer_or_null")]
            ports: Vec<u16>,
            #[serde(default, deserialize_with = "null_as_default")]
            tags: Vec<String>,
            #[serde(default, deserialize_with = "status")]
            status: Option<i64>,
            #[serde(flatten)]
            extra: serde_json::Map<String, serde_json::Value>,
        }
        fn status<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
            Option::<Status>::deserialize(d).map(|s| s.map(|s| s.0))
        }
        let read: WithExtra = serde_json::from_str(
            r#"{"id": "7", "ports": [443.0, "80"], "tags": null, "status": "ACTIVE", "x": 1}"#,
        )
        .unwrap();
        assert_eq!(read.id, Some(7));
        assert_eq!(read.ports, [443, 80]);
        assert!(read.tags.is_empty());
        assert_eq!(read.status, Some(2));
        assert_eq!(read.extra["x"], 1);
        let read: WithExtra =
            serde_json::from_str(r#"{"id": null, "ports": null, "status": null}"#).unwrap();
        assert_eq!((read.id, read.ports.len(), read.status), (None, 0, None));
        let error = serde_json::from_str::<WithExtra>(r#"{"id": 7.5}"#).unwrap_err();
        assert!(
            error.to_string().contains("floating point `7.5`"),
            "{error}"
        );
    }

    #[derive(Debug, PartialEq)]
    struct Status(i64);

    impl<'de> Deserialize<'de> for Status {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            const NAMES: &[(&str, i64)] = &[("UNSPECIFIED", 0), ("INIT", 1), ("ACTIVE", 2)];
            named_integer(d, "EnumStatus", NAMES).map(Status)
        }
    }

    #[test]
    fn enum_names_numbers_and_numeric_strings() {
        let read = |json: &str| serde_json::from_str::<Status>(json);
        assert_eq!(read(r#""ACTIVE""#).unwrap(), Status(2));
        assert_eq!(read(r#""UNSPECIFIED""#).unwrap(), Status(0));
        assert_eq!(read("1").unwrap(), Status(1));
        assert_eq!(read("1.0").unwrap(), Status(1));
        assert_eq!(read(r#""2""#).unwrap(), Status(2));
        assert_eq!(read("42").unwrap(), Status(42), "unknown numbers are kept");
        assert_eq!(read(r#""42""#).unwrap(), Status(42));
        assert_eq!(read("-7").unwrap(), Status(-7));
        let error = read(r#""PAUSED""#).unwrap_err().to_string();
        assert!(
            error.contains("unknown EnumStatus name `PAUSED`")
                && error.contains("`UNSPECIFIED`, `INIT`, `ACTIVE`"),
            "{error}"
        );
        assert!(read(r#""active""#).is_err(), "names are case-sensitive");
        assert!(read("2.5").is_err());
        assert!(read("null").is_err());
        assert!(read("18446744073709551615").is_err());
    }

    #[test]
    fn an_enum_without_names_takes_numbers_only() {
        struct Plain(i64);
        impl<'de> Deserialize<'de> for Plain {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                named_integer(d, "DataSource", &[]).map(Plain)
            }
        }
        let read = |json: &str| serde_json::from_str::<Plain>(json).map(|p| p.0);
        assert_eq!(read(r#""10003""#).unwrap(), 10003);
        assert_eq!(read("10003.0").unwrap(), 10003);
        let error = read(r#""ACTIVE""#).unwrap_err().to_string();
        assert!(
            error.contains("a value of DataSource: an integer"),
            "{error}"
        );
    }
}
