//! `secops egnyte probe` and `secops lacework probe`: a read-only check of a real tenant.
//!
//! Every GET operation of the vendor's spec that needs no identifier (no required path or
//! query parameter) is called once, one after the other, with the facade's HTTP client and
//! its current bearer token (no retry, no token renewal: one request per operation). Each
//! answer is judged: 2xx, 401 and 403 mean the path exists (the server knows it, even if it
//! refuses this token); 404 and 405 mean the path is probably wrong; anything else, or no
//! answer, is unknown. **Only GET is ever sent**: [`ensure_get`] refuses any other request
//! before it leaves.
//!
//! The spec is the one `secops` was built with (`openapi/*.json`, embedded), or `--spec FILE`.
//! The report — `[{"operation_id", "method", "path", "status", "latency_ms", "verdict"}]` — is
//! what `cargo xtask confirm-paths REPORT.json` reads to mark the answering operations
//! `x-path-source: confirmed` in the spec.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::parser::ValueSource;
use clap::{Arg, ArgMatches, Command};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use reqwest::{Method, Request};
use secops_sdk::egnyte_protect_client::ClientInfo as _;
use secops_sdk::{EgnyteProtect, ExposeSecret, LaceworkEdge, SecretString};
use serde::Serialize;
use serde_json::Value;

use crate::exit::{CliError, Exit};
use crate::output::{Format, Output};
use crate::progress::Progress;

/// The per-request timeout.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Which API a probe checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    /// Egnyte Secure and Govern (`openapi/egnyte-protect.json`).
    Egnyte,
    /// Lacework Edge (`openapi/lacework-edge.json`).
    Lacework,
}

impl Api {
    fn embedded_spec(self) -> &'static str {
        match self {
            Self::Egnyte => include_str!("../../../openapi/egnyte-protect.json"),
            Self::Lacework => include_str!("../../../openapi/lacework-edge.json"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Egnyte => "egnyte",
            Self::Lacework => "lacework",
        }
    }
}

/// `secops <vendor> probe`.
pub fn command(api: Api) -> Command {
    let (title, spec) = match api {
        Api::Egnyte => ("Egnyte Secure and Govern", "openapi/egnyte-protect.json"),
        Api::Lacework => ("Lacework Edge", "openapi/lacework-edge.json"),
    };
    Command::new("probe")
        .about(format!(
            "Read-only check of your {title} tenant: call every GET that needs no identifier once"
        ))
        .long_about(format!(
            "Read-only check of your {title} tenant. Every GET operation of the spec ({spec}, as \
             built in) that needs no identifier is called once with your credentials; nothing \
             but GET is ever sent. For each: the status (or the error), the latency and a \
             verdict: 2xx, 401 or 403 = the path exists; 404 or 405 = the path is probably \
             wrong; anything else = unknown.\n\n\
             A table on a terminal; --output json (or a pipe) gives the report \
             [{{operation_id, method, path, status, latency_ms, verdict}}] that \
             `cargo xtask confirm-paths REPORT.json` reads to mark the answering operations \
             confirmed in the spec."
        ))
        .arg(
            Arg::new("spec")
                .long("spec")
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Probe the operations of this spec file instead of the built-in one"),
        )
}

/// One GET operation to probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The operation id.
    pub operation_id: String,
    /// The path template (no parameter to fill).
    pub path: String,
}

/// One line of the report.
#[derive(Clone, Debug, Serialize)]
pub struct Probed {
    operation_id: String,
    method: &'static str,
    path: String,
    /// The HTTP status; `null` when no response arrived.
    status: Option<u16>,
    latency_ms: u64,
    /// `exists`, `probably-wrong` or `unknown`.
    verdict: &'static str,
    /// Why no response arrived.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// What a status says about the path.
pub fn verdict(status: Option<u16>) -> &'static str {
    match status {
        Some(200..=299 | 401 | 403) => "exists",
        Some(404 | 405) => "probably-wrong",
        _ => "unknown",
    }
}

/// The GET operations of `spec` that need no identifier: no required path or query
/// parameter (path-level parameters and `$ref`s followed), in the spec's order.
pub fn targets(spec: &Value) -> Result<Vec<Target>, String> {
    let paths = spec
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the spec has no `paths` object")?;
    let mut targets = Vec::new();
    for (path, item) in paths {
        let Some(get) = item.get("get") else {
            continue;
        };
        let shared = item.get("parameters").and_then(Value::as_array);
        let own = get.get("parameters").and_then(Value::as_array);
        let mut needs_identifier = false;
        for parameter in shared.into_iter().chain(own).flatten() {
            let parameter = resolve(spec, parameter)?;
            let place = parameter.get("in").and_then(Value::as_str);
            let required = parameter.get("required").and_then(Value::as_bool) == Some(true);
            if place == Some("path") || (place == Some("query") && required) {
                needs_identifier = true;
            }
        }
        if needs_identifier || path.contains('{') {
            continue;
        }
        let operation_id = get
            .get("operationId")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("GET {path} has no operationId"))?;
        targets.push(Target {
            operation_id: operation_id.to_owned(),
            path: path.clone(),
        });
    }
    Ok(targets)
}

