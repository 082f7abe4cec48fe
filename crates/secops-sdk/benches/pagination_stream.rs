//! Streaming every issue through the facade's pagination stream
//! (`list_issues().count(100).format(Full).items()`) from the in-process stand-in: items per
//! second for 10,000 and 100,000 issues beside a bare hand-written loop, and the peak heap
//! while streaming.
//!
//! **Beside a bare loop.** The bare loop is `GET /api/v1/issues?count=100&format=full&cursor=`
//! written by hand with a `reqwest::Client` holding the same access token, each page decoded
//! into the same generated `ListIssuesResponse`, until the empty page that ends the listing.
//! Both run in interleaved rounds (see `support/mod.rs`): the figure is the facade's rate over
//! the bare loop's, the median over rounds of the two measured side by side.
//!
//! **Peak heap.** Measured with a counting global allocator (`peak_alloc`): before each stream
//! the peak is reset to the current usage, and the report is the peak above that baseline. It
//! counts the whole process, so it includes the stand-in rendering each page; the stand-in's
//! issue records exist before the baseline and are not counted. A stream that holds one page
//! at a time shows the same peak for 10,000 and 100,000 issues. `SECOPS_BENCH_1M=1` adds
//! 1,000,000 issues (about a minute more: building the stand-in's records and two passes).
//!
//! `cargo bench -p secops-sdk --bench pagination_stream`

#[path = "support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group};
use futures::TryStreamExt;
use peak_alloc::PeakAlloc;
use secops_sdk::EgnyteProtect;
use secops_sdk::egnyte_protect_client::types::{IssueFormat, ListIssuesResponse};
use secops_sdk::pagination::Paginate;
use secops_stand_in::{StandIn, StandInOptions};
use support::SignedIn;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

const SIZES: [usize; 2] = [10_000, 100_000];

fn runtime() -> tokio::runtime::Runtime {
    support::runtime()
}

/// A stand-in with `issues` issues and a facade signed in to it.
async fn setup(issues: usize) -> Result<(StandIn, EgnyteProtect), support::common::BoxError> {
    let signed_in = support::signed_in(StandInOptions::default().issue_count(issues)).await?;
    Ok((signed_in.stand_in, signed_in.egnyte))
}

/// Every issue by hand: `GET /v1/issues` pages into `ListIssuesResponse` with a bare
/// `reqwest` client, until the empty page. Returns how many came.
async fn bare_all(signed_in: &SignedIn) -> usize {
    let url = format!("{}/v1/issues", signed_in.api);
    let mut cursor = None;
    let mut count = 0;
    loop {
        let mut request = signed_in
            .bare
            .get(&url)
            .query(&[("count", "100"), ("format", "full")]);
        if let Some(cursor) = cursor {
            request = request.query(&[("cursor", cursor)]);
        }
        let response = request.send().await.expect("a response");
        assert!(response.status().is_success());
        let page: ListIssuesResponse = response.json().await.expect("a page");
        if page.issues.is_empty() {
            return count;
        }
        for issue in page.issues {
            black_box(&issue);
            count += 1;
        }
        cursor = page.cursor;
    }
}

/// The facade's stream beside the bare loop, in interleaved rounds, per size.
fn side_by_side_report() {
    let runtime = runtime();
    let mut summary = Vec::new();
    for (issues, rounds) in [(SIZES[0], 12), (SIZES[1], 5)] {
        let signed_in = runtime
            .block_on(support::signed_in(
                StandInOptions::default().issue_count(issues),
            ))
            .expect("setup");
        let run = async |variant: usize| {
            let count = match variant {
                0 => bare_all(&signed_in).await,
                _ => stream_all(&signed_in.egnyte).await,
            };
            assert_eq!(count, issues, "every issue streamed once");
            count
        };
        runtime.block_on(async {
            run(0).await;
            run(1).await;
        });
        let measured = support::Rounds::measure(
            &runtime,
            &["bare_reqwest_loop", "facade_stream"],
            rounds,
            run,
        );
        measured.print(&format!("list_issues, {issues} issues"));
        summary.push((issues, measured.ratio(1)));
    }
    println!(
        "
facade stream / bare loop (median of per-round ratios):"
    );
    for (issues, ratio) in summary {
        println!("  {issues:>9} issues  {ratio:.3}x");
    }
    println!();
}

/// Streams every issue; returns how many came.
async fn stream_all(egnyte: &EgnyteProtect) -> usize {
    let mut items = egnyte
        .client()
        .list_issues()
        .count(100)
        .format(IssueFormat::Full)
        .items();
    let mut count = 0;
    while let Some(issue) = items.try_next().await.expect("a page") {
        black_box(&issue);
        count += 1;
    }
    count
}

/// Instrumented passes per size: items per second and the peak heap above the baseline.
fn memory_report() {
    const PASSES: usize = 3;
    let runtime = runtime();
    println!(
        "\npagination_stream: {PASSES} instrumented passes per size, 2 for 1,000,000 (heap counted by peak_alloc)"
    );
    println!(
        "{:>9} {:>14} {:>16} {:>26}",
        "issues", "items/s (best)", "baseline heap", "peak above baseline (min-max)"
    );
    let mut sizes = vec![(1_000, PASSES), (SIZES[0], PASSES), (SIZES[1], PASSES)];
    if std::env::var_os("SECOPS_BENCH_1M").is_some() {
        sizes.push((1_000_000, 2));
    }
    for (issues, passes) in sizes {
        let (stand_in, egnyte) = runtime.block_on(setup(issues)).expect("setup");
        let mut best_rate = 0.0_f64;
        let mut peaks = Vec::with_capacity(passes);
        let mut baseline = 0;
        for _ in 0..passes {
            baseline = HEAP.current_usage();
            HEAP.reset_peak_usage();
            let started = Instant::now();
            let count = runtime.block_on(stream_all(&egnyte));
            let elapsed = started.elapsed();
            peaks.push(HEAP.peak_usage().saturating_sub(baseline));
            assert_eq!(count, issues, "every issue streamed once");
            best_rate = best_rate.max(count as f64 / elapsed.as_secs_f64());
        }
        let kib = |bytes: usize| bytes as f64 / 1024.0;
        println!(
            "{issues:>9} {best_rate:>14.0} {:>12.1} MiB {:>15.0} - {:.0} KiB",
            baseline as f64 / (1024.0 * 1024.0),
            kib(peaks.iter().copied().min().unwrap_or(0)),
            kib(peaks.iter().copied().max().unwrap_or(0)),
        );
        drop(egnyte);
        drop(stand_in);
    }
    println!();
}

fn pagination_stream(c: &mut Criterion) {
    let runtime = runtime();
    let mut group = c.benchmark_group("stream_issues");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for issues in SIZES {
        let (stand_in, egnyte) = runtime.block_on(setup(issues)).expect("setup");
        group.throughput(Throughput::Elements(issues as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(issues),
            &issues,
            |b, &issues| {
                b.to_async(&runtime).iter(|| async {
                    let count = stream_all(&egnyte).await;
                    assert_eq!(count, issues);
                })
            },
        );
        drop(egnyte);
        drop(stand_in);
    }
    group.finish();
}

criterion_group!(benches, pagination_stream);

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not: then only criterion's
    // quick test pass runs.
    if support::benchmarking() {
        side_by_side_report();
        memory_report();
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
