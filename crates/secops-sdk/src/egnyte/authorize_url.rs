//! [`AuthorizeUrl`]: the browser URL that starts the authorization code flow.

use url::Url;

use super::{PkceVerifier, Region, Scope};

/// Builds the URL of Egnyte's authorization page, in one of two modes.
///
/// **With a redirect URI** ([`AuthorizeUrl::new`]) — for web applications and programs that
/// can receive the browser on a registered URL:
/// `<base>/oauth2/code?client_id=...&redirect_uri=...&response_type=code&scope=...&state=...`.
/// Egnyte sends the browser to the redirect URI with `?code=...&state=...`; pass that whole URL
/// to [`EgnyteAuth::exchange_redirect`](super::EgnyteAuth::exchange_redirect).
///
/// **No-redirect mode** ([`AuthorizeUrl::no_redirect`]) — for headless and command-line
/// programs with nowhere to receive a browser, as Egnyte's own Splunk add-on signs in:
/// `<base>/oauth2/code?client_id=...&no_redirect=true&response_type=code&...` with no
/// `redirect_uri`. The user opens the URL, signs in, and copies the code from Egnyte's page
/// instead of being redirected (the add-on asks for that code in its account form); the token
/// requests carry `no_redirect=true` and no `redirect_uri` as well. Pass what the user
/// pasted: the code itself to [`EgnyteAuth::exchange_code`](super::EgnyteAuth::exchange_code),
/// or the URL (or query) with `code` and `state` to
/// [`EgnyteAuth::exchange_redirect`](super::EgnyteAuth::exchange_redirect).
/// [`EgnyteAuth::authorize_url`](super::EgnyteAuth::authorize_url) picks the mode from the
/// configuration (no redirect URI configured: no-redirect mode).
///
/// Scopes are separated by spaces (RFC 6749 §3.3). Use a fresh, unguessable `state` per
/// authorization and check it when the code comes back ([`AuthorizeUrl::random_state`],
/// [`EgnyteAuth::exchange_redirect`](super::EgnyteAuth::exchange_redirect) checks it for you).
/// [`build_with_pkce`](Self::build_with_pkce) adds a PKCE challenge (RFC 7636, S256).
///
/// ```
/// use secops_sdk::auth::egnyte::{AuthorizeUrl, Region, Scope};
///
/// let url = AuthorizeUrl::new(&Region::Usc1, "my-client", "https://app.example/callback")
///     .scopes([Scope::IssuesRead, Scope::AuditeventsRead])
///     .state("xyz")
///     .build();
/// assert_eq!(
///     url.as_str(),
///     "https://usc1-api.egnyteprotect.com/oauth2/code?client_id=my-client\
///      &redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&response_type=code\
///      &scope=issues%3Aread+auditevents%3Aread&state=xyz"
/// );
///
/// let url = AuthorizeUrl::no_redirect(&Region::Usc1, "my-client").state("xyz").build();
/// assert_eq!(
///     url.as_str(),
///     "https://usc1-api.egnyteprotect.com/oauth2/code?client_id=my-client\
///      &no_redirect=true&response_type=code&state=xyz"
/// );
/// ```
#[derive(Clone, Debug)]
pub struct AuthorizeUrl {
    endpoint: Url,
    client_id: String,
    /// `None`: no-redirect mode.
    redirect_uri: Option<String>,
    scopes: Vec<Scope>,
    state: Option<String>,
}

impl AuthorizeUrl {
    /// Starts a URL for `client_id` redirecting to `redirect_uri`, with no scope and no state.
    pub fn new(
        region: &Region,
        client_id: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self::with_redirect_uri(region, client_id.into(), Some(redirect_uri.into()))
    }

    /// Starts a URL for `client_id` in no-redirect mode (`no_redirect=true`, no
    /// `redirect_uri`): Egnyte shows the code instead of redirecting. No scope and no state.
    pub fn no_redirect(region: &Region, client_id: impl Into<String>) -> Self {
        Self::with_redirect_uri(region, client_id.into(), None)
    }

    /// [`new`](Self::new) with `Some` redirect URI, [`no_redirect`](Self::no_redirect) with
    /// `None`.
    pub(crate) fn with_redirect_uri(
        region: &Region,
        client_id: String,
        redirect_uri: Option<String>,
    ) -> Self {
        Self {
            endpoint: region.authorize_endpoint(),
            client_id,
            redirect_uri,
            scopes: Vec::new(),
            state: None,
        }
    }

