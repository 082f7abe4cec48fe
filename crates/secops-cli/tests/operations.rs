//! The generated operation subcommands, run as the built `secops` binary against the
//! workspace's stand-in: flags, `--all` streaming, request bodies, answers and exit codes.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use secops_sdk::EgnyteProtect;
use secops_sdk::auth::egnyte::{AuthorizeUrl, Region, Scope};
use secops_sdk::config::EgnyteConfig;
use secops_stand_in::{StandIn, StandInOptions};
use serde_json::Value;

/// The `secops` binary Cargo built for these tests.
const SECOPS: &str = env!("CARGO_BIN_EXE_secops");

/// `secops` with an environment naming the stand-in only (and a private home directory).
struct Cli {
    home: tempfile::TempDir,
    vars: Vec<(&'static str, String)>,
}

impl Cli {
    /// Lacework settings for `stand_in`; Egnyte's once [`Cli::sign_in_to_egnyte`] ran.
    fn new(stand_in: &StandIn) -> Self {
        Self::with(vec![
            (
                "LACEWORK_EDGE_HOST",
                stand_in.lacework_base_url().to_string(),
            ),
            (
                "LACEWORK_EDGE_ACCOUNT",
                stand_in.lacework_account().to_owned(),
            ),
            (
                "LACEWORK_EDGE_API_TOKEN",
                stand_in.lacework_api_token().to_owned(),
            ),
        ])
    }

