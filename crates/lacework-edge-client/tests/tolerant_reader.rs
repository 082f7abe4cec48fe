//! Responses from a protobuf-backed server, encoded the ways its JSON mapping allows, still
//! decode: enum names for integer enums, 64-bit integers as strings, integers with a zero
//! fraction, `null` for absent arrays and maps. What is sent does not change, and credentials
//! under keys the spec does not name stay out of `Debug`.

use httpmock::prelude::*;
use lacework_edge_client::types::{App, DataSource, EnumStatus, Integration, ListAppsResponse};
use lacework_edge_client::{Client, Hooks};
use serde_json::{Value, json};

const UUID: &str = "4be0643f-1d98-573b-97cd-ca98a65347dd";

/// The generated client on the mock server, without a transport.
fn client(server: &MockServer) -> Client {
    Client::new(&server.base_url(), Hooks::default())
}

/// An app as protobuf's JSON mapping may write it (names for enums, int64 as strings).
fn proto_app() -> Value {
    json!({
        "uuid": UUID,
        "name": "payroll",
        "status": "ACTIVE",
        "data_source": "10003",
        "port": "443",
        "internal_port": 8443.0,
        "create_time": "1731000000000",
        "update_time": 1.732e12,
        "verify_server_cert": null,
        "tags": null,
        "refs": null,
        "tcp_ports": null,
        "ref_display_names": null,
        "host": null
    })
}

#[tokio::test]
async fn an_app_with_enum_names_strings_floats_and_nulls_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/api/v1/apps/{UUID}"));
            then.status(200).json_body(proto_app());
        })
        .await;

    let app = client(&server)
        .get_app()
        .uuid(UUID)
        .send()
        .await
        .expect("a tolerant reader decodes the app")
        .into_inner();
    mock.assert_async().await;

    assert_eq!(app.status, Some(EnumStatus::ACTIVE));
    assert_eq!(app.data_source, Some(DataSource(10003)));
    assert_eq!(app.port, Some(443));
    assert_eq!(app.internal_port, Some(8443));
    assert_eq!(app.create_time, Some(1_731_000_000_000));
    assert_eq!(app.update_time, Some(1_732_000_000_000));
    assert_eq!(app.verify_server_cert, None);
    assert_eq!(app.host, None);
    assert!(app.tags.is_empty() && app.refs.is_empty() && app.tcp_ports.is_empty());
    assert!(app.ref_display_names.is_none());
    assert!(
        app.extra.is_empty(),
        "every field was the spec's: {:?}",
        app.extra
    );

    // Encoding stays canonical: the number, not the name; absent fields left out.
    let encoded = serde_json::to_value(&app).unwrap();
    assert_eq!(encoded["status"], json!(2));
    assert_eq!(encoded["data_source"], json!(10003));
    assert_eq!(encoded["port"], json!(443));
    assert_eq!(encoded["update_time"], json!(1_732_000_000_000_i64));
    for absent in [
        "tags",
        "refs",
        "ref_display_names",
        "host",
        "verify_server_cert",
    ] {
        assert!(encoded.get(absent).is_none(), "{absent}: {encoded}");
    }
}

#[test]
fn a_listing_with_null_apps_and_nulls_inside_decodes() {
    let page: ListAppsResponse = serde_json::from_value(json!({"apps": null})).unwrap();
    assert!(page.apps.is_empty());

    let page: ListAppsResponse = serde_json::from_value(json!({
        "apps": [proto_app(), {"uuid": "b", "status": 4, "tags": ["hr", "finance"]}]
    }))
    .unwrap();
    assert_eq!(page.apps[0].status, Some(EnumStatus::ACTIVE));
    assert_eq!(page.apps[1].status, Some(EnumStatus::DELETED));
    assert_eq!(page.apps[1].tags, ["hr", "finance"]);
}

