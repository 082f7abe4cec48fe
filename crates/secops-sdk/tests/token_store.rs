//! Token stores: the file store's format, permissions and atomic replacement, and a rotated
//! refresh token reaching the file.

mod common;

use std::sync::Arc;

use common::*;
use httpmock::prelude::*;
use secops_sdk::auth::egnyte::{EgnyteAuth, OAuthTokens};
use secops_sdk::auth::{FileTokenStore, MemoryTokenStore, TokenStore, TokenStoreError};
use secrecy::ExposeSecret;

#[tokio::test]
async fn a_missing_file_means_no_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileTokenStore::new(dir.path().join("tokens.json"));
    assert!(store.load().await.unwrap().is_none());
}

#[tokio::test]
async fn saving_replaces_the_file_atomically_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    let store = FileTokenStore::new(&path);

    store
        .save(&tokens("access-1", "refresh-1", 60))
        .await
        .unwrap();
    store
        .save(&tokens("access-2", "refresh-2", 120))
        .await
        .unwrap();

    let loaded = store.load().await.unwrap().unwrap();
    assert_eq!(loaded.access_token().expose_secret(), "access-2");
    assert_eq!(loaded.refresh_token().expose_secret(), "refresh-2");
    assert_eq!(loaded.expires_at(), tokens("a", "r", 120).expires_at());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["tokens.json"], "no temporary file may remain");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(json["refresh_token"], "refresh-2");
    assert_eq!(json["expires_at"], START + 120);
}

#[cfg(unix)]
#[tokio::test]
async fn the_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    std::fs::write(&path, b"{}").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();

    FileTokenStore::new(&path)
        .save(&tokens("a", "r", 60))
        .await
        .unwrap();

    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[tokio::test]
async fn a_corrupt_file_is_reported_without_its_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    std::fs::write(
        &path,
        br#"{"access_token": 42, "refresh_token": "refresh-SECRET-42"}"#,
    )
    .unwrap();

    let error = FileTokenStore::new(&path).load().await.unwrap_err();

    assert!(matches!(error, TokenStoreError::Corrupt { .. }), "{error}");
    let text = format!("{error} {error:?}");
    assert!(text.contains("tokens.json"), "{text}");
    assert!(text.contains("authorize again"), "{text}");
    assert!(!text.contains("refresh-SECRET-42"), "{text}");
}

#[tokio::test]
async fn saving_into_a_missing_directory_fails_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("tokens.json");

    let error = FileTokenStore::new(&path)
        .save(&tokens("a", "r", 60))
        .await
        .unwrap_err();

    assert!(matches!(error, TokenStoreError::Write { .. }), "{error}");
    assert!(error.to_string().contains("missing"), "{error}");
}

#[tokio::test]
async fn the_memory_store_returns_what_was_saved() {
    let store = MemoryTokenStore::default();
    store
        .save(&OAuthTokens::new("a".into(), "r".into()))
        .await
        .unwrap();
    let loaded = store.load().await.unwrap().unwrap();
    assert_eq!(loaded.refresh_token().expose_secret(), "r");
}

#[tokio::test]
async fn a_rotated_refresh_token_reaches_the_file() {
    let server = MockServer::start_async().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    let store = Arc::new(FileTokenStore::new(&path));
    store
        .save(&tokens("access-A", "refresh-1", -10))
        .await
        .unwrap();
    let config = egnyte_config(&server, store.clone(), TestClock::new());
    let auth = EgnyteAuth::new(&config, config.build_http_client().unwrap());
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .form_urlencoded_tuple("refresh_token", "refresh-1");
            then.status(200).json_body(serde_json::json!({
                "access_token": "access-B", "refresh_token": "refresh-2", "expires_in": 3600
            }));
        })
        .await;

    let token = auth.access_token().await.unwrap();

    assert_eq!(token.expose_secret(), "access-B");
    refresh.assert_calls_async(1).await;
    let reloaded = FileTokenStore::new(&path).load().await.unwrap().unwrap();
    assert_eq!(reloaded.refresh_token().expose_secret(), "refresh-2");
    assert_eq!(reloaded.access_token().expose_secret(), "access-B");
}

/// A store whose saves fail until told otherwise.
#[derive(Debug)]
struct FlakyStore {
    inner: MemoryTokenStore,
    fail: std::sync::atomic::AtomicBool,
}

impl TokenStore for FlakyStore {
    fn load(&self) -> secops_sdk::BoxFuture<'_, Result<Option<OAuthTokens>, TokenStoreError>> {
        self.inner.load()
    }

    fn save<'a>(
        &'a self,
        tokens: &'a OAuthTokens,
    ) -> secops_sdk::BoxFuture<'a, Result<(), TokenStoreError>> {
        if self.fail.load(std::sync::atomic::Ordering::SeqCst) {
            return Box::pin(async { Err(TokenStoreError::Other("disk full".into())) });
        }
        self.inner.save(tokens)
    }
}

#[tokio::test]
async fn tokens_that_could_not_be_saved_are_not_used_until_saved() {
    let server = MockServer::start_async().await;
    let store = Arc::new(FlakyStore {
        inner: MemoryTokenStore::new(Some(tokens("access-A", "refresh-1", -10))),
        fail: true.into(),
    });
    let config = egnyte_config(&server, store.clone(), TestClock::new());
    let auth = EgnyteAuth::new(&config, config.build_http_client().unwrap());
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(200).json_body(serde_json::json!({
                "access_token": "access-B", "refresh_token": "refresh-2", "expires_in": 3600
            }));
        })
        .await;

    let error = auth.access_token().await.unwrap_err();
    assert!(error.to_string().contains("disk full"), "{error}");
    let error = auth.access_token().await.unwrap_err();
    assert!(error.to_string().contains("disk full"), "{error}");
    store.fail.store(false, std::sync::atomic::Ordering::SeqCst);
    let token = auth.access_token().await.unwrap();

    assert_eq!(token.expose_secret(), "access-B");
    refresh.assert_calls_async(1).await;
    let stored = store.load().await.unwrap().unwrap();
    assert_eq!(stored.refresh_token().expose_secret(), "refresh-2");
}
