//! What every corpus case shares: the planted secrets, the facades pointed at a loopback
//! server, the TRACE log capture, and the checks on errors and values.

use std::fmt::{Debug, Display};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use futures::future::BoxFuture;
use secops_sdk::auth::egnyte::{OAuthTokens, Region};
use secops_sdk::auth::{AuthError, MemoryTokenStore};
use secops_sdk::config::{EgnyteConfig, LaceworkConfig};
use secops_sdk::retry::RetryConfig;
use secops_sdk::secops_runtime::ErrorKind;
use secops_sdk::{EgnyteProtect, Error, LaceworkEdge};

use crate::common::{TestClock, tokens};
use crate::server::{Reply, Route, Server, route};

// ----- Planted secrets -----

/// Every planted secret starts with this marker: no output may contain it.
pub const MARKER: &str = "PLANTED";

pub const CLIENT_SECRET: &str = "PLANTED-client-secret-Zq7+/=";
pub const ACCESS_1: &str = "PLANTED-access-1-aB9x";
pub const REFRESH_1: &str = "PLANTED-refresh-1-Kp2w";
pub const ACCESS_2: &str = "PLANTED-access-2-Qe4r";
pub const REFRESH_2: &str = "PLANTED-refresh-2-Vt6y";
pub const CODE: &str = "PLANTED-code-1-Hs8u";
pub const API_TOKEN: &str = "PLANTED-api-token-Lm3n";
pub const JWT_1: &str = "PLANTED-jwt-1.eyJhbGciOiJIUzI1NiJ9.c2ln";
pub const JWT_2: &str = "PLANTED-jwt-2.eyJhbGciOiJIUzI1NiJ9.c2lo";
/// A credential a server puts in a response body, under a credential key.
pub const BODY_TOKEN: &str = "PLANTED-body-token-Wx5z";
pub const BODY_SECRET: &str = "PLANTED-body-secret-Jd1c";

const SECRETS: &[&str] = &[
    CLIENT_SECRET,
    ACCESS_1,
    REFRESH_1,
    ACCESS_2,
    REFRESH_2,
    CODE,
    API_TOKEN,
    JWT_1,
    JWT_2,
    BODY_TOKEN,
    BODY_SECRET,
];

/// Where a planted secret shows in `text`, if it does.
pub fn leak_in(text: &str) -> Option<String> {
    let secret = SECRETS
        .iter()
        .find(|secret| text.contains(**secret))
        .copied()
        .or_else(|| text.contains(MARKER).then_some(MARKER))?;
    let at = text.find(secret).unwrap_or(0);
    let start = floor_char_boundary(text, at.saturating_sub(80));
    let end = floor_char_boundary(text, (at + secret.len() + 80).min(text.len()));
    Some(format!("{secret:?} in ...{}...", &text[start..end]))
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

// ----- What a case shows -----

/// The most bytes an error's `Display` may have.
pub const MAX_DISPLAY: usize = 4 * 1024;

/// Every text a case produced for a user to see (Display, Debug, pretty Debug of errors and
/// values): the runner checks none shows a planted secret.
#[derive(Default)]
pub struct Shown(pub Vec<(String, String)>);

impl Shown {
    /// `error`'s `Display`, `{:?}` and `{:#?}`; its `Display` must be small.
    pub fn error(&mut self, what: &str, error: &(impl Display + Debug)) {
        let display = error.to_string();
        assert!(
            display.len() < MAX_DISPLAY,
            "{what}: Display is {} bytes: {}...",
            display.len(),
            &display[..floor_char_boundary(&display, 300)]
        );
        self.0.push((format!("{what} Display"), display));
        self.0.push((format!("{what} Debug"), format!("{error:?}")));
        self.0
            .push((format!("{what} pretty Debug"), format!("{error:#?}")));
    }

    /// A decoded value's `{:?}` and `{:#?}`.
    pub fn value(&mut self, what: &str, value: &impl Debug) {
        self.0.push((format!("{what} Debug"), format!("{value:?}")));
        self.0
            .push((format!("{what} pretty Debug"), format!("{value:#?}")));
    }
}

// ----- Cases -----

/// What a case is about, for the summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    NullFields,
    Numbers,
    EnumsAndUnknownFields,
    BadBodies,
    Slow,
    Redirects,
    RejectedAndThrottled,
    TokenLifetimes,
    Echoes,
}

