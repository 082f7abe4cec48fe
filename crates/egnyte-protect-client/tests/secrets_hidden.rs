//! Fields that carry credentials (`x-sensitive` in the spec) stay out of `Debug` output but go
//! over the wire unchanged.

use egnyte_protect_client::types::{RegisterClassificationSourceRequest, SensitiveString};
use serde_json::json;

const AUTH_HEADER: &str = "Bearer cfs-7f3e9c1a5b2d4e6f8a0b";

#[test]
fn a_classification_source_authorization_header_is_hidden_from_debug() {
    let request: RegisterClassificationSourceRequest = serde_json::from_value(json!({
        "transport": "https",
        "discoveryURL": "https://cfs.example.com/discovery",
        "sourceDisplayName": "Finance share",
        "troubleshootingURL": "https://cfs.example.com/help",
        "authHeader": AUTH_HEADER
    }))
    .unwrap();

    let debug = format!("{request:?}");
    assert!(!debug.contains(AUTH_HEADER), "{debug}");
    assert!(debug.contains("[redacted]"), "{debug}");
    assert_eq!(
        request.auth_header.as_ref().map(SensitiveString::expose),
        Some(AUTH_HEADER)
    );
    assert_eq!(
        serde_json::to_value(&request).unwrap()["authHeader"],
        json!(AUTH_HEADER)
    );
}
