//! Sign-in, stored tokens and bad credentials, through the built `secops` binary against the
//! stand-in.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use common::{Cli, assert_exit, assert_success, code_on_page, text};
use secops_stand_in::{StandIn, StandInOptions};
use serde_json::Value;

/// The probe's report line for `operation`.
fn report_line<'a>(report: &'a Value, operation: &str) -> &'a Value {
    report
        .as_array()
        .unwrap()
        .iter()
        .find(|line| line["operation_id"] == operation)
        .unwrap_or_else(|| panic!("{operation} is not in the report: {report}"))
}

/// What a browser gets for `url` (the stand-in's authorization page), following redirects.
async fn open_in_browser(url: &str) -> reqwest::Response {
    secops_runtime::tls::client_builder()
        .build()
        .expect("a client")
        .get(url)
        .send()
        .await
        .expect("the page")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn egnyte_login_in_no_redirect_mode_stores_private_tokens_that_the_next_command_uses() {
    let stand_in = StandIn::start(StandInOptions::default()).await.unwrap();
    let cli = Cli::new(&stand_in, None);

    // `secops egnyte login`: the authorize URL on stderr, the code on stdin.
    let mut command = cli.command(&["egnyte", "login", "--scope", "issues:read"]);
    let mut child = tokio::task::spawn_blocking(move || {
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    })
    .await
    .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let url = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(stderr.read_line(&mut line).unwrap() > 0, "no URL printed");
            if let Some(start) = line.find("http://") {
                return (line[start..].trim().to_owned(), stderr);
            }
        }
    })
    .await
    .unwrap();
    let (url, mut stderr) = url;
    assert!(url.contains("no_redirect=true"), "{url}");
    assert!(!url.contains("redirect_uri"), "{url}");
    assert!(url.contains("scope=issues%3Aread"), "{url}");

    // The user opens it and copies the code Egnyte shows.
    let page = open_in_browser(&url).await.text().await.unwrap();
    let code = code_on_page(&page, "authorization-code").unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{code}").unwrap();
    drop(stdin);
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(status.success(), "login failed ({status}): {rest}");
    assert!(rest.contains("tokens saved to"), "{rest}");
    assert!(!rest.contains(&code), "the code was printed: {rest}");

    // Tokens are stored, readable only by their owner.
    let token_file = cli.config_dir().join("env.egnyte-tokens.json");
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(&token_file).unwrap().permissions().mode()
    };
    assert_eq!(mode & 0o777, 0o600, "{}", token_file.display());
    let stored: Value = serde_json::from_slice(&std::fs::read(&token_file).unwrap()).unwrap();
    assert!(stored.is_object());
    assert_eq!(stand_in.stats().egnyte_code_exchanges, 1);

    // The next command uses them: no new sign-in, the API answers.
    let probe = cli.run(&["egnyte", "probe", "--output", "json"], "").await;
    assert_success(&probe);
    let report: Value = serde_json::from_slice(&probe.stdout).unwrap();
    assert_eq!(report_line(&report, "get_user_info")["status"], 200);
    assert_eq!(report_line(&report, "list_issues")["status"], 200);
    // And so does a generated operation.
    let user = cli.run(&["egnyte", "get-user-info"], "").await;
    assert_success(&user);
    let user: Value = serde_json::from_slice(&user.stdout).unwrap();
    assert_eq!(user["clientId"], stand_in.egnyte_client_id());
    let stats = stand_in.stats();
    assert_eq!(stats.egnyte_code_exchanges, 1);
    assert_eq!(stats.egnyte_token_refreshes, 0);
    assert_eq!(stats.egnyte_unauthorized, 0);

    // `logout` deletes them; then sign-in is needed (exit 3), and the message says how.
    let logout = cli.run(&["egnyte", "logout"], "").await;
    assert_success(&logout);
    assert!(!token_file.exists());
    let after = cli.run(&["egnyte", "probe"], "").await;
    assert_exit(&after, 3);
    let message = text(&after.stderr);
    assert!(message.contains("secops egnyte login"), "{message}");
    assert_eq!(message.trim().lines().count(), 1, "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_redirect_is_checked_against_the_state_the_login_generated() {
    let stand_in = StandIn::start(StandInOptions::default()).await.unwrap();
    let cli = Cli::new(&stand_in, None);

    // The state in the pasted query is not the one this login generated: nothing is
    // exchanged, exit 3, and the code is not shown.
    let code = stand_in.egnyte_authorization_code(&["issues:read"]);
    let forged = cli
        .run(
            &["egnyte", "login"],
            &format!("https://app.example/cb?code={code}&state=forged\n"),
        )
        .await;
    assert_exit(&forged, 3);
    let message = text(&forged.stderr);
    assert!(message.contains("state"), "{message}");
    assert!(!message.contains(&code), "{message}");
    assert_eq!(stand_in.stats().egnyte_code_exchanges, 0);

    // A denied authorization: exit 3, nothing stored.
    let denied = cli
        .run(&["egnyte", "login"], "?error=access_denied&state=x\n")
        .await;
    assert_exit(&denied, 3);
    assert!(!cli.config_dir().join("env.egnyte-tokens.json").exists());

    // Nothing pasted: exit 3.
    let nothing = cli.run(&["egnyte", "login"], "").await;
    assert_exit(&nothing, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_credentials_exit_3_without_showing_a_secret() {
    let stand_in = StandIn::start(StandInOptions::default()).await.unwrap();

    // Lacework: a wrong API token in the environment.
    let wrong_token = "wrong-api-token-7f3a9c";
    let cli = Cli::new(&stand_in, Some(wrong_token));
    let probe = cli.run(&["lacework", "probe"], "").await;
    assert_exit(&probe, 3);
    let message = text(&probe.stderr);
    assert!(!message.contains(wrong_token), "{message}");
    assert!(message.contains("token_login"), "{message}");
    assert!(message.contains("401"), "{message}");
    // The same through a generated operation.
    let apps = cli.run(&["lacework", "list-apps"], "").await;
    assert_exit(&apps, 3);
    let message = text(&apps.stderr);
    assert!(!message.contains(wrong_token), "{message}");
    assert!(message.contains("list_apps"), "{message}");
    assert_eq!(message.trim().lines().count(), 1, "{message}");

    // Lacework login with a wrong token on stdin: refused, not stored.
    let mut cli = Cli::new(&stand_in, None);
    let login = cli
        .run(&["lacework", "login"], &format!("{wrong_token}\n"))
        .await;
    assert_exit(&login, 3);
    assert!(!text(&login.stderr).contains(wrong_token));
    assert!(!cli.config_dir().join("env.lacework-token.json").exists());

    // Egnyte: a wrong client secret at the code exchange.
    let wrong_secret = "wrong-client-secret-5be1";
    cli.set("EGNYTE_PROTECT_CLIENT_SECRET", wrong_secret);
    let code = stand_in.egnyte_authorization_code(&["issues:read"]);
    let login = cli.run(&["egnyte", "login"], &format!("{code}\n")).await;
    assert_exit(&login, 3);
    let message = text(&login.stderr);
    assert!(!message.contains(wrong_secret), "{message}");
    assert!(!message.contains(&code), "{message}");
    assert!(
        !message.contains(stand_in.egnyte_client_secret()),
        "{message}"
    );

    // Egnyte: tokens revoked since sign-in (the refresh is refused).
    cli.set(
        "EGNYTE_PROTECT_CLIENT_SECRET",
        stand_in.egnyte_client_secret(),
    );
    cli.egnyte_login(&stand_in).await;
    stand_in.revoke_egnyte_tokens();
    let probe = cli.run(&["egnyte", "probe"], "").await;
    assert_exit(&probe, 3);
    let message = text(&probe.stderr);
    let stored = std::fs::read_to_string(cli.config_dir().join("env.egnyte-tokens.json")).unwrap();
    let stored: Value = serde_json::from_str(&stored).unwrap();
    for secret in stored
        .as_object()
        .unwrap()
        .values()
        .filter_map(Value::as_str)
    {
        if secret.len() > 8 {
            assert!(!message.contains(secret), "{message}");
        }
    }
    assert!(message.contains("secops egnyte login"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lacework_login_checks_and_stores_the_token_for_later_commands() {
    let stand_in = StandIn::start(StandInOptions::default()).await.unwrap();
    let cli = Cli::new(&stand_in, None);
    let login = cli
        .run(
            &["lacework", "login"],
            &format!("{}\n", stand_in.lacework_api_token()),
        )
        .await;
    assert_success(&login);
    assert!(!text(&login.stderr).contains(stand_in.lacework_api_token()));
    assert_eq!(stand_in.stats().lacework_logins, 1);
    let token_file = cli.config_dir().join("env.lacework-token.json");
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(&token_file).unwrap().permissions().mode()
    };
    assert_eq!(mode & 0o777, 0o600);

    let probe = cli.run(&["lacework", "probe", "-o", "json"], "").await;
    assert_success(&probe);
    let report: Value = serde_json::from_slice(&probe.stdout).unwrap();
    assert_eq!(report_line(&report, "list_apps")["status"], 200);
    assert_eq!(stand_in.stats().lacework_logins, 2);

    let logout = cli.run(&["lacework", "logout"], "").await;
    assert_success(&logout);
    assert!(!token_file.exists());
    let after = cli.run(&["lacework", "probe"], "").await;
    assert_exit(&after, 3);
    assert!(text(&after.stderr).contains("secops lacework login"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_of_the_config_file_keep_their_own_tokens() {
    let stand_in = StandIn::start(StandInOptions::default()).await.unwrap();
    let mut cli = Cli::new(&stand_in, None);
    for name in [
        "EGNYTE_PROTECT_REGION",
        "EGNYTE_PROTECT_CLIENT_ID",
        "EGNYTE_PROTECT_CLIENT_SECRET",
        "LACEWORK_EDGE_HOST",
        "LACEWORK_EDGE_ACCOUNT",
    ] {
        cli.unset(name);
    }
    std::fs::create_dir_all(cli.config_dir()).unwrap();
    let config = cli.config_dir().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profile.work.egnyte]\nregion = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\n\n\
             [profile.work.lacework]\nhost = \"{}\"\naccount = \"{}\"\n",
            stand_in.egnyte_base_url(),
            stand_in.egnyte_client_id(),
            stand_in.egnyte_client_secret(),
            stand_in.lacework_base_url(),
            stand_in.lacework_account(),
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    }

    // Without --profile there is neither an environment nor a `default` profile.
    let code = stand_in.egnyte_authorization_code(&["issues:read"]);
    let unset = cli.run(&["egnyte", "login"], &format!("{code}\n")).await;
    assert_exit(&unset, 2);
    assert!(text(&unset.stderr).contains("EGNYTE_PROTECT_CLIENT_ID"));

    let login = cli
        .run(
            &["--profile", "work", "egnyte", "login"],
            &format!("{code}\n"),
        )
        .await;
    assert_success(&login);
    assert!(cli.config_dir().join("work.egnyte-tokens.json").exists());
    let lacework = cli
        .run(
            &["lacework", "login", "--profile", "work"],
            &format!("{}\n", stand_in.lacework_api_token()),
        )
        .await;
    assert_success(&lacework);
    assert!(cli.config_dir().join("work.lacework-token.json").exists());
    let probe = cli
        .run(&["--profile", "work", "egnyte", "probe", "-o", "json"], "")
        .await;
    assert_success(&probe);

    // A profile that does not exist, and a setting a profile may not hold, are named.
    let missing = cli.run(&["--profile", "home", "egnyte", "probe"], "").await;
    assert_exit(&missing, 2);
    assert!(text(&missing.stderr).contains("profile home"));
    std::fs::write(
        &config,
        "[profile.work.lacework]\nhost = \"h\"\naccount = \"a\"\napi_token = \"sekrit-4411\"\n",
    )
    .unwrap();
    let bad = cli
        .run(&["--profile", "work", "lacework", "probe"], "")
        .await;
    assert_exit(&bad, 2);
    let message = text(&bad.stderr);
    assert!(message.contains("api_token"), "{message}");
    assert!(!message.contains("sekrit-4411"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completions_and_help() {
    let stand_in = StandIn::start(StandInOptions::default()).await.unwrap();
    let cli = Cli::new(&stand_in, None);
    for shell in ["bash", "zsh", "fish"] {
        let output = cli.run(&["completions", shell], "").await;
        assert_success(&output);
        assert!(text(&output.stdout).contains("secops"), "{shell}");
    }
    let unknown = cli.run(&["completions", "tcsh"], "").await;
    assert_exit(&unknown, 2);
    for args in [
        &["--help"][..],
        &["egnyte", "login", "--help"],
        &["egnyte", "issues", "tail", "--help"],
        &["lacework", "probe", "--help"],
    ] {
        let output = cli.run(args, "").await;
        assert_success(&output);
        assert!(text(&output.stdout).contains("Usage"), "{args:?}");
    }
    let help = cli.run(&["--help"], "").await;
    assert!(text(&help.stdout).contains("[profile.default.egnyte]"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn egnyte_login_with_listen_catches_the_redirect_on_loopback() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let redirect_uri = format!("http://127.0.0.1:{port}/callback");
    let stand_in = StandIn::start(StandInOptions::default().egnyte_redirect_uri(&redirect_uri))
        .await
        .unwrap();
    let mut cli = Cli::new(&stand_in, None);
    cli.set("EGNYTE_PROTECT_REDIRECT_URI", &redirect_uri);
    let port_text = port.to_string();
    let mut command = cli.command(&["egnyte", "login", "--listen", &port_text]);
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let (url, mut stderr) = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(stderr.read_line(&mut line).unwrap() > 0, "no URL printed");
            if let Some(start) = line.find("http://")
                && line.contains("/oauth2/code")
            {
                return (line[start..].trim().to_owned(), stderr);
            }
        }
    })
    .await
    .unwrap();
    assert!(url.contains("redirect_uri="), "{url}");

    // The browser: the authorization page redirects to the listener, which answers.
    let page = open_in_browser(&url).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Signed in"), "{page}");
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(status.success(), "{rest}");
    assert!(cli.config_dir().join("env.egnyte-tokens.json").exists());
    assert_eq!(stand_in.stats().egnyte_code_exchanges, 1);

    // A port that does not match the configured redirect URI is refused before anything.
    let other = (port + 1).to_string();
    let refused = cli.run(&["egnyte", "login", "--listen", &other], "").await;
    assert_exit(&refused, 2);
}
