//! The operation tables `openapi/tools/<vendor>-operations.csv` (inputs of `build_specs.py`)
//! and the specs `openapi/*.json` built from them give every operation the same method and path.
//!
//! The JSON is the source of truth; the tables are what `build_specs.py` reads to write it. The
//! test fails naming each operationId whose method or path differs (with both values and where
//! each is written), and each operationId that is in one but not the other. An operation may
//! have several identical rows (Egnyte lists one operation under two sections); rows of one
//! operationId that disagree with each other are reported too.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value;

/// Each operation table and the spec built from it, relative to `openapi/`.
const PAIRS: [(&str, &str); 2] = [
    ("tools/lacework-operations.csv", "lacework-edge.json"),
    ("tools/egnyte-operations.csv", "egnyte-protect.json"),
];

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation's method and path, and where they are written (`file:line` or a JSON
/// location), for messages.
#[derive(Debug, Clone)]
struct Route {
    method: String,
    path: String,
    at: String,
}

/// The records of a CSV text (RFC 4180): fields separated by `,`, records by LF or CRLF; a
/// field may be quoted (`"a, b"`), with `""` for a quote inside the quotes. Each record comes
/// with the line it starts on (1-based). Empty lines are skipped.
fn parse_csv(text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    // Whether the current field was quoted, and whether we are inside its quotes.
    let (mut quoted, mut in_quotes) = (false, false);
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted => (quoted, in_quotes) = (true, true),
            ',' => {
                record.push(std::mem::take(&mut field));
                quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                if quoted || !field.is_empty() || !record.is_empty() {
                    record.push(std::mem::take(&mut field));
                    records.push((record_line, std::mem::take(&mut record)));
                }
                quoted = false;
                line += 1;
                record_line = line;
            }
            _ if quoted => {
                return Err(format!(
                    "line {line}: {c:?} after the closing quote of a field"
                ));
            }
            '"' => return Err(format!("line {line}: a quote inside an unquoted field")),
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(format!(
            "line {record_line}: a quoted field is never closed"
        ));
    }
    if quoted || !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push((record_line, record));
    }
    Ok(records)
}

/// `(operationId, route)` for every row of an operation table, in table order; `name` is how
/// the table is shown in messages.
fn table_routes(name: &str, text: &str) -> Vec<(String, Route)> {
    let records = parse_csv(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let Some(((_, header), rows)) = records.split_first() else {
        panic!("{name}: empty table");
    };
    let column = |wanted: &str| {
        header
            .iter()
            .position(|h| h.trim() == wanted)
            .unwrap_or_else(|| panic!("{name}: no `{wanted}` column in the header {header:?}"))
    };
    let (id, method, path) = (column("operation_id"), column("method"), column("path"));
    rows.iter()
        .map(|(line, row)| {
            let cell = |i: usize| {
                row.get(i).map(|c| c.trim().to_owned()).unwrap_or_else(|| {
                    panic!(
                        "{name}:{line}: {} fields, fewer than the header's {}",
                        row.len(),
                        header.len()
                    )
                })
            };
            let route = Route {
                method: cell(method),
                path: cell(path),
                at: format!("{name}:{line}"),
            };
            (cell(id), route)
        })
        .collect()
}

/// `(operationId, route)` for every operation of a spec, in spec order; `name` is how the spec
/// is shown in messages.
fn spec_routes(name: &str, spec: &Value) -> Vec<(String, Route)> {
    let mut out = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                let id = operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or("<no operationId>");
                let route = Route {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    at: format!("{name} paths[\"{path}\"].{method}"),
                };
                out.push((id.to_owned(), route));
            }
        }
    }
    out
}

