//! Every operation of every spec in `openapi/` has a contract test, and every contract test is
//! an operation.
//!
//! A spec `openapi/<name>.json` (or `.yaml` / `.yml`) is covered by the contract tests in
//! `tests/tests/<name with '-' as '_'>.rs` and/or every `.rs` file under
//! `tests/tests/<name with '-' as '_'>/`. Each operation needs exactly one
//! `#[tokio::test] async fn <operationId>()` there. The test fails listing every operationId
//! without a test, every test named after no operation of that spec (a renamed or removed
//! operation), and every operationId tested twice. In a directory (a test target whose root is
//! `main.rs`), every `.rs` file must also be reached by a `mod` declaration: a file that is not
//! is never compiled, so its tests would silently stop running while still being counted here.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `(operationId, "METHOD /path")` for every operation of `spec`, in spec order.
fn operations(spec: &Value) -> Vec<(String, String)> {
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
                out.push((id.to_owned(), format!("{} {path}", method.to_uppercase())));
            }
        }
    }
    out
}

/// Test functions (`#[tokio::test]`, `#[test]`) in `source`, in order.
fn test_functions(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut is_test = false;
    for line in source.lines().map(str::trim) {
        if line == "#[tokio::test]" || line == "#[test]" || line.starts_with("#[tokio::test(") {
            is_test = true;
            continue;
        }
        if line.starts_with("#[") || line.starts_with("///") || line.starts_with("//") {
            continue;
        }
        if is_test {
            let rest = line
                .strip_prefix("async fn ")
                .or_else(|| line.strip_prefix("fn "));
            if let Some(name) = rest.and_then(|r| r.split('(').next()) {
                out.push(name.trim().to_owned());
            }
        }
        is_test = false;
    }
    out
}

/// What is wrong between the operations of one spec and the tests meant to cover it.
fn problems(
    spec: &str,
    operations: &[(String, String)],
    tests: &[(String, PathBuf)],
) -> Vec<String> {
    let mut out = Vec::new();
    let ids: BTreeSet<&str> = operations.iter().map(|(id, _)| id.as_str()).collect();
    let mut tested: BTreeMap<&str, Vec<&Path>> = BTreeMap::new();
    for (name, file) in tests {
        tested
            .entry(name.as_str())
            .or_default()
            .push(file.as_path());
    }
    let mut seen = BTreeSet::new();
    for (id, route) in operations {
        if !seen.insert(id.as_str()) {
            out.push(format!(
                "{spec}: operationId `{id}` ({route}) appears twice in the spec"
            ));
        }
        if !tested.contains_key(id.as_str()) {
            out.push(format!(
                "{spec}: operation `{id}` ({route}) has no contract test `async fn {id}()`"
            ));
        }
    }
    for (name, files) in &tested {
        if !ids.contains(name) {
            out.push(format!(
                "{spec}: test `{name}` ({}) is named after no operation of the spec (renamed or removed?)",
                files[0].display()
            ));
        } else if files.len() > 1 {
            let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            out.push(format!(
                "{spec}: operation `{name}` is tested more than once: {}",
                files.join(", ")
            ));
        }
    }
    out
}

/// Whether `source` has a `mod <name>;` line (with or without a `pub` visibility).
fn declares_module(source: &str, name: &str) -> bool {
    let declaration = format!("mod {name};");
    source.lines().map(str::trim).any(|line| {
        line.strip_suffix(declaration.as_str())
            .map(str::trim_end)
            .is_some_and(|visibility| {
                visibility.is_empty()
                    || visibility == "pub"
                    || (visibility.starts_with("pub(") && visibility.ends_with(')'))
            })
    })
}

