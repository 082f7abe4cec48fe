//! The Egnyte Secure and Govern stand-in: OAuth2 (`/oauth2/code`, `/oauth2/token`) and the
//! issue operations of `openapi/egnyte-protect.json` under `/api`.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use url::Url;

use crate::clock::Clock;
use crate::data::{IGNORED, IssueJson, IssueRecord, OPEN, RESOLVED, Rng};
use crate::http::{BadParam, Params, Vendor, bearer, json_ok};
use crate::stats::{Counters, bump};

/// The nine scopes of the `CodeGrantAuth` scheme.
const SCOPES: [&str; 9] = [
    "issues:read",
    "classification:write",
    "sar:read",
    "sar:write",
    "sc:read",
    "sc:matches",
    "legalhold:read",
    "legalhold:write",
    "auditevents:read",
];

const ISSUES_READ: &str = "issues:read";
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Fixed settings of the Egnyte stand-in.
#[derive(Debug)]
pub(crate) struct EgnyteSettings {
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    pub(crate) redirect_uri: String,
    pub(crate) access_token_ttl: Duration,
    pub(crate) code_ttl: Duration,
    pub(crate) tenant: String,
    pub(crate) user: String,
}

/// The Egnyte stand-in's state.
#[derive(Debug)]
pub(crate) struct Egnyte {
    pub(crate) settings: EgnyteSettings,
    /// `http://127.0.0.1:<port>`, for `webViewLink`.
    pub(crate) base: String,
    pub(crate) counters: Arc<Counters>,
    pub(crate) clock: Arc<Clock>,
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    clock: Arc<Clock>,
    /// Sorted by id.
    issues: Vec<IssueRecord>,
    /// `(updated, id)` of every issue: the order of `GET /v1/issueupdates`.
    by_update: BTreeSet<(i64, i64)>,
    /// `(id, updated)` of every state any issue has had, oldest first, for
    /// [`Egnyte::issue_versions`].
    versions: Vec<(i64, i64)>,
    /// The newest `updated` handed out, so later changes get a later timestamp.
    last_stamp: i64,
    next_id: i64,
    data_rng: Rng,
    token_rng: Rng,
    codes: HashMap<String, CodeGrant>,
    access_tokens: HashMap<String, AccessGrant>,
    refresh_tokens: HashMap<String, RefreshGrant>,
}

#[derive(Debug)]
struct CodeGrant {
    /// `None`: issued in no-redirect mode (`no_redirect=true`, no `redirect_uri`).
    redirect_uri: Option<String>,
    scopes: Vec<String>,
    expires: Instant,
}

#[derive(Debug)]
struct AccessGrant {
    scopes: Vec<String>,
    expires: Instant,
}

#[derive(Debug)]
struct RefreshGrant {
    scopes: Vec<String>,
}

