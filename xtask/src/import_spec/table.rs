//! The operation table `openapi/tools/<vendor>-operations.csv` (an input of
//! `openapi/tools/build_specs.py`) brought in step with the merged spec: the rows of matched
//! operations take the vendor's method and path (`path_source` = `vendor-spec`), operations only
//! in the vendor's file get a new row, the rows of operations the vendor lacks stay as they are.
//!
//! The file is edited field by field: every byte outside the fields that change is kept
//! (quoting, line endings, the final newline), so `git diff` shows only what the import changed.
//! The result is read back and checked against the spec the way `cargo xtask regen` checks the
//! checked-in files (`disagreements`: method and path per operationId) before anything is
//! written.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use anyhow::{Context, Result, bail};

use super::matching::normalize_summary;
use super::ordered::Json;

/// The value `path_source` takes for an operation whose method and path come from the vendor's
/// file (the spec's `x-path-source`).
pub const VENDOR_SPEC: &str = "vendor-spec";

/// One field of a record: its value and where its raw text (quotes included) sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The value, quotes removed and `""` made `"`.
    pub value: String,
    /// The byte range of the raw text in the table.
    pub span: Range<usize>,
    /// Whether the raw text is quoted.
    pub quoted: bool,
}

/// One record of a table and the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line the record starts on.
    pub line: usize,
    /// Its fields.
    pub fields: Vec<Field>,
}

impl Record {
    /// The values, for comparisons.
    pub fn values(&self) -> Vec<&str> {
        self.fields.iter().map(|f| f.value.as_str()).collect()
    }
}

/// The records of a CSV text (RFC 4180): fields
/// separated by `,`, records by LF or CRLF; a field may be quoted (`"a, b"`), with `""` for a
/// quote inside the quotes. Empty lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut value = String::new();
    let mut start = 0;
    let (mut line, mut record_line) = (1, 1);
    // Whether the current field was quoted, and whether we are inside its quotes.
    let (mut quoted, mut in_quotes) = (false, false);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek().map(|&(_, c)| c) == Some('"') => {
                    chars.next();
                    value.push('"');
                }
                '"' => in_quotes = false,
                _ => {
                    if c == '\n' {
                        line += 1;
                    }
                    value.push(c);
                }
            }
            continue;
        }
        let end_of_record = match c {
            '\r' if chars.peek().map(|&(_, c)| c) == Some('\n') => {
                chars.next();
                Some(at + 2)
            }
            '\n' => Some(at + 1),
            _ => None,
        };
        if let Some(next) = end_of_record {
            if quoted || !value.is_empty() || !fields.is_empty() {
                fields.push(Field {
                    value: std::mem::take(&mut value),
                    span: start..at,
                    quoted,
                });
                records.push(Record {
                    line: record_line,
                    fields: std::mem::take(&mut fields),
                });
            }
            quoted = false;
            line += 1;
            record_line = line;
            start = next;
            continue;
        }
        match c {
            '"' if at == start => (quoted, in_quotes) = (true, true),
            ',' => {
                fields.push(Field {
                    value: std::mem::take(&mut value),
                    span: start..at,
                    quoted,
                });
                quoted = false;
                start = at + 1;
            }
            _ if quoted => {
                return Err(format!(
                    "line {line}: {c:?} after the closing quote of a field"
                ));
            }
            '"' => return Err(format!("line {line}: a quote inside an unquoted field")),
            _ => value.push(c),
        }
    }
    if in_quotes {
        return Err(format!(
            "line {record_line}: a quoted field is never closed"
        ));
    }
    if quoted || !value.is_empty() || !fields.is_empty() {
        fields.push(Field {
            value,
            span: start..text.len(),
            quoted,
        });
        records.push(Record {
            line: record_line,
            fields,
        });
    }
    Ok(records)
}

/// A field's raw text: quoted when `quote` or when the value needs it (a comma, a quote or a
/// line break: Python's `csv.QUOTE_MINIMAL`, which wrote these tables).
fn encode(value: &str, quote: bool) -> String {
    if quote || value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// One operation of the spec, where it sits.
#[derive(Debug)]
struct SpecOperation<'a> {
    id: String,
    method: String,
    path: String,
    operation: &'a Json,
}