/// `value`, or what its `$ref` (`#/components/...`) points to.
fn resolve<'a>(spec: &'a Value, value: &'a Value) -> Result<&'a Value, String> {
    let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
        return Ok(value);
    };
    let pointer = reference
        .strip_prefix('#')
        .ok_or_else(|| format!("unsupported $ref {reference}"))?;
    spec.pointer(pointer)
        .ok_or_else(|| format!("$ref {reference} points nowhere"))
}

/// Refuses any request that is not a GET: the probe is read-only, whatever the spec says.
pub fn ensure_get(request: &Request) -> Result<(), CliError> {
    if request.method() == Method::GET {
        Ok(())
    } else {
        Err(CliError::usage(format!(
            "probe: refusing to send {} {}: the probe only sends GET",
            request.method(),
            request.url().path()
        )))
    }
}

/// Runs `secops egnyte probe`.
pub async fn run_egnyte(
    egnyte: &EgnyteProtect,
    matches: &ArgMatches,
    out: &mut Output,
) -> Result<(), CliError> {
    let token = egnyte
        .auth()
        .access_token()
        .await
        .map_err(|error| CliError::from(error).context("egnyte probe: "))?;
    let client = egnyte.client();
    probe(
        Api::Egnyte,
        client.baseurl(),
        client.client(),
        &token,
        matches,
        out,
    )
    .await
}

/// Runs `secops lacework probe`.
pub async fn run_lacework(
    lacework: &LaceworkEdge,
    matches: &ArgMatches,
    out: &mut Output,
) -> Result<(), CliError> {
    let token = lacework
        .auth()
        .jwt()
        .await
        .map_err(|error| CliError::from(error).context("lacework probe: token_login: "))?;
    let client = lacework.client();
    probe(
        Api::Lacework,
        client.baseurl(),
        client.client(),
        &token,
        matches,
        out,
    )
    .await
}

async fn probe(
    api: Api,
    base_url: &str,
    http: &reqwest::Client,
    token: &SecretString,
    matches: &ArgMatches,
    out: &mut Output,
) -> Result<(), CliError> {
    let spec_text = match matches.get_one::<PathBuf>("spec") {
        Some(path) => std::fs::read_to_string(path).map_err(|error| {
            CliError::usage(format!("cannot read the spec {}: {error}", path.display()))
        })?,
        None => api.embedded_spec().to_owned(),
    };
    let spec: Value = serde_json::from_str(&spec_text)
        .map_err(|error| CliError::usage(format!("the spec is not JSON: {error}")))?;
    let targets = targets(&spec).map_err(|problem| CliError::usage(format!("spec: {problem}")))?;
    let mut bearer = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
        .map_err(|_| CliError::new(Exit::SignIn, "the access token cannot be sent in a header"))?;
    bearer.set_sensitive(true);

    let mut progress = Progress::start(&format!("{} probe", api.name()));
    let mut report = Vec::with_capacity(targets.len());
    for target in &targets {
        let url = format!("{}{}", base_url.trim_end_matches('/'), target.path);
        let mut request = http
            .get(&url)
            .header(ACCEPT, "application/json")
            .header(AUTHORIZATION, bearer.clone())
            .timeout(TIMEOUT)
            .build()
            .map_err(|error| CliError::usage(format!("probe: GET {url}: {error}")))?;
        ensure_get(&request)?;
        // No body is ever sent, even by mistake.
        *request.body_mut() = None;
        let started = Instant::now();
        let answer = http.execute(request).await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let (status, error) = match answer {
            Ok(response) => (Some(response.status().as_u16()), None),
            Err(error) => (None, Some(describe(&error))),
        };
        tracing::info!(
            operation = %target.operation_id,
            path = %target.path,
            status = ?status,
            latency_ms,
            "probe"
        );
        report.push(Probed {
            operation_id: target.operation_id.clone(),
            method: "GET",
            path: target.path.clone(),
            status,
            latency_ms,
            verdict: verdict(status),
            error,
        });
        progress.item();
    }
    progress.finish();

    let explicit = matches.value_source("output") == Some(ValueSource::CommandLine);
    if !explicit && io::stdout().is_terminal() {
        print_table(&report)?;
    } else if out.format() == Format::Ndjson {
        for line in &report {
            out.write(line)?;
        }
    } else {
        out.write(&report)?;
    }
    let count = |wanted: &str| report.iter().filter(|line| line.verdict == wanted).count();
    eprintln!(
        "{} probe: {} GET operations without identifiers: {} exist, {} probably wrong, {} unknown",
        api.name(),
        report.len(),
        count("exists"),
        count("probably-wrong"),
        count("unknown")
    );
    let answered_ok = report.iter().any(|line| {
        line.status
            .is_some_and(|status| (200..300).contains(&status))
    });
    let refused = report
        .iter()
        .filter(|line| line.status == Some(401))
        .count();
    if !answered_ok && refused > 0 {
        // A server may refuse a bad credential before it routes the path: then 401 says
        // nothing about the path, and the credential is what needs fixing.
        return Err(CliError::new(
            Exit::SignIn,
            format!(
                "{} probe: no operation accepted the credentials ({refused} answered 401), so                  the verdicts above say little about the paths",
                api.name()
            ),
        ));
    }
    if !report.is_empty() && report.iter().all(|line| line.status.is_none()) {
        return Err(CliError::new(
            Exit::Network,
            format!(
                "{} probe: no operation answered ({})",
                api.name(),
                report[0].error.as_deref().unwrap_or("no response")
            ),
        ));
    }
    Ok(())
}

