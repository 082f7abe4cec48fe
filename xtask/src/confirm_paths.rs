//! `cargo xtask confirm-paths REPORT.json [--date YYYY-MM-DD] [--dry-run]`: marks the
//! operations a tenant answered as confirmed in the specs.
//!
//! The report is what `secops egnyte probe --output json` or `secops lacework probe --output
//! json` writes: `[{"operation_id", "method", "path", "status", "latency_ms", "verdict"}]`.
//! Each line with verdict `exists` (the tenant answered 2xx, 401 or 403) whose operation id,
//! method and path name an operation of `openapi/*.json` gets `"x-path-source": "confirmed"`
//! and `"x-path-confirmed": "<date>"` (right after `x-path-source`). The files are edited as
//! text: key order, indentation and every other byte stay as `openapi/tools/build_specs.py`
//! wrote them, so `git diff` shows only those lines. The edited file is parsed again and
//! compared with the intended change before it is written.
//!
//! Operations the report shows as `probably-wrong` (404, 405) are listed, not changed: their
//! path needs a look.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use serde_json::Value;

/// The arguments of `cargo xtask confirm-paths`.
#[derive(clap::Args)]
pub struct Args {
    /// The report of `secops egnyte probe --output json` or `secops lacework probe --output
    /// json`.
    #[arg(value_name = "REPORT.json")]
    report: PathBuf,
    /// The date to record in x-path-confirmed (YYYY-MM-DD; default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Print what would change, write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// One line of a probe report (other fields are ignored).
#[derive(Debug, Deserialize)]
struct ReportLine {
    operation_id: String,
    method: String,
    path: String,
    verdict: String,
    #[serde(default)]
    status: Option<u16>,
}

/// Runs the task with the arguments after `confirm-paths`.
pub fn run(args: Args, root: &Path) -> Result<ExitCode> {
    let Args {
        report,
        date,
        dry_run,
    } = args;
    let date = match date {
        Some(date) => check_date(&date)?,
        None => today_utc()?,
    };
    let text = std::fs::read_to_string(&report)
        .with_context(|| format!("reading {}", report.display()))?;
    let lines: Vec<ReportLine> = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a probe report (a JSON array of {{operation_id, method, path, status, \
             latency_ms, verdict}})",
            report.display()
        )
    })?;
    for line in &lines {
        if !line.method.eq_ignore_ascii_case("GET") {
            bail!(
                "{}: {} {} {}: a probe only sends GET; is this a probe report?",
                report.display(),
                line.operation_id,
                line.method,
                line.path
            );
        }
    }

    let specs = spec_files(root)?;
    let mut changed_any = false;
    let mut unmatched: Vec<&ReportLine> = Vec::new();
    let mut confirmed_ids: HashMap<String, Vec<String>> = HashMap::new();
    let answering: Vec<&ReportLine> = lines
        .iter()
        .filter(|line| line.verdict == "exists")
        .collect();
    let mut matched = vec![false; answering.len()];
    for spec_path in &specs {
        let text = std::fs::read_to_string(spec_path)
            .with_context(|| format!("reading {}", spec_path.display()))?;
        let mut wanted = Vec::new();
        for (index, line) in answering.iter().enumerate() {
            if operation_id_at(&text, &line.path, "get")?.as_deref()
                == Some(line.operation_id.as_str())
            {
                matched[index] = true;
                wanted.push(*line);
            }
        }
        if wanted.is_empty() {
            continue;
        }
        let display = spec_path
            .strip_prefix(root)
            .unwrap_or(spec_path)
            .display()
            .to_string();
        let (edited, changes) =
            confirm(&text, &wanted, &date).with_context(|| format!("editing {display}"))?;
        for change in &changes {
            println!("{display}: {change}");
        }
        if edited != text {
            changed_any = true;
            confirmed_ids
                .entry(display.clone())
                .or_default()
                .extend(wanted.iter().map(|line| line.operation_id.clone()));
            if !dry_run {
                std::fs::write(spec_path, &edited).with_context(|| format!("writing {display}"))?;
            }
        }
    }
    for (index, line) in answering.iter().enumerate() {
        if !matched[index] {
            unmatched.push(line);
        }
    }
    for line in &unmatched {
        println!(
            "warning: GET {} ({}) is in no spec of openapi/ with that operation id; skipped",
            line.path, line.operation_id
        );
    }
    let wrong: Vec<&ReportLine> = lines
        .iter()
        .filter(|line| line.verdict == "probably-wrong")
        .collect();
    if !wrong.is_empty() {
        println!(
            "\n{} operation(s) answered 404/405, so their paths are probably wrong (left as they \
             are; check them against the vendor's documentation):",
            wrong.len()
        );
        for line in &wrong {
            let status = line
                .status
                .map_or_else(|| "-".to_owned(), |status| status.to_string());
            println!("  {status} GET {} ({})", line.path, line.operation_id);
        }
    }
    if changed_any {
        println!(
            "\n{}Next: set path_source to `confirmed` in the rows of these operations in \
             openapi/tools/*-operations.csv, or the next build_specs.py run writes `inferred` \
             back (and add x-path-confirmed there too: see openapi/README.md, \"Confirming paths \
             with a tenant\"), then run `cargo xtask regen` and `cargo test --workspace`.",
            if dry_run {
                "(dry run: nothing written) "
            } else {
                ""
            }
        );
        let mut files: Vec<_> = confirmed_ids.into_iter().collect();
        files.sort();
        for (file, mut ids) in files {
            ids.sort();
            ids.dedup();
            println!("  {file}: {}", ids.join(", "));
        }
    } else {
        println!("nothing to change: no answering operation is left to confirm");
    }
    Ok(ExitCode::SUCCESS)
}

