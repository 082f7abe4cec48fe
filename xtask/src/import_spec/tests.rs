//! Imports of vendor files synthesized from our own specs: moved paths, no operationIds,
//! renamed schemas, an extra and a missing operation, YAML, ambiguity, validation; the
//! operation table written with the spec, and nothing written when writing fails.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{Request, apply, import, table, table_path};

fn spec_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../openapi")
        .join(format!("{name}.json"))
}

fn ours(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(spec_path(name)).unwrap()).unwrap()
}

/// Our spec as a vendor would publish it: none of our `x-` extensions.
fn vendorized(name: &str) -> Value {
    let mut document = ours(name);
    strip(&mut document);
    document
}

/// Removes every extension (`x-*` member). Keys of maps of names (`headers`, `properties`,
/// ...) are names, not extensions: a header named `x-egnyte-request-id` stays.
fn strip(value: &mut Value) {
    strip_in(value, false);
}

fn strip_in(value: &mut Value, names: bool) {
    match value {
        Value::Object(map) => {
            if !names {
                map.retain(|key, _| !key.starts_with("x-"));
            }
            for (key, child) in map.iter_mut() {
                strip_in(
                    child,
                    !names && super::merge::NAME_MAPS.contains(&key.as_str()),
                );
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| strip_in(item, false)),
        _ => {}
    }
}

/// Our text with every operation marked as the import marks it.
fn marked_text(name: &str) -> String {
    let text = std::fs::read_to_string(spec_path(name)).unwrap();
    ["inferred", "confirmed"].iter().fold(text, |text, source| {
        text.replace(
            &format!("\"x-path-source\": \"{source}\""),
            "\"x-path-source\": \"vendor-spec\"",
        )
    })
}

fn write(dir: &Path, file: &str, document: &Value) -> PathBuf {
    let path = dir.join(file);
    let text = if file.ends_with(".yaml") {
        serde_norway::to_string(document).unwrap()
    } else {
        serde_json::to_string_pretty(document).unwrap()
    };
    std::fs::write(&path, text).unwrap();
    path
}

/// Every `$ref` to `from` made a `$ref` to `to`, and the component key renamed.
fn rename_schema(document: &mut Value, from: &str, to: &str) {
    fn walk(value: &mut Value, from: &str, to: &str) {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    if key == "$ref" && child == &json!(format!("#/components/schemas/{from}")) {
                        *child = json!(format!("#/components/schemas/{to}"));
                    } else {
                        walk(child, from, to);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| walk(item, from, to)),
            _ => {}
        }
    }
    walk(document, from, to);
    let schemas = document["components"]["schemas"].as_object_mut().unwrap();
    let schema = schemas.remove(from).unwrap();
    schemas.insert(to.to_owned(), schema);
}

fn operation<'a>(document: &'a Value, path: &str, method: &str) -> &'a Value {
    &document["paths"][path][method]
}

fn find_operation<'a>(document: &'a Value, id: &str) -> (String, String, &'a Value) {
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op["operationId"] == id {
                return (path.clone(), method.clone(), op);
            }
        }
    }
    panic!("no operation `{id}`");
}

#[test]
fn importing_our_own_file_changes_only_the_path_source_marks() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["egnyte-protect", "lacework-edge"] {
        let imported = import(name, &spec_path(name), &spec_path(name)).unwrap();
        assert!(
            imported.text == marked_text(name),
            "{name}: identity import changed more"
        );
        assert!(
            imported
                .report
                .contains("only in the vendor's file (added), 0 only in ours")
        );
        // The vendor's file without a single extension of ours gives the same: every
        // extension (x-sensitive, x-pagination, x-enum-varnames, x-inferred, x-page-type) is
        // carried over from ours.
        let file = write(dir.path(), &format!("{name}.json"), &vendorized(name));
        let imported = import(name, &spec_path(name), &file).unwrap();
        assert!(
            imported.text == marked_text(name),
            "{name}: extensions were not carried over"
        );
    }
}

