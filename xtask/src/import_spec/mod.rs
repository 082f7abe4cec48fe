//! `cargo xtask import-spec NAME FILE`: merges the vendor's published spec file into
//! `openapi/<NAME>.json` without breaking users' code.
//!
//! Each vendor operation is matched to ours by its summary (our summaries are the pages'
//! headings), then by method and path ([`matching`]). A matched operation keeps our
//! `operationId`, tags, summary, `security` and every `x-` extension, and takes the vendor's
//! method, path, parameters, request body, responses and description; it is marked
//! `x-path-source: vendor-spec`. The vendor's component schemas replace ours, under our names
//! where the matched operations show which is which ([`merge::name_schemas`]), with our
//! extensions carried to the same place. Operations only in the vendor's file are added
//! (`x-path-source: vendor-spec`); ours that it lacks are kept and marked
//! `x-vendor-spec: missing`. The vendor's own `x-` extensions are dropped (listed).
//!
//! The vendor's operation table `openapi/tools/<vendor>-operations.csv` (an input of
//! `build_specs.py`) is brought in step with the merged spec ([`table`]).
//!
//! Everything is built in memory, checked with the same validation as `regen` (and, unless
//! `--no-generate`, generated), the table read back against the merged spec, and only then are
//! both written, together ([`replace`]), the spec in the layout `build_specs.py` writes. A
//! reconciliation report goes to stdout and to a Markdown file.

mod matching;
mod merge;
mod ordered;
mod replace;
mod report;
mod table;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use ordered::Json;

/// How to call the task.
/// The arguments of `cargo xtask import-spec`.
#[derive(clap::Args)]
pub struct Args {
    /// The spec to import into: openapi/NAME.json (as `cargo xtask regen NAME`).
    name: String,
    /// The vendor's OpenAPI 3.0 file (JSON, or YAML for .yaml/.yml).
    file: PathBuf,
    /// Where to write the Markdown report (default: target/import-spec-NAME.md).
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,
    /// Write the report only, not the spec and its operation table.
    #[arg(long)]
    dry_run: bool,
    /// Skip generating the clients from the merged spec in memory (faster; the spec is still
    /// validated as `regen` validates it).
    #[arg(long)]
    no_generate: bool,
}

/// What an import produced, before anything is written.
pub struct Imported {
    /// The merged spec's text, laid out as `build_specs.py` writes it.
    pub text: String,
    /// The merged spec.
    pub document: serde_json::Value,
    /// The merged spec with its key order (the order rows are added to the operation table).
    pub ordered: Json,
    /// The Markdown report.
    pub report: String,
}

/// Merges the vendor's file at `vendor_path` into our spec at `ours_path`, in memory.
///
/// Fails, naming the operations, when a match is ambiguous, and with every problem when the
/// merged spec does not pass `regen`'s validation.
pub fn import(name: &str, ours_path: &Path, vendor_path: &Path) -> Result<Imported> {
    let ours = ordered::read(ours_path)?;
    let mut vendor = ordered::read(vendor_path)?;
    check_version(&vendor, vendor_path)?;

    merge::fold_path_parameters(&mut vendor);
    let mut outcome = merge::Merged::default();
    let (vendor_base, our_base) = (merge::server_path(&vendor), merge::server_path(&ours));
    outcome.rebased = merge::rebase_paths(&mut vendor, &vendor_base, &our_base)?;
    merge::strip_extensions(&mut vendor, false, &mut outcome.vendor_extensions);

    let our_ops = matching::operations(&ours);
    let vendor_ops = matching::operations(&vendor);
    if vendor_ops.is_empty() {
        bail!("{} has no operations under `paths`", vendor_path.display());
    }
    let matched = matching::match_operations(&our_ops, &vendor_ops)?;

    let ours_value = ours.to_value();
    outcome.schemas = merge::name_schemas(
        &ours_value,
        &vendor.to_value(),
        &our_ops,
        &vendor_ops,
        &matched,
    );
    merge::rename_refs(&mut vendor, &outcome.schemas.names);
    merge::rename_schema_keys(&mut vendor, &outcome.schemas.names);
    merge::build(
        &ours,
        &vendor,
        &our_ops,
        &vendor_ops,
        &matched,
        &mut outcome,
    )?;

    let merged_value = outcome.document.to_value();
    let problems = crate::validate::check(&merged_value);
    if !problems.is_empty() {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("  at `{}`: {}", p.at, p.reason))
            .collect();
        bail!(
            "the merged spec would not pass `cargo xtask regen` ({} problem(s)); nothing was \
             written:\n{}",
            problems.len(),
            lines.join("\n")
        );
    }
    crate::load::to_openapi(Path::new("the merged spec"), merged_value.clone())
        .context("nothing was written")?;

    let file = vendor_path.display().to_string();
    let report = report::render(&report::Inputs {
        name,
        file: &file,
        ours: &ours_value,
        merged: &merged_value,
        our_ops: &our_ops,
        vendor_ops: &vendor_ops,
        matching: &matched,
        outcome: &outcome,
    });
    Ok(Imported {
        text: outcome.document.to_spec_text(),
        document: merged_value,
        ordered: outcome.document,
        report,
    })
}

