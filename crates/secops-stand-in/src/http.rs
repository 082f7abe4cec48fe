//! What both vendors' servers share: query parsing, bearer tokens, request counting and
//! injected failures.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::FaultKind;
use crate::stats::{Counters, bump};

/// Milliseconds since the Unix epoch.
pub(crate) fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A request's query (or form body) as name/value pairs.
#[derive(Debug, Default)]
pub(crate) struct Params(Vec<(String, String)>);

/// Why a parameter cannot be used: the parameter and the problem.
#[derive(Debug)]
pub(crate) struct BadParam {
    pub(crate) name: String,
    pub(crate) problem: String,
}

impl Params {
    /// Parses `application/x-www-form-urlencoded` text (a query string or a form body).
    pub(crate) fn parse(raw: Option<&str>) -> Result<Self, BadParam> {
        match raw {
            None | Some("") => Ok(Self::default()),
            Some(raw) => serde_urlencoded::from_str::<Vec<(String, String)>>(raw)
                .map(Self)
                .map_err(|error| BadParam {
                    name: "query".to_owned(),
                    problem: format!("malformed form encoding: {error}"),
                }),
        }
    }

    /// The last value of `name`, if present.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The integer `name` within `min..=max`, if present.
    pub(crate) fn int(&self, name: &str, min: i64, max: i64) -> Result<Option<i64>, BadParam> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        match raw.trim().parse::<i64>() {
            Ok(value) if (min..=max).contains(&value) => Ok(Some(value)),
            Ok(value) => Err(BadParam {
                name: name.to_owned(),
                problem: if max == i64::MAX {
                    format!("must be at least {min}, got {value}")
                } else {
                    format!("must be between {min} and {max}, got {value}")
                },
            }),
            Err(_) => Err(BadParam {
                name: name.to_owned(),
                problem: format!("must be an integer, got {raw:?}"),
            }),
        }
    }

    /// `name` split at commas (empty parts dropped); empty if absent.
    pub(crate) fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|raw| {
                raw.split(',')
                    .map(str::trim)
                    .filter(|part| !part.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The token of an `Authorization: Bearer <token>` header.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Which vendor a server plays, for the shape of its error bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Vendor {
    /// `{"code", "message", "details"}`.
    Egnyte,
    /// `{"message"}`.
    Lacework,
}

impl Vendor {
    /// An error response in this vendor's shape.
    pub(crate) fn error(self, status: StatusCode, code: &str, message: &str) -> Response {
        let body = match self {
            Self::Egnyte => serde_json::json!({
                "code": code,
                "message": message,
                "details": format!("HTTP {} {}", status.as_u16(), status.canonical_reason().unwrap_or("")),
            }),
            Self::Lacework => serde_json::json!({ "message": message }),
        };
        (status, axum::Json(body)).into_response()
    }
}

/// What the counting middleware needs from a server.
#[derive(Debug)]
pub(crate) struct Gate {
    pub(crate) vendor: Vendor,
    pub(crate) counters: Arc<Counters>,
    /// Answer every n-th data GET with 503 (`None`: never).
    pub(crate) transient_failure_every: Option<u64>,
    /// Data GETs seen so far.
    pub(crate) data_gets: AtomicU64,
    /// Routes (`"<METHOD> <template>"`) answered 404 as if they did not exist.
    pub(crate) removed_routes: Vec<String>,
    /// Injected faults: each kind with the share of data GETs it hits.
    pub(crate) faults: Vec<(FaultKind, f64)>,
    /// The seed of the fault draws (the options' seed, mixed with the vendor).
    pub(crate) fault_seed: u64,
    /// Data GETs that have drawn a fault (or none) so far.
    pub(crate) fault_draws: AtomicU64,
}

impl Gate {
    /// The fault, if any, for the `n`-th data GET (from 0): a function of the seed and `n`
    /// only, so that a run is repeatable.
    fn fault(&self, n: u64) -> Option<FaultKind> {
        if self.faults.is_empty() {
            return None;
        }
        let mut x = self.fault_seed ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // SplitMix64's finalizer.
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^= x >> 31;
        #[allow(clippy::cast_precision_loss)]
        let draw = (x >> 11) as f64 / (1u64 << 53) as f64;
        let mut threshold = 0.0;
        for (kind, rate) in &self.faults {
            threshold += rate;
            if draw < threshold {
                return Some(*kind);
            }
        }
        None
    }

    /// The answer an injected fault gives, counted.
    fn inject(&self, kind: FaultKind) -> Response {
        match kind {
            FaultKind::TooManyRequests { retry_after } => {
                bump(&self.counters.faults_too_many_requests);
                let mut response = self.vendor.error(
                    StatusCode::TOO_MANY_REQUESTS,
                    "TOO_MANY_REQUESTS",
                    "rate limit exceeded (fault injected by the stand-in); retry later",
                );
                let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
                response
            }
            FaultKind::ServiceUnavailable => {
                bump(&self.counters.faults_service_unavailable);
                self.vendor.error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "SERVICE_UNAVAILABLE",
                    "the service is briefly unavailable (fault injected by the stand-in); retry",
                )
            }
            FaultKind::DropConnection => {
                bump(&self.counters.faults_dropped_connections);
                let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
                response.extensions_mut().insert(DropConnection);
                response
            }
        }
    }
}

/// Marks a response that must not be sent: the connection loop closes the connection instead
/// (see `serve` in `lib.rs`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose (fault injected by the stand-in)")
    }
}

