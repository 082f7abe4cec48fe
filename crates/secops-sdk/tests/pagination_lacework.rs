//! Lacework Edge listings paged by `continuation_token` (`list_user_devices`,
//! `list_dataset_items`), through the facade and the generated client: the exact requests made
//! (path, every query parameter, JWT) on every page, each item exactly once, laziness, the end
//! of a listing, repeated tokens, errors and JWT renewal mid-stream.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use futures::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse};
use secops_sdk::lacework_edge_client::types::UserDevice;
use secops_sdk::pagination::{Page, Paginate};
use secops_sdk::{Error, LaceworkEdge};
use serde_json::{Value, json};

const TOKEN_LOGIN_PATH: &str = "/api/v1/token-login";
const USER: &str = "5f0c6a4e-0000-4000-8000-000000000001";
const DATASET_ITEMS_PATH: &str = "/api/v1/datasets/items";

fn devices_path() -> String {
    format!("/api/v1/users/{USER}/devices")
}

/// One request as the server saw it.
#[derive(Clone, Debug, PartialEq)]
struct Seen {
    path: String,
    query: Vec<(String, String)>,
    authorization: String,
}

/// What the test expects a request to look like.
fn seen(path: &str, query: &[(&str, &str)], jwt: &str) -> Seen {
    Seen {
        path: path.to_owned(),
        query: query
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect(),
        authorization: format!("Bearer {jwt}"),
    }
}

/// A listing served by token: the request without `continuation_token` gets the page under
/// `None`, a request with token `t` the page under `Some(t)`; an unknown token is a 400.
/// Every request is logged.
#[derive(Clone, Default)]
struct PagedServer {
    pages: Arc<HashMap<Option<String>, Value>>,
    log: Arc<Mutex<Vec<Seen>>>,
}

impl PagedServer {
    fn new(pages: Vec<(Option<&str>, Value)>) -> Self {
        Self {
            pages: Arc::new(
                pages
                    .into_iter()
                    .map(|(token, body)| (token.map(str::to_owned), body))
                    .collect(),
            ),
            log: Arc::default(),
        }
    }

    fn requests(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    fn responder(&self) -> impl Fn(&HttpMockRequest) -> HttpMockResponse + Send + Sync + 'static {
        let this = self.clone();
        move |request| {
            let query = request.query_params();
            let authorization = request
                .headers()
                .get("authorization")
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            this.log.lock().unwrap().push(Seen {
                path: request.uri().path().to_owned(),
                query: query.clone(),
                authorization,
            });
            let token = query
                .iter()
                .find(|(key, _)| key == "continuation_token")
                .map(|(_, value)| value.clone());
            let (status, body) = match this.pages.get(&token) {
                Some(body) => (200, body.clone()),
                None => (400, json!({"message": "unknown continuation token"})),
            };
            HttpMockResponse::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(body.to_string())
                .build()
        }
    }
}

/// TokenLogin answering with `jwt`, valid for `ttl_sec`, up to `times` times (0: always).
async fn login_mock<'a>(
    server: &'a MockServer,
    jwt: &str,
    ttl_sec: u64,
    times: usize,
) -> httpmock::Mock<'a> {
    let jwt = jwt.to_owned();
    server
        .mock_async(move |when, then| {
            when.method(GET)
                .path(TOKEN_LOGIN_PATH)
                .query_param("account", LACEWORK_ACCOUNT)
                .header("authorization", format!("Bearer {LACEWORK_API_TOKEN}"));
            let then = then
                .status(200)
                .json_body(json!({"token": jwt, "ttl_sec": ttl_sec}));
            if times > 0 {
                then.up_to_n_times(times);
            }
        })
        .await
}

async fn serve<'a>(
    server: &'a MockServer,
    path: String,
    paged: &PagedServer,
) -> httpmock::Mock<'a> {
    let responder = paged.responder();
    server
        .mock_async(move |when, then| {
            when.method(GET).path(path);
            then.respond_with(responder);
        })
        .await
}

fn lacework(server: &MockServer, clock: Arc<TestClock>) -> LaceworkEdge {
    LaceworkEdge::new(lacework_config(server, clock)).unwrap()
}

