//! The Lacework Edge stand-in: TokenLogin, apps (list, create, get), users and groups, as
//! `openapi/lacework-edge.json` defines them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Map, Value, json};

use crate::clock::Clock;
use crate::data::{APPS, DOMAIN, GROUPS, PEOPLE, Rng};
use crate::http::{BadParam, Params, Vendor, base64url, bearer, json_ok};
use crate::stats::{Counters, bump};

/// `proto.EnumStatus` values by name, as the listing filters take them.
const STATUSES: [(&str, i64); 3] = [("INIT", 1), ("ACTIVE", 2), ("SUSPENDED", 3)];

/// Fixed settings of the Lacework stand-in.
#[derive(Debug)]
pub(crate) struct LaceworkSettings {
    pub(crate) api_token: String,
    pub(crate) account: String,
    pub(crate) jwt_ttl: Duration,
    pub(crate) account_uuid: String,
    pub(crate) user_uuid: String,
    /// How many apps exist at start.
    pub(crate) app_count: usize,
}

/// The Lacework stand-in's state.
#[derive(Debug)]
pub(crate) struct Lacework {
    pub(crate) settings: LaceworkSettings,
    pub(crate) counters: Arc<Counters>,
    pub(crate) clock: Arc<Clock>,
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    rng: Rng,
    /// JWT -> expiry.
    jwts: HashMap<String, Instant>,
    apps: Vec<Map<String, Value>>,
    users: Vec<Map<String, Value>>,
    groups: Vec<Map<String, Value>>,
}

