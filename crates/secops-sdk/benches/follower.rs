//! The issue-update follower (`EgnyteProtect::follow_issue_updates`) beside a bare loop over
//! `GET /api/v1/issueupdates` written by hand with `reqwest` and the generated `IssueUpdates`
//! type, both in full format against the in-process stand-in, both taking the same number of
//! updates:
//!
//! - `spread_10000`: 10,000 issues at the stand-in's usual timestamps (bursts of a few
//!   sharing one), pages of about 100: the follower's everyday work;
//! - `tied_1000`, `tied_10000`: a bulk resolve of 1,000 or 10,000 issues at one timestamp,
//!   which the server serves as ONE page however small `count` is: the follower's worst case.
//!   A follower whose per-update cost grew with the page (one that copied its checkpoint list
//!   per update) is 10 times slower per update at 10,000 than at 1,000 here.
//!
//! The follower's items carry each update's checkpoint; the bare loop has none (it cannot
//! resume inside a page). `cargo bench -p secops-sdk --bench follower`: an interleaved pass
//! prints each case's follower/bare ratio, then criterion times each side alone.
//! `SECOPS_BENCH_TIE=30000` adds a case `tied_30000`; `SECOPS_BENCH_ROUNDS` sets the rounds.

#[path = "support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group};
use futures::TryStreamExt;
use secops_sdk::egnyte_protect_client::types::IssueUpdates;
use secops_sdk::pagination::{FollowCheckpoint, FollowOptions};
use secops_stand_in::StandInOptions;
use support::SignedIn;

/// A stand-in set up for one case, and where a follower of it starts.
struct Case {
    name: String,
    updates: usize,
    signed_in: SignedIn,
    /// `None`: from the beginning.
    modified_after: Option<i64>,
}

impl Case {
    /// `issues` issues at their usual timestamps, followed from the beginning.
    async fn spread(issues: usize) -> Self {
        let signed_in = support::signed_in(StandInOptions::default().issue_count(issues))
            .await
            .expect("the stand-in and a signed-in facade");
        Self {
            name: format!("spread_{issues}"),
            updates: issues,
            signed_in,
            modified_after: None,
        }
    }

    /// `issues` issues all resolved at one timestamp, followed from just before it.
    async fn tied(issues: usize) -> Self {
        let signed_in = support::signed_in(StandInOptions::default().issue_count(issues))
            .await
            .expect("the stand-in and a signed-in facade");
        let before = signed_in
            .stand_in
            .issue_versions()
            .iter()
            .map(|version| version.updated)
            .max();
        assert_eq!(signed_in.stand_in.bulk_resolve(issues).len(), issues);
        Self {
            name: format!("tied_{issues}"),
            updates: issues,
            signed_in,
            modified_after: before,
        }
    }

    /// The follower, until it has delivered `self.updates`.
    async fn follower(&self) -> usize {
        let checkpoint = self.modified_after.map_or_else(
            FollowCheckpoint::default,
            FollowCheckpoint::from_modified_after,
        );
        let mut updates = self
            .signed_in
            .egnyte
            .follow_issue_updates(checkpoint, FollowOptions::default().count(100));
        let mut count = 0;
        while count < self.updates {
            let update = updates
                .try_next()
                .await
                .expect("an update")
                .expect("endless");
            black_box(&update);
            count += 1;
        }
        count
    }

    /// `GET /v1/issueupdates` by hand, until `self.updates` have come.
    async fn bare(&self) -> usize {
        let url = format!("{}/v1/issueupdates", self.signed_in.api);
        let mut modified_after = self.modified_after;
        let mut count = 0;
        while count < self.updates {
            let mut request = self
                .signed_in
                .bare
                .get(&url)
                .query(&[("count", "100"), ("format", "full")]);
            if let Some(after) = modified_after {
                request = request.query(&[("modifiedAfter", after)]);
            }
            let response = request.send().await.expect("a response");
            assert!(response.status().is_success());
            let page: IssueUpdates = response.json().await.expect("a page");
            assert!(!page.issues.is_empty(), "the stand-in ran out of updates");
            for issue in page.issues {
                black_box(&issue);
                count += 1;
            }
            modified_after = page.modified_after;
        }
        count
    }

    async fn run(&self, variant: usize) -> usize {
        let count = match variant {
            0 => self.bare().await,
            _ => self.follower().await,
        };
        assert_eq!(count, self.updates, "{}: every update", self.name);
        count
    }
}

const VARIANTS: [&str; 2] = ["bare_issueupdates_loop", "follower"];

async fn cases() -> Vec<Case> {
    let mut cases = vec![
        Case::spread(10_000).await,
        Case::tied(1_000).await,
        Case::tied(10_000).await,
    ];
    // `SECOPS_BENCH_TIE=n` adds a tie of n updates (slow with a quadratic follower).
    let extra = support::env_number("SECOPS_BENCH_TIE", 0);
    if extra > 0 {
        cases.push(Case::tied(extra).await);
    }
    cases
}

/// The interleaved pass: follower beside the bare loop, per case.
fn interleaved_report(runtime: &tokio::runtime::Runtime, cases: &[Case]) {
    let rounds = support::env_number("SECOPS_BENCH_ROUNDS", 10);
    let mut summary = Vec::new();
    for case in cases {
        // Warm up both sides once.
        runtime.block_on(async {
            case.run(0).await;
            case.run(1).await;
        });
        let measured = support::Rounds::measure(runtime, &VARIANTS, rounds, async |variant| {
            case.run(variant).await
        });
        measured.print(&format!("follow_issue_updates, {}", case.name));
        summary.push((case.name.clone(), measured.ratio(1)));
    }
    println!("\nfollower / bare loop (median of per-round ratios):");
    for (name, ratio) in summary {
        println!("  {name:<14} {ratio:.3}x");
    }
    println!();
}

fn follower(c: &mut Criterion) {
    let runtime = support::runtime();
    let cases = runtime.block_on(cases());
    if support::benchmarking() {
        interleaved_report(&runtime, &cases);
    }
    let mut group = c.benchmark_group("follow_issue_updates");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for case in &cases {
        group.throughput(Throughput::Elements(case.updates as u64));
        for (variant, name) in VARIANTS.iter().enumerate() {
            group.bench_with_input(BenchmarkId::new(*name, &case.name), case, |b, case| {
                b.to_async(&runtime).iter(|| case.run(variant))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, follower);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