fn device(n: u32) -> Value {
    json!({"uuid": format!("device-{n}"), "os": "macOS", "status": 2, "user_uuid": USER})
}

fn devices(range: std::ops::RangeInclusive<u32>) -> Value {
    Value::Array(range.map(device).collect())
}

fn uuids(devices: &[UserDevice]) -> Vec<String> {
    devices
        .iter()
        .map(|device| device.uuid.clone().unwrap())
        .collect()
}

fn expected_uuids(range: std::ops::RangeInclusive<u32>) -> Vec<String> {
    range.map(|n| format!("device-{n}")).collect()
}

/// Three pages of devices: 1-4 (token "t2"), 5-8 (token "t3"), 9-10 (empty token: the end).
fn three_device_pages() -> PagedServer {
    PagedServer::new(vec![
        (
            None,
            json!({"devices": devices(1..=4), "continuation_token": "t2"}),
        ),
        (
            Some("t2"),
            json!({"devices": devices(5..=8), "continuation_token": "t3"}),
        ),
        (
            Some("t3"),
            json!({"devices": devices(9..=10), "continuation_token": ""}),
        ),
    ])
}

#[tokio::test]
async fn user_devices_over_three_pages_arrive_once_each_with_the_token_threaded_through() {
    let server = MockServer::start_async().await;
    let login = login_mock(&server, "jwt-1", 3600, 0).await;
    let paged = three_device_pages();
    let listing = serve(&server, devices_path(), &paged).await;
    let lacework = lacework(&server, TestClock::new());

    let devices: Vec<UserDevice> = lacework
        .client()
        .list_user_devices()
        .uuid(USER)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(uuids(&devices), expected_uuids(1..=10));
    let path = devices_path();
    assert_eq!(
        paged.requests(),
        [
            seen(&path, &[], "jwt-1"),
            seen(&path, &[("continuation_token", "t2")], "jwt-1"),
            seen(&path, &[("continuation_token", "t3")], "jwt-1"),
        ]
    );
    listing.assert_calls_async(3).await;
    login.assert_calls_async(1).await;
}

#[tokio::test]
async fn dataset_items_end_at_a_response_without_a_token() {
    let server = MockServer::start_async().await;
    login_mock(&server, "jwt-1", 3600, 0).await;
    let paged = PagedServer::new(vec![
        (
            None,
            json!({"customer_dataset_items": [{"value": "a"}, {"value": "b"}],
                   "dataset": {"uuid": "ds-1", "name": "blocked domains"},
                   "continuation_token": "opaque/+=1"}),
        ),
        (
            Some("opaque/+=1"),
            json!({"customer_dataset_items": [{"value": "c"}],
                   "dataset": {"uuid": "ds-1"},
                   "continuation_token": "opaque/+=2"}),
        ),
        (
            Some("opaque/+=2"),
            // No `continuation_token` at all: the last page.
            json!({"customer_dataset_items": [{"value": "d"}], "dataset": {"uuid": "ds-1"}}),
        ),
    ]);
    let listing = serve(&server, DATASET_ITEMS_PATH.to_owned(), &paged).await;
    let lacework = lacework(&server, TestClock::new());

    let items: Vec<secops_sdk::RawJson> = lacework
        .client()
        .list_dataset_items()
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(
        items.iter().map(|item| item.to_value()).collect::<Vec<_>>(),
        [
            json!({"value": "a"}),
            json!({"value": "b"}),
            json!({"value": "c"}),
            json!({"value": "d"})
        ]
    );
    assert_eq!(
        paged.requests(),
        [
            seen(DATASET_ITEMS_PATH, &[], "jwt-1"),
            seen(
                DATASET_ITEMS_PATH,
                &[("continuation_token", "opaque/+=1")],
                "jwt-1"
            ),
            seen(
                DATASET_ITEMS_PATH,
                &[("continuation_token", "opaque/+=2")],
                "jwt-1"
            ),
        ],
        "tokens are sent back verbatim (percent-encoded on the wire)"
    );
    listing.assert_calls_async(3).await;
}