impl Lacework {
    pub(crate) fn new(
        settings: LaceworkSettings,
        counters: Arc<Counters>,
        seed: u64,
        clock: Arc<Clock>,
    ) -> Self {
        let mut rng = Rng::new(seed.rotate_left(29) ^ 0x5eed);
        let now = clock.now_seconds();
        let account = settings.account.clone();
        let mut created = now - 400 * 24 * 3600;
        let mut tick = |rng: &mut Rng| {
            created += i64::try_from(rng.between(3_600, 9 * 24 * 3_600)).unwrap_or(3_600);
            created
        };
        let admin = PEOPLE[0].0;
        let app_count = settings.app_count;
        let apps = (0..app_count)
            .map(|index| {
                // The seeded set first; beyond it, the same apps again, numbered.
                let (base_name, base_host, tags) = APPS[index % APPS.len()];
                let round = index / APPS.len();
                let (name, host) = if round == 0 {
                    (base_name.to_owned(), base_host.to_owned())
                } else {
                    (
                        format!("{base_name} {}", round + 1),
                        base_host.replacen('.', &format!("-{}.", round + 1), 1),
                    )
                };
                let (name, host) = (name.as_str(), host.as_str());
                let at = tick(&mut rng);
                let status = if index + 1 == app_count.min(APPS.len()) {
                    3
                } else {
                    2
                };
                let object = json!({
                    "uuid": rng.uuid(),
                    "account_name": account,
                    "name": name,
                    "description": format!("{name}, published through Lacework Edge"),
                    "host": host,
                    "port": 443,
                    "protocol": "https",
                    "path": "/",
                    "internal_host_pattern": host.replace(".acme.example", ".internal"),
                    "internal_port": 8443,
                    "internal_protocol": "https",
                    "verify_server_cert": 1,
                    "host_match_type": 1,
                    "data_source": 0,
                    "status": status,
                    "tags": tags,
                    "create_time": at,
                    "update_time": at,
                    "creator_uuid": settings.user_uuid,
                    "creator_display_name": admin,
                    "updater_uuid": settings.user_uuid,
                    "updater_display_name": admin,
                });
                into_map(object)
            })
            .collect();
        let departments = [
            "engineering",
            "finance",
            "hr",
            "sales",
            "contractor",
            "security",
        ];
        let locations = [
            "Lisbon, PT",
            "Kraków, PL",
            "Bengaluru, IN",
            "São Paulo, BR",
            "Singapore, SG",
            "Lagos, NG",
            "Berlin, DE",
            "Dublin, IE",
        ];
        let mut members = vec![0_i64; GROUPS.len()];
        let users = (0..24)
            .map(|index| {
                let (name, login) = PEOPLE[index % PEOPLE.len()];
                let (name, login) = if index < PEOPLE.len() {
                    (name.to_owned(), login.to_owned())
                } else {
                    (format!("{name} (contractor)"), format!("{login}.ext"))
                };
                let department = if index < PEOPLE.len() {
                    index % (departments.len() - 1)
                } else {
                    4
                };
                members[department] += 1;
                let at = tick(&mut rng);
                let source_idp = if index % 3 == 0 { 0 } else { 101 };
                into_map(json!({
                    "uuid": rng.uuid(),
                    "account_name": account,
                    "display_name": name,
                    "source_user_id": format!("{login}@{DOMAIN}"),
                    "location": locations[index % locations.len()],
                    "data_source": source_idp,
                    "integration_id": if source_idp == 0 { String::new() } else { "okta-acme".to_owned() },
                    "role": if index == 0 { 1 } else if index % 7 == 0 { 2 } else { 3 },
                    "status": if index % 11 == 10 { 3 } else { 2 },
                    "mfa_status": if index % 5 == 4 { 1 } else { 2 },
                    "idp_mfa_status": 2,
                    "tags": [departments[department]],
                    "create_time": at,
                    "update_time": at,
                    "record_update_time": at,
                }))
            })
            .collect();
        let groups = GROUPS
            .iter()
            .enumerate()
            .map(|(index, (name, description))| {
                let at = tick(&mut rng);
                into_map(json!({
                    "uuid": rng.uuid(),
                    "account_name": account,
                    "name": name,
                    "description": description,
                    "data_source": 101,
                    "integration_id": "okta-acme",
                    "status": 2,
                    "user_count": members.get(index).copied().unwrap_or(0),
                    "sub_group_count": 0,
                    "tags": [],
                    "create_time": at,
                    "update_time": at,
                    "membership_update_time": at,
                    "profile_update_time": at,
                }))
            })
            .collect();
        Self {
            settings,
            counters,
            clock,
            inner: Mutex::new(Inner {
                rng,
                jwts: HashMap::new(),
                apps,
                users,
                groups,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// How many apps exist now.
    pub(crate) fn app_count(&self) -> usize {
        self.lock().apps.len()
    }

    /// Makes every JWT expired, so the next request is answered 401.
    pub(crate) fn expire_jwts(&self) {
        let now = self.clock.instant();
        for expiry in self.lock().jwts.values_mut() {
            *expiry = now;
        }
    }

    fn error(status: StatusCode, message: &str) -> Response {
        Vendor::Lacework.error(status, "", message)
    }

    fn unauthorized(&self, message: &str) -> Response {
        bump(&self.counters.lacework_unauthorized);
        let mut response = Self::error(StatusCode::UNAUTHORIZED, message);
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        response
    }

    /// Checks the JWT of a request.
    fn authorize(&self, headers: &HeaderMap) -> Result<(), Response> {
        let Some(token) = bearer(headers) else {
            return Err(self.unauthorized("missing or malformed Authorization header"));
        };
        let inner = self.lock();
        match inner.jwts.get(token) {
            Some(expiry) if self.clock.instant() < *expiry => Ok(()),
            Some(_) => Err(self.unauthorized("token expired")),
            None if token == self.settings.api_token => Err(self.unauthorized(
                "an API token is not a session token: exchange it through TokenLogin first",
            )),
            None => Err(self.unauthorized("invalid token")),
        }
    }

    /// A JWT-shaped session token for the stand-in's user.
    fn new_jwt(&self, inner: &mut Inner, issued: i64, expires: i64, session: &str) -> String {
        let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
        let claims = json!({
            "iss": "lacework-edge-stand-in",
            "sub": self.settings.user_uuid,
            "account": self.settings.account,
            "iat": issued,
            "exp": expires,
            "jti": session,
        });
        let payload = base64url(claims.to_string().as_bytes());
        let signature = base64url(inner.rng.hex(32).as_bytes());
        format!("{header}.{payload}.{signature}")
    }
}

fn into_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The routes of the Lacework stand-in.
pub(crate) fn router() -> Router<Arc<Lacework>> {
    Router::new()
        .route("/api/v1/token-login", get(token_login))
        .route("/api/v1/apps", get(list_apps).post(create_app))
        .route("/api/v1/apps/{uuid}", get(get_app))
        .route("/api/v1/users", get(list_users))
        .route("/api/v1/users/{uuid}", get(get_user))
        .route("/api/v1/groups", get(list_groups))
        .route("/api/v1/groups/{uuid}", get(get_group))
}

fn bad_param(problem: BadParam) -> Response {
    Lacework::error(
        StatusCode::BAD_REQUEST,
        &format!("invalid parameter {}: {}", problem.name, problem.problem),
    )
}

/// `GET /api/v1/token-login?account=...` with `Authorization: Bearer <API token>`.
async fn token_login(
    State(state): State<Arc<Lacework>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let params = match Params::parse(query.as_deref()) {
        Ok(params) => params,
        Err(problem) => return bad_param(problem),
    };
    let Some(account) = params.get("account").filter(|account| !account.is_empty()) else {
        return Lacework::error(StatusCode::BAD_REQUEST, "account is required");
    };
    let settings = &state.settings;
    if bearer(&headers) != Some(settings.api_token.as_str()) {
        return state.unauthorized("invalid API token");
    }
    if account != settings.account {
        return state.unauthorized(&format!(
            "the API token does not belong to account {account}"
        ));
    }
    let issued = state.clock.now_seconds();
    let ttl = i64::try_from(settings.jwt_ttl.as_secs()).unwrap_or(i64::MAX);
    let expires = issued.saturating_add(ttl);
    let mut inner = state.lock();
    let session = inner.rng.uuid();
    let token = state.new_jwt(&mut inner, issued, expires, &session);
    let now = state.clock.instant();
    inner.jwts.retain(|_, expiry| *expiry > now);
    inner.jwts.insert(token.clone(), now + settings.jwt_ttl);
    drop(inner);
    bump(&state.counters.lacework_logins);
    json_ok(&json!({
        "uuid": session,
        "token": token,
        "ttl_sec": ttl,
        "expire_time_sec": expires,
        "expire_start_time": issued,
        "create_time": issued,
        "update_time": issued,
        "end_time": 0,
        "status": 2,
        "login_type": 3,
        "generation_id": 1,
        "user_role": 1,
        "user_uuid": settings.user_uuid,
        "account_name": settings.account,
        "account_uuid": settings.account_uuid,
        "account_location": "us",
        "account_shard": "us-1",
        "backend_shard": "us-1-a",
        "client_ip": "127.0.0.1",
        "device_uuid": "",
        "geo_location": "",
        "tags": [],
        "time_id_token": "",
        "view_pii_log_only": false,
    }))
}

/// The `status` filter (`INIT | ACTIVE | SUSPENDED`, comma separated) as numbers. Like a
/// protobuf JSON gateway, the numbers themselves (`2`) are accepted too.
fn status_filter(params: &Params) -> Result<Vec<i64>, BadParam> {
    params
        .list("status")
        .iter()
        .map(|name| {
            STATUSES
                .iter()
                .find(|(known, value)| {
                    known.eq_ignore_ascii_case(name) || name.parse::<i64>() == Ok(*value)
                })
                .map(|(_, value)| *value)
                .ok_or_else(|| BadParam {
                    name: "status".to_owned(),
                    problem: format!(
                        "unknown status {name:?}; use INIT, ACTIVE or SUSPENDED (or 1, 2, 3)"
                    ),
                })
        })
        .collect()
}

/// The `datasource` filter (comma separated numbers).
fn datasource_filter(params: &Params) -> Result<Vec<i64>, BadParam> {
    params
        .list("datasource")
        .iter()
        .map(|raw| {
            raw.parse::<i64>().map_err(|_| BadParam {
                name: "datasource".to_owned(),
                problem: format!("{raw:?} is not a data source number"),
            })
        })
        .collect()
}

/// The filters of the list operations: any of `tags`, `statuses`, `datasources` (each empty:
/// no filter).
struct Filter {
    tags: Vec<String>,
    statuses: Vec<i64>,
    datasources: Vec<i64>,
}

impl Filter {
    fn parse(query: Option<&str>, with_tags: bool) -> Result<Self, BadParam> {
        let params = Params::parse(query)?;
        Ok(Self {
            tags: if with_tags {
                params.list("tag")
            } else {
                Vec::new()
            },
            statuses: status_filter(&params)?,
            datasources: datasource_filter(&params)?,
        })
    }

    fn matches(&self, object: &Map<String, Value>) -> bool {
        let number = |key: &str| object.get(key).and_then(Value::as_i64).unwrap_or(0);
        let tags_match = self.tags.is_empty()
            || object
                .get("tags")
                .and_then(Value::as_array)
                .is_some_and(|tags| {
                    tags.iter()
                        .filter_map(Value::as_str)
                        .any(|tag| self.tags.iter().any(|wanted| wanted == tag))
                });
        tags_match
            && (self.statuses.is_empty() || self.statuses.contains(&number("status")))
            && (self.datasources.is_empty() || self.datasources.contains(&number("data_source")))
    }
}

/// A filtered listing `{<key>: [...]}` of one collection.
fn list(
    state: &Lacework,
    headers: &HeaderMap,
    query: Option<&str>,
    key: &str,
    with_tags: bool,
    collection: impl Fn(&Inner) -> &Vec<Map<String, Value>>,
) -> Response {
    if let Err(response) = state.authorize(headers) {
        return response;
    }
    let filter = match Filter::parse(query, with_tags) {
        Ok(filter) => filter,
        Err(problem) => return bad_param(problem),
    };
    let inner = state.lock();
    let items: Vec<&Map<String, Value>> = collection(&inner)
        .iter()
        .filter(|object| filter.matches(object))
        .collect();
    let mut body = Map::new();
    body.insert(key.to_owned(), json!(items));
    json_ok(&body)
}

/// One object of a collection by `uuid`, or 404 naming `kind`.
fn find(
    state: &Lacework,
    headers: &HeaderMap,
    uuid: &str,
    kind: &str,
    collection: impl Fn(&Inner) -> &Vec<Map<String, Value>>,
) -> Response {
    if let Err(response) = state.authorize(headers) {
        return response;
    }
    let inner = state.lock();
    let found = collection(&inner)
        .iter()
        .find(|object| object.get("uuid").and_then(Value::as_str) == Some(uuid));
    match found {
        Some(object) => json_ok(object),
        None => Lacework::error(StatusCode::NOT_FOUND, &format!("{kind} {uuid} not found")),
    }
}

async fn list_apps(
    State(state): State<Arc<Lacework>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    list(&state, &headers, query.as_deref(), "apps", true, |inner| {
        &inner.apps
    })
}

async fn get_app(
    State(state): State<Arc<Lacework>>,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> Response {
    find(&state, &headers, &uuid, "app", |inner| &inner.apps)
}

async fn list_users(
    State(state): State<Arc<Lacework>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    list(&state, &headers, query.as_deref(), "users", true, |inner| {
        &inner.users
    })
}

async fn get_user(
    State(state): State<Arc<Lacework>>,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> Response {
    find(&state, &headers, &uuid, "user", |inner| &inner.users)
}

async fn list_groups(
    State(state): State<Arc<Lacework>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    list(
        &state,
        &headers,
        query.as_deref(),
        "groups",
        false,
        |inner| &inner.groups,
    )
}

async fn get_group(
    State(state): State<Arc<Lacework>>,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> Response {
    find(&state, &headers, &uuid, "group", |inner| &inner.groups)
}

/// Fields the server sets on a new app, whatever the request says.
const SERVER_FIELDS: [&str; 8] = [
    "uuid",
    "account_name",
    "create_time",
    "update_time",
    "creator_uuid",
    "creator_display_name",
    "updater_uuid",
    "updater_display_name",
];

/// `POST /api/v1/apps` with a `CreateAppRequest` (`{"account_name"?, "app": {...}}`).
async fn create_app(
    State(state): State<Arc<Lacework>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(response) = state.authorize(&headers) {
        return response;
    }
    let json_body = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !json_body {
        return Lacework::error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the body must be application/json",
        );
    }
    let request: Map<String, Value> = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => {
            return Lacework::error(
                StatusCode::BAD_REQUEST,
                &format!("the body is not a JSON object: {error}"),
            );
        }
    };
    let account = &state.settings.account;
    if let Some(named) = request.get("account_name").and_then(Value::as_str)
        && !named.is_empty()
        && named != account
    {
        return Lacework::error(
            StatusCode::FORBIDDEN,
            &format!("account_name {named} is not this session's account"),
        );
    }
    let Some(Value::Object(mut app)) = request.get("app").cloned() else {
        return Lacework::error(StatusCode::BAD_REQUEST, "app is required");
    };
    let name = app
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("")
        .to_owned();
    if name.is_empty() {
        return Lacework::error(StatusCode::BAD_REQUEST, "app.name is required");
    }
    let mut inner = state.lock();
    if inner
        .apps
        .iter()
        .any(|existing| existing.get("name").and_then(Value::as_str) == Some(name.as_str()))
    {
        return Lacework::error(
            StatusCode::CONFLICT,
            &format!("an app named {name:?} already exists"),
        );
    }
    for field in SERVER_FIELDS {
        app.remove(field);
    }
    let now = state.clock.now_seconds();
    let uuid = inner.rng.uuid();
    let creator = "API token";
    let user = &state.settings.user_uuid;
    app.insert("uuid".into(), json!(uuid));
    app.insert("account_name".into(), json!(account));
    app.insert("create_time".into(), json!(now));
    app.insert("update_time".into(), json!(now));
    app.insert("creator_uuid".into(), json!(user));
    app.insert("creator_display_name".into(), json!(creator));
    app.insert("updater_uuid".into(), json!(user));
    app.insert("updater_display_name".into(), json!(creator));
    if app.get("status").and_then(Value::as_i64).unwrap_or(0) == 0 {
        app.insert("status".into(), json!(2));
    }
    app.entry("tags").or_insert_with(|| json!([]));
    inner.apps.push(app.clone());
    drop(inner);
    json_ok(&app)
}
