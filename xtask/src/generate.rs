//! Spec in, formatted Rust out: progenitor, then prettyplease, then rustfmt.

use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, anyhow, bail};
use progenitor::{
    CrateVers, GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl,
};
use quote::quote;

use crate::targets::Target;
use crate::{
    adjust, call_path, doc_comments, extra_defaults, listings, load, oauth2, open_enums,
    request_id, sensitive, tls_builder, type_builders, validate, x_pagination,
};

/// The progenitor version the generated code is made with; `progenitor-client` must match it.
pub(crate) const PROGENITOR_VERSION: &str = "0.15.1";

/// Where the client crate's `lib.rs` mounts the generated file. Open enum types are referred
/// to through this path from inside and outside the generated `types` module.
const GENERATED_MODULE: &str = "crate::generated";

/// What one spec produces: the client's generated file, and the CLI's when the target has one.
pub struct Rendered {
    /// The complete text of `target.output`.
    pub client: String,
    /// The complete text of the CLI's file (`target.cli`).
    pub cli: Option<String>,
    /// The typed httpmock helpers, when the spec has a mock crate (`httpmock.rs`).
    pub httpmock: Option<crate::httpmock::Rendered>,
}

/// Produces the complete text of `target.output` (and of the CLI's file).
pub fn render(target: &Target) -> Result<Rendered> {
    let mut document = load::read_document(&target.spec)?;

    let problems = validate::check(&document);
    if !problems.is_empty() {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("  {}: at `{}`: {}", target.spec_display(), p.at, p.reason))
            .collect();
        bail!(
            "{} is not a valid spec ({} problem(s)):\n{}",
            target.spec_display(),
            problems.len(),
            lines.join("\n")
        );
    }

    let cli_document = target.cli.as_ref().map(|_| document.clone());
    let (paged, _) = x_pagination::read(&document);
    let (code_flow, _) = oauth2::read(&document);
    let sensitive_fields = call_path::sensitive_fields(&document);
    let request_id_header = request_id::read(&document)
        .with_context(|| format!("{}: the request-id header", target.spec_display()))?;
    let adjusted = adjust::apply(&mut document);
    let spec = load::to_openapi(&target.spec, document)?;
    let httpmock = crate::httpmock::render(target, &spec, &adjusted)?;

    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote!(::secops_runtime::Hooks))
        .with_derive("PartialEq")
        // Free-form properties (`x-rust-type`, `adjust.rs` rule 5) become the runtime's type.
        .with_crate(adjust::RAW_JSON_CRATE, CrateVers::Any, None);
    let mut rust_names = std::collections::BTreeMap::new();
    for name in adjusted.enums.keys() {
        let rust_name = adjust::rust_type_name(name);
        if let Some(other) = rust_names.insert(rust_name.clone(), name) {
            bail!(
                "{}: enum schemas `{other}` and `{name}` both become the Rust type `{rust_name}`: rename one",
                target.spec_display()
            );
        }
        settings.with_replacement(
            &rust_name,
            format!("{GENERATED_MODULE}::types::{rust_name}"),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }

    if adjusted.uses_sensitive_strings {
        let name = adjust::SENSITIVE_STRING;
        settings.with_replacement(
            name,
            format!("{GENERATED_MODULE}::types::{name}"),
            std::iter::empty(),
        );
    }

    let mut generator = Generator::new(&settings);
    let tokens = std::panic::catch_unwind(AssertUnwindSafe(|| generator.generate_tokens(&spec)))
        .map_err(|panic| {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unknown panic".to_owned());
            anyhow!(
                "progenitor panicked on {}: {message} (see progenitor notes in xtask/README.md)",
                target.spec_display()
            )
        })?
        .map_err(|e| anyhow!("progenitor rejected {}: {e}", target.spec_display()))?;

    let mut file: syn::File =
        syn::parse2(tokens).context("progenitor produced tokens that are not a Rust file")?;
    insert_open_enums(&mut file, &adjusted)?;
    extra_defaults::start_empty(&mut file);
    crate::tolerant::apply(&mut file).context("tolerant decoding and masked Debug")?;
    let listing_impls = listings::render(&paged, &file)?;
    let paged_builders = listings::builder_names(&paged, &file)?;
    call_path::rewrite(
        &mut file,
        &paged_builders,
        &sensitive_fields,
        request_id_header.as_deref(),
    )
    .context("routing operations through secops_runtime::call")?;
    file.items.extend(listing_impls);
    if let Some(flow) = &code_flow {
        file.items
            .push(syn::parse2(oauth2::render(flow)).context("oauth2 module")?);
    }
    tls_builder::use_in_new(&mut file).context("the TLS builder in `Client::new`")?;
    doc_comments::normalize(&mut file);
    let cli = match (&target.cli, &cli_document) {
        (Some(cli), Some(document)) => Some(render_cli(target, cli, document, &paged, &file)?),
        _ => None,
    };
    // After the CLI, which reads the operation builders' body types.
    type_builders::gate(&mut file).context("the `type-builders` feature")?;

    let pretty = prettyplease::unparse(&file);
    let formatted = rustfmt(&pretty, target.root())?;
    let client = format!(
        "// Generated by `cargo xtask regen` from {spec} with progenitor {PROGENITOR_VERSION}.\n\
         // Do not edit: change the spec (or xtask/) and run `cargo xtask regen`.\n\n{formatted}",
        spec = target.spec_display()
    );
    Ok(Rendered {
        client,
        cli,
        httpmock,
    })
}

