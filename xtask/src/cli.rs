//! The operation subcommands of the `secops` command line, generated beside each client:
//! `openapi/<vendor>-<name>.json` -> `crates/secops-cli/src/generated/<vendor>.rs`.
//!
//! Every operation becomes a clap subcommand (builder API) named after its `operationId` in
//! kebab case, with `about` from the summary and `long_about` from the description, and an
//! async function that builds the generated client's request from the flags, sends it and
//! writes the answer. The file exports `commands()` and `run(client, name, matches, out)`;
//! the helpers it calls (`--json-body` decoding, `--all` streaming, byte responses) are the
//! hand-written `crates/secops-cli/src/generated/mod.rs`.
//!
//! - **Parameters** are flags (`--status`, `--id`: the parameter name in kebab case) with the
//!   spec's description as help; required parameters are required flags. The value parser and
//!   the Rust type come from progenitor's builder field (`i64`, `NonZeroU64`, `Uuid`,
//!   `DateTime<Utc>`, `bool`, ...); enums accept the values the spec lists.
//! - **Request bodies** come from `--json-body FILE` (`-` for stdin), decoded into the
//!   operation's body type. A flat body (an object whose properties are all scalars or enums)
//!   also gets one flag per property, applied on top of `--json-body`; properties marked
//!   `x-sensitive` get none (a secret on the command line ends up in shell history and `ps`).
//! - **Responses**: JSON bodies are written with `Output::write`, empty ones print nothing, a
//!   byte stream (the SAR ZIP archive) goes to `--output-file FILE` or raw to stdout.
//! - **Listings** (operations with `x-pagination`) take `--all`: every item of every page,
//!   written as it arrives.
//!
//! Nothing is guessed from names: the setter of a parameter is the builder field that `send`
//! puts in the query under the parameter's name, or in the path at the placeholder's position;
//! the body type is the bound of the builder's `body` setter; the response kind is what `send`
//! returns. A shape this module does not know (a header parameter, an array parameter, a body
//! that is not JSON) stops generation with the reason.

use std::collections::BTreeSet;

use anyhow::{Context, Result, anyhow, bail};
use heck::{ToKebabCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{Fields, GenericArgument, ImplItem, Item, PathArguments, ReturnType, Type};

use crate::validate::{METHODS, lookup_ref};
use crate::x_pagination::Pagination;

/// Subcommand names of `secops <vendor>` that are written by hand (or are clap's own): an
/// operation whose kebab-case name is one of these is generated as `api-<name>`.
pub const HAND_WRITTEN: &[&str] = &["login", "logout", "issues", "probe", "completions", "help"];

/// Flags an operation's parameters and body properties may not take: `secops`'s global flags,
/// clap's, and the ones generated besides parameters. A parameter that would take one is
/// named `--<in>-<name>` (`--query-output`), a body property `--body-<name>`.
const RESERVED_FLAGS: &[&str] = &[
    "help",
    "version",
    "verbose",
    "profile",
    "output",
    "all",
    "json-body",
    "output-file",
];

/// The help heading of parameter flags.
const PARAMETERS: &str = "Parameters";
/// The help heading of body property flags.
const REQUEST_BODY: &str = "Request body";

/// What the generated file is for.
#[derive(Debug, Clone)]
pub struct Vendor<'a> {
    /// The subcommand the operations sit under (`egnyte`), for messages.
    pub command: &'a str,
    /// The generated client crate as reached from the CLI (`egnyte_protect_client`, a
    /// re-export of `secops_sdk`).
    pub client_crate: &'a str,
}

/// The generated file's items for `document`, read against progenitor's output `file` (the
/// finished client, after every pass).
pub fn render(
    document: &Value,
    paged: &[Pagination],
    file: &syn::File,
    vendor: &Vendor<'_>,
) -> Result<syn::File> {
    let paged: BTreeSet<&str> = paged.iter().map(|p| p.operation_id.as_str()).collect();
    let generated = Generated::new(file)?;
    let mut operations = Vec::new();
    for spec in spec_operations(document)? {
        let operation = Operation::read(document, &spec, &generated, paged.contains(spec.id))
            .with_context(|| format!("CLI subcommand of `{}`", spec.id))?;
        operations.push(operation);
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(pair) = operations.windows(2).find(|w| w[0].name == w[1].name) {
        bail!(
            "operations `{}` and `{}` both become the subcommand `{}`: rename one",
            pair[0].id,
            pair[1].id,
            pair[0].name
        );
    }
    let tokens = file_tokens(&operations, vendor);
    syn::parse2(tokens).context("the CLI tokens are not a Rust file")
}

/// prettyplease's text of the generated file with a blank line between top-level items (after
/// the module doc, the `use`s and each item), which rustfmt keeps.
pub fn spaced(pretty: &str) -> String {
    let mut out = String::with_capacity(pretty.len() + pretty.len() / 20);
    let mut previous = "";
    for line in pretty.lines() {
        let starts_item = !line.is_empty()
            && !line.starts_with(|c: char| c.is_whitespace() || c == '}' || c == ')');
        let previous_ends = previous == "}"
            || previous.starts_with("//!")
            || (previous.starts_with("use ") && !line.starts_with("use "));
        if starts_item && previous_ends {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

/// One operation of the spec, as written there.
struct SpecOperation<'d> {
    id: &'d str,
    method: &'static str,
    path: &'d str,
    operation: &'d Value,
    /// Path-level parameters, then the operation's (which replace those of the same name and
    /// location), `$ref`s resolved.
    parameters: Vec<&'d Value>,
}

/// Every operation of `document`, in path then method order.
fn spec_operations(document: &Value) -> Result<Vec<SpecOperation<'_>>> {
    let mut found = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Ok(found);
    };
    for (path, item) in paths {
        let shared = parameters(document, item.get("parameters"))
            .with_context(|| format!("parameters of `{path}`"))?;
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .ok_or_else(|| anyhow!("`{method} {path}` has no operationId"))?;
            let own = parameters(document, operation.get("parameters"))
                .with_context(|| format!("parameters of `{id}`"))?;
            let mut merged: Vec<&Value> = shared
                .iter()
                .copied()
                .filter(|p| !own.iter().any(|o| same_parameter(p, o)))
                .collect();
            merged.extend(own);
            found.push(SpecOperation {
                id,
                method,
                path,
                operation,
                parameters: merged,
            });
        }
    }
    Ok(found)
}

