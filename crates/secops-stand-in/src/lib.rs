//! # secops-stand-in
//!
//! An in-process stand-in for the two vendor APIs the SDK talks to, served on loopback only,
//! so the SDK can be demonstrated, benchmarked and tested without a vendor account or network.
//!
//! **Egnyte Secure and Govern** (base `http://127.0.0.1:<port>`; API under `/api`):
//! - `GET /oauth2/code`: the authorization page. The stand-in's user always consents, so it
//!   redirects straight to the registered redirect URI with `?code=...&state=...`. In
//!   **no-redirect mode** (`no_redirect=true` and no `redirect_uri`, as Egnyte's own
//!   command-line integrations sign in) it answers 200 with a page showing the code in
//!   `<code id="authorization-code">` (and a plain `state` in `<code id="state">`), for the user
//!   to paste into the program; [`StandIn::egnyte_authorization_code`] issues such a code
//!   directly.
//! - `POST /oauth2/token`, form-encoded: `authorization_code` and `refresh_token` grants. A code
//!   from a redirect must come with the same `redirect_uri`; a no-redirect code with
//!   `no_redirect=true` and no `redirect_uri`.
//!   Access tokens expire after [`StandInOptions::access_token_ttl`]; every refresh
//!   **rotates** the refresh token and the old one is refused (`invalid_grant`).
//! - `GET /api/v1/userinfo`, `GET /api/v1/issues` (integer cursor, `count`, `format`),
//!   `GET /api/v1/issuecursor`, `GET /api/v1/issueupdates` (`modifiedAfter`; a page never ends
//!   inside a run of equal timestamps, so it may hold more than `count` issues),
//!   `GET /api/v1/issues/{id}` and `POST /api/v1/issues/{id}/remediation`.
//! - Errors as `{"code", "message", "details"}`; the token endpoint answers RFC 6749 errors
//!   (`{"error", "error_description"}`).
//! - Every response (token endpoint included) carries `x-egnyte-request-id: stand-in-<n>`, `n`
//!   counting Egnyte responses from 1, as Egnyte sends its request id.
//!
//! **Lacework Edge** (base `http://127.0.0.1:<port>`):
//! - `GET /api/v1/token-login?account=...` with `Authorization: Bearer <API token>`: a
//!   JWT-shaped session token with `ttl_sec` and `expire_time_sec` (Unix seconds).
//! - `GET`/`POST /api/v1/apps`, `GET /api/v1/apps/{uuid}`, `GET /api/v1/users`,
//!   `GET /api/v1/users/{uuid}`, `GET /api/v1/groups`, `GET /api/v1/groups/{uuid}`, with the
//!   `tag`, `status` and `datasource` filters.
//! - Errors as `{"message"}`.
//!
//! Issues are realistic but invented (types, severities 1-10, statuses, item names, policies,
//! epoch-millisecond timestamps) and deterministic for a given [`StandInOptions::seed`]. With
//! [`StandInOptions::update_interval`] set, issues keep changing while the stand-in runs.
//! [`StandIn::stats`] tells what happened: token refreshes, logins, requests per route and per
//! method; [`StandIn::issue_versions`] lists every state an issue has had.
//! [`StandInOptions::remove_route`] makes one route answer 404, as a wrong path in a spec
//! would meet.
//!
//! # Testing your own code with it
//!
//! Add it as a dev-dependency, start it in the test's Tokio runtime, and point the SDK (or any
//! HTTP client) at [`StandIn::egnyte_base_url`] / [`StandIn::lacework_base_url`], allowing
//! plain http on loopback. One example per use:
//!
//! | what | how | example |
//! | --- | --- | --- |
//! | a fake tenant with N issues or apps | [`StandInOptions::issue_count`], [`StandInOptions::app_count`], [`StandInOptions::seed`] | below |
//! | Egnyte sign-in without a browser | [`StandIn::egnyte_authorization_code`] | on it |
//! | tokens that expire and rotate | [`StandInOptions::access_token_ttl`], [`StandInOptions::jwt_ttl`], [`StandIn::expire_egnyte_access_tokens`], [`StandIn::expire_lacework_tokens`], [`StandIn::revoke_egnyte_tokens`] | "Rotating tokens" below |
//! | 429 / 503 / dropped connections at a rate | [`StandInOptions::fault`], [`FaultKind`] | on it |
//! | every n-th data GET answered 503 | [`StandInOptions::transient_failure_every`] | `tests/stand_in.rs` |
//! | a clock the test controls | [`StandInOptions::manual_clock`], [`StandIn::advance`], [`StandIn::now_millis`] | on them |
//! | issues changing | [`StandIn::update_issues`], [`StandInOptions::update_interval`] | on it |
//! | a bulk action: N updates at one timestamp, one `issueupdates` page | [`StandIn::bulk_resolve`] | on it |
//! | check a follower for loss and repeats | [`StandIn::issue_versions`] | "Checking a follower" below |
//! | what the client sent | [`StandIn::stats`], [`Stats`] | on them |
//! | a wrong path in a spec | [`StandInOptions::remove_route`] | on it |
//!
//! Lacework Edge serves a seeded set of apps ([`StandInOptions::app_count`], 10 by default),
//! users and groups (plus the apps created with `POST /api/v1/apps`).
//!
//! ## Rotating tokens
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use secops_stand_in::{StandIn, StandInOptions};
//!
//! let stand_in = StandIn::start(StandInOptions::default()).await?;
//! let token_url = stand_in.egnyte_base_url().join("oauth2/token")?;
//! let code = stand_in.egnyte_authorization_code(&["issues:read"]);
//! let form = |grant: &[(&str, &str)]| -> Vec<(String, String)> {
//!     let client = [
//!         ("client_id", stand_in.egnyte_client_id()),
//!         ("client_secret", stand_in.egnyte_client_secret()),
//!     ];
//!     client.iter().chain(grant).map(|(k, v)| (k.to_string(), v.to_string())).collect()
//! };
//! let http = secops_runtime::tls::client_builder().build().expect("a client");
//! let tokens: serde_json::Value = http
//!     .post(token_url.clone())
//!     .form(&form(&[("grant_type", "authorization_code"), ("code", &code), ("no_redirect", "true")]))
//!     .send().await?.json().await?;
//! let first = tokens["refresh_token"].as_str().unwrap().to_owned();
//! let refresh = form(&[("grant_type", "refresh_token"), ("refresh_token", &first)]);
//! let renewed = http.post(token_url.clone()).form(&refresh).send().await?;
//! assert_eq!(renewed.status(), 200);
//! // The refresh rotated the refresh token: the old one is refused now.
//! let again = http.post(token_url).form(&refresh).send().await?;
//! assert_eq!(again.status(), 400);
//! assert_eq!(stand_in.stats().egnyte_token_refreshes, 1);
//! # Ok(()) }
//! ```
//!
//! ## Checking a follower
//!
//! Change issues at moments the test picks, then compare what your follower delivered with
//! [`StandIn::issue_versions`]: every version after its start that is still
//! [`current`](IssueVersion::current) must arrive (a version replaced before the follower read
//! it is not served any more; its replacement is), and none twice. A complete test through the
//! SDK, with faults and token expiry, is in the workspace README ("Testing your code against
//! these APIs") and `examples/testing-with-mocks/tests/with_stand_in.rs`.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use std::collections::HashSet;
//! use secops_stand_in::{StandIn, StandInOptions};
//!
//! let stand_in = StandIn::start(StandInOptions::default().manual_clock()).await?;
//! let since = stand_in.now_millis();
//! stand_in.update_issues(5);
//! stand_in.update_issues(5);
//! let must_arrive: HashSet<(i64, i64)> = stand_in
//!     .issue_versions()
//!     .into_iter()
//!     .filter(|version| version.updated > since && version.current)
//!     .map(|version| (version.id, version.updated))
//!     .collect();
//! assert!(!must_arrive.is_empty() && must_arrive.len() <= 10);
//! // ... run your follower from `since`, collect `(id, updated)`, and compare.
//! # Ok(()) }
//! ```
//!
//! # Stability
//!
//! The public API is what this page lists: [`StandIn`], [`StandInOptions`] and their methods,
//! [`FaultKind`], [`IssueVersion`] and [`Stats`]. It only grows: methods and options are
//! added, none removed or changed in meaning. [`Stats`], [`IssueVersion`] and [`FaultKind`]
//! are `#[non_exhaustive]`, so fields, counters and fault kinds can be added. Stable as well:
//! the routes listed above and their error shapes, the defaults of [`StandInOptions`], and
//! that a seed gives the same data and the same fault sequence. Not stable: the generated
//! values themselves (names, statuses, timestamps of a given seed may change between
//! versions: compare a run with the stand-in's own record, not with literals), and the
//! exact token formats. It serves loopback only and holds everything in memory; it is test
//! support, not a server to deploy.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use secops_stand_in::{StandIn, StandInOptions};
//!
//! let stand_in = StandIn::start(StandInOptions::default().issue_count(50)).await?;
//! assert_eq!(stand_in.issue_count(), 50);
//! assert_eq!(stand_in.egnyte_base_url().host_str(), Some("127.0.0.1"));
//! assert!(stand_in.egnyte_api_base_url().as_str().ends_with("/api"));
//! assert_eq!(stand_in.stats().total_requests(), 0);
//! stand_in.shutdown().await;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod clock;
mod data;
// Handlers return early with a ready error `Response`; it is built once per refused request,
// so its size does not matter.
#[allow(clippy::result_large_err)]
mod egnyte;
mod http;
#[allow(clippy::result_large_err)]
mod lacework;
mod stats;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use url::Url;

