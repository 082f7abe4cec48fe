//! [`TokenCache`]: one token in memory, renewed before expiry and after a 401, single flight.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use secops_runtime::BoxFuture;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;

use super::Credentials;
use crate::core::clock::Clock;
use crate::errors::AuthError;

/// A token as a [`TokenCache`] keeps it: what to send, and until when.
pub trait CachedToken: Clone + fmt::Debug + Send + Sync + 'static {
    /// The value sent as `Authorization: Bearer ...`.
    fn bearer(&self) -> &SecretString;

    /// Whether the token is still usable at `now` with `skew` to spare.
    fn is_fresh(&self, now: SystemTime, skew: Duration) -> bool;

    /// Every secret the token holds (the bearer value, and a refresh token if any), masked in
    /// error excerpts.
    fn secrets(&self) -> Vec<SecretString> {
        vec![self.bearer().clone()]
    }
}

/// Where a vendor's tokens come from and where they are kept: what a [`TokenCache`] needs to
/// know about a vendor.
pub trait TokenSource: fmt::Debug + Send + Sync + 'static {
    /// The token this source produces.
    type Token: CachedToken;

    /// The vendor's name in traces (`egnyte`, `lacework`).
    fn vendor(&self) -> &'static str;

    /// The token kept from an earlier run, if any (for example in a token store). Called while
    /// the cache holds no token.
    fn load(&self) -> BoxFuture<'_, Result<Option<Self::Token>, AuthError>>;

    /// A new token replacing `current` (`None`: there is none yet). On failure the cache keeps
    /// `current`.
    fn renew<'a>(
        &'a self,
        current: Option<&'a Self::Token>,
    ) -> BoxFuture<'a, Result<Self::Token, AuthError>>;

    /// Keeps `token` (for example in a token store) before anyone uses it.
    fn save<'a>(&'a self, token: &'a Self::Token) -> BoxFuture<'a, Result<(), AuthError>>;
}

/// A vendor's current token for every request: loaded from its [`TokenSource`], renewed
/// shortly before it expires and once after a 401.
///
/// All callers share one lock, so when the token has expired, concurrent requests wait for a
/// single renewal and then use its result. A new token is saved through the source before
/// anyone uses it; if the save fails the token is kept in memory, not handed out, and saved
/// again on the next request. A renewal that fails leaves the current token in place.
pub struct TokenCache<S: TokenSource> {
    source: S,
    clock: Arc<dyn Clock>,
    refresh_skew: Duration,
    state: Mutex<State<S::Token>>,
    /// The secrets of the current and the previous token, readable without the lock.
    known_secrets: std::sync::Mutex<Vec<SecretString>>,
}

/// What the lock protects.
struct State<T> {
    /// The current token; `None` until loaded or obtained.
    token: Option<T>,
    /// The token was renewed but could not be saved: save before using it.
    unsaved: bool,
}

impl<S: TokenSource> fmt::Debug for TokenCache<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("source", &self.source)
            .field("refresh_skew", &self.refresh_skew)
            .finish_non_exhaustive()
    }
}