impl std::error::Error for DropConnection {}

/// Routes that never fail on purpose: the sign-in endpoints (the SDK does not retry them).
const NEVER_FAIL: [&str; 3] = ["/oauth2/code", "/oauth2/token", "/api/v1/token-login"];

/// Counts the request under its route and, when configured, fails some GETs (503 every n-th,
/// and the injected faults).
pub(crate) async fn gate(
    State(gate): State<Arc<Gate>>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let template = matched.as_ref().map(MatchedPath::as_str);
    let route = match template {
        Some(template) => format!("{} {template}", request.method()),
        None => "unmatched".to_owned(),
    };
    gate.counters.count_request(&route);
    if gate.removed_routes.contains(&route) {
        return gate.vendor.error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            &format!("no {} route at this path", request.method()),
        );
    }
    if let (Some(every), Some(template)) = (gate.transient_failure_every, template)
        && request.method() == Method::GET
        && !NEVER_FAIL.contains(&template)
    {
        let seen = gate.data_gets.fetch_add(1, Ordering::Relaxed) + 1;
        if every > 0 && seen % every == 0 {
            bump(&gate.counters.transient_failures);
            return gate.vendor.error(
                StatusCode::SERVICE_UNAVAILABLE,
                "SERVICE_UNAVAILABLE",
                "the service is briefly unavailable (failure injected by the stand-in); retry",
            );
        }
    }
    if template.is_some_and(|template| !NEVER_FAIL.contains(&template))
        && request.method() == Method::GET
        && !gate.faults.is_empty()
    {
        let n = gate.fault_draws.fetch_add(1, Ordering::Relaxed);
        if let Some(kind) = gate.fault(n) {
            return gate.inject(kind);
        }
    }
    next.run(request).await
}

/// Counts every request under its method, whether or not it matches a route.
pub(crate) async fn count_method(
    State(counters): State<Arc<Counters>>,
    request: Request,
    next: Next,
) -> Response {
    counters.count_method(request.method().as_str());
    next.run(request).await
}

/// The answer to a request that matches no route.
pub(crate) async fn not_found(State(gate): State<Arc<Gate>>, method: Method) -> Response {
    gate.counters.count_request("unmatched");
    gate.vendor.error(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        &format!("no {method} route at this path"),
    )
}

/// A JSON 200 response.
pub(crate) fn json_ok<T: serde::Serialize>(value: &T) -> Response {
    (StatusCode::OK, axum::Json(value)).into_response()
}

/// URL-safe base64 without padding (RFC 4648 §5), for JWT segments.
pub(crate) fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let symbols = chunk.len() + 1;
        for i in 0..symbols {
            let index = (n >> (18 - 6 * i)) & 0x3F;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

/// The response header Egnyte writes its request id in (Egnyte's Splunk add-on logs it; the
/// Egnyte spec declares it, `x-request-id`).
pub(crate) const EGNYTE_REQUEST_ID: &str = "x-egnyte-request-id";

/// Adds `x-egnyte-request-id: stand-in-<n>` to every Egnyte response (`n` counts responses
/// from 1), as Egnyte does, so that clients and tests see a request id.
pub(crate) async fn egnyte_request_id(
    State(answered): State<Arc<AtomicU64>>,
    mut response: Response,
) -> Response {
    let n = answered.fetch_add(1, Ordering::Relaxed) + 1;
    if let Ok(value) = header::HeaderValue::from_str(&format!("stand-in-{n}")) {
        response.headers_mut().insert(EGNYTE_REQUEST_ID, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc_4648_vectors() {
        // RFC 4648 §10 vectors, without padding.
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64url(input.as_bytes()), expected);
        }
        assert_eq!(base64url(&[0xFB, 0xFF]), "-_8");
    }

    #[test]
    fn params_parse_and_validate() {
        let params = Params::parse(Some("count=5&cursor=-1&format=full&tag=a,%20b,,c")).unwrap();
        assert_eq!(params.int("count", 1, 100).unwrap(), Some(5));
        assert!(params.int("cursor", 0, i64::MAX).is_err());
        assert_eq!(params.int("missing", 0, 1).unwrap(), None);
        assert_eq!(params.get("format"), Some("full"));
        assert_eq!(params.list("tag"), ["a", "b", "c"]);
    }

    #[test]
    fn bearer_tokens() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer(&headers), None);
        headers.insert(header::AUTHORIZATION, "Bearer abc".parse().unwrap());
        assert_eq!(bearer(&headers), Some("abc"));
        headers.insert(header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer(&headers), None);
    }
}