pub use stats::Stats;

use egnyte::{Egnyte, EgnyteSettings};
use http::{Gate, Vendor};
use lacework::{Lacework, LaceworkSettings};
use stats::Counters;

/// How a [`StandIn`] behaves. The defaults suit tests: 300 issues, tokens valid for an hour,
/// no background changes, no injected failures. [`StandInOptions::demo`] suits a
/// demonstration.
///
/// ```
/// use secops_stand_in::StandInOptions;
/// use std::time::Duration;
///
/// let options = StandInOptions::default()
///     .issue_count(1_000)
///     .access_token_ttl(Duration::from_secs(5))
///     .update_interval(Some(Duration::from_millis(250)));
/// assert_eq!(options.get_issue_count(), 1_000);
/// ```
#[derive(Clone)]
pub struct StandInOptions {
    issue_count: usize,
    app_count: usize,
    seed: u64,
    egnyte_client_id: String,
    egnyte_client_secret: String,
    egnyte_redirect_uri: String,
    access_token_ttl: Duration,
    code_ttl: Duration,
    lacework_api_token: String,
    lacework_account: String,
    jwt_ttl: Duration,
    update_interval: Option<Duration>,
    updates_per_tick: usize,
    transient_failure_every: Option<u64>,
    removed_routes: Vec<String>,
    faults: Vec<(FaultKind, f64)>,
    manual_clock: bool,
}