/// The CLI's subcommands for the spec (`cli.rs`), read against the finished client `file`.
fn render_cli(
    target: &Target,
    cli: &crate::targets::CliTarget,
    document: &serde_json::Value,
    paged: &[x_pagination::Pagination],
    file: &syn::File,
) -> Result<String> {
    let vendor = crate::cli::Vendor {
        command: &cli.vendor,
        client_crate: &cli.client_crate,
    };
    let items = crate::cli::render(document, paged, file, &vendor)
        .with_context(|| format!("the CLI subcommands of {}", target.spec_display()))?;
    let formatted = rustfmt(
        &crate::cli::spaced(&prettyplease::unparse(&items)),
        target.root(),
    )?;
    Ok(format!(
        "// Generated by `cargo xtask regen` from {spec} with progenitor {PROGENITOR_VERSION}.\n\
         // Do not edit: change the spec (or xtask/) and run `cargo xtask regen`.\n\n{formatted}",
        spec = target.spec_display()
    ))
}

/// Puts the open enum types (and `SensitiveString`) into the generated `types` module, beside
/// the other types.
fn insert_open_enums(file: &mut syn::File, adjusted: &adjust::Adjusted) -> Result<()> {
    let types = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "types" => module.content.as_mut(),
            _ => None,
        })
        .ok_or_else(|| anyhow!("progenitor output has no `types` module"))?;
    for open in adjusted.enums.values() {
        let items: syn::File = syn::parse2(open_enums::render(open)).context("open enum tokens")?;
        types.1.extend(items.items);
    }
    if adjusted.uses_sensitive_strings {
        let items: syn::File =
            syn::parse2(sensitive::render()).context("sensitive string tokens")?;
        types.1.extend(items.items);
    }
    Ok(())
}

/// Formats with the toolchain's rustfmt so the file matches `cargo fmt` exactly (run from the
/// workspace root so a `rustfmt.toml` there applies to both).
pub(crate) fn rustfmt(source: &str, root: &std::path::Path) -> Result<String> {
    let rustfmt = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".to_owned());
    let mut child = Command::new(&rustfmt)
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| {
            format!("cannot run `{rustfmt}`: install it with `rustup component add rustfmt`")
        })?;
    child
        .stdin
        .take()
        .context("rustfmt stdin")?
        .write_all(source.as_bytes())?;
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!(
            "rustfmt failed on the generated code: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    String::from_utf8(output.stdout).context("rustfmt printed non-UTF-8 text")
}