/// Refuses Swagger 2.0 and OpenAPI 3.1 with what to do.
fn check_version(vendor: &Json, path: &Path) -> Result<()> {
    if vendor.get("swagger").is_some() {
        bail!(
            "{} is Swagger 2.0: convert it to OpenAPI 3.0 first (e.g. with swagger2openapi), then \
             import the result",
            path.display()
        );
    }
    match vendor.get("openapi").and_then(Json::as_str) {
        Some(version) if version.starts_with("3.0.") => Ok(()),
        Some(version) => bail!(
            "{} is OpenAPI {version}: the generator reads 3.0.x; convert it to 3.0 first",
            path.display()
        ),
        None => bail!(
            "{} has no `openapi` version: is it an OpenAPI file?",
            path.display()
        ),
    }
}

/// Writes `text` to `path` through a temporary file in the same folder and a rename, so the
/// file is either the old one or the new one, never a part.
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.import-spec.tmp"));
    std::fs::write(&temp, text).with_context(|| format!("writing {}", temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| {
        let _ = std::fs::remove_file(&temp);
        format!("replacing {}", path.display())
    })
}

/// One import to carry out.
pub struct Request<'a> {
    /// The spec name.
    pub name: &'a str,
    /// Our spec file, replaced by the merged one.
    pub spec: &'a Path,
    /// How to name it in messages.
    pub spec_display: &'a str,
    /// The vendor's file.
    pub file: &'a Path,
    /// The spec's operation table (`openapi/tools/<vendor>-operations.csv`), brought in step
    /// with the merged spec and written with it; `None` when the spec has none.
    pub table: Option<&'a Path>,
    /// Where the report goes.
    pub report: &'a Path,
    /// Write the report only.
    pub dry_run: bool,
}

/// The operation table brought in step with the merged spec, before anything is written.
struct TableUpdate<'a> {
    path: &'a Path,
    /// How messages name it.
    shown: String,
    old: String,
    updated: table::Updated,
}

/// Brings `path`'s table in step with `imported` (in memory), checked against the merged spec.
/// `shown` names the table in messages.
fn update_table<'a>(path: &'a Path, shown: String, imported: &Imported) -> Result<TableUpdate<'a>> {
    let old = std::fs::read_to_string(path)
        .with_context(|| format!("reading {shown} (nothing was written)"))?;
    let updated = table::update(&shown, &old, &imported.ordered)?;
    Ok(TableUpdate {
        path,
        shown,
        old,
        updated,
    })
}

/// How to name `table` in messages: beside the spec's name when it is the spec's own table
/// (`openapi/tools/egnyte-operations.csv` for `openapi/egnyte-protect.json`).
fn table_display(table: &Path, spec: &Path, spec_display: &str) -> String {
    let own = spec.parent().map(|dir| dir.join("tools"));
    match (own, table.file_name()) {
        (Some(own), Some(file)) if table.parent() == Some(own.as_path()) => Path::new(spec_display)
            .parent()
            .unwrap_or(Path::new(""))
            .join("tools")
            .join(file)
            .display()
            .to_string(),
        _ => table.display().to_string(),
    }
}

/// The report's section on the operation table.
fn table_section(table: Option<&TableUpdate<'_>>) -> String {
    let mut out = String::from("## Operation table\n\n");
    let Some(TableUpdate {
        shown,
        old,
        updated,
        ..
    }) = table
    else {
        out.push_str(
            "The spec has no operation table (`openapi/tools/<vendor>-operations.csv`).\n",
        );
        return out;
    };
    let _ = writeln!(
        out,
        "`{shown}`: {} row(s) marked `path_source` = `vendor-spec` ({} with the vendor's method or \
         path), {} row(s) added{}.\n",
        updated.marked,
        updated.moved.len(),
        updated.added.len(),
        if *old == updated.text {
            ", unchanged"
        } else {
            ""
        }
    );
    for (id, line, from, to) in &updated.moved {
        let _ = writeln!(out, "- line {line} `{id}`: `{from}` → `{to}`");
    }
    for (ordinal, id, route) in &updated.added {
        let _ = writeln!(out, "- added row {ordinal} `{id}`: `{route}`");
    }
    out
}

