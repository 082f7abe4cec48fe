//! The generated `Client::new` installs the rustls crypto provider before it builds its
//! `reqwest::Client`.
//!
//! With the client crates' default `rustls` feature, reqwest has no crypto provider of its own
//! and panics when a client is built before one is installed (see secops-runtime's `tls`).

use anyhow::{Result, bail};
use syn::{ImplItem, Item};

/// Puts `::secops_runtime::tls::install_default_provider();` first in `Client::new`.
pub fn install_in_new(file: &mut syn::File) -> Result<()> {
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
                method.block.stmts.insert(
                    0,
                    syn::parse_quote!(::secops_runtime::tls::install_default_provider();),
                );
                return Ok(());
            }
        }
    }
    bail!("progenitor output has no `Client::new`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_installs_the_provider_first() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub fn new(baseurl: &str) -> Self { let client = 1; Self::with(client) }
                pub fn baseurl(&self) -> &str { "" }
            }
        };
        install_in_new(&mut file).unwrap();
        let text = prettyplease::unparse(&file);
        assert!(
            text.contains("Self {\n        ::secops_runtime::tls::install_default_provider();\n        let client"),
            "{text}"
        );
        assert_eq!(text.matches("install_default_provider").count(), 1);
    }

    #[test]
    fn a_file_without_client_new_is_refused() {
        let mut file: syn::File = syn::parse_quote! { impl Client {} };
        assert!(install_in_new(&mut file).is_err());
    }
}