impl fmt::Debug for StandInOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StandInOptions")
            .field("issue_count", &self.issue_count)
            .field("app_count", &self.app_count)
            .field("seed", &self.seed)
            .field("egnyte_client_id", &self.egnyte_client_id)
            .field("egnyte_client_secret", &"[REDACTED]")
            .field("egnyte_redirect_uri", &self.egnyte_redirect_uri)
            .field("access_token_ttl", &self.access_token_ttl)
            .field("code_ttl", &self.code_ttl)
            .field("lacework_api_token", &"[REDACTED]")
            .field("lacework_account", &self.lacework_account)
            .field("jwt_ttl", &self.jwt_ttl)
            .field("update_interval", &self.update_interval)
            .field("updates_per_tick", &self.updates_per_tick)
            .field("transient_failure_every", &self.transient_failure_every)
            .field("removed_routes", &self.removed_routes)
            .field("faults", &self.faults)
            .field("manual_clock", &self.manual_clock)
            .finish()
    }
}

impl Default for StandInOptions {
    fn default() -> Self {
        Self {
            issue_count: 300,
            app_count: 10,
            seed: 0x5ec0_95d4,
            egnyte_client_id: "stand-in-client".to_owned(),
            egnyte_client_secret: "stand-in-client-secret".to_owned(),
            egnyte_redirect_uri: "http://localhost:8400/oauth/callback".to_owned(),
            access_token_ttl: Duration::from_secs(3_600),
            code_ttl: Duration::from_secs(600),
            lacework_api_token: "stand-in-api-token".to_owned(),
            lacework_account: "acme".to_owned(),
            jwt_ttl: Duration::from_secs(3_600),
            update_interval: None,
            updates_per_tick: 3,
            transient_failure_every: None,
            removed_routes: Vec::new(),
            faults: Vec::new(),
            manual_clock: false,
        }
    }
}

impl StandInOptions {
    /// Settings for a lively demonstration: 320 issues, Egnyte access tokens and Lacework
    /// JWTs that expire after 3 seconds, three issues changing every 400 ms, and one data
    /// request in 12 answered 503 (each vendor counts its own).
    ///
    /// ```
    /// let options = secops_stand_in::StandInOptions::demo();
    /// assert_eq!(options.get_issue_count(), 320);
    /// ```
    pub fn demo() -> Self {
        Self::default()
            .issue_count(320)
            .access_token_ttl(Duration::from_secs(3))
            .jwt_ttl(Duration::from_secs(3))
            .update_interval(Some(Duration::from_millis(400)))
            .transient_failure_every(Some(12))
    }

    /// How many issues exist at start (default 300).
    pub fn issue_count(mut self, count: usize) -> Self {
        self.issue_count = count;
        self
    }

    /// The configured number of issues at start.
    pub fn get_issue_count(&self) -> usize {
        self.issue_count
    }

