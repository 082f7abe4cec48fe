//! An in-memory Egnyte issue server for httpmock: `list_issues` and `get_issue_updates` that
//! behave as the vendor documents, and a log of every request's query and token.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use httpmock::{HttpMockRequest, HttpMockResponse};
use serde_json::{Value, json};

/// What one request asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct SeenRequest {
    pub query: Vec<(String, String)>,
    pub authorization: String,
    pub returned: usize,
}

impl SeenRequest {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

#[derive(Clone, Debug, Default)]
pub struct RequestLog(Arc<Mutex<Vec<SeenRequest>>>);

impl RequestLog {
    pub fn requests(&self) -> Vec<SeenRequest> {
        self.0.lock().unwrap().clone()
    }

    fn record(&self, request: &HttpMockRequest, returned: usize) {
        let authorization = request
            .headers()
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        self.0.lock().unwrap().push(SeenRequest {
            query: request.query_params(),
            authorization,
            returned,
        });
    }
}

pub fn issue(id: i64, updated: i64) -> Value {
    json!({"id": id, "updated": updated, "status": "OPEN", "type": "PII", "severity": 5})
}

fn number_param(request: &HttpMockRequest, name: &str) -> Option<i64> {
    request
        .query_params()
        .into_iter()
        .find(|(key, _)| key == name)
        .and_then(|(_, value)| value.parse().ok())
}

fn json_response(body: Value) -> HttpMockResponse {
    HttpMockResponse::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(body.to_string())
        .build()
}

/// `GET /v1/issues`: issues with ids after `cursor`, at most `count`, `cursor` = last id.
pub fn list_issues_responder(
    ids: Vec<i64>,
    log: RequestLog,
) -> impl Fn(&HttpMockRequest) -> HttpMockResponse + Send + Sync + 'static {
    move |request| {
        let cursor = number_param(request, "cursor").unwrap_or(0);
        let count = number_param(request, "count").unwrap_or(100) as usize;
        let page: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| *id > cursor)
            .take(count)
            .collect();
        log.record(request, page.len());
        let next = page.last().copied().unwrap_or(cursor);
        let issues: Vec<Value> = page.iter().map(|id| issue(*id, 1_000 + id)).collect();
        json_response(json!({"issues": issues, "cursor": next}))
    }
}

/// The update history a `get_issue_updates` server answers from: `(id, updated)` pairs.
/// `visible` decides, per request, which updates exist yet.
pub fn issue_updates_responder(
    updates: Vec<(i64, i64)>,
    visible: impl Fn(&(i64, i64)) -> bool + Send + Sync + 'static,
    log: RequestLog,
) -> impl Fn(&HttpMockRequest) -> HttpMockResponse + Send + Sync + 'static {
    move |request| {
        let modified_after = number_param(request, "modifiedAfter").unwrap_or(i64::MIN);
        let count = number_param(request, "count").unwrap_or(100) as usize;
        // Current state: the latest update of each issue.
        let mut current: Vec<(i64, i64)> = Vec::new();
        for &(id, updated) in updates.iter().filter(|update| visible(update)) {
            current.retain(|(existing, _)| *existing != id);
            current.push((id, updated));
        }
        current.sort_by_key(|&(id, updated)| (updated, id));
        let newer: Vec<(i64, i64)> = current
            .into_iter()
            .filter(|(_, updated)| *updated > modified_after)
            .collect();
        // At most `count`, extended while the following items share the last timestamp.
        let mut end = newer.len().min(count);
        while end > 0 && end < newer.len() && newer[end].1 == newer[end - 1].1 {
            end += 1;
        }
        let page = &newer[..end];
        log.record(request, page.len());
        let next = page
            .last()
            .map_or(modified_after.max(0), |(_, updated)| *updated);
        let issues: Vec<Value> = page
            .iter()
            .map(|(id, updated)| issue(*id, *updated))
            .collect();
        json_response(json!({"issues": issues, "modifiedAfter": next}))
    }
}
