//! Doc comments in the generated code: one `///` line per line, and no accidental doctests.
//!
//! progenitor emits each description as a single `#[doc = "..."]` attribute. prettyplease prints
//! a multi-line one as an indented `/** ... */` block, where rustdoc reads the indented lines as
//! a code block and runs it as a doctest. Splitting the attribute into one per line gives plain
//! `///` comments. Fenced code blocks without a language (the vendors' curl examples) are marked
//! `text` so rustdoc does not compile them as Rust.

use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Expr, ExprLit, Lit, Meta, parse_quote};

/// Rewrites every doc attribute in `file`.
pub fn normalize(file: &mut syn::File) {
    Normalizer.visit_file_mut(file);
}

struct Normalizer;

impl VisitMut for Normalizer {
    fn visit_file_mut(&mut self, node: &mut syn::File) {
        split_docs(&mut node.attrs);
        visit_mut::visit_file_mut(self, node);
    }

    fn visit_item_mut(&mut self, node: &mut syn::Item) {
        if let Some(attrs) = item_attrs(node) {
            split_docs(attrs);
        }
        visit_mut::visit_item_mut(self, node);
    }

    fn visit_field_mut(&mut self, node: &mut syn::Field) {
        split_docs(&mut node.attrs);
        visit_mut::visit_field_mut(self, node);
    }

    fn visit_variant_mut(&mut self, node: &mut syn::Variant) {
        split_docs(&mut node.attrs);
        visit_mut::visit_variant_mut(self, node);
    }

    fn visit_impl_item_fn_mut(&mut self, node: &mut syn::ImplItemFn) {
        split_docs(&mut node.attrs);
        visit_mut::visit_impl_item_fn_mut(self, node);
    }

    fn visit_impl_item_const_mut(&mut self, node: &mut syn::ImplItemConst) {
        split_docs(&mut node.attrs);
        visit_mut::visit_impl_item_const_mut(self, node);
    }

    fn visit_trait_item_fn_mut(&mut self, node: &mut syn::TraitItemFn) {
        split_docs(&mut node.attrs);
        visit_mut::visit_trait_item_fn_mut(self, node);
    }
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<Attribute>> {
    match item {
        syn::Item::Const(i) => Some(&mut i.attrs),
        syn::Item::Enum(i) => Some(&mut i.attrs),
        syn::Item::Fn(i) => Some(&mut i.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        syn::Item::Mod(i) => Some(&mut i.attrs),
        syn::Item::Static(i) => Some(&mut i.attrs),
        syn::Item::Struct(i) => Some(&mut i.attrs),
        syn::Item::Trait(i) => Some(&mut i.attrs),
        syn::Item::Type(i) => Some(&mut i.attrs),
        syn::Item::Union(i) => Some(&mut i.attrs),
        syn::Item::Use(i) => Some(&mut i.attrs),
        _ => None,
    }
}

/// The text of a `#[doc = "..."]` attribute.
fn doc_text(attr: &Attribute) -> Option<String> {
    match &attr.meta {
        Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
            Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

fn split_docs(attrs: &mut Vec<Attribute>) {
    if !attrs.iter().any(|a| doc_text(a).is_some()) {
        return;
    }
    let mut out = Vec::with_capacity(attrs.len());
    let mut in_fence = false;
    for attr in attrs.drain(..) {
        let Some(text) = doc_text(&attr) else {
            out.push(attr);
            continue;
        };
        for line in text.lines() {
            let line = line.trim_end();
            let fixed = fence_line(line, &mut in_fence);
            // A leading space keeps `/// text` readable (`///` comments written in xtask already
            // have one); an empty line stays empty.
            let value = if fixed.is_empty() || fixed.starts_with(' ') {
                fixed
            } else {
                format!(" {fixed}")
            };
            out.push(parse_quote!(#[doc = #value]));
        }
        if text.is_empty() {
            out.push(parse_quote!(#[doc = ""]));
        }
    }
    if in_fence {
        out.push(parse_quote!(#[doc = " ```"]));
    }
    *attrs = out;
}

/// Marks an opening fence without a language as `text`; tracks whether we are inside a fence.
fn fence_line(line: &str, in_fence: &mut bool) -> String {
    let trimmed = line.trim_start();
    if let Some(lang) = trimmed.strip_prefix("```") {
        if *in_fence {
            *in_fence = false;
        } else {
            *in_fence = true;
            if lang.trim().is_empty() {
                return format!("{line}text");
            }
        }
    }
    line.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_docs_become_one_attribute_per_line() {
        let mut attrs: Vec<Attribute> =
            vec![parse_quote!(#[doc = "Title\n\n    indented\n```\ncurl x\n```"])];
        split_docs(&mut attrs);
        let lines: Vec<String> = attrs.iter().filter_map(doc_text).collect();
        assert_eq!(
            lines,
            [" Title", "", "    indented", " ```text", " curl x", " ```"]
        );
    }
}
