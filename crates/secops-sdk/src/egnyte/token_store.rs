//! [`TokenStore`]: where Egnyte tokens are kept between runs.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use secops_runtime::BoxFuture;

use super::OAuthTokens;
use crate::core::atomic_file::replace_file;

/// Why a token store could not load or save. Never contains a token.
///
/// ```
/// use secops_sdk::auth::TokenStoreError;
///
/// let error = TokenStoreError::Other("vault sealed".into());
/// assert!(error.to_string().contains("vault sealed"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenStoreError {
    /// The token file exists but could not be read.
    #[error("could not read the token file {path}: {source}; check its permissions")]
    Read {
        /// The token file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The token file could not be written.
    #[error(
        "could not save tokens to {path}: {source}; the directory must exist and be writable \
         (tokens renewed since are kept in memory and saved on the next request)"
    )]
    Write {
        /// The token file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The token file does not hold tokens in the expected JSON shape.
    #[error(
        "the token file {path} is not a valid token file ({problem}); delete it and \
         authorize again"
    )]
    Corrupt {
        /// The token file.
        path: PathBuf,
        /// What is wrong, without the file's content.
        problem: String,
    },
    /// A failure in a custom store.
    #[error("token store failed: {0}")]
    Other(String),
}

/// Keeps Egnyte tokens between requests and between runs.
///
/// The SDK calls [`save`](TokenStore::save) after every code exchange and refresh, **before**
/// the new access token is used, so a refresh token the server rotated is never lost. It never
/// deletes tokens; a failed refresh leaves the store as it was.
///
/// ```
/// use secops_sdk::auth::egnyte::OAuthTokens;
/// use secops_sdk::auth::{TokenStore, TokenStoreError};
/// use secops_sdk::BoxFuture;
/// use std::sync::Mutex;
///
/// /// A store that keeps tokens in a mutex (like `MemoryTokenStore`).
/// #[derive(Debug, Default)]
/// struct MyStore(Mutex<Option<OAuthTokens>>);
///
/// impl TokenStore for MyStore {
///     fn load(&self) -> BoxFuture<'_, Result<Option<OAuthTokens>, TokenStoreError>> {
///         let tokens = self.0.lock().unwrap().clone();
///         Box::pin(async move { Ok(tokens) })
///     }
///
///     fn save<'a>(&'a self, tokens: &'a OAuthTokens) -> BoxFuture<'a, Result<(), TokenStoreError>> {
///         *self.0.lock().unwrap() = Some(tokens.clone());
///         Box::pin(async { Ok(()) })
///     }
/// }
/// ```
pub trait TokenStore: Send + Sync + fmt::Debug + 'static {
    /// The stored tokens, or `None` if none were saved yet.
    fn load(&self) -> BoxFuture<'_, Result<Option<OAuthTokens>, TokenStoreError>>;

    /// Replaces the stored tokens. Must not return before the tokens are durable.
    fn save<'a>(&'a self, tokens: &'a OAuthTokens) -> BoxFuture<'a, Result<(), TokenStoreError>>;
}

/// Tokens kept in memory only: they are lost when the process ends.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use secops_sdk::auth::egnyte::OAuthTokens;
/// use secops_sdk::auth::{MemoryTokenStore, TokenStore};
///
/// let store = MemoryTokenStore::new(Some(OAuthTokens::new("a".into(), "r".into())));
/// assert!(store.load().await.unwrap().is_some());
/// assert!(MemoryTokenStore::default().load().await.unwrap().is_none());
/// # }
/// ```
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    tokens: Mutex<Option<OAuthTokens>>,
}

impl MemoryTokenStore {
    /// A store holding `tokens` (or nothing).
    pub fn new(tokens: Option<OAuthTokens>) -> Self {
        Self {
            tokens: Mutex::new(tokens),
        }
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<OAuthTokens>> {
        // A panic while holding this lock cannot leave the Option half-written.
        self.tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<OAuthTokens>, TokenStoreError>> {
        let tokens = self.slot().clone();
        Box::pin(async move { Ok(tokens) })
    }

    fn save<'a>(&'a self, tokens: &'a OAuthTokens) -> BoxFuture<'a, Result<(), TokenStoreError>> {
        *self.slot() = Some(tokens.clone());
        Box::pin(async { Ok(()) })
    }
}

/// Tokens kept in a JSON file readable only by its owner.
///
/// Saving writes a temporary file in the same directory (mode 0600 on Unix), flushes it to
/// disk, renames it over the token file, then flushes the directory (best effort), so the file
/// always holds either the old or the new tokens, never a mix.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use secops_sdk::auth::egnyte::OAuthTokens;
/// use secops_sdk::auth::{FileTokenStore, TokenStore};
///
/// let dir = std::env::temp_dir().join(format!("secops-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let store = FileTokenStore::new(dir.join("egnyte-tokens.json"));
/// store.save(&OAuthTokens::new("a".into(), "r".into())).await.unwrap();
/// assert!(store.load().await.unwrap().is_some());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct FileTokenStore {
    path: PathBuf,
}

impl FileTokenStore {
    /// A store in the file at `path` (created on first save; its directory must exist).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The token file.
    ///
    /// ```
    /// use secops_sdk::auth::FileTokenStore;
    /// assert_eq!(FileTokenStore::new("/tmp/t.json").path(), std::path::Path::new("/tmp/t.json"));
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl TokenStore for FileTokenStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<OAuthTokens>, TokenStoreError>> {
        let path = self.path.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || read_token_file(&path))
                .await
                .map_err(|join| {
                    TokenStoreError::Other(format!("token file reader stopped: {join}"))
                })?
        })
    }

    fn save<'a>(&'a self, tokens: &'a OAuthTokens) -> BoxFuture<'a, Result<(), TokenStoreError>> {
        let path = self.path.clone();
        let tokens = tokens.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || write_token_file(&path, &tokens))
                .await
                .map_err(|join| {
                    TokenStoreError::Other(format!("token file writer stopped: {join}"))
                })?
        })
    }
}

fn read_token_file(path: &Path) -> Result<Option<OAuthTokens>, TokenStoreError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(TokenStoreError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|error| TokenStoreError::Corrupt {
            path: path.to_owned(),
            // serde_json's message can quote the offending value; say only where and what kind.
            problem: format!(
                "{:?} error at line {}, column {}",
                error.classify(),
                error.line(),
                error.column()
            ),
        })
}

fn write_token_file(path: &Path, tokens: &OAuthTokens) -> Result<(), TokenStoreError> {
    let write_error = |source| TokenStoreError::Write {
        path: path.to_owned(),
        source,
    };
    let json = serde_json::to_vec_pretty(tokens).map_err(|error| write_error(error.into()))?;
    replace_file(path, &json).map_err(write_error)
}
