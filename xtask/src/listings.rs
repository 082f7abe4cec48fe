//! The `Listing` impls appended to a generated client: one per operation whose spec declares
//! `x-pagination` (see `x_pagination.rs`).
//!
//! The impl must live in the crate that owns the builder (orphan rule), so it is generated with
//! the client. Everything it names is read from progenitor's output rather than guessed: the
//! builder type (from the `Client` method), the setter of the cursor parameter (from the query
//! the builder's `send` makes), the response and error types (from `send`'s return type), and
//! the item and cursor types (from the response struct's fields).

use std::collections::BTreeSet;

use anyhow::{Context, Result, anyhow, bail};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{Fields, GenericArgument, ImplItem, Item, PathArguments, ReturnType, Type};

use crate::x_pagination::{CursorType, End, Kind, Merge, Pagination};

/// The impls for every declaration, in the order given (sorted by operation id).
pub fn render(declared: &[Pagination], file: &syn::File) -> Result<Vec<Item>> {
    let generated = Generated::new(file)?;
    let mut items = Vec::new();
    for pagination in declared {
        let tokens = generated
            .listing(pagination)
            .with_context(|| format!("x-pagination of `{}`", pagination.operation_id))?;
        let item: Item = syn::parse2(tokens)
            .with_context(|| format!("listing impl of `{}`", pagination.operation_id))?;
        items.push(item);
    }
    Ok(items)
}

/// The builder type names (`ListIssues`) of the declared listings.
pub fn builder_names(declared: &[Pagination], file: &syn::File) -> Result<BTreeSet<String>> {
    let generated = Generated::new(file)?;
    declared
        .iter()
        .map(|pagination| {
            generated
                .builder_type(&pagination.operation_id)
                .map(|ident| ident.to_string())
        })
        .collect()
}

/// What the listings need from progenitor's output.
struct Generated<'f> {
    file: &'f syn::File,
    types: &'f [Item],
    builder: &'f [Item],
    /// Names of the items of the `types` module (referred to as `types::X` from the top).
    type_names: BTreeSet<String>,
}

/// The response field holding the items or a cursor, and how to read it.
struct Field<'f> {
    ident: &'f syn::Ident,
    optional: bool,
    ty: &'f Type,
}

impl<'f> Generated<'f> {
    fn new(file: &'f syn::File) -> Result<Self> {
        let types = module(&file.items, "types")?;
        let builder = module(&file.items, "builder")?;
        let type_names = types.iter().filter_map(item_name).collect();
        Ok(Self {
            file,
            types,
            builder,
            type_names,
        })
    }

