//! The SDK configures TLS on its own clients and leaves the process alone: after both facades
//! are built and have sent requests, no process-wide rustls crypto provider is installed, so
//! a program that installs its own (aws-lc-rs for FIPS, say) afterwards still can.
//!
//! Alone in its own test binary: the process-wide provider is shared by every test of a
//! binary.

mod common;

use std::sync::Arc;

use common::*;
use httpmock::prelude::*;
use rustls::crypto::CryptoProvider;
use secops_sdk::auth::MemoryTokenStore;
use secops_sdk::{EgnyteProtect, LaceworkEdge};

#[tokio::test]
async fn the_facades_install_no_process_wide_crypto_provider() {
    let server = MockServer::start_async().await;
    let issues = server
        .mock_async(|when, then| {
            when.path("/api/v1/issues");
            then.status(200)
                .json_body(serde_json::json!({"issues": [], "cursor": null}));
        })
        .await;
    let store = Arc::new(MemoryTokenStore::new(Some(tokens(
        "access-A-SECRET",
        "refresh-1-SECRET",
        3600,
    ))));
    let egnyte = EgnyteProtect::new(egnyte_config(&server, store, TestClock::new()))
        .expect("an Egnyte facade");
    let lacework =
        LaceworkEdge::new(lacework_config(&server, TestClock::new())).expect("a Lacework facade");
    egnyte.client().list_issues().send().await.expect("a page");
    issues.assert_calls_async(1).await;
    drop(lacework);

    assert!(
        CryptoProvider::get_default().is_none(),
        "the SDK installed a process-wide crypto provider"
    );
    // The program's own choice is still open.
    assert!(
        rustls::crypto::ring::default_provider()
            .install_default()
            .is_ok()
    );
}