/// One corpus case: it panics when the SDK does not behave, and returns what it showed.
pub struct Case {
    pub name: &'static str,
    pub category: Category,
    pub run: fn() -> BoxFuture<'static, Shown>,
    /// A real SDK bug the case exposes: the case is written as the SDK should behave and is
    /// skipped unless `CORPUS_RUN_IGNORED=1`.
    pub ignore: Option<&'static str>,
}

/// `Case { name: "f", category, run: f }`.
#[macro_export]
macro_rules! case {
    ($category:ident, $function:ident) => {
        $crate::support::Case {
            name: stringify!($function),
            category: $crate::support::Category::$category,
            run: || Box::pin($function()),
            ignore: None,
        }
    };
    ($category:ident, $function:ident, ignore = $reason:expr) => {
        $crate::support::Case {
            name: stringify!($function),
            category: $crate::support::Category::$category,
            run: || Box::pin($function()),
            ignore: Some($reason),
        }
    };
}

// ----- Logs -----

static LOGS: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        LOGS.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs, once for the process, a global TRACE subscriber (and the `log` bridge) that
/// writes every event and span close into a shared buffer.
pub fn capture_logs() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_ansi(false)
            .with_writer(|| LogWriter)
            .try_init()
            .expect("the corpus binary installs the only global subscriber");
    });
}

/// Everything logged since the last call (the buffer is emptied).
pub fn take_logs() -> String {
    let bytes = std::mem::take(&mut *LOGS.lock().unwrap());
    String::from_utf8_lossy(&bytes).into_owned()
}

// ----- Facades on loopback -----

pub const EGNYTE_TOKEN: &str = "/oauth2/token";
pub const LACEWORK_LOGIN: &str = "/api/v1/token-login";

/// Retries as the SDK does them, but with tiny exact back-off (the clock's sleeps return at
/// once and are recorded), a 2 s `Retry-After` cap, and a generous attempt timeout.
pub fn retry() -> RetryConfig {
    RetryConfig::default()
        .with_jitter(false)
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(40))
        .with_max_retry_after(Duration::from_secs(2))
        .with_attempt_timeout(Some(Duration::from_secs(5)))
}

/// One attempt that gives up after 300 ms.
pub fn impatient() -> RetryConfig {
    retry()
        .with_max_attempts(1)
        .with_attempt_timeout(Some(Duration::from_millis(300)))
}

/// An Egnyte facade on `server`, its token store and clock.
pub struct Egnyte {
    pub facade: EgnyteProtect,
    pub store: Arc<MemoryTokenStore>,
    pub clock: Arc<TestClock>,
}

/// Egnyte with `stored` tokens and `retry`.
pub fn egnyte_with(server: &Server, stored: Option<OAuthTokens>, retry: RetryConfig) -> Egnyte {
    let store = Arc::new(MemoryTokenStore::new(stored));
    let clock = TestClock::new();
    let config = EgnyteConfig::builder()
        .region(Region::Custom(server.base().parse().unwrap()))
        .client_id("client-id-1")
        .client_secret(CLIENT_SECRET)
        .redirect_uri("https://app.example/callback")
        .token_store(store.clone())
        .clock(clock.clone())
        .retry(retry)
        .allow_insecure_http(true)
        .build()
        .unwrap();
    Egnyte {
        facade: EgnyteProtect::new(config).unwrap(),
        store,
        clock,
    }
}

/// Egnyte holding `ACCESS_1` (valid for an hour) and `REFRESH_1`.
pub fn egnyte(server: &Server) -> Egnyte {
    egnyte_with(server, Some(valid_tokens()), retry())
}

pub fn valid_tokens() -> OAuthTokens {
    tokens(ACCESS_1, REFRESH_1, 3600)
}

pub fn expired_tokens() -> OAuthTokens {
    tokens(ACCESS_1, REFRESH_1, -10)
}

/// A token endpoint answer with `ACCESS_2` / `REFRESH_2` and `expires_in`.
pub fn token_body(expires_in: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "access_token": ACCESS_2,
        "refresh_token": REFRESH_2,
        "token_type": "bearer",
        "expires_in": expires_in,
    })
}