/// `openapi/*.json`, sorted.
fn spec_files(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join("openapi");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The `operationId` of `paths.<path>.<method>` in `text`, if there is such an operation.
fn operation_id_at(text: &str, path: &str, method: &str) -> Result<Option<String>> {
    let spans = member_spans(text)?;
    let key = ["paths", path, method, "operationId"]
        .map(str::to_owned)
        .to_vec();
    Ok(spans
        .get(&key)
        .and_then(|span| serde_json::from_str::<String>(&text[span.clone()]).ok()))
}

/// Applies the confirmation of `lines` (all found in `text`) and describes each change.
fn confirm(text: &str, lines: &[&ReportLine], date: &str) -> Result<(String, Vec<String>)> {
    let spans = member_spans(text)?;
    // Edits as (range, replacement), applied from the end so earlier offsets stay valid.
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut changes = Vec::new();
    let mut expected: Value = serde_json::from_str(text)?;
    let date_json = serde_json::to_string(date)?;
    for line in lines {
        let key = |member: &str| -> Vec<String> {
            ["paths", line.path.as_str(), "get", member]
                .map(str::to_owned)
                .to_vec()
        };
        let Some(source) = spans.get(&key("x-path-source")) else {
            bail!(
                "GET {} ({}) has no x-path-source to change",
                line.path,
                line.operation_id
            );
        };
        let before: String = serde_json::from_str(&text[source.clone()])?;
        let confirmed_on = spans.get(&key("x-path-confirmed"));
        let previous_date = match confirmed_on {
            Some(span) => Some(serde_json::from_str::<String>(&text[span.clone()])?),
            None => None,
        };
        if before == "confirmed" && previous_date.as_deref() == Some(date) {
            changes.push(format!(
                "{} GET {}: already confirmed on {date}",
                line.operation_id, line.path
            ));
            continue;
        }
        if before != "confirmed" {
            edits.push((source.clone(), "\"confirmed\"".to_owned()));
        }
        match confirmed_on {
            Some(span) => edits.push((span.clone(), date_json.clone())),
            None => {
                let indent = indentation_before(text, source.start);
                edits.push((
                    source.end..source.end,
                    format!(",\n{indent}\"x-path-confirmed\": {date_json}"),
                ));
            }
        }
        changes.push(match (before.as_str(), previous_date) {
            ("confirmed", Some(previous)) => format!(
                "{} GET {}: confirmed again, x-path-confirmed {previous} -> {date}",
                line.operation_id, line.path
            ),
            ("confirmed", None) => format!(
                "{} GET {}: already confirmed (public material); x-path-confirmed {date} added",
                line.operation_id, line.path
            ),
            (other, _) => format!(
                "{} GET {}: x-path-source {other} -> confirmed, x-path-confirmed {date}",
                line.operation_id, line.path
            ),
        });
        let operation = expected
            .pointer_mut(&format!(
                "/paths/{}/get",
                line.path.replace('~', "~0").replace('/', "~1")
            ))
            .and_then(Value::as_object_mut)
            .context("the operation disappeared")?;
        operation.insert("x-path-source".to_owned(), Value::from("confirmed"));
        operation.insert("x-path-confirmed".to_owned(), Value::from(date));
    }
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut edited = text.to_owned();
    for (range, replacement) in edits {
        edited.replace_range(range, &replacement);
    }
    // The edit must be exactly the intended change, and still valid JSON.
    let reparsed: Value = serde_json::from_str(&edited).context("the edited spec is not JSON")?;
    if reparsed != expected {
        bail!("the edited spec differs from the intended change; nothing written");
    }
    Ok((edited, changes))
}

/// The spaces before the key whose value starts at `value_start` (the start of its line).
fn indentation_before(text: &str, value_start: usize) -> String {
    let line_start = text[..value_start].rfind('\n').map_or(0, |index| index + 1);
    text[line_start..value_start]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// The byte range of the value of every member four levels deep
/// (`paths` / path / method / member), keyed by those four keys.
fn member_spans(text: &str) -> Result<HashMap<Vec<String>, Range<usize>>> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        position: 0,
        spans: HashMap::new(),
    };
    let mut keys = Vec::new();
    scanner.whitespace();
    scanner.value(&mut keys)?;
    scanner.whitespace();
    if scanner.position != scanner.bytes.len() {
        bail!("text after the JSON document at byte {}", scanner.position);
    }
    Ok(scanner.spans)
}

