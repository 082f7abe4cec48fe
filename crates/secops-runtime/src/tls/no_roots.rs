//! [`NoRoots`]: the certificate verifier used when the system has no CA certificates.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, Error, SignatureScheme};

/// Refuses every server certificate, saying why no certificate can be verified (the platform
/// verifier could not be built: on Linux, no CA certificates were found). A client with it
/// builds, so plain-HTTP use and the error path keep working, and each HTTPS connection fails
/// with that reason instead of the program panicking when the client is built.
#[derive(Debug)]
pub(super) struct NoRoots {
    provider: Arc<CryptoProvider>,
    reason: String,
}

impl NoRoots {
    pub(super) fn new(provider: Arc<CryptoProvider>, reason: String) -> Self {
        Self { provider, reason }
    }
}

impl ServerCertVerifier for NoRoots {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        Err(Error::General(format!(
            "no server certificate can be verified: {} (install the system's CA certificates, \
             e.g. the ca-certificates package)",
            self.reason
        )))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_certificate_is_refused_with_the_reason() {
        let verifier = NoRoots::new(
            Arc::new(rustls::crypto::ring::default_provider()),
            "No CA certificates were loaded from the system".to_owned(),
        );
        let name = ServerName::try_from("api.example.com").unwrap();
        let error = verifier
            .verify_server_cert(
                &CertificateDer::from(vec![0x30]),
                &[],
                &name,
                &[],
                UnixTime::now(),
            )
            .unwrap_err();
        let text = error.to_string();
        assert!(text.contains("No CA certificates were loaded"), "{text}");
        assert!(text.contains("ca-certificates"), "{text}");
        assert!(!verifier.supported_verify_schemes().is_empty());
    }
}