#[test]
fn yaml_input_is_read_like_json() {
    let dir = tempfile::tempdir().unwrap();
    let name = "lacework-edge";
    let file = write(dir.path(), "vendor.yaml", &vendorized(name));
    let imported = import(name, &spec_path(name), &file).unwrap();
    assert!(imported.text == marked_text(name));
    assert_eq!(
        imported.document["components"]["schemas"]["EnumStatus"]["x-enum-varnames"][2],
        "ACTIVE"
    );
}

#[test]
fn other_paths_and_no_operation_ids_keep_our_names_and_take_the_vendors_paths() {
    let dir = tempfile::tempdir().unwrap();
    let name = "egnyte-protect";
    let mut vendor = vendorized(name);
    let mut paths = serde_json::Map::new();
    for (path, item) in vendor["paths"].as_object().unwrap() {
        let mut item = item.clone();
        for op in item.as_object_mut().unwrap().values_mut() {
            op.as_object_mut().unwrap().remove("operationId");
        }
        let moved = path
            .replacen("/v1/", "/v2/", 1)
            .replace("{sarId}", "{sar_id}");
        let text = serde_json::to_string(&item)
            .unwrap()
            .replace("\"sarId\"", "\"sar_id\"");
        paths.insert(moved, serde_json::from_str(&text).unwrap());
    }
    vendor["paths"] = Value::Object(paths);
    let file = write(dir.path(), "vendor.json", &vendor);

    let imported = import(name, &spec_path(name), &file).unwrap();
    let merged = &imported.document;
    let list = operation(merged, "/v2/issues", "get");
    assert_eq!(list["operationId"], "list_issues");
    assert_eq!(list["x-path-source"], "vendor-spec");
    assert_eq!(list["x-pagination"]["cursor-param"], "cursor");
    let (path, _, get_sar) = find_operation(merged, "get_sar");
    assert_eq!(path, "/v2/sars/{sar_id}");
    assert_eq!(get_sar["parameters"][0]["name"], "sar_id");
    assert!(merged["paths"].get("/v1/issues").is_none());

    let report = &imported.report;
    assert!(
        report.contains("35 operations matched, 0 only in the vendor's file"),
        "{report}"
    );
    assert!(
        report.contains("| `list_issues` | summary | none |"),
        "{report}"
    );
    assert!(
        report.contains("`list_issues`: `GET /v1/issues` → `GET /v2/issues`"),
        "{report}"
    );
    assert!(
        report.contains("`get_sar`: parameter `sar_id` (path, string(uuid), required) added; parameter `sarId` (path, string(uuid)) removed"),
        "{report}"
    );
}

#[test]
fn renamed_schemas_keep_our_names_and_the_changes_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let name = "egnyte-protect";
    let mut vendor = vendorized(name);
    rename_schema(&mut vendor, "Issue", "IssueDto");
    rename_schema(&mut vendor, "ListIssuesResponse", "IssuesPage");
    rename_schema(
        &mut vendor,
        "RegisterClassificationSourceRequest",
        "SourceRegistration",
    );
    let schemas = &mut vendor["components"]["schemas"];
    schemas["IssueDto"]["properties"]["riskScore"] = json!({"type": "number"});
    schemas["IssueDto"]["properties"]["severity"] = json!({"type": "string"});
    schemas["IssueDto"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("webViewLink");
    schemas["LegalHoldStatus"]["enum"] = json!(["open", "closed", "released"]);
    schemas["Widget"] = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    let file = write(dir.path(), "vendor.json", &vendor);

    let imported = import(name, &spec_path(name), &file).unwrap();
    let merged = &imported.document;
    let schemas = &merged["components"]["schemas"];
    assert!(schemas.get("IssueDto").is_none() && schemas.get("IssuesPage").is_none());
    assert_eq!(
        schemas["Issue"]["properties"]["riskScore"]["type"],
        "number"
    );
    assert_eq!(
        schemas["ListIssuesResponse"]["properties"]["issues"]["items"]["$ref"],
        "#/components/schemas/Issue"
    );
    // x-sensitive on a property of a renamed schema is carried to our name.
    assert_eq!(
        schemas["RegisterClassificationSourceRequest"]["properties"]["authHeader"]["x-sensitive"],
        true
    );
    assert!(schemas.get("Widget").is_some());

    let report = &imported.report;
    for expected in [
        "`IssueDto` → `Issue`",
        "`IssuesPage` → `ListIssuesResponse`",
        "`SourceRegistration` → `RegisterClassificationSourceRequest`",
        "### Only in the vendor's file (added under the vendor's name)\n\n- `Widget`",
        "`Issue`: added `riskScore` (number); retyped `severity`: integer → string; removed `webViewLink` (string)",
        "`LegalHoldStatus`: added `released`",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in\n{report}"
        );
    }
}

