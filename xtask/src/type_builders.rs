//! typify's per-type builders behind the client crate's `type-builders` cargo feature.
//!
//! progenitor's builder interface makes typify write a builder for every type
//! (`types::builder::X`, with `X::builder()`, `From<X>` and `TryFrom<builder::X>`): about a fifth
//! of a client's code, compiled by every program that depends on the client whether it builds
//! request bodies field by field or not. This pass puts them behind a feature:
//!
//! - `types::builder` and each `X::builder()` get `#[cfg(feature = "type-builders")]`;
//! - an operation builder whose body is a type builder keeps it in that form with the feature
//!   (`body_map(|b| b.name(..))` works as before) and holds the finished type without it:
//!   `body(...)` works either way, `body_map` only with the feature. Without the feature a body
//!   starts as its type's `Default` when it has one, otherwise unset (`send()` then fails with
//!   "body was not initialized" instead of naming the first missing field).

use anyhow::{Result, anyhow};
use quote::ToTokens;
use syn::{Fields, ImplItem, Item, Type};

/// The cargo feature every client crate declares (default on) for the type builders.
pub const FEATURE: &str = "type-builders";

/// Gates the type builders and everything that names them in `file`.
pub fn gate(file: &mut syn::File) -> Result<()> {
    let on: syn::Attribute = syn::parse_quote!(#[cfg(feature = #FEATURE)]);
    let off: syn::Attribute = syn::parse_quote!(#[cfg(not(feature = #FEATURE))]);

    let types = module_mut(&mut file.items, "types")
        .ok_or_else(|| anyhow!("progenitor output has no `types` module"))?;
    let mut with_default = std::collections::BTreeSet::new();
    for item in types.iter_mut() {
        match item {
            Item::Mod(module) if module.ident == "builder" => module.attrs.push(on.clone()),
            Item::Impl(block) if block.trait_.is_none() => {
                for member in &mut block.items {
                    if let ImplItem::Fn(method) = member
                        && method.sig.ident == "builder"
                    {
                        method.attrs.push(on.clone());
                    }
                }
            }
            Item::Impl(block) => {
                let is_default = block.trait_.as_ref().is_some_and(|(path, _)| {
                    path.segments.last().is_some_and(|s| s.ident == "Default")
                });
                if is_default && let Type::Path(self_ty) = &*block.self_ty {
                    with_default.insert(self_ty.path.to_token_stream().to_string());
                }
            }
            _ => {}
        }
    }

    let Some(operations) = module_mut(&mut file.items, "builder") else {
        return Ok(());
    };
    let mut gated = std::collections::BTreeSet::new();
    for item in operations.iter_mut() {
        let Item::Struct(operation) = item else {
            continue;
        };
        let Fields::Named(fields) = &mut operation.fields else {
            continue;
        };
        let mut finished = Vec::new();
        for (index, field) in fields.named.iter_mut().enumerate() {
            if field.ident.as_ref().is_some_and(|i| i == "body")
                && let Some(body) = built_type(&field.ty)
            {
                let mut plain = field.clone();
                plain.ty = syn::parse_quote!(Result<types::#body, String>);
                plain.attrs.push(off.clone());
                field.attrs.push(on.clone());
                finished.push((index + 1, plain));
                gated.insert((operation.ident.to_string(), body.to_string()));
            }
        }
        for (at, plain) in finished.into_iter().rev() {
            fields.named.insert(at, plain);
        }
    }
    for item in operations.iter_mut() {
        let Item::Impl(block) = item else { continue };
        let Type::Path(self_ty) = &*block.self_ty else {
            continue;
        };
        let Some(name) = self_ty.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        let Some((_, body)) = gated.iter().find(|(operation, _)| *operation == name) else {
            continue;
        };
        let starts_default = with_default.contains(body);
        for member in &mut block.items {
            let ImplItem::Fn(method) = member else {
                continue;
            };
            if method.sig.ident == "body_map" {
                method.attrs.push(on.clone());
            } else if method.sig.ident == "new" && !starts_default {
                unset_body_without_builders(&mut method.block, &on, &off);
            }
        }
    }
    Ok(())
}

/// The items of the top-level module `name`.
fn module_mut<'a>(items: &'a mut [Item], name: &str) -> Option<&'a mut Vec<Item>> {
    items.iter_mut().find_map(|item| match item {
        Item::Mod(module) if module.ident == name => module.content.as_mut().map(|(_, i)| i),
        _ => None,
    })
}

/// `X` of `Result<types::builder::X, String>`.
fn built_type(ty: &Type) -> Option<syn::Ident> {
    let Type::Path(path) = ty else { return None };
    let result = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(arguments) = &result.arguments else {
        return None;
    };
    let Some(syn::GenericArgument::Type(Type::Path(inner))) = arguments.args.first() else {
        return None;
    };
    let names: Vec<String> = inner
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    match names.as_slice() {
        [types, builder, _] if types == "types" && builder == "builder" => {
            inner.path.segments.last().map(|s| s.ident.clone())
        }
        _ => None,
    }
}

/// In `new()`'s `Self { .., body: Ok(Default::default()) }`: the same with the feature, unset
/// without it (the finished type has no `Default`).
fn unset_body_without_builders(block: &mut syn::Block, on: &syn::Attribute, off: &syn::Attribute) {
    struct Unset<'a> {
        on: &'a syn::Attribute,
        off: &'a syn::Attribute,
    }
    impl syn::visit_mut::VisitMut for Unset<'_> {
        fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
            let mut at = None;
            for (index, field) in expr.fields.iter_mut().enumerate() {
                if matches!(&field.member, syn::Member::Named(name) if name == "body") {
                    field.attrs.push(self.on.clone());
                    at = Some(index + 1);
                }
            }
            if let Some(at) = at {
                let mut unset: syn::FieldValue =
                    syn::parse_quote!(body: Err("body was not initialized".to_string()));
                unset.attrs.push(self.off.clone());
                expr.fields.insert(at, unset);
            }
        }
    }
    syn::visit_mut::VisitMut::visit_block_mut(&mut Unset { on, off }, block);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> syn::File {
        syn::parse_quote! {
            pub mod types {
                pub struct Thing { pub name: String }
                impl Thing {
                    pub fn builder() -> builder::Thing { Default::default() }
                }
                pub struct Note { pub text: Option<String> }
                impl ::std::default::Default for Note {
                    fn default() -> Self { Self { text: None } }
                }
                pub mod builder {
                    pub struct Thing { name: Result<String, String> }
                }
            }
            pub mod builder {
                pub struct CreateThing<'a> {
                    client: &'a super::Client,
                    body: Result<types::builder::Thing, String>,
                }
                impl<'a> CreateThing<'a> {
                    pub fn new(client: &'a super::Client) -> Self {
                        Self { client: client, body: Ok(::std::default::Default::default()) }
                    }
                    pub fn body_map<F>(mut self, f: F) -> Self { self }
                }
                pub struct CreateNote<'a> {
                    client: &'a super::Client,
                    body: Result<types::builder::Note, String>,
                }
                impl<'a> CreateNote<'a> {
                    pub fn new(client: &'a super::Client) -> Self {
                        Self { client: client, body: Ok(::std::default::Default::default()) }
                    }
                }
            }
        }
    }

    #[test]
    fn builders_and_what_names_them_are_gated() {
        let mut file = client();
        gate(&mut file).unwrap();
        let text = prettyplease::unparse(&file);
        let on = "#[cfg(feature = \"type-builders\")]";
        let off = "#[cfg(not(feature = \"type-builders\"))]";
        assert!(
            text.contains(&format!("{on}\n    pub mod builder")),
            "{text}"
        );
        assert!(
            text.contains(&format!("{on}\n        pub fn builder()")),
            "{text}"
        );
        assert!(
            text.contains(&format!("{on}\n        pub fn body_map")),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "{off}\n        body: Result<types::Thing, String>"
            )),
            "{text}"
        );
        assert!(
            text.contains(&format!("{off}\n        body: Result<types::Note, String>")),
            "{text}"
        );
        // No `Default` for `Thing`: unset without the builders; `Note` starts as its default.
        assert_eq!(
            text.matches("body was not initialized").count(),
            1,
            "{text}"
        );
    }

    #[test]
    fn a_file_without_operations_is_left_alone() {
        let mut file: syn::File = syn::parse_quote! { pub mod types { pub struct A; } };
        gate(&mut file).unwrap();
        assert!(!prettyplease::unparse(&file).contains("cfg"));
    }
}