impl Egnyte {
    /// A stand-in with `issue_count` issues detected over the 30 days before now.
    pub(crate) fn new(
        settings: EgnyteSettings,
        base: String,
        counters: Arc<Counters>,
        issue_count: usize,
        seed: u64,
        clock: Arc<Clock>,
    ) -> Self {
        let mut data_rng = Rng::new(seed);
        let now = clock.now_millis();
        let start = now - 30 * DAY_MS;
        let span = 30 * DAY_MS - 60_000;
        // About 2.5 issues per distinct timestamp (see the bursts below); spread those
        // timestamps over nine tenths of the span, so the newest issues are recent.
        let step = (span * 9 / 4 / i64::try_from(issue_count.max(1)).unwrap_or(1)).max(2);
        let mut issues = Vec::with_capacity(issue_count);
        let mut id = 10_000 + i64::try_from(data_rng.between(0, 500)).unwrap_or(0);
        let mut detected = start;
        let mut tie_left = 0_u64;
        for _ in 0..issue_count {
            // Detections come in bursts (one scan finds several issues at once): about half
            // the issues share their timestamp with the one before, so equal timestamps
            // straddle page boundaries of `issueupdates`.
            if tie_left > 0 {
                tie_left -= 1;
            } else {
                detected += random_ms(&mut data_rng, 1, 2 * step - 1);
                if data_rng.below(2) == 0 {
                    tie_left = data_rng.between(1, 5);
                }
            }
            let mut issue = IssueRecord::generate(&mut data_rng, id, detected.min(now - 60_000));
            // Two in five were handled since: resolved or ignored on a later whole minute.
            if data_rng.below(5) < 2 {
                let later = issue.detected + random_ms(&mut data_rng, 60_000, 10 * DAY_MS);
                issue.updated = (later / 60_000 * 60_000).clamp(issue.detected, now - 60_000);
                issue.status = if data_rng.below(4) == 0 {
                    IGNORED
                } else {
                    RESOLVED
                };
            }
            issues.push(issue);
            id += i64::try_from(data_rng.between(1, 3)).unwrap_or(1);
        }
        let by_update = issues
            .iter()
            .map(|issue| (issue.updated, issue.id))
            .collect();
        let mut versions: Vec<(i64, i64)> = issues
            .iter()
            .map(|issue| (issue.id, issue.updated))
            .collect();
        versions.sort_by_key(|&(id, updated)| (updated, id));
        let last_stamp = issues.iter().map(|issue| issue.updated).max().unwrap_or(0);
        let token_seed = seed ^ u64::try_from(now).unwrap_or(0).rotate_left(17);
        Self {
            settings,
            base,
            counters,
            clock: clock.clone(),
            inner: Mutex::new(Inner {
                clock,
                issues,
                by_update,
                versions,
                last_stamp,
                next_id: id,
                data_rng,
                token_rng: Rng::new(token_seed),
                codes: HashMap::new(),
                access_tokens: HashMap::new(),
                refresh_tokens: HashMap::new(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Changes `changes` issues (status changes and new issues), all stamped with one new
    /// `updated` time. Returns the ids of the changed or created issues.
    pub(crate) fn update_issues(&self, changes: usize) -> Vec<i64> {
        let mut inner = self.lock();
        let stamp = inner.next_stamp();
        let mut changed = Vec::with_capacity(changes);
        for _ in 0..changes {
            let id = if inner.issues.is_empty() || inner.data_rng.below(3) == 0 {
                inner.add_issue(stamp)
            } else {
                let len = inner.issues.len();
                let index = inner.data_rng.index(len);
                let roll = inner.data_rng.below(4);
                let next_status = match inner.issues[index].status {
                    OPEN if roll == 0 => IGNORED,
                    OPEN => RESOLVED,
                    _ => OPEN, // reopened
                };
                inner.set_status(index, next_status, stamp)
            };
            bump(&self.counters.issue_updates);
            changed.push(id);
        }
        changed
    }

    /// Resolves `count` distinct issues (all of them if there are fewer) at once, all with one
    /// new `updated` time: a run of consecutive ids from a seeded random start, wrapping
    /// around. Returns their ids.
    pub(crate) fn bulk_resolve(&self, count: usize) -> Vec<i64> {
        let mut inner = self.lock();
        let stamp = inner.next_stamp();
        let len = inner.issues.len();
        let start = if len == 0 {
            0
        } else {
            inner.data_rng.index(len)
        };
        let mut changed = Vec::with_capacity(count.min(len));
        for offset in 0..count.min(len) {
            changed.push(inner.set_status((start + offset) % len, RESOLVED, stamp));
            bump(&self.counters.issue_updates);
        }
        changed
    }

    /// The number of issues.
    pub(crate) fn issue_count(&self) -> usize {
        self.lock().issues.len()
    }

    /// `(id, updated)` of every state any issue has had, oldest first, and whether it is the
    /// issue's current state.
    pub(crate) fn issue_versions(&self) -> Vec<(i64, i64, bool)> {
        let inner = self.lock();
        inner
            .versions
            .iter()
            .map(|&(id, updated)| (id, updated, inner.by_update.contains(&(updated, id))))
            .collect()
    }

    /// Voids every access and refresh token (as an administrator revoking the app would).
    pub(crate) fn revoke_tokens(&self) {
        let mut inner = self.lock();
        inner.access_tokens.clear();
        inner.refresh_tokens.clear();
    }

    /// Makes every current access token expired, so the next request is answered 401.
    pub(crate) fn expire_access_tokens(&self) {
        let now = self.clock.instant();
        for grant in self.lock().access_tokens.values_mut() {
            grant.expires = now;
        }
    }

    fn error(status: StatusCode, code: &str, message: &str) -> Response {
        Vendor::Egnyte.error(status, code, message)
    }

    fn bad_param(problem: BadParam) -> Response {
        Self::error(
            StatusCode::BAD_REQUEST,
            "INVALID_PARAMETER",
            &format!("invalid parameter {}: {}", problem.name, problem.problem),
        )
    }

    /// Checks the bearer token and, if given, that it carries `scope`.
    fn authorize(&self, headers: &HeaderMap, scope: Option<&str>) -> Result<Vec<String>, Response> {
        let unauthorized = |message: &str| {
            bump(&self.counters.egnyte_unauthorized);
            let mut response = Self::error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", message);
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
            response
        };
        let Some(token) = bearer(headers) else {
            return Err(unauthorized("missing bearer access token"));
        };
        let inner = self.lock();
        let Some(grant) = inner.access_tokens.get(token) else {
            return Err(unauthorized("invalid access token"));
        };
        if self.clock.instant() >= grant.expires {
            return Err(unauthorized("the access token has expired"));
        }
        if let Some(scope) = scope
            && !grant.scopes.iter().any(|granted| granted == scope)
        {
            return Err(Self::error(
                StatusCode::FORBIDDEN,
                "FORBIDDEN",
                &format!("the access token lacks the {scope} scope"),
            ));
        }
        Ok(grant.scopes.clone())
    }

    fn render(&self, issue: &IssueRecord, full: bool) -> IssueJson {
        issue.render(full, &self.base, &self.settings.tenant)
    }

    /// Issues an authorization code for `scopes` as the no-redirect authorization page does
    /// (the user consents and copies the code).
    pub(crate) fn issue_no_redirect_code(&self, scopes: &[&str]) -> String {
        let scopes = scopes.iter().map(|scope| (*scope).to_owned()).collect();
        let code = self.lock().new_code(None, scopes, self.settings.code_ttl);
        bump(&self.counters.egnyte_codes_issued);
        code
    }
}

impl Inner {
    fn next_stamp(&mut self) -> i64 {
        let stamp = self.clock.now_millis().max(self.last_stamp + 1);
        self.last_stamp = stamp;
        stamp
    }

    fn add_issue(&mut self, stamp: i64) -> i64 {
        let id = self.next_id;
        self.next_id += i64::try_from(self.data_rng.between(1, 3)).unwrap_or(1);
        let issue = IssueRecord::generate(&mut self.data_rng, id, stamp);
        self.by_update.insert((stamp, id));
        self.record_version(id, stamp);
        self.issues.push(issue);
        id
    }

    fn set_status(&mut self, index: usize, status: u8, stamp: i64) -> i64 {
        let issue = &mut self.issues[index];
        self.by_update.remove(&(issue.updated, issue.id));
        issue.status = status;
        issue.updated = stamp;
        let id = issue.id;
        self.by_update.insert((stamp, id));
        self.record_version(id, stamp);
        id
    }

    /// Notes a new state of issue `id`; changes of one issue within one timestamp are one
    /// state.
    fn record_version(&mut self, id: i64, stamp: i64) {
        // Only the entries of this timestamp, at the end, can hold it already.
        let known = self
            .versions
            .iter()
            .rev()
            .take_while(|&&(_, updated)| updated == stamp)
            .any(|&(other, _)| other == id);
        if !known {
            self.versions.push((id, stamp));
        }
    }

    fn find(&self, id: i64) -> Option<usize> {
        self.issues.binary_search_by_key(&id, |issue| issue.id).ok()
    }

    fn new_token(&mut self, bytes: usize) -> String {
        self.token_rng.hex(bytes)
    }

    /// Records a new single-use authorization code.
    fn new_code(
        &mut self,
        redirect_uri: Option<String>,
        scopes: Vec<String>,
        ttl: Duration,
    ) -> String {
        let code = self.new_token(16);
        self.codes.insert(
            code.clone(),
            CodeGrant {
                redirect_uri,
                scopes,
                expires: self.clock.instant() + ttl,
            },
        );
        code
    }

    /// Issues an access token and a refresh token for `scopes`.
    fn grant(&mut self, scopes: Vec<String>, ttl: Duration) -> TokenResponse {
        let now = self.clock.instant();
        self.access_tokens.retain(|_, grant| grant.expires > now);
        self.codes.retain(|_, code| code.expires > now);
        let access_token = self.new_token(32);
        let refresh_token = self.new_token(40);
        self.access_tokens.insert(
            access_token.clone(),
            AccessGrant {
                scopes: scopes.clone(),
                expires: now + ttl,
            },
        );
        self.refresh_tokens.insert(
            refresh_token.clone(),
            RefreshGrant {
                scopes: scopes.clone(),
            },
        );
        TokenResponse {
            access_token,
            refresh_token,
            token_type: "bearer",
            expires_in: ttl.as_secs(),
            scope: scopes.join(" "),
        }
    }
}

fn random_ms(rng: &mut Rng, low: i64, high: i64) -> i64 {
    let low = u64::try_from(low.max(0)).unwrap_or(0);
    let high = u64::try_from(high.max(0)).unwrap_or(0);
    i64::try_from(rng.between(low, high.max(low))).unwrap_or(0)
}

/// The token endpoint's success body (RFC 6749 §5.1).
#[derive(Serialize)]
struct TokenResponse {
    access_token: String,
    refresh_token: String,
    token_type: &'static str,
    expires_in: u64,
    scope: String,
}

/// The token endpoint's error body (RFC 6749 §5.2).
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

/// The routes of the Egnyte stand-in.
pub(crate) fn router() -> Router<Arc<Egnyte>> {
    Router::new()
        .route("/oauth2/code", get(authorize_page))
        .route("/oauth2/token", post(token))
        .route("/api/v1/userinfo", get(user_info))
        .route("/api/v1/issues", get(list_issues))
        .route("/api/v1/issuecursor", get(issue_cursor))
        .route("/api/v1/issueupdates", get(issue_updates))
        .route("/api/v1/issues/{id}", get(get_issue))
        .route("/api/v1/issues/{id}/remediation", post(remediate_issue))
}

/// `GET /oauth2/code`: the browser authorization page. The stand-in's user always consents, so
/// it redirects straight back with a code (or with an `error`, as RFC 6749 §4.1.2.1 says). In
/// no-redirect mode (`no_redirect=true` and no `redirect_uri`) it shows the code on a page
/// instead, as Egnyte does for command-line and headless integrations.
async fn authorize_page(State(state): State<Arc<Egnyte>>, RawQuery(query): RawQuery) -> Response {
    let params = match Params::parse(query.as_deref()) {
        Ok(params) => params,
        Err(problem) => {
            return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", &problem.problem);
        }
    };
    let settings = &state.settings;
    if params.get("client_id") != Some(settings.client_id.as_str()) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_client",
            "unknown client_id; register the application first",
        );
    }
    let no_redirect = params.get("no_redirect") == Some("true");
    let Some(redirect_uri) = params.get("redirect_uri") else {
        if no_redirect {
            return code_page(&state, &params);
        }
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "redirect_uri is required (or no_redirect=true)",
        );
    };
    if no_redirect {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "give either redirect_uri or no_redirect=true, not both",
        );
    }
    if redirect_uri != settings.redirect_uri {
        // Never redirect to an unregistered URI (RFC 6749 §4.1.2.1).
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "redirect_uri does not match the redirect URI registered for this client",
        );
    }
    let Ok(mut location) = Url::parse(redirect_uri) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "redirect_uri is not an absolute URL",
        );
    };
    let state_param = params.get("state").map(str::to_owned);
    let redirect_error = |mut location: Url, error: &str, description: &str| {
        {
            let mut query = location.query_pairs_mut();
            query
                .append_pair("error", error)
                .append_pair("error_description", description);
            if let Some(state) = &state_param {
                query.append_pair("state", state);
            }
        }
        redirect(&location)
    };
    if params.get("response_type") != Some("code") {
        return redirect_error(
            location,
            "unsupported_response_type",
            "response_type must be code",
        );
    }
    let (scopes, unknown) = requested_scopes(&params);
    if let Some(unknown) = unknown {
        return redirect_error(
            location,
            "invalid_scope",
            &format!("unknown scope {unknown}"),
        );
    }
    let code = state
        .lock()
        .new_code(Some(redirect_uri.to_owned()), scopes, settings.code_ttl);
    bump(&state.counters.egnyte_codes_issued);
    {
        let mut query = location.query_pairs_mut();
        query.append_pair("code", &code);
        if let Some(state) = &state_param {
            query.append_pair("state", state);
        }
    }
    redirect(&location)
}

