//! Fields that carry credentials (`x-sensitive` in the spec) stay out of `Debug` output but go
//! over the wire unchanged.

use lacework_edge_client::types::{LoginResponse, SensitiveString, Token};
use serde_json::json;

const API_SECRET: &str = "lw-api-secret-5c1e7b2a9d";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";

#[test]
fn a_created_api_token_and_a_login_jwt_are_hidden_from_debug() {
    let token: Token = serde_json::from_value(json!({
        "uuid": "0f7c2f7e-1a6b-4c55-9a8e-2b7f0d6c1e42",
        "secret": API_SECRET
    }))
    .unwrap();
    let login: LoginResponse =
        serde_json::from_value(json!({"token": JWT, "ttl_sec": 3600})).unwrap();

    for debug in [
        format!("{token:?}"),
        format!("{login:?}"),
        format!("{token:#?}"),
    ] {
        assert!(
            !debug.contains(API_SECRET) && !debug.contains(JWT),
            "{debug}"
        );
        assert!(debug.contains("[redacted]"), "{debug}");
    }
    assert_eq!(
        token.secret.as_ref().map(SensitiveString::expose),
        Some(API_SECRET)
    );
    assert_eq!(
        serde_json::to_value(&token).unwrap()["secret"],
        json!(API_SECRET)
    );
    assert_eq!(serde_json::to_value(&login).unwrap()["token"], json!(JWT));
}

#[test]
fn sensitive_strings_compare_by_value() {
    assert_eq!(
        SensitiveString::from("a"),
        SensitiveString::new("a".to_owned())
    );
    assert_ne!(SensitiveString::from("a"), SensitiveString::from("b"));
}
