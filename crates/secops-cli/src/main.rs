//! `secops`: every Lacework Edge and Egnyte Secure and Govern operation from the command line.
//!
//! ```text
//! secops [-v|-vv] [--profile NAME] [--output json|ndjson] egnyte   <operation> [flags]
//! secops [-v|-vv] [--profile NAME] [--output json|ndjson] lacework <operation> [flags]
//! secops completions bash|zsh|fish
//! ```
//!
//! The operation subcommands are generated from the specs by `cargo xtask regen`
//! (`src/generated/`); sign-in, profiles, `issues tail` and `probe` are written by hand
//! (`src/egnyte/`, `src/lacework/`, `src/probe.rs`, `src/profile.rs`).
//! Exit codes: 0 ok, 1 API error, 2 usage, 3 sign-in needed, 4 network.

mod egnyte;
mod exit;
mod generated;
mod json_text;
mod lacework;
mod output;
mod probe;
mod profile;
mod progress;

use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::exit::{CliError, Exit};
use crate::output::{Format, Output};
use crate::profile::Global;

/// What `secops --help` adds after the options: where settings and tokens come from.
const SETTINGS_HELP: &str = "\
Settings: the SDK's environment variables (EGNYTE_PROTECT_*, LACEWORK_EDGE_*), or a profile of
$XDG_CONFIG_HOME/secops/config.toml (default ~/.config/secops/config.toml), chosen with
--profile NAME or SECOPS_PROFILE; without either, the environment when it sets any of the
vendor's variables, else the profile `default`:

  [profile.default.egnyte]
  region = \"usc1\"             # usc1, euw1 or an https base URL
  client_id = \"...\"
  client_secret = \"...\"       # keep the file private: chmod 600
  # redirect_uri = \"...\"      # unset: paste the code Egnyte shows (no-redirect sign-in)

  [profile.default.lacework]
  account = \"acme\"
  host = \"acme.example.net\"

Sign in with `secops egnyte login` / `secops lacework login`: tokens are kept beside the config
file, readable only by you. Exit codes: 0 ok, 1 API error, 2 usage, 3 sign-in needed,
4 network.";

/// The whole command tree.
fn command() -> Command {
    Command::new("secops")
        .about("Every Lacework Edge and Egnyte Secure and Govern operation from the command line")
        .after_long_help(SETTINGS_HELP)
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
                .help("Use a profile of the config file instead of the environment (see --help)"),
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
                .subcommands(egnyte::commands())
                .subcommands(generated::egnyte::commands()),
        )
        .subcommand(
            Command::new("lacework")
                .about("Lacework Edge")
                .subcommand_required(true)
                .subcommands(lacework::commands())
                .subcommands(generated::lacework::commands()),
        )
        .subcommand(
            Command::new("completions")
                .about("Print a shell completion script (bash, zsh or fish) on stdout")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(["bash", "zsh", "fish"])
                        .help("The shell"),
                ),
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
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("secops: cannot start: {error}");
            return Exit::Usage.into();
        }
    };
    match runtime.block_on(run(&matches)) {
        Ok(()) => Exit::Ok.into(),
        Err(error) => {
            if !error.message.is_empty() {
                eprintln!("secops: {error}");
            }
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
            if let Some(result) = egnyte::run(&global, name, operation, &mut out).await {
                return result;
            }
            let egnyte = profile::egnyte(&global).map_err(|e| e.with_sign_in_hint("egnyte"))?;
            generated::egnyte::run(egnyte.client(), name, operation, &mut out)
                .await
                .map_err(|e| e.with_sign_in_hint("egnyte"))
        }
        Some(("lacework", vendor)) => {
            let Some((name, operation)) = vendor.subcommand() else {
                return Err(CliError::usage(
                    "name a Lacework Edge operation (see --help)",
                ));
            };
            if let Some(result) = lacework::run(&global, name, operation, &mut out).await {
                return result;
            }
            let lacework =
                profile::lacework(&global).map_err(|e| e.with_sign_in_hint("lacework"))?;
            generated::lacework::run(lacework.client(), name, operation, &mut out)
                .await
                .map_err(|e| e.with_sign_in_hint("lacework"))
        }
        Some(("completions", shell)) => completions(shell),
        _ => Err(CliError::new(
            Exit::Usage,
            "name a vendor: egnyte or lacework",
        )),
    }
}

/// `secops completions bash|zsh|fish`: the completion script on stdout.
fn completions(matches: &ArgMatches) -> Result<(), CliError> {
    use clap_complete::Shell;
    let shell = match matches.get_one::<String>("shell").map(String::as_str) {
        Some("bash") => Shell::Bash,
        Some("zsh") => Shell::Zsh,
        Some("fish") => Shell::Fish,
        _ => return Err(CliError::usage("name a shell: bash, zsh or fish")),
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "secops", &mut script);
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&script)
        .and_then(|()| stdout.flush())
        .map_err(CliError::stdout)
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