/// The requested scopes (separated by spaces or commas) and the first unknown one, if any.
fn requested_scopes(params: &Params) -> (Vec<String>, Option<String>) {
    let scopes: Vec<String> = params
        .get("scope")
        .unwrap_or("")
        .split([' ', ','])
        .filter(|scope| !scope.is_empty())
        .map(str::to_owned)
        .collect();
    let unknown = scopes
        .iter()
        .find(|scope| !SCOPES.contains(&scope.as_str()))
        .cloned();
    (scopes, unknown)
}

/// The no-redirect authorization page: the code for the user to copy into the program, in
/// `<code id="authorization-code">...</code>`, and the `state` in `<code id="state">` when it
/// was given (and is plain: letters, digits, `-`, `_`).
fn code_page(state: &Egnyte, params: &Params) -> Response {
    if params.get("response_type") != Some("code") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_response_type",
            "response_type must be code",
        );
    }
    let (scopes, unknown) = requested_scopes(params);
    if let Some(unknown) = unknown {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            &format!("unknown scope {unknown}"),
        );
    }
    let code = state.lock().new_code(None, scopes, state.settings.code_ttl);
    bump(&state.counters.egnyte_codes_issued);
    // Codes are hex and only a plain state is shown, so nothing needs escaping.
    let shown_state = params
        .get("state")
        .filter(|given| {
            given
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(|given| format!("<p>State: <code id=\"state\">{given}</code></p>"))
        .unwrap_or_default();
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!(
            "<!doctype html><title>Authorization code</title>\
             <p>Copy this code into the application that asked for it:</p>\
             <p><code id=\"authorization-code\">{code}</code></p>{shown_state}\n"
        ),
    )
        .into_response()
}

