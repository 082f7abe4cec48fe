//! `secops egnyte login` and `logout`: the OAuth2 authorization-code flow.
//!
//! 1. The authorize URL is printed on stderr (with a fresh random `state`).
//! 2. Then either
//!    - the user pastes back on stdin what Egnyte showed them: in no-redirect mode (no redirect
//!      URI configured, as Egnyte's own integrations sign in) the bare code; or the whole URL
//!      the browser was sent to (`...?code=...&state=...`), whose `state` is checked; or
//!    - with `--listen PORT`, a loopback listener on `127.0.0.1:PORT` catches the redirect
//!      (the redirect URI is the configured one when it is a loopback http URL, otherwise
//!      `http://127.0.0.1:PORT/callback`, which must be registered for the client).
//! 3. The code is exchanged; the tokens go to the token file (0600, replaced atomically).

use std::io::{self, BufRead, IsTerminal};
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use secops_sdk::auth::egnyte::{AuthorizeUrl, Scope};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

use crate::exit::{CliError, Exit};
use crate::profile::{self, Global, VendorKey};

/// How long `--listen` waits for the browser.
const LISTEN_TIMEOUT: Duration = Duration::from_secs(600);
/// The most of a request the listener reads.
const MAX_REQUEST_BYTES: usize = 16 * 1024;

/// `secops egnyte login`.
pub fn login_command() -> Command {
    Command::new("login")
        .about(
            "Sign in to Egnyte Secure and Govern (OAuth2 authorization code) and store the tokens",
        )
        .long_about(
            "Sign in to Egnyte Secure and Govern and store the tokens in a file readable only by \
             you (beside the config file, or EGNYTE_PROTECT_TOKEN_FILE).\n\n\
             Prints the authorization URL on stderr. Open it, sign in and approve; then paste \
             what you get on stdin: the code Egnyte shows (no-redirect mode, used when no \
             redirect URI is configured), or the whole URL your browser was sent to. With \
             --listen PORT, a listener on 127.0.0.1:PORT receives the redirect instead.",
        )
        .arg(
            Arg::new("scope")
                .long("scope")
                .value_name("SCOPE")
                .action(ArgAction::Append)
                .value_parser(Scope::ALL.map(|scope| scope.as_str()))
                .help("Request this scope (repeatable; default: every scope)"),
        )
        .arg(
            Arg::new("listen")
                .long("listen")
                .value_name("PORT")
                .value_parser(value_parser!(u16))
                .help(
                    "Catch the redirect on 127.0.0.1:PORT instead of reading the code from stdin",
                ),
        )
}

/// `secops egnyte logout`.
pub fn logout_command() -> Command {
    Command::new("logout").about("Delete the stored Egnyte tokens")
}