fn parameters<'d>(document: &'d Value, list: Option<&'d Value>) -> Result<Vec<&'d Value>> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(
            |parameter| match parameter.get("$ref").and_then(Value::as_str) {
                Some(reference) => lookup_ref(document, reference)
                    .ok_or_else(|| anyhow!("`{reference}` does not resolve")),
                None => Ok(parameter),
            },
        )
        .collect()
}

fn same_parameter(a: &Value, b: &Value) -> bool {
    a.get("name") == b.get("name") && a.get("in") == b.get("in")
}

/// Follows `$ref`s and single-part `allOf`s to the schema that says what a value is.
fn resolve<'d>(document: &'d Value, mut schema: &'d Value) -> &'d Value {
    for _ in 0..32 {
        if let Some(target) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| lookup_ref(document, reference))
        {
            schema = target;
            continue;
        }
        if let Some([only]) = schema
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            schema = only;
            continue;
        }
        break;
    }
    schema
}

/// The description of a schema as written where it is used, else of what it refers to.
fn schema_description(document: &Value, schema: &Value) -> Option<String> {
    text(schema.get("description")).or_else(|| text(resolve(document, schema).get("description")))
}

fn text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The values of an enum schema: strings, or integers with their `x-enum-varnames`.
#[derive(Debug, Clone, PartialEq)]
enum EnumValues {
    Strings(Vec<String>),
    Integers(Vec<(i64, Option<String>)>),
}

fn enum_values(schema: &Value) -> Option<EnumValues> {
    let values = schema.get("enum")?.as_array()?;
    if values.iter().all(Value::is_string) {
        return Some(EnumValues::Strings(
            values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ));
    }
    if values.iter().all(Value::is_i64) {
        let names: Vec<Option<String>> = schema
            .get("x-enum-varnames")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        return Some(EnumValues::Integers(
            values
                .iter()
                .enumerate()
                .filter_map(|(index, value)| {
                    value
                        .as_i64()
                        .map(|v| (v, names.get(index).cloned().flatten()))
                })
                .collect(),
        ));
    }
    None
}

/// One subcommand to generate.
struct Operation {
    id: String,
    /// The subcommand name.
    name: String,
    method: &'static str,
    path: String,
    about: Option<String>,
    long_about: Option<String>,
    /// The `Client` method that starts the request.
    client_method: syn::Ident,
    params: Vec<Param>,
    body: Option<Body>,
    response: Response,
    paged: bool,
}

/// A parameter flag.
struct Param {
    flag: String,
    setter: syn::Ident,
    required: bool,
    help: String,
    value: ParamValue,
}

/// How a parameter flag's text becomes the builder setter's value.
enum ParamValue {
    /// Any text, passed as a `String`.
    Text,
    /// One of the listed strings, passed as `&str` (the open enum's `From<&str>`).
    StringEnum(Vec<String>),
    /// One of the listed integers (or their names), passed as `i64` (`From<i64>`).
    IntegerEnum(Vec<(i64, Option<String>)>),
    /// Parsed by clap's value parser for this type (`FromStr`), passed as is.
    Parsed(Box<Type>),
}

/// A request body.
struct Body {
    /// The type `--json-body` is decoded into (as named from the CLI).
    ty: Type,
    /// What the `--json-body` help says it is.
    help: String,
    /// Whether `--json-body` is required (a required property has no flag).
    json_required: bool,
    flags: Vec<BodyFlag>,
}

/// A flag that sets one property of a flat body.
struct BodyFlag {
    flag: String,
    property: String,
    required: bool,
    help: String,
    value: BodyValue,
}

/// How a body flag's text becomes a JSON value.
enum BodyValue {
    Text,
    StringEnum(Vec<String>),
    Integer,
    IntegerEnum(Vec<(i64, Option<String>)>),
    Number,
    Boolean,
}

/// What the operation answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Response {
    /// No body (`ResponseValue<()>`).
    Empty,
    /// A byte stream (`ResponseValue<ByteStream>`).
    Bytes,
    /// A JSON body of a generated type.
    Json,
}

impl Operation {
    fn read(
        document: &Value,
        spec: &SpecOperation<'_>,
        generated: &Generated<'_>,
        paged: bool,
    ) -> Result<Self> {
        let builder = generated.builder(spec.id)?;
        let mut taken: BTreeSet<String> = RESERVED_FLAGS.iter().map(|s| (*s).to_owned()).collect();

        let placeholders = path_placeholders(spec.path);
        if placeholders.len() != builder.path_fields.len() {
            bail!(
                "the path `{}` has {} placeholder(s) but `send` encodes {}",
                spec.path,
                placeholders.len(),
                builder.path_fields.len()
            );
        }
        let mut params = Vec::new();
        for parameter in &spec.parameters {
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| anyhow!("a parameter has no name"))?;
            let location = parameter
                .get("in")
                .and_then(Value::as_str)
                .ok_or_else(|| anyhow!("parameter `{name}` has no `in`"))?;
            let field = match location {
                "path" => placeholders
                    .iter()
                    .position(|p| p == name)
                    .map(|index| builder.path_fields[index].clone())
                    .ok_or_else(|| {
                        anyhow!("path parameter `{name}` is not a placeholder of the path")
                    })?,
                "query" => builder
                    .query
                    .iter()
                    .find(|(query, _)| query == name)
                    .map(|(_, field)| field.clone())
                    .ok_or_else(|| {
                        anyhow!("`send` does not put the query parameter `{name}` in the query")
                    })?,
                other => bail!(
                    "parameter `{name}` is in `{other}`: the CLI generator handles path and query \
                     parameters only"
                ),
            };
            let field_type = builder
                .fields
                .iter()
                .find(|(ident, _)| *ident == field)
                .map(|(_, ty)| ty)
                .ok_or_else(|| anyhow!("the builder has no field `{field}`"))?;
            if !builder.setters.contains(&field.to_string()) {
                bail!("the builder has no setter `{field}`");
            }
            // `Result<Option<T>, String>`, or `Result<T, String>` when required.
            let value_type = type_args(field_type, "Result")
                .and_then(|args| args.first().copied())
                .map(|ty| strip_option(ty).1)
                .ok_or_else(|| anyhow!("unexpected builder field type for `{field}`"))?;
            let schema = parameter.get("schema").unwrap_or(&Value::Null);
            let value = param_value(document, schema, value_type)
                .with_context(|| format!("parameter `{name}`"))?;
            let required = location == "path"
                || parameter.get("required").and_then(Value::as_bool) == Some(true);
            let mut flag = name.to_kebab_case();
            if taken.contains(&flag) {
                flag = format!("{location}-{flag}");
            }
            if !taken.insert(flag.clone()) {
                bail!("parameter `{name}` would take the flag `--{flag}` a second time");
            }
            let mut help = text(parameter.get("description"))
                .unwrap_or_else(|| format!("The {location} parameter `{name}`"));
            help.push_str(&value_hint(document, schema));
            params.push(Param {
                flag,
                setter: field,
                required,
                help,
                value,
            });
        }