    /// How many Lacework apps exist at start (default 10: a seeded set of ten, the last one
    /// suspended; beyond ten the set repeats with numbered names and hosts).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use secops_stand_in::{StandIn, StandInOptions};
    ///
    /// let stand_in = StandIn::start(StandInOptions::default().app_count(25)).await?;
    /// assert_eq!(stand_in.app_count(), 25);
    /// stand_in.shutdown().await;
    /// # Ok(()) }
    /// ```
    pub fn app_count(mut self, count: usize) -> Self {
        self.app_count = count;
        self
    }

    /// The configured number of apps at start.
    pub fn get_app_count(&self) -> usize {
        self.app_count
    }

    /// The seed of the generated data (the same seed gives the same issues, apps and users).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The Egnyte OAuth client the stand-in knows (defaults `stand-in-client` /
    /// `stand-in-client-secret`).
    pub fn egnyte_client(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.egnyte_client_id = id.into();
        self.egnyte_client_secret = secret.into();
        self
    }

    /// The redirect URI registered for the client (default
    /// `http://localhost:8400/oauth/callback`). Nothing needs to listen there: the code is
    /// read from the redirect's `Location` header.
    pub fn egnyte_redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.egnyte_redirect_uri = uri.into();
        self
    }

    /// How long an Egnyte access token is valid (default 1 hour). `expires_in` reports whole
    /// seconds.
    pub fn access_token_ttl(mut self, ttl: Duration) -> Self {
        self.access_token_ttl = ttl;
        self
    }

    /// How long an authorization code can be exchanged (default 10 minutes).
    pub fn authorization_code_ttl(mut self, ttl: Duration) -> Self {
        self.code_ttl = ttl;
        self
    }

    /// The Lacework Edge API token and account the stand-in accepts at TokenLogin (defaults
    /// `stand-in-api-token` / `acme`).
    pub fn lacework_credentials(
        mut self,
        api_token: impl Into<String>,
        account: impl Into<String>,
    ) -> Self {
        self.lacework_api_token = api_token.into();
        self.lacework_account = account.into();
        self
    }

    /// How long a Lacework JWT is valid (default 1 hour).
    pub fn jwt_ttl(mut self, ttl: Duration) -> Self {
        self.jwt_ttl = ttl;
        self
    }

    /// Every `interval`, change [`updates_per_tick`](Self::updates_per_tick) issues (status
    /// changes and new issues) with one shared timestamp. `None` (the default): issues change
    /// only through [`StandIn::update_issues`] and remediation.
    pub fn update_interval(mut self, interval: Option<Duration>) -> Self {
        self.update_interval = interval;
        self
    }

    /// How many issues change at each update tick (default 3).
    pub fn updates_per_tick(mut self, changes: usize) -> Self {
        self.updates_per_tick = changes;
        self
    }

    /// Answer every `n`-th data GET (not the sign-in endpoints) of each vendor with 503, to
    /// exercise retries. `None` (the default): never.
    pub fn transient_failure_every(mut self, every: Option<u64>) -> Self {
        self.transient_failure_every = every.filter(|every| *every > 0);
        self
    }

    /// Makes `route` (`"<METHOD> <path template>"`, as [`Stats`] names routes, for example
    /// `"GET /api/v1/issuecursor"`) answer 404 as if the server had no such path, the way a
    /// client meets a path its spec got wrong. Requests to it still count under the route.
    /// Can be given several times.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use secops_stand_in::{StandIn, StandInOptions};
    ///
    /// let options = StandInOptions::default().remove_route("GET /api/v1/users");
    /// let stand_in = StandIn::start(options).await?;
    /// let url = stand_in.lacework_base_url().join("api/v1/users").unwrap();
    /// // Without a JWT the route would answer 401; removed, it answers 404.
    /// let response = secops_runtime::tls::client_builder().build().expect("a client").get(url).send().await.unwrap();
    /// assert_eq!(response.status(), 404);
    /// assert_eq!(stand_in.stats().requests_to("GET /api/v1/users"), 1);
    /// assert_eq!(stand_in.stats().requests_with("GET"), 1);
    /// # Ok(()) }
    /// ```
    pub fn remove_route(mut self, route: impl Into<String>) -> Self {
        self.removed_routes.push(route.into());
        self
    }

    /// Injects `kind` into a share `rate` (0.0 to 1.0) of the data GETs of each vendor (not
    /// the sign-in endpoints: `/oauth2/code`, `/oauth2/token`, `/api/v1/token-login`).
    /// Can be given several times, one rate per kind; the rates add up (capped at 1.0 in
    /// total). Which requests fail is **deterministic**: the `n`-th data GET of a vendor
    /// fails, and how, as a function of [`seed`](Self::seed) and `n` only, so a run with one
    /// client in sequence is repeatable. [`Stats`] counts each kind
    /// ([`Stats::faults_injected`]). Independent of
    /// [`transient_failure_every`](Self::transient_failure_every).
    ///
    /// A rate outside `0.0..=1.0` (or NaN) is clamped into it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use secops_stand_in::{FaultKind, StandIn, StandInOptions};
    /// use std::time::Duration;
    ///
    /// let options = StandInOptions::default()
    ///     .fault(FaultKind::TooManyRequests { retry_after: Duration::from_secs(1) }, 1.0);
    /// let stand_in = StandIn::start(options).await?;
    /// let url = stand_in.lacework_base_url().join("api/v1/apps").unwrap();
    /// let response = secops_runtime::tls::client_builder().build().expect("a client").get(url).send().await.unwrap();
    /// assert_eq!(response.status(), 429);
    /// assert_eq!(response.headers()["retry-after"], "1");
    /// assert_eq!(stand_in.stats().faults_too_many_requests, 1);
    ///
    /// // A dropped connection: closed without any answer.
    /// let options = StandInOptions::default().fault(FaultKind::DropConnection, 1.0);
    /// let stand_in = StandIn::start(options).await?;
    /// let url = stand_in.lacework_base_url().join("api/v1/apps").unwrap();
    /// assert!(secops_runtime::tls::client_builder().build().expect("a client").get(url).send().await.is_err());
    /// assert_eq!(stand_in.stats().faults_dropped_connections, 1);
    /// # Ok(()) }
    /// ```
    pub fn fault(mut self, kind: FaultKind, rate: f64) -> Self {
        let rate = if rate.is_nan() {
            0.0
        } else {
            rate.clamp(0.0, 1.0)
        };
        match self.faults.iter_mut().find(|(known, _)| *known == kind) {
            Some((_, known_rate)) => *known_rate = rate,
            None => self.faults.push((kind, rate)),
        }
        self
    }

    /// Holds the stand-in's clock still: it starts at the wall-clock time of
    /// [`StandIn::start`] and moves only by [`StandIn::advance`]. Without it (the default)
    /// the clock follows real time, and [`StandIn::advance`] moves it further forward.
    ///
    /// The clock is what the data and the tokens read: issue `updated` times (a change made
    /// while the clock stands still is stamped one millisecond after the previous one),
    /// Egnyte access token and authorization code expiry, Lacework JWT expiry and its
    /// `expire_time_sec`. Not the [`update_interval`](Self::update_interval) task, which runs
    /// on Tokio's timer (use [`StandIn::update_issues`] for changes at moments the test
    /// picks).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use secops_stand_in::{StandIn, StandInOptions};
    /// use std::time::Duration;
    ///
    /// let stand_in = StandIn::start(StandInOptions::default().manual_clock()).await?;
    /// let start = stand_in.now_millis();
    /// tokio::time::sleep(Duration::from_millis(20)).await;
    /// assert_eq!(stand_in.now_millis(), start); // stands still
    /// stand_in.advance(Duration::from_secs(90));
    /// assert_eq!(stand_in.now_millis(), start + 90_000);
    /// # Ok(()) }
    /// ```
    pub fn manual_clock(mut self) -> Self {
        self.manual_clock = true;
        self
    }

    /// Whether [`manual_clock`](Self::manual_clock) was chosen.
    pub fn get_manual_clock(&self) -> bool {
        self.manual_clock
    }

    /// The injected faults and their rates, as given to [`fault`](Self::fault).
    ///
    /// ```
    /// use secops_stand_in::{FaultKind, StandInOptions};
    ///
    /// let options = StandInOptions::default().fault(FaultKind::ServiceUnavailable, 0.1);
    /// assert_eq!(options.get_faults(), [(FaultKind::ServiceUnavailable, 0.1)]);
    /// ```
    pub fn get_faults(&self) -> &[(FaultKind, f64)] {
        &self.faults
    }
}