/// Runs `secops egnyte login`.
pub async fn login(global: &Global, matches: &ArgMatches) -> Result<(), CliError> {
    let resolved = profile::resolve(global, VendorKey::Egnyte)?;
    let scopes: Vec<Scope> = match matches.get_many::<String>("scope") {
        Some(names) => names
            .map(|name| {
                name.parse::<Scope>()
                    .map_err(|error| CliError::usage(error.to_string()))
            })
            .collect::<Result<_, _>>()?,
        None => Scope::ALL.to_vec(),
    };
    let token_file = resolved.egnyte_token_file();
    if let Some(parent) = token_file
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
    {
        profile::create_private_dir(parent).map_err(|error| {
            CliError::usage(format!("cannot create {}: {error}", parent.display()))
        })?;
    }
    let state = AuthorizeUrl::random_state();
    match matches.get_one::<u16>("listen") {
        None => {
            let config = profile::egnyte_config(&resolved, None)?;
            let no_redirect = config.redirect_uri().is_none();
            let egnyte = profile::egnyte_facade(config)?;
            let url = egnyte
                .auth()
                .authorize_url()
                .scopes(scopes)
                .state(&state)
                .build();
            prompt(&url, no_redirect);
            let pasted = read_pasted_line()?;
            let exchanged = if looks_like_redirect(&pasted) {
                egnyte.auth().exchange_redirect(&pasted, &state).await
            } else {
                egnyte.auth().exchange_code(&pasted).await
            };
            exchanged.map_err(exchange_error)?;
        }
        Some(&port) => {
            let configured = profile::egnyte_config(&resolved, None)?
                .redirect_uri()
                .map(str::to_owned);
            let (listener, redirect_uri) = bind_listener(port, configured.as_deref()).await?;
            let config = profile::egnyte_config(&resolved, Some(redirect_uri.as_str()))?;
            let egnyte = profile::egnyte_facade(config)?;
            let url = egnyte
                .auth()
                .authorize_url()
                .scopes(scopes)
                .state(&state)
                .build();
            eprintln!(
                "Open this URL in a browser, sign in and approve; the redirect to \
                 {redirect_uri} is received here:\n\n  {url}\n"
            );
            let redirect = catch_redirect(&listener, &redirect_uri).await?;
            let result = egnyte.auth().exchange_redirect(&redirect.url, &state).await;
            let page = match &result {
                Ok(()) => "Signed in to Egnyte Secure and Govern. You can close this tab.",
                Err(_) => "Sign-in failed; see the terminal for why. You can close this tab.",
            };
            redirect.answer(page).await;
            result.map_err(exchange_error)?;
        }
    }
    eprintln!(
        "Signed in to Egnyte Secure and Govern ({}); tokens saved to {}",
        resolved.source.describe(),
        token_file.display()
    );
    Ok(())
}

/// A failed exchange, named as the token request it was.
fn exchange_error(error: secops_sdk::auth::AuthError) -> CliError {
    CliError::from(error).context("egnyte login: token exchange: ")
}

/// Runs `secops egnyte logout`.
pub fn logout(global: &Global) -> Result<(), CliError> {
    let resolved = profile::resolve(global, VendorKey::Egnyte)?;
    let path = resolved.egnyte_token_file();
    if profile::delete_file(&path)? {
        eprintln!("Deleted the stored Egnyte tokens ({})", path.display());
    } else {
        eprintln!(
            "No stored Egnyte tokens ({} does not exist)",
            path.display()
        );
    }
    Ok(())
}

fn prompt(url: &Url, no_redirect: bool) {
    let what = if no_redirect {
        "the code Egnyte shows"
    } else {
        "the whole URL your browser was sent to"
    };
    eprintln!("Open this URL in a browser, sign in and approve:\n\n  {url}\n");
    if io::stdin().is_terminal() {
        eprint!("Then paste {what} here: ");
    } else {
        eprintln!("Reading {what} from stdin.");
    }
}

/// One line from stdin, trimmed; an error when there is none.
fn read_pasted_line() -> Result<String, CliError> {
    let mut line = String::new();
    io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|error| CliError::usage(format!("cannot read stdin: {error}")))?;
    let line = line.trim().to_owned();
    if line.is_empty() {
        return Err(CliError::new(
            Exit::SignIn,
            "egnyte login: nothing was pasted on stdin (expected the code, or the redirect URL); \
             nothing was exchanged",
        ));
    }
    Ok(line)
}

/// Whether a pasted line is a redirect URL or query rather than a bare code.
fn looks_like_redirect(pasted: &str) -> bool {
    pasted.contains("code=") || pasted.contains("error=") || pasted.contains("://")
}