impl<S: TokenSource> TokenCache<S> {
    /// A cache over `source`, renewing `refresh_skew` before expiry by `clock`.
    pub fn new(source: S, clock: Arc<dyn Clock>, refresh_skew: Duration) -> Self {
        Self {
            source,
            clock,
            refresh_skew,
            state: Mutex::new(State {
                token: None,
                unsaved: false,
            }),
            known_secrets: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Replaces the secrets of the current and previous token in `text` with `[REDACTED]`.
    pub fn redact(&self, text: &mut String) {
        let known = self
            .known_secrets
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        super::redact_secrets(text, known.iter());
    }

    /// Remembers the secrets of `token` (and keeps the previous token's).
    fn remember(&self, token: &S::Token) {
        let mut known = self
            .known_secrets
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let fresh = token.secrets();
        let keep = known.len().min(2);
        let previous: Vec<SecretString> = known.drain(..).take(keep).collect();
        known.extend(fresh);
        known.extend(previous);
    }

    /// The token source.
    pub fn source(&self) -> &S {
        &self.source
    }

    /// A valid token, renewed first if there is none or it expires within the refresh skew.
    pub async fn token(&self) -> Result<SecretString, AuthError> {
        let mut state = self.state.lock().await;
        self.prepare(&mut state).await?;
        let fresh = state
            .token
            .as_ref()
            .is_some_and(|token| token.is_fresh(self.clock.now(), self.refresh_skew));
        if !fresh {
            self.renew(&mut state).await?;
        }
        current(&state)
    }

    /// Renews after the server refused `rejected`; if another request already renewed,
    /// returns that token instead of renewing again.
    pub async fn renew_rejected(&self, rejected: &SecretString) -> Result<SecretString, AuthError> {
        let mut state = self.state.lock().await;
        self.prepare(&mut state).await?;
        let already_renewed = state.token.as_ref().is_some_and(|token| {
            token.bearer().expose_secret() != rejected.expose_secret()
                && token.is_fresh(self.clock.now(), self.refresh_skew)
        });
        if !already_renewed {
            self.renew(&mut state).await?;
        }
        current(&state)
    }

    /// Replaces the token with the one `obtain` produces (for example a code exchange), under
    /// the lock so no renewal runs meanwhile; the new token is saved before it is used.
    pub async fn replace_with<F>(&self, obtain: F) -> Result<(), AuthError>
    where
        F: Future<Output = Result<S::Token, AuthError>>,
    {
        let mut state = self.state.lock().await;
        let token = obtain.await?;
        self.adopt(&mut state, token).await
    }

    /// Loads the kept token if the cache has none, and saves a token the source refused
    /// earlier, so an unsaved token is never used.
    async fn prepare(&self, state: &mut State<S::Token>) -> Result<(), AuthError> {
        if state.token.is_none() {
            state.token = self.source.load().await?;
            if let Some(token) = &state.token {
                self.remember(token);
            }
        }
        if state.unsaved {
            if let Some(token) = &state.token {
                self.source.save(token).await?;
            }
            state.unsaved = false;
        }
        Ok(())
    }

    /// Renews the token. On failure the cache and the source keep the old one.
    async fn renew(&self, state: &mut State<S::Token>) -> Result<(), AuthError> {
        let vendor = self.source.vendor();
        tracing::debug!(vendor, "renewing the token");
        let renewed = match self.source.renew(state.token.as_ref()).await {
            Ok(renewed) => renewed,
            Err(error) => {
                tracing::warn!(vendor, error = %error, "token renewal failed");
                return Err(error);
            }
        };
        self.adopt(state, renewed).await
    }

    /// Saves `token`, then makes it current. If the save fails the token is kept in memory,
    /// marked unsaved, and not handed out until a later save succeeds: the old token may
    /// already be void.
    async fn adopt(&self, state: &mut State<S::Token>, token: S::Token) -> Result<(), AuthError> {
        let saved = self.source.save(&token).await;
        self.remember(&token);
        state.token = Some(token);
        state.unsaved = saved.is_err();
        saved
    }
}

fn current<T: CachedToken>(state: &State<T>) -> Result<SecretString, AuthError> {
    state
        .token
        .as_ref()
        .map(|token| token.bearer().clone())
        .ok_or(AuthError::CannotRenew)
}

impl<S: TokenSource> Credentials for TokenCache<S> {
    fn bearer_token(
        &self,
        _operation_id: &'static str,
    ) -> BoxFuture<'_, Result<SecretString, AuthError>> {
        Box::pin(self.token())
    }

    fn renew_after_rejection<'a>(
        &'a self,
        _operation_id: &'static str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<SecretString, AuthError>> {
        Box::pin(self.renew_rejected(rejected))
    }

    fn redact(&self, text: &mut String) {
        TokenCache::redact(self, text);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;
    use crate::core::clock::SystemClock;

    #[derive(Clone, Debug)]
    struct Numbered(SecretString);

    impl CachedToken for Numbered {
        fn bearer(&self) -> &SecretString {
            &self.0
        }
        fn is_fresh(&self, _now: SystemTime, _skew: Duration) -> bool {
            true
        }
    }

    /// Hands out `t1`, `t2`, ... and refuses to save while `refuse_saves` is set.
    #[derive(Debug, Default)]
    struct Counter {
        renewals: AtomicU32,
        refuse_saves: std::sync::atomic::AtomicBool,
    }

    impl TokenSource for Counter {
        type Token = Numbered;
        fn vendor(&self) -> &'static str {
            "test"
        }
        fn load(&self) -> BoxFuture<'_, Result<Option<Numbered>, AuthError>> {
            Box::pin(async { Ok(None) })
        }
        fn renew<'a>(
            &'a self,
            _current: Option<&'a Numbered>,
        ) -> BoxFuture<'a, Result<Numbered, AuthError>> {
            let n = self.renewals.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(async move { Ok(Numbered(format!("t{n}").into())) })
        }
        fn save<'a>(&'a self, _token: &'a Numbered) -> BoxFuture<'a, Result<(), AuthError>> {
            let refuse = self.refuse_saves.load(Ordering::SeqCst);
            Box::pin(async move {
                if refuse {
                    Err(AuthError::CannotRenew)
                } else {
                    Ok(())
                }
            })
        }
    }

    fn cache() -> TokenCache<Counter> {
        TokenCache::new(Counter::default(), Arc::new(SystemClock), Duration::ZERO)
    }

    #[tokio::test]
    async fn a_rejected_token_is_renewed_once_for_concurrent_callers() {
        let cache = cache();
        let first = cache.token().await.unwrap();
        assert_eq!(first.expose_secret(), "t1");
        let (a, b) = tokio::join!(cache.renew_rejected(&first), cache.renew_rejected(&first));
        assert_eq!(a.unwrap().expose_secret(), "t2");
        assert_eq!(b.unwrap().expose_secret(), "t2");
        assert_eq!(cache.source().renewals.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn an_unsaved_token_is_not_handed_out_until_it_is_saved() {
        let cache = cache();
        cache.source().refuse_saves.store(true, Ordering::SeqCst);
        assert!(cache.token().await.is_err());
        assert!(cache.token().await.is_err());
        cache.source().refuse_saves.store(false, Ordering::SeqCst);
        assert_eq!(cache.token().await.unwrap().expose_secret(), "t1");
        assert_eq!(cache.source().renewals.load(Ordering::SeqCst), 1);
    }
}
