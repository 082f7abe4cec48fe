//! `secops`: every Lacework Edge and Egnyte Secure and Govern operation from the command line.
//!
//! ```text
//! secops [-v|-vv] [--profile NAME] [--output json|ndjson] egnyte   <operation> [flags]
//! secops [-v|-vv] [--profile NAME] [--output json|ndjson] lacework <operation> [flags]
//! secops completions bash|zsh|fish
//! ```
//!
//! The operation subcommands are generated from the specs by `cargo xtask regen`
//! (`src/generated/`); sign-in, profiles, `issues tail` and `probe` are written by hand.
//! Exit codes: 0 ok, 1 API error, 2 usage, 3 sign-in needed, 4 network.

mod exit;
mod generated;
mod output;
mod profile;

use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::exit::{CliError, Exit};
use crate::output::{Format, Output};
use crate::profile::Global;

/// The whole command tree.
fn command() -> Command {
    Command::new("secops")
        .about("Every Lacework Edge and Egnyte Secure and Govern operation from the command line")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(
            Arg::new("verbose")
                .short('v')
                .long("verbose")
                .action(ArgAction::Count)
                .global(true)
                .help("Log to stderr: -v requests, -vv everything"),
        )
        .arg(
            Arg::new("profile")
                .long("profile")
                .global(true)
                .value_name("NAME")
                .help("Use a profile of ~/.config/secops/config.toml instead of the environment"),
        )
        .arg(
            Arg::new("output")
                .long("output")
                .short('o')
                .global(true)
                .value_parser(["json", "ndjson"])
                .default_value("json")
                .help("json: one document (pretty on a terminal); ndjson: one item per line"),
        )
        .subcommand(
            Command::new("egnyte")
                .about("Egnyte Secure and Govern")
                .subcommand_required(true)
                .subcommands(generated::egnyte::commands()),
        )
        .subcommand(
            Command::new("lacework")
                .about("Lacework Edge")
                .subcommand_required(true)
                .subcommands(generated::lacework::commands()),
        )
}

fn main() -> ExitCode {
    let matches = match command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => {
            let _ = error.print();
            return match error.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => Exit::Usage.into(),
            };
        }
    };
    init_tracing(matches.get_count("verbose"));
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("secops: cannot start: {error}");
            return Exit::Usage.into();
        }
    };
    match runtime.block_on(run(&matches)) {
        Ok(()) => Exit::Ok.into(),
        Err(error) => {
            eprintln!("secops: {error}");
            error.exit.into()
        }
    }
}

/// Runs the chosen subcommand.
async fn run(matches: &ArgMatches) -> Result<(), CliError> {
    let global = Global {
        profile: matches.get_one::<String>("profile").cloned(),
    };
    let format = match matches.get_one::<String>("output").map(String::as_str) {
        Some("ndjson") => Format::Ndjson,
        _ => Format::Json,
    };
    let mut out = Output::new(format);
    match matches.subcommand() {
        Some(("egnyte", vendor)) => {
            let Some((name, operation)) = vendor.subcommand() else {
                return Err(CliError::usage("name an Egnyte operation (see --help)"));
            };
            let egnyte = profile::egnyte(&global)?;
            generated::egnyte::run(egnyte.client(), name, operation, &mut out).await
        }
        Some(("lacework", vendor)) => {
            let Some((name, operation)) = vendor.subcommand() else {
                return Err(CliError::usage("name a Lacework Edge operation (see --help)"));
            };
            let lacework = profile::lacework(&global)?;
            generated::lacework::run(lacework.client(), name, operation, &mut out).await
        }
        _ => Err(CliError::new(Exit::Usage, "name a vendor: egnyte or lacework")),
    }
}

/// Tracing to stderr: nothing by default, requests with -v, everything with -vv.
fn init_tracing(verbosity: u8) {
    let filter = match verbosity {
        0 => return,
        1 => "secops=info,secops_sdk=info",
        _ => "debug",
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_tree_is_consistent() {
        super::command().debug_assert();
    }
}
