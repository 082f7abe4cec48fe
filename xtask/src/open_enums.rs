//! Forward-compatible ("open") enum types that replace progenitor's closed enums.
//!
//! A string enum becomes a Rust `enum` with one variant per listed value plus
//! `Unknown(String)`; an integer enum becomes a newtype over `i64` with a constant per named
//! value. Both decode any value the server sends and keep it, so a vendor adding a value never
//! breaks a deployed client, and the caller can still see what was sent. An integer enum decodes
//! through `secops_runtime::tolerant::named_integer`: also from `3.0`, from `"3"`, and from the
//! names in `x-enum-varnames` (`"ACTIVE"`), as protobuf's JSON mapping writes them; a name the
//! spec does not give is an error naming the enum. It encodes as the plain number.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::adjust::{EnumKind, OpenEnum, pascal, rust_type_name};

/// The items for one open enum.
pub fn render(open: &OpenEnum) -> TokenStream {
    match open.kind {
        EnumKind::String => render_string(open),
        EnumKind::Integer => render_integer(open),
    }
}

fn doc_for(open: &OpenEnum) -> String {
    let listed: Vec<String> = open.values.iter().map(value_text).collect();
    let mut doc = open.description.clone().unwrap_or_default();
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "Known values: `{}`. Values the spec does not list are kept, not rejected.",
        listed.join("`, `")
    ));
    doc
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn render_string(open: &OpenEnum) -> TokenStream {
    let name = ident(&rust_type_name(&open.name));
    let doc = doc_for(open);
    let values: Vec<String> = open.values.iter().map(value_text).collect();
    let variants = unique_names(values.iter().map(|v| variant_name(v)), &["Unknown"]);
    let variant_idents: Vec<Ident> = variants.iter().map(|v| ident(v)).collect();
    let variant_docs: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();

    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variant_idents,
            )*
            /// A value this version of the SDK does not know, as the server sent it.
            Unknown(::std::string::String),
        }

        impl #name {
            /// Every value the spec lists, in spec order.
            pub const KNOWN: &'static [&'static str] = &[#(#values),*];

            /// The value as it goes over the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variant_idents => #values,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// `false` for a value the spec does not list.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#variant_idents,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                ::std::string::String::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn render_integer(open: &OpenEnum) -> TokenStream {
    let name = ident(&rust_type_name(&open.name));
    let doc = doc_for(open);
    let values: Vec<i64> = open.values.iter().filter_map(Value::as_i64).collect();
    let named = open.varnames.len() == values.len();
    let type_name = name.to_string();
    let (wire_names, wire_values): (Vec<&String>, Vec<i64>) = if named {
        (open.varnames.iter().collect(), values.clone())
    } else {
        (Vec::new(), Vec::new())
    };

    let constants = if named {
        let const_names = unique_names(open.varnames.iter().map(|v| const_name(v)), &["KNOWN"]);
        let const_idents: Vec<Ident> = const_names.iter().map(|c| ident(c)).collect();
        let wire_names = &open.varnames;
        let const_docs: Vec<String> = values
            .iter()
            .zip(wire_names)
            .map(|(v, n)| format!("`{n}` = `{v}`"))
            .collect();
        quote! {
            #(
                #[doc = #const_docs]
                pub const #const_idents: Self = Self(#values);
            )*

            /// The name the spec gives this value, if it is a known one.
            pub fn name(self) -> ::std::option::Option<&'static str> {
                match self.0 {
                    #(#values => Some(#wire_names),)*
                    _ => None,
                }
            }
        }
    } else {
        quote! {}
    };

    quote! {
        #[doc = #doc]
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            ::serde::Serialize,
        )]
        #[serde(transparent)]
        pub struct #name(pub i64);

        impl #name {
            /// Every value the spec lists, in spec order.
            pub const KNOWN: &'static [i64] = &[#(#values),*];

            #constants

            /// The value as it goes over the wire.
            pub fn value(self) -> i64 {
                self.0
            }

            /// `false` for a value the spec does not list.
            pub fn is_known(self) -> bool {
                Self::KNOWN.contains(&self.0)
            }
        }

        /// Decodes any integer (unknown values are kept), also written with a zero fraction or
        /// as a decimal string, and the names the spec gives the values.
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                ::secops_runtime::tolerant::named_integer(
                    deserializer,
                    #type_name,
                    &[#((#wire_names, #wire_values)),*],
                )
                .map(Self)
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                Self(value)
            }
        }

        impl ::std::convert::From<#name> for i64 {
            fn from(value: #name) -> Self {
                value.0
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::num::ParseIntError;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                value.parse().map(Self)
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
    }
}

