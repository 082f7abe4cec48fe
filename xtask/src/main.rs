//! Maintainer tasks for the workspace.
//!
//! ```text
//! cargo xtask regen                  regenerate every client crate from openapi/
//! cargo xtask regen lacework-edge    regenerate one client crate
//! cargo xtask regen --check          write nothing; print a diff and fail if any file is stale
//! cargo xtask confirm-paths REPORT   mark the operations a `secops ... probe` report shows
//!                                    answering as `x-path-source: confirmed` in openapi/
//! cargo xtask import-spec NAME FILE  merge the vendor's published spec into openapi/NAME.json,
//!                                    keeping our operationIds, names and extensions
//! ```
//!
//! Each `openapi/<name>.json` (or `.yaml`) produces `crates/<name>-client/src/generated.rs`
//! and the `secops` CLI's `crates/secops-cli/src/generated/<first word of name>.rs` (and, when
//! `crates/<name>-httpmock/` exists, its typed httpmock helpers in `src/generated.rs`);
//! each fixture `xtask/fixtures/<name>/spec.json` produces `xtask/fixtures/<name>/src/generated.rs`.

mod adjust;
mod call_path;
mod cli;
mod confirm_paths;
mod diff;
mod doc_comments;
mod extra_defaults;
mod generate;
mod httpmock;
mod import_spec;
mod listings;
mod load;
mod oauth2;
mod open_enums;
mod request_id;
mod sensitive;
mod targets;
mod tls_builder;
mod tolerant;
mod type_builders;
mod unknown_fields;
mod validate;
mod x_pagination;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

/// Maintainer tasks for the workspace (run as `cargo xtask TASK`).
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate the generated code from openapi/ and the fixtures.
    ///
    /// From openapi/<NAME>.json|yaml: crates/<NAME>-client/src/generated.rs, the CLI's
    /// crates/secops-cli/src/generated/<VENDOR>.rs and, when that crate exists,
    /// crates/<NAME>-httpmock/src/generated.rs; from xtask/fixtures/<NAME>/spec.json|yaml:
    /// xtask/fixtures/<NAME>/src/generated.rs. Refuses to go on when a spec's operation table
    /// (openapi/tools/<VENDOR>-operations.csv) gives an operation another method or path.
    Regen(RegenArgs),
    /// Mark the operations a probe report shows answering as confirmed in openapi/.
    ///
    /// The report is what `secops egnyte probe --output json` or `secops lacework probe
    /// --output json` writes; each operation that answered gets `x-path-source: confirmed`.
    ConfirmPaths(confirm_paths::Args),
    /// Merge the vendor's published spec into openapi/NAME.json.
    ///
    /// Writes the spec and its operation table openapi/tools/VENDOR-operations.csv together,
    /// keeping our operationIds, names and extensions, and a Markdown report of the changes.
    ImportSpec(import_spec::Args),
}

#[derive(clap::Args)]
struct RegenArgs {
    /// Write nothing; print a diff and exit 1 if a checked-in file is stale.
    #[arg(long)]
    check: bool,
    /// Limit to these specs (default: every spec in openapi/ and every fixture).
    #[arg(value_name = "NAME")]
    names: Vec<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = workspace_root().and_then(|root| match cli.task {
        Task::Regen(args) => regen(&root, &args.names, args.check),
        Task::ConfirmPaths(args) => confirm_paths::run(args, &root),
        Task::ImportSpec(args) => import_spec::run(args, &root),
    });
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Regenerates (or checks) every selected target.
fn regen(root: &std::path::Path, names: &[String], check: bool) -> Result<ExitCode> {
    let targets = targets::discover(root, names)?;
    let mut stale = Vec::new();

    for target in &targets {
        import_spec::check_table(&target.name, &target.spec, root)?;
        let started = Instant::now();
        let rendered = generate::render(target)
            .with_context(|| format!("generating from {}", target.spec_display()))?;
        let mut files = vec![(&target.output, target.output_display(), rendered.client)];
        if let (Some(cli), Some(display), Some(code)) =
            (&target.cli, target.cli_output_display(), rendered.cli)
        {
            files.push((&cli.output, display, code));
        }
        if let Some(mock) = &rendered.httpmock {
            files.push((&mock.output, mock.display.clone(), mock.code.clone()));
        }
        for (output, display, code) in files {
            let current = std::fs::read_to_string(output).unwrap_or_default();

            if check {
                if current == code {
                    println!("{display}: up to date");
                } else {
                    println!("{display}: stale");
                    print!("{}", diff::unified(&current, &code, &display));
                    stale.push(display);
                }
            } else {
                if current != code {
                    std::fs::write(output, &code).with_context(|| format!("writing {display}"))?;
                }
                println!(
                    "{display}: {} lines from {} in {} ms",
                    code.lines().count(),
                    target.spec_display(),
                    started.elapsed().as_millis()
                );
            }
        }
    }

    if stale.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "\n{} generated file(s) are stale: {}\nrun `cargo xtask regen` and commit the result",
            stale.len(),
            stale.join(", ")
        );
        Ok(ExitCode::FAILURE)
    }
}

/// The workspace root: the parent of this crate's manifest directory (as `cargo run` reports
/// it at run time, else as it was at build time).
fn workspace_root() -> Result<PathBuf> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .map(std::path::Path::to_path_buf)
        .context("xtask's manifest directory has no parent")
}
