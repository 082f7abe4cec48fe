//! The generated `Client::new` starts its `reqwest::Client` from
//! `secops_runtime::tls::client_builder()` instead of `reqwest::ClientBuilder::new()`.
//!
//! With the client crates' default `rustls` feature, reqwest has no crypto provider of its own:
//! a plain `ClientBuilder::new()` panics when built unless a process-wide provider is
//! installed. `client_builder()` configures rustls with ring on the builder itself (see
//! secops-runtime's `tls`).

use anyhow::{Result, bail};
use syn::visit_mut::VisitMut;
use syn::{Expr, ImplItem, Item};

/// Replaces each `reqwest::ClientBuilder::new()` in `Client::new` (progenitor writes one per
/// target: native and wasm32).
pub fn use_in_new(file: &mut syn::File) -> Result<()> {
    for item in &mut file.items {
        let Item::Impl(block) = item else { continue };
        let is_client = block.trait_.is_none()
            && matches!(&*block.self_ty, syn::Type::Path(path) if path.path.is_ident("Client"));
        if !is_client {
            continue;
        }
        for member in &mut block.items {
            if let ImplItem::Fn(method) = member
                && method.sig.ident == "new"
            {
                let mut replace = ReplaceBuilderNew { replaced: 0 };
                replace.visit_block_mut(&mut method.block);
                if replace.replaced == 0 {
                    bail!("`Client::new` no longer calls `reqwest::ClientBuilder::new()`");
                }
                return Ok(());
            }
        }
    }
    bail!("progenitor output has no `Client::new`")
}

struct ReplaceBuilderNew {
    replaced: usize,
}

impl VisitMut for ReplaceBuilderNew {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Call(call) = expr
            && call.args.is_empty()
            && let Expr::Path(path) = &*call.func
            && path.qself.is_none()
            && path_is(&path.path, &["reqwest", "ClientBuilder", "new"])
        {
            *expr = syn::parse_quote!(::secops_runtime::tls::client_builder());
            self.replaced += 1;
            return;
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
}

fn path_is(path: &syn::Path, names: &[&str]) -> bool {
    path.segments.len() == names.len()
        && path
            .segments
            .iter()
            .zip(names)
            .all(|(segment, name)| segment.ident == name && segment.arguments.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_starts_from_the_runtime_builder() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub fn new(baseurl: &str) -> Self {
                    #[cfg(not(target_arch = "wasm32"))]
                    let client = {
                        let dur = std::time::Duration::from_secs(15);
                        reqwest::ClientBuilder::new().connect_timeout(dur).timeout(dur)
                    };
                    #[cfg(target_arch = "wasm32")]
                    let client = reqwest::ClientBuilder::new();
                    Self::new_with_client(baseurl, client.build().unwrap())
                }
                pub fn baseurl(&self) -> &str { reqwest::ClientBuilder::new(); "" }
            }
        };
        use_in_new(&mut file).unwrap();
        let text = prettyplease::unparse(&file);
        assert_eq!(
            text.matches("::secops_runtime::tls::client_builder()")
                .count(),
            2,
            "{text}"
        );
        assert!(
            text.contains("::secops_runtime::tls::client_builder().connect_timeout(dur)"),
            "{text}"
        );
        // Only `Client::new` is rewritten.
        assert_eq!(
            text.matches("reqwest::ClientBuilder::new()").count(),
            1,
            "{text}"
        );
    }

    #[test]
    fn a_file_without_client_new_or_its_builder_is_refused() {
        let mut file: syn::File = syn::parse_quote! { impl Client {} };
        assert!(use_in_new(&mut file).is_err());
        let mut file: syn::File = syn::parse_quote! {
            impl Client { pub fn new(baseurl: &str) -> Self { Self::with(baseurl) } }
        };
        assert!(use_in_new(&mut file).is_err());
    }
}