/// A JSON scanner that records where values are (it checks structure, not every detail:
/// `serde_json` checks the whole document before and after the edit).
struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    position: usize,
    spans: HashMap<Vec<String>, Range<usize>>,
}

impl Scanner<'_> {
    fn whitespace(&mut self) {
        while self
            .bytes
            .get(self.position)
            .is_some_and(|byte| byte.is_ascii_whitespace())
        {
            self.position += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.bytes.get(self.position) == Some(&byte) {
            self.position += 1;
            Ok(())
        } else {
            bail!("expected `{}` at byte {}", byte as char, self.position)
        }
    }

    fn value(&mut self, keys: &mut Vec<String>) -> Result<()> {
        let start = self.position;
        match self.bytes.get(self.position) {
            Some(b'{') => self.object(keys)?,
            Some(b'[') => self.array(keys)?,
            Some(b'"') => {
                self.string()?;
            }
            Some(_) => {
                while self.bytes.get(self.position).is_some_and(|byte| {
                    !matches!(byte, b',' | b'}' | b']') && !byte.is_ascii_whitespace()
                }) {
                    self.position += 1;
                }
            }
            None => bail!("the document ends early"),
        }
        if keys.len() == 4 {
            self.spans.insert(keys.clone(), start..self.position);
        }
        Ok(())
    }

    fn object(&mut self, keys: &mut Vec<String>) -> Result<()> {
        self.expect(b'{')?;
        self.whitespace();
        if self.bytes.get(self.position) == Some(&b'}') {
            self.position += 1;
            return Ok(());
        }
        loop {
            self.whitespace();
            let key_span = self.string()?;
            let key: String = serde_json::from_str(&self.text[key_span])?;
            self.whitespace();
            self.expect(b':')?;
            self.whitespace();
            keys.push(key);
            self.value(keys)?;
            keys.pop();
            self.whitespace();
            match self.bytes.get(self.position) {
                Some(b',') => self.position += 1,
                Some(b'}') => {
                    self.position += 1;
                    return Ok(());
                }
                _ => bail!("expected `,` or `}}` at byte {}", self.position),
            }
        }
    }

    fn array(&mut self, keys: &[String]) -> Result<()> {
        self.expect(b'[')?;
        self.whitespace();
        if self.bytes.get(self.position) == Some(&b']') {
            self.position += 1;
            return Ok(());
        }
        // Array elements are not members: scanned with keys too deep to be recorded.
        let mut inner = keys.to_vec();
        inner.extend(std::iter::repeat_n(String::new(), 5));
        loop {
            self.whitespace();
            self.value(&mut inner)?;
            self.whitespace();
            match self.bytes.get(self.position) {
                Some(b',') => self.position += 1,
                Some(b']') => {
                    self.position += 1;
                    return Ok(());
                }
                _ => bail!("expected `,` or `]` at byte {}", self.position),
            }
        }
    }

    /// A string, quotes included.
    fn string(&mut self) -> Result<Range<usize>> {
        let start = self.position;
        self.expect(b'"')?;
        loop {
            match self.bytes.get(self.position) {
                Some(b'\\') => self.position += 2,
                Some(b'"') => {
                    self.position += 1;
                    return Ok(start..self.position);
                }
                Some(_) => self.position += 1,
                None => bail!("a string starting at byte {start} does not end"),
            }
        }
    }
}

/// `YYYY-MM-DD`, checked.
fn check_date(text: &str) -> Result<String> {
    let parts: Vec<&str> = text.split('-').collect();
    let valid = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts
            .iter()
            .all(|part| part.bytes().all(|byte| byte.is_ascii_digit()))
        && (1..=12).contains(&parts[1].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&parts[2].parse::<u32>().unwrap_or(0));
    if valid {
        Ok(text.to_owned())
    } else {
        bail!("--date {text:?} is not a date like 2025-01-31")
    }
}