fn spec_operations(spec: &Json) -> Vec<SpecOperation<'_>> {
    super::matching::each_operation(spec)
        .map(|(path, method, operation)| SpecOperation {
            id: operation
                .get("operationId")
                .and_then(Json::as_str)
                .unwrap_or("<no operationId>")
                .to_owned(),
            method: method.clone(),
            path: path.clone(),
            operation,
        })
        .collect()
}

fn string_list(value: Option<&Json>) -> Vec<String> {
    match value {
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(Json::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// The OAuth scopes an operation's `security` names, in order, each once.
fn scopes(operation: &Json) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(Json::Array(requirements)) = operation.get("security") {
        for requirement in requirements.iter().filter_map(Json::as_object) {
            for scope in requirement.values().flat_map(|v| string_list(Some(v))) {
                if !out.contains(&scope) {
                    out.push(scope);
                }
            }
        }
    }
    out
}

/// The columns the update reads and writes, by position.
struct Columns {
    width: usize,
    ordinal: usize,
    summary: usize,
    operation_id: usize,
    tags: usize,
    method: usize,
    path: usize,
    path_source: usize,
    /// Egnyte's table only.
    scope: Option<usize>,
    /// Not in today's tables (openapi/README.md, "Confirming paths with a tenant").
    path_confirmed: Option<usize>,
}

impl Columns {
    fn of(table: &str, header: &Record) -> Result<Columns> {
        let find = |name: &str| header.fields.iter().position(|f| f.value.trim() == name);
        let need = |name: &str| {
            find(name).with_context(|| {
                format!(
                    "{table}: no `{name}` column in the header {:?}",
                    header.values()
                )
            })
        };
        Ok(Columns {
            width: header.fields.len(),
            ordinal: need("ordinal")?,
            summary: need("summary")?,
            operation_id: need("operation_id")?,
            tags: find("tags").map_or_else(|| need("tag"), Ok)?,
            method: need("method")?,
            path: need("path")?,
            path_source: need("path_source")?,
            scope: find("scope"),
            path_confirmed: find("path_confirmed"),
        })
    }
}

/// The table brought in step with a merged spec, and what changed.
#[derive(Debug)]
pub struct Updated {
    /// The new text.
    pub text: String,
    /// Rows whose method or path changed: `(operationId, line, old route, new route)`.
    pub moved: Vec<(String, usize, String, String)>,
    /// Rows now marked `vendor-spec` (route changed or not).
    pub marked: usize,
    /// Rows added: `(ordinal, operationId, route)`.
    pub added: Vec<(u64, String, String)>,
}

/// Brings the operation table `text` (shown as `table` in messages) in step with the merged
/// `spec`, then reads the result back and checks it against the spec; fails, naming every
/// disagreement, when they still differ (the table disagreed with the spec before the import).
pub fn update(table: &str, text: &str, spec: &Json) -> Result<Updated> {
    let records = parse(text).map_err(|e| anyhow::anyhow!("{table}: {e}"))?;
    let Some((header, rows)) = records.split_first() else {
        bail!("{table}: empty table");
    };
    let columns = Columns::of(table, header)?;
    let operations = spec_operations(spec);
    let mut by_id: BTreeMap<&str, &SpecOperation<'_>> = BTreeMap::new();
    for op in &operations {
        by_id.entry(op.id.as_str()).or_insert(op);
    }

    // Field edits (byte range, new raw text), in table order.
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut moved = Vec::new();
    let mut marked = 0;
    let mut max_ordinal = 0u64;
    let mut has_row: BTreeSet<String> = BTreeSet::new();
    for row in rows {
        let field = |i: usize| {
            row.fields.get(i).with_context(|| {
                format!(
                    "{table}:{}: {} fields, fewer than the header's {}",
                    row.line,
                    row.fields.len(),
                    columns.width
                )
            })
        };
        if let Ok(n) = field(columns.ordinal)?.value.trim().parse::<u64>() {
            max_ordinal = max_ordinal.max(n);
        }
        let id = field(columns.operation_id)?.value.trim().to_owned();
        has_row.insert(id.clone());
        let Some(op) = by_id.get(id.as_str()) else {
            continue;
        };
        if op.operation.get("x-path-source").and_then(Json::as_str) != Some(VENDOR_SPEC) {
            continue;
        }
        let (method_field, path_field) = (field(columns.method)?, field(columns.path)?);
        let old_route = format!("{} {}", method_field.value.trim(), path_field.value.trim());
        let new_route = format!("{} {}", op.method.to_uppercase(), op.path);
        if !method_field.value.trim().eq_ignore_ascii_case(&op.method) {
            // The tables write methods in upper case.
            edits.push((
                method_field.span.clone(),
                encode(&op.method.to_uppercase(), method_field.quoted),
            ));
        }
        if path_field.value.trim() != op.path {
            edits.push((path_field.span.clone(), encode(&op.path, path_field.quoted)));
        }
        if !method_field.value.trim().eq_ignore_ascii_case(&op.method)
            || path_field.value.trim() != op.path
        {
            moved.push((id.clone(), row.line, old_route, new_route));
        }
        let mut set = |column: usize, value: &str| -> Result<()> {
            let field = field(column)?;
            if field.value.trim() != value {
                edits.push((field.span.clone(), encode(value, field.quoted)));
            }
            Ok(())
        };
        set(columns.path_source, VENDOR_SPEC)?;
        if let Some(column) = columns.path_confirmed {
            let confirmed = op.operation.get("x-path-confirmed").and_then(Json::as_str);
            set(column, confirmed.unwrap_or(""))?;
        }
        marked += 1;
    }

    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    edits.sort_by_key(|(span, _)| span.start);
    for (span, raw) in &edits {
        out.push_str(&text[at..span.start]);
        out.push_str(raw);
        at = span.end;
    }
    out.push_str(&text[at..]);

    // Operations only in the vendor's file: one row each, in spec order.
    let line_ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let ends_with_newline = text.ends_with('\n');
    let mut added = Vec::new();
    for op in &operations {
        if has_row.contains(&op.id) {
            continue;
        }
        has_row.insert(op.id.clone());
        max_ordinal += 1;
        let mut cells = vec![String::new(); columns.width];
        cells[columns.ordinal] = max_ordinal.to_string();
        cells[columns.summary] = op
            .operation
            .get("summary")
            .and_then(Json::as_str)
            .map(normalize_summary)
            .unwrap_or_default();
        cells[columns.operation_id] = op.id.clone();
        cells[columns.tags] = string_list(op.operation.get("tags")).join(";");
        cells[columns.method] = op.method.to_uppercase();
        cells[columns.path] = op.path.clone();
        cells[columns.path_source] = VENDOR_SPEC.to_owned();
        if let Some(column) = columns.scope {
            cells[column] = scopes(op.operation).join(";");
        }
        let record: Vec<String> = cells.iter().map(|c| encode(c, false)).collect();
        if !ends_with_newline && !out.is_empty() {
            out.push_str(line_ending);
        }
        out.push_str(&record.join(","));
        if ends_with_newline {
            out.push_str(line_ending);
        }
        added.push((
            max_ordinal,
            op.id.clone(),
            format!("{} {}", op.method.to_uppercase(), op.path),
        ));
    }

    let problems = disagreements(table, &out, spec)?;
    if !problems.is_empty() {
        bail!(
            "{table} would still disagree with the merged spec ({} problem(s)); was it in step \
             with the spec before the import (`cargo xtask regen --check` says)? Nothing was \
             written:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(Updated {
        text: out,
        moved,
        marked,
        added,
    })
}

/// Every way the operation table `text` and `spec` disagree on methods and paths (what
/// `regen` refuses; see `check_table`): per operationId, a method or path that differs,
/// rows of one operation that differ, and an operation in one but not the other. Methods
/// compare without regard to case.
pub fn disagreements(table: &str, text: &str, spec: &Json) -> Result<Vec<String>> {
    let records = parse(text).map_err(|e| anyhow::anyhow!("{table}: {e}"))?;
    let Some((header, rows)) = records.split_first() else {
        bail!("{table}: empty table");
    };
    let columns = Columns::of(table, header)?;
    let mut out = Vec::new();
    let mut in_table: BTreeMap<String, (usize, String, String)> = BTreeMap::new();
    for row in rows {
        let cell = |i: usize| {
            row.fields
                .get(i)
                .map(|f| f.value.trim().to_owned())
                .with_context(|| format!("{table}:{}: too few fields", row.line))
        };
        let (id, method, path) = (
            cell(columns.operation_id)?,
            cell(columns.method)?,
            cell(columns.path)?,
        );
        match in_table.get(&id) {
            None => {
                in_table.insert(id, (row.line, method, path));
            }
            Some((_, m, p)) if m.eq_ignore_ascii_case(&method) && *p == path => {}
            Some((line, m, p)) => out.push(format!(
                "`{id}`: the table's rows disagree: line {line} says {m} {p}, line {} says \
                 {method} {path}",
                row.line
            )),
        }
    }
    let mut in_spec: BTreeMap<&str, &SpecOperation<'_>> = BTreeMap::new();
    let operations = spec_operations(spec);
    for op in &operations {
        let route = format!("{} {}", op.method.to_uppercase(), op.path);
        if let Some(first) = in_spec.insert(op.id.as_str(), op) {
            out.push(format!(
                "`{}`: in the spec twice: {} {} and {route}",
                op.id,
                first.method.to_uppercase(),
                first.path
            ));
            continue;
        }
        match in_table.get(&op.id) {
            None => out.push(format!(
                "`{}`: in the spec ({route}) but not in {table}",
                op.id
            )),
            Some((line, method, path)) => {
                if !method.eq_ignore_ascii_case(&op.method) || *path != op.path {
                    out.push(format!(
                        "`{}`: {table}:{line} says {method} {path}, the spec says {route}",
                        op.id
                    ));
                }
            }
        }
    }
    for (id, (line, method, path)) in &in_table {
        if !in_spec.contains_key(id.as_str()) {
            out.push(format!(
                "`{id}`: in {table}:{line} ({method} {path}) but not in the spec"
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Json {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn records_keep_quoted_commas_quotes_line_numbers_and_spans() {
        let text = "a,b,c\r\n1,\"x, \"\"y\"\"\",z\n\n2,\"two\nlines\",\n3,,last";
        let records = parse(text).unwrap();
        let values: Vec<(usize, Vec<&str>)> =
            records.iter().map(|r| (r.line, r.values())).collect();
        assert_eq!(
            values,
            [
                (1, vec!["a", "b", "c"]),
                (2, vec!["1", "x, \"y\"", "z"]),
                (4, vec!["2", "two\nlines", ""]),
                (6, vec!["3", "", "last"]),
            ]
        );
        let quoted = &records[1].fields[1];
        assert!(quoted.quoted);
        assert_eq!(&text[quoted.span.clone()], "\"x, \"\"y\"\"\"");
        assert_eq!(&text[records[0].fields[2].span.clone()], "c");
        assert_eq!(&text[records[3].fields[2].span.clone()], "last");
        assert_eq!(
            parse("a,\"b\nc").unwrap_err(),
            "line 1: a quoted field is never closed"
        );
        assert_eq!(
            parse("a,\"b\"c").unwrap_err(),
            "line 1: 'c' after the closing quote of a field"
        );
    }

    const SPEC: &str = r#"{"paths": {
        "/v2/items/{id}": {
            "get": {"operationId": "get_item", "x-path-source": "vendor-spec"},
            "put": {"operationId": "put_item", "x-path-source": "vendor-spec"}
        },
        "/v1/old": {"get": {"operationId": "old", "x-path-source": "inferred",
                            "x-vendor-spec": "missing"}},
        "/v1/new": {"post": {"tags": ["A", "B"], "summary": " Make a  new, \"fresh\" one ",
                             "operationId": "make_new",
                             "security": [{"Auth": ["new:write", "new:read"]}, {"Auth": ["new:read"]}],
                             "x-path-source": "vendor-spec"}}
    }}"#;

    #[test]
    fn rows_take_the_vendors_routes_and_new_operations_get_rows_in_the_files_style() {
        let text = "ordinal,summary,operation_id,tags,method,path,path_source,scope\r\n\
                    1,\"Get, an item\",get_item,A,GET,/v1/items/{id},inferred,a:read\r\n\
                    2,Put,put_item,A,PATCH,\"/v1/items/{id}\",confirmed,\r\n\
                    3,Old,old,A,GET,/v1/old,inferred,a:read\r\n";
        let updated = update("ops.csv", text, &spec(SPEC)).unwrap();
        assert_eq!(
            updated.text,
            "ordinal,summary,operation_id,tags,method,path,path_source,scope\r\n\
             1,\"Get, an item\",get_item,A,GET,/v2/items/{id},vendor-spec,a:read\r\n\
             2,Put,put_item,A,PUT,\"/v2/items/{id}\",vendor-spec,\r\n\
             3,Old,old,A,GET,/v1/old,inferred,a:read\r\n\
             4,\"Make a new, \"\"fresh\"\" one\",make_new,A;B,POST,/v1/new,vendor-spec,new:write;new:read\r\n"
        );
        assert_eq!(updated.marked, 2);
        assert_eq!(
            updated.moved,
            [
                (
                    "get_item".into(),
                    2,
                    "GET /v1/items/{id}".into(),
                    "GET /v2/items/{id}".into()
                ),
                (
                    "put_item".into(),
                    3,
                    "PATCH /v1/items/{id}".into(),
                    "PUT /v2/items/{id}".into()
                ),
            ]
        );
        assert_eq!(
            updated.added,
            [(4, "make_new".into(), "POST /v1/new".into())]
        );

        // No final newline, no scope column: the same, in the file's own style.
        let text = "ordinal,summary,operation_id,tag,method,path,path_source\n\
                    1,Get,get_item,A,GET,/v2/items/{id},inferred\n\
                    2,Put,put_item,A,PUT,/v2/items/{id},inferred\n\
                    3,Old,old,A,GET,/v1/old,inferred";
        let updated = update("ops.csv", text, &spec(SPEC)).unwrap();
        assert_eq!(
            updated.text,
            "ordinal,summary,operation_id,tag,method,path,path_source\n\
             1,Get,get_item,A,GET,/v2/items/{id},vendor-spec\n\
             2,Put,put_item,A,PUT,/v2/items/{id},vendor-spec\n\
             3,Old,old,A,GET,/v1/old,inferred\n\
             4,\"Make a new, \"\"fresh\"\" one\",make_new,A;B,POST,/v1/new,vendor-spec"
        );
        assert!(updated.moved.is_empty());
    }

    #[test]
    fn a_table_out_of_step_with_the_spec_is_refused() {
        let text = "ordinal,summary,operation_id,tag,method,path,path_source\n\
                    1,Get,get_item,A,GET,/v2/items/{id},inferred\n\
                    2,Put,put_item,A,PUT,/v2/items/{id},inferred\n\
                    3,Old,old,A,GET,/v1/older,inferred\n\
                    4,Gone,gone,A,GET,/v1/gone,inferred\n";
        let error = format!("{:#}", update("ops.csv", text, &spec(SPEC)).unwrap_err());
        assert!(
            error.contains("`old`: ops.csv:4 says GET /v1/older, the spec says GET /v1/old"),
            "{error}"
        );
        assert!(
            error.contains("`gone`: in ops.csv:5 (GET /v1/gone) but not in the spec"),
            "{error}"
        );
        assert!(error.contains("Nothing was written"), "{error}");

        let error = format!(
            "{:#}",
            update("ops.csv", "ordinal,summary,method\n", &spec(SPEC)).unwrap_err()
        );
        assert!(error.contains("no `operation_id` column"), "{error}");
    }
}
