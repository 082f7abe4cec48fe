//! [`EgnyteAuth`]: Egnyte access tokens in the core's [`TokenCache`], renewed through the
//! [`OAuthClient`] and kept in a [`TokenStore`].

use std::sync::Arc;

use secops_runtime::BoxFuture;
use secrecy::{ExposeSecret, SecretString};

use super::redirect::read_redirect;
use super::{
    AuthorizeUrl, EgnyteConfig, OAuthClient, OAuthTokens, PkceVerifier, Region, TokenStore,
};
use crate::core::auth::{Credentials, TokenCache, TokenSource};
use crate::errors::AuthError;

/// Egnyte access tokens for every request: loaded from the [`TokenStore`], refreshed shortly
/// before expiry and once after a 401.
///
/// All callers share one lock, so when the token has expired, concurrent requests wait for a
/// single refresh and then use its result. New tokens are saved to the store before anyone
/// uses them; a refresh that fails leaves the store untouched. Token requests follow no
/// redirect, are retried as [`OAuthClient`] describes, and their errors never show a secret.
///
/// Sign-in, once per user: send them to [`authorize_url`](Self::authorize_url) (with a
/// redirect URI configured, or in no-redirect mode without one: see
/// [`AuthorizeUrl`]), then pass what comes back to
/// [`exchange_redirect`](Self::exchange_redirect), which checks the `state` and exchanges the
/// code.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use secops_sdk::auth::egnyte::{AuthorizeUrl, EgnyteAuth, Scope};
/// use secops_sdk::config::EgnyteConfig;
///
/// let config = EgnyteConfig::from_env()?;
/// let auth = EgnyteAuth::new(&config, config.build_http_client()?);
/// let state = AuthorizeUrl::random_state();
/// let (url, verifier) = auth.authorize_url().scope(Scope::IssuesRead).state(&state).build_with_pkce();
/// println!("open {url}");
/// // ... the browser comes back to https://app.example/cb?code=...&state=...
/// let redirect = "https://app.example/cb?code=...&state=...";
/// auth.exchange_redirect_with_verifier(redirect, &state, &verifier).await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct EgnyteAuth {
    cache: TokenCache<EgnyteTokens>,
    region: Region,
    client_id: String,
    /// `None`: no-redirect mode.
    redirect_uri: Option<String>,
}

/// Where Egnyte tokens come from (the token endpoint) and where they are kept (the store).
#[derive(Debug)]
struct EgnyteTokens {
    oauth: OAuthClient,
    store: Arc<dyn TokenStore>,
}

impl EgnyteAuth {
    /// Tokens for `config` (its region, client, redirect URI or no-redirect mode, token store,
    /// retry policy and clock).
    ///
    /// Token requests go through a client built from `config` that follows no redirect;
    /// `http` is not used for them (see [`OAuthClient::new`]).
    pub fn new(config: &EgnyteConfig, http: reqwest::Client) -> Self {
        let source = EgnyteTokens {
            oauth: OAuthClient::new(config, http),
            store: config.token_store().clone(),
        };
        Self {
            cache: TokenCache::new(source, config.clock().clone(), config.refresh_skew()),
            region: config.region().clone(),
            client_id: config.client_id().to_owned(),
            redirect_uri: config.redirect_uri().map(str::to_owned),
        }
    }

    /// The authorization page URL for this client, to which you add scopes and a state: with
    /// the configured redirect URI, or in no-redirect mode (`no_redirect=true`) when none is
    /// configured (see [`AuthorizeUrl`]).
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
    /// let auth = EgnyteAuth::new(&config, secops_sdk::secops_runtime::tls::client_builder().build().expect("a client"));
    /// let url = auth.authorize_url().scopes(Scope::ALL).state("s").build();
    /// assert!(url.as_str().starts_with("https://usc1-api.egnyteprotect.com/oauth2/code?client_id=my-client"));
    /// ```
    pub fn authorize_url(&self) -> AuthorizeUrl {
        AuthorizeUrl::with_redirect_uri(
            &self.region,
            self.client_id.clone(),
            self.redirect_uri.clone(),
        )
    }

    /// Exchanges an authorization code for tokens and saves them in the store.
    ///
    /// Check the `state` that came with the code yourself before calling this, or use
    /// [`exchange_redirect`](Self::exchange_redirect), which does. In no-redirect mode, this
    /// is the call for the bare code the user copied from Egnyte's page.
    pub async fn exchange_code(&self, code: &str) -> Result<(), AuthError> {
        let oauth = &self.cache.source().oauth;
        self.cache.replace_with(oauth.exchange_code(code)).await
    }

    /// [`exchange_code`](Self::exchange_code) for an authorization started with
    /// [`AuthorizeUrl::build_with_pkce`]: also sends the PKCE `code_verifier`.
    pub async fn exchange_code_with_verifier(
        &self,
        code: &str,
        verifier: &PkceVerifier,
    ) -> Result<(), AuthError> {
        let oauth = &self.cache.source().oauth;
        self.cache
            .replace_with(oauth.exchange_code_with_verifier(code, verifier))
            .await
    }

    /// Reads the URL the browser came back to (`https://app.example/cb?code=...&state=...`,
    /// or just its query), checks that its `state` is `expected_state` (compared in constant
    /// time), and exchanges its code for tokens, which are saved in the store.
    ///
    /// Nothing is sent when the redirect carries an `error` ([`AuthError::AuthorizationDenied`],
    /// e.g. `access_denied` when the user declined), has no code or no state, or an empty
    /// `expected_state` is given ([`AuthError::InvalidRedirect`]), or the state differs
    /// ([`AuthError::StateMismatch`]). No error shows the code.
    ///
    /// ```no_run
    /// # async fn run(auth: &secops_sdk::auth::egnyte::EgnyteAuth, state: &str) -> Result<(), secops_sdk::auth::AuthError> {
    /// use secops_sdk::auth::AuthError;
    ///
    /// match auth.exchange_redirect("https://app.example/cb?error=access_denied&state=s", state).await {
    ///     Err(AuthError::AuthorizationDenied { error, .. }) => println!("not authorized: {error}"),
    ///     other => other?,
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn exchange_redirect(
        &self,
        redirect_url: &str,
        expected_state: &str,
    ) -> Result<(), AuthError> {
        let code = read_redirect(redirect_url, expected_state)?;
        self.exchange_code(code.0.expose_secret()).await
    }

    /// [`exchange_redirect`](Self::exchange_redirect) for an authorization started with
    /// [`AuthorizeUrl::build_with_pkce`]: also sends the PKCE `code_verifier`.
    pub async fn exchange_redirect_with_verifier(
        &self,
        redirect_url: &str,
        expected_state: &str,
        verifier: &PkceVerifier,
    ) -> Result<(), AuthError> {
        let code = read_redirect(redirect_url, expected_state)?;
        self.exchange_code_with_verifier(code.0.expose_secret(), verifier)
            .await
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

    /// Masks the current and previous access and refresh tokens and the client secret.
    fn redact(&self, text: &mut String) {
        self.cache.redact(text);
        self.cache.source().oauth.redact(text);
    }
}