        let body = match (
            &builder.body_type,
            request_body_schema(document, spec.operation)?,
        ) {
            (None, None) => None,
            (Some(ty), Some(body)) => Some(Body::read(document, body, ty, &mut taken)?),
            (Some(_), None) => bail!("the builder has a body the spec does not declare"),
            (None, Some(_)) => bail!("the spec declares a request body the builder does not take"),
        };

        let mut name = spec.id.to_kebab_case();
        if HAND_WRITTEN.contains(&name.as_str()) {
            name = format!("api-{name}");
        }
        let about = text(spec.operation.get("summary"));
        let long_about =
            text(spec.operation.get("description")).filter(|d| Some(d) != about.as_ref());
        Ok(Self {
            id: spec.id.to_owned(),
            name,
            method: spec.method,
            path: spec.path.to_owned(),
            about,
            long_about,
            client_method: builder.client_method,
            params,
            body,
            response: builder.response,
            paged,
        })
    }
}

/// `{name}` placeholders of a path template, in order.
fn path_placeholders(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// What a parameter's flag accepts, from its builder type and its schema.
fn param_value(document: &Value, schema: &Value, ty: &Type) -> Result<ParamValue> {
    let resolved = resolve(document, schema);
    if let Some(values) = enum_values(resolved) {
        return Ok(match values {
            EnumValues::Strings(values) => ParamValue::StringEnum(values),
            EnumValues::Integers(values) => ParamValue::IntegerEnum(values),
        });
    }
    if type_args(ty, "Vec").is_some() {
        bail!("array parameters are not handled by the CLI generator");
    }
    let last = last_ident(ty).map(ToString::to_string);
    if last.as_deref() == Some("String") && type_args(ty, "String").is_none() {
        return Ok(ParamValue::Text);
    }
    let mut ty = ty.clone();
    qualify(&mut ty);
    Ok(ParamValue::Parsed(Box::new(ty)))
}

/// What the help adds to a description: the accepted form of a date-time, the API's default.
fn value_hint(document: &Value, schema: &Value) -> String {
    let resolved = resolve(document, schema);
    let mut hint = String::new();
    if resolved.get("format").and_then(Value::as_str) == Some("date-time") {
        hint.push_str(" (RFC 3339, e.g. 2024-05-01T00:00:00Z)");
    }
    let default = schema.get("default").or_else(|| resolved.get("default"));
    if let Some(default) = default {
        let shown = match default {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        hint.push_str(&format!(" [API default: {shown}]"));
    }
    hint
}

/// The JSON schema of the operation's request body, and whether the body is required.
fn request_body_schema<'d>(
    document: &'d Value,
    operation: &'d Value,
) -> Result<Option<(&'d Value, bool)>> {
    let Some(body) = operation.get("requestBody") else {
        return Ok(None);
    };
    let body = match body.get("$ref").and_then(Value::as_str) {
        Some(reference) => lookup_ref(document, reference)
            .ok_or_else(|| anyhow!("`{reference}` does not resolve"))?,
        None => body,
    };
    let content = body
        .get("content")
        .and_then(Value::as_object)
        .ok_or_else(|| anyhow!("the request body has no content"))?;
    let json = content
        .iter()
        .find(|(media, _)| *media == "application/json" || media.ends_with("+json"))
        .map(|(_, media)| media)
        .ok_or_else(|| {
            anyhow!(
                "the request body is not JSON ({}): the CLI generator handles JSON bodies only",
                content.keys().cloned().collect::<Vec<_>>().join(", ")
            )
        })?;
    let required = body.get("required").and_then(Value::as_bool) == Some(true);
    Ok(Some((json.get("schema").unwrap_or(&Value::Null), required)))
}

impl Body {
    fn read(
        document: &Value,
        (schema, body_required): (&Value, bool),
        ty: &Type,
        taken: &mut BTreeSet<String>,
    ) -> Result<Self> {
        let mut ty = ty.clone();
        qualify(&mut ty);
        let resolved = resolve(document, schema);
        let required: BTreeSet<&str> = resolved
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let properties = resolved
            .get("properties")
            .and_then(Value::as_object)
            .filter(|properties| !properties.is_empty());

        // A flat body: every property a scalar or an enum.
        let mut flags = Vec::new();
        let mut secrets = Vec::new();
        let mut flat = properties.is_some();
        for (property, property_schema) in properties.into_iter().flatten() {
            let resolved_property = resolve(document, property_schema);
            let sensitive = [property_schema, resolved_property]
                .iter()
                .any(|s| s.get("x-sensitive") == Some(&Value::Bool(true)));
            let Some(value) = body_value(resolved_property) else {
                flat = false;
                break;
            };
            if sensitive {
                secrets.push(property.clone());
                continue;
            }
            let mut help = schema_description(document, property_schema)
                .unwrap_or_else(|| format!("The body field `{property}`"));
            help.push_str(&value_hint(document, property_schema));
            flags.push(BodyFlag {
                flag: property.to_kebab_case(),
                property: property.clone(),
                required: required.contains(property.as_str()),
                help,
                value,
            });
        }
        if !flat {
            flags.clear();
            secrets.clear();
        }
        for flag in &mut flags {
            if taken.contains(&flag.flag) {
                flag.flag = format!("body-{}", flag.flag);
            }
            if !taken.insert(flag.flag.clone()) {
                bail!(
                    "body property `{}` would take the flag `--{}` a second time",
                    flag.property,
                    flag.flag
                );
            }
        }
        // Required when a required property has no flag, or a required body has no flags.
        let json_required = required
            .iter()
            .any(|name| !flags.iter().any(|flag| flag.property == *name))
            || (body_required && flags.is_empty());

        let mut help = String::from("The request body as JSON: a file, or - for stdin");
        if let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.rsplit('/').next())
        {
            help = format!("The request body (a `{name}` object) as JSON: a file, or - for stdin");
        }
        if !flags.is_empty() {
            help.push_str(". The body flags set fields on top of it");
        }
        if !secrets.is_empty() {
            let names: Vec<String> = secrets.iter().map(|s| format!("`{s}`")).collect();
            help.push_str(&format!(
                ". Secret fields are read from here only, never from flags: {}",
                names.join(", ")
            ));
        }
        Ok(Self {
            ty,
            help,
            json_required,
            flags,
        })
    }
}

