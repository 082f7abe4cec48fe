//! Shared by the side-by-side benchmarks: a stand-in with a facade signed in to it and a bare
//! `reqwest` client holding the same access token, and interleaved rounds that report each
//! variant's items per second and its ratio to the first variant.
//!
//! Interleaving: on a shared machine, runs of one variant after another meet different load.
//! Here every round runs each variant once, the order rotating each round, and the ratio
//! reported is the median over rounds of (variant's rate / first variant's rate) in the same
//! round, so a load change hits both sides of each ratio alike.
#![allow(dead_code)]

#[path = "../../examples/common/mod.rs"]
pub mod common;

use std::time::Instant;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use secops_sdk::EgnyteProtect;
use secops_stand_in::{StandIn, StandInOptions};
use secrecy::{ExposeSecret, SecretString};

/// A stand-in, the facade signed in to it, and a bare client with the same token.
pub struct SignedIn {
    pub stand_in: StandIn,
    pub egnyte: EgnyteProtect,
    /// `reqwest::Client` with `Authorization: Bearer <token>` as a default header.
    pub bare: reqwest::Client,
    /// `http://127.0.0.1:<port>/api`, without a trailing slash.
    pub api: String,
    /// The access token both clients use (valid for the whole run).
    pub token: SecretString,
}

/// A multi-threaded runtime with two workers, as the machine has two cores.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a Tokio runtime")
}

/// Starts a stand-in with `options` and signs the facade in to it.
pub async fn signed_in(options: StandInOptions) -> Result<SignedIn, common::BoxError> {
    let stand_in = StandIn::start(options).await?;
    let egnyte = common::signed_in_egnyte(&stand_in).await?;
    let token = egnyte.auth().access_token().await?;
    let mut bearer = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))?;
    bearer.set_sensitive(true);
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, bearer);
    let bare = secops_sdk::secops_runtime::tls::client_builder()
        .default_headers(headers)
        .build()?;
    let api = stand_in
        .egnyte_api_base_url()
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    // Open the connections and fill the token cache before anything is measured.
    egnyte.client().list_issues().count(1).send().await?;
    bare.get(format!("{api}/v1/issues?count=1"))
        .send()
        .await?
        .error_for_status()?;
    Ok(SignedIn {
        stand_in,
        egnyte,
        bare,
        api,
        token: SecretString::from(token.expose_secret().to_owned()),
    })
}

/// The `q` quantile of `values` (sorts them).
pub fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let last = values.len().saturating_sub(1);
    values
        .get((last as f64 * q).round() as usize)
        .copied()
        .unwrap_or(f64::NAN)
}

/// Items per second of each variant, per round.
pub struct Rounds {
    pub names: Vec<&'static str>,
    /// `rates[variant][round]`.
    pub rates: Vec<Vec<f64>>,
}

impl Rounds {
    /// `rounds` rounds; in each, `run(variant)` once per variant (order rotating), which
    /// returns how many items it handled.
    pub fn measure(
        runtime: &tokio::runtime::Runtime,
        names: &[&'static str],
        rounds: usize,
        mut run: impl AsyncFnMut(usize) -> usize,
    ) -> Self {
        let mut rates = vec![Vec::with_capacity(rounds); names.len()];
        runtime.block_on(async {
            for round in 0..rounds {
                for offset in 0..names.len() {
                    let variant = (round + offset) % names.len();
                    let started = Instant::now();
                    let items = run(variant).await;
                    rates[variant].push(items as f64 / started.elapsed().as_secs_f64());
                }
            }
        });
        Self {
            names: names.to_vec(),
            rates,
        }
    }

    /// The median over rounds of `variant`'s rate divided by the first variant's.
    pub fn ratio(&self, variant: usize) -> f64 {
        let mut ratios: Vec<f64> = self.rates[variant]
            .iter()
            .zip(&self.rates[0])
            .map(|(rate, base)| rate / base)
            .collect();
        quantile(&mut ratios, 0.5)
    }

    /// Prints one line per variant: rate p10 / median / p90 and the ratio to the first.
    pub fn print(&self, title: &str) {
        println!(
            "\n{title}: {} interleaved rounds (items/s)",
            self.rates[0].len()
        );
        println!(
            "{:<28} {:>11} {:>11} {:>11} {:>14}",
            "variant",
            "p10",
            "median",
            "p90",
            format!("vs {}", self.names[0])
        );
        for (variant, name) in self.names.iter().enumerate() {
            let mut rates = self.rates[variant].clone();
            println!(
                "{name:<28} {:>11.0} {:>11.0} {:>11.0} {:>13.3}x",
                quantile(&mut rates, 0.1),
                quantile(&mut rates, 0.5),
                quantile(&mut rates, 0.9),
                self.ratio(variant)
            );
        }
    }
}

/// Whether `cargo bench` runs this (it passes `--bench`; `cargo test --benches` does not).
pub fn benchmarking() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// `name` from the environment as a number, or `default`.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}