#[tokio::test]
async fn pages_carry_the_next_token_and_empty_pages_do_not_end_the_listing() {
    let server = MockServer::start_async().await;
    login_mock(&server, "jwt-1", 3600, 0).await;
    let paged = PagedServer::new(vec![
        (
            None,
            json!({"devices": devices(1..=2), "continuation_token": "t2"}),
        ),
        (
            Some("t2"),
            json!({"devices": [], "continuation_token": "t3"}),
        ),
        (Some("t3"), json!({"devices": devices(3..=3)})),
    ]);
    let listing = serve(&server, devices_path(), &paged).await;
    let lacework = lacework(&server, TestClock::new());

    let pages: Vec<Page<UserDevice, String>> = lacework
        .client()
        .list_user_devices()
        .uuid(USER)
        .pages()
        .try_collect()
        .await
        .unwrap();

    let shape: Vec<(Vec<String>, Option<&str>)> = pages
        .iter()
        .map(|page| (uuids(&page.items), page.next.as_deref()))
        .collect();
    assert_eq!(
        shape,
        [
            (expected_uuids(1..=2), Some("t2")),
            (vec![], Some("t3")),
            (expected_uuids(3..=3), None),
        ]
    );
    listing.assert_calls_async(3).await;
}

#[tokio::test]
async fn pages_are_fetched_only_as_the_stream_is_read() {
    let server = MockServer::start_async().await;
    login_mock(&server, "jwt-1", 3600, 0).await;
    let paged = three_device_pages();
    let listing = serve(&server, devices_path(), &paged).await;
    let lacework = lacework(&server, TestClock::new());

    let first: Vec<UserDevice> = lacework
        .client()
        .list_user_devices()
        .uuid(USER)
        .items()
        .take(5)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(uuids(&first), expected_uuids(1..=5));
    listing.assert_calls_async(2).await;
    assert_eq!(paged.requests().len(), 2);
}

#[tokio::test]
async fn a_token_set_on_the_request_resumes_from_that_page() {
    let server = MockServer::start_async().await;
    login_mock(&server, "jwt-1", 3600, 0).await;
    let paged = three_device_pages();
    let listing = serve(&server, devices_path(), &paged).await;
    let lacework = lacework(&server, TestClock::new());

    let devices: Vec<UserDevice> = lacework
        .client()
        .list_user_devices()
        .uuid(USER)
        .continuation_token("t2")
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(uuids(&devices), expected_uuids(5..=10));
    let path = devices_path();
    assert_eq!(
        paged.requests(),
        [
            seen(&path, &[("continuation_token", "t2")], "jwt-1"),
            seen(&path, &[("continuation_token", "t3")], "jwt-1"),
        ]
    );
    listing.assert_calls_async(2).await;
}

