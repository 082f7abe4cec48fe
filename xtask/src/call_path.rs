//! Routes every generated operation through `secops_runtime::call`.
//!
//! progenitor's `send()` builds the request, then calls three hooks (`pre`, `exec`, `post`) and
//! decodes with `progenitor_client`, whose `Error` loses the operation, and the status of a
//! body that does not decode. This pass rewrites each `send()` so that, after building the
//! request exactly as progenitor does:
//!
//! - it is sent once through `secops_runtime::call::send` (the installed `Transport`: one
//!   crossing, typed errors);
//! - the body is decoded by `call::decode` / `call::error_response` / `call::unexpected`, which
//!   keep the operation and the status and mask secrets in body excerpts;
//! - every failure is a `secops_runtime::Error` (re-exported as the crate's `Error`).
//!
//! Paged operations (those with `x-pagination`) also get `send_page()`: the same request,
//! returning the raw response for `secops_runtime::paging::decode_page`, which decodes item by
//! item. The pass fails loudly when progenitor's output has a shape it does not know.

use std::collections::BTreeSet;

use anyhow::{Context, Result, anyhow, bail};
use quote::{ToTokens, quote};
use serde_json::Value;
use syn::visit_mut::VisitMut;
use syn::{Expr, ImplItem, Item, ReturnType, Stmt};

/// Rewrites `file` in place; `paged` names the builders (`ListIssues`) that get `send_page`.
/// `request_id_header` is the spec's request-id header (`crate::request_id`), if any.
pub fn rewrite(
    file: &mut syn::File,
    paged: &BTreeSet<String>,
    sensitive: &[String],
    request_id_header: Option<&str>,
) -> Result<()> {
    reexport_runtime_error(file)?;
    // progenitor asserts that `Client: ClientHooks`; the hooks are no longer called.
    file.items.retain(|item| {
        !matches!(item, Item::Const(constant)
            if constant.ident == "_" && constant.to_token_stream().to_string().contains("ClientHooks"))
    });
    let names = sensitive.iter();
    file.items.push(syn::parse2(quote! {
        /// The JSON names of the fields this API's spec marks `x-sensitive` (credentials).
        /// Their values are masked in the body excerpts that errors keep.
        pub const SENSITIVE_FIELDS: &[&str] = &[#(#names),*];
    })?);
    let request_id = match request_id_header {
        Some(name) => quote!(::std::option::Option::Some(#name)),
        None => quote!(::std::option::Option::None),
    };
    file.items.push(syn::parse2(quote! {
        /// The response header that carries the vendor's id of each request (the header the
        /// spec marks `x-request-id`), if the spec declares one. Every error of a call that got
        /// a response keeps its value (`Error::request_id`).
        pub const REQUEST_ID_HEADER: ::std::option::Option<&str> = #request_id;
    })?);

    let builder = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(module) if module.ident == "builder" => module.content.as_mut(),
            _ => None,
        })
        .ok_or_else(|| anyhow!("progenitor output has no `builder` module"))?;
    let mut sends = 0;
    for item in &mut builder.1 {
        let Item::Impl(block) = item else { continue };
        let builder_name = block
            .self_ty
            .to_token_stream()
            .to_string()
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        let mut added = Vec::new();
        for member in &mut block.items {
            let ImplItem::Fn(method) = member else {
                continue;
            };
            if method.sig.ident != "send" {
                continue;
            }
            rewrite_send(method).with_context(|| format!("`builder::{builder_name}::send`"))?;
            sends += 1;
            if paged.contains(&builder_name) {
                added.push(ImplItem::Fn(
                    send_page(method).with_context(|| format!("`builder::{builder_name}`"))?,
                ));
            }
        }
        block.items.extend(added);
    }
    if sends == 0 {
        bail!("progenitor output has no builder `send` method");
    }
    Ok(())
}

/// The JSON names of every property marked `x-sensitive: true`, sorted.
pub fn sensitive_fields(document: &Value) -> Vec<String> {
    fn walk(value: &Value, found: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    for (name, schema) in properties {
                        if schema.get("x-sensitive") == Some(&Value::Bool(true)) {
                            found.insert(name.clone());
                        }
                    }
                }
                map.values().for_each(|child| walk(child, found));
            }
            Value::Array(items) => items.iter().for_each(|child| walk(child, found)),
            _ => {}
        }
    }
    let mut found = BTreeSet::new();
    walk(document, &mut found);
    found.into_iter().collect()
}