/// Today's date in UTC, `YYYY-MM-DD`.
fn today_utc() -> Result<String> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .context("the clock is before 1970")?
        .as_secs();
    let days = i64::try_from(seconds / 86_400).context("the clock is too far ahead")?;
    let (year, month, day) = civil_from_days(days);
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"{
  "openapi": "3.0.3",
  "paths": {
    "/v1/things": {
      "get": {
        "operationId": "list_things",
        "parameters": [
          {
            "name": "x-path-source",
            "in": "query"
          }
        ],
        "x-path-source": "inferred",
        "x-pagination": {
          "cursor-param": "cursor"
        }
      },
      "post": {
        "operationId": "create_thing",
        "x-path-source": "inferred"
      }
    },
    "/v1/other": {
      "get": {
        "operationId": "get_other",
        "x-path-source": "inferred"
      }
    },
    "/v1/seen": {
      "get": {
        "operationId": "get_seen",
        "x-path-source": "confirmed"
      }
    }
  }
}
"#;

    fn line(operation_id: &str, path: &str) -> ReportLine {
        ReportLine {
            operation_id: operation_id.to_owned(),
            method: "GET".to_owned(),
            path: path.to_owned(),
            verdict: "exists".to_owned(),
            status: Some(200),
        }
    }

    #[test]
    fn only_the_answering_operations_change_line_by_line() {
        let things = line("list_things", "/v1/things");
        let other = line("get_other", "/v1/other");
        let seen = line("get_seen", "/v1/seen");
        let (edited, changes) = confirm(SPEC, &[&things, &other, &seen], "2025-02-03").unwrap();
        assert_eq!(changes.len(), 3);
        let expected = SPEC
            .replace(
                "        \"x-path-source\": \"inferred\",\n        \"x-pagination\"",
                "        \"x-path-source\": \"confirmed\",\n        \"x-path-confirmed\": \"2025-02-03\",\n        \"x-pagination\"",
            )
            .replace(
                "\"get_other\",\n        \"x-path-source\": \"inferred\"\n",
                "\"get_other\",\n        \"x-path-source\": \"confirmed\",\n        \"x-path-confirmed\": \"2025-02-03\"\n",
            )
            .replace(
                "\"get_seen\",\n        \"x-path-source\": \"confirmed\"\n",
                "\"get_seen\",\n        \"x-path-source\": \"confirmed\",\n        \"x-path-confirmed\": \"2025-02-03\"\n",
            );
        assert_eq!(edited, expected);
        // The POST and the query parameter named like the extension are untouched.
        assert!(edited.contains("\"create_thing\",\n        \"x-path-source\": \"inferred\""));
        assert!(edited.contains("\"name\": \"x-path-source\""));

        // Again with the same date: nothing changes; with a later one, only the dates.
        let (again, _) = confirm(&edited, &[&things], "2025-02-03").unwrap();
        assert_eq!(again, edited);
        let (later, changes) = confirm(&edited, &[&things], "2025-03-01").unwrap();
        assert_eq!(
            later,
            edited.replacen("\"2025-02-03\"", "\"2025-03-01\"", 1)
        );
        assert!(
            changes[0].contains("2025-02-03 -> 2025-03-01"),
            "{changes:?}"
        );
    }

    #[test]
    fn operations_are_found_by_path_method_and_id() {
        assert_eq!(
            operation_id_at(SPEC, "/v1/other", "get")
                .unwrap()
                .as_deref(),
            Some("get_other")
        );
        assert_eq!(operation_id_at(SPEC, "/v1/other", "post").unwrap(), None);
        assert_eq!(operation_id_at(SPEC, "/v1/none", "get").unwrap(), None);
    }

    #[test]
    fn the_real_specs_scan_and_a_confirmation_round_trips() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        for spec in spec_files(root).unwrap() {
            let text = std::fs::read_to_string(&spec).unwrap();
            let spans = member_spans(&text).unwrap();
            let sources = spans.keys().filter(|key| key[3] == "x-path-source").count();
            let operations = spans.keys().filter(|key| key[3] == "operationId").count();
            assert_eq!(sources, operations, "{}", spec.display());
            // Confirm the first GET without a path parameter: a two-line diff at most.
            let key = spans
                .keys()
                .filter(|key| key[2] == "get" && key[3] == "operationId" && !key[1].contains('{'))
                .min()
                .unwrap()
                .clone();
            let id: String = serde_json::from_str(&text[spans[&key].clone()]).unwrap();
            let probed = line(&id, &key[1]);
            let (edited, _) = confirm(&text, &[&probed], "2025-01-01").unwrap();
            let changed_lines = edited.lines().count() - text.lines().count();
            assert_eq!(changed_lines, 1, "{}", spec.display());
        }
    }

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert!(check_date("2025-01-31").is_ok());
        assert!(check_date("2025-1-31").is_err());
        assert!(check_date("2025-13-01").is_err());
        assert!(today_utc().unwrap().starts_with("20"));
    }
}