/// Every way `table` and `spec` disagree on methods and paths. Methods compare without regard
/// to case (the tables write `POST`, the specs' keys are `post`); paths compare exactly.
fn disagreements(
    table_name: &str,
    table: &[(String, Route)],
    spec_name: &str,
    spec: &[(String, Route)],
) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_table: BTreeMap<&str, &Route> = BTreeMap::new();
    for (id, route) in table {
        match in_table.get(id.as_str()) {
            None => {
                in_table.insert(id, route);
            }
            Some(first)
                if first.method.eq_ignore_ascii_case(&route.method) && first.path == route.path => {
            }
            Some(first) => out.push(format!(
                "`{id}`: the table's rows disagree: {} says {} {}, {} says {} {}",
                first.at, first.method, first.path, route.at, route.method, route.path
            )),
        }
    }
    let mut in_spec: BTreeMap<&str, &Route> = BTreeMap::new();
    for (id, route) in spec {
        if let Some(first) = in_spec.get(id.as_str()) {
            out.push(format!(
                "`{id}`: in {spec_name} twice: {} {} and {} {}",
                first.method, first.path, route.method, route.path
            ));
            continue;
        }
        in_spec.insert(id, route);
        let Some(row) = in_table.get(id.as_str()) else {
            out.push(format!(
                "`{id}`: in {spec_name} ({} {}) but not in {table_name}",
                route.method, route.path
            ));
            continue;
        };
        if !row.method.eq_ignore_ascii_case(&route.method) {
            out.push(format!(
                "`{id}`: method differs: {} says {}, {} says {}",
                row.at, row.method, route.at, route.method
            ));
        }
        if row.path != route.path {
            out.push(format!(
                "`{id}`: path differs: {} says {}, {} says {}",
                row.at, row.path, route.at, route.path
            ));
        }
    }
    for (id, row) in &in_table {
        if !in_spec.contains_key(id) {
            out.push(format!(
                "`{id}`: in {} ({} {}) but not in {spec_name}",
                row.at, row.method, row.path
            ));
        }
    }
    out
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[test]
fn operation_tables_agree_with_specs() {
    let openapi = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi");
    let mut problems = Vec::new();
    let mut counted = Vec::new();
    for (table_file, spec_file) in PAIRS {
        let table_name = format!("openapi/{table_file}");
        let spec_name = format!("openapi/{spec_file}");
        let table = table_routes(&table_name, &read(&openapi.join(table_file)));
        let spec: Value = serde_json::from_str(&read(&openapi.join(spec_file)))
            .unwrap_or_else(|e| panic!("parse {spec_name}: {e}"));
        let spec = spec_routes(&spec_name, &spec);
        assert!(!table.is_empty(), "{table_name}: no rows");
        assert!(!spec.is_empty(), "{spec_name}: no operations");
        counted.push(format!(
            "{table_name}: {} rows; {spec_name}: {} operations",
            table.len(),
            spec.len()
        ));
        problems.extend(disagreements(&table_name, &table, &spec_name, &spec));
    }
    assert!(
        problems.is_empty(),
        "the operation tables and the specs disagree ({} problem(s)); the JSON is the source of \
         truth: fix the table, or edit both and rebuild (openapi/README.md):\n  {}\n",
        problems.len(),
        problems.join("\n  ")
    );
    println!("{}", counted.join("\n"));
}

#[test]
fn csv_records_keep_quoted_commas_quotes_and_line_numbers() {
    let text = "a,b,c\r\n1,\"x, \"\"y\"\"\",z\n\n2,\"two\nlines\",\n3,,last";
    assert_eq!(
        parse_csv(text).unwrap(),
        [
            (1, vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]),
            (
                2,
                vec!["1".to_owned(), "x, \"y\"".to_owned(), "z".to_owned()]
            ),
            (
                4,
                vec!["2".to_owned(), "two\nlines".to_owned(), String::new()]
            ),
            (6, vec!["3".to_owned(), String::new(), "last".to_owned()]),
        ]
    );
    assert_eq!(
        parse_csv("a,\"b\nc").unwrap_err(),
        "line 1: a quoted field is never closed"
    );
    assert_eq!(
        parse_csv("a,\"b\"c").unwrap_err(),
        "line 1: 'c' after the closing quote of a field"
    );
}

#[test]
fn disagreements_name_the_operation_and_both_values() {
    let table = table_routes(
        "ops.csv",
        "ordinal,summary,operation_id,tag,method,path\n\
         1,Get,get_app,Apps,GET,/api/v1/apps/{uuid}\n\
         2,Update,update_app,Apps,PUT,/api/v1/apps/{id}\n\
         3,Old,old_op,Apps,GET,/api/v1/old\n\
         4,Test,run_test,Dev,POST,/api/v1/test\n\
         5,Test,run_test,Dev,POST,/api/v1/test\n\
         6,Test,run_test,Dev,POST,/api/v1/tests\n",
    );
    // Paths in sorted order, so that the order is the same with or without serde_json's
    // `preserve_order`.
    let spec = spec_routes(
        "x.json",
        &serde_json::json!({"paths": {
            "/api/v1/apps/{uuid}": {
                "get": {"operationId": "get_app"},
                "patch": {"operationId": "update_app"}
            },
            "/api/v1/new": {"post": {"operationId": "new_op"}},
            "/api/v1/other": {"get": {"operationId": "get_app"}},
            "/api/v1/test": {"post": {"operationId": "run_test"}}
        }}),
    );
    assert_eq!(
        disagreements("ops.csv", &table, "x.json", &spec),
        [
            "`run_test`: the table's rows disagree: ops.csv:5 says POST /api/v1/test, ops.csv:7 says POST /api/v1/tests",
            "`update_app`: method differs: ops.csv:3 says PUT, x.json paths[\"/api/v1/apps/{uuid}\"].patch says PATCH",
            "`update_app`: path differs: ops.csv:3 says /api/v1/apps/{id}, x.json paths[\"/api/v1/apps/{uuid}\"].patch says /api/v1/apps/{uuid}",
            "`new_op`: in x.json (POST /api/v1/new) but not in ops.csv",
            "`get_app`: in x.json twice: GET /api/v1/apps/{uuid} and GET /api/v1/other",
            "`old_op`: in ops.csv:4 (GET /api/v1/old) but not in x.json",
        ]
    );
    // `get_app` and `run_test` alone: matching routes and identical repeated rows.
    let table = [table[0].clone(), table[3].clone(), table[4].clone()];
    let spec = [spec[0].clone(), spec[4].clone()];
    assert_eq!(
        disagreements("ops.csv", &table, "x.json", &spec),
        Vec::<String>::new()
    );
}