/// What an injected fault does to a request (see [`StandInOptions::fault`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FaultKind {
    /// Answer `429 Too Many Requests` with `Retry-After: <seconds>` (rounded up to whole
    /// seconds) and the vendor's error body.
    TooManyRequests {
        /// The delay the answer asks for.
        retry_after: Duration,
    },
    /// Answer `503 Service Unavailable` with the vendor's error body.
    ServiceUnavailable,
    /// Close the connection after reading the request, without sending any answer (the
    /// client sees a connection error, as when a load balancer or proxy drops it).
    DropConnection,
}

/// One state of one Egnyte issue: its id and `updated` time (epoch milliseconds), as
/// `GET /api/v1/issueupdates` serves it. See [`StandIn::issue_versions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub struct IssueVersion {
    /// The issue id.
    pub id: i64,
    /// When the issue took this state (epoch milliseconds).
    pub updated: i64,
    /// Whether this is still the issue's state (no later version replaced it).
    pub current: bool,
}

/// Both vendor stand-ins, each on its own loopback port, running on the current Tokio runtime.
///
/// Dropping it stops the servers; [`StandIn::shutdown`] also waits for them.
pub struct StandIn {
    egnyte_base: Url,
    lacework_base: Url,
    egnyte: Arc<Egnyte>,
    lacework: Arc<Lacework>,
    counters: Arc<Counters>,
    clock: Arc<clock::Clock>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl fmt::Debug for StandIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StandIn")
            .field("egnyte_base", &self.egnyte_base.as_str())
            .field("lacework_base", &self.lacework_base.as_str())
            .finish_non_exhaustive()
    }
}

