//! What the CLI tests share: the built `secops` binary run against the stand-in, with a
//! private config directory and an environment that names nothing but the stand-in.

#![allow(dead_code)] // each test file uses a part

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use secops_stand_in::StandIn;

/// The `secops` binary Cargo built for these tests.
pub const SECOPS: &str = env!("CARGO_BIN_EXE_secops");

/// A `secops` environment: a fresh config directory and the stand-in's settings.
pub struct Cli {
    dir: tempfile::TempDir,
    vars: Vec<(String, String)>,
}

impl Cli {
    /// Settings for both vendors of `stand_in` in the environment (no redirect URI: the
    /// no-redirect sign-in), with the stand-in's Lacework API token unless `lacework_token`
    /// says otherwise (`None`: no token in the environment).
    pub fn new(stand_in: &StandIn, lacework_token: Option<&str>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut vars = vec![
            (
                "EGNYTE_PROTECT_REGION".to_owned(),
                stand_in.egnyte_base_url().to_string(),
            ),
            (
                "EGNYTE_PROTECT_CLIENT_ID".to_owned(),
                stand_in.egnyte_client_id().to_owned(),
            ),
            (
                "EGNYTE_PROTECT_CLIENT_SECRET".to_owned(),
                stand_in.egnyte_client_secret().to_owned(),
            ),
            (
                "LACEWORK_EDGE_HOST".to_owned(),
                stand_in.lacework_base_url().to_string(),
            ),
            (
                "LACEWORK_EDGE_ACCOUNT".to_owned(),
                stand_in.lacework_account().to_owned(),
            ),
        ];
        if let Some(token) = lacework_token {
            vars.push(("LACEWORK_EDGE_API_TOKEN".to_owned(), token.to_owned()));
        }
        Self { dir, vars }
    }

    /// Sets (or replaces) a variable.
    pub fn set(&mut self, name: &str, value: &str) {
        self.vars.retain(|(existing, _)| existing != name);
        self.vars.push((name.to_owned(), value.to_owned()));
    }

    /// Removes a variable.
    pub fn unset(&mut self, name: &str) {
        self.vars.retain(|(existing, _)| existing != name);
    }

    /// The config directory (`$XDG_CONFIG_HOME/secops`).
    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("xdg").join("secops")
    }

    /// A scratch directory for the test's own files.
    pub fn scratch(&self) -> &Path {
        self.dir.path()
    }

    /// `secops ARGS` with this environment only.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(SECOPS);
        command
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg"))
            .envs(self.vars.iter().map(|(name, value)| (name, value)));
        command
    }

    /// Runs `secops ARGS` with `stdin`, to the end, off the async runtime.
    pub async fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut command = self.command(args);
        let stdin = stdin.to_owned();
        tokio::task::spawn_blocking(move || {
            let mut child = command
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut input = child.stdin.take().unwrap();
            // A command that does not read stdin may have exited already.
            let _ = input.write_all(stdin.as_bytes());
            drop(input);
            child.wait_with_output().unwrap()
        })
        .await
        .unwrap()
    }

    /// Signs in to Egnyte with a no-redirect code the stand-in issued, pasted on stdin.
    pub async fn egnyte_login(&self, stand_in: &StandIn) {
        let code = stand_in.egnyte_authorization_code(&["issues:read"]);
        let output = self
            .run(
                &["egnyte", "login", "--scope", "issues:read"],
                &format!("{code}\n"),
            )
            .await;
        assert_success(&output);
    }
}

/// Text of a stream.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts exit 0, showing stderr otherwise.
pub fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "secops failed ({}):\nstdout: {}\nstderr: {}",
        output.status,
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// Asserts the exit code, showing the output otherwise.
pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "expected exit {code}:\nstdout: {}\nstderr: {}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// The text between `<code id="ID">` and `</code>` of a page.
pub fn code_on_page(page: &str, id: &str) -> Option<String> {
    let start = format!("<code id=\"{id}\">");
    let from = page.find(&start)? + start.len();
    let to = from + page[from..].find("</code>")?;
    Some(page[from..to].to_owned())
}

/// Sends SIGTERM to `pid` (with `kill`, so the tests need no unsafe code).
pub fn sigterm(pid: u32) {
    let status = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -TERM {pid} failed");
}

/// A small seeded generator (SplitMix64), so random moments replay from the seed.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}
