//! The stand-in against the generated clients (so every body decodes into the spec's types
//! with no unknown field) and against plain HTTP for the OAuth2 endpoints.

use std::collections::{BTreeSet, HashSet};
use std::time::Duration;

use egnyte_protect_client::types::{Issue, IssueFormat};
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, LOCATION};
use secops_stand_in::{StandIn, StandInOptions};
use serde_json::Value;

fn plain_http() -> reqwest::Client {
    secops_runtime::tls::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn bearer_client(token: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
    );
    secops_runtime::tls::client_builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// The browser step: follows the authorization page and returns the redirect's query.
async fn authorize(stand_in: &StandIn, scope: &str, state: &str) -> url::Url {
    let mut url = stand_in.egnyte_base_url().join("/oauth2/code").unwrap();
    url.query_pairs_mut()
        .append_pair("client_id", stand_in.egnyte_client_id())
        .append_pair("redirect_uri", stand_in.egnyte_redirect_uri())
        .append_pair("response_type", "code")
        .append_pair("scope", scope)
        .append_pair("state", state);
    let response = plain_http().get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()[LOCATION].to_str().unwrap();
    url::Url::parse(location).unwrap()
}

fn query_value(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

async fn token_request(stand_in: &StandIn, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let response = plain_http()
        .post(stand_in.egnyte_base_url().join("/oauth2/token").unwrap())
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn sign_in(stand_in: &StandIn) -> Value {
    let redirect = authorize(stand_in, "issues:read auditevents:read", "s-1").await;
    let code = query_value(&redirect, "code").unwrap();
    let (status, body) = token_request(
        stand_in,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", stand_in.egnyte_client_id()),
            ("client_secret", stand_in.egnyte_client_secret()),
            ("redirect_uri", stand_in.egnyte_redirect_uri()),
            ("code", &code),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn egnyte_client(stand_in: &StandIn, access_token: &str) -> egnyte_protect_client::Client {
    egnyte_protect_client::Client::new_with_client(
        stand_in.egnyte_api_base_url().as_str(),
        bearer_client(access_token),
        Default::default(),
    )
}

fn assert_spec_shaped(issue: &Issue) {
    assert!(
        issue.extra.is_empty(),
        "fields outside the spec: {:?}",
        issue.extra
    );
    assert!((1..=10).contains(&issue.severity.unwrap()));
    assert!(["OPEN", "RESOLVED", "IGNORED"].contains(&issue.status.as_deref().unwrap()));
    let item = issue.item.as_ref().and_then(|item| item.to_map()).unwrap();
    assert!(item.contains_key("displayName"));
    assert!(issue.updated.unwrap() >= issue.detected.unwrap());
    assert!(
        issue.detected.unwrap() > 1_500_000_000_000,
        "epoch milliseconds"
    );
}

#[tokio::test]
async fn oauth_code_flow_rotates_refresh_tokens() {
    let stand_in = StandIn::start(StandInOptions::default().issue_count(20))
        .await
        .unwrap();
    let redirect = authorize(&stand_in, "issues:read", "xyz").await;
    assert!(
        redirect
            .as_str()
            .starts_with(stand_in.egnyte_redirect_uri())
    );
    assert_eq!(query_value(&redirect, "state").as_deref(), Some("xyz"));
    let code = query_value(&redirect, "code").unwrap();
    let exchange = [
        ("grant_type", "authorization_code"),
        ("client_id", stand_in.egnyte_client_id()),
        ("client_secret", stand_in.egnyte_client_secret()),
        ("redirect_uri", stand_in.egnyte_redirect_uri()),
        ("code", code.as_str()),
    ];
    let (status, tokens) = token_request(&stand_in, &exchange).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tokens["token_type"], "bearer");
    assert_eq!(tokens["expires_in"], 3600);
    // Codes are single use.
    let (status, body) = token_request(&stand_in, &exchange).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");

    let first_refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
    let refresh = |token: String| {
        let stand_in = &stand_in;
        async move {
            token_request(
                stand_in,
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", stand_in.egnyte_client_id()),
                    ("client_secret", stand_in.egnyte_client_secret()),
                    ("redirect_uri", stand_in.egnyte_redirect_uri()),
                    ("refresh_token", &token),
                ],
            )
            .await
        }
    };
    let (status, renewed) = refresh(first_refresh.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let second_refresh = renewed["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second_refresh, first_refresh, "the refresh token rotates");
    let (status, body) = refresh(first_refresh).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the rotated-out token is refused"
    );
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(refresh(second_refresh).await.0, StatusCode::OK);

    // A wrong secret is invalid_client.
    let (status, body) = token_request(
        &stand_in,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "x"),
            ("client_secret", "y"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");

    let stats = stand_in.stats();
    assert_eq!(stats.egnyte_codes_issued, 1);
    assert_eq!(stats.egnyte_code_exchanges, 1);
    assert_eq!(stats.egnyte_token_refreshes, 2);
    assert_eq!(stats.egnyte_rejected_grants, 3);
    assert_eq!(stats.requests_to("POST /oauth2/token"), 6);
    assert_eq!(stats.requests_to("GET /oauth2/code"), 1);
}

#[tokio::test]
async fn authorization_page_refuses_unregistered_redirects_and_unknown_scopes() {
    let stand_in = StandIn::start(StandInOptions::default().issue_count(1))
        .await
        .unwrap();
    let page = stand_in.egnyte_base_url().join("/oauth2/code").unwrap();
    let get = |pairs: Vec<(&'static str, String)>| {
        let mut url = page.clone();
        for (key, value) in pairs {
            url.query_pairs_mut().append_pair(key, &value);
        }
        plain_http().get(url).send()
    };
    let response = get(vec![
        ("client_id", stand_in.egnyte_client_id().to_owned()),
        ("redirect_uri", "https://evil.example/cb".to_owned()),
        ("response_type", "code".to_owned()),
    ])
    .await
    .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "never redirects elsewhere"
    );
    let response = get(vec![
        ("client_id", stand_in.egnyte_client_id().to_owned()),
        ("redirect_uri", stand_in.egnyte_redirect_uri().to_owned()),
        ("response_type", "code".to_owned()),
        ("scope", "issues:write".to_owned()),
    ])
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = url::Url::parse(response.headers()[LOCATION].to_str().unwrap()).unwrap();
    assert_eq!(
        query_value(&location, "error").as_deref(),
        Some("invalid_scope")
    );
    assert_eq!(stand_in.stats().egnyte_codes_issued, 0);
}

#[tokio::test]
async fn issues_page_by_cursor_and_expired_tokens_get_401_with_egnyte_body() {
    let stand_in = StandIn::start(StandInOptions::default().issue_count(250))
        .await
        .unwrap();
    let tokens = sign_in(&stand_in).await;
    let client = egnyte_client(&stand_in, tokens["access_token"].as_str().unwrap());

    let mut cursor = None;
    let mut ids = Vec::new();
    loop {
        let mut request = client.list_issues().count(37).format(IssueFormat::Full);
        if let Some(cursor) = cursor {
            request = request.cursor(cursor);
        }
        let page = request.send().await.unwrap().into_inner();
        if page.issues.is_empty() {
            break;
        }
        assert!(page.issues.len() <= 37);
        for issue in &page.issues {
            assert_spec_shaped(issue);
        }
        ids.extend(page.issues.iter().map(|issue| issue.id.unwrap()));
        cursor = page.cursor;
    }
    assert_eq!(ids.len(), 250);
    assert!(
        ids.windows(2).all(|pair| pair[0] < pair[1]),
        "ascending, no repeats"
    );

    let one = client
        .get_issue()
        .id(ids[3])
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(one.id, Some(ids[3]));
    assert_spec_shaped(&one);
    assert!(one.web_view_link.unwrap().starts_with("http://127.0.0.1:"));

    let missing = client.get_issue().id(1).send().await.unwrap_err();
    assert_eq!(missing.status(), Some(StatusCode::NOT_FOUND));

    let cursor = client.get_issue_cursor().send().await.unwrap().into_inner();
    assert_eq!(cursor.cursor, ids.last().copied());

    let info = client.get_user_info().send().await.unwrap().into_inner();
    assert_eq!(info.client_id.as_deref(), Some(stand_in.egnyte_client_id()));
    assert_eq!(info.scopes, ["issues:read", "auditevents:read"]);
    assert!(info.extra.is_empty());

    // The generated client refuses count=0 itself; ask over plain HTTP.
    let bad = bearer_client(tokens["access_token"].as_str().unwrap())
        .get(
            stand_in
                .egnyte_base_url()
                .join("/api/v1/issues?count=0")
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let body: Value = bad.json().await.unwrap();
    assert_eq!(body["code"], "INVALID_PARAMETER");
    assert!(body["message"].as_str().unwrap().contains("count"));

    stand_in.expire_egnyte_access_tokens();
    let error = client.list_issues().send().await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    match error.body() {
        Some(body) => {
            assert_eq!(body.code.as_deref(), Some("UNAUTHORIZED"));
            assert!(body.message.as_deref().unwrap().contains("expired"));
            assert!(body.details.is_some());
            assert!(body.extra.is_empty());
        }
        None => panic!("expected the Egnyte error body, got {error:?}"),
    }
    assert_eq!(stand_in.stats().egnyte_unauthorized, 1);
}

#[tokio::test]
async fn issue_updates_never_split_a_timestamp_and_show_new_changes() {
    let stand_in = StandIn::start(StandInOptions::default().issue_count(300))
        .await
        .unwrap();
    let tokens = sign_in(&stand_in).await;
    let client = egnyte_client(&stand_in, tokens["access_token"].as_str().unwrap());

    let mut modified_after = None;
    let mut seen = HashSet::new();
    let mut longer_than_count = 0;
    let mut last_stamp = i64::MIN;
    loop {
        let mut request = client.get_issue_updates().count(10);
        if let Some(after) = modified_after {
            request = request.modified_after(after);
        }
        let page = request.send().await.unwrap().into_inner();
        if page.issues.is_empty() {
            break;
        }
        if page.issues.len() > 10 {
            longer_than_count += 1;
        }
        for issue in &page.issues {
            let updated = issue.updated.unwrap();
            assert!(updated >= last_stamp, "ordered by modification time");
            last_stamp = updated;
            assert!(
                seen.insert(issue.id.unwrap()),
                "issue {:?} repeated",
                issue.id
            );
        }
        let page_last = page.issues.last().unwrap().updated;
        assert_eq!(page.modified_after, page_last);
        modified_after = page.modified_after;
    }
    assert_eq!(seen.len(), 300, "every issue exactly once");
    assert!(
        longer_than_count > 0,
        "some pages run past count to finish a timestamp"
    );

    let changed: BTreeSet<i64> = stand_in.update_issues(5).into_iter().collect();
    let page = client
        .get_issue_updates()
        .modified_after(modified_after.unwrap())
        .send()
        .await
        .unwrap()
        .into_inner();
    let returned: BTreeSet<i64> = page.issues.iter().map(|issue| issue.id.unwrap()).collect();
    assert_eq!(returned, changed);
    let stamps: BTreeSet<i64> = page
        .issues
        .iter()
        .map(|issue| issue.updated.unwrap())
        .collect();
    assert_eq!(stamps.len(), 1, "one burst, one timestamp");
}

#[tokio::test]
async fn a_bulk_resolve_is_one_page_of_tied_resolved_updates() {
    let stand_in = StandIn::start(StandInOptions::default().issue_count(1_000))
        .await
        .unwrap();
    let tokens = sign_in(&stand_in).await;
    let client = egnyte_client(&stand_in, tokens["access_token"].as_str().unwrap());
    let before = stand_in
        .issue_versions()
        .iter()
        .map(|version| version.updated)
        .max()
        .unwrap();

    let resolved: BTreeSet<i64> = stand_in.bulk_resolve(600).into_iter().collect();
    assert_eq!(resolved.len(), 600, "distinct issues");
    let page = client
        .get_issue_updates()
        .modified_after(before)
        .count(10)
        .send()
        .await
        .unwrap()
        .into_inner();
    let returned: BTreeSet<i64> = page.issues.iter().map(|issue| issue.id.unwrap()).collect();
    assert_eq!(
        returned, resolved,
        "one page holds the whole tie, past count"
    );
    assert!(page.issues.iter().all(|issue| {
        issue.updated == page.modified_after && issue.status.as_deref() == Some("RESOLVED")
    }));
    assert_eq!(
        stand_in.bulk_resolve(5_000).len(),
        1_000,
        "at most every issue"
    );
}

#[tokio::test]
async fn lacework_token_login_apps_users_groups() {
    let stand_in = StandIn::start(StandInOptions::default()).await.unwrap();
    let base = stand_in.lacework_base_url().as_str().trim_end_matches('/');

    let refused = lacework_edge_client::Client::new_with_client(
        base,
        bearer_client("wrong-token"),
        Default::default(),
    );
    let error = refused
        .token_login()
        .account(stand_in.lacework_account())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));

    let login_client = lacework_edge_client::Client::new_with_client(
        base,
        bearer_client(stand_in.lacework_api_token()),
        Default::default(),
    );
    let login = login_client
        .token_login()
        .account(stand_in.lacework_account())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(login.extra.is_empty());
    let jwt = login.token.clone().unwrap();
    assert_eq!(jwt.expose().split('.').count(), 3, "JWT-shaped");
    assert!(
        !format!("{login:?}").contains(jwt.expose()),
        "the JWT stays out of Debug"
    );
    assert_eq!(login.ttl_sec, Some(3600));
    assert!(
        login.expire_time_sec.unwrap() > 1_600_000_000,
        "Unix seconds"
    );

    // The API token itself is not a session token.
    let error = login_client.list_apps().send().await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));

    let client = lacework_edge_client::Client::new_with_client(
        base,
        bearer_client(jwt.expose()),
        Default::default(),
    );
    let apps = client.list_apps().send().await.unwrap().into_inner().apps;
    assert_eq!(apps.len(), 10);
    assert!(apps.iter().all(|app| app.extra.is_empty()));
    let active = client
        .list_apps()
        .status("ACTIVE")
        .tag("engineering")
        .send()
        .await
        .unwrap()
        .into_inner()
        .apps;
    assert!(!active.is_empty() && active.len() < apps.len());
    assert!(
        active
            .iter()
            .all(|app| app.tags.contains(&"engineering".to_owned()))
    );

    let app = lacework_edge_client::types::App::builder()
        .name(Some("Stand-in test app".to_owned()))
        .host(Some("test.corp.acme.example".to_owned()))
        .port(Some(443))
        .protocol(Some("https".to_owned()));
    let request = lacework_edge_client::types::CreateAppRequest::builder()
        .account_name(stand_in.lacework_account().to_owned())
        .app(Some(app.try_into().unwrap()));
    let created = client
        .create_app()
        .body(request)
        .send()
        .await
        .unwrap()
        .into_inner();
    let uuid = created.uuid.clone().unwrap();
    assert_eq!(created.status.map(|status| status.value()), Some(2));
    let fetched = client
        .get_app()
        .uuid(&uuid)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(fetched, created);
    let missing = client.get_app().uuid("nope").send().await.unwrap_err();
    assert_eq!(missing.status(), Some(StatusCode::NOT_FOUND));

    let users = client.list_users().send().await.unwrap().into_inner().users;
    assert_eq!(users.len(), 24);
    assert!(users.iter().all(|user| user.extra.is_empty()));
    let user_uuid = users[0].uuid.clone().unwrap();
    let user = client
        .get_user()
        .uuid(&user_uuid)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(user.uuid.as_deref(), Some(user_uuid.as_str()));
    let groups = client
        .list_groups()
        .send()
        .await
        .unwrap()
        .into_inner()
        .groups;
    assert_eq!(groups.len(), 6);
    let group_uuid = groups[0].uuid.clone().unwrap();
    client.get_group().uuid(&group_uuid).send().await.unwrap();

    let bad = client
        .list_users()
        .status("SLEEPING")
        .send()
        .await
        .unwrap_err();
    assert_eq!(bad.status(), Some(StatusCode::BAD_REQUEST));

    stand_in.expire_lacework_tokens();
    let error = client.list_groups().send().await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    match error.body() {
        Some(body) => assert_eq!(body.message.as_deref(), Some("token expired")),
        None => panic!("expected the Lacework error body, got {error:?}"),
    }
    let stats = stand_in.stats();
    assert_eq!(stats.lacework_logins, 1);
    assert_eq!(stats.lacework_unauthorized, 3);
    assert_eq!(stats.requests_to("GET /api/v1/apps/{uuid}"), 2);
    assert_eq!(stats.requests_to("POST /api/v1/apps"), 1);
}

#[tokio::test]
async fn injected_failures_and_background_updates() {
    let stand_in = StandIn::start(
        StandInOptions::default()
            .issue_count(5)
            .transient_failure_every(Some(2))
            .update_interval(Some(Duration::from_millis(20)))
            .updates_per_tick(2),
    )
    .await
    .unwrap();
    let tokens = sign_in(&stand_in).await;
    let client = egnyte_client(&stand_in, tokens["access_token"].as_str().unwrap());
    let first = client.get_user_info().send().await;
    let second = client.get_user_info().send().await;
    assert!(first.is_ok());
    assert_eq!(
        second.unwrap_err().status(),
        Some(StatusCode::SERVICE_UNAVAILABLE)
    );
    assert_eq!(stand_in.stats().transient_failures, 1);

    // Two ticks of two changes each; a loaded machine may delay ticks, so wait up to 5 s.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while stand_in.stats().issue_updates < 4 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let stats = stand_in.stats();
    assert!(stats.issue_updates >= 4, "{stats:?}");
    assert!(stand_in.issue_count() >= 5);

    let unmatched = plain_http()
        .get(stand_in.egnyte_base_url().join("/api/v2/nothing").unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(unmatched.status(), StatusCode::NOT_FOUND);
    let body: Value = unmatched.json().await.unwrap();
    assert_eq!(body["code"], "NOT_FOUND");
    stand_in.shutdown().await;
}

#[tokio::test]
async fn no_redirect_mode_shows_the_code_and_exchanges_it_without_a_redirect_uri() {
    let stand_in = StandIn::start(StandInOptions::default()).await.unwrap();
    let client_id = stand_in.egnyte_client_id().to_owned();
    let secret = stand_in.egnyte_client_secret().to_owned();

    // The page shows the code (and the state) instead of redirecting.
    let mut url = stand_in.egnyte_base_url().join("/oauth2/code").unwrap();
    url.query_pairs_mut()
        .append_pair("client_id", &client_id)
        .append_pair("no_redirect", "true")
        .append_pair("response_type", "code")
        .append_pair("scope", "issues:read")
        .append_pair("state", "s1");
    let response = plain_http().get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    let shown = |id: &str| {
        let start = format!("<code id=\"{id}\">");
        let from = page.find(&start).unwrap() + start.len();
        page[from..from + page[from..].find("</code>").unwrap()].to_owned()
    };
    let code = shown("authorization-code");
    assert_eq!(shown("state"), "s1");

    // Exchanged with a redirect URI, the code is refused (and used up).
    let with_uri = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("client_id", client_id.as_str()),
        ("client_secret", secret.as_str()),
        ("redirect_uri", stand_in.egnyte_redirect_uri()),
    ];
    let (status, body) = token_request(&stand_in, &with_uri).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");

    // A code from the accessor, exchanged in no-redirect mode, gives tokens.
    let code = stand_in.egnyte_authorization_code(&["issues:read"]);
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("client_id", client_id.as_str()),
        ("client_secret", secret.as_str()),
        ("no_redirect", "true"),
    ];
    let (status, body) = token_request(&stand_in, &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let access = body["access_token"].as_str().unwrap();
    let issues = bearer_client(access)
        .get(format!(
            "{}/v1/issues?count=1",
            stand_in.egnyte_api_base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(issues.status(), StatusCode::OK);

    // Both redirect_uri and no_redirect: refused.
    let mut both = stand_in.egnyte_base_url().join("/oauth2/code").unwrap();
    both.query_pairs_mut()
        .append_pair("client_id", &client_id)
        .append_pair("redirect_uri", stand_in.egnyte_redirect_uri())
        .append_pair("no_redirect", "true")
        .append_pair("response_type", "code");
    let response = plain_http().get(both).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let stats = stand_in.stats();
    assert_eq!(stats.egnyte_codes_issued, 2);
    assert_eq!(stats.egnyte_code_exchanges, 1);
    assert_eq!(stats.requests_with("POST"), 2);
}

#[tokio::test]
async fn a_removed_route_answers_404_and_methods_are_counted() {
    let options = StandInOptions::default().remove_route("GET /api/v1/issuecursor");
    let stand_in = StandIn::start(options).await.unwrap();
    let http = plain_http();
    let base = stand_in.egnyte_api_base_url();
    let cursor = http
        .get(format!("{base}/v1/issuecursor"))
        .send()
        .await
        .unwrap();
    assert_eq!(cursor.status(), StatusCode::NOT_FOUND);
    // Other routes are untouched: without a token, 401.
    let issues = http.get(format!("{base}/v1/issues")).send().await.unwrap();
    assert_eq!(issues.status(), StatusCode::UNAUTHORIZED);
    let nowhere = http
        .delete(format!("{base}/v1/nowhere"))
        .send()
        .await
        .unwrap();
    assert_eq!(nowhere.status(), StatusCode::NOT_FOUND);
    let stats = stand_in.stats();
    assert_eq!(stats.requests_to("GET /api/v1/issuecursor"), 1);
    assert_eq!(stats.requests_with("GET"), 2);
    assert_eq!(stats.requests_with("DELETE"), 1);
}

#[tokio::test]
async fn advancing_a_manual_clock_expires_tokens_and_stamps_later_changes() {
    let stand_in = StandIn::start(
        StandInOptions::default()
            .manual_clock()
            .access_token_ttl(Duration::from_secs(60)),
    )
    .await
    .unwrap();
    let tokens = sign_in(&stand_in).await;
    let client = egnyte_client(&stand_in, tokens["access_token"].as_str().unwrap());
    assert!(client.get_user_info().send().await.is_ok());
    stand_in.advance(Duration::from_secs(59));
    assert!(client.get_user_info().send().await.is_ok());
    stand_in.advance(Duration::from_secs(1));
    assert_eq!(
        client.get_user_info().send().await.unwrap_err().status(),
        Some(StatusCode::UNAUTHORIZED)
    );

    // A frozen clock still stamps each change later than the one before.
    let start = stand_in.now_millis();
    stand_in.update_issues(1);
    stand_in.update_issues(1);
    let versions = stand_in.issue_versions();
    let [.., a, b] = versions.as_slice() else {
        unreachable!()
    };
    assert!(a.updated >= start && b.updated > a.updated);
}

#[tokio::test]
async fn faults_are_deterministic_from_the_seed_and_counted_per_kind() {
    use secops_stand_in::FaultKind;

    async fn fates(seed: u64) -> (Vec<Option<u16>>, secops_stand_in::Stats) {
        let stand_in = StandIn::start(
            StandInOptions::default()
                .seed(seed)
                .fault(
                    FaultKind::TooManyRequests {
                        retry_after: Duration::from_millis(1_500),
                    },
                    0.2,
                )
                .fault(FaultKind::ServiceUnavailable, 0.2)
                .fault(FaultKind::DropConnection, 0.2),
        )
        .await
        .unwrap();
        let url = stand_in.lacework_base_url().join("api/v1/apps").unwrap();
        let mut fates = Vec::new();
        for _ in 0..60 {
            match plain_http().get(url.clone()).send().await {
                Ok(response) => {
                    if response.status() == StatusCode::TOO_MANY_REQUESTS {
                        assert_eq!(response.headers()["retry-after"], "2");
                    }
                    fates.push(Some(response.status().as_u16()));
                }
                Err(_) => fates.push(None),
            }
        }
        (fates, stand_in.stats())
    }
    let (first, stats) = fates(7).await;
    let (again, _) = fates(7).await;
    let (other, _) = fates(8).await;
    assert_eq!(first, again);
    assert_ne!(first, other);
    let count = |fate: Option<u16>| first.iter().filter(|f| **f == fate).count() as u64;
    assert_eq!(stats.faults_too_many_requests, count(Some(429)));
    assert_eq!(stats.faults_service_unavailable, count(Some(503)));
    assert_eq!(stats.faults_dropped_connections, count(None));
    // No JWT: what is not a fault is 401.
    assert_eq!(count(Some(401)) + stats.faults_injected(), 60);
    assert!(stats.faults_injected() > 15 && stats.faults_injected() < 55);
}

#[tokio::test]
async fn egnyte_answers_carry_a_request_id_that_errors_keep() {
    let stand_in = StandIn::start(StandInOptions::default().issue_count(1))
        .await
        .unwrap();
    let error = egnyte_client(&stand_in, "not-a-token")
        .list_issues()
        .send()
        .await
        .unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    let id = error.request_id().expect("a request id");
    assert!(id.starts_with("stand-in-"), "{id}");
    assert!(
        error.to_string().contains(&format!("(request id {id})")),
        "{error}"
    );
}
