//! Tolerant decoding and masked `Debug` for the generated object types.
//!
//! Two rewrites of the structs in the generated `types` module, both reading only what
//! progenitor wrote (the field types and their `serde` attributes):
//!
//! - **Decoding.** A field that is not required (an `Option`, or one with `#[serde(default)]`)
//!   accepts `null` as absent, and an integer field (`i64`, `Option<u32>`, `Vec<i64>`, ...)
//!   also accepts a number with a zero fraction and a decimal string. The field gets
//!   `default` (where missing) and `deserialize_with = "::secops_runtime::tolerant::..."`:
//!
//!   | field | added |
//!   | --- | --- |
//!   | integer, required | `deserialize_with = integer` |
//!   | `Option` of an integer (or of a `Vec` of them) | `default, deserialize_with = integer` |
//!   | integer shape with `#[serde(default)]` (`Vec<i64>`) | `deserialize_with = integer_or_null` |
//!   | anything else with `#[serde(default)]` (`Vec<T>`, `Map`) | `deserialize_with = null_as_default` |
//!   | any other `Option<T>` | nothing: `Option` already takes `null` |
//!   | any other required field, `#[serde(flatten)]`, a field with its own `with` | nothing |
//!
//!   `skip_serializing_if`, `rename` and everything else that shapes serialization stay as they
//!   are: requests do not change. A field with a spec default (`#[serde(default = "path")]`)
//!   stops generation: `null` there would need the spec's default, which no runtime function
//!   can know.
//! - **`Debug`.** A struct holding free-form JSON (the flattened `extra` map of unknown fields,
//!   a `Map` / `Value` / `secops_runtime::RawJson` field, a newtype over one such as
//!   `IngestionCredentials`, or a `Vec` / `Option` of these) loses its derived `Debug` and gets one that prints those fields through
//!   `secops_runtime::redact::Masked`, with the spec's `x-sensitive` names
//!   (`super::SENSITIVE_FIELDS`): a credential that arrives under a key the spec does not name
//!   (`"apiToken"`, `{"credentials": {...}}`) is shown as `[REDACTED]`, and a free-form property
//!   whose own name names a credential (`credentials`) is hidden whole. Every other field prints
//!   as the derive would. A newtype over a free-form object also implements
//!   `secops_runtime::redact::MaskJson`, so the structs holding it can hide it whole.
//!
//! - **Unknown fields.** A struct with a flattened `extra` map decodes it without serde's
//!   buffering (`unknown_fields.rs`).
//!
//! Integer enums accept their names in their own `Deserialize` (`open_enums.rs`).

use std::collections::BTreeSet;

use anyhow::{Context, Result, anyhow, bail};
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::{Fields, Item, Meta, Token, Type};

/// Where the runtime functions live.
const RUNTIME: &str = "::secops_runtime::tolerant";

/// What [`apply`] changed, for tests and a sanity check.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Fields that got a tolerant `deserialize_with`.
    pub fields: usize,
    /// Structs whose `Debug` now masks credentials.
    pub masked_debug: usize,
    /// Structs whose unknown fields are kept without buffering (`unknown_fields.rs`).
    pub unknown_fields: usize,
}

/// Rewrites the structs of the generated `types` module.
pub fn apply(file: &mut syn::File) -> Result<Applied> {
    let types = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(module) if module.ident == "types" => module.content.as_mut(),
            _ => None,
        })
        .ok_or_else(|| anyhow!("progenitor output has no `types` module"))?;
    let newtypes = free_form_newtypes(&types.1);
    let mut applied = Applied::default();
    let mut items = Vec::with_capacity(types.1.len());
    for mut item in std::mem::take(&mut types.1) {
        let mut debug = Vec::new();
        if let Item::Struct(item_struct) = &mut item {
            if derives(item_struct, "Deserialize") {
                applied.fields += tolerate_fields(item_struct)
                    .with_context(|| format!("struct `{}`", item_struct.ident))?;
            }
            debug = masked_debug(item_struct, &newtypes)?;
            if !debug.is_empty() {
                applied.masked_debug += 1;
            }
            if let Some(traits) = crate::unknown_fields::rewrite(item_struct)
                .with_context(|| format!("struct `{}`", item_struct.ident))?
            {
                applied.unknown_fields += 1;
                debug.push(traits);
            }
        }
        items.push(item);
        if !debug.is_empty() {
            items.extend(debug);
        }
    }
    types.1 = items;
    Ok(applied)
}

