//! [`EgnyteAuth`]: the Egnyte token cache (single flight) over an [`OAuthClient`] and a
//! [`TokenStore`].

use std::sync::Arc;
use std::time::Duration;

use secops_transport::BoxFuture;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;

use super::{AuthorizeUrl, OAuthClient, OAuthTokens, Region};
use crate::auth::{AuthError, Credentials, TokenStore};
use crate::clock::Clock;
use crate::config::EgnyteConfig;

/// Egnyte access tokens for every request: loaded from the [`TokenStore`], refreshed shortly
/// before expiry and once after a 401.
///
/// All callers share one lock, so when the token has expired, concurrent requests wait for a
/// single refresh and then use its result. New tokens are saved to the store before anyone
/// uses them; a refresh that fails leaves the store untouched.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use secops_sdk::auth::egnyte::{EgnyteAuth, Scope};
/// use secops_sdk::config::EgnyteConfig;
///
/// let auth = EgnyteAuth::new(&EgnyteConfig::from_env()?, reqwest::Client::new());
/// let state = secops_sdk::auth::egnyte::AuthorizeUrl::random_state();
/// println!("open {}", auth.authorize_url().scope(Scope::IssuesRead).state(&state).build());
/// // ... the browser comes back to the redirect URI with ?code=...&state=...
/// auth.exchange_code("code-from-redirect").await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct EgnyteAuth {
    oauth: OAuthClient,
    store: Arc<dyn TokenStore>,
    clock: Arc<dyn Clock>,
    refresh_skew: Duration,
    region: Region,
    client_id: String,
    redirect_uri: String,
    cache: Mutex<Cache>,
}

/// What the lock protects.
#[derive(Debug, Default)]
struct Cache {
    /// The current tokens; `None` until loaded from the store or obtained from a code.
    tokens: Option<OAuthTokens>,
    /// The tokens were renewed but the store refused them: save before using them.
    unsaved: bool,
}

impl EgnyteAuth {
    /// Tokens for `config` (its region, client, token store and clock), sent with `http`.
    pub fn new(config: &EgnyteConfig, http: reqwest::Client) -> Self {
        Self {
            oauth: OAuthClient::new(config, http),
            store: config.token_store().clone(),
            clock: config.clock().clone(),
            refresh_skew: config.refresh_skew(),
            region: config.region().clone(),
            client_id: config.client_id().to_owned(),
            redirect_uri: config.redirect_uri().to_owned(),
            cache: Mutex::new(Cache::default()),
        }
    }

    /// The authorization page URL for this client, to which you add scopes and a state.
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::{EgnyteAuth, Region, Scope};
    /// use secops_sdk::config::EgnyteConfig;
    ///
    /// let config = EgnyteConfig::builder()
    ///     .region(Region::Usc1)
    ///     .client_id("my-client")
    ///     .client_secret("secret")
    ///     .redirect_uri("https://app.example/cb")
    ///     .build()
    ///     .unwrap();
    /// let auth = EgnyteAuth::new(&config, reqwest::Client::new());
    /// let url = auth.authorize_url().scopes(Scope::ALL).state("s").build();
    /// assert!(url.as_str().starts_with("https://usc1-api.egnyteprotect.com/oauth2/code?client_id=my-client"));
    /// ```
    pub fn authorize_url(&self) -> AuthorizeUrl {
        AuthorizeUrl::new(&self.region, &self.client_id, &self.redirect_uri)
    }

    /// Exchanges the code from the redirect for tokens and saves them in the store.
    ///
    /// Check the `state` parameter of the redirect yourself before calling this.
    pub async fn exchange_code(&self, code: &str) -> Result<(), AuthError> {
        let mut cache = self.cache.lock().await;
        let tokens = self.oauth.exchange_code(code).await?;
        self.adopt(&mut cache, tokens).await
    }

    /// A valid access token, refreshing it first if it expires within the refresh skew.
    pub async fn access_token(&self) -> Result<SecretString, AuthError> {
        let mut cache = self.cache.lock().await;
        self.ensure_loaded(&mut cache).await?;
        self.ensure_saved(&mut cache).await?;
        let fresh = cache
            .tokens
            .as_ref()
            .is_some_and(|tokens| tokens.is_fresh(self.clock.now(), self.refresh_skew));
        if !fresh {
            self.refresh(&mut cache).await?;
        }
        current_access(&cache)
    }

    /// Renews after the server refused `rejected`; if another request already renewed, returns
    /// that token instead of refreshing again.
    async fn renew_rejected(&self, rejected: &SecretString) -> Result<SecretString, AuthError> {
        let mut cache = self.cache.lock().await;
        self.ensure_loaded(&mut cache).await?;
        self.ensure_saved(&mut cache).await?;
        let already_renewed = cache.tokens.as_ref().is_some_and(|tokens| {
            tokens.access_token().expose_secret() != rejected.expose_secret()
                && tokens.is_fresh(self.clock.now(), self.refresh_skew)
        });
        if !already_renewed {
            self.refresh(&mut cache).await?;
        }
        current_access(&cache)
    }

    async fn ensure_loaded(&self, cache: &mut Cache) -> Result<(), AuthError> {
        if cache.tokens.is_none() {
            cache.tokens = self.store.load().await?;
        }
        if cache.tokens.is_none() {
            return Err(AuthError::NotAuthorized);
        }
        Ok(())
    }

    /// Retries a save the store refused earlier, so unsaved tokens are never used.
    async fn ensure_saved(&self, cache: &mut Cache) -> Result<(), AuthError> {
        if cache.unsaved {
            if let Some(tokens) = &cache.tokens {
                self.store.save(tokens).await?;
            }
            cache.unsaved = false;
        }
        Ok(())
    }

    /// Refreshes with the current refresh token. On failure the cache and the store keep the
    /// old tokens.
    async fn refresh(&self, cache: &mut Cache) -> Result<(), AuthError> {
        let Some(current) = &cache.tokens else {
            return Err(AuthError::NotAuthorized);
        };
        let refresh_token = current.refresh_token().clone();
        tracing::debug!(vendor = "egnyte", "refreshing the access token");
        let renewed = match self.oauth.refresh(&refresh_token).await {
            Ok(renewed) => renewed,
            Err(error) => {
                tracing::warn!(vendor = "egnyte", error = %error, "token refresh failed");
                return Err(error);
            }
        };
        self.adopt(cache, renewed).await
    }

    /// Saves `tokens`, then makes them current. If the save fails the tokens are kept in
    /// memory, marked unsaved, and not handed out until a later save succeeds: the old refresh
    /// token may already be void.
    async fn adopt(&self, cache: &mut Cache, tokens: OAuthTokens) -> Result<(), AuthError> {
        let saved = self.store.save(&tokens).await;
        cache.tokens = Some(tokens);
        cache.unsaved = saved.is_err();
        saved.map_err(AuthError::from)
    }
}

fn current_access(cache: &Cache) -> Result<SecretString, AuthError> {
    cache
        .tokens
        .as_ref()
        .map(|tokens| tokens.access_token().clone())
        .ok_or(AuthError::NotAuthorized)
}

impl Credentials for EgnyteAuth {
    fn bearer_token(
        &self,
        _operation_id: &'static str,
    ) -> BoxFuture<'_, Result<SecretString, AuthError>> {
        Box::pin(self.access_token())
    }

    fn renew_after_rejection<'a>(
        &'a self,
        _operation_id: &'static str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<SecretString, AuthError>> {
        Box::pin(self.renew_rejected(rejected))
    }
}
