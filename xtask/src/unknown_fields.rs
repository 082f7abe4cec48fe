//! Unknown fields decoded without buffering: the `extra` maps of the generated structs.
//!
//! progenitor keeps the fields a spec does not list in `#[serde(flatten)] extra`. A flattened
//! field makes serde's derive copy the whole object into its buffer type before decoding any
//! field (an allocation for every key, string, nested map and list), and a
//! `secops_runtime::RawJson` field cannot take its text from that buffer. A struct that derives
//! both `Deserialize` and `Serialize` and has such an `extra` map is rewritten:
//!
//! - `#[serde(remote = "Self")]`: the derives become inherent functions;
//! - `extra` becomes `#[serde(flatten, skip_deserializing)]`: serialization writes it as before,
//!   decoding no longer buffers;
//! - `::secops_runtime::keep_unknown_fields!(Name);` implements both traits, decoding through
//!   `secops_runtime::unknown_fields::deserialize`, which hands every key the struct does not
//!   name to `extra` as it passes.
//!
//! What is sent does not change: `Serialize` is the derived one.

use anyhow::{Result, anyhow};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{Fields, Item, Meta, Token};

/// Rewrites `item` when it keeps unknown fields in a flattened `extra`; returns the item that
/// implements its traits, to be placed after it.
pub fn rewrite(item: &mut syn::ItemStruct) -> Result<Option<Item>> {
    if !item.generics.params.is_empty()
        || !crate::tolerant::derives(item, "Deserialize")
        || !crate::tolerant::derives(item, "Serialize")
    {
        return Ok(None);
    }
    let Fields::Named(fields) = &mut item.fields else {
        return Ok(None);
    };
    let Some(extra) = fields
        .named
        .iter_mut()
        .find(|field| field.ident.as_ref().is_some_and(|ident| ident == "extra"))
    else {
        return Ok(None);
    };
    let Some(attribute) = extra
        .attrs
        .iter_mut()
        .find(|attribute| attribute.path().is_ident("serde"))
    else {
        return Ok(None);
    };
    let metas = attribute
        .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        .map_err(|e| anyhow!("cannot read `{}`: {e}", attribute.to_token_stream()))?;
    let is_flat = |meta: &Meta| meta.path().is_ident("flatten");
    if metas.len() != 1 || !metas.iter().all(is_flat) {
        return Ok(None);
    }
    *attribute = syn::parse_quote!(#[serde(flatten, skip_deserializing)]);
    item.attrs
        .push(syn::parse_quote!(#[serde(remote = "Self")]));
    let name = &item.ident;
    Ok(Some(
        syn::parse_quote!(::secops_runtime::keep_unknown_fields!(#name);),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattened_extra_is_skipped_when_decoding_and_kept_by_the_macro() {
        let mut item: syn::ItemStruct = syn::parse_quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            pub struct Issue {
                #[serde(default)]
                pub id: Option<i64>,
                #[serde(flatten)]
                pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            }
        };
        let added = rewrite(&mut item).unwrap().expect("a macro call");
        let text = item.to_token_stream().to_string();
        assert!(text.contains("# [serde (remote = \"Self\")]"), "{text}");
        assert!(
            text.contains("# [serde (flatten , skip_deserializing)]"),
            "{text}"
        );
        assert_eq!(
            added.to_token_stream().to_string(),
            ":: secops_runtime :: keep_unknown_fields ! (Issue) ;"
        );
    }

    #[test]
    fn structs_without_a_flattened_extra_or_a_derive_stay() {
        let mut plain: syn::ItemStruct = syn::parse_quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize)]
            pub struct Plain { pub id: Option<i64> }
        };
        assert!(rewrite(&mut plain).unwrap().is_none());
        let mut one_way: syn::ItemStruct = syn::parse_quote! {
            #[derive(::serde::Deserialize)]
            pub struct OneWay {
                #[serde(flatten)]
                pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            }
        };
        assert!(rewrite(&mut one_way).unwrap().is_none());
    }
}