/// How a field is decoded tolerantly.
#[derive(Debug, PartialEq, Eq)]
enum Plan {
    /// `deserialize_with = <function>`, and `default` unless the field has it.
    With {
        function: &'static str,
        add_default: bool,
    },
    Unchanged,
}

/// What the `serde` attributes of a field say.
#[derive(Default)]
struct SerdeField {
    flatten: bool,
    custom: bool,
    default: bool,
    default_path: bool,
}

fn serde_field(field: &syn::Field) -> Result<SerdeField> {
    let mut found = SerdeField::default();
    for meta in serde_metas(field)? {
        let path = meta.path();
        if path.is_ident("flatten") {
            found.flatten = true;
        } else if path.is_ident("with") || path.is_ident("deserialize_with") {
            found.custom = true;
        } else if path.is_ident("default") {
            found.default = true;
            found.default_path = matches!(meta, Meta::NameValue(_));
        }
    }
    Ok(found)
}

/// Every item of every `#[serde(..)]` attribute of `field`.
fn serde_metas(field: &syn::Field) -> Result<Vec<Meta>> {
    let mut metas = Vec::new();
    for attribute in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let list = attribute
            .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
            .map_err(|e| anyhow!("cannot read `{}`: {e}", attribute.to_token_stream()))?;
        metas.extend(list);
    }
    Ok(metas)
}

fn plan(field: &syn::Field) -> Result<Plan> {
    let serde = serde_field(field)?;
    if serde.flatten || serde.custom {
        return Ok(Plan::Unchanged);
    }
    let optional = type_arg(&field.ty, "Option").is_some();
    if serde.default_path && !optional {
        bail!(
            "field `{}` has a spec default (`#[serde(default = ..)]`): tolerant.rs cannot decode \
             `null` as that default; teach it how",
            field_name(field)
        );
    }
    let with = |function, add_default| Plan::With {
        function,
        add_default,
    };
    Ok(match (integer_shape(&field.ty), optional, serde.default) {
        (true, true, default) => with("integer", !default),
        (true, false, true) => with("integer_or_null", false),
        (true, false, false) => with("integer", false),
        (false, false, true) => with("null_as_default", false),
        (false, _, _) => Plan::Unchanged,
    })
}

