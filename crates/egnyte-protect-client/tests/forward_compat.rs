//! A response carrying values or fields the spec does not know still decodes, and the caller
//! can see what the server sent.

use egnyte_protect_client::types::{HoldScopeOperator, LegalHoldStatus};
use egnyte_protect_client::{Client, Hooks};
use httpmock::prelude::*;
use serde_json::json;

/// The generated client on the mock server, without a transport.
fn client(server: &MockServer) -> Client {
    Client::new(&format!("{}/api", server.base_url()), Hooks::default())
}

#[tokio::test]
async fn unknown_string_enum_values_and_unknown_field_decode_and_stay_visible() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/legalholds/df497868-9f1b-4ef2-963c-436d9156a91e");
            then.status(200).json_body(json!({
                "name": "Copyright Infringement Claim",
                "holdScopeOperator": "xor",
                "status": "archived",
                "userFacingId": "LH00001",
                "retentionPolicy": {"days": 365}
            }));
        })
        .await;

    let hold = client(&server)
        .get_legal_hold()
        .legal_hold_id("df497868-9f1b-4ef2-963c-436d9156a91e")
        .send()
        .await
        .expect("a response with unknown enum values and fields decodes")
        .into_inner();
    mock.assert_async().await;

    assert_eq!(
        hold.status,
        Some(LegalHoldStatus::Unknown("archived".into()))
    );
    assert_eq!(
        hold.hold_scope_operator,
        Some(HoldScopeOperator::Unknown("xor".into()))
    );
    let operator = hold.hold_scope_operator.as_ref().unwrap();
    assert!(!operator.is_known());
    assert_eq!(operator.as_str(), "xor");
    assert_eq!(
        hold.extra.get("retentionPolicy"),
        Some(&json!({"days": 365}))
    );

    let encoded = serde_json::to_value(&hold).unwrap();
    assert_eq!(encoded["status"], json!("archived"));
    assert_eq!(encoded["retentionPolicy"], json!({"days": 365}));
}

#[test]
fn known_string_values_map_to_variants() {
    assert_eq!(LegalHoldStatus::from("open"), LegalHoldStatus::Open);
    assert_eq!(LegalHoldStatus::Closed.as_str(), "closed");
    assert_eq!(
        "or".parse::<HoldScopeOperator>().unwrap(),
        HoldScopeOperator::Or
    );
    assert_eq!(HoldScopeOperator::KNOWN, &["or", "and"]);
    assert_eq!(
        serde_json::from_value::<LegalHoldStatus>(json!("open")).unwrap(),
        LegalHoldStatus::Open
    );
    assert_eq!(
        serde_json::to_value(LegalHoldStatus::Unknown("held".into())).unwrap(),
        json!("held")
    );
}