    /// Adds one scope (duplicates are ignored).
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::{AuthorizeUrl, Region, Scope};
    /// let url = AuthorizeUrl::new(&Region::Usc1, "c", "https://r")
    ///     .scope(Scope::SarRead)
    ///     .scope(Scope::SarRead)
    ///     .build();
    /// assert!(url.as_str().ends_with("&scope=sar%3Aread"));
    /// ```
    pub fn scope(mut self, scope: Scope) -> Self {
        if !self.scopes.contains(&scope) {
            self.scopes.push(scope);
        }
        self
    }

    /// Adds several scopes.
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::{AuthorizeUrl, Region, Scope};
    /// let url = AuthorizeUrl::new(&Region::Usc1, "c", "https://r").scopes(Scope::ALL).build();
    /// assert!(url.as_str().contains("legalhold%3Awrite"));
    /// ```
    pub fn scopes(self, scopes: impl IntoIterator<Item = Scope>) -> Self {
        scopes.into_iter().fold(self, Self::scope)
    }

    /// Sets the `state` value Egnyte sends back with the code.
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::{AuthorizeUrl, Region};
    /// let url = AuthorizeUrl::new(&Region::Usc1, "c", "https://r").state("abc").build();
    /// assert!(url.as_str().ends_with("state=abc"));
    /// ```
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// A random 128-bit `state` value in hex, for CSRF protection, from the operating
    /// system's secure random source.
    ///
    /// # Panics
    ///
    /// When the operating system gives no random bytes.
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::AuthorizeUrl;
    /// let state = AuthorizeUrl::random_state();
    /// assert_eq!(state.len(), 32);
    /// assert_ne!(state, AuthorizeUrl::random_state());
    /// ```
    pub fn random_state() -> String {
        format!(
            "{:032x}",
            u128::from_le_bytes(crate::core::random::os_bytes())
        )
    }

    /// The finished URL.
    pub fn build(&self) -> Url {
        self.build_with_challenge(None)
    }

    /// The finished URL with a PKCE challenge (RFC 7636, method S256), and the verifier to
    /// send with the code ([`EgnyteAuth::exchange_redirect_with_verifier`]
    /// or [`EgnyteAuth::exchange_code_with_verifier`]). A new verifier each call.
    ///
    /// [`EgnyteAuth::exchange_redirect_with_verifier`]: super::EgnyteAuth::exchange_redirect_with_verifier
    /// [`EgnyteAuth::exchange_code_with_verifier`]: super::EgnyteAuth::exchange_code_with_verifier
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::{AuthorizeUrl, Region};
    ///
    /// let (url, verifier) = AuthorizeUrl::new(&Region::Usc1, "c", "https://r")
    ///     .state("s")
    ///     .build_with_pkce();
    /// let query: Vec<_> = url.query_pairs().map(|(name, _)| name.into_owned()).collect();
    /// assert_eq!(
    ///     query,
    ///     ["client_id", "redirect_uri", "response_type", "state", "code_challenge", "code_challenge_method"]
    /// );
    /// assert!(url.as_str().contains(&verifier.challenge()));
    /// ```
    pub fn build_with_pkce(&self) -> (Url, PkceVerifier) {
        let verifier = PkceVerifier::generate();
        (self.build_with_challenge(Some(&verifier)), verifier)
    }

    fn build_with_challenge(&self, pkce: Option<&PkceVerifier>) -> Url {
        let mut url = self.endpoint.clone();
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("client_id", &self.client_id);
            match &self.redirect_uri {
                Some(redirect_uri) => query.append_pair("redirect_uri", redirect_uri),
                None => query.append_pair("no_redirect", "true"),
            };
            query.append_pair("response_type", "code");
            if !self.scopes.is_empty() {
                let scopes: Vec<&str> = self.scopes.iter().map(|scope| scope.as_str()).collect();
                query.append_pair("scope", &scopes.join(" "));
            }
            if let Some(state) = &self.state {
                query.append_pair("state", state);
            }
            if let Some(verifier) = pkce {
                query
                    .append_pair("code_challenge", &verifier.challenge())
                    .append_pair("code_challenge_method", "S256");
            }
        }
        url
    }
}