    fn listing(&self, pagination: &Pagination) -> Result<TokenStream> {
        let operation = &pagination.operation_id;
        let builder = self.builder_type(operation)?;
        let builder_struct = self
            .builder
            .iter()
            .find_map(|item| match item {
                Item::Struct(s) if s.ident == builder => Some(s),
                _ => None,
            })
            .ok_or_else(|| anyhow!("progenitor output has no `builder::{builder}` struct"))?;
        let methods: Vec<&syn::ImplItemFn> = self
            .builder
            .iter()
            .filter_map(|item| match item {
                Item::Impl(block)
                    if block.trait_.is_none() && last_ident(&block.self_ty) == Some(&builder) =>
                {
                    Some(block)
                }
                _ => None,
            })
            .flat_map(|block| &block.items)
            .filter_map(|item| match item {
                ImplItem::Fn(method) => Some(method),
                _ => None,
            })
            .collect();
        let send = methods
            .iter()
            .find(|method| method.sig.ident == "send")
            .ok_or_else(|| anyhow!("`builder::{builder}` has no `send`"))?;

        // The setter: the builder field that `send` puts in the query as `cursor-param`.
        let mut queries = QueryParams::default();
        queries.visit_block(&send.block);
        let setter = queries
            .found
            .iter()
            .find(|(name, _)| *name == pagination.cursor_param)
            .map(|(_, field)| field.clone())
            .ok_or_else(|| {
                anyhow!(
                    "`builder::{builder}::send` does not send the query parameter `{}`",
                    pagination.cursor_param
                )
            })?;
        if !methods.iter().any(|method| method.sig.ident == setter) {
            bail!("`builder::{builder}` has no setter `{setter}`");
        }
        let builder_field = match &builder_struct.fields {
            Fields::Named(fields) => fields
                .named
                .iter()
                .find(|field| field.ident.as_ref() == Some(&setter)),
            _ => None,
        }
        .ok_or_else(|| anyhow!("`builder::{builder}` has no field `{setter}`"))?;
        // `Result<Option<T>, String>` (or `Result<T, String>` when required): T is the cursor.
        let param_type = type_args(&builder_field.ty, "Result")
            .and_then(|args| args.first().copied())
            .map(|ty| strip_option(ty).1)
            .ok_or_else(|| anyhow!("unexpected builder field type for `{setter}`"))?;
        expect_cursor(
            param_type,
            pagination.cursor_type,
            &format!("parameter `{}`", pagination.cursor_param),
        )?;

        // `send` returns `Result<ResponseValue<R>, E>`.
        let ReturnType::Type(_, returned) = &send.sig.output else {
            bail!("`builder::{builder}::send` returns nothing");
        };
        let [value, error] = type_args(returned, "Result")
            .filter(|args| args.len() == 2)
            .map(|args| [args[0], args[1]])
            .ok_or_else(|| anyhow!("`builder::{builder}::send` does not return a Result"))?;
        let response = type_args(value, "ResponseValue")
            .and_then(|args| args.first().copied())
            .ok_or_else(|| anyhow!("`builder::{builder}::send` does not return a ResponseValue"))?;

        let cursor_type = match pagination.cursor_type {
            CursorType::Integer => quote!(i64),
            CursorType::String => quote!(::std::string::String),
        };
        let end = match pagination.end {
            End::EmptyPage => quote!(EmptyPage),
            End::NoCursor => quote!(NoCursor),
            End::EmptyPageOrNoCursor => quote!(EmptyPageOrNoCursor),
        };
        let kind = match pagination.kind {
            Kind::Position => quote!(Position),
            Kind::Token => quote!(Token),
        };
        let merge = match (&pagination.cursor_from_items, pagination.merge) {
            (None, _) => quote!(),
            (Some(_), Merge::ServerFirst) => {
                quote!(.merge(::secops_runtime::paging::CursorMerge::ServerFirst))
            }
            (Some(_), Merge::Max) => quote!(.merge(::secops_runtime::paging::CursorMerge::Max)),
        };
        let cursor_field = &pagination.cursor_field;
        let items_field = match &pagination.items_field {
            Some(name) => quote!(::std::option::Option::Some(#name)),
            None => quote!(::std::option::Option::None),
        };
        let cursor_from_items = match &pagination.cursor_from_items {
            Some(name) => quote!(::std::option::Option::Some(#name)),
            None => quote!(::std::option::Option::None),
        };

        let (item_type, page) = match &pagination.items_field {
            None => {
                if !is_json_map(response) {
                    bail!("without `items-field` the response must be generated as a JSON map");
                }
                let page = quote! {
                    let (response, hooks) = self
                        .send_page()
                        .await
                        .map_err(::secops_runtime::paging::PagingError::Call)?;
                    ::secops_runtime::paging::decode_page(response, CALL, hooks, &SHAPE, |_| None).await
                };
                (quote!(::serde_json::Value), page)
            }
            Some(items_field) => {
                let response_struct = self.types_struct(response)?;
                let items = field(response_struct, items_field)?;
                let element = type_args(items.ty, "Vec")
                    .and_then(|args| args.first().copied())
                    .ok_or_else(|| anyhow!("response field `{items_field}` is not a Vec"))?;
                // The items and the cursor are read from the raw page by name (item by item),
                // but they must exist in the response type with the declared types.
                let cursor = field(response_struct, cursor_field)?;
                expect_cursor(
                    cursor.ty,
                    pagination.cursor_type,
                    &format!("response field `{cursor_field}`"),
                )?;
                let mut element = element.clone();
                Qualify {
                    type_names: &self.type_names,
                }
                .visit_type_mut(&mut element);
                let element = &element;
                let cursor_of = match &pagination.cursor_from_items {
                    None => quote!(|_: &#element| None),
                    Some(name) => {
                        let item_struct = self.types_struct(element)?;
                        let derived = field(item_struct, name)?;
                        expect_cursor(
                            derived.ty,
                            pagination.cursor_type,
                            &format!("item field `{name}`"),
                        )?;
                        let ident = derived.ident;
                        let value = match pagination.cursor_type {
                            CursorType::Integer => quote!(item.#ident),
                            CursorType::String => quote!(item.#ident.clone()),
                        };
                        if derived.optional {
                            quote!(|item: &#element| #value)
                        } else {
                            quote!(|item: &#element| Some(#value))
                        }
                    }
                };
                let page = quote! {
                    let (response, hooks) = self
                        .send_page()
                        .await
                        .map_err(::secops_runtime::paging::PagingError::Call)?;
                    ::secops_runtime::paging::decode_page(response, CALL, hooks, &SHAPE, #cursor_of).await
                };
                (quote!(#element), page)
            }
        };
        let mut item_type: Type = syn::parse2(item_type).context("item type")?;
        Qualify {
            type_names: &self.type_names,
        }
        .visit_type_mut(&mut item_type);
        let doc = doc(pagination);
        let builder_ident = format_ident!("{}", builder);

        Ok(quote! {
            #[doc = #doc]
            impl<'a> ::secops_runtime::paging::Listing<'a> for builder::#builder_ident<'a> {
                type Item = #item_type;
                type Cursor = #cursor_type;
                type Error = #error;
                const OPERATION: &'static str = #operation;
                const CURSOR_KIND: ::secops_runtime::paging::CursorKind =
                    ::secops_runtime::paging::CursorKind::#kind;

                fn with_cursor(self, cursor: #cursor_type) -> Self {
                    self.#setter(cursor)
                }

                fn fetch_page(
                    self,
                ) -> ::secops_runtime::BoxFuture<'a, ::secops_runtime::paging::PageResult<'a, Self>> {
                    const SHAPE: ::secops_runtime::paging::PageShape = ::secops_runtime::paging::PageShape {
                        rule: ::secops_runtime::paging::PageRule::new(::secops_runtime::paging::PageEnd::#end)#merge,
                        items_field: #items_field,
                        cursor_field: #cursor_field,
                        cursor_from_items: #cursor_from_items,
                    };
                    const CALL: ::secops_runtime::Call = ::secops_runtime::Call {
                        operation: #operation,
                        sensitive_fields: SENSITIVE_FIELDS,
                        request_id_header: REQUEST_ID_HEADER,
                    };
                    ::std::boxed::Box::pin(async move { #page })
                }
            }
        })
    }

    /// The builder type of `operation`: what the `Client` method of that name returns.
    fn builder_type(&self, operation: &str) -> Result<syn::Ident> {
        let method = heck::AsSnakeCase(operation).to_string();
        self.file
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Impl(block)
                    if block.trait_.is_none()
                        && last_ident(&block.self_ty).is_some_and(|i| i == "Client") =>
                {
                    Some(block)
                }
                _ => None,
            })
            .flat_map(|block| &block.items)
            .find_map(|item| match item {
                ImplItem::Fn(f) if f.sig.ident == method => match &f.sig.output {
                    ReturnType::Type(_, ty) => last_ident(ty).cloned(),
                    ReturnType::Default => None,
                },
                _ => None,
            })
            .ok_or_else(|| {
                anyhow!("progenitor output has no `Client::{method}` returning a builder")
            })
    }

    /// The struct of the `types` module that `ty` (`types::X`) names.
    fn types_struct(&self, ty: &Type) -> Result<&'f syn::ItemStruct> {
        let name = last_ident(ty).ok_or_else(|| anyhow!("`{}` is not a named type", text(ty)))?;
        self.types
            .iter()
            .find_map(|item| match item {
                Item::Struct(s) if &s.ident == name => Some(s),
                _ => None,
            })
            .ok_or_else(|| {
                anyhow!(
                    "`{}` is not a struct of the generated `types` module",
                    text(ty)
                )
            })
    }
}

/// The field of `item` that holds JSON property `name` (its `serde(rename)`, else its name).
fn field<'f>(item: &'f syn::ItemStruct, name: &str) -> Result<Field<'f>> {
    let Fields::Named(fields) = &item.fields else {
        bail!("`{}` has no named fields", item.ident);
    };
    let found = fields
        .named
        .iter()
        .find(|field| json_name(field).as_deref() == Some(name))
        .ok_or_else(|| anyhow!("`{}` has no field for the property `{name}`", item.ident))?;
    let (optional, ty) = strip_option(&found.ty);
    Ok(Field {
        ident: found.ident.as_ref().context("named field")?,
        optional,
        ty,
    })
}

/// The JSON name of a struct field: `#[serde(rename = "..")]`, else the identifier.
fn json_name(field: &syn::Field) -> Option<String> {
    let mut renamed = None;
    for attribute in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attribute.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                renamed = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    renamed.or_else(|| {
        field
            .ident
            .as_ref()
            .map(|ident| ident.to_string().trim_start_matches("r#").to_owned())
    })
}

/// Fails unless `ty` is the Rust type progenitor makes for `expected` (`i64` / `String`).
fn expect_cursor(ty: &Type, expected: CursorType, what: &str) -> Result<()> {
    let name = match expected {
        CursorType::Integer => "i64",
        CursorType::String => "String",
    };
    if last_ident(ty).is_some_and(|ident| ident == name) && type_args(ty, name).is_none() {
        return Ok(());
    }
    bail!(
        "{what} is generated as `{}`, not `{name}`{}",
        text(ty),
        if expected == CursorType::Integer {
            " (give the integer `format: int64`)"
        } else {
            ""
        }
    )
}

/// The items of module `name`.
fn module<'f>(items: &'f [Item], name: &str) -> Result<&'f [Item]> {
    items
        .iter()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == name => {
                m.content.as_ref().map(|(_, items)| items.as_slice())
            }
            _ => None,
        })
        .ok_or_else(|| anyhow!("progenitor output has no `{name}` module"))
}

fn item_name(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Enum(e) => Some(e.ident.to_string()),
        Item::Type(t) => Some(t.ident.to_string()),
        _ => None,
    }
}

/// The last identifier of a path type (`builder::ListIssues<'_>` -> `ListIssues`).
fn last_ident(ty: &Type) -> Option<&syn::Ident> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last().map(|s| &s.ident),
        _ => None,
    }
}

/// The type arguments of `ty` when its last segment is `name` (`Vec<T>` -> `[T]`).
fn type_args<'t>(ty: &'t Type, name: &str) -> Option<Vec<&'t Type>> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    Some(
        args.args
            .iter()
            .filter_map(|arg| match arg {
                GenericArgument::Type(ty) => Some(ty),
                _ => None,
            })
            .collect(),
    )
}