/// How a flat body's property is given on the command line; `None` for arrays and objects.
fn body_value(schema: &Value) -> Option<BodyValue> {
    if let Some(values) = enum_values(schema) {
        return Some(match values {
            EnumValues::Strings(values) => BodyValue::StringEnum(values),
            EnumValues::Integers(values) => BodyValue::IntegerEnum(values),
        });
    }
    match schema.get("type").and_then(Value::as_str)? {
        "string" => Some(BodyValue::Text),
        "integer" => Some(BodyValue::Integer),
        "number" => Some(BodyValue::Number),
        "boolean" => Some(BodyValue::Boolean),
        _ => None,
    }
}

/// What the operations need from progenitor's output.
struct Generated<'f> {
    file: &'f syn::File,
    builder: &'f [Item],
}

/// One operation's builder, as progenitor wrote it.
struct Builder {
    client_method: syn::Ident,
    /// Fields other than `client`, with their types.
    fields: Vec<(syn::Ident, Type)>,
    setters: BTreeSet<String>,
    /// `QueryParam::new("<name>", &<field>)` in `send`.
    query: Vec<(String, syn::Ident)>,
    /// `encode_path(&<field>.to_string())` in `send`, in path order.
    path_fields: Vec<syn::Ident>,
    /// The bound of the `body` setter (`V: TryInto<T>`).
    body_type: Option<Type>,
    response: Response,
}

impl<'f> Generated<'f> {
    fn new(file: &'f syn::File) -> Result<Self> {
        let builder = file
            .items
            .iter()
            .find_map(|item| match item {
                Item::Mod(m) if m.ident == "builder" => {
                    m.content.as_ref().map(|(_, items)| items.as_slice())
                }
                _ => None,
            })
            .ok_or_else(|| anyhow!("progenitor output has no `builder` module"))?;
        Ok(Self { file, builder })
    }

    fn builder(&self, operation: &str) -> Result<Builder> {
        let method = operation.to_snake_case();
        let (client_method, builder) = self
            .file
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
                    ReturnType::Type(_, ty) => {
                        last_ident(ty).map(|b| (f.sig.ident.clone(), b.clone()))
                    }
                    ReturnType::Default => None,
                },
                _ => None,
            })
            .ok_or_else(|| {
                anyhow!("progenitor output has no `Client::{method}` returning a builder")
            })?;
        let fields: Vec<(syn::Ident, Type)> = self
            .builder
            .iter()
            .find_map(|item| match item {
                Item::Struct(s) if s.ident == builder => Some(s),
                _ => None,
            })
            .and_then(|s| match &s.fields {
                Fields::Named(named) => Some(named),
                _ => None,
            })
            .ok_or_else(|| anyhow!("progenitor output has no `builder::{builder}` struct"))?
            .named
            .iter()
            .filter_map(|field| Some((field.ident.clone()?, field.ty.clone())))
            .filter(|(ident, _)| ident != "client")
            .collect();
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
        let mut visitor = SendVisitor::default();
        visitor.visit_block(&send.block);

        let body_type = match methods.iter().find(|method| method.sig.ident == "body") {
            None => None,
            Some(setter) => Some(
                setter_bound(setter)
                    .ok_or_else(|| anyhow!("`builder::{builder}::body` has no `TryInto` bound"))?,
            ),
        };

        // `send` returns `Result<ResponseValue<R>, E>`.
        let ReturnType::Type(_, returned) = &send.sig.output else {
            bail!("`builder::{builder}::send` returns nothing");
        };
        let value = type_args(returned, "Result")
            .and_then(|args| args.first().copied())
            .and_then(|value| type_args(value, "ResponseValue"))
            .and_then(|args| args.first().copied())
            .ok_or_else(|| {
                anyhow!("`builder::{builder}::send` does not return a Result<ResponseValue<_>, _>")
            })?;
        let response = match value {
            Type::Tuple(tuple) if tuple.elems.is_empty() => Response::Empty,
            ty if last_ident(ty).is_some_and(|i| i == "ByteStream") => Response::Bytes,
            _ => Response::Json,
        };

        Ok(Builder {
            client_method,
            fields,
            setters: methods.iter().map(|m| m.sig.ident.to_string()).collect(),
            query: visitor.query,
            path_fields: visitor.path,
            body_type,
            response,
        })
    }
}

