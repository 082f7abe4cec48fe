//! The hand-written Lacework Edge commands: `login`, `logout` (`login.rs`) and `probe`
//! (`crate::probe`, shared with Egnyte).

mod login;

use clap::{ArgMatches, Command};

use crate::exit::CliError;
use crate::output::Output;
use crate::probe;
use crate::profile::{self, Global};

/// The hand-written subcommands of `secops lacework`.
pub fn commands() -> Vec<Command> {
    vec![
        login::login_command(),
        login::logout_command(),
        probe::command(probe::Api::Lacework),
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
        "probe" => match profile::lacework(global) {
            Ok(lacework) => probe::run_lacework(&lacework, matches, out).await,
            Err(error) => Err(error),
        },
        _ => return None,
    };
    Some(result.map_err(|error| error.with_sign_in_hint("lacework")))
}
