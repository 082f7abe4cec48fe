//! The user functions of this crate against `secops-stand-in`, the in-process fake tenant of
//! both APIs: real sign-in, paging and token renewal over loopback, with injected faults (429
//! with `Retry-After`, 503, dropped connections), a clock the test moves, and the stand-in's
//! record of every issue version to check the forwarder against.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use secops_sdk::auth::MemoryTokenStore;
use secops_sdk::auth::egnyte::Region;
use secops_sdk::config::{EgnyteConfig, LaceworkConfig};
use secops_sdk::retry::RetryConfig;
use secops_sdk::{EgnyteProtect, LaceworkEdge};
use secops_stand_in::{FaultKind, StandIn, StandInOptions};
use testing_with_mocks::{apps_without_connector, forward_issue_updates, severe_open_issues};

/// Retries quick and many enough for a fault rate of 30%.
fn retry() -> RetryConfig {
    RetryConfig::default()
        .with_max_attempts(8)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(20))
}

/// The stand-in's options with every kind of fault, 10% each, on the default seed.
fn faulty() -> StandInOptions {
    StandInOptions::default()
        .fault(
            FaultKind::TooManyRequests {
                retry_after: Duration::ZERO,
            },
            0.1,
        )
        .fault(FaultKind::ServiceUnavailable, 0.1)
        .fault(FaultKind::DropConnection, 0.1)
}

/// The Egnyte facade, signed in to `stand_in` with a code as Egnyte's no-redirect page
/// shows it (no redirect URI configured).
async fn egnyte(stand_in: &StandIn) -> EgnyteProtect {
    let config = EgnyteConfig::builder()
        .region(Region::Custom(stand_in.egnyte_base_url().clone()))
        .client_id(stand_in.egnyte_client_id())
        .client_secret(stand_in.egnyte_client_secret())
        .token_store(Arc::new(MemoryTokenStore::new(None)))
        .allow_insecure_http(true) // the stand-in is plain http on loopback
        .retry(retry())
        .build()
        .unwrap();
    let egnyte = EgnyteProtect::new(config).unwrap();
    let code = stand_in.egnyte_authorization_code(&["issues:read"]);
    egnyte.auth().exchange_code(&code).await.unwrap();
    egnyte
}

/// The Lacework facade against `stand_in`; it signs in with TokenLogin on first use.
fn lacework(stand_in: &StandIn) -> LaceworkEdge {
    let config = LaceworkConfig::builder()
        .api_token(stand_in.lacework_api_token())
        .account(stand_in.lacework_account())
        .host(stand_in.lacework_base_url().as_str().trim_end_matches('/'))
        .allow_insecure_http(true)
        .retry(retry())
        .build()
        .unwrap();
    LaceworkEdge::new(config).unwrap()
}

#[tokio::test]
async fn the_functions_give_the_same_answers_through_faults() {
    // The same seed gives the same data: a stand-in without faults says what to expect.
    let clean = StandIn::start(StandInOptions::default()).await.unwrap();
    let expected_issues = severe_open_issues(&egnyte(&clean).await, 7).await.unwrap();
    let expected_apps = apps_without_connector(&lacework(&clean)).await.unwrap();
    assert!(expected_issues > 0);

    let stand_in = StandIn::start(faulty()).await.unwrap();
    let egnyte = egnyte(&stand_in).await;
    let lacework = lacework(&stand_in);
    for _ in 0..5 {
        assert_eq!(
            severe_open_issues(&egnyte, 7).await.unwrap(),
            expected_issues
        );
        assert_eq!(
            apps_without_connector(&lacework).await.unwrap(),
            expected_apps
        );
    }
    let stats = stand_in.stats();
    assert!(stats.faults_too_many_requests > 0, "{stats:?}");
    assert!(stats.faults_service_unavailable > 0, "{stats:?}");
    assert!(stats.faults_dropped_connections > 0, "{stats:?}");
}

#[tokio::test]
async fn the_forwarder_loses_and_repeats_nothing_through_faults_and_token_expiry() {
    let stand_in = StandIn::start(faulty().manual_clock()).await.unwrap();
    let egnyte = egnyte(&stand_in).await;
    let since = stand_in.now_millis();

    // Issues change at moments the test picks; between them the clock jumps past the access
    // token's lifetime, so the facade meets a 401 and refreshes (rotating the refresh token).
    for _ in 0..8 {
        stand_in.update_issues(4);
        stand_in.advance(Duration::from_secs(3_600));
    }

    // What the follower must deliver: every version after `since` still current (one replaced
    // by a later change of the same issue is not served any more; the later one is).
    let expected: HashSet<(i64, i64)> = stand_in
        .issue_versions()
        .into_iter()
        .filter(|version| version.updated > since && version.current)
        .map(|version| (version.id, version.updated))
        .collect();

    let mut delivered = Vec::new();
    let forwarding = forward_issue_updates(
        &egnyte,
        since,
        expected.len(),
        Duration::from_millis(10),
        |id, updated| delivered.push((id, updated)),
    );
    // A hang guard: a lost update would leave the forwarder waiting for it forever.
    let handed = tokio::time::timeout(Duration::from_secs(60), forwarding)
        .await
        .expect("the forwarder delivers every update")
        .unwrap();

    assert_eq!(handed, expected.len());
    let unique: HashSet<(i64, i64)> = delivered.iter().copied().collect();
    assert_eq!(unique.len(), delivered.len(), "repeats: {delivered:?}");
    assert_eq!(unique, expected, "lost or invented updates");

    let stats = stand_in.stats();
    assert!(stats.faults_injected() > 0, "{stats:?}");
    // Advanced past the token's lifetime before the first call: renewed by refresh.
    assert!(stats.egnyte_token_refreshes >= 1, "{stats:?}");
}
