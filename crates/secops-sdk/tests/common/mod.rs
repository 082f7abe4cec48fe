//! Helpers shared by the scenario tests: a hand-driven clock, a store that records the order
//! of events, and configurations pointing at an httpmock server.
#![allow(dead_code)]

pub mod issues;
pub mod traces;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use httpmock::MockServer;
use secops_sdk::BoxFuture;
use secops_sdk::auth::egnyte::{OAuthTokens, Region};
use secops_sdk::auth::{MemoryTokenStore, TokenStore, TokenStoreError};
use secops_sdk::clock::Clock;
use secops_sdk::config::{EgnyteConfig, LaceworkConfig};
use secops_sdk::retry::RetryConfig;
use secops_sdk::transport::SdkTransport;

/// Where every test clock starts: 2023-11-14T22:13:20Z.
pub const START: u64 = 1_700_000_000;

pub const CLIENT_ID: &str = "client-id-1";
pub const CLIENT_SECRET: &str = "client-secret-SHOULD-NOT-LEAK";
pub const REDIRECT_URI: &str = "https://app.example/callback";

/// A clock that only moves when told to or when something sleeps; sleeps return at once and
/// are recorded.
#[derive(Debug)]
pub struct TestClock {
    now: Mutex<SystemTime>,
    sleeps: Mutex<Vec<Duration>>,
    sleep_count: Arc<AtomicUsize>,
}

impl TestClock {
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            now: Mutex::new(SystemTime::UNIX_EPOCH + Duration::from_secs(START)),
            sleeps: Mutex::new(Vec::new()),
            sleep_count: Arc::new(AtomicUsize::new(0)),
        })
    }

    pub fn advance(&self, by: Duration) {
        *self.now.lock().unwrap() += by;
    }

    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }

    /// A counter of sleeps, for httpmock matchers that depend on how many retries happened.
    pub fn sleep_counter(&self) -> Arc<AtomicUsize> {
        self.sleep_count.clone()
    }
}

impl Clock for TestClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.sleeps.lock().unwrap().push(duration);
        self.advance(duration);
        self.sleep_count.fetch_add(1, Ordering::SeqCst);
        Box::pin(async {})
    }
}

/// A shared, ordered log of what happened (store saves, server sightings).
#[derive(Clone, Debug, Default)]
pub struct EventLog(Arc<Mutex<Vec<String>>>);

impl EventLog {
    pub fn push(&self, event: impl Into<String>) {
        self.0.lock().unwrap().push(event.into());
    }

    pub fn events(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

/// A memory store that logs each save as `saved refresh=<refresh token>`.
#[derive(Debug)]
pub struct RecordingStore {
    inner: MemoryTokenStore,
    pub log: EventLog,
}

impl RecordingStore {
    pub fn new(tokens: Option<OAuthTokens>, log: EventLog) -> Arc<Self> {
        Arc::new(Self {
            inner: MemoryTokenStore::new(tokens),
            log,
        })
    }
}

impl TokenStore for RecordingStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<OAuthTokens>, TokenStoreError>> {
        self.inner.load()
    }

    fn save<'a>(&'a self, tokens: &'a OAuthTokens) -> BoxFuture<'a, Result<(), TokenStoreError>> {
        use secrecy::ExposeSecret;
        self.log.push(format!(
            "saved refresh={}",
            tokens.refresh_token().expose_secret()
        ));
        self.inner.save(tokens)
    }
}

/// Tokens `access`/`refresh` expiring `valid_for` after [`START`] (negative: already expired).
pub fn tokens(access: &str, refresh: &str, expires_at_offset_secs: i64) -> OAuthTokens {
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(START);
    let expires_at = if expires_at_offset_secs >= 0 {
        start + Duration::from_secs(expires_at_offset_secs.unsigned_abs())
    } else {
        start - Duration::from_secs(expires_at_offset_secs.unsigned_abs())
    };
    OAuthTokens::new(access.into(), refresh.into()).with_expires_at(Some(expires_at))
}

/// Retries with tiny, exact back-off (no jitter) so tests can assert the delays.
pub fn quick_retry() -> RetryConfig {
    RetryConfig::default()
        .with_jitter(false)
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(40))
        .with_attempt_timeout(Some(Duration::from_secs(10)))
}

pub fn egnyte_config(
    server: &MockServer,
    store: Arc<dyn TokenStore>,
    clock: Arc<TestClock>,
) -> EgnyteConfig {
    EgnyteConfig::builder()
        .region(Region::Custom(server.base_url().parse().unwrap()))
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .redirect_uri(REDIRECT_URI)
        .token_store(store)
        .clock(clock)
        .retry(quick_retry())
        .allow_insecure_http(true)
        .build()
        .unwrap()
}

pub const LACEWORK_API_TOKEN: &str = "api-token-SHOULD-NOT-LEAK";
pub const LACEWORK_ACCOUNT: &str = "acme";

pub fn lacework_config(server: &MockServer, clock: Arc<TestClock>) -> LaceworkConfig {
    LaceworkConfig::builder()
        .api_token(LACEWORK_API_TOKEN)
        .account(LACEWORK_ACCOUNT)
        .host(server.base_url())
        .clock(clock)
        .retry(quick_retry())
        .allow_insecure_http(true)
        .build()
        .unwrap()
}

/// Authorizes and sends `request` through `transport`, as a generated client would.
pub async fn send(
    transport: &SdkTransport,
    http: &reqwest::Client,
    mut request: reqwest::Request,
    operation_id: &'static str,
) -> Result<reqwest::Response, String> {
    transport
        .authorize(&mut request, operation_id)
        .await
        .map_err(|error| error.to_string())?;
    transport
        .execute(http, request, operation_id)
        .await
        .map_err(|error| error.to_string())
}
