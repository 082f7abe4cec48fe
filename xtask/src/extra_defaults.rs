//! Builders start the flattened `extra` map empty.
//!
//! typify's struct builders treat the flattened `extra` map (fields the spec does not list,
//! see `adjust.rs`) as a required field: their `Default` sets it to
//! `Err("no value supplied for extra")`, so every request body built with `body_map(|b| ...)`
//! or `X::builder()` would fail at `send()` unless the caller also set `.extra(..)`. An absent
//! `extra` means "no unknown fields", so the builders start it as an empty map.

use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};

/// Rewrites every builder default of `extra` in `file`.
pub fn start_empty(file: &mut syn::File) {
    EmptyExtra.visit_file_mut(file);
}

struct EmptyExtra;

impl VisitMut for EmptyExtra {
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        let is_extra = matches!(&field.member, syn::Member::Named(name) if name == "extra");
        if is_extra
            && field
                .expr
                .to_token_stream()
                .to_string()
                .contains("no value supplied for extra")
        {
            field.expr = syn::parse_quote!(Ok(Default::default()));
        }
        visit_mut::visit_field_value_mut(self, field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_default_of_extra_becomes_an_empty_map() {
        let mut file: syn::File = syn::parse_quote! {
            impl Default for Body {
                fn default() -> Self {
                    Self {
                        name: Err("no value supplied for name".to_string()),
                        extra: Err("no value supplied for extra".to_string()),
                    }
                }
            }
        };
        start_empty(&mut file);
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains("extra : Ok (Default :: default ())"),
            "{text}"
        );
        assert!(
            text.contains("no value supplied for name"),
            "other fields stay required"
        );
    }
}
