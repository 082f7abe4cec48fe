//! The rustls crypto provider, installed before any `reqwest::Client` is built.
//!
//! With the `rustls` feature (the default of the client crates and of `secops-sdk`), reqwest
//! is built with `rustls-no-provider` and rustls with the **ring** provider: ring's build
//! script is far cheaper than aws-lc-sys's (see BENCHMARKS.md, "Build cost"). reqwest then
//! needs a process-wide default provider, and building a `reqwest::Client` without one
//! panics. [`install_default_provider`] installs ring; every place in the workspace that
//! builds a client calls it first: the generated `Client::new`, the facades' configuration,
//! the CLI. Call it yourself before building your own `reqwest::Client` (for
//! `Client::new_with_client`) when nothing of the SDK ran before:
//!
//! ```
//! secops_runtime::tls::install_default_provider();
//! let http = reqwest::Client::builder().build().expect("a client");
//! # drop(http);
//! ```
//!
//! With `rustls-aws-lc` (FIPS builds), reqwest uses aws-lc-rs by itself and nothing is
//! installed; with only `native-tls` there is no rustls at all. In both cases the function
//! does nothing.

/// Installs ring as the process's default rustls crypto provider, unless one is installed
/// already (by this function or by the program) or the `rustls` feature is off (or
/// `rustls-aws-lc` is on). Cheap after the first call; never panics.
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
    fn a_client_builds_after_installing_twice() {
        super::install_default_provider();
        super::install_default_provider();
        assert!(reqwest::Client::builder().build().is_ok());
    }
}