/// Binds the loopback listener and decides the redirect URI.
async fn bind_listener(
    port: u16,
    configured: Option<&str>,
) -> Result<(TcpListener, String), CliError> {
    let configured = match configured {
        Some(uri) => {
            let url = Url::parse(uri).map_err(|error| {
                CliError::usage(format!("the redirect URI is not a URL ({error})"))
            })?;
            let loopback = url.scheme() == "http"
                && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
            if !loopback {
                return Err(CliError::usage(format!(
                    "--listen needs a loopback redirect URI (http://127.0.0.1:{port}/...), but \
                     the configured one is {uri}; register a loopback one or sign in without \
                     --listen"
                )));
            }
            if url.port_or_known_default() != Some(port) {
                return Err(CliError::usage(format!(
                    "--listen {port} does not match the port of the configured redirect URI {uri}"
                )));
            }
            Some(uri.to_owned())
        }
        None => None,
    };
    let listener = TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|error| CliError::usage(format!("cannot listen on 127.0.0.1:{port}: {error}")))?;
    let bound = listener
        .local_addr()
        .map_err(|error| CliError::usage(format!("cannot listen on 127.0.0.1:{port}: {error}")))?
        .port();
    let redirect_uri = configured.unwrap_or_else(|| format!("http://127.0.0.1:{bound}/callback"));
    Ok((listener, redirect_uri))
}

/// The browser's request to the redirect URI, waiting for an answer.
struct Redirect {
    /// The redirect URL with its query (`http://127.0.0.1:PORT/callback?code=...&state=...`).
    url: String,
    stream: TcpStream,
}

impl Redirect {
    /// Answers the browser with a small page.
    async fn answer(mut self, text: &str) {
        let body = format!("<!doctype html><title>secops</title><p>{text}</p>\n");
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncache-control: \
             no-store\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = self.stream.write_all(response.as_bytes()).await;
        let _ = self.stream.shutdown().await;
    }
}

/// Waits for the browser to request the redirect URI's path (other requests, such as
/// `/favicon.ico`, are answered 404).
async fn catch_redirect(listener: &TcpListener, redirect_uri: &str) -> Result<Redirect, CliError> {
    let expected_path = Url::parse(redirect_uri)
        .map(|url| url.path().to_owned())
        .unwrap_or_else(|_| "/".to_owned());
    let wait = async {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                continue;
            };
            let Some(target) = read_request_target(&mut stream).await else {
                continue;
            };
            let path = target.split('?').next().unwrap_or("");
            if path != expected_path || !target.contains('?') {
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                    )
                    .await;
                continue;
            }
            let origin = redirect_uri
                .find(&expected_path)
                .map(|end| &redirect_uri[..end])
                .unwrap_or(redirect_uri);
            return Redirect {
                url: format!("{origin}{target}"),
                stream,
            };
        }
    };
    tokio::time::timeout(LISTEN_TIMEOUT, wait)
        .await
        .map_err(|_| {
            CliError::new(
                Exit::SignIn,
                format!(
                    "egnyte login: no redirect arrived within {} minutes; nothing was exchanged",
                    LISTEN_TIMEOUT.as_secs() / 60
                ),
            )
        })
}

/// The target of a `GET <target> HTTP/1.x` request, or `None` for anything else.
async fn read_request_target(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0_u8; 1024];
    let read = async {
        while !buffer.windows(4).any(|window| window == b"\r\n\r\n") {
            let count = stream.read(&mut chunk).await.ok()?;
            if count == 0 || buffer.len() + count > MAX_REQUEST_BYTES {
                return None;
            }
            buffer.extend_from_slice(&chunk[..count]);
        }
        Some(())
    };
    tokio::time::timeout(Duration::from_secs(10), read)
        .await
        .ok()??;
    let head = std::str::from_utf8(&buffer).ok()?;
    let mut parts = head.lines().next()?.split(' ');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("GET"), Some(target), Some(version)) if version.starts_with("HTTP/1.") => {
            Some(target.to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_codes_and_redirects_are_told_apart() {
        assert!(!looks_like_redirect("0123abcd"));
        assert!(looks_like_redirect("https://app.example/cb?code=1&state=2"));
        assert!(looks_like_redirect("code=1&state=2"));
        assert!(looks_like_redirect("?error=access_denied&state=2"));
    }
}