/// `T` of a setter `fn body<V>(..) where V: std::convert::TryInto<T>`.
fn setter_bound(setter: &syn::ImplItemFn) -> Option<Type> {
    let clause = setter.sig.generics.where_clause.as_ref()?;
    clause.predicates.iter().find_map(|predicate| {
        let syn::WherePredicate::Type(predicate) = predicate else {
            return None;
        };
        if last_ident(&predicate.bounded_ty).is_none_or(|i| i != "V") {
            return None;
        }
        predicate.bounds.iter().find_map(|bound| {
            let syn::TypeParamBound::Trait(bound) = bound else {
                return None;
            };
            let last = bound.path.segments.last()?;
            if last.ident != "TryInto" {
                return None;
            }
            let PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            args.args.iter().find_map(|arg| match arg {
                GenericArgument::Type(ty) => Some(ty.clone()),
                _ => None,
            })
        })
    })
}

/// Reads `send`: the query parameters and the path fields it encodes.
#[derive(Default)]
struct SendVisitor {
    query: Vec<(String, syn::Ident)>,
    path: Vec<syn::Ident>,
}

impl<'ast> Visit<'ast> for SendVisitor {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        let names: Vec<String> = match &*call.func {
            syn::Expr::Path(path) => path
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect(),
            _ => Vec::new(),
        };
        if names.ends_with(&["QueryParam".to_owned(), "new".to_owned()])
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
            self.query.push((name.value(), ident.clone()));
        }
        // `encode_path(&field.to_string())`
        if names.last().is_some_and(|n| n == "encode_path")
            && let Some(syn::Expr::Reference(reference)) = call.args.first()
            && let syn::Expr::MethodCall(to_string) = &*reference.expr
            && to_string.method == "to_string"
            && let syn::Expr::Path(field) = &*to_string.receiver
            && let Some(ident) = field.path.get_ident()
        {
            self.path.push(ident.clone());
        }
        syn::visit::visit_expr_call(self, call);
    }

    /// The URL is built in `format!(..)`, whose arguments syn keeps as tokens.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if mac.path.is_ident("format") {
            let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
            if let Ok(arguments) = syn::parse::Parser::parse2(parser, mac.tokens.clone()) {
                for argument in &arguments {
                    self.visit_expr(argument);
                }
            }
        }
        syn::visit::visit_macro(self, mac);
    }
}

/// Rewrites the generated client's own paths (`types::X`, `crate::generated::types::X`) to
/// paths the CLI can use (`api::types::X`, `api` being the client crate).
fn qualify(ty: &mut Type) {
    struct Qualify;
    impl VisitMut for Qualify {
        fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
            if ty.qself.is_none() && ty.path.leading_colon.is_none() {
                let first = ty.path.segments.first().map(|s| s.ident.to_string());
                match first.as_deref() {
                    Some("crate") => {
                        // `crate::generated::types::X` -> `api::types::X`
                        let rest: Vec<syn::PathSegment> =
                            ty.path.segments.iter().skip(2).cloned().collect();
                        ty.path.segments = rest.into_iter().collect();
                        ty.path.segments.insert(0, format_ident!("api").into());
                    }
                    Some("types") => ty.path.segments.insert(0, format_ident!("api").into()),
                    _ => {}
                }
            }
            syn::visit_mut::visit_type_path_mut(self, ty);
        }
    }
    Qualify.visit_type_mut(ty);
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

// ---------------------------------------------------------------------------------------------
// Rendering