/// `pub use progenitor_client::{.., Error, ..}` loses `Error`; `secops_runtime`'s takes its
/// place.
fn reexport_runtime_error(file: &mut syn::File) -> Result<()> {
    let mut found = false;
    for item in &mut file.items {
        let Item::Use(using) = item else { continue };
        let text = using.tree.to_token_stream().to_string();
        if matches!(using.vis, syn::Visibility::Public(_)) && text.starts_with("progenitor_client")
        {
            let kept: Vec<syn::Ident> = text
                .split(['{', '}', ','])
                .skip(1)
                .map(str::trim)
                .filter(|name| !name.is_empty() && *name != "Error")
                .map(|name| syn::Ident::new(name, proc_macro2::Span::call_site()))
                .collect();
            using.tree = syn::parse2(quote!(progenitor_client::{#(#kept),*}))?;
            found = true;
        }
    }
    if !found {
        bail!("progenitor output has no `pub use progenitor_client::{{..}}`");
    }
    file.items.insert(
        0,
        syn::parse2(quote! {
            pub use ::secops_runtime::{Error, ErrorKind};
        })?,
    );
    Ok(())
}

/// Replaces the hook calls and the decoding of one `send`.
fn rewrite_send(method: &mut syn::ImplItemFn) -> Result<()> {
    let operation = operation_id(&method.block)?;
    let mut statements = Vec::with_capacity(method.block.stmts.len());
    let mut replaced_hooks = false;
    for statement in std::mem::take(&mut method.block.stmts) {
        let text = statement.to_token_stream().to_string();
        if text.starts_with("let info = OperationInfo") {
            statements.push(syn::parse2(quote! {
                const CALL: ::secops_runtime::Call = ::secops_runtime::Call {
                    operation: #operation,
                    sensitive_fields: super::SENSITIVE_FIELDS,
                    request_id_header: super::REQUEST_ID_HEADER,
                };
            })?);
        } else if text.starts_with("client . pre (") || text.starts_with("client . post (") {
            // Folded into `call::send`.
        } else if text.starts_with("let result = client . exec (") {
            statements.push(syn::parse2(quote! {
                let response = ::secops_runtime::call::send(
                    &client.client,
                    client.inner(),
                    request,
                    CALL,
                )
                .await?;
            })?);
            replaced_hooks = true;
        } else if text == "let response = result ? ;" {
            // `call::send` already returns the response.
        } else {
            statements.push(statement);
        }
    }
    if !replaced_hooks {
        bail!("no `client.exec(..)` call to replace");
    }
    method.block.stmts = statements;
    let mut decoding = Decoding::default();
    decoding.visit_block_mut(&mut method.block);
    if let Some(problem) = decoding.problem {
        bail!(problem);
    }
    let left = method.block.to_token_stream().to_string();
    for stale in ["OperationInfo", "from_response", "Error :: "] {
        if left.contains(stale) {
            bail!("`{stale}` is left after the rewrite: progenitor's output changed shape");
        }
    }
    Ok(())
}

/// The operation id in `let info = OperationInfo { operation_id: "..." };`.
fn operation_id(block: &syn::Block) -> Result<String> {
    for statement in &block.stmts {
        let Stmt::Local(local) = statement else {
            continue;
        };
        let Some(init) = &local.init else { continue };
        let Expr::Struct(info) = init.expr.as_ref() else {
            continue;
        };
        if !info.path.is_ident("OperationInfo") {
            continue;
        }
        for field in &info.fields {
            if let Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(id),
                ..
            }) = &field.expr
            {
                return Ok(id.value());
            }
        }
    }
    Err(anyhow!("no `OperationInfo {{ operation_id }}`"))
}

/// Rewrites the decoding and the construction of errors inside a `send`.
#[derive(Default)]
struct Decoding {
    problem: Option<String>,
}

impl VisitMut for Decoding {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        let text = expr.to_token_stream().to_string();
        let compact: String = text
            .split_whitespace()
            .collect::<String>()
            .replace(",)", ")");
        let replacement: Option<Expr> = match compact.as_str() {
            "Error::InvalidRequest" => Some(syn::parse_quote! {
                |problem| CALL.error(::secops_runtime::ErrorKind::InvalidRequest(problem))
            }),
            "ResponseValue::from_response(response).await" => Some(syn::parse_quote! {
                ::secops_runtime::call::decode(response, CALL, client.inner()).await
            }),
            "Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))" => {
                Some(syn::parse_quote! {
                    Err(::secops_runtime::call::error_response(response, CALL, client.inner()).await)
                })
            }
            "Err(Error::UnexpectedResponse(response))" => Some(syn::parse_quote! {
                Err(::secops_runtime::call::unexpected(response, CALL, client.inner()).await)
            }),
            _ => None,
        };
        if let Some(replacement) = replacement {
            *expr = replacement;
            return;
        }
        if let Expr::Try(attempt) = expr
            && let Expr::MethodCall(call) = attempt.expr.as_ref()
            && call.method == "build"
        {
            let built = attempt.expr.clone();
            *attempt.expr = syn::parse_quote! {
                #built.map_err(|error| {
                    CALL.error(::secops_runtime::ErrorKind::InvalidRequest(
                        error.without_url().to_string(),
                    ))
                })
            };
            return;
        }
        if compact.starts_with("Error::") {
            self.problem = Some(format!("unknown error construction `{text}`"));
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
}