#[test]
fn an_extra_and_a_missing_operation_are_added_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let name = "egnyte-protect";
    let mut vendor = vendorized(name);
    vendor["paths"]
        .as_object_mut()
        .unwrap()
        .remove("/v1/issuecursor");
    vendor["paths"]["/v1/widgets"] = json!({"get": {
        "tags": ["Widgets"],
        "summary": "List all  widgets ",
        "responses": {"200": {"description": "Success."}},
        "x-codeSamples": []
    }});
    let file = write(dir.path(), "vendor.json", &vendor);

    let imported = import(name, &spec_path(name), &file).unwrap();
    let merged = &imported.document;
    let added = operation(merged, "/v1/widgets", "get");
    assert_eq!(added["operationId"], "list_all_widgets");
    assert_eq!(added["x-path-source"], "vendor-spec");
    assert!(added.get("x-codeSamples").is_none());
    let (_, _, kept) = find_operation(merged, "get_issue_cursor");
    assert_eq!(kept["x-vendor-spec"], "missing");
    assert_eq!(kept["x-path-source"], "inferred");
    assert!(
        merged["tags"]
            .as_array()
            .unwrap()
            .contains(&json!({"name": "Widgets"}))
    );

    let report = &imported.report;
    for expected in [
        "34 operations matched, 1 only in the vendor's file (added), 1 only in ours",
        "- `list_all_widgets` (from the summary): `GET /v1/widgets` \"List all widgets\"",
        "- `get_issue_cursor`: `GET /v1/issuecursor`",
        "`x-codeSamples` (1×)",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in\n{report}"
        );
    }
}

#[test]
fn an_operation_the_vendor_lists_twice_is_matched_by_method_and_path() {
    let dir = tempfile::tempdir().unwrap();
    let name = "egnyte-protect";
    let ours = ours(name);
    let (path, method, op) = find_operation(&ours, "run_classification_source_test");
    assert_eq!(
        op["summary"],
        "Request a test run on a classification source"
    );
    let mut vendor = vendorized(name);
    let mut copy = vendor["paths"][&path][&method].clone();
    copy.as_object_mut().unwrap().remove("operationId");
    vendor["paths"]["/v1/classification/sources/test"] = json!({ method.clone(): copy });
    let file = write(dir.path(), "vendor.json", &vendor);

    let imported = import(name, &spec_path(name), &file).unwrap();
    let merged = &imported.document;
    assert_eq!(
        operation(merged, &path, &method)["operationId"],
        "run_classification_source_test"
    );
    assert_eq!(
        operation(merged, "/v1/classification/sources/test", &method)["operationId"],
        "request_a_test_run_on_a_classification_source"
    );
    assert!(
        imported
            .report
            .contains("| `run_classification_source_test` | summary, then method and path |")
    );
}

