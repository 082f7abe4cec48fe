//! TLS for the `reqwest::Client`s the SDK builds: [`client_builder`].
//!
//! With the `rustls` feature (the default of the client crates and of `secops-sdk`), reqwest
//! is built with `rustls-no-provider` and rustls with the **ring** crypto provider: ring's
//! build script is far cheaper than aws-lc-sys's (see BENCHMARKS.md, "Build cost"). reqwest
//! then has no crypto provider of its own, so [`client_builder`] hands it a complete rustls
//! configuration: ring, TLS 1.2 and 1.3, the platform's certificate verifier (as reqwest's own
//! configuration uses), HTTP/1.1. Nothing process-wide is set: a program that installs its own
//! default provider (aws-lc-rs for FIPS, say) is not disturbed by the SDK.
//!
//! Every `reqwest::Client` of the workspace starts from it: the generated `Client::new`, the
//! facades' configuration, the CLI. Start from it too when you build a `reqwest::Client` for
//! `Client::new_with_client`:
//!
//! ```
//! let http = secops_runtime::tls::client_builder()
//!     .user_agent("my-service/1.0")
//!     .build()
//!     .expect("a client");
//! # drop(http);
//! ```
//!
//! A `reqwest::ClientBuilder::new()` of your own fails to build (reqwest panics) in a program
//! whose reqwest has only `rustls-no-provider`, unless a default provider is installed:
//! [`install_default_provider`] does that, process-wide.
//!
//! With `rustls-aws-lc` (FIPS builds), reqwest uses aws-lc-rs by itself, and with
//! `native-tls` the platform's TLS library: then [`client_builder`] is reqwest's own
//! `ClientBuilder::new()` and [`install_default_provider`] does nothing.

#[cfg(all(
    feature = "rustls",
    not(feature = "rustls-aws-lc"),
    not(feature = "native-tls")
))]
mod no_roots;
#[cfg(all(
    feature = "rustls",
    not(feature = "rustls-aws-lc"),
    not(feature = "native-tls")
))]
mod ring_config;

/// A `reqwest::ClientBuilder` with the TLS of the enabled features (see the [module](self)):
/// with `rustls`, ring and the platform's verifier, configured on this builder only.
///
/// TLS options of reqwest's builder (`add_root_certificate`, `min_tls_version`, client
/// identities, `danger_accept_invalid_certs`) do not apply to a builder from here with
/// `rustls`: its TLS is configured already. Never panics; if the system has no CA
/// certificates, the client builds and every HTTPS connection fails, saying so.
pub fn client_builder() -> reqwest::ClientBuilder {
    #[cfg(all(
        feature = "rustls",
        not(feature = "rustls-aws-lc"),
        not(feature = "native-tls")
    ))]
    {
        reqwest::ClientBuilder::new().tls_backend_preconfigured(ring_config::client_config())
    }
    #[cfg(not(all(
        feature = "rustls",
        not(feature = "rustls-aws-lc"),
        not(feature = "native-tls")
    )))]
    {
        reqwest::ClientBuilder::new()
    }
}

/// Installs ring as the **process's** default rustls crypto provider, unless one is installed
/// already or the `rustls` feature is off (or `rustls-aws-lc` is on). For code that builds
/// `reqwest::Client`s you cannot start from [`client_builder`]; the SDK itself never calls
/// it. Cheap after the first call; never panics.
pub fn install_default_provider() {
    #[cfg(all(feature = "rustls", not(feature = "rustls-aws-lc")))]
    {
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            if rustls::crypto::CryptoProvider::get_default().is_none() {
                // An error means another thread installed one meanwhile: that one is kept.
                let _ = rustls::crypto::ring::default_provider().install_default();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_client_builds_without_a_process_default_provider() {
        assert!(super::client_builder().build().is_ok());
        #[cfg(feature = "rustls")]
        assert!(
            rustls::crypto::CryptoProvider::get_default().is_none(),
            "client_builder must not install a process-wide provider"
        );
    }
}
