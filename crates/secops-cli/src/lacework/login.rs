//! `secops lacework login` and `logout`: the API token, checked with one TokenLogin and kept
//! in a file readable only by its owner.

use std::io::{self, BufRead, IsTerminal};
use std::process::{Command as Process, Stdio};

use clap::{ArgMatches, Command};
use secrecy::SecretString;

use crate::exit::{CliError, Exit};
use crate::profile::{self, Global, LACEWORK_API_TOKEN, VendorKey};

/// `secops lacework login`.
pub fn login_command() -> Command {
    Command::new("login")
        .about("Check a Lacework Edge API token with one TokenLogin and store it")
        .long_about(
            "Read a Lacework Edge API token (created in the admin console) from stdin, or from \
             LACEWORK_EDGE_API_TOKEN when that is set, check it with one TokenLogin for the \
             configured account and host, and store it in a file readable only by you, beside \
             the config file. Later commands use the stored token unless \
             LACEWORK_EDGE_API_TOKEN is set.",
        )
}

/// `secops lacework logout`.
pub fn logout_command() -> Command {
    Command::new("logout").about("Delete the stored Lacework Edge API token")
}

/// Runs `secops lacework login`.
pub async fn login(global: &Global, _matches: &ArgMatches) -> Result<(), CliError> {
    let resolved = profile::resolve(global, VendorKey::Lacework)?;
    let token = match std::env::var(LACEWORK_API_TOKEN) {
        Ok(token) if !token.trim().is_empty() => {
            eprintln!("Using the API token in {LACEWORK_API_TOKEN}.");
            SecretString::from(token.trim().to_owned())
        }
        _ => read_token()?,
    };
    let config = profile::lacework_config(&resolved, &token)?;
    let account = config.account().to_owned();
    let host = config.base_url().to_string();
    let lacework = profile::lacework_facade(config)?;
    lacework
        .auth()
        .jwt()
        .await
        .map_err(|error| CliError::from(error).context("lacework login: token_login: "))?;
    let path = resolved.lacework_token_file();
    profile::save_lacework_token(&path, &token)?;
    eprintln!(
        "Signed in to Lacework Edge account {account} at {host} ({}); API token saved to {}",
        resolved.source.describe(),
        path.display()
    );
    Ok(())
}

/// Runs `secops lacework logout`.
pub fn logout(global: &Global) -> Result<(), CliError> {
    let resolved = profile::resolve(global, VendorKey::Lacework)?;
    let path = resolved.lacework_token_file();
    if profile::delete_file(&path)? {
        eprintln!(
            "Deleted the stored Lacework Edge API token ({})",
            path.display()
        );
    } else {
        eprintln!(
            "No stored Lacework Edge API token ({} does not exist)",
            path.display()
        );
    }
    if std::env::var_os(LACEWORK_API_TOKEN).is_some() {
        eprintln!("{LACEWORK_API_TOKEN} is still set in the environment and is used while it is.");
    }
    Ok(())
}

/// One line from stdin; on a terminal, prompted and not echoed.
fn read_token() -> Result<SecretString, CliError> {
    let terminal = io::stdin().is_terminal();
    if terminal {
        eprint!("Lacework Edge API token (not shown): ");
        set_echo(false);
    }
    let mut line = String::new();
    let read = io::stdin().lock().read_line(&mut line);
    if terminal {
        set_echo(true);
        eprintln!();
    }
    read.map_err(|error| CliError::usage(format!("cannot read stdin: {error}")))?;
    let token = line.trim();
    if token.is_empty() {
        return Err(CliError::new(
            Exit::SignIn,
            format!(
                "lacework login: no API token on stdin (give it on stdin, or set \
                 {LACEWORK_API_TOKEN})"
            ),
        ));
    }
    Ok(SecretString::from(token.to_owned()))
}

/// Turns the terminal's echo off or on with `stty` (best effort: without it, the token shows).
fn set_echo(on: bool) {
    let _ = Process::new("stty")
        .arg(if on { "echo" } else { "-echo" })
        .stdin(Stdio::inherit())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}