fn file_tokens(operations: &[Operation], vendor: &Vendor<'_>) -> TokenStream {
    let client_crate = format_ident!("{}", vendor.client_crate);
    let command = vendor.command;
    let module_doc = format!(
        " `secops {command} <operation>`: one subcommand per operation of the spec ({count} in \
         all), and the code that runs it.",
        count = operations.len()
    );
    let command_fns: Vec<syn::Ident> = operations
        .iter()
        .map(|o| format_ident!("{}_command", o.id.to_snake_case()))
        .collect();
    let run_fns: Vec<syn::Ident> = operations
        .iter()
        .map(|o| format_ident!("{}_run", o.id.to_snake_case()))
        .collect();
    let names: Vec<&str> = operations.iter().map(|o| o.name.as_str()).collect();
    let unknown = format!("no operation `{{name}}`; see `secops {command} --help`");
    let definitions = operations
        .iter()
        .zip(command_fns.iter().zip(&run_fns))
        .map(|(operation, (command_fn, run_fn))| operation.tokens(command_fn, run_fn));

    quote! {
        #![doc = #module_doc]

        use ::clap::{Arg, ArgMatches, Command};
        use ::secops_sdk::#client_crate as api;

        use crate::exit::CliError;
        use crate::output::Output;

        /// Every operation as a subcommand, sorted by name.
        pub fn commands() -> Vec<Command> {
            vec![#(#command_fns()),*]
        }

        /// Runs the operation subcommand `name` with its flags.
        pub async fn run(
            client: &api::Client,
            name: &str,
            matches: &ArgMatches,
            out: &mut Output,
        ) -> Result<(), CliError> {
            match name {
                #(#names => #run_fns(client, matches, out).await,)*
                _ => Err(CliError::usage(format!(#unknown))),
            }
        }

        #(#definitions)*
    }
}

impl Operation {
    fn tokens(&self, command_fn: &syn::Ident, run_fn: &syn::Ident) -> TokenStream {
        let name = &self.name;
        let doc_command = format!(" `{name}`: `{} {}`.", self.method.to_uppercase(), self.path);
        let doc_run = format!(" Sends `{}` with the flags of `{name}`.", self.id);
        let about = self.about.as_ref().map(|about| quote!(.about(#about)));
        let long_about = self
            .long_about
            .as_ref()
            .map(|long_about| quote!(.long_about(#long_about)));
        let request_line = format!(
            "Request: {} {} (operation `{}`)",
            self.method.to_uppercase(),
            self.path,
            self.id
        );

        let mut args: Vec<TokenStream> = self.params.iter().map(Param::arg).collect();
        if let Some(body) = &self.body {
            let required = body.json_required;
            let help = &body.help;
            args.push(quote!(super::json_body_arg(#required, #help)));
            args.extend(body.flags.iter().map(BodyFlag::arg));
        }
        if self.paged {
            args.push(quote!(super::all_arg()));
        }
        if self.response == Response::Bytes {
            args.push(quote!(super::output_file_arg()));
        }

        let uses_matches = !self.params.is_empty()
            || self.body.is_some()
            || self.paged
            || self.response == Response::Bytes;
        let matches = if uses_matches {
            quote!(matches)
        } else {
            quote!(_matches)
        };
        let out = if self.response != Response::Json && !self.paged {
            quote!(_out)
        } else {
            quote!(out)
        };
        let mutable = if self.params.is_empty() && self.body.is_none() {
            quote!()
        } else {
            quote!(mut)
        };
        let client_method = &self.client_method;
        let setters = self.params.iter().map(Param::set);
        let body = self.body.as_ref().map(|body| {
            let ty = &body.ty;
            let operation = &self.id;
            let flags = body.flags.iter().map(BodyFlag::spec);
            quote! {
                let body: #ty = super::body(matches, #operation, &[#(#flags),*])?;
                request = request.body(body);
            }
        });
        let all = self.paged.then(|| {
            quote! {
                if matches.get_flag(super::ALL) {
                    return super::all_items(request, out).await;
                }
            }
        });
        let answer = match self.response {
            Response::Empty => quote! {
                request.send().await?;
                Ok(())
            },
            Response::Bytes => quote! {
                let response = request.send().await?;
                super::write_bytes(response.into_inner_stream(), matches).await
            },
            Response::Json => quote! {
                let response = request.send().await?;
                out.write(&response.into_inner())
            },
        };

        quote! {
            #[doc = #doc_command]
            fn #command_fn() -> Command {
                Command::new(#name)
                    #about
                    #long_about
                    .after_long_help(#request_line)
                    #(.arg(#args))*
            }

            #[doc = #doc_run]
            async fn #run_fn(
                client: &api::Client,
                #matches: &ArgMatches,
                #out: &mut Output,
            ) -> Result<(), CliError> {
                let #mutable request = client.#client_method();
                #(#setters)*
                #body
                #all
                #answer
            }
        }
    }
}

impl Param {
    fn arg(&self) -> TokenStream {
        let flag = &self.flag;
        let help = &self.help;
        let required = self.required.then(|| quote!(.required(true)));
        let parser = match &self.value {
            ParamValue::Text => quote!(),
            ParamValue::StringEnum(values) => {
                quote!(.value_parser(::clap::builder::PossibleValuesParser::new([#(#values),*])))
            }
            ParamValue::IntegerEnum(values) => {
                let values = integer_values(values);
                quote!(.value_parser(super::integer_enum(&[#(#values),*])))
            }
            ParamValue::Parsed(ty) => quote!(.value_parser(::clap::value_parser!(#ty))),
        };
        let value_name = value_name(flag);
        quote! {
            Arg::new(#flag)
                .long(#flag)
                .value_name(#value_name)
                .help(#help)
                .help_heading(#PARAMETERS)
                #required
                #parser
        }
    }

    fn set(&self) -> TokenStream {
        let flag = &self.flag;
        let setter = &self.setter;
        let (ty, value) = match &self.value {
            ParamValue::Text => (quote!(String), quote!(value)),
            ParamValue::StringEnum(_) => (quote!(String), quote!(value.as_str())),
            ParamValue::IntegerEnum(_) => (quote!(i64), quote!(value)),
            ParamValue::Parsed(ty) => (quote!(#ty), quote!(value)),
        };
        quote! {
            if let Some(value) = matches.get_one::<#ty>(#flag).cloned() {
                request = request.#setter(#value);
            }
        }
    }
}

impl BodyFlag {
    fn arg(&self) -> TokenStream {
        let flag = &self.flag;
        let help = &self.help;
        let required = self
            .required
            .then(|| quote!(.required_unless_present(super::JSON_BODY)));
        let parser = match &self.value {
            BodyValue::Text => quote!(),
            BodyValue::StringEnum(values) => {
                quote!(.value_parser(::clap::builder::PossibleValuesParser::new([#(#values),*])))
            }
            BodyValue::Integer => quote!(.value_parser(::clap::value_parser!(i64))),
            BodyValue::IntegerEnum(values) => {
                let values = integer_values(values);
                quote!(.value_parser(super::integer_enum(&[#(#values),*])))
            }
            BodyValue::Number => quote!(.value_parser(::clap::value_parser!(f64))),
            BodyValue::Boolean => quote!(.value_parser(::clap::value_parser!(bool))),
        };
        let value_name = value_name(flag);
        quote! {
            Arg::new(#flag)
                .long(#flag)
                .value_name(#value_name)
                .help(#help)
                .help_heading(#REQUEST_BODY)
                #required
                #parser
        }
    }

    /// The `super::BodyFlag` that tells `super::body` where the flag's value goes.
    fn spec(&self) -> TokenStream {
        let flag = &self.flag;
        let property = &self.property;
        let json = match self.value {
            BodyValue::Text | BodyValue::StringEnum(_) => quote!(Text),
            BodyValue::Integer | BodyValue::IntegerEnum(_) => quote!(Integer),
            BodyValue::Number => quote!(Number),
            BodyValue::Boolean => quote!(Boolean),
        };
        quote!(super::BodyFlag {
            flag: #flag,
            property: #property,
            json: super::Json::#json,
        })
    }
}

/// `--legal-hold-id <LEGAL_HOLD_ID>`.
fn value_name(flag: &str) -> String {
    flag.to_uppercase().replace('-', "_")
}

/// `("2", Some("ACTIVE"))` pairs for `super::integer_enum`.
fn integer_values(values: &[(i64, Option<String>)]) -> Vec<TokenStream> {
    values
        .iter()
        .map(|(value, name)| {
            let value = value.to_string();
            match name {
                Some(name) => quote!((#value, Some(#name))),
                None => quote!((#value, None)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle};
    use serde_json::json;

    /// A small spec: a paged listing with an enum, a required path id, a flat body with a
    /// secret, a nested body, an empty answer, a byte answer, and names that collide.
    fn spec() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "Things", "version": "1"},
            "paths": {
                "/v1/things": {
                    "get": {
                        "operationId": "list_things",
                        "summary": "List things",
                        "description": "Every thing, one page at a time.",
                        "parameters": [
                            {"name": "count", "in": "query", "description": "Things per page",
                             "schema": {"type": "integer", "format": "int64", "default": 100}},
                            {"name": "cursor", "in": "query",
                             "schema": {"type": "integer", "format": "int64"}},
                            {"name": "status", "in": "query", "description": "Only these",
                             "schema": {"type": "string", "enum": ["open", "closed"]}},
                            {"name": "output", "in": "query", "description": "Clashes",
                             "schema": {"type": "string"}}
                        ],
                        "x-pagination": {
                            "cursor-param": "cursor", "cursor-kind": "position",
                            "items-field": "things", "cursor-field": "next", "end": "empty-page"
                        },
                        "responses": {"200": {"description": "ok", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/ThingPage"}}}}}
                    },
                    "post": {
                        "operationId": "create_thing",
                        "summary": "Create a thing",
                        "requestBody": {"required": true, "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/NewThing"}}}},
                        "responses": {"200": {"description": "ok", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Thing"}}}}}
                    }
                },
                "/v1/things/{thingId}": {
                    "get": {
                        "operationId": "get_thing",
                        "summary": "Get a thing",
                        "parameters": [{"name": "thingId", "in": "path", "required": true,
                                        "description": "The thing",
                                        "schema": {"type": "string", "format": "uuid"}}],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Thing"}}}}}
                    },
                    "put": {
                        "operationId": "replace_thing",
                        "parameters": [{"name": "thingId", "in": "path", "required": true,
                                        "schema": {"type": "string"}}],
                        "requestBody": {"content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Thing"}}}},
                        "responses": {"204": {"description": "done"}}
                    }
                },
                "/v1/things/{thingId}/archive": {
                    "get": {
                        "operationId": "download_thing",
                        "parameters": [{"name": "thingId", "in": "path", "required": true,
                                        "schema": {"type": "string"}}],
                        "responses": {"200": {"description": "zip", "content": {"application/zip": {
                            "schema": {"type": "string", "format": "binary"}}}}}
                    }
                },
                "/v1/login": {
                    "get": {
                        "operationId": "login",
                        "responses": {"204": {"description": "done"}}
                    }
                }
            },
            "components": {"schemas": {
                "Thing": {"type": "object", "properties": {
                    "id": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}}
                }},
                "ThingPage": {"type": "object", "properties": {
                    "things": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                    "next": {"type": "integer", "format": "int64"}
                }},
                "NewThing": {"type": "object", "required": ["name", "token"], "properties": {
                    "name": {"type": "string", "description": "Its name"},
                    "size": {"type": "integer"},
                    "ratio": {"type": "number"},
                    "shiny": {"type": "boolean"},
                    "kind": {"type": "integer", "enum": [0, 1],
                             "x-enum-varnames": ["PLAIN", "FANCY"]},
                    "output": {"type": "string"},
                    "token": {"type": "string", "x-sensitive": true}
                }}
            }}
        })
    }

    fn rendered(document: &Value) -> Result<String> {
        let spec: openapiv3::OpenAPI = serde_json::from_value(document.clone()).unwrap();
        let mut settings = GenerationSettings::new();
        settings
            .with_interface(InterfaceStyle::Builder)
            .with_tag(TagStyle::Merged);
        let tokens = Generator::new(&settings).generate_tokens(&spec).unwrap();
        let file: syn::File = syn::parse2(tokens).unwrap();
        let (paged, problems) = crate::x_pagination::read(document);
        assert!(problems.is_empty(), "{problems:?}");
        let vendor = Vendor {
            command: "things",
            client_crate: "things_client",
        };
        let cli = render(document, &paged, &file, &vendor)?;
        Ok(spaced(&prettyplease::unparse(&cli)))
    }

    /// `text` without whitespace and trailing commas, so that line breaks do not matter.
    fn squash(text: &str) -> String {
        let mut squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for (trailing, close) in [(",)", ")"), (",]", "]"), (",}", "}")] {
            squashed = squashed.replace(trailing, close);
        }
        squashed
    }

    /// The squashed text of one generated top-level function.
    fn function(text: &str, name: &str) -> String {
        let start = text
            .find(&format!("fn {name}("))
            .unwrap_or_else(|| panic!("no fn {name} in\n{text}"));
        let rest = &text[start..];
        let end = rest.find("\n}\n").map_or(rest.len(), |end| end + 2);
        squash(&rest[..end])
    }

    /// Whether the squashed `text` contains `expected`, line breaks aside.
    fn has(text: &str, expected: &str) -> bool {
        text.contains(&squash(expected))
    }

    #[test]
    fn every_operation_is_a_sorted_subcommand() {
        let text = squash(&rendered(&spec()).unwrap());
        for expected in [
            "use ::secops_sdk::things_client as api;",
            "vec![ login_command(), create_thing_command(),",
            "\"create-thing\" => create_thing_run(client, matches, out).await,",
            "\"api-login\" => login_run(client, matches, out).await,",
            "Command::new(\"list-things\") .about(\"List things\") .long_about(\"Every thing, one page at a time.\") .after_long_help(\"Request: GET /v1/things (operation `list_things`)\")",
            "no operation `{name}`; see `secops things --help`",
        ] {
            assert!(has(&text, expected), "missing {expected:?} in\n{text}");
        }
        let names: Vec<&str> = text
            .match_indices("Command::new(\"")
            .map(|(at, found)| {
                let rest = &text[at + found.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        assert_eq!(
            names,
            [
                "api-login",
                "create-thing",
                "download-thing",
                "get-thing",
                "list-things",
                "replace-thing"
            ]
        );
    }

    #[test]
    fn parameters_are_typed_flags() {
        let text = rendered(&spec()).unwrap();
        let list = function(&text, "list_things_command");
        for expected in [
            "Arg::new(\"count\") .long(\"count\") .value_name(\"COUNT\") .help(\"Things per page [API default: 100]\") .help_heading(\"Parameters\") .value_parser(::clap::value_parser!(i64))",
            "Arg::new(\"status\") .long(\"status\") .value_name(\"STATUS\") .help(\"Only these\") .help_heading(\"Parameters\") .value_parser(::clap::builder::PossibleValuesParser::new([\"open\", \"closed\"]))",
            // `--output` is `secops`'s own.
            "Arg::new(\"query-output\") .long(\"query-output\")",
            "super::all_arg()",
        ] {
            assert!(has(&list, expected), "missing {expected:?} in\n{list}");
        }
        assert!(!has(&list, ".required(true)"), "{list}");

        let get = function(&text, "get_thing_command");
        assert!(
            has(
                &get,
                "Arg::new(\"thing-id\") .long(\"thing-id\") .value_name(\"THING_ID\") .help(\"The thing\") .help_heading(\"Parameters\") .required(true) .value_parser(::clap::value_parser!(::uuid::Uuid))"
            ),
            "{get}"
        );
        assert!(
            !has(&get, "all_arg"),
            "--all only on paged operations: {get}"
        );

        let run = function(&text, "get_thing_run");
        assert!(
            has(
                &run,
                "if let Some(value) = matches.get_one::<::uuid::Uuid>(\"thing-id\").cloned() { request = request.thing_id(value); }"
            ),
            "{run}"
        );
        let run = function(&text, "list_things_run");
        for expected in [
            "matches.get_one::<String>(\"status\").cloned() { request = request.status(value.as_str()); }",
            "matches.get_one::<String>(\"query-output\").cloned() { request = request.output(value); }",
            "if matches.get_flag(super::ALL) { return super::all_items(request, out).await; }",
            "let response = request.send().await?; out.write(&response.into_inner())",
        ] {
            assert!(has(&run, expected), "missing {expected:?} in\n{run}");
        }
    }

    #[test]
    fn a_flat_body_gets_flags_except_for_secrets() {
        let text = rendered(&spec()).unwrap();
        let command = function(&text, "create_thing_command");
        for expected in [
            // `token` is required and has no flag, so --json-body is required.
            "super::json_body_arg( true, \"The request body (a `NewThing` object) as JSON: a file, or - for stdin. The body flags set fields on top of it. Secret fields are read from here only, never from flags: `token`\", )",
            "Arg::new(\"name\") .long(\"name\") .value_name(\"NAME\") .help(\"Its name\") .help_heading(\"Request body\") .required_unless_present(super::JSON_BODY)",
            "Arg::new(\"size\") .long(\"size\") .value_name(\"SIZE\") .help(\"The body field `size`\") .help_heading(\"Request body\") .value_parser(::clap::value_parser!(i64))",
            "Arg::new(\"ratio\") .long(\"ratio\")",
            ".value_parser(::clap::value_parser!(f64))",
            ".value_parser(::clap::value_parser!(bool))",
            ".value_parser(super::integer_enum(&[(\"0\", Some(\"PLAIN\")), (\"1\", Some(\"FANCY\"))]))",
            "Arg::new(\"body-output\") .long(\"body-output\")",
        ] {
            assert!(
                has(&command, expected),
                "missing {expected:?} in\n{command}"
            );
        }
        assert!(!has(&command, "\"token\""), "{command}");
        let run = function(&text, "create_thing_run");
        for expected in [
            "let body: api::types::NewThing = super::body( matches, \"create_thing\", &[",
            "super::BodyFlag { flag: \"kind\", property: \"kind\", json: super::Json::Integer, }",
            "super::BodyFlag { flag: \"body-output\", property: \"output\", json: super::Json::Text, }",
            "request = request.body(body);",
        ] {
            assert!(has(&run, expected), "missing {expected:?} in\n{run}");
        }
    }

    #[test]
    fn a_nested_body_is_json_only_and_empty_and_byte_answers() {
        let text = rendered(&spec()).unwrap();
        let command = function(&text, "replace_thing_command");
        assert!(
            has(
                &command,
                "super::json_body_arg( false, \"The request body (a `Thing` object) as JSON: a file, or - for stdin\", )"
            ),
            "{command}"
        );
        assert!(!has(&command, "\"Request body\""), "{command}");
        let run = function(&text, "replace_thing_run");
        assert!(has(&run, "_out: &mut Output"), "{run}");
        assert!(
            has(&run, "super::body(matches, \"replace_thing\", &[])?;"),
            "{run}"
        );
        assert!(has(&run, "request.send().await?; Ok(())"), "{run}");
        let download = function(&text, "download_thing_command");
        assert!(has(&download, "super::output_file_arg()"), "{download}");
        let run = function(&text, "download_thing_run");
        assert!(has(&run, "_out: &mut Output"), "{run}");
        assert!(
            has(
                &run,
                "super::write_bytes(response.into_inner_stream(), matches).await"
            ),
            "{run}"
        );
        let login = function(&text, "login_run");
        assert!(
            has(&login, "_matches: &ArgMatches") && has(&login, "let request = client.login();"),
            "{login}"
        );
    }

    #[test]
    fn items_are_spaced() {
        let pretty = "//! Doc\nuse a;\nuse b;\n/// One\nfn one() {\n    x\n}\nfn two() {}\n";
        assert_eq!(
            spaced(pretty),
            "//! Doc\n\nuse a;\nuse b;\n\n/// One\nfn one() {\n    x\n}\n\nfn two() {}\n"
        );
    }

    #[test]
    fn header_parameters_stop_generation() {
        let mut document = spec();
        document["paths"]["/v1/login"]["get"]["parameters"] =
            json!([{"name": "X-Trace", "in": "header", "schema": {"type": "string"}}]);
        let error = rendered(&document).unwrap_err();
        assert_eq!(
            format!("{error:#}"),
            "CLI subcommand of `login`: parameter `X-Trace` is in `header`: the CLI generator \
             handles path and query parameters only"
        );
    }
}