fn redirect(location: &Url) -> Response {
    (
        StatusCode::FOUND,
        [(header::LOCATION, location.as_str().to_owned())],
    )
        .into_response()
}

/// `POST /oauth2/token`: `authorization_code` and `refresh_token` grants, form-encoded.
/// Every refresh rotates the refresh token: the one presented stops working.
async fn token(State(state): State<Arc<Egnyte>>, headers: HeaderMap, body: Bytes) -> Response {
    let rejected = |status, error: &str, description: &str| {
        bump(&state.counters.egnyte_rejected_grants);
        oauth_error(status, error, description)
    };
    let form_encoded = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if !form_encoded {
        return rejected(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the body must be application/x-www-form-urlencoded",
        );
    }
    let form = match Params::parse(std::str::from_utf8(&body).ok()) {
        Ok(form) => form,
        Err(problem) => {
            return rejected(StatusCode::BAD_REQUEST, "invalid_request", &problem.problem);
        }
    };
    let settings = &state.settings;
    if form.get("client_id") != Some(settings.client_id.as_str())
        || form.get("client_secret") != Some(settings.client_secret.as_str())
    {
        return rejected(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        );
    }
    let mut inner = state.lock();
    let response = match form.get("grant_type") {
        Some("authorization_code") => {
            let Some(code) = form.get("code") else {
                drop(inner);
                return rejected(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "code is required",
                );
            };
            // Single use: the code is gone whether or not the exchange succeeds.
            let Some(grant) = inner.codes.remove(code) else {
                drop(inner);
                return rejected(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "unknown or already used authorization code",
                );
            };
            if state.clock.instant() >= grant.expires {
                drop(inner);
                return rejected(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "the authorization code has expired",
                );
            }
            let redirect_matches = match &grant.redirect_uri {
                Some(uri) => form.get("redirect_uri") == Some(uri.as_str()),
                // A code shown in no-redirect mode is exchanged in that mode too.
                None => {
                    form.get("redirect_uri").is_none() && form.get("no_redirect") == Some("true")
                }
            };
            if !redirect_matches {
                drop(inner);
                return rejected(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "redirect_uri (or no_redirect=true) does not match the authorization request",
                );
            }
            bump(&state.counters.egnyte_code_exchanges);
            inner.grant(grant.scopes, settings.access_token_ttl)
        }
        Some("refresh_token") => {
            let Some(refresh_token) = form.get("refresh_token") else {
                drop(inner);
                return rejected(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "refresh_token is required",
                );
            };
            let Some(grant) = inner.refresh_tokens.remove(refresh_token) else {
                drop(inner);
                return rejected(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "unknown, revoked or already rotated refresh token",
                );
            };
            bump(&state.counters.egnyte_token_refreshes);
            inner.grant(grant.scopes, settings.access_token_ttl)
        }
        Some(other) => {
            drop(inner);
            return rejected(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                &format!("grant_type {other} is not supported"),
            );
        }
        None => {
            drop(inner);
            return rejected(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is required",
            );
        }
    };
    drop(inner);
    (
        StatusCode::OK,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(response),
    )
        .into_response()
}