#[test]
fn an_ambiguous_match_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let name = "egnyte-protect";
    let spec = dir.path().join(format!("{name}.json"));
    std::fs::copy(spec_path(name), &spec).unwrap();
    let before = std::fs::read(&spec).unwrap();

    // Two vendor operations claim our `get_sar`, and neither sits where ours does.
    let mut vendor = vendorized(name);
    let get = vendor["paths"]["/v1/sars/{sarId}"]["get"].clone();
    let paths = vendor["paths"].as_object_mut().unwrap();
    paths.remove("/v1/sars/{sarId}");
    paths.insert("/v1/sar/{sarId}".into(), json!({"get": get.clone()}));
    paths.insert("/v1/sar-requests/{sarId}".into(), json!({"get": get}));
    let file = write(dir.path(), "vendor.json", &vendor);
    let report = dir.path().join("report.md");
    let request = Request {
        name,
        spec: &spec,
        spec_display: "spec",
        file: &file,
        table: None,
        report: &report,
        dry_run: false,
    };
    let error = format!("{:#}", apply(&request, None).unwrap_err());
    assert!(
        error.contains("`get_sar` (GET /v1/sars/{sarId})"),
        "{error}"
    );
    assert!(
        error.contains("GET /v1/sar/{sarId}") && error.contains("GET /v1/sar-requests/{sarId}"),
        "{error}"
    );
    assert!(error.contains("nothing was written"), "{error}");
    assert_eq!(std::fs::read(&spec).unwrap(), before);
    assert!(!report.exists());

    // Two of ours share a summary, and the vendor moved both.
    let mut doubled = self::ours(name);
    doubled["paths"]["/v1/legalholds/{legalHoldId}"]["get"]["summary"] =
        doubled["paths"]["/v1/legalholds"]["get"]["summary"].clone();
    let ours_file = write(dir.path(), "ours.json", &doubled);
    let mut vendor = doubled.clone();
    strip(&mut vendor);
    let text = serde_json::to_string(&vendor)
        .unwrap()
        .replace("/v1/legalholds", "/v1/holds");
    let file = write(
        dir.path(),
        "vendor2.json",
        &serde_json::from_str(&text).unwrap(),
    );
    let error = format!("{:#}", import(name, &ours_file, &file).err().unwrap());
    assert!(
        error.contains("`list_legal_holds`") && error.contains("`get_legal_hold`"),
        "{error}"
    );
    assert!(error.contains("method and path cannot tell"), "{error}");
}

#[test]
fn a_merge_that_breaks_paging_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let name = "egnyte-protect";
    let mut vendor = vendorized(name);
    vendor["paths"]["/v1/sars"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["name"] != "cursor");
    let file = write(dir.path(), "vendor.json", &vendor);
    let error = format!("{:#}", import(name, &spec_path(name), &file).err().unwrap());
    assert!(
        error.contains("would not pass `cargo xtask regen`"),
        "{error}"
    );
    assert!(error.contains("paths./v1/sars.get.x-pagination"), "{error}");
}

#[test]
fn swagger_2_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "vendor.json",
        &json!({"swagger": "2.0", "paths": {}}),
    );
    let error = format!(
        "{:#}",
        import("egnyte-protect", &spec_path("egnyte-protect"), &file)
            .err()
            .unwrap()
    );
    assert!(
        error.contains("Swagger 2.0: convert it to OpenAPI 3.0"),
        "{error}"
    );
}

#[test]
fn paths_under_another_server_path_are_read_relative_to_ours() {
    let dir = tempfile::tempdir().unwrap();
    let name = "egnyte-protect";
    let mut vendor = vendorized(name);
    vendor["servers"] = json!([{"url": "https://usc1-api.egnyteprotect.com"}]);
    let text = serde_json::to_string(&vendor)
        .unwrap()
        .replace("\"/v1/", "\"/api/v1/");
    let file = write(
        dir.path(),
        "vendor.json",
        &serde_json::from_str(&text).unwrap(),
    );
    let imported = import(name, &spec_path(name), &file).unwrap();
    assert!(imported.text == marked_text(name));
    assert!(
        imported.report.contains("were read relative to ours"),
        "{}",
        imported.report
    );

    vendor["servers"] = json!([{"url": "https://usc1-api.egnyteprotect.com/other"}]);
    let file = write(dir.path(), "vendor2.json", &vendor);
    let error = format!("{:#}", import(name, &spec_path(name), &file).err().unwrap());
    assert!(
        error.contains("is not under our server path `/api`"),
        "{error}"
    );
}

