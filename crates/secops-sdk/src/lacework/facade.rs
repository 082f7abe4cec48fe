//! [`LaceworkEdge`]: the Lacework Edge facade.

use std::sync::Arc;

use lacework_edge_client::{Client, Hooks};

use super::{LaceworkAuth, LaceworkConfig};
use crate::core::config::ConfigError;
use crate::core::transport::SdkTransport;

/// The Lacework Edge API with TokenLogin, JWT renewal, retries and tracing built in.
///
/// [`client`](Self::client) is the generated client with every operation; its requests carry
/// a valid JWT (obtained with the API token and renewed as needed).
///
/// Cheap to clone: clones share the client and the JWT cache, so one login serves every clone.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use secops_sdk::LaceworkEdge;
/// use secops_sdk::config::LaceworkConfig;
///
/// let lacework = LaceworkEdge::new(LaceworkConfig::from_env()?)?;
/// let apps = lacework.client().list_apps().send().await?;
/// println!("{:?}", apps.into_inner());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct LaceworkEdge {
    shared: Arc<Shared>,
}

/// What clones share.
#[derive(Debug)]
struct Shared {
    client: Client,
    auth: Arc<LaceworkAuth>,
}

impl LaceworkEdge {
    /// A facade for `config`. Fails only if the HTTP client cannot be built.
    pub fn new(config: LaceworkConfig) -> Result<Self, ConfigError> {
        let http = config.build_http_client()?;
        let auth = Arc::new(LaceworkAuth::new(&config, http.clone()));
        let transport = SdkTransport::new(
            "lacework",
            auth.clone(),
            config.retry().clone(),
            config.clock().clone(),
        )
        .with_request_id_header(lacework_edge_client::REQUEST_ID_HEADER);
        let client = Client::new_with_client(
            config.base_url().as_str().trim_end_matches('/'),
            http,
            Hooks::with_transport(Arc::new(transport)),
        );
        Ok(Self {
            shared: Arc::new(Shared { client, auth }),
        })
    }

    /// The generated client: every operation of the API.
    pub fn client(&self) -> &Client {
        &self.shared.client
    }

    /// The JWT cache (for example to log in eagerly with [`LaceworkAuth::jwt`]).
    pub fn auth(&self) -> &LaceworkAuth {
        &self.shared.auth
    }
}