/// `send_page`: a copy of the rewritten `send` that hands back the raw success response (and
/// the client's hooks) instead of decoding it.
fn send_page(send: &syn::ImplItemFn) -> Result<syn::ImplItemFn> {
    let mut page = send.clone();
    page.sig.ident = syn::Ident::new("send_page", page.sig.ident.span());
    page.vis = syn::parse_quote!(pub(crate));
    page.attrs = vec![syn::parse_quote! {
        #[doc = " Sends the request like `send`, and returns the success response undecoded, for `secops_runtime::paging::decode_page` (which decodes item by item)."]
    }];
    let ReturnType::Type(_, returned) = &send.sig.output else {
        bail!("`send` returns nothing");
    };
    let error = error_type(returned)?;
    page.sig.output = syn::parse_quote! {
        -> Result<(::reqwest::Response, &'a ::secops_runtime::Hooks), #error>
    };
    let mut success = Success { replaced: 0 };
    success.visit_block_mut(&mut page.block);
    if success.replaced != 1 {
        bail!(
            "`send` has {} decoded success arms, expected 1",
            success.replaced
        );
    }
    Ok(page)
}

/// The error type in `Result<ResponseValue<R>, E>`.
fn error_type(returned: &syn::Type) -> Result<syn::Type> {
    let syn::Type::Path(path) = returned else {
        bail!("`send` does not return a path type");
    };
    let last = path
        .path
        .segments
        .last()
        .ok_or_else(|| anyhow!("empty return type"))?;
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        bail!("`send` does not return a Result");
    };
    match arguments.args.iter().nth(1) {
        Some(syn::GenericArgument::Type(error)) => Ok(error.clone()),
        _ => bail!("`send` does not return a Result<_, E>"),
    }
}

/// Replaces the decoding success arm by `Ok((response, client.inner()))`.
struct Success {
    replaced: usize,
}

impl VisitMut for Success {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        let text = expr.to_token_stream().to_string();
        if text.starts_with(":: secops_runtime :: call :: decode (response") {
            *expr = syn::parse_quote!(Ok((response, client.inner())));
            self.replaced += 1;
            return;
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder_with(send: proc_macro2::TokenStream) -> syn::File {
        syn::parse2(quote! {
            pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
            pub mod builder {
                pub struct ListThings<'a> { client: &'a super::Client }
                impl<'a> ListThings<'a> { #send }
            }
        })
        .unwrap()
    }

    fn progenitor_send() -> proc_macro2::TokenStream {
        quote! {
            pub async fn send(self) -> Result<ResponseValue<types::Things>, Error<types::Error>> {
                let Self { client, count } = self;
                let count = count.map_err(Error::InvalidRequest)?;
                let url = format!("{}/v1/things", client.baseurl,);
                #[allow(unused_mut)]
                let mut request = client.client.get(url).build()?;
                let info = OperationInfo { operation_id: "list_things" };
                client.pre(&mut request, &info).await?;
                let result = client.exec(request, &info).await;
                client.post(&result, &info).await?;
                let response = result?;
                match response.status().as_u16() {
                    200u16 => ResponseValue::from_response(response).await,
                    400u16..=499u16 => Err(Error::ErrorResponse(
                        ResponseValue::from_response(response).await?,
                    )),
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            }
        }
    }

    #[test]
    fn send_goes_through_the_runtime_and_paged_builders_get_send_page() {
        let mut file = builder_with(progenitor_send());
        let paged = BTreeSet::from(["ListThings".to_owned()]);
        rewrite(
            &mut file,
            &paged,
            &["apiToken".to_owned()],
            Some("x-vendor-request-id"),
        )
        .unwrap();
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains("pub use :: secops_runtime :: { Error , ErrorKind }"),
            "{text}"
        );
        assert!(text.contains("progenitor_client :: { ByteStream , ClientInfo , ResponseValue }"));
        assert!(text.contains("pub const SENSITIVE_FIELDS : & [& str] = & [\"apiToken\"]"));
        assert!(text.contains(
            "pub const REQUEST_ID_HEADER : :: std :: option :: Option < & str > = :: std :: option :: Option :: Some (\"x-vendor-request-id\")"
        ));
        assert!(text.contains("request_id_header : super :: REQUEST_ID_HEADER"));
        assert!(text.contains(":: secops_runtime :: call :: send (& client . client"));
        assert!(text.contains(":: secops_runtime :: call :: error_response (response , CALL"));
        assert!(text.contains("pub (crate) async fn send_page"));
        assert!(text.contains("Ok ((response , client . inner ()))"));
        assert!(!text.contains("client . pre"));
        assert!(!text.contains("OperationInfo"));
    }

    #[test]
    fn an_unknown_shape_is_refused() {
        let mut file = builder_with(quote! {
            pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                let request = todo!();
                let info = OperationInfo { operation_id: "x" };
                let result = client.exec(request, &info).await;
                Err(Error::SomethingNew)
            }
        });
        let error = rewrite(&mut file, &BTreeSet::new(), &[], None).unwrap_err();
        assert!(format!("{error:#}").contains("SomethingNew"), "{error:#}");
    }

    #[test]
    fn sensitive_fields_are_collected_from_every_schema() {
        let document = serde_json::json!({
            "components": {"schemas": {
                "Token": {"properties": {"token": {"type": "string", "x-sensitive": true}, "name": {"type": "string"}}},
                "Nested": {"properties": {"inner": {"properties": {"secret": {"x-sensitive": true}}}}}
            }}
        });
        assert_eq!(sensitive_fields(&document), ["secret", "token"]);
    }
}
