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
//! Everything is built in memory, checked with the same validation as `regen` (and, unless
//! `--no-generate`, generated), and only then written, atomically, in the layout
//! `build_specs.py` writes. A reconciliation report goes to stdout and to a Markdown file.

mod matching;
mod merge;
mod ordered;
mod report;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use ordered::Json;

/// How to call the task.
pub const USAGE: &str = "\
usage: cargo xtask import-spec NAME FILE [--report PATH] [--dry-run] [--no-generate]

  NAME             the spec to import into: openapi/NAME.json (as `cargo xtask regen NAME`)
  FILE             the vendor's OpenAPI 3.0 file (JSON, or YAML for .yaml/.yml)
  --report PATH    where to write the Markdown report (default: target/import-spec-NAME.md)
  --dry-run        write the report only, not the spec
  --no-generate    skip generating the clients from the merged spec in memory (faster; the
                   spec is still validated as `regen` validates it)";

/// What an import produced, before anything is written.
pub struct Imported {
    /// The merged spec's text, laid out as `build_specs.py` writes it.
    pub text: String,
    /// The merged spec.
    pub document: serde_json::Value,
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
    /// Where the report goes.
    pub report: &'a Path,
    /// Write the report only.
    pub dry_run: bool,
}

/// Imports, checks, prints and writes the report, then writes the spec (unless a dry run).
/// With `generate` (a scratch folder and the target), the merged spec must also generate.
/// Nothing is written when any step fails.
pub fn apply(
    request: &Request<'_>,
    generate: Option<(PathBuf, &crate::targets::Target)>,
) -> Result<()> {
    let Request {
        name,
        spec,
        spec_display,
        file,
        report,
        dry_run,
    } = *request;
    let imported = import(name, spec, file)?;

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
    if dry_run {
        println!("dry run: {spec_display} not written");
    } else if current == imported.text {
        println!("{spec_display} unchanged");
    } else {
        write_atomically(spec, &imported.text)?;
        println!("{spec_display} written");
    }
    println!(
        "next: cargo xtask regen; cargo test -p tests (and update the rows of \
         openapi/tools/*-operations.csv whose paths changed: tests/tests/spec_tables.rs compares \
         them; attach the report to the pull request)"
    );
    Ok(())
}

/// Runs the task with the arguments after `import-spec`.
pub fn run(args: impl Iterator<Item = String>, root: &Path) -> Result<ExitCode> {
    let mut positional = Vec::new();
    let mut report_path = None;
    let mut dry_run = false;
    let mut generate = true;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            "--report" => {
                report_path = Some(PathBuf::from(args.next().context("--report needs a path")?));
            }
            "--dry-run" => dry_run = true,
            "--no-generate" => generate = false,
            flag if flag.starts_with('-') => bail!("unknown flag `{flag}`\n\n{USAGE}"),
            _ => positional.push(arg),
        }
    }
    let [name, file] = positional.as_slice() else {
        bail!("expected NAME and FILE\n\n{USAGE}");
    };
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
    let request = Request {
        name,
        spec: &target.spec,
        spec_display: &target.spec_display(),
        file: Path::new(file),
        report: &report_path,
        dry_run,
    };
    let check = generate.then(|| (root.join("target").join("import-spec"), &target));
    apply(&request, check)?;
    Ok(ExitCode::SUCCESS)
}