/// A transport error in one line, with its causes (never a header value).
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        format!("timed out after {} s", TIMEOUT.as_secs())
    } else {
        error.to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    crate::exit::one_line(&text)
}

fn print_table(report: &[Probed]) -> Result<(), CliError> {
    let width = |field: fn(&Probed) -> usize, title: &str| {
        report.iter().map(field).max().unwrap_or(0).max(title.len())
    };
    let operation_width = width(|line| line.operation_id.len(), "OPERATION");
    let path_width = width(|line| line.path.len(), "PATH");
    let mut text = format!(
        "{:<6} {:>8}  {:<14}  {:<operation_width$}  PATH\n",
        "STATUS", "LATENCY", "VERDICT", "OPERATION"
    );
    for line in report {
        let status = line
            .status
            .map_or_else(|| "-".to_owned(), |status| status.to_string());
        text.push_str(&format!(
            "{:<6} {:>6}ms  {:<14}  {:<operation_width$}  {:<path_width$}",
            status, line.latency_ms, line.verdict, line.operation_id, line.path
        ));
        if let Some(error) = &line.error {
            text.push_str(&format!("  {error}"));
        }
        let kept = text.trim_end().len();
        text.truncate(kept);
        text.push('\n');
    }
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(CliError::stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        assert_eq!(verdict(Some(200)), "exists");
        assert_eq!(verdict(Some(204)), "exists");
        assert_eq!(verdict(Some(401)), "exists");
        assert_eq!(verdict(Some(403)), "exists");
        assert_eq!(verdict(Some(404)), "probably-wrong");
        assert_eq!(verdict(Some(405)), "probably-wrong");
        assert_eq!(verdict(Some(500)), "unknown");
        assert_eq!(verdict(Some(302)), "unknown");
        assert_eq!(verdict(None), "unknown");
    }

    #[test]
    fn targets_skip_operations_that_need_an_identifier() {
        let spec = serde_json::json!({
            "components": {"parameters": {"Id": {"name": "id", "in": "query", "required": true}}},
            "paths": {
                "/a": {"get": {"operationId": "list_a", "parameters": [{"name": "n", "in": "query"}]}, "post": {"operationId": "create_a"}},
                "/a/{id}": {"get": {"operationId": "get_a"}},
                "/b": {"get": {"operationId": "find_b", "parameters": [{"$ref": "#/components/parameters/Id"}]}},
                "/c": {"parameters": [{"name": "x", "in": "query", "required": true}], "get": {"operationId": "get_c"}},
                "/d": {"delete": {"operationId": "delete_d"}}
            }
        });
        let found = targets(&spec).unwrap();
        assert_eq!(
            found,
            [Target {
                operation_id: "list_a".into(),
                path: "/a".into()
            }]
        );
    }

    #[test]
    fn the_built_in_specs_have_get_operations_without_identifiers() {
        for api in [Api::Egnyte, Api::Lacework] {
            let spec: Value = serde_json::from_str(api.embedded_spec()).unwrap();
            let found = targets(&spec).unwrap();
            assert!(found.len() >= 10, "{api:?}: {}", found.len());
            assert!(found.iter().all(|target| !target.path.contains('{')));
        }
    }

    #[test]
    fn only_get_leaves() {
        let http = secops_runtime::tls::client_builder()
            .build()
            .expect("a client");
        let get = http.get("http://127.0.0.1:9/x").build().unwrap();
        assert!(ensure_get(&get).is_ok());
        let post = http.post("http://127.0.0.1:9/x").build().unwrap();
        assert!(ensure_get(&post).is_err());
    }
}