/// Imports, checks, prints and writes the report, then writes the spec and its operation table
/// together (unless a dry run). With `generate` (a scratch folder and the target), the merged
/// spec must also generate. Nothing is written when any step fails; when writing fails, the
/// spec is never left new with its table old ([`replace::replace_together`]).
pub fn apply(
    request: &Request<'_>,
    generate: Option<(PathBuf, &crate::targets::Target)>,
) -> Result<()> {
    let Request {
        name,
        spec,
        spec_display,
        file,
        table,
        report,
        dry_run,
    } = *request;
    let mut imported = import(name, spec, file)?;

    if let Some((scratch, target)) = generate {
        std::fs::create_dir_all(&scratch)
            .with_context(|| format!("creating {}", scratch.display()))?;
        let merged = scratch.join(format!("{name}.json"));
        std::fs::write(&merged, &imported.text)
            .with_context(|| format!("writing {}", merged.display()))?;
        let result = crate::generate::render(&target.with_spec(merged.clone()));
        let _ = std::fs::remove_file(&merged);
        result.context(
            "the merged spec does not generate (nothing was written; --no-generate skips this \
             check)",
        )?;
    }

    let table = table
        .map(|path| update_table(path, table_display(path, spec, spec_display), &imported))
        .transpose()?;
    if !imported.report.ends_with("\n\n") {
        imported.report.push('\n');
    }
    imported.report.push_str(&table_section(table.as_ref()));

    if let Some(dir) = report.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    print!("{}", imported.report);
    write_atomically(report, &imported.report)?;
    println!("report written to {}", report.display());

    let operations: usize = imported
        .document
        .get("paths")
        .and_then(serde_json::Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(serde_json::Value::as_object)
        .map(|item| {
            item.keys()
                .filter(|k| crate::validate::METHODS.contains(&k.as_str()))
                .count()
        })
        .sum();
    println!("the merged spec has {operations} operations and passes regen's validation");
    let current = std::fs::read_to_string(spec).unwrap_or_default();
    // The table first, the spec last: the spec is never new while its table is old.
    let mut changed = Vec::new();
    let mut shown = Vec::new();
    if let Some(t) = &table
        && t.old != t.updated.text
    {
        changed.push(replace::Replacement {
            path: t.path,
            text: &t.updated.text,
        });
        shown.push(t.shown.clone());
    }
    if current != imported.text {
        changed.push(replace::Replacement {
            path: spec,
            text: &imported.text,
        });
        shown.push(spec_display.to_owned());
    }
    if dry_run {
        println!("dry run: nothing written besides the report");
    } else if changed.is_empty() {
        println!("{spec_display} and its operation table unchanged");
    } else {
        replace::replace_together(&changed)?;
        println!("written: {}", shown.join(", "));
    }
    println!(
        "next: cargo xtask regen; cargo test -p contract-tests (attach the report to the pull request; \
         from now on this spec is maintained by import-spec: build_specs.py refuses to rebuild it)"
    );
    Ok(())
}

/// The operation table of the spec at `spec`: `<spec folder>/tools/<vendor>-operations.csv`,
/// `<vendor>` being the first word of the spec's name (`egnyte-protect` -> `egnyte`), when that
/// file exists.
pub fn table_path(name: &str, spec: &Path) -> Option<PathBuf> {
    let vendor = name.split('-').next().unwrap_or(name);
    let path = spec
        .parent()?
        .join("tools")
        .join(format!("{vendor}-operations.csv"));
    path.is_file().then_some(path)
}

/// Checks that the operation table of spec `name` (when it has one: `table_path`) gives every
/// operation the same method and path as the spec: the table is what `build_specs.py` reads,
/// the spec the source of truth. `regen` runs this for every spec in openapi/.
pub fn check_table(name: &str, spec_path: &Path, root: &Path) -> Result<()> {
    let Some(table) = table_path(name, spec_path) else {
        return Ok(());
    };
    let display = table
        .strip_prefix(root)
        .unwrap_or(&table)
        .display()
        .to_string();
    let text = std::fs::read_to_string(&table).with_context(|| format!("reading {display}"))?;
    let spec = ordered::read(spec_path)?;
    let problems = table::disagreements(&display, &text, &spec)?;
    if !problems.is_empty() {
        bail!(
            "{display} and {} disagree ({} problem(s)); the JSON is the source of truth: fix the \
             table, or edit both and rebuild (openapi/README.md):\n  {}",
            spec_path.strip_prefix(root).unwrap_or(spec_path).display(),
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(())
}

/// Runs the task with the arguments after `import-spec`.
pub fn run(args: Args, root: &Path) -> Result<ExitCode> {
    let Args {
        name,
        file,
        report: report_path,
        dry_run,
        no_generate,
    } = args;
    let name = &name;
    let generate = !no_generate;
    let target = crate::targets::discover(root, std::slice::from_ref(name))?
        .into_iter()
        .next()
        .context("no such spec")?;
    if target.spec.extension().and_then(|e| e.to_str()) != Some("json") {
        bail!(
            "{} is not JSON: import-spec writes JSON specs only",
            target.spec_display()
        );
    }
    let report_path =
        report_path.unwrap_or_else(|| root.join("target").join(format!("import-spec-{name}.md")));
    let table = table_path(name, &target.spec);
    let request = Request {
        name,
        spec: &target.spec,
        spec_display: &target.spec_display(),
        file: &file,
        table: table.as_deref(),
        report: &report_path,
        dry_run,
    };
    let check = generate.then(|| (root.join("target").join("import-spec"), &target));
    apply(&request, check)?;
    Ok(ExitCode::SUCCESS)
}
