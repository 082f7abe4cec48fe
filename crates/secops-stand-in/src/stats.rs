//! [`Stats`]: what the stand-in has seen, for examples, benchmarks and tests to read.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Counters kept while the stand-in runs. Read a snapshot with [`crate::StandIn::stats`].
///
/// Route keys are `"<METHOD> <path template>"`, with the templates of the vendors' specs,
/// for example `"GET /api/v1/issues"` or `"GET /api/v1/apps/{uuid}"`. Requests that match no
/// route count under `"unmatched"`.
///
/// ```
/// let stats = secops_stand_in::Stats::default();
/// assert_eq!(stats.requests_to("GET /api/v1/issues"), 0);
/// assert_eq!(stats.total_requests(), 0);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Authorization codes handed out by `GET /oauth2/code`.
    pub egnyte_codes_issued: u64,
    /// Successful `authorization_code` grants at `POST /oauth2/token`.
    pub egnyte_code_exchanges: u64,
    /// Successful `refresh_token` grants (each one rotated the refresh token).
    pub egnyte_token_refreshes: u64,
    /// Token requests refused (bad client, unknown/used/expired code or refresh token).
    pub egnyte_rejected_grants: u64,
    /// Egnyte API requests answered 401 (missing, unknown or expired access token).
    pub egnyte_unauthorized: u64,
    /// Successful Lacework Edge TokenLogins.
    pub lacework_logins: u64,
    /// Lacework Edge requests answered 401 (bad API token, missing, unknown or expired JWT).
    pub lacework_unauthorized: u64,
    /// Requests answered 503 on purpose (see `StandInOptions::transient_failure_every`).
    pub transient_failures: u64,
    /// Requests answered 429 with `Retry-After` by an injected fault (see
    /// `StandInOptions::fault`).
    pub faults_too_many_requests: u64,
    /// Requests answered 503 by an injected fault (see `StandInOptions::fault`).
    pub faults_service_unavailable: u64,
    /// Connections closed without an answer by an injected fault (see
    /// `StandInOptions::fault`).
    pub faults_dropped_connections: u64,
    /// Issue changes made by the stand-in (background updates, new issues, remediations).
    pub issue_updates: u64,
    /// Requests per route.
    pub requests: BTreeMap<String, u64>,
    /// Requests per HTTP method (`"GET"`, `"POST"`, ...), counting those that matched no route.
    pub methods: BTreeMap<String, u64>,
}

impl Stats {
    /// Requests made to `route` (`"<METHOD> <path template>"`).
    pub fn requests_to(&self, route: &str) -> u64 {
        self.requests.get(route).copied().unwrap_or(0)
    }

    /// Requests made with `method` (`"GET"`, `"POST"`, ...), matched or not.
    ///
    /// ```
    /// assert_eq!(secops_stand_in::Stats::default().requests_with("POST"), 0);
    /// ```
    pub fn requests_with(&self, method: &str) -> u64 {
        self.methods.get(method).copied().unwrap_or(0)
    }

    /// Requests made to all routes together.
    pub fn total_requests(&self) -> u64 {
        self.requests.values().sum()
    }

    /// Faults injected by `StandInOptions::fault`, of every kind together.
    ///
    /// ```
    /// assert_eq!(secops_stand_in::Stats::default().faults_injected(), 0);
    /// ```
    pub fn faults_injected(&self) -> u64 {
        self.faults_too_many_requests
            + self.faults_service_unavailable
            + self.faults_dropped_connections
    }
}

/// The live counters behind [`Stats`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) egnyte_codes_issued: AtomicU64,
    pub(crate) egnyte_code_exchanges: AtomicU64,
    pub(crate) egnyte_token_refreshes: AtomicU64,
    pub(crate) egnyte_rejected_grants: AtomicU64,
    pub(crate) egnyte_unauthorized: AtomicU64,
    pub(crate) lacework_logins: AtomicU64,
    pub(crate) lacework_unauthorized: AtomicU64,
    pub(crate) transient_failures: AtomicU64,
    pub(crate) faults_too_many_requests: AtomicU64,
    pub(crate) faults_service_unavailable: AtomicU64,
    pub(crate) faults_dropped_connections: AtomicU64,
    pub(crate) issue_updates: AtomicU64,
    requests: Mutex<BTreeMap<String, u64>>,
    methods: Mutex<BTreeMap<String, u64>>,
}

/// Adds one to `counter`.
pub(crate) fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

impl Counters {
    pub(crate) fn count_request(&self, route: &str) {
        count_in(&self.requests, route);
    }

    pub(crate) fn count_method(&self, method: &str) {
        count_in(&self.methods, method);
    }

    pub(crate) fn snapshot(&self) -> Stats {
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        Stats {
            egnyte_codes_issued: load(&self.egnyte_codes_issued),
            egnyte_code_exchanges: load(&self.egnyte_code_exchanges),
            egnyte_token_refreshes: load(&self.egnyte_token_refreshes),
            egnyte_rejected_grants: load(&self.egnyte_rejected_grants),
            egnyte_unauthorized: load(&self.egnyte_unauthorized),
            lacework_logins: load(&self.lacework_logins),
            lacework_unauthorized: load(&self.lacework_unauthorized),
            transient_failures: load(&self.transient_failures),
            faults_too_many_requests: load(&self.faults_too_many_requests),
            faults_service_unavailable: load(&self.faults_service_unavailable),
            faults_dropped_connections: load(&self.faults_dropped_connections),
            issue_updates: load(&self.issue_updates),
            requests: self
                .requests
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .clone(),
            methods: self
                .methods
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .clone(),
        }
    }
}

/// Adds one to `key` in `map`.
fn count_in(map: &Mutex<BTreeMap<String, u64>>, key: &str) {
    let mut map = map.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match map.get_mut(key) {
        Some(count) => *count += 1,
        None => {
            map.insert(key.to_owned(), 1);
        }
    }
}