/// `(true, T)` for `Option<T>`, `(false, ty)` otherwise.
fn strip_option(ty: &Type) -> (bool, &Type) {
    match type_args(ty, "Option").as_deref() {
        Some([inner]) => (true, inner),
        _ => (false, ty),
    }
}

/// `serde_json::Map<..>`: the type progenitor makes for a free-form object.
fn is_json_map(ty: &Type) -> bool {
    match ty {
        Type::Path(path) => {
            let segments: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            segments.ends_with(&["serde_json".to_owned(), "Map".to_owned()])
        }
        _ => false,
    }
}

fn text(ty: &Type) -> String {
    quote!(#ty).to_string()
}

/// Collects `QueryParam::new("<name>", &<field>)` calls: JSON name -> builder field.
#[derive(Default)]
struct QueryParams {
    found: Vec<(String, syn::Ident)>,
}

impl<'ast> Visit<'ast> for QueryParams {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        let is_query_param = match &*call.func {
            syn::Expr::Path(path) => {
                let names: Vec<String> = path
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                names.ends_with(&["QueryParam".to_owned(), "new".to_owned()])
            }
            _ => false,
        };
        if is_query_param
            && let (
                Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(name),
                    ..
                })),
                Some(syn::Expr::Reference(reference)),
            ) = (call.args.first(), call.args.get(1))
            && let syn::Expr::Path(field) = &*reference.expr
            && let Some(ident) = field.path.get_ident()
        {
            self.found.push((name.value(), ident.clone()));
        }
        syn::visit::visit_expr_call(self, call);
    }
}

