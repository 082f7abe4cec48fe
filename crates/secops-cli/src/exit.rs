//! Exit codes, and the one-line message a failure prints on stderr.

use std::fmt;
use std::process::ExitCode;

use secops_sdk::Error;
use secops_sdk::auth::AuthError;

/// How `secops` ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: the command did what was asked.
    Ok = 0,
    /// 1: the API answered with an error (or an answer the CLI cannot read).
    Api = 1,
    /// 2: the command line, a profile or a file given is wrong.
    Usage = 2,
    /// 3: sign-in is needed (no stored tokens, a refused or expired credential).
    SignIn = 3,
    /// 4: the API could not be reached or did not answer in time.
    Network = 4,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// A failed command: what to print (one line, never a secret) and how to exit.
#[derive(Debug)]
pub struct CliError {
    /// The exit code.
    pub exit: Exit,
    /// The message for stderr.
    pub message: String,
}

impl CliError {
    /// A failure with `exit` and `message`.
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self {
            exit,
            message: message.into(),
        }
    }

    /// A usage problem (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }

    /// Writing results to stdout failed. A reader that went away (`secops ... | head`) ends the
    /// command quietly with exit 0, as other command-line tools do; any other write error is a
    /// usage problem (exit 2: a full disk, a closed descriptor).
    pub fn stdout(error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            Self::new(Exit::Ok, String::new())
        } else {
            Self::usage(format!("cannot write to stdout: {error}"))
        }
    }

    /// For a sign-in failure (exit 3), adds how to sign in to `vendor` (`egnyte`,
    /// `lacework`); other failures are returned unchanged.
    ///
    /// The SDK's own advice for programs ("send the user to EgnyteAuth::authorize_url ...")
    /// is replaced by the command to run.
    pub fn with_sign_in_hint(mut self, vendor: &str) -> Self {
        if self.exit != Exit::SignIn || self.message.contains("secops ") {
            return self;
        }
        const NEEDED: &str = "re-authorization is needed";
        if let Some(at) = self.message.find(NEEDED) {
            self.message.truncate(at + NEEDED.len());
        }
        self.message = format!("{}; sign in with `secops {vendor} login`", self.message);
        self
    }

    /// Prefixes the message with `context` (`"egnyte login: "`).
    pub fn context(mut self, context: &str) -> Self {
        self.message = format!("{context}{}", self.message);
        self
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<Error> for CliError {
    /// Sign-in problems exit 3, unreachable or slow servers 4, everything else from the API 1.
    fn from(error: Error) -> Self {
        let exit = match error.auth() {
            Some(auth) => auth_exit(auth),
            None if error.needs_reauthorization() => Exit::SignIn,
            None if is_network(&error) => Exit::Network,
            None => Exit::Api,
        };
        Self::new(exit, one_line(&error.to_string()))
    }
}

impl From<AuthError> for CliError {
    fn from(error: AuthError) -> Self {
        Self::new(auth_exit(&error), one_line(&error.to_string()))
    }
}

/// How a sign-in failure exits: 4 when the sign-in server could not be reached, 1 when it
/// failed on its side, 3 when a person must sign in (again) or fix a credential.
fn auth_exit(error: &AuthError) -> Exit {
    match error {
        AuthError::Unreachable { .. } => Exit::Network,
        _ if error.needs_reauthorization() => Exit::SignIn,
        AuthError::EndpointFailed { .. }
        | AuthError::InvalidTokenResponse { .. }
        | AuthError::TokenEndpointRedirected { .. }
        | AuthError::InvalidRequest { .. } => Exit::Api,
        _ => Exit::SignIn,
    }
}

impl<E> From<secops_runtime::Error<E>> for CliError
where
    Error: From<secops_runtime::Error<E>>,
{
    fn from(error: secops_runtime::Error<E>) -> Self {
        Self::from(Error::from(error))
    }
}

/// Whether no response arrived (connection refused, timed out).
fn is_network(error: &Error) -> bool {
    use secops_runtime::ErrorKind;
    match error {
        Error::Egnyte(error) => matches!(
            error.kind(),
            ErrorKind::Transport(_) | ErrorKind::TimedOut { .. }
        ),
        Error::Lacework(error) => matches!(
            error.kind(),
            ErrorKind::Transport(_) | ErrorKind::TimedOut { .. }
        ),
        _ => false,
    }
}

/// `text` on one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
