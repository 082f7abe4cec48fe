//! [`AuthorizeUrl`]: the browser URL that starts the authorization code flow.

use url::Url;

use super::{Region, Scope};

/// Builds the URL of Egnyte's authorization page:
/// `<base>/oauth2/code?client_id=...&redirect_uri=...&response_type=code&scope=...&state=...`.
///
/// Scopes are separated by spaces (RFC 6749 §3.3). Use a fresh, unguessable `state` per
/// authorization and check it when Egnyte redirects back ([`AuthorizeUrl::random_state`]).
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
/// ```
#[derive(Clone, Debug)]
pub struct AuthorizeUrl {
    endpoint: Url,
    client_id: String,
    redirect_uri: String,
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
        Self {
            endpoint: region.authorize_endpoint(),
            client_id: client_id.into(),
            redirect_uri: redirect_uri.into(),
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

    /// A random 128-bit `state` value in hex, for CSRF protection.
    ///
    /// ```
    /// use secops_sdk::auth::egnyte::AuthorizeUrl;
    /// let state = AuthorizeUrl::random_state();
    /// assert_eq!(state.len(), 32);
    /// assert_ne!(state, AuthorizeUrl::random_state());
    /// ```
    pub fn random_state() -> String {
        format!("{:032x}", rand::random::<u128>())
    }

    /// The finished URL.
    pub fn build(&self) -> Url {
        let mut url = self.endpoint.clone();
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("client_id", &self.client_id)
                .append_pair("redirect_uri", &self.redirect_uri)
                .append_pair("response_type", "code");
            if !self.scopes.is_empty() {
                let scopes: Vec<&str> = self.scopes.iter().map(|scope| scope.as_str()).collect();
                query.append_pair("scope", &scopes.join(" "));
            }
            if let Some(state) = &self.state {
                query.append_pair("state", state);
            }
        }
        url
    }
}