/// Prefixes `types::` to the bare names of `types` items, which are written unqualified inside
/// that module but are used from the top of the generated file.
struct Qualify<'n> {
    type_names: &'n BTreeSet<String>,
}

impl VisitMut for Qualify<'_> {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        let bare = ty.qself.is_none()
            && ty.path.leading_colon.is_none()
            && ty.path.segments.len() == 1
            && self
                .type_names
                .contains(&ty.path.segments[0].ident.to_string());
        if bare {
            let types: syn::PathSegment = format_ident!("types").into();
            ty.path.segments.insert(0, types);
        }
        syn::visit_mut::visit_type_path_mut(self, ty);
    }
}

/// The doc comment of a listing impl: the operation, its items, its cursor and its end.
fn doc(pagination: &Pagination) -> String {
    let Pagination {
        operation_id,
        method,
        path,
        cursor_param,
        cursor_field,
        ..
    } = pagination;
    let items = match &pagination.items_field {
        Some(field) => format!("the response's `{field}`"),
        None => "the only array field of the response (a free-form object)".to_owned(),
    };
    let kind = match pagination.kind {
        Kind::Position => format!("a position ({})", pagination.cursor_type.name()),
        Kind::Token => {
            "an opaque token; one handed back a second time stops the listing".to_owned()
        }
    };
    let next = match (&pagination.cursor_from_items, pagination.merge) {
        (None, _) => format!("the response's `{cursor_field}`"),
        (Some(derived), Merge::ServerFirst) => {
            format!(
                "the response's `{cursor_field}`, else the largest `{derived}` of the page's items"
            )
        }
        (Some(derived), Merge::Max) => format!(
            "the larger of the response's `{cursor_field}` and the largest `{derived}` of the page's items"
        ),
    };
    let end = match pagination.end {
        End::EmptyPage => "at the first empty page",
        End::NoCursor => {
            "at the first response without a cursor (pages before may be short or empty)"
        }
        End::EmptyPageOrNoCursor => "at the first empty page or response without a cursor",
    };
    [
        format!(
            "`{operation_id}` (`{method} {path}`) as a paged listing, from its `x-pagination`:"
        ),
        String::new(),
        format!("- items: {items}"),
        format!("- cursor: the query parameter `{cursor_param}`, {kind}"),
        format!("- next cursor: {next}"),
        format!("- end: {end}"),
        String::new(),
        "Page through it with `secops_runtime::paging::pages` / `items`; every other parameter"
            .to_owned(),
        "set on the builder is kept on every page.".to_owned(),
    ]
    .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x_pagination::read;
    use quote::quote;

    /// A trimmed progenitor output for the spec of `x_pagination::tests::spec`.
    fn progenitor_output() -> syn::File {
        syn::parse2(quote! {
            pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
            pub mod types {
                pub struct EventPage {
                    #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                    pub events: ::std::vec::Vec<Event>,
                    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                    pub next: ::std::option::Option<i64>,
                }
                pub struct Event {
                    #[serde(rename = "id", skip_serializing_if = "::std::option::Option::is_none")]
                    pub event_id: ::std::option::Option<i64>,
                }
                pub struct Error {}
            }
            impl Client {
                pub fn list_events(&self) -> builder::ListEvents<'_> {
                    builder::ListEvents::new(self)
                }
                pub fn list_blobs(&self) -> builder::ListBlobs<'_> {
                    builder::ListBlobs::new(self)
                }
            }
            pub mod builder {
                pub struct ListEvents<'a> {
                    client: &'a super::Client,
                    after: Result<Option<i64>, String>,
                }
                impl<'a> ListEvents<'a> {
                    pub fn after<V>(mut self, value: V) -> Self { self }
                    pub async fn send(self) -> Result<ResponseValue<types::EventPage>, Error<types::Error>> {
                        let request = client.get(url).query(&progenitor_client::QueryParam::new("after", &after));
                    }
                }
                pub struct ListBlobs<'a> {
                    client: &'a super::Client,
                    cursor: Result<Option<::std::string::String>, String>,
                }
                impl<'a> ListBlobs<'a> {
                    pub fn cursor<V>(mut self, value: V) -> Self { self }
                    pub async fn send(
                        self,
                    ) -> Result<ResponseValue<::serde_json::Map<::std::string::String, ::serde_json::Value>>, Error<()>> {
                        let request = client.get(url).query(&progenitor_client::QueryParam::new("cursor", &cursor));
                    }
                }
            }
        })
        .unwrap()
    }

    fn rendered(extension: serde_json::Value) -> Result<String> {
        let (declared, problems) = read(&crate::x_pagination::tests::spec(extension));
        assert!(problems.is_empty(), "{problems:?}");
        let items = render(&declared, &progenitor_output())?;
        let mut file: syn::File = syn::parse_str("").unwrap();
        file.items = items;
        Ok(prettyplease::unparse(&file))
    }

    fn squash(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn a_typed_listing_reads_progenitor_names() {
        let text = squash(
            &rendered(serde_json::json!({
                "cursor-param": "after", "cursor-kind": "position", "items-field": "events",
                "cursor-field": "next", "cursor-from-items": "id", "cursor-merge": "max",
                "end": "empty-page"
            }))
            .unwrap(),
        );
        for expected in [
            "impl<'a> ::secops_runtime::paging::Listing<'a> for builder::ListEvents<'a> {",
            "type Item = types::Event;",
            "type Cursor = i64;",
            "type Error = Error<types::Error>;",
            "const OPERATION: &'static str = \"list_events\";",
            "::secops_runtime::paging::CursorKind::Position;",
            "fn with_cursor(self, cursor: i64) -> Self { self.after(cursor) }",
            "::secops_runtime::paging::PageEnd::EmptyPage, ) .merge(::secops_runtime::paging::CursorMerge::Max),",
            "items_field: ::std::option::Option::Some(\"events\"),",
            "cursor_field: \"next\",",
            "cursor_from_items: ::std::option::Option::Some(\"id\"),",
            "&SHAPE, |item: &types::Event| item.event_id, )",
            "`list_events` (`GET /v1/events`) as a paged listing",
            "- next cursor: the larger of the response's `next` and the largest `id` of the page's items",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn a_free_form_listing_splits_the_body() {
        let text = squash(
            &rendered(serde_json::json!({
                "cursor-param": "after", "cursor-kind": "token", "items-field": "events",
                "cursor-field": "next", "end": "no-cursor"
            }))
            .unwrap(),
        );
        for expected in [
            "for builder::ListBlobs<'a> {",
            "type Item = ::serde_json::Value;",
            "type Cursor = ::std::string::String;",
            "type Error = Error<()>;",
            "fn with_cursor(self, cursor: ::std::string::String) -> Self { self.cursor(cursor) }",
            "items_field: ::std::option::Option::None,",
            "cursor_field: \"cursor\",",
            "&SHAPE, |_| None, )",
            "::secops_runtime::paging::CursorKind::Token;",
            "&SHAPE, |_: &types::Event| None, )",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn a_type_mismatch_is_reported() {
        let mut output = progenitor_output();
        let text = quote!(#output).to_string().replace(
            "after : Result < Option < i64 > , String >",
            "after : Result < Option < u64 > , String >",
        );
        output = syn::parse_str(&text).unwrap();
        let (declared, _) = read(&crate::x_pagination::tests::spec(serde_json::json!({
            "cursor-param": "after", "cursor-kind": "position", "items-field": "events",
            "cursor-field": "next", "end": "empty-page"
        })));
        let Err(error) = render(&declared, &output) else {
            panic!("a u64 cursor was accepted");
        };
        assert_eq!(
            format!("{error:#}"),
            "x-pagination of `list_events`: parameter `after` is generated as `u64`, not `i64` \
             (give the integer `format: int64`)"
        );
    }
}
