//! Lazy pagination streams over the Egnyte issue listings, against the local stand-in:
//!
//! ```text
//! cargo run -p secops-sdk --example pagination
//! ```
//!
//! - `list_issues` (integer cursor) as a stream of items and as a stream of pages, with the
//!   builder's filters (`count`, `format`) kept on every page;
//! - a listing that starts at the cursor of a point in time (`get_issue_cursor`);
//! - `get_issue_updates` (`modifiedAfter`), whose pages run past `count` when issues share the
//!   last timestamp: every issue still comes exactly once;
//! - laziness: taking the first few items fetches only the first page.

mod common;

use std::collections::HashSet;
use std::time::Instant;

use common::BoxError;
use futures::{StreamExt, TryStreamExt};
use secops_sdk::egnyte_protect_client::types::{Issue, IssueFormat};
use secops_sdk::pagination::Paginate;
use secops_stand_in::{StandIn, StandInOptions};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::exit_code(run().await)
}

async fn run() -> Result<(), BoxError> {
    common::init_logging("warn");
    let stand_in = StandIn::start(StandInOptions::default().issue_count(1_000)).await?;
    let egnyte = common::signed_in_egnyte(&stand_in).await?;
    println!(
        "signed in to the stand-in ({} issues)",
        stand_in.issue_count()
    );

    // Every issue as one stream of items; pages are fetched as the stream is polled.
    let started = Instant::now();
    let issues: Vec<Issue> = egnyte
        .client()
        .list_issues()
        .count(100)
        .format(IssueFormat::Short)
        .items()
        .try_collect()
        .await?;
    let ascending = issues.windows(2).all(|pair| pair[0].id < pair[1].id);
    println!(
        "\nlist_issues().count(100).items(): {} issues in {:.1} ms, ids ascending: {ascending}, \
         requests: {}",
        issues.len(),
        started.elapsed().as_secs_f64() * 1e3,
        stand_in.stats().requests_to("GET /api/v1/issues")
    );

    // The same listing page by page, with full details.
    let sizes: Vec<usize> = egnyte
        .client()
        .list_issues()
        .count(90)
        .format(IssueFormat::Full)
        .pages()
        .map_ok(|page| page.items.len())
        .try_collect()
        .await?;
    println!(
        "list_issues().count(90).pages(): page sizes {sizes:?} (an empty page is how this API \
         says the listing is complete)"
    );

    // Only the issues detected in the last 7 days: start at the cursor of that moment.
    let since = common::now_millis() - 7 * DAY_MS;
    let cursor = egnyte
        .client()
        .get_issue_cursor()
        .start_time(since)
        .send()
        .await?
        .into_inner()
        .cursor
        .unwrap_or(0);
    let recent: Vec<Issue> = egnyte
        .client()
        .list_issues()
        .cursor(cursor)
        .count(100)
        .items()
        .try_collect()
        .await?;
    let all_recent = recent.iter().all(|issue| issue.detected >= Some(since));
    println!(
        "\nissues detected in the last 7 days (from cursor {cursor}): {}, all detected since then: {all_recent}",
        recent.len()
    );

    // Issue updates: pages may hold more than `count` to finish a timestamp.
    let before = stand_in.stats().requests_to("GET /api/v1/issueupdates");
    let pages: Vec<Vec<Issue>> = egnyte
        .client()
        .get_issue_updates()
        .count(25)
        .pages()
        .map_ok(|page| page.items)
        .try_collect()
        .await?;
    let mut seen = HashSet::new();
    let mut repeated = 0;
    for issue in pages.iter().flatten() {
        if !seen.insert(issue.id) {
            repeated += 1;
        }
    }
    let long_pages: Vec<String> = pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.len() > 25)
        .map(|(index, page)| format!("#{} has {}", index + 1, page.len()))
        .collect();
    println!(
        "\nget_issue_updates().count(25).pages(): {} pages ({} requests), {} distinct issues, \
         {repeated} repeated",
        pages.len(),
        stand_in.stats().requests_to("GET /api/v1/issueupdates") - before,
        seen.len()
    );
    println!(
        "   pages longer than count because issues share the last timestamp: {}",
        if long_pages.is_empty() {
            "none".to_owned()
        } else {
            long_pages.join(", ")
        }
    );

    // Laziness: five items need one request.
    let before = stand_in.stats().requests_to("GET /api/v1/issues");
    let first_five: Vec<Issue> = egnyte
        .client()
        .list_issues()
        .count(100)
        .items()
        .take(5)
        .try_collect()
        .await?;
    println!(
        "\n.items().take(5): {} issues, {} request",
        first_five.len(),
        stand_in.stats().requests_to("GET /api/v1/issues") - before
    );
    stand_in.shutdown().await;
    Ok(())
}
