//! [`EgnyteAuth`]: Egnyte access tokens in the core's [`TokenCache`], renewed through the
//! [`OAuthClient`] and kept in a [`TokenStore`].

use std::sync::Arc;

use secops_runtime::BoxFuture;
use secrecy::SecretString;

use super::{AuthorizeUrl, EgnyteConfig, OAuthClient, OAuthTokens, Region, TokenStore};
use crate::core::auth::{Credentials, TokenCache, TokenSource};
use crate::errors::AuthError;

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
    cache: TokenCache<EgnyteTokens>,
    region: Region,
    client_id: String,
    redirect_uri: String,
}

/// Where Egnyte tokens come from (the token endpoint) and where they are kept (the store).
#[derive(Debug)]
struct EgnyteTokens {
    oauth: OAuthClient,
    store: Arc<dyn TokenStore>,
}

impl EgnyteAuth {
    /// Tokens for `config` (its region, client, token store and clock), sent with `http`.
    pub fn new(config: &EgnyteConfig, http: reqwest::Client) -> Self {
        let source = EgnyteTokens {
            oauth: OAuthClient::new(config, http),
            store: config.token_store().clone(),
        };
        Self {
            cache: TokenCache::new(source, config.clock().clone(), config.refresh_skew()),
            region: config.region().clone(),
            client_id: config.client_id().to_owned(),
            redirect_uri: config.redirect_uri().to_owned(),
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
        let oauth = &self.cache.source().oauth;
        self.cache.replace_with(oauth.exchange_code(code)).await
    }

    /// A valid access token, refreshing it first if it expires within the refresh skew.
    pub async fn access_token(&self) -> Result<SecretString, AuthError> {
        self.cache.token().await
    }
}

impl TokenSource for EgnyteTokens {
    type Token = OAuthTokens;

    fn vendor(&self) -> &'static str {
        "egnyte"
    }

    fn load(&self) -> BoxFuture<'_, Result<Option<OAuthTokens>, AuthError>> {
        Box::pin(async move { Ok(self.store.load().await?) })
    }

    /// Refreshes with the current refresh token; without tokens, a person must authorize.
    fn renew<'a>(
        &'a self,
        current: Option<&'a OAuthTokens>,
    ) -> BoxFuture<'a, Result<OAuthTokens, AuthError>> {
        Box::pin(async move {
            let current = current.ok_or(AuthError::NotAuthorized)?;
            self.oauth.refresh(current.refresh_token()).await
        })
    }

    fn save<'a>(&'a self, tokens: &'a OAuthTokens) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move { Ok(self.store.save(tokens).await?) })
    }
}

impl Credentials for EgnyteAuth {
    fn bearer_token(
        &self,
        operation_id: &'static str,
    ) -> BoxFuture<'_, Result<SecretString, AuthError>> {
        self.cache.bearer_token(operation_id)
    }

    fn renew_after_rejection<'a>(
        &'a self,
        operation_id: &'static str,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<SecretString, AuthError>> {
        self.cache.renew_after_rejection(operation_id, rejected)
    }
}