#[test]
fn the_task_generates_then_writes_the_spec_and_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let name = "egnyte-protect";
    let spec = dir.path().join(format!("{name}.json"));
    std::fs::copy(spec_path(name), &spec).unwrap();
    let mut vendor = vendorized(name);
    rename_schema(&mut vendor, "LegalHold", "Hold");
    let item = vendor["paths"]
        .as_object_mut()
        .unwrap()
        .remove("/v1/legalholds")
        .unwrap();
    vendor["paths"]["/v1/legal-holds"] = item;
    let file = write(dir.path(), "vendor.yaml", &vendor);
    let report = dir.path().join("reports/import.md");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let target = crate::targets::discover(root, &[name.to_owned()])
        .unwrap()
        .remove(0);
    let request = Request {
        name,
        spec: &spec,
        spec_display: "spec",
        file: &file,
        table: None,
        report: &report,
        dry_run: false,
    };
    apply(&request, Some((dir.path().join("scratch"), &target))).unwrap();

    let written: Value = serde_json::from_str(&std::fs::read_to_string(&spec).unwrap()).unwrap();
    assert_eq!(
        operation(&written, "/v1/legal-holds", "get")["operationId"],
        "list_legal_holds"
    );
    assert!(written["components"]["schemas"].get("LegalHold").is_some());
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.contains("`Hold` → `LegalHold`"), "{text}");
    assert!(
        text.contains("`list_legal_holds`: `GET /v1/legalholds` → `GET /v1/legal-holds`"),
        "{text}"
    );
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            format!("{name}.json"),
            "reports".into(),
            "scratch".into(),
            "vendor.yaml".into()
        ]
    );
}

