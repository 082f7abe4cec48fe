//! The rustls configuration [`client_builder`](super::client_builder) gives reqwest with the
//! `rustls` feature.

use std::sync::{Arc, OnceLock};

use rustls::client::danger::ServerCertVerifier;
use rustls::crypto::CryptoProvider;

use super::no_roots::NoRoots;

/// ring, TLS 1.2 and 1.3, the platform's certificate verifier, HTTP/1.1 (what reqwest would
/// configure with its own provider and this workspace's features).
///
/// Built once per process and cloned for each client: loading the system's CA certificates
/// takes 2-3 ms (15-20 ms in a debug build), and a facade builds two clients (API calls and
/// token requests). A certificate added to the system afterwards is seen by a new process.
pub(super) fn client_config() -> rustls::ClientConfig {
    static CONFIG: OnceLock<rustls::ClientConfig> = OnceLock::new();
    CONFIG.get_or_init(build).clone()
}

fn build() -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        // Fails only for a provider without cipher suites for TLS 1.2 and 1.3; ring's default
        // provider has both (whatever the input: a unit test builds this configuration).
        .expect("ring's default provider supports TLS 1.2 and 1.3")
        .dangerous()
        .with_custom_certificate_verifier(verifier(provider))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config
}

/// The platform's verifier (the system's CA certificates on Linux), or one that fails every
/// handshake saying why when the system has none.
fn verifier(provider: Arc<CryptoProvider>) -> Arc<dyn ServerCertVerifier> {
    match rustls_platform_verifier::Verifier::new(provider.clone()) {
        Ok(verifier) => Arc::new(verifier),
        Err(error) => Arc::new(NoRoots::new(provider, error.to_string())),
    }
}