/// `RIGHT_TO_BE_FORGOTTEN` -> `RightToBeForgotten`, `or` -> `Or`, `` -> `Empty`.
fn variant_name(value: &str) -> String {
    let words: String = value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = if w.chars().all(|c| !c.is_ascii_lowercase()) {
                w.to_ascii_lowercase()
            } else {
                w.to_owned()
            };
            pascal(&lower)
        })
        .collect();
    match words.chars().next() {
        None => "Empty".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("V{words}"),
        Some(_) if words == "Self" => "SelfValue".to_owned(),
        Some(_) => words,
    }
}

/// `INIT` -> `INIT`, `in-progress` -> `IN_PROGRESS`.
fn const_name(name: &str) -> String {
    let upper: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    match upper.chars().next() {
        None => "EMPTY".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("V_{upper}"),
        Some(_) => upper,
    }
}

/// Makes names unique (suffixing `_2`, `_3`, ...) and keeps clear of `reserved`.
fn unique_names(names: impl Iterator<Item = String>, reserved: &[&str]) -> Vec<String> {
    let mut seen: BTreeSet<String> = reserved.iter().map(|r| (*r).to_owned()).collect();
    names
        .map(|name| {
            let mut candidate = name.clone();
            if reserved.contains(&candidate.as_str()) {
                candidate = format!("{name}Value");
            }
            let mut counter = 1;
            while !seen.insert(candidate.clone()) {
                counter += 1;
                candidate = format!("{name}{counter}");
            }
            candidate
        })
        .collect()
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_are_rust_identifiers() {
        assert_eq!(variant_name("RIGHT_TO_BE_FORGOTTEN"), "RightToBeForgotten");
        assert_eq!(variant_name("or"), "Or");
        assert_eq!(variant_name("issues:read"), "IssuesRead");
        assert_eq!(variant_name("camelCase"), "CamelCase");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("3d"), "V3d");
    }

    #[test]
    fn names_are_made_unique() {
        let names = unique_names(
            ["Unknown", "A", "A"].into_iter().map(str::to_owned),
            &["Unknown"],
        );
        assert_eq!(names, ["UnknownValue", "A", "A2"]);
    }

    #[test]
    fn integer_enums_decode_through_the_tolerant_reader_with_their_names() {
        let open = OpenEnum {
            name: "EnumStatus".to_owned(),
            kind: EnumKind::Integer,
            values: vec![Value::from(0), Value::from(2)],
            varnames: vec!["UNSPECIFIED".to_owned(), "ACTIVE".to_owned()],
            description: None,
        };
        let text = render(&open).to_string();
        assert!(!text.contains(":: serde :: Deserialize ,"), "{text}");
        assert!(
            text.contains(
                ":: secops_runtime :: tolerant :: named_integer (deserializer , \"EnumStatus\" , & [(\"UNSPECIFIED\" , 0i64) , (\"ACTIVE\" , 2i64)] ,)"
            ),
            "{text}"
        );
        let unnamed = OpenEnum {
            varnames: Vec::new(),
            ..open
        };
        assert!(
            render(&unnamed)
                .to_string()
                .contains("named_integer (deserializer , \"EnumStatus\" , & [] ,)")
        );
    }

    #[test]
    fn constants_are_screaming_case() {
        assert_eq!(const_name("INIT"), "INIT");
        assert_eq!(const_name("in-progress"), "IN_PROGRESS");
        assert_eq!(const_name("1x"), "V_1X");
    }
}
