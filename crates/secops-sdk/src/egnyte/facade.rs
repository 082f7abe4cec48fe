//! [`EgnyteProtect`]: the Egnyte Secure and Govern facade.

use std::sync::Arc;

use egnyte_protect_client::{Client, Hooks};
use futures_util::stream::BoxStream;

use super::{
    EgnyteAuth, EgnyteConfig, FollowCheckpoint, FollowOptions, IssueUpdate, follow_issue_updates,
};
use crate::Error;
use crate::core::clock::Clock;
use crate::core::config::ConfigError;
use crate::core::transport::SdkTransport;

/// The Egnyte Secure and Govern API with OAuth2, retries and tracing built in.
///
/// [`client`](Self::client) is the generated client with every operation; its requests carry
/// a valid access token (refreshed as needed). [`auth`](Self::auth) runs the authorization code
/// flow. Listings page lazily through [`crate::pagination::Paginate`].
///
/// Cheap to clone: clones share the client, the token cache and the clock, so one sign-in
/// serves every clone (hand one to each task instead of wrapping it in an `Arc`).
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use futures::TryStreamExt;
/// use secops_sdk::EgnyteProtect;
/// use secops_sdk::config::EgnyteConfig;
/// use secops_sdk::pagination::Paginate;
/// use egnyte_protect_client::types::IssueFormat;
///
/// let egnyte = EgnyteProtect::new(EgnyteConfig::from_env()?)?;
/// // Once: egnyte.auth().exchange_code(code).await?;
/// let user = egnyte.client().get_user_info().send().await?;
/// let mut issues = egnyte.client().list_issues().count(100).format(IssueFormat::Full).items();
/// while let Some(issue) = issues.try_next().await? {
///     println!("{:?} {:?}", issue.id, issue.status);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct EgnyteProtect {
    shared: Arc<Shared>,
}

/// What clones share.
#[derive(Debug)]
struct Shared {
    client: Client,
    auth: Arc<EgnyteAuth>,
    clock: Arc<dyn Clock>,
}

impl EgnyteProtect {
    /// A facade for `config`. Fails only if the HTTP client cannot be built.
    pub fn new(config: EgnyteConfig) -> Result<Self, ConfigError> {
        let http = config.build_http_client()?;
        let auth = Arc::new(EgnyteAuth::new(&config, http.clone()));
        let transport = SdkTransport::new(
            "egnyte",
            auth.clone(),
            config.retry().clone(),
            config.clock().clone(),
        )
        .with_request_id_header(egnyte_protect_client::REQUEST_ID_HEADER);
        let base_url = config.region().api_base_url();
        let client = Client::new_with_client(
            base_url.as_str().trim_end_matches('/'),
            http,
            Hooks::with_transport(Arc::new(transport)),
        );
        Ok(Self {
            shared: Arc::new(Shared {
                client,
                auth,
                clock: config.clock().clone(),
            }),
        })
    }

    /// The generated client: every operation of the API.
    pub fn client(&self) -> &Client {
        &self.shared.client
    }

    /// Authorization (authorize URL, code exchange) and the current access token.
    pub fn auth(&self) -> &EgnyteAuth {
        &self.shared.auth
    }

    /// Follows issue updates from `checkpoint`, forever; see [`follow_issue_updates`].
    pub fn follow_issue_updates(
        &self,
        checkpoint: FollowCheckpoint,
        options: FollowOptions,
    ) -> BoxStream<'_, Result<IssueUpdate, Error>> {
        follow_issue_updates(
            &self.shared.client,
            self.shared.clock.clone(),
            checkpoint,
            options,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::egnyte::Region;

    #[test]
    fn clones_share_one_client_and_token_cache() {
        let config = EgnyteConfig::builder()
            .region(Region::Usc1)
            .client_id("c")
            .client_secret("s")
            .redirect_uri("https://app.example/cb")
            .build()
            .unwrap();
        let egnyte = EgnyteProtect::new(config).unwrap();
        let clone = egnyte.clone();
        assert!(std::ptr::eq(egnyte.auth(), clone.auth()));
        assert!(std::ptr::eq(egnyte.client(), clone.client()));
    }
}