#[test]
fn an_inline_body_the_vendor_spells_out_is_reported_and_keeps_our_marks() {
    let dir = tempfile::tempdir().unwrap();
    let name = "lacework-edge";
    let mut vendor = vendorized(name);
    let body = &mut vendor["paths"]["/api/v1/datasets"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"];
    *body = json!({"type": "object", "properties": {"name": {"type": "string"}}});
    let file = write(dir.path(), "vendor.json", &vendor);
    let imported = import(name, &spec_path(name), &file).unwrap();
    let merged = operation(&imported.document, "/api/v1/datasets", "post");
    assert_eq!(merged["requestBody"]["x-inferred"], true);
    assert_eq!(merged["operationId"], "create_dataset");
    let report = &imported.report;
    assert!(
        report.contains("`create_dataset` body (inline): added `name` (string)"),
        "{report}"
    );
}

/// `openapi/<name>.json` and its operation table copied to `dir/<name>.json` and
/// `dir/tools/<vendor>-operations.csv`.
fn copy_spec_and_table(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let spec = dir.join(format!("{name}.json"));
    std::fs::copy(spec_path(name), &spec).unwrap();
    let ours = table_path(name, &spec_path(name)).unwrap();
    std::fs::create_dir_all(dir.join("tools")).unwrap();
    let table = dir.join("tools").join(ours.file_name().unwrap());
    std::fs::copy(&ours, &table).unwrap();
    assert_eq!(table_path(name, &spec).as_deref(), Some(table.as_path()));
    (spec, table)
}

type Routes = std::collections::BTreeMap<String, std::collections::BTreeSet<(String, String)>>;

/// Method and path per operationId of an operation table (every row), as `check_table` (run by
/// `regen`) reads them.
fn table_routes(text: &str) -> Routes {
    let records = table::parse(text).unwrap();
    let header = records[0].values();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (id, method, path) = (column("operation_id"), column("method"), column("path"));
    let mut routes = Routes::new();
    for record in &records[1..] {
        let values = record.values();
        routes
            .entry(values[id].to_owned())
            .or_default()
            .insert((values[method].to_uppercase(), values[path].to_owned()));
    }
    routes
}

/// Method and path per operationId of a spec (every operation).
fn spec_routes(document: &Value) -> Routes {
    let mut routes = Routes::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(id) = op["operationId"].as_str() {
                routes
                    .entry(id.to_owned())
                    .or_default()
                    .insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes
}

/// The fields of one line of a table without quoted fields (as both of ours are).
fn cells(line: &str) -> Vec<&str> {
    line.split(',').collect()
}

#[test]
fn an_import_with_moved_paths_and_an_extra_operation_leaves_spec_and_table_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let name = "egnyte-protect";
    let (spec, table) = copy_spec_and_table(dir.path(), name);
    let table_before = std::fs::read_to_string(&table).unwrap();

    // The vendor moved the legal holds to /v1/legal-holds, updates one with PUT, lacks the
    // issue cursor and has one operation more.
    let mut vendor = vendorized(name);
    let mut paths = serde_json::Map::new();
    for (path, item) in vendor["paths"].as_object().unwrap() {
        if path == "/v1/issuecursor" {
            continue;
        }
        let mut item = item.clone();
        if path == "/v1/legalholds/{legalHoldId}" {
            let patch = item.as_object_mut().unwrap().remove("patch").unwrap();
            item["put"] = patch;
        }
        paths.insert(path.replace("/v1/legalholds", "/v1/legal-holds"), item);
    }
    paths.insert(
        "/v1/issuestats".into(),
        json!({"get": {
            "tags": ["Issues"],
            "summary": "Get issue statistics",
            "operationId": "getIssueStats",
            "security": [{"CodeGrantAuth": ["issues:read"]}],
            "responses": {"200": {"description": "Success."}}
        }}),
    );
    vendor["paths"] = Value::Object(paths);
    let file = write(dir.path(), "vendor.json", &vendor);
    let report = dir.path().join("report.md");
    let request = Request {
        name,
        spec: &spec,
        spec_display: "spec",
        file: &file,
        table: Some(&table),
        report: &report,
        dry_run: false,
    };
    let spec_before = std::fs::read(&spec).unwrap();
    apply(
        &Request {
            dry_run: true,
            ..request
        },
        None,
    )
    .unwrap();
    assert_eq!(std::fs::read(&spec).unwrap(), spec_before, "dry run");
    assert_eq!(
        std::fs::read_to_string(&table).unwrap(),
        table_before,
        "dry run"
    );
    apply(&request, None).unwrap();

    let written: Value = serde_json::from_str(&std::fs::read_to_string(&spec).unwrap()).unwrap();
    let table_after = std::fs::read_to_string(&table).unwrap();
    // What `regen`'s table check checks: one method and path per operationId, the same in
    // both files, and no operation in one only.
    assert_eq!(table_routes(&table_after), spec_routes(&written));
    let routes = spec_routes(&written);
    assert!(
        routes["update_legal_hold"]
            .contains(&("PUT".into(), "/v1/legal-holds/{legalHoldId}".into()))
    );
    assert!(routes["getIssueStats"].contains(&("GET".into(), "/v1/issuestats".into())));

    // Row by row: the same rows in the same order, only method, path and path_source changed;
    // the kept operation's row untouched; the new operation's row last.
    let (before, after): (Vec<&str>, Vec<&str>) = (
        table_before.lines().collect(),
        table_after.lines().collect(),
    );
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after[0], before[0]);
    for (old, new) in before[1..].iter().zip(&after[1..]) {
        let (old, new) = (cells(old), cells(new));
        assert_eq!(old.len(), new.len());
        assert_eq!(
            [&old[..4], &old[7..]],
            [&new[..4], &new[7..]],
            "{old:?} -> {new:?}"
        );
        if old[2] == "get_issue_cursor" {
            assert_eq!(old, new);
        } else {
            assert_eq!(new[6], "vendor-spec", "{new:?}");
        }
    }
    assert!(after.contains(
        &"28,Update Legal Hold settings,update_legal_hold,Legal Hold,PUT,/v1/legal-holds/{legalHoldId},vendor-spec,legalhold:write"
    ));
    assert!(after.contains(
        &"11,Request a test run on a classification source,run_classification_source_test,Classification Source;Dev Tools,POST,/v1/classificationsources/testrun,vendor-spec,classification:write"
    ));
    assert_eq!(
        after.last().unwrap(),
        &"37,Get issue statistics,getIssueStats,Issues,GET,/v1/issuestats,vendor-spec,issues:read"
    );
    assert!(table_after.ends_with('\n') && !table_after.contains('\r'));

    let text = std::fs::read_to_string(&report).unwrap();
    for expected in [
        "35 row(s) marked `path_source` = `vendor-spec` (8 with the vendor's method or path), 1 row(s) added",
        "`update_legal_hold`: `PATCH /v1/legalholds/{legalHoldId}` → `PUT /v1/legal-holds/{legalHoldId}`",
        "- added row 37 `getIssueStats`: `GET /v1/issuestats`",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let mut left: Vec<String> = std::fs::read_dir(dir.path().join("tools"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["egnyte-operations.csv"]);
}

#[test]
fn importing_our_own_file_changes_only_the_path_source_column_of_the_tables() {
    for name in ["egnyte-protect", "lacework-edge"] {
        let imported = import(name, &spec_path(name), &spec_path(name)).unwrap();
        let path = table_path(name, &spec_path(name)).unwrap();
        let before = std::fs::read_to_string(&path).unwrap();
        let updated = table::update("table", &before, &imported.ordered).unwrap();
        let source = cells(before.lines().next().unwrap())
            .iter()
            .position(|c| *c == "path_source")
            .unwrap();
        let expected: String = before
            .lines()
            .enumerate()
            .map(|(i, line)| {
                let mut cells = cells(line);
                if i > 0 {
                    cells[source] = "vendor-spec";
                }
                cells.join(",") + "\n"
            })
            .collect();
        assert!(
            updated.text == expected,
            "{name}: more than path_source changed"
        );
        assert!(updated.moved.is_empty() && updated.added.is_empty());
        assert_eq!(table_routes(&updated.text), spec_routes(&imported.document));
    }
}

#[test]
fn a_failure_writing_leaves_the_spec_and_the_table_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let name = "egnyte-protect";
    let (spec, table) = copy_spec_and_table(dir.path(), name);
    let (spec_before, table_before) = (
        std::fs::read(&spec).unwrap(),
        std::fs::read(&table).unwrap(),
    );
    let mut vendor = vendorized(name);
    let item = vendor["paths"]
        .as_object_mut()
        .unwrap()
        .remove("/v1/legalholds")
        .unwrap();
    vendor["paths"]["/v1/legal-holds"] = item;
    let file = write(dir.path(), "vendor.json", &vendor);
    // The spec's temporary file cannot be written (a folder sits where it goes): the table's
    // was already written by then.
    let blocker = dir.path().join(format!(".{name}.json.import-spec.tmp"));
    std::fs::create_dir(&blocker).unwrap();
    let report = dir.path().join("report.md");
    let request = Request {
        name,
        spec: &spec,
        spec_display: "spec",
        file: &file,
        table: Some(&table),
        report: &report,
        dry_run: false,
    };
    let error = format!("{:#}", apply(&request, None).unwrap_err());
    assert!(error.contains("nothing was written"), "{error}");
    assert_eq!(std::fs::read(&spec).unwrap(), spec_before);
    assert_eq!(std::fs::read(&table).unwrap(), table_before);
    let left: Vec<String> = std::fs::read_dir(dir.path().join("tools"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["egnyte-operations.csv"]);

    // A table that disagreed with the spec before the import: refused before writing.
    std::fs::remove_dir(&blocker).unwrap();
    let out_of_step = String::from_utf8(table_before.clone()).unwrap()
        + "37,Ghost,ghost_op,Issues,GET,/v1/ghost,inferred,issues:read\n";
    std::fs::write(&table, &out_of_step).unwrap();
    let error = format!("{:#}", apply(&request, None).unwrap_err());
    assert!(
        error.contains("`ghost_op`: in")
            && error.contains(":38 (GET /v1/ghost) but not in the spec"),
        "{error}"
    );
    assert!(error.contains("Nothing was written"), "{error}");
    assert_eq!(std::fs::read(&spec).unwrap(), spec_before);
    assert_eq!(std::fs::read_to_string(&table).unwrap(), out_of_step);
}

#[test]
fn the_workspaces_operation_tables_agree_with_their_specs() {
    let root = spec_path("egnyte-protect")
        .parent()
        .and_then(Path::parent)
        .expect("the workspace root")
        .to_path_buf();
    for name in ["egnyte-protect", "lacework-edge"] {
        assert!(
            table_path(name, &spec_path(name)).is_some(),
            "{name} has a table"
        );
        super::check_table(name, &spec_path(name), &root).unwrap();
    }
}

#[test]
fn regen_refuses_a_table_out_of_step_with_its_spec() {
    let dir = tempfile::tempdir().unwrap();
    let openapi = dir.path().join("openapi");
    std::fs::create_dir_all(openapi.join("tools")).unwrap();
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Acme", "version": "1"},
        "paths": {
            "/v1/items": {"get": {"operationId": "list_items", "summary": "List"}},
            "/v1/items/{id}": {"delete": {"operationId": "delete_item", "summary": "Delete"}}
        }
    });
    let spec_file = openapi.join("acme-api.json");
    std::fs::write(&spec_file, serde_json::to_string_pretty(&spec).unwrap()).unwrap();
    let table = openapi.join("tools").join("acme-operations.csv");
    let header = "ordinal,summary,operation_id,tag,method,path,path_source\n";

    std::fs::write(
        &table,
        format!("{header}1,List,list_items,A,GET,/v1/items,inferred\n2,Delete,delete_item,A,DELETE,/v1/items/{{id}},inferred\n"),
    )
    .unwrap();
    super::check_table("acme-api", &spec_file, dir.path()).unwrap();

    std::fs::write(
        &table,
        format!("{header}1,List,list_items,A,GET,/v1/itemz,inferred\n3,Old,old_item,A,GET,/v1/old,inferred\n"),
    )
    .unwrap();
    let error = format!(
        "{:#}",
        super::check_table("acme-api", &spec_file, dir.path()).unwrap_err()
    );
    assert!(
        error.contains(
            "openapi/tools/acme-operations.csv and openapi/acme-api.json disagree (3 problem(s))"
        ),
        "{error}"
    );
    assert!(error.contains("`list_items`: openapi/tools/acme-operations.csv:2 says GET /v1/itemz, the spec says GET /v1/items"), "{error}");
    assert!(
        error.contains("`delete_item`: in the spec (DELETE /v1/items/{id}) but not in"),
        "{error}"
    );
    assert!(
        error.contains(
            "`old_item`: in openapi/tools/acme-operations.csv:3 (GET /v1/old) but not in the spec"
        ),
        "{error}"
    );

    // A spec without a table (a fixture, a new vendor) is not checked.
    std::fs::remove_file(&table).unwrap();
    super::check_table("acme-api", &spec_file, dir.path()).unwrap();
}