/// `GET /v1/userinfo`.
async fn user_info(State(state): State<Arc<Egnyte>>, headers: HeaderMap) -> Response {
    let scopes = match state.authorize(&headers, None) {
        Ok(scopes) => scopes,
        Err(response) => return response,
    };
    json_ok(&serde_json::json!({
        "clientId": state.settings.client_id,
        "user": state.settings.user,
        "tenant": state.settings.tenant,
        "scopes": scopes,
    }))
}

/// `count` (1..=100, default 100) and `format` (`short`, the default, or `full`).
fn page_params(params: &Params) -> Result<(usize, bool), BadParam> {
    let count = params.int("count", 1, 100)?.unwrap_or(100);
    let full = match params.get("format") {
        None | Some("short") => false,
        Some("full") => true,
        Some(other) => {
            return Err(BadParam {
                name: "format".to_owned(),
                problem: format!("must be short or full, got {other:?}"),
            });
        }
    };
    Ok((usize::try_from(count).unwrap_or(100), full))
}

#[derive(Serialize)]
struct IssuePage {
    cursor: i64,
    issues: Vec<IssueJson>,
}

/// `GET /v1/issues`: issues with ids after `cursor`, oldest first.
async fn list_issues(
    State(state): State<Arc<Egnyte>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Err(response) = state.authorize(&headers, Some(ISSUES_READ)) {
        return response;
    }
    let parsed = Params::parse(query.as_deref()).and_then(|params| {
        let (count, full) = page_params(&params)?;
        Ok((count, full, params.int("cursor", 0, i64::MAX)?))
    });
    let (count, full, cursor) = match parsed {
        Ok(parsed) => parsed,
        Err(problem) => return Egnyte::bad_param(problem),
    };
    let page = {
        let inner = state.lock();
        let start = match cursor {
            Some(cursor) => inner.issues.partition_point(|issue| issue.id <= cursor),
            None => 0,
        };
        let issues: Vec<IssueJson> = inner.issues[start..]
            .iter()
            .take(count)
            .map(|issue| state.render(issue, full))
            .collect();
        let last = inner.issues[start..].iter().take(count).next_back();
        IssuePage {
            cursor: last.map_or(cursor.unwrap_or(0), |issue| issue.id),
            issues,
        }
    };
    json_ok(&page)
}

