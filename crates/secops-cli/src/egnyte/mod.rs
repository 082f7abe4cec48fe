//! The hand-written Egnyte commands: `login`, `logout`, `issues tail`, `probe`.
//!
//! | file | command |
//! |---|---|
//! | `login.rs` | `secops egnyte login [--scope S]... [--listen PORT]`, `secops egnyte logout` |
//! | `tail.rs` | `secops egnyte issues tail [--since T] [--checkpoint F] [--interval D]` |
//!
//! `secops egnyte probe` is in `crate::probe`, shared with Lacework Edge.

mod login;
mod tail;

use clap::{ArgMatches, Command};

use crate::exit::CliError;
use crate::output::Output;
use crate::probe;
use crate::profile::{self, Global};

/// The hand-written subcommands of `secops egnyte`.
pub fn commands() -> Vec<Command> {
    vec![
        login::login_command(),
        login::logout_command(),
        tail::issues_command(),
        probe::command(probe::Api::Egnyte),
    ]
}

/// Runs the hand-written subcommand `name`; `None` if `name` is not one (a generated
/// operation).
pub async fn run(
    global: &Global,
    name: &str,
    matches: &ArgMatches,
    out: &mut Output,
) -> Option<Result<(), CliError>> {
    let result = match name {
        "login" => login::login(global, matches).await,
        "logout" => login::logout(global),
        "issues" => match matches.subcommand() {
            Some(("tail", tail)) => match profile::egnyte(global) {
                Ok(egnyte) => tail::tail(&egnyte, tail).await,
                Err(error) => Err(error),
            },
            _ => Err(CliError::usage("name an issues command: tail (see --help)")),
        },
        "probe" => match profile::egnyte(global) {
            Ok(egnyte) => probe::run_egnyte(&egnyte, matches, out).await,
            Err(error) => Err(error),
        },
        _ => return None,
    };
    Some(result.map_err(|error| error.with_sign_in_hint("egnyte")))
}