    /// Only these variables.
    fn with(vars: Vec<(&'static str, String)>) -> Self {
        Self {
            home: tempfile::tempdir().unwrap(),
            vars,
        }
    }

    /// Signs in to the stand-in's Egnyte with the SDK (authorization code with redirect, as a
    /// browser would), keeping the tokens in a token file that `secops` then uses.
    async fn sign_in_to_egnyte(&mut self, stand_in: &StandIn) {
        let token_file = self.home.path().join("egnyte-tokens.json");
        let config = EgnyteConfig::builder()
            .region(Region::Custom(stand_in.egnyte_base_url().clone()))
            .client_id(stand_in.egnyte_client_id())
            .client_secret(stand_in.egnyte_client_secret())
            .redirect_uri(stand_in.egnyte_redirect_uri())
            .token_file(&token_file)
            .allow_insecure_http(true)
            .build()
            .unwrap();
        let egnyte = EgnyteProtect::new(config).unwrap();
        let state = AuthorizeUrl::random_state();
        let url = egnyte
            .auth()
            .authorize_url()
            .scope(Scope::IssuesRead)
            .state(&state)
            .build();
        let browser = secops_runtime::tls::client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let answer = browser.get(url.as_str()).send().await.unwrap();
        let location = answer.headers()[reqwest::header::LOCATION]
            .to_str()
            .unwrap();
        let redirect = reqwest::Url::parse(location).unwrap();
        let code = redirect
            .query_pairs()
            .find(|(name, _)| name == "code")
            .map(|(_, code)| code.into_owned())
            .unwrap();
        egnyte.auth().exchange_code(&code).await.unwrap();
        assert!(token_file.is_file());

        self.vars.extend([
            (
                "EGNYTE_PROTECT_REGION",
                stand_in.egnyte_base_url().to_string(),
            ),
            (
                "EGNYTE_PROTECT_CLIENT_ID",
                stand_in.egnyte_client_id().to_owned(),
            ),
            (
                "EGNYTE_PROTECT_CLIENT_SECRET",
                stand_in.egnyte_client_secret().to_owned(),
            ),
            (
                "EGNYTE_PROTECT_REDIRECT_URI",
                stand_in.egnyte_redirect_uri().to_owned(),
            ),
            (
                "EGNYTE_PROTECT_TOKEN_FILE",
                token_file.display().to_string(),
            ),
        ]);
    }

    /// A file in the private directory.
    fn file(&self, name: &str, content: &str) -> PathBuf {
        let path = self.home.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    /// Runs `secops ARGS` (stdin: `stdin`) to the end, off the async runtime.
    async fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut command = Command::new(SECOPS);
        command
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .envs(self.vars.iter().map(|(name, value)| (name, value)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let stdin = stdin.to_owned();
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let mut child = command.spawn().unwrap();
            let mut input = child.stdin.take().unwrap();
            let _ = input.write_all(stdin.as_bytes());
            drop(input);
            child.wait_with_output().unwrap()
        })
        .await
        .unwrap()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the exit code, showing the output otherwise.
fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "expected exit {code}:\nstdout: {}\nstderr: {}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// stdout as one JSON document.
fn json(output: &Output) -> Value {
    assert_exit(output, 0);
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}", text(&output.stdout)))
}

/// A stand-in that changes nothing by itself, with 3 s tokens and one data GET in 12 answered
/// 503 (retried by the SDK).
async fn stand_in(issues: usize) -> StandIn {
    StandIn::start(
        StandInOptions::demo()
            .issue_count(issues)
            .update_interval(None),
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_issues_all_streams_every_issue_once_in_order() {
    let stand_in = stand_in(1_000).await;
    let mut cli = Cli::new(&stand_in);
    cli.sign_in_to_egnyte(&stand_in).await;
    let expected: Vec<i64> = stand_in
        .issue_versions()
        .iter()
        .filter(|version| version.current)
        .map(|version| version.id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(expected.len(), 1_000);

    // NDJSON: one issue per line, as pages arrive.
    let output = cli
        .run(
            &["--output", "ndjson", "egnyte", "list-issues", "--all"],
            "",
        )
        .await;
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    let ids: Vec<i64> = stdout
        .lines()
        .map(|line| {
            let issue: Value = serde_json::from_str(line).unwrap();
            issue["id"].as_i64().unwrap()
        })
        .collect();
    assert_eq!(ids, expected, "every issue once, in order");

    // JSON (piped: compact): one array; the page size is kept on every page.
    let output = cli
        .run(&["egnyte", "list-issues", "--all", "--count", "50"], "")
        .await;
    let issues = json(&output);
    let ids: Vec<i64> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, expected);

    // Without --all: one page, as the API sends it.
    let output = cli
        .run(
            &["egnyte", "list-issues", "--count", "5", "--format", "full"],
            "",
        )
        .await;
    let page = json(&output);
    assert_eq!(page["issues"].as_array().unwrap().len(), 5, "{page}");
    stand_in.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_parameters_flat_bodies_and_errors() {
    let stand_in = stand_in(20).await;
    let mut cli = Cli::new(&stand_in);
    cli.sign_in_to_egnyte(&stand_in).await;
    let page = json(
        &cli.run(
            &[
                "egnyte",
                "list-issues",
                "--count",
                "100",
                "--format",
                "full",
            ],
            "",
        )
        .await,
    );
    let open: Vec<String> = page["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|issue| issue["status"] == "OPEN")
        .map(|issue| issue["id"].to_string())
        .collect();
    let [first, second, ..] = open.as_slice() else {
        panic!("fewer than two open issues: {page}");
    };

    let issue = json(&cli.run(&["egnyte", "get-issue", "--id", first], "").await);
    assert_eq!(&issue["id"].to_string(), first);

    // A flat body from flags; the answer has no body, so nothing is printed.
    let output = cli
        .run(
            &[
                "egnyte",
                "remediate-issue",
                "--id",
                first,
                "--issue-status",
                "RESOLVED",
            ],
            "",
        )
        .await;
    assert_exit(&output, 0);
    assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
    let issue = json(&cli.run(&["egnyte", "get-issue", "--id", first], "").await);
    assert_eq!(issue["status"], "RESOLVED", "{issue}");

    // The body from stdin, a flag on top of it.
    let output = cli
        .run(
            &[
                "egnyte",
                "remediate-issue",
                "--id",
                second,
                "--json-body",
                "-",
                "--issue-status",
                "IGNORED",
            ],
            r#"{"issueStatus": "RESOLVED", "fixingMethod": "MARK_AS_RESOLVED"}"#,
        )
        .await;
    assert_exit(&output, 0);
    let issue = json(&cli.run(&["egnyte", "get-issue", "--id", second], "").await);
    assert_eq!(issue["status"], "IGNORED", "{issue}");

    // The API's refusals: exit 1, one line naming the operation and the status.
    for (args, expected) in [
        (
            &["egnyte", "get-issue", "--id", "987654321"][..],
            ["get_issue", "404"],
        ),
        (
            &[
                "egnyte",
                "remediate-issue",
                "--id",
                first,
                "--issue-status",
                "IGNORED",
            ][..],
            ["remediate_issue", "409"],
        ),
    ] {
        let output = cli.run(args, "").await;
        assert_exit(&output, 1);
        let stderr = text(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            expected.iter().all(|part| stderr.contains(part)),
            "{stderr}"
        );
    }
    stand_in.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lacework_query_flags_and_json_bodies() {
    let stand_in = stand_in(0).await;
    let cli = Cli::new(&stand_in);

    let all = json(&cli.run(&["lacework", "list-apps"], "").await);
    let all = all["apps"].as_array().unwrap().len();
    let active = json(
        &cli.run(&["lacework", "list-apps", "--status", "ACTIVE"], "")
            .await,
    );
    let active = active["apps"].as_array().unwrap();
    assert!(!active.is_empty() && active.len() < all, "{active:?}");
    assert!(active.iter().all(|app| app["status"] == 2), "{active:?}");
    // The issue's own example: the status by number.
    let by_number = json(
        &cli.run(&["lacework", "list-apps", "--status", "2"], "")
            .await,
    );
    assert_eq!(by_number["apps"].as_array().unwrap(), active);

    // `--json-body FILE`: a nested body, then read back by its path parameter.
    let body = cli.file(
        "app.json",
        r#"{"app": {"name": "cli-app", "host": "cli.example.net", "description": "from a file"}}"#,
    );
    let created = json(
        &cli.run(
            &[
                "lacework",
                "create-app",
                "--json-body",
                body.to_str().unwrap(),
            ],
            "",
        )
        .await,
    );
    let uuid = created["uuid"].as_str().unwrap();
    let app = json(&cli.run(&["lacework", "get-app", "--uuid", uuid], "").await);
    assert_eq!(app["name"], "cli-app", "{app}");

    // A body that is not JSON, or does not fit the body type: exit 2 with the file and where.
    let output = cli
        .run(
            &["lacework", "create-app", "--json-body", "-"],
            "{\"app\": ",
        )
        .await;
    assert_exit(&output, 2);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("--json-body -: not valid JSON") && stderr.contains("line 1"),
        "{stderr}"
    );
    let wrong = cli.file("wrong.json", r#"{"app": 3}"#);
    let output = cli
        .run(
            &[
                "lacework",
                "create-app",
                "--json-body",
                wrong.to_str().unwrap(),
            ],
            "",
        )
        .await;
    assert_exit(&output, 2);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!("create_app (--json-body {})", wrong.display()))
            && stderr.contains("at `app`"),
        "{stderr}"
    );
    stand_in.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_exit_2_and_help_works() {
    let stand_in = stand_in(0).await;
    let cli = Cli::new(&stand_in);
    for (args, expected) in [
        (&["egnyte", "get-issue"][..], "--id <ID>"),
        (&["egnyte", "get-issue", "--id", "seven"][..], "seven"),
        (
            &["egnyte", "list-issues", "--format", "medium"][..],
            "medium",
        ),
        (&["lacework", "create-app"][..], "--json-body <FILE>"),
        (&["lacework", "list-apps", "--all"][..], "--all"),
    ] {
        let output = cli.run(args, "").await;
        assert_exit(&output, 2);
        assert!(
            text(&output.stderr).contains(expected),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
    assert_eq!(stand_in.stats().total_requests(), 0, "nothing was sent");

    for (args, expected) in [
        (&["egnyte", "--help"][..], "download-sar-archive"),
        (
            &["egnyte", "download-sar-archive", "--help"][..],
            "--output-file <FILE>",
        ),
        (&["lacework", "create-token", "--help"][..], "Request body:"),
        (
            &["lacework", "api-login", "--help"][..],
            "GET /api/v1/login",
        ),
    ] {
        let output = cli.run(args, "").await;
        assert_exit(&output, 0);
        assert!(
            text(&output.stdout).contains(expected),
            "{args:?}: {}",
            text(&output.stdout)
        );
    }
    stand_in.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_that_does_not_decode_is_reported_and_the_listing_goes_on() {
    use httpmock::Method::GET;

    let server = httpmock::MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/issues")
                .query_param_missing("cursor");
            then.status(200).json_body(serde_json::json!({
                "issues": [
                    {"id": 1, "severity": 3},
                    {"id": 2, "severity": "high"},
                    {"id": 3, "severity": 5}
                ],
                "cursor": 3
            }));
        })
        .await;
    let last = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/issues")
                .query_param("cursor", "3");
            then.status(200)
                .json_body(serde_json::json!({"issues": [], "cursor": 3}));
        })
        .await;
    let mut cli = Cli::with(vec![
        ("EGNYTE_PROTECT_REGION", server.base_url()),
        ("EGNYTE_PROTECT_CLIENT_ID", "client".to_owned()),
        ("EGNYTE_PROTECT_CLIENT_SECRET", "client-secret".to_owned()),
    ]);
    // An access token valid for an hour: no sign-in request.
    let expires_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3_600;
    let tokens = cli.file(
        "tokens.json",
        &serde_json::json!({
            "access_token": "access", "refresh_token": "refresh",
            "token_type": "bearer", "expires_at": expires_at
        })
        .to_string(),
    );
    cli.vars
        .push(("EGNYTE_PROTECT_TOKEN_FILE", tokens.display().to_string()));

    let output = cli
        .run(&["-o", "ndjson", "egnyte", "list-issues", "--all"], "")
        .await;
    assert_exit(&output, 0);
    let ids: Vec<i64> = text(&output.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["id"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, [1, 3]);
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("secops: skipped an item: ") && stderr.contains("list_issues"),
        "{stderr}"
    );
    first.assert_async().await;
    last.assert_async().await;
}