/// `GET /v1/issuecursor`: the cursor before the first issue detected at `startTime` or later;
/// without `startTime` (or after the newest issue), the newest id, for polling new issues.
async fn issue_cursor(
    State(state): State<Arc<Egnyte>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Err(response) = state.authorize(&headers, Some(ISSUES_READ)) {
        return response;
    }
    let start_time = match Params::parse(query.as_deref())
        .and_then(|params| params.int("startTime", 1_500_000_000_000, i64::MAX))
    {
        Ok(start_time) => start_time,
        Err(problem) => return Egnyte::bad_param(problem),
    };
    let inner = state.lock();
    let newest = inner.issues.last().map_or(0, |issue| issue.id);
    let cursor = match start_time {
        None => newest,
        Some(start_time) => {
            // Ids grow with detection time, so the first match splits the list.
            let first = inner
                .issues
                .partition_point(|issue| issue.detected < start_time);
            match first {
                0 => 0,
                index if index == inner.issues.len() => newest,
                index => inner.issues[index - 1].id,
            }
        }
    };
    json_ok(&serde_json::json!({ "cursor": cursor }))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UpdatesPage {
    modified_after: i64,
    issues: Vec<IssueJson>,
}

/// `GET /v1/issueupdates`: issues in their current state, ordered by modification time,
/// modified after `modifiedAfter`. A page holds about `count` issues, and more when the last
/// ones share their timestamp with the next: a page never ends inside a timestamp.
async fn issue_updates(
    State(state): State<Arc<Egnyte>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Err(response) = state.authorize(&headers, Some(ISSUES_READ)) {
        return response;
    }
    let parsed = Params::parse(query.as_deref()).and_then(|params| {
        let (count, full) = page_params(&params)?;
        Ok((count, full, params.int("modifiedAfter", 0, i64::MAX)?))
    });
    let (count, full, modified_after) = match parsed {
        Ok(parsed) => parsed,
        Err(problem) => return Egnyte::bad_param(problem),
    };
    let page = {
        let inner = state.lock();
        let after = modified_after.unwrap_or(-1);
        let mut keys = Vec::with_capacity(count + 8);
        for &(updated, id) in inner.by_update.range((after.saturating_add(1), i64::MIN)..) {
            match keys.last() {
                Some(&(last_updated, _)) if keys.len() >= count && updated != last_updated => {
                    break;
                }
                _ => keys.push((updated, id)),
            }
        }
        let issues = keys
            .iter()
            .filter_map(|&(_, id)| inner.find(id))
            .map(|index| state.render(&inner.issues[index], full))
            .collect();
        UpdatesPage {
            modified_after: keys
                .last()
                .map_or(modified_after.unwrap_or(0), |&(updated, _)| updated),
            issues,
        }
    };
    json_ok(&page)
}

fn issue_id(raw: &str) -> Result<i64, Response> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id >= 0)
        .ok_or_else(|| {
            Egnyte::bad_param(BadParam {
                name: "id".to_owned(),
                problem: format!("must be a non-negative integer, got {raw:?}"),
            })
        })
}

