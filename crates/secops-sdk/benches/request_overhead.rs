//! Per-request overhead: the same `GET /v1/issues/{id}` against the in-process stand-in, sent
//!
//! - with a bare `reqwest::Client` (body read as bytes, and decoded into the generated `Issue`),
//! - with the generated client (`Hooks::default()`: no transport installed),
//! - with the facade (token cache, retry loop, tracing span).
//!
//! All four share one loopback server and one Tokio runtime; the token is valid for the whole
//! run, so no refresh happens. `cargo bench -p secops-sdk --bench request_overhead`.
//!
//! Before criterion's runs, an interleaved pass (`support::Rounds`: rounds of 200 requests per
//! variant, variants taking turns) prints the median per-request time of each variant and its
//! ratio to the bare `reqwest` call (the median of per-round ratios): on a shared machine,
//! interleaving lets load changes hit every variant alike.

mod support;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use secops_sdk::EgnyteProtect;
use secops_sdk::egnyte_protect_client::types::Issue;
use secops_sdk::egnyte_protect_client::{Client, Hooks};
use secops_stand_in::{StandIn, StandInOptions};
use support::common;

struct Setup {
    _stand_in: StandIn,
    facade: EgnyteProtect,
    generated: Client,
    bare: reqwest::Client,
    url: reqwest::Url,
    id: i64,
}

impl Setup {
    async fn new() -> Result<Self, common::BoxError> {
        // The bare clients use the facade's current access token as a fixed header.
        let support::SignedIn {
            stand_in,
            egnyte: facade,
            bare,
            api,
            ..
        } = support::signed_in(StandInOptions::default()).await?;
        let generated = Client::new_with_client(&api, bare.clone(), Hooks::default());
        let id = generated
            .list_issues()
            .count(1)
            .send()
            .await?
            .into_inner()
            .issues
            .first()
            .and_then(|issue| issue.id)
            .ok_or("the stand-in has no issues")?;
        let url = reqwest::Url::parse(&format!("{api}/v1/issues/{id}"))?;
        Ok(Self {
            _stand_in: stand_in,
            facade,
            generated,
            bare,
            url,
            id,
        })
    }
}

/// The four ways of making the call.
#[derive(Clone, Copy, Debug)]
enum Variant {
    ReqwestBytes,
    ReqwestTyped,
    Generated,
    Facade,
}

impl Variant {
    const ALL: [Variant; 4] = [
        Variant::ReqwestBytes,
        Variant::ReqwestTyped,
        Variant::Generated,
        Variant::Facade,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::ReqwestBytes => "reqwest_bytes",
            Self::ReqwestTyped => "reqwest_typed",
            Self::Generated => "generated_client",
            Self::Facade => "facade",
        }
    }
}

impl Setup {
    /// One `GET /v1/issues/{id}` the way `variant` makes it.
    async fn call(&self, variant: Variant) {
        match variant {
            Variant::ReqwestBytes => {
                let response = self.bare.get(self.url.clone()).send().await.unwrap();
                assert!(response.status().is_success());
                black_box(response.bytes().await.unwrap());
            }
            Variant::ReqwestTyped => {
                let response = self.bare.get(self.url.clone()).send().await.unwrap();
                assert!(response.status().is_success());
                black_box(response.json::<Issue>().await.unwrap());
            }
            Variant::Generated => {
                let issue = self.generated.get_issue().id(self.id).send().await.unwrap();
                black_box(issue.into_inner());
            }
            Variant::Facade => {
                let issue = self
                    .facade
                    .client()
                    .get_issue()
                    .id(self.id)
                    .send()
                    .await
                    .unwrap();
                black_box(issue.into_inner());
            }
        }
    }
}

/// Rounds of `PER_ROUND` requests per variant, variants taking turns (`support::Rounds`);
/// prints per-request times and each variant's ratio to `reqwest_bytes`.
fn interleaved_report(runtime: &tokio::runtime::Runtime, setup: &Setup) {
    const ROUNDS: usize = 60;
    const PER_ROUND: usize = 200;
    runtime.block_on(async {
        for variant in Variant::ALL {
            for _ in 0..PER_ROUND {
                setup.call(variant).await; // warm up
            }
        }
    });
    let names = Variant::ALL.map(Variant::name);
    let rounds = support::Rounds::measure(runtime, &names, ROUNDS, async |variant| {
        for _ in 0..PER_ROUND {
            setup.call(Variant::ALL[variant]).await;
        }
        PER_ROUND
    });
    // Requests per second, per round, as microseconds per request.
    let micros = |variant: usize| -> Vec<f64> {
        rounds.rates[variant]
            .iter()
            .map(|rate| 1e6 / rate)
            .collect()
    };
    let base_median = support::quantile(&mut micros(0), 0.5);
    println!(
        "\nget_issue, interleaved: {ROUNDS} rounds x {PER_ROUND} requests per variant (per-request µs)"
    );
    println!(
        "{:<18} {:>9} {:>9} {:>9} {:>16} {:>14}",
        "variant", "p10", "median", "p90", "vs reqwest_bytes", "added µs"
    );
    for (index, name) in names.iter().enumerate() {
        let mut values = micros(index);
        let median = support::quantile(&mut values, 0.5);
        println!(
            "{name:<18} {:>9.1} {median:>9.1} {:>9.1} {:>15.2}x {:>+14.1}",
            support::quantile(&mut values, 0.1),
            support::quantile(&mut values, 0.9),
            // Time ratio: the inverse of the median of per-round rate ratios.
            1.0 / rounds.ratio(index),
            median - base_median
        );
    }
    println!();
}

fn request_overhead(c: &mut Criterion) {
    let runtime = support::runtime();
    let setup = runtime
        .block_on(Setup::new())
        .expect("the stand-in and a signed-in facade");
    let setup = &setup;
    if support::benchmarking() {
        interleaved_report(&runtime, setup);
    }

    let mut group = c.benchmark_group("get_issue");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for variant in Variant::ALL {
        group.bench_function(variant.name(), |b| {
            b.to_async(&runtime).iter(|| setup.call(variant))
        });
    }
    group.finish();
}

criterion_group!(benches, request_overhead);
criterion_main!(benches);
