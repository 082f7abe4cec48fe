//! Streaming every issue through the facade's pagination stream
//! (`list_issues().count(100).format(Full).items()`) from the in-process stand-in: items per
//! second for 10,000 and 100,000 issues, and the peak heap while streaming.
//!
//! The heap is measured with a counting global allocator (`peak_alloc`): before each stream
//! the peak is reset to the current usage, and the report is the peak above that baseline. It
//! counts the whole process, so it includes the stand-in rendering each page; the stand-in's
//! issue records exist before the baseline and are not counted. A stream that holds one page
//! at a time shows the same peak for 10,000 and 100,000 issues.
//!
//! `cargo bench -p secops-sdk --bench pagination_stream`

#[path = "../examples/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group};
use futures::TryStreamExt;
use peak_alloc::PeakAlloc;
use secops_sdk::EgnyteProtect;
use secops_sdk::auth::egnyte::{AuthorizeUrl, Scope};
use secops_sdk::egnyte_protect_client::types::IssueFormat;
use secops_sdk::pagination::Paginate;
use secops_stand_in::{StandIn, StandInOptions};

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

const SIZES: [usize; 2] = [10_000, 100_000];

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a Tokio runtime")
}

/// A stand-in with `issues` issues and a facade signed in to it.
async fn setup(issues: usize) -> Result<(StandIn, EgnyteProtect), common::BoxError> {
    let stand_in = StandIn::start(StandInOptions::default().issue_count(issues)).await?;
    let egnyte = EgnyteProtect::new(common::egnyte_config(&stand_in).build()?)?;
    let state = AuthorizeUrl::random_state();
    let url = egnyte
        .auth()
        .authorize_url()
        .scope(Scope::IssuesRead)
        .state(&state)
        .build();
    egnyte
        .auth()
        .exchange_code(&common::browser_sign_in(&url, &state).await?)
        .await?;
    // Open the connection and fill the token cache before anything is measured.
    egnyte.client().list_issues().count(1).send().await?;
    Ok((stand_in, egnyte))
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
        "\npagination_stream: {PASSES} instrumented passes per size (heap counted by peak_alloc)"
    );
    println!(
        "{:>9} {:>14} {:>16} {:>26}",
        "issues", "items/s (best)", "baseline heap", "peak above baseline (min-max)"
    );
    for issues in [1_000, SIZES[0], SIZES[1]] {
        let (stand_in, egnyte) = runtime.block_on(setup(issues)).expect("setup");
        let mut best_rate = 0.0_f64;
        let mut peaks = Vec::with_capacity(PASSES);
        let mut baseline = 0;
        for _ in 0..PASSES {
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
    if std::env::args().any(|arg| arg == "--bench") {
        memory_report();
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