/// `GET /v1/issues/{id}`: one issue, in full.
async fn get_issue(
    State(state): State<Arc<Egnyte>>,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
) -> Response {
    if let Err(response) = state.authorize(&headers, Some(ISSUES_READ)) {
        return response;
    }
    let id = match issue_id(&raw_id) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let inner = state.lock();
    match inner.find(id) {
        Some(index) => json_ok(&state.render(&inner.issues[index], true)),
        None => Egnyte::error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            &format!("issue {id} does not exist"),
        ),
    }
}

/// `POST /v1/issues/{id}/remediation` with `{"issueStatus": "RESOLVED"|"IGNORED",
/// "fixingMethod"?}`: changes the issue's status; 200 without a body.
async fn remediate_issue(
    State(state): State<Arc<Egnyte>>,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
    body: Bytes,
) -> Response {
    if let Err(response) = state.authorize(&headers, Some(ISSUES_READ)) {
        return response;
    }
    let id = match issue_id(&raw_id) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let request: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => {
            return Egnyte::error(
                StatusCode::BAD_REQUEST,
                "INVALID_BODY",
                &format!("the body is not JSON: {error}"),
            );
        }
    };
    let status = match request.get("issueStatus").and_then(|value| value.as_str()) {
        Some("RESOLVED") => RESOLVED,
        Some("IGNORED") => IGNORED,
        _ => {
            return Egnyte::error(
                StatusCode::BAD_REQUEST,
                "INVALID_BODY",
                "issueStatus is required and must be RESOLVED or IGNORED",
            );
        }
    };
    let mut inner = state.lock();
    let Some(index) = inner.find(id) else {
        return Egnyte::error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            &format!("issue {id} does not exist"),
        );
    };
    let issue = inner.issues[index];
    if issue.status != OPEN {
        return Egnyte::error(
            StatusCode::CONFLICT,
            "ISSUE_NOT_OPEN",
            &format!("issue {id} is not open"),
        );
    }
    match request.get("fixingMethod").and_then(|value| value.as_str()) {
        None | Some("MARK_AS_RESOLVED") => {}
        Some("DISABLE_USER_ACCOUNT" | "RESET_PASSWORD") if issue.about_user() => {}
        Some(other) => {
            return Egnyte::error(
                StatusCode::BAD_REQUEST,
                "INVALID_BODY",
                &format!("fixingMethod {other} does not apply to this issue"),
            );
        }
    }
    let stamp = inner.next_stamp();
    inner.set_status(index, status, stamp);
    drop(inner);
    bump(&state.counters.issue_updates);
    StatusCode::OK.into_response()
}