impl StandIn {
    /// Binds two loopback ports and starts serving. Must run inside a Tokio runtime.
    ///
    /// Fails only if no loopback port can be bound.
    pub async fn start(options: StandInOptions) -> std::io::Result<Self> {
        let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let egnyte_listener = TcpListener::bind(loopback).await?;
        let lacework_listener = TcpListener::bind(loopback).await?;
        let egnyte_base = base_url(egnyte_listener.local_addr()?);
        let lacework_base = base_url(lacework_listener.local_addr()?);

        let counters = Arc::new(Counters::default());
        let clock = Arc::new(clock::Clock::new(options.manual_clock));
        let mut ids = data::Rng::new(options.seed ^ 0x1d5);
        let egnyte = Arc::new(Egnyte::new(
            EgnyteSettings {
                client_id: options.egnyte_client_id.clone(),
                client_secret: options.egnyte_client_secret.clone(),
                redirect_uri: options.egnyte_redirect_uri.clone(),
                access_token_ttl: options.access_token_ttl,
                code_ttl: options.code_ttl,
                tenant: ids.uuid(),
                user: ids.uuid(),
            },
            egnyte_base.as_str().trim_end_matches('/').to_owned(),
            counters.clone(),
            options.issue_count,
            options.seed,
            clock.clone(),
        ));
        let lacework = Arc::new(Lacework::new(
            LaceworkSettings {
                api_token: options.lacework_api_token.clone(),
                account: options.lacework_account.clone(),
                jwt_ttl: options.jwt_ttl,
                account_uuid: ids.uuid(),
                user_uuid: ids.uuid(),
                app_count: options.app_count,
            },
            counters.clone(),
            options.seed,
            clock.clone(),
        ));

        let gate = |vendor| {
            Arc::new(Gate {
                vendor,
                counters: counters.clone(),
                transient_failure_every: options.transient_failure_every,
                data_gets: AtomicU64::new(0),
                removed_routes: options.removed_routes.clone(),
                faults: options.faults.clone(),
                fault_seed: options.seed
                    ^ match vendor {
                        Vendor::Egnyte => 0xe6e7_0000_0000_0001,
                        Vendor::Lacework => 0x1ace_0000_0000_0002,
                    },
                fault_draws: AtomicU64::new(0),
            })
        };
        let egnyte_gate = gate(Vendor::Egnyte);
        let egnyte_app = egnyte::router()
            .route_layer(axum::middleware::from_fn_with_state(
                egnyte_gate.clone(),
                http::gate,
            ))
            .with_state(egnyte.clone())
            .fallback(http::not_found)
            .with_state(egnyte_gate)
            .layer(axum::middleware::from_fn_with_state(
                counters.clone(),
                http::count_method,
            ))
            .layer(axum::middleware::map_response_with_state(
                Arc::new(AtomicU64::new(0)),
                http::egnyte_request_id,
            ));
        let lacework_gate = gate(Vendor::Lacework);
        let lacework_app = lacework::router()
            .route_layer(axum::middleware::from_fn_with_state(
                lacework_gate.clone(),
                http::gate,
            ))
            .with_state(lacework.clone())
            .fallback(http::not_found)
            .with_state(lacework_gate)
            .layer(axum::middleware::from_fn_with_state(
                counters.clone(),
                http::count_method,
            ));

        let (stop, stopped) = watch::channel(false);
        let mut tasks = vec![
            serve(egnyte_listener, egnyte_app, stopped.clone()),
            serve(lacework_listener, lacework_app, stopped.clone()),
        ];
        if let Some(interval) = options.update_interval {
            let egnyte = egnyte.clone();
            let changes = options.updates_per_tick;
            let mut stopped = stopped;
            tasks.push(tokio::spawn(async move {
                let mut ticks = tokio::time::interval(interval.max(Duration::from_millis(1)));
                ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                ticks.tick().await; // the first tick is immediate
                loop {
                    tokio::select! {
                        _ = ticks.tick() => {
                            egnyte.update_issues(changes);
                        }
                        _ = stopped.changed() => break,
                    }
                }
            }));
        }
        Ok(Self {
            egnyte_base,
            lacework_base,
            egnyte,
            lacework,
            counters,
            clock,
            stop,
            tasks,
        })
    }

