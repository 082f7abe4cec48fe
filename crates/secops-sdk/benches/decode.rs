//! Decoding cost of Egnyte issues: time and heap allocations.
//!
//! The input is built in the shape the stand-in (`secops-stand-in`, `data.rs`) renders for
//! `list_issues(format=full)`: about 690 bytes per issue, with the free-form fields `item`,
//! `policies`, `assignee` and `violationDetails`, half file issues and half user issues.
//!
//! - `decode/issue`: one issue, `serde_json::from_str::<Issue>`, as a page decodes each item;
//! - `decode/page_100`: a page of 100 issues through `secops_runtime::paging::decode_page`
//!   with `list_issues`' page shape, exactly as the pagination stream decodes it (one pass
//!   when every item decodes);
//! - `decode/page_100_whole`: the same body in one `serde_json::from_slice` of the generated
//!   `IssueUpdates` (no tolerance: one bad item fails it), the floor for `page_100`;
//! - `decode/page_100_last_bad`: the page with its last issue undecodable (a string `updated`
//!   that is not a number), the worst case: the one-pass read fails at the end and the page
//!   is read again item by item, skipping that issue.
//!
//! Before criterion runs, the binary counts allocations with a counting global allocator
//! (`stats_alloc`) and prints allocations and bytes per issue, and per page (exact figures,
//! independent of load). `cargo bench -p secops-sdk --bench decode`.

use std::alloc::System;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use secops_runtime::paging::{PageEnd, PageRule, PageShape, decode_page};
use secops_runtime::{Call, Hooks};
use secops_sdk::egnyte_protect_client::types::{Issue, IssueUpdates};
use serde_json::{Value, json};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// `list_issues`' page shape, as generated from its `x-pagination`.
const SHAPE: PageShape = PageShape {
    rule: PageRule::new(PageEnd::EmptyPage).merge(secops_runtime::paging::CursorMerge::Max),
    items_field: Some("issues"),
    cursor_field: "modifiedAfter",
    cursor_from_items: Some("updated"),
};

const CALL: Call = Call {
    operation: "list_issues",
    sensitive_fields: &["access_token", "refresh_token", "client_secret"],
    request_id_header: egnyte_protect_client::REQUEST_ID_HEADER,
};

const PAGE: usize = 100;

const FILE_KINDS: [&str; 3] = [
    "Sensitive content shared publicly",
    "Sensitive content shared externally",
    "Malware detected",
];
const USER_KINDS: [&str; 3] = ["Probable Ransomware", "Unusual Access", "Suspicious Login"];
const PEOPLE: [(&str, &str); 4] = [
    ("Jordan Morales", "jmorales"),
    ("Aleksandra Kowalski", "akowalski"),
    ("Priya Raman", "praman"),
    ("Samuel Okafor", "sokafor"),
];
const FILES: [(&str, &str); 4] = [
    ("/Shared/Finance/Payroll", "payroll-2024-q3.csv"),
    ("/Shared/HR/Employees", "employee-ssn-list.xlsx"),
    ("/Shared/Legal/Contracts", "nda-acme-globex.pdf"),
    ("/Private/jmorales", "aws-credentials.txt"),
];
const POLICIES: [(&str, &str); 3] = [
    ("PII - Social Security Numbers", "pii"),
    ("PCI - Credit Card Numbers", "pci"),
    ("Credentials and Secrets", "secrets"),
];

/// Issue `index` as the stand-in renders it in full format.
fn issue(index: usize) -> Value {
    let id = 1_000 + index as i64;
    let updated = 1_732_000_000_000_i64 + index as i64 * 1_000;
    let (person, login) = PEOPLE[index % PEOPLE.len()];
    let (assignee, assignee_login) = PEOPLE[(index + 1) % PEOPLE.len()];
    let about_user = index % 2 == 1;
    let (kind, item, details, policies) = if about_user {
        (
            USER_KINDS[index % USER_KINDS.len()],
            json!({"type": "user", "displayName": person, "email": format!("{login}@acme.example")}),
            json!({"actor": format!("{login}@acme.example"), "eventCount": 17 + index}),
            vec![],
        )
    } else {
        let (folder, file) = FILES[index % FILES.len()];
        let policies = (0..1 + index % 2)
            .map(|offset| {
                let (name, tag) = POLICIES[(index + offset) % POLICIES.len()];
                json!({"id": format!("acme-policy-{}", (index + offset) % 3), "name": name, "tag": tag})
            })
            .collect::<Vec<_>>();
        (
            FILE_KINDS[index % FILE_KINDS.len()],
            json!({"type": "file", "displayName": file, "path": format!("{folder}/{file}"),
                   "owner": format!("{login}@acme.example")}),
            json!({"matchCount": 40 + index, "sharedWith": "anyone with the link"}),
            policies,
        )
    };
    let mut issue = json!({
        "id": id,
        "sourceId": "acme-source-0",
        "status": "OPEN",
        "type": kind,
        "source": "Egnyte",
        "sourceLabel": "Acme Corp (acme.egnyte.com)",
        "sourceType": "egnyte",
        "severity": 5 + index % 5,
        "updated": updated,
        "detected": updated - 60_000,
        "item": item,
        "webViewLink": format!("https://acme.egnyte.com/app/issues/{id}"),
        "assignee": {"name": assignee, "email": format!("{assignee_login}@acme.example")},
        "violationDetails": details,
    });
    if !policies.is_empty() {
        issue["policies"] = Value::Array(policies);
    }
    issue
}