/// A Lacework facade on `server`, and its clock.
pub struct Lacework {
    pub facade: LaceworkEdge,
    pub clock: Arc<TestClock>,
}

pub fn lacework_with(server: &Server, retry: RetryConfig) -> Lacework {
    let clock = TestClock::new();
    let config = LaceworkConfig::builder()
        .api_token(API_TOKEN)
        .account("acme")
        .host(server.base())
        .clock(clock.clone())
        .retry(retry)
        .allow_insecure_http(true)
        .build()
        .unwrap();
    Lacework {
        facade: LaceworkEdge::new(config).unwrap(),
        clock,
    }
}

pub fn lacework(server: &Server) -> Lacework {
    lacework_with(server, retry())
}

/// TokenLogin answering `JWT_1` for an hour.
pub fn login_route() -> Route {
    route(LACEWORK_LOGIN, |_| {
        Reply::json(200, serde_json::json!({"token": JWT_1, "ttl_sec": 3600}))
    })
}

/// Whether `request` carried `Bearer <token>`.
pub fn bearer(request: &crate::server::Request, token: &str) -> bool {
    request.header("authorization") == Some(&format!("Bearer {token}"))
}

// ----- Error checks -----

/// The name of a runtime error kind.
pub fn kind_name<E>(kind: &ErrorKind<E>) -> &'static str {
    match kind {
        ErrorKind::InvalidRequest(_) => "InvalidRequest",
        ErrorKind::Credentials(_) => "Credentials",
        ErrorKind::Transport(_) => "Transport",
        ErrorKind::TimedOut { .. } => "TimedOut",
        ErrorKind::ErrorResponse(_) => "ErrorResponse",
        ErrorKind::ResponseBody { .. } => "ResponseBody",
        ErrorKind::InvalidPayload(_) => "InvalidPayload",
        ErrorKind::UnexpectedStatus { .. } => "UnexpectedStatus",
        _ => "another kind",
    }
}

/// `Egnyte/InvalidPayload`, `Lacework/TimedOut`, `Item`, ...
pub fn kind_of(error: &Error) -> String {
    match error {
        Error::Egnyte(error) => format!("Egnyte/{}", kind_name(error.kind())),
        Error::Lacework(error) => format!("Lacework/{}", kind_name(error.kind())),
        Error::Item(_) => "Item".to_owned(),
        Error::SkippedUpdate(_) => "SkippedUpdate".to_owned(),
        Error::Pagination { .. } => "Pagination".to_owned(),
        _ => "another variant".to_owned(),
    }
}

/// Checks `error`'s kind, status and operation, and records what it shows.
pub fn expect_error(
    shown: &mut Shown,
    error: &Error,
    kind: &str,
    status: Option<u16>,
    operation: &str,
) {
    assert_eq!(kind_of(error), kind, "the kind of {error:?}");
    assert_eq!(
        error.status().map(|status| status.as_u16()),
        status,
        "the status of {error}"
    );
    assert_eq!(error.operation(), operation, "the operation of {error}");
    shown.error(&format!("{kind} of {operation}"), error);
}

/// The undecodable body of `error`.
pub fn payload(error: &Error) -> &secops_sdk::secops_runtime::InvalidPayload {
    let kind_payload = match error {
        Error::Egnyte(error) => match error.kind() {
            ErrorKind::InvalidPayload(payload) => Some(payload),
            _ => None,
        },
        Error::Lacework(error) => match error.kind() {
            ErrorKind::InvalidPayload(payload) => Some(payload),
            _ => None,
        },
        _ => None,
    };
    kind_payload.unwrap_or_else(|| panic!("expected InvalidPayload, got {error:?}"))
}

/// The typed sign-in error inside `error` (a call that could not get credentials).
pub fn auth_error(error: &Error) -> &AuthError {
    error
        .auth()
        .unwrap_or_else(|| panic!("expected an AuthError inside {error:?}"))
}

/// `future` must finish within `limit`: the case's own "bounded time" check, tighter than the
/// runner's.
pub async fn within<T>(limit: Duration, future: impl std::future::Future<Output = T>) -> T {
    let started = std::time::Instant::now();
    match tokio::time::timeout(limit, future).await {
        Ok(value) => value,
        Err(_) => panic!("did not finish within {limit:?} ({:?})", started.elapsed()),
    }
}