    /// The Egnyte region base URL, `http://127.0.0.1:<port>/`: the API is at `<base>/api`,
    /// the token endpoint at `<base>/oauth2/token`, the authorization page at
    /// `<base>/oauth2/code`.
    pub fn egnyte_base_url(&self) -> &Url {
        &self.egnyte_base
    }

    /// The Egnyte API base URL, `http://127.0.0.1:<port>/api`, for the generated client.
    pub fn egnyte_api_base_url(&self) -> Url {
        let mut url = self.egnyte_base.clone();
        url.set_path("/api");
        url
    }

    /// The Lacework Edge base URL, `http://127.0.0.1:<port>/` (paths start with `/api/v1`).
    pub fn lacework_base_url(&self) -> &Url {
        &self.lacework_base
    }

    /// The Egnyte OAuth client id the stand-in accepts.
    pub fn egnyte_client_id(&self) -> &str {
        &self.egnyte.settings.client_id
    }

    /// The Egnyte OAuth client secret the stand-in accepts.
    pub fn egnyte_client_secret(&self) -> &str {
        &self.egnyte.settings.client_secret
    }

    /// The redirect URI registered for the Egnyte client.
    pub fn egnyte_redirect_uri(&self) -> &str {
        &self.egnyte.settings.redirect_uri
    }

    /// The Lacework Edge API token the stand-in accepts at TokenLogin.
    pub fn lacework_api_token(&self) -> &str {
        &self.lacework.settings.api_token
    }

    /// The Lacework Edge account name the API token belongs to.
    pub fn lacework_account(&self) -> &str {
        &self.lacework.settings.account
    }