/// One issue's JSON text (a file issue with one policy: the common case).
fn issue_text() -> String {
    serde_json::to_string(&issue(0)).expect("JSON")
}

/// A page of 100 issues: `{"issues": [...], "modifiedAfter": ...}`.
fn page_text() -> bytes::Bytes {
    let issues: Vec<Value> = (0..PAGE).map(issue).collect();
    let page = json!({"issues": issues, "count": PAGE});
    serde_json::to_vec(&page).expect("JSON").into()
}

/// The page with its last issue's `updated` a string no reader takes for a number.
fn page_text_last_bad() -> bytes::Bytes {
    let mut issues: Vec<Value> = (0..PAGE).map(issue).collect();
    issues[PAGE - 1]["updated"] = json!("yesterday");
    let page = json!({"issues": issues, "count": PAGE});
    serde_json::to_vec(&page).expect("JSON").into()
}

/// Decodes one page as the pagination stream does: the number of issues decoded and skipped.
fn decode_counted(page: &bytes::Bytes, hooks: &Hooks) -> (usize, usize) {
    let response = reqwest::Response::from(
        http::Response::builder()
            .status(200)
            .body(page.clone())
            .expect("a response"),
    );
    let page = futures::executor::block_on(decode_page::<Issue, i64, Value>(
        response,
        CALL,
        hooks,
        &SHAPE,
        |issue| issue.updated,
    ))
    .expect("the page decodes");
    (page.items.len(), page.skipped.len())
}

/// Decodes one page as the pagination stream does (every issue must decode).
fn decode(page: &bytes::Bytes, hooks: &Hooks) -> usize {
    let (decoded, skipped) = decode_counted(page, hooks);
    assert_eq!(skipped, 0, "every issue decodes");
    decoded
}

/// The page in one `serde_json::from_slice`, without tolerance.
fn decode_whole(page: &bytes::Bytes) -> usize {
    serde_json::from_slice::<IssueUpdates>(page)
        .expect("the page decodes")
        .issues
        .len()
}

/// Prints allocations and bytes per issue and per page: exact, whatever the load.
fn count_allocations() {
    let one = issue_text();
    let page = page_text();
    let hooks = Hooks::default();
    let issue: Issue = serde_json::from_str(&one).expect("the issue decodes");
    drop(black_box(issue));
    decode(&page, &hooks);

    const ROUNDS: usize = 100;
    let region = Region::new(GLOBAL);
    for _ in 0..ROUNDS {
        let issue: Issue = serde_json::from_str(black_box(&one)).expect("the issue decodes");
        drop(black_box(issue));
    }
    let single = region.change();
    let region = Region::new(GLOBAL);
    for _ in 0..ROUNDS {
        black_box(decode(black_box(&page), &hooks));
    }
    let paged = region.change();
    println!(
        "decode allocations: one issue ({} bytes of JSON): {:.1} allocations, {:.0} bytes per issue",
        one.len(),
        single.allocations as f64 / ROUNDS as f64,
        single.bytes_allocated as f64 / ROUNDS as f64,
    );
    println!(
        "decode allocations: page of {PAGE} ({} bytes of JSON): {:.1} allocations, {:.0} bytes per \
         page = {:.1} allocations, {:.0} bytes per issue",
        page.len(),
        paged.allocations as f64 / ROUNDS as f64,
        paged.bytes_allocated as f64 / ROUNDS as f64,
        paged.allocations as f64 / (ROUNDS * PAGE) as f64,
        paged.bytes_allocated as f64 / (ROUNDS * PAGE) as f64,
    );
}

fn bench_decode(c: &mut Criterion) {
    count_allocations();
    let one = issue_text();
    let page = page_text();
    let hooks = Hooks::default();
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements(1));
    group.bench_function("issue", |b| {
        b.iter(|| serde_json::from_str::<Issue>(black_box(&one)).expect("the issue decodes"))
    });
    group.throughput(Throughput::Elements(PAGE as u64));
    group.bench_function("page_100", |b| b.iter(|| decode(black_box(&page), &hooks)));
    group.bench_function("page_100_whole", |b| {
        b.iter(|| decode_whole(black_box(&page)))
    });
    let last_bad = page_text_last_bad();
    assert_eq!(decode_counted(&last_bad, &hooks), (PAGE - 1, 1));
    group.bench_function("page_100_last_bad", |b| {
        b.iter(|| decode_counted(black_box(&last_bad), &hooks))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench_decode
}
criterion_main!(benches);
