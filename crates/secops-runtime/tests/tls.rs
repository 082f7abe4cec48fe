//! `secops_runtime::tls::client_builder()` against a loopback TLS server whose certificate no
//! system trusts (`fixtures/`: a certificate for `localhost` issued by a test authority whose
//! certificate was thrown away).

use std::error::Error as _;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

const CERT: &[u8] = include_bytes!("fixtures/localhost.cert.pem");
const KEY: &[u8] = include_bytes!("fixtures/localhost.key.pem");

/// A TLS server on loopback that accepts one connection: the handshake's outcome.
async fn one_tls_connection() -> (u16, tokio::task::JoinHandle<Result<(), String>>) {
    let certificate = CertificateDer::from_pem_slice(CERT).expect("the fixture's certificate");
    let key = PrivateKeyDer::from_pem_slice(KEY).expect("the fixture's key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS 1.2 and 1.3")
    .with_no_client_auth()
    .with_single_cert(vec![certificate], key)
    .expect("a server configuration");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let port = listener.local_addr().expect("an address").port();
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.map_err(|error| error.to_string())?;
        acceptor
            .accept(tcp)
            .await
            .map(drop)
            .map_err(|error| error.to_string())
    });
    (port, server)
}

fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(next) = source {
        text.push_str(" <- ");
        text.push_str(&next.to_string());
        source = next.source();
    }
    text
}

#[tokio::test]
async fn a_certificate_from_an_unknown_authority_is_refused_with_no_process_provider() {
    let (port, server) = one_tls_connection().await;
    let client = secops_runtime::tls::client_builder()
        .build()
        .expect("a client without any process-wide provider");
    let error = client
        .get(format!("https://localhost:{port}/"))
        .send()
        .await
        .expect_err("a self-signed certificate is not trusted");
    let text = chain(&error);
    // The handshake ran with ring and the platform's verifier, which refused the issuer.
    assert!(error.is_connect(), "{text}");
    assert!(text.contains("invalid peer certificate"), "{text}");
    assert!(text.contains("UnknownIssuer"), "{text}");
    let handshake = server.await.expect("the server task");
    assert!(
        handshake.is_err(),
        "the server saw the client refuse: {handshake:?}"
    );
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "client_builder must not install a process-wide provider"
    );
    assert!(error.source().is_some());
}
