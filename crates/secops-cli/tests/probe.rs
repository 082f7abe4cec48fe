//! `secops <vendor> probe` against the stand-in with one route removed: the wrong path is
//! reported 404, and nothing but GET is sent.

mod common;

use common::{Cli, assert_success, text};
use secops_stand_in::{StandIn, StandInOptions};
use serde_json::Value;

fn line<'a>(report: &'a [Value], operation: &str) -> &'a Value {
    report
        .iter()
        .find(|line| line["operation_id"] == operation)
        .unwrap_or_else(|| panic!("{operation} is not in the report"))
}

/// Requests per method other than GET.
fn non_get(stand_in: &StandIn) -> Vec<(String, u64)> {
    stand_in
        .stats()
        .methods
        .into_iter()
        .filter(|(method, _)| method != "GET")
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn egnyte_probe_reports_a_wrong_path_as_404_and_sends_only_get() {
    let options = StandInOptions::default().remove_route("GET /api/v1/issuecursor");
    let stand_in = StandIn::start(options).await.unwrap();
    let cli = Cli::new(&stand_in, None);
    cli.egnyte_login(&stand_in).await;
    let before = stand_in.stats();
    let others_before = non_get(&stand_in);

    let output = cli.run(&["egnyte", "probe", "--output", "json"], "").await;
    assert_success(&output);
    let report: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();

    // The removed route: 404, probably wrong.
    let cursor = line(&report, "get_issue_cursor");
    assert_eq!(cursor["status"], 404);
    assert_eq!(cursor["verdict"], "probably-wrong");
    assert_eq!(cursor["method"], "GET");
    assert_eq!(cursor["path"], "/v1/issuecursor");
    // Routes the stand-in serves: 200, exists.
    for operation in ["get_user_info", "list_issues", "get_issue_updates"] {
        assert_eq!(line(&report, operation)["status"], 200, "{operation}");
        assert_eq!(line(&report, operation)["verdict"], "exists", "{operation}");
    }
    for entry in &report {
        assert!(entry["latency_ms"].is_u64());
        assert!(!entry["path"].as_str().unwrap().contains('{'));
    }

    // One GET per operation, and nothing else.
    let after = stand_in.stats();
    assert_eq!(
        after.requests_with("GET") - before.requests_with("GET"),
        report.len() as u64
    );
    assert_eq!(
        non_get(&stand_in),
        others_before,
        "a probe sent a non-GET request"
    );
    assert_eq!(after.egnyte_token_refreshes, 0);
    let summary = text(&output.stderr);
    let wrong = report
        .iter()
        .filter(|entry| entry["verdict"] == "probably-wrong")
        .count();
    assert!(
        summary.contains(&format!("{wrong} probably wrong")),
        "{summary}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lacework_probe_reports_a_wrong_path_as_404_and_sends_only_get() {
    let options = StandInOptions::default().remove_route("GET /api/v1/groups");
    let stand_in = StandIn::start(options).await.unwrap();
    let cli = Cli::new(&stand_in, Some("stand-in-api-token"));

    let output = cli.run(&["lacework", "probe", "-o", "ndjson"], "").await;
    assert_success(&output);
    let report: Vec<Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(line(&report, "list_groups")["status"], 404);
    assert_eq!(line(&report, "list_groups")["verdict"], "probably-wrong");
    assert_eq!(line(&report, "list_apps")["status"], 200);
    assert_eq!(line(&report, "list_users")["verdict"], "exists");
    // TokenLogin needs the account: it is not probed (and is the only other GET).
    assert!(
        report
            .iter()
            .all(|line| line["operation_id"] != "token_login")
    );
    let stats = stand_in.stats();
    assert_eq!(stats.requests_with("GET"), report.len() as u64 + 1);
    assert!(non_get(&stand_in).is_empty(), "{:?}", stats.methods);
}
