//! A response carrying values or fields the spec does not know still decodes, and the caller
//! can see what the server sent.

use httpmock::prelude::*;
use lacework_edge_client::types::{DataSource, EnumStatus};
use lacework_edge_client::{Client, Hooks};
use serde_json::json;

/// The generated client on the mock server, without a transport.
fn client(server: &MockServer) -> Client {
    Client::new(&server.base_url(), Hooks::default())
}

#[tokio::test]
async fn unknown_integer_enum_value_and_unknown_field_decode_and_stay_visible() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/apps/4be0643f-1d98-573b-97cd-ca98a65347dd");
            then.status(200).json_body(json!({
                "uuid": "4be0643f-1d98-573b-97cd-ca98a65347dd",
                "name": "payroll",
                "status": 42,
                "data_source": 10003,
                "risk_score": {"value": 7, "model": "v2"}
            }));
        })
        .await;

    let app = client(&server)
        .get_app()
        .uuid("4be0643f-1d98-573b-97cd-ca98a65347dd")
        .send()
        .await
        .expect("a response with an unknown enum value and field decodes")
        .into_inner();
    mock.assert_async().await;

    let status = app.status.expect("status is present");
    assert_eq!(status, EnumStatus(42));
    assert!(!status.is_known());
    assert_eq!(status.name(), None);
    assert_eq!(status.value(), 42);

    let source = app.data_source.expect("data_source is present");
    assert!(source.is_known(), "10003 is listed in the spec");
    assert_eq!(source, DataSource(10003));

    assert_eq!(
        app.extra.get("risk_score"),
        Some(&json!({"value": 7, "model": "v2"})),
        "an unknown field is kept in `extra`"
    );

    // Re-encoding sends back exactly what was received.
    let encoded = serde_json::to_value(&app).unwrap();
    assert_eq!(encoded["status"], json!(42));
    assert_eq!(encoded["risk_score"], json!({"value": 7, "model": "v2"}));
}

#[test]
fn named_integer_values_have_constants_and_names() {
    assert_eq!(EnumStatus::ACTIVE, EnumStatus(2));
    assert_eq!(EnumStatus::ACTIVE.name(), Some("ACTIVE"));
    assert_eq!(EnumStatus::from(4), EnumStatus::DELETED);
    assert_eq!("3".parse::<EnumStatus>().unwrap(), EnumStatus::SUSPENDED);
    assert_eq!(EnumStatus::KNOWN, &[0, 1, 2, 3, 4]);
    assert_eq!(EnumStatus(9).to_string(), "9");
}