    /// An Egnyte authorization code for `scopes` (such as `"issues:read"`), as the
    /// no-redirect authorization page shows it to the user: exchange it with
    /// `no_redirect=true` and no `redirect_uri`. Single use, valid for
    /// [`StandInOptions::authorization_code_ttl`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let stand_in = secops_stand_in::StandIn::start(Default::default()).await?;
    /// let code = stand_in.egnyte_authorization_code(&["issues:read"]);
    /// assert_eq!(code.len(), 32);
    /// assert_eq!(stand_in.stats().egnyte_codes_issued, 1);
    /// # Ok(()) }
    /// ```
    pub fn egnyte_authorization_code(&self, scopes: &[&str]) -> String {
        self.egnyte.issue_no_redirect_code(scopes)
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> Stats {
        self.counters.snapshot()
    }

    /// The number of Egnyte issues now.
    pub fn issue_count(&self) -> usize {
        self.egnyte.issue_count()
    }

    /// Every state any Egnyte issue has had since the stand-in started, oldest first: the
    /// initial issues, then each change (by [`update_issues`](Self::update_issues), the
    /// [`update_interval`](StandInOptions::update_interval) task or a remediation). What a
    /// follower of `GET /api/v1/issueupdates` can be checked against. Reading it changes
    /// nothing.
    ///
    /// Several changes of one issue within one timestamp are one version. A version that is no
    /// longer [`current`](IssueVersion::current) was replaced by a later one before now;
    /// `issueupdates` serves current versions only.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let stand_in = secops_stand_in::StandIn::start(Default::default()).await?;
    /// assert_eq!(stand_in.issue_versions().len(), 300);
    /// let changed = stand_in.update_issues(2);
    /// let versions = stand_in.issue_versions();
    /// let newest = &versions[versions.len() - changed.len()..];
    /// assert!(newest.iter().all(|version| version.current && changed.contains(&version.id)));
    /// # Ok(()) }
    /// ```
    pub fn issue_versions(&self) -> Vec<IssueVersion> {
        self.egnyte
            .issue_versions()
            .into_iter()
            .map(|(id, updated, current)| IssueVersion {
                id,
                updated,
                current,
            })
            .collect()
    }

    /// Changes `changes` issues at once (status changes and new issues), all with one new
    /// `updated` timestamp, later than any before. Returns the changed or new issue ids.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let stand_in = secops_stand_in::StandIn::start(Default::default()).await?;
    /// let changed = stand_in.update_issues(4);
    /// assert_eq!(changed.len(), 4);
    /// assert_eq!(stand_in.stats().issue_updates, 4);
    /// # Ok(()) }
    /// ```
    pub fn update_issues(&self, changes: usize) -> Vec<i64> {
        self.egnyte.update_issues(changes)
    }

    /// A bulk action: resolves `count` distinct issues (all of them if the stand-in holds
    /// fewer) with one new `updated` timestamp, later than any before, as resolving a whole
    /// selection in the Egnyte console does. Issues already resolved are stamped again, as
    /// the action touches them too. Returns their ids.
    ///
    /// `GET /api/v1/issueupdates` never ends a page inside a timestamp, so the next page after
    /// the previous timestamp holds all `count` updates, however small its `count`: the case
    /// of a follower meeting one very large page.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use secops_stand_in::{StandIn, StandInOptions};
    ///
    /// let stand_in = StandIn::start(StandInOptions::default().issue_count(50)).await?;
    /// let resolved = stand_in.bulk_resolve(20);
    /// assert_eq!(resolved.len(), 20);
    /// let versions = stand_in.issue_versions();
    /// let newest = &versions[versions.len() - 20..];
    /// assert!(newest.iter().all(|version| version.updated == newest[0].updated));
    /// assert_eq!(stand_in.bulk_resolve(500).len(), 50, "at most every issue");
    /// # Ok(()) }
    /// ```
    pub fn bulk_resolve(&self, count: usize) -> Vec<i64> {
        self.egnyte.bulk_resolve(count)
    }

    /// Voids every Egnyte access and refresh token, as revoking the app's access would: the
    /// next refresh fails and a new authorization is needed.
    pub fn revoke_egnyte_tokens(&self) {
        self.egnyte.revoke_tokens();
    }

    /// Makes every Egnyte access token expire now (refresh tokens stay valid), so the next API
    /// request is answered 401.
    pub fn expire_egnyte_access_tokens(&self) {
        self.egnyte.expire_access_tokens();
    }

    /// How many Lacework apps exist now (those at start plus those created since).
    pub fn app_count(&self) -> usize {
        self.lacework.app_count()
    }

    /// Makes every Lacework JWT expire now, so the next request is answered 401.
    pub fn expire_lacework_tokens(&self) {
        self.lacework.expire_jwts();
    }

    /// The stand-in's time now, in milliseconds since the Unix epoch: what the next issue
    /// change is stamped with (at least), and what token expiry is measured against. See
    /// [`StandInOptions::manual_clock`].
    pub fn now_millis(&self) -> i64 {
        self.clock.now_millis()
    }

    /// Moves the stand-in's clock forward by `by`, for both vendors: tokens whose lifetime
    /// ends within `by` expire (the next request with them is answered 401, and an Egnyte
    /// client must refresh, which rotates the refresh token), and the next issue change is
    /// stamped at least `by` later. Time never goes back.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use secops_stand_in::{StandIn, StandInOptions};
    /// use std::time::Duration;
    ///
    /// let stand_in = StandIn::start(StandInOptions::default().manual_clock()).await?;
    /// let before = stand_in.now_millis();
    /// stand_in.advance(Duration::from_secs(3_600)); // one access token lifetime
    /// let changed = stand_in.update_issues(1);
    /// let newest = stand_in.issue_versions().last().copied().unwrap();
    /// assert_eq!(newest.id, changed[0]);
    /// assert!(newest.updated >= before + 3_600_000);
    /// # Ok(()) }
    /// ```
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// Stops both servers and the update task, and waits for them (at most a second).
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        for task in std::mem::take(&mut self.tasks) {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(1), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        for task in &self.tasks {
            task.abort();
        }
    }
}

fn base_url(address: SocketAddr) -> Url {
    // `http://127.0.0.1:<port>/` always parses.
    Url::parse(&format!("http://{address}/"))
        .unwrap_or_else(|_| unreachable!("loopback URL for {address} is valid"))
}

fn serve(listener: TcpListener, app: Router, mut stopped: watch::Receiver<bool>) -> JoinHandle<()> {
    // Its own connection loop rather than `axum::serve`, so that a response marked
    // `DropConnection` (an injected fault) closes the connection without being sent: hyper
    // closes an HTTP/1 connection whose service fails, without answering.
    tokio::spawn(async move {
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder.timer(hyper_util::rt::TokioTimer::new());
        loop {
            let stream = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors, for example: wait a moment and go on.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                },
                // A stop, or the `StandIn` gone.
                _ = stopped.changed() => break,
            };
            let _ = stream.set_nodelay(true);
            let app = app.clone();
            let service = hyper::service::service_fn(
                move |request: hyper::Request<hyper::body::Incoming>| {
                    let mut app = app.clone();
                    async move {
                        let response = match tower_service::Service::call(&mut app, request).await {
                            Ok(response) => response,
                            Err(never) => match never {},
                        };
                        if response
                            .extensions()
                            .get::<http::DropConnection>()
                            .is_some()
                        {
                            Err(http::DropConnection)
                        } else {
                            Ok(response)
                        }
                    }
                },
            );
            let connection =
                builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                // Errors here are a client gone or a dropped connection: nothing to do.
                let _ = connection.await;
            });
        }
        drop(listener);
        // As `axum::serve`'s graceful shutdown: finish the requests in flight, close idle
        // connections.
        graceful.shutdown().await;
    })
}