/// The files of the directory test target `dir` (shown as given) that no `mod` declaration
/// reaches, so that their tests never run. `files` are the target's `.rs` files, with paths
/// relative to `dir`, and their source. `main.rs` is the root; `x.rs` and `x/mod.rs` are
/// declared in the file of the directory that holds them (`main.rs` at the top, otherwise
/// `<parent>.rs` or `<parent>/mod.rs`).
fn undeclared_modules(spec: &str, dir: &str, files: &[(PathBuf, String)]) -> Vec<String> {
    let sources: BTreeMap<&Path, &str> = files
        .iter()
        .map(|(path, source)| (path.as_path(), source.as_str()))
        .collect();
    if !sources.contains_key(Path::new("main.rs")) {
        return vec![format!(
            "{spec}: {dir}/ has no main.rs, so cargo builds none of its tests"
        )];
    }
    let mut out = Vec::new();
    for (path, _) in files {
        if path == Path::new("main.rs") {
            continue;
        }
        let parent = path.parent().unwrap_or(Path::new(""));
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        // `a/b/mod.rs` is the module `b` of the directory `a`.
        let (name, holder) = if stem == "mod" {
            let name = parent
                .file_name()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            (name, parent.parent().unwrap_or(Path::new("")))
        } else {
            (stem, parent)
        };
        let declaring: Vec<PathBuf> = if holder.as_os_str().is_empty() {
            vec![PathBuf::from("main.rs")]
        } else {
            vec![holder.with_extension("rs"), holder.join("mod.rs")]
        };
        let declared = declaring.iter().any(|file| {
            sources
                .get(file.as_path())
                .is_some_and(|source| declares_module(source, name))
        });
        if !declared {
            let candidates: Vec<String> = declaring
                .iter()
                .map(|file| format!("{dir}/{}", file.display()))
                .collect();
            out.push(format!(
                "{spec}: {dir}/{} is not declared (`mod {name};` in {}), so its tests never run",
                path.display(),
                candidates.join(" or ")
            ));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn parse_spec(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let parsed = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::from_str(&text).map_err(|e| e.to_string()),
        _ => serde_norway::from_str(&text).map_err(|e| e.to_string()),
    };
    parsed.unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

#[test]
fn every_operation_has_a_contract_test() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let openapi = crate_dir.join("../openapi");
    let mut specs: Vec<PathBuf> = fs::read_dir(&openapi)
        .unwrap_or_else(|e| panic!("read {}: {e}", openapi.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"))
        })
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no spec found in {}", openapi.display());

    let mut all_problems = Vec::new();
    let mut counted = Vec::new();
    for spec_path in &specs {
        let stem = spec_path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let spec_name = spec_path.file_name().unwrap_or_default().to_string_lossy();
        let module = stem.replace('-', "_");
        let mut files = Vec::new();
        let single = crate_dir.join("tests").join(format!("{module}.rs"));
        if single.is_file() {
            files.push(single);
        }
        let dir = crate_dir.join("tests").join(&module);
        let mut dir_files = Vec::new();
        rust_files(&dir, &mut dir_files);
        if !dir_files.is_empty() {
            let sources: Vec<(PathBuf, String)> = dir_files
                .iter()
                .map(|file| {
                    let source = fs::read_to_string(file)
                        .unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
                    (
                        file.strip_prefix(&dir).unwrap_or(file).to_path_buf(),
                        source,
                    )
                })
                .collect();
            let shown = format!("tests/tests/{module}");
            all_problems.extend(undeclared_modules(&spec_name, &shown, &sources));
        }
        files.extend(dir_files);
        if files.is_empty() {
            all_problems.push(format!(
                "{spec_name}: no contract tests (expected tests/tests/{module}.rs or tests/tests/{module}/)"
            ));
            continue;
        }
        let mut tests = Vec::new();
        for file in &files {
            let source =
                fs::read_to_string(file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
            let relative = file.strip_prefix(crate_dir).unwrap_or(file).to_path_buf();
            tests.extend(
                test_functions(&source)
                    .into_iter()
                    .map(|name| (name, relative.clone())),
            );
        }
        let operations = operations(&parse_spec(spec_path));
        assert!(!operations.is_empty(), "{spec_name}: no operations found");
        counted.push(format!(
            "{spec_name}: {} operations, {} tests",
            operations.len(),
            tests.len()
        ));
        all_problems.extend(problems(&spec_name, &operations, &tests));
    }

    assert!(
        all_problems.is_empty(),
        "contract test coverage is incomplete ({} problem(s)):\n  {}\n",
        all_problems.len(),
        all_problems.join("\n  ")
    );
    println!("{}", counted.join("\n"));
}

#[test]
fn test_functions_are_found_after_their_attributes_and_docs() {
    let source = "
/// Query Apps: `GET /api/v1/apps`.
#[tokio::test]
async fn list_apps() {}

async fn helper() {}

#[test]
#[should_panic]
fn get_app() {}
";
    assert_eq!(test_functions(source), ["list_apps", "get_app"]);
}

#[test]
fn problems_name_missing_extra_and_duplicate_tests() {
    let operations = vec![
        ("list_apps".to_owned(), "GET /api/v1/apps".to_owned()),
        ("get_app".to_owned(), "GET /api/v1/apps/{uuid}".to_owned()),
    ];
    let tests = vec![
        ("list_apps".to_owned(), PathBuf::from("tests/a.rs")),
        ("list_apps".to_owned(), PathBuf::from("tests/b.rs")),
        ("get_application".to_owned(), PathBuf::from("tests/a.rs")),
    ];
    assert_eq!(
        problems("x.json", &operations, &tests),
        [
            "x.json: operation `get_app` (GET /api/v1/apps/{uuid}) has no contract test `async fn get_app()`",
            "x.json: test `get_application` (tests/a.rs) is named after no operation of the spec (renamed or removed?)",
            "x.json: operation `list_apps` is tested more than once: tests/a.rs, tests/b.rs",
        ]
    );
}

#[test]
fn files_no_mod_declaration_reaches_are_named() {
    let files = vec![
        (
            PathBuf::from("main.rs"),
            "//! Tests.\n\nmod apps;\npub(crate) mod fixtures;\n// mod users;\n".to_owned(),
        ),
        (PathBuf::from("apps.rs"), "mod helpers;\n".to_owned()),
        (PathBuf::from("apps/helpers.rs"), String::new()),
        (PathBuf::from("fixtures.rs"), String::new()),
        (PathBuf::from("fixtures/samples.rs"), String::new()),
        (PathBuf::from("users.rs"), String::new()),
    ];
    assert_eq!(
        undeclared_modules("x.json", "tests/tests/x", &files),
        [
            "x.json: tests/tests/x/fixtures/samples.rs is not declared (`mod samples;` in tests/tests/x/fixtures.rs or tests/tests/x/fixtures/mod.rs), so its tests never run",
            "x.json: tests/tests/x/users.rs is not declared (`mod users;` in tests/tests/x/main.rs), so its tests never run",
        ]
    );
    assert_eq!(
        undeclared_modules("x.json", "tests/tests/x", &files[1..]),
        ["x.json: tests/tests/x/ has no main.rs, so cargo builds none of its tests"]
    );
}