/// Adds the tolerant attributes to every field of `item` that needs them.
fn tolerate_fields(item: &mut syn::ItemStruct) -> Result<usize> {
    let Fields::Named(fields) = &mut item.fields else {
        return Ok(0);
    };
    let mut changed = 0;
    for field in &mut fields.named {
        let Plan::With {
            function,
            add_default,
        } = plan(field)?
        else {
            continue;
        };
        let name = field_name(field);
        let path = format!("{RUNTIME}::{function}");
        let mut added: Vec<Meta> = Vec::new();
        if add_default {
            added.push(syn::parse_quote!(default));
        }
        added.push(syn::parse_quote!(deserialize_with = #path));
        match field.attrs.iter_mut().find(|a| a.path().is_ident("serde")) {
            Some(attribute) => {
                let existing = attribute
                    .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                    .map_err(|e| anyhow!("field `{name}`: {e}"))?;
                // Before `skip_serializing_if`, so the decoding options read together.
                let mut metas: Vec<Meta> = Vec::new();
                let mut placed = false;
                for meta in existing {
                    if !placed && meta.path().is_ident("skip_serializing_if") {
                        metas.append(&mut added);
                        placed = true;
                    }
                    metas.push(meta);
                }
                metas.append(&mut added);
                *attribute = syn::parse_quote!(#[serde(#(#metas),*)]);
            }
            None => field.attrs.push(syn::parse_quote!(#[serde(#(#added),*)])),
        }
        changed += 1;
    }
    Ok(changed)
}

fn field_name(field: &syn::Field) -> String {
    field
        .ident
        .as_ref()
        .map_or_else(|| "<unnamed>".to_owned(), ToString::to_string)
}

/// The `Debug` impl (and for a newtype over a free-form object, the `MaskJson` impl) that
/// masks the free-form JSON of `item`, if it holds any and derives `Debug`. The derive is
/// removed from `item`.
fn masked_debug(item: &mut syn::ItemStruct, newtypes: &BTreeSet<String>) -> Result<Vec<Item>> {
    if !item.generics.params.is_empty() || !derives(item, "Debug") {
        return Ok(Vec::new());
    }
    let maskable = |ty: &Type| is_free_form(ty) || holds_newtype(ty, newtypes);
    if !item.fields.iter().any(|field| maskable(&field.ty)) {
        return Ok(Vec::new());
    }
    let name = item.ident.clone();
    let text = name.to_string();
    let masked = quote!(::secops_runtime::redact::Masked);
    let items = match &item.fields {
        Fields::Named(fields) => {
            let mut entries = Vec::new();
            for field in &fields.named {
                let ident = field.ident.as_ref().context("named field")?;
                let label = ident.to_string().trim_start_matches("r#").to_owned();
                let value = if serde_field(field)?.flatten {
                    quote!(&#masked::new(&self.#ident, super::SENSITIVE_FIELDS))
                } else if maskable(&field.ty) {
                    let key = json_name(field)?;
                    quote!(&#masked::field(#key, &self.#ident, super::SENSITIVE_FIELDS))
                } else {
                    quote!(&self.#ident)
                };
                entries.push(quote!(.field(#label, #value)));
            }
            quote! {
                /// Like the derived `Debug`, with the values of credential keys in free-form
                /// JSON (unknown fields in `extra`, open objects) shown as `[REDACTED]`.
                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.debug_struct(#text) #(#entries)* .finish()
                    }
                }
            }
        }
        Fields::Unnamed(fields) if fields.unnamed.len() == 1 => quote! {
            /// Like the derived `Debug`, with the values of credential keys shown as
            /// `[REDACTED]`.
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::secops_runtime::redact::MaskJson::fmt_masked(self, super::SENSITIVE_FIELDS, f)
                }
            }

            impl ::secops_runtime::redact::MaskJson for #name {
                fn fmt_masked(
                    &self,
                    sensitive_fields: &[&str],
                    f: &mut ::std::fmt::Formatter<'_>,
                ) -> ::std::fmt::Result {
                    f.debug_tuple(#text).field(&#masked::new(&self.0, sensitive_fields)).finish()
                }
            }
        },
        _ => bail!("`{text}`: a tuple struct with free-form JSON and several fields"),
    };
    remove_derive(item, "Debug")?;
    let file: syn::File = syn::parse2(items).context("masked Debug impl")?;
    Ok(file.items)
}

/// The JSON name of a field: its `#[serde(rename = "..")]`, else its identifier.
fn json_name(field: &syn::Field) -> Result<String> {
    for meta in serde_metas(field)? {
        if let Meta::NameValue(pair) = &meta
            && pair.path.is_ident("rename")
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(name),
                ..
            }) = &pair.value
        {
            return Ok(name.value());
        }
    }
    Ok(field_name(field).trim_start_matches("r#").to_owned())
}

/// The tuple structs of `items` that wrap one free-form JSON value (`pub struct
/// IngestionCredentials(pub Map<String, Value>)`) and derive `Debug`.
fn free_form_newtypes(items: &[Item]) -> BTreeSet<String> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s)
                if s.generics.params.is_empty()
                    && derives(s, "Debug")
                    && matches!(&s.fields, Fields::Unnamed(f)
                        if f.unnamed.len() == 1 && f.unnamed.iter().all(|f| is_free_form(&f.ty))) =>
            {
                Some(s.ident.to_string())
            }
            _ => None,
        })
        .collect()
}

/// Whether `ty` is one of `newtypes`, or a `Vec` / `Option` of one.
fn holds_newtype(ty: &Type, newtypes: &BTreeSet<String>) -> bool {
    if let Some(inner) = type_arg(ty, "Vec").or_else(|| type_arg(ty, "Option")) {
        return holds_newtype(inner, newtypes);
    }
    let Type::Path(path) = ty else {
        return false;
    };
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    match segments.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [name] | [.., "types", name] => newtypes.contains(name),
        _ => false,
    }
}

/// Whether `item` derives a trait whose path ends in `name`.
pub(crate) fn derives(item: &syn::ItemStruct, name: &str) -> bool {
    derive_paths(&item.attrs)
        .iter()
        .any(|path| path.segments.last().is_some_and(|s| s.ident == name))
}

fn derive_paths(attrs: &[syn::Attribute]) -> Vec<syn::Path> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .filter_map(|a| {
            a.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .collect()
}

fn remove_derive(item: &mut syn::ItemStruct, name: &str) -> Result<()> {
    for attribute in item
        .attrs
        .iter_mut()
        .filter(|a| a.path().is_ident("derive"))
    {
        let paths = attribute
            .parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
            .map_err(|e| anyhow!("cannot read `{}`: {e}", attribute.to_token_stream()))?;
        let kept: Vec<&syn::Path> = paths
            .iter()
            .filter(|path| path.segments.last().is_none_or(|s| s.ident != name))
            .collect();
        *attribute = syn::parse_quote!(#[derive(#(#kept),*)]);
    }
    Ok(())
}

/// The one type argument of `ty` when its last path segment is `name` (`Option<T>` -> `T`).
fn type_arg<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|arg| match arg {
        syn::GenericArgument::Type(ty) => Some(ty),
        _ => None,
    });
    let first = types.next()?;
    types.next().is_none().then_some(first)
}

/// The integer types the runtime converts to (`secops_runtime::tolerant::Integer`).
const INTEGERS: &[&str] = &[
    "i8",
    "i16",
    "i32",
    "i64",
    "u8",
    "u16",
    "u32",
    "u64",
    "NonZeroI32",
    "NonZeroI64",
    "NonZeroU32",
    "NonZeroU64",
];

/// `i64`, `u32`, `::std::num::NonZeroU64`, ...
fn is_integer(ty: &Type) -> bool {
    let Type::Path(path) = ty else {
        return false;
    };
    if path.qself.is_some() {
        return false;
    }
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let plain = path.path.segments.iter().all(|s| s.arguments.is_none());
    let Some(last) = segments.last() else {
        return false;
    };
    plain
        && INTEGERS.contains(&last.as_str())
        && (segments.len() == 1
            || (last.starts_with("NonZero") && segments[..segments.len() - 1] == ["std", "num"]))
}

/// The shapes `secops_runtime::tolerant::Integers` covers: `I`, `Option<I>`, `Vec<I>`,
/// `Option<Vec<I>>`.
fn integer_shape(ty: &Type) -> bool {
    let list = |ty: &Type| type_arg(ty, "Vec").is_some_and(is_integer);
    is_integer(ty)
        || list(ty)
        || type_arg(ty, "Option").is_some_and(|inner| is_integer(inner) || list(inner))
}

/// `serde_json::Value`, `serde_json::Map<..>`, `secops_runtime::RawJson`, or a `Vec` /
/// `Option` of one.
fn is_free_form(ty: &Type) -> bool {
    if let Some(inner) = type_arg(ty, "Vec").or_else(|| type_arg(ty, "Option")) {
        return is_free_form(inner);
    }
    let Type::Path(path) = ty else {
        return false;
    };
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    matches!(
        segments.iter().map(String::as_str).collect::<Vec<_>>()[..],
        [.., "serde_json", "Value" | "Map"] | [.., "secops_runtime", "RawJson"]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated() -> syn::File {
        syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
                pub struct Issue {
                    #[serde(default, skip_serializing_if = "::serde_json::Map::is_empty")]
                    pub assignee: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                    pub id: ::std::option::Option<i64>,
                    #[serde(rename = "sourceId", skip_serializing_if = "::std::option::Option::is_none")]
                    pub source_id: ::std::option::Option<::std::string::String>,
                    #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                    pub tags: ::std::vec::Vec<::std::string::String>,
                    #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                    pub ports: ::std::vec::Vec<u16>,
                    pub count: i64,
                    pub name: ::std::string::String,
                    #[serde(rename = "type")]
                    pub type_: ::std::option::Option<::std::num::NonZeroU64>,
                    pub status: ::std::option::Option<crate::generated::types::EnumStatus>,
                    #[serde(flatten)]
                    pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
                #[serde(transparent)]
                pub struct Credentials(pub ::serde_json::Map<::std::string::String, ::serde_json::Value>);
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
                pub struct Integration {
                    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                    pub credentials: ::std::option::Option<Credentials>,
                    #[serde(rename = "displayName", skip_serializing_if = "::std::option::Option::is_none")]
                    pub display_name: ::std::option::Option<::std::string::String>,
                }
                #[derive(Clone, Copy, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct EnumStatus(pub i64);
                pub mod builder {
                    #[derive(Clone, Debug)]
                    pub struct Issue {
                        id: ::std::result::Result<::std::option::Option<i64>, ::std::string::String>,
                    }
                }
            }
        }
    }

    fn field_attrs(file: &syn::File, name: &str) -> String {
        let Item::Mod(types) = &file.items[0] else {
            panic!("types module")
        };
        let item = types
            .content
            .as_ref()
            .unwrap()
            .1
            .iter()
            .find_map(|item| match item {
                Item::Struct(s) if s.ident == "Issue" => Some(s),
                _ => None,
            });
        let field = item
            .unwrap()
            .fields
            .iter()
            .find(|f| f.ident.as_ref().is_some_and(|i| i == name))
            .unwrap();
        field
            .attrs
            .iter()
            .map(|a| a.to_token_stream().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn fields_get_the_tolerant_deserializer_their_shape_needs() {
        let mut file = generated();
        let applied = apply(&mut file).unwrap();
        assert_eq!(
            applied,
            Applied {
                fields: 6,
                masked_debug: 3,
                unknown_fields: 1
            }
        );
        let attrs = |name| field_attrs(&file, name);
        assert_eq!(
            attrs("assignee"),
            "# [serde (default , deserialize_with = \"::secops_runtime::tolerant::null_as_default\" , skip_serializing_if = \"::serde_json::Map::is_empty\")]"
        );
        assert_eq!(
            attrs("id"),
            "# [serde (default , deserialize_with = \"::secops_runtime::tolerant::integer\" , skip_serializing_if = \"::std::option::Option::is_none\")]"
        );
        assert_eq!(
            attrs("source_id"),
            "# [serde (rename = \"sourceId\" , skip_serializing_if = \"::std::option::Option::is_none\")]",
            "an Option of a string already takes null"
        );
        assert!(
            attrs("tags")
                .contains("deserialize_with = \"::secops_runtime::tolerant::null_as_default\"")
        );
        assert!(
            attrs("ports")
                .contains("deserialize_with = \"::secops_runtime::tolerant::integer_or_null\"")
        );
        assert_eq!(
            attrs("count"),
            "# [serde (deserialize_with = \"::secops_runtime::tolerant::integer\")]",
            "a required integer is tolerant but gets no default"
        );
        assert_eq!(attrs("name"), "", "a required string is left alone");
        assert_eq!(
            attrs("type_"),
            "# [serde (rename = \"type\" , default , deserialize_with = \"::secops_runtime::tolerant::integer\")]"
        );
        assert_eq!(
            attrs("status"),
            "",
            "open enums decode tolerantly themselves"
        );
        assert_eq!(
            attrs("extra"),
            "# [serde (flatten , skip_deserializing)]",
            "unknown fields are kept by keep_unknown_fields! (unknown_fields.rs)"
        );
    }

    #[test]
    fn debug_masks_free_form_fields_and_keeps_the_rest() {
        let mut file = generated();
        apply(&mut file).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains("# [derive (:: serde :: Deserialize , :: serde :: Serialize , Clone , PartialEq)] # [serde (remote = \"Self\")] pub struct Issue"),
            "{text}"
        );
        assert!(text.contains(":: secops_runtime :: keep_unknown_fields ! (Issue) ;"));
        assert!(text.contains("impl :: std :: fmt :: Debug for Issue"));
        assert!(text.contains(". field (\"id\" , & self . id)"), "{text}");
        assert!(
            text.contains(". field (\"type_\" , & self . type_)"),
            "{text}"
        );
        assert!(text.contains(
            ". field (\"extra\" , & :: secops_runtime :: redact :: Masked :: new (& self . extra , super :: SENSITIVE_FIELDS))"
        ));
        assert!(text.contains(
            ". field (\"assignee\" , & :: secops_runtime :: redact :: Masked :: field (\"assignee\" , & self . assignee , super :: SENSITIVE_FIELDS))"
        ));
        assert!(text.contains("impl :: secops_runtime :: redact :: MaskJson for Credentials"));
        assert!(text.contains(
            "f . debug_tuple (\"Credentials\") . field (& :: secops_runtime :: redact :: Masked :: new (& self . 0 , sensitive_fields)) . finish ()"
        ));
        assert!(text.contains(
            ". field (\"credentials\" , & :: secops_runtime :: redact :: Masked :: field (\"credentials\" , & self . credentials , super :: SENSITIVE_FIELDS))"
        ), "a property holding a free-form newtype can be hidden whole: {text}");
        assert!(text.contains(". field (\"display_name\" , & self . display_name)"));
        assert!(
            text.contains("# [derive (Clone , Copy , Debug , PartialEq"),
            "a struct without free-form JSON keeps its derive"
        );
        assert!(
            text.contains("# [derive (Clone , Debug)] pub struct Issue"),
            "builders are left alone"
        );
    }

    #[test]
    fn a_second_run_changes_nothing_more_than_the_first() {
        let mut once = generated();
        apply(&mut once).unwrap();
        let mut twice = once.clone();
        let applied = apply(&mut twice).unwrap();
        assert_eq!(
            applied,
            Applied::default(),
            "fields with a deserializer are skipped"
        );
        assert_eq!(
            once.to_token_stream().to_string(),
            twice.to_token_stream().to_string()
        );
    }

    #[test]
    fn a_spec_default_stops_generation() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, Debug)]
                pub struct Settings {
                    #[serde(default = "defaults::settings_mode")]
                    pub mode: ::std::string::String,
                }
            }
        };
        let error = format!("{:#}", apply(&mut file).unwrap_err());
        assert!(
            error.contains("struct `Settings`") && error.contains("field `mode`"),
            "{error}"
        );
    }

    #[test]
    fn types_are_classified() {
        let ty = |text: &str| syn::parse_str::<Type>(text).unwrap();
        assert!(integer_shape(&ty("i64")));
        assert!(integer_shape(&ty("::std::option::Option<u32>")));
        assert!(integer_shape(&ty("::std::vec::Vec<i64>")));
        assert!(integer_shape(&ty("Option<Vec<i8>>")));
        assert!(integer_shape(&ty("::std::num::NonZeroU64")));
        assert!(!integer_shape(&ty("crate::generated::types::EnumStatus")));
        assert!(!integer_shape(&ty("Option<f64>")));
        assert!(!integer_shape(&ty("Vec<Vec<i64>>")));
        assert!(!integer_shape(&ty("other::i64")));
        assert!(is_free_form(&ty("::serde_json::Value")));
        assert!(is_free_form(&ty(
            "::std::option::Option<::serde_json::Map<::std::string::String, ::serde_json::Value>>"
        )));
        assert!(is_free_form(&ty("::std::vec::Vec<::serde_json::Value>")));
        assert!(is_free_form(&ty(
            "::std::option::Option<::secops_runtime::RawJson>"
        )));
        assert!(is_free_form(&ty(
            "::std::vec::Vec<::secops_runtime::RawJson>"
        )));
        assert!(!is_free_form(&ty("::std::vec::Vec<Issue>")));
        assert!(!is_free_form(&ty("Value")));
    }
}