#[test]
fn integer_enums_take_names_numbers_and_numeric_strings() {
    let status = |value: Value| serde_json::from_value::<App>(json!({ "status": value }));
    for (value, expected) in [
        (json!("UNSPECIFIED"), EnumStatus(0)),
        (json!("INIT"), EnumStatus::INIT),
        (json!("SUSPENDED"), EnumStatus::SUSPENDED),
        (json!(3), EnumStatus::SUSPENDED),
        (json!("3"), EnumStatus::SUSPENDED),
        (json!(3.0), EnumStatus::SUSPENDED),
        (json!(42), EnumStatus(42)),
        (json!("42"), EnumStatus(42)),
    ] {
        assert_eq!(
            status(value.clone()).unwrap().status,
            Some(expected),
            "{value}"
        );
    }
    assert_eq!(status(Value::Null).unwrap().status, None);

    let error = status(json!("PAUSED")).unwrap_err().to_string();
    assert!(
        error.contains("unknown EnumStatus name `PAUSED`")
            && error.contains("`UNSPECIFIED`, `INIT`, `ACTIVE`, `SUSPENDED`, `DELETED`"),
        "{error}"
    );
    assert!(status(json!("active")).is_err(), "names are case-sensitive");
    assert!(status(json!(2.5)).is_err());
    // An enum whose values the page does not name takes numbers only.
    let source = |value: Value| serde_json::from_value::<App>(json!({ "data_source": value }));
    assert_eq!(
        source(json!("10003")).unwrap().data_source,
        Some(DataSource(10003))
    );
    assert!(source(json!("GOOGLE")).is_err());
}

#[test]
fn values_that_are_not_integers_are_still_errors() {
    for (field, value) in [
        ("port", json!(443.5)),
        ("port", json!("443/tcp")),
        ("port", json!("")),
        ("create_time", json!("1.7e12")),
        ("create_time", json!(1e19)),
        ("create_time", json!("9223372036854775808")),
        ("tags", json!("hr")),
    ] {
        let error = serde_json::from_value::<App>(json!({ field: value }))
            .expect_err(&format!("{field}: {value}"))
            .to_string();
        assert!(!error.is_empty());
    }
}

#[test]
fn credentials_under_unknown_keys_stay_out_of_debug() {
    let app: App = serde_json::from_value(json!({
        "uuid": UUID,
        "name": "payroll",
        "apiToken": "tok-SECRET",
        "nested": {"client_secret": "s-SECRET", "region": "us"},
        "backends": [{"password": "p-SECRET", "host": "10.0.0.1"}],
        "ref_display_names": {"owner": "Ann", "access_token": "a-SECRET"}
    }))
    .unwrap();
    for debug in [format!("{app:?}"), format!("{app:#?}")] {
        assert!(!debug.contains("SECRET"), "{debug}");
        assert!(debug.contains("[REDACTED]"), "{debug}");
        for visible in ["payroll", "region", "10.0.0.1", "Ann", UUID] {
            assert!(debug.contains(visible), "{visible} is shown: {debug}");
        }
    }
    // Only `Debug` hides them: the values are kept and re-encoded.
    assert_eq!(app.extra["apiToken"], json!("tok-SECRET"));
    let encoded = serde_json::to_value(&app).unwrap();
    assert_eq!(encoded["nested"]["client_secret"], json!("s-SECRET"));
}

#[test]
fn integration_credentials_are_hidden_whole() {
    let integration: Integration = serde_json::from_value(json!({
        "display_name": "Okta",
        "credentials": {"client_id": "cid-SECRET", "key": "k-SECRET"},
        "encrypted_credentials": "enc-SECRET",
        "extra_settings": {"credentials": {"user": "u-SECRET"}}
    }))
    .unwrap();
    let debug = format!("{integration:?}");
    assert!(!debug.contains("SECRET"), "{debug}");
    assert!(debug.contains("credentials: Some([REDACTED])"), "{debug}");
    assert!(debug.contains("Okta"), "{debug}");
    let credentials = integration.credentials.as_ref().unwrap();
    assert_eq!(credentials["client_id"], json!("cid-SECRET"));
}