fn assert_repeated_token_error(result: &Result<UserDevice, Error>, page: u32, earlier: u32) {
    match result {
        Err(Error::Pagination { operation, problem }) => {
            assert_eq!(*operation, "list_user_devices");
            assert!(
                problem.contains(&format!("page {page} "))
                    && problem.contains(&format!("fetch page {earlier}")),
                "{problem}"
            );
        }
        other => panic!("expected a pagination error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_token_handed_back_unchanged_stops_the_listing_with_an_error() {
    let server = MockServer::start_async().await;
    login_mock(&server, "jwt-1", 3600, 0).await;
    let paged = PagedServer::new(vec![
        (
            None,
            json!({"devices": devices(1..=2), "continuation_token": "t2"}),
        ),
        // The same token again: fetching it once more would repeat this page forever.
        (
            Some("t2"),
            json!({"devices": devices(3..=4), "continuation_token": "t2"}),
        ),
    ]);
    let listing = serve(&server, devices_path(), &paged).await;
    let lacework = lacework(&server, TestClock::new());

    let results: Vec<Result<UserDevice, Error>> = lacework
        .client()
        .list_user_devices()
        .uuid(USER)
        .items()
        .collect()
        .await;

    assert_eq!(
        results.len(),
        3,
        "page 1's items, then the error: {results:?}"
    );
    let first: Vec<String> = results[..2]
        .iter()
        .map(|result| result.as_ref().unwrap().uuid.clone().unwrap())
        .collect();
    assert_eq!(first, expected_uuids(1..=2));
    assert_repeated_token_error(&results[2], 2, 2);
    let path = devices_path();
    assert_eq!(
        paged.requests(),
        [
            seen(&path, &[], "jwt-1"),
            seen(&path, &[("continuation_token", "t2")], "jwt-1"),
        ]
    );
    listing.assert_calls_async(2).await;
}

#[tokio::test]
async fn a_token_cycle_stops_the_listing_with_an_error_even_on_an_empty_page() {
    let server = MockServer::start_async().await;
    login_mock(&server, "jwt-1", 3600, 0).await;
    let paged = PagedServer::new(vec![
        (
            None,
            json!({"devices": devices(1..=2), "continuation_token": "t2"}),
        ),
        (
            Some("t2"),
            json!({"devices": devices(3..=4), "continuation_token": "t3"}),
        ),
        // Back to an earlier token, with an empty page.
        (
            Some("t3"),
            json!({"devices": [], "continuation_token": "t2"}),
        ),
    ]);
    let listing = serve(&server, devices_path(), &paged).await;
    let lacework = lacework(&server, TestClock::new());

    let results: Vec<Result<UserDevice, Error>> = lacework
        .client()
        .list_user_devices()
        .uuid(USER)
        .items()
        .collect()
        .await;

    assert_eq!(results.len(), 5, "{results:?}");
    let listed: Vec<String> = results[..4]
        .iter()
        .map(|result| result.as_ref().unwrap().uuid.clone().unwrap())
        .collect();
    assert_eq!(listed, expected_uuids(1..=4));
    assert_repeated_token_error(&results[4], 3, 2);
    listing.assert_calls_async(3).await;
}

#[tokio::test]
async fn an_api_error_on_a_later_page_ends_the_stream_with_the_vendor_error_body() {
    let server = MockServer::start_async().await;
    login_mock(&server, "jwt-1", 3600, 0).await;
    // Page 2's token is unknown to the server: it answers 400 {"message": ...}.
    let paged = PagedServer::new(vec![(
        None,
        json!({"devices": devices(1..=1), "continuation_token": "expired"}),
    )]);
    let listing = serve(&server, devices_path(), &paged).await;
    let lacework = lacework(&server, TestClock::new());

    let results: Vec<Result<UserDevice, Error>> = lacework
        .client()
        .list_user_devices()
        .uuid(USER)
        .items()
        .collect()
        .await;

    assert_eq!(results.len(), 2, "{results:?}");
    assert!(results[0].is_ok());
    let error = results[1].as_ref().unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::BAD_REQUEST));
    match error {
        Error::Lacework(error) => match error.body() {
            Some(body) => {
                assert_eq!(body.message.as_deref(), Some("unknown continuation token"));
            }
            None => panic!("expected the vendor error body, got {error:?}"),
        },
        other => panic!("expected the vendor error body, got {other:?}"),
    }
    listing.assert_calls_async(2).await;
}

#[tokio::test]
async fn jwt_expiry_mid_stream_logs_in_again_and_continues_with_the_same_token() {
    let server = MockServer::start_async().await;
    let clock = TestClock::new();
    let first_login = login_mock(&server, "jwt-1", 120, 1).await;
    let second_login = login_mock(&server, "jwt-2", 3600, 1).await;
    let paged = three_device_pages();
    let listing = serve(&server, devices_path(), &paged).await;
    let lacework = lacework(&server, clock.clone());
    let mut stream = lacework.client().list_user_devices().uuid(USER).items();

    let mut listed = Vec::new();
    while let Some(device) = stream.try_next().await.unwrap() {
        listed.push(device.uuid.unwrap());
        if listed.len() == 4 {
            // Page 1 is read; the JWT (valid 120 s) is within the renewal margin before page 2.
            clock.advance(Duration::from_secs(100));
        }
    }

    assert_eq!(listed, expected_uuids(1..=10));
    let path = devices_path();
    assert_eq!(
        paged.requests(),
        [
            seen(&path, &[], "jwt-1"),
            seen(&path, &[("continuation_token", "t2")], "jwt-2"),
            seen(&path, &[("continuation_token", "t3")], "jwt-2"),
        ]
    );
    first_login.assert_calls_async(1).await;
    second_login.assert_calls_async(1).await;
    listing.assert_calls_async(3).await;
}
