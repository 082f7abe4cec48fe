//! The operation subcommands, generated from `openapi/*.json` by `cargo xtask regen`
//! (`xtask/src/cli.rs`), and the helpers they call.
//!
//! `egnyte.rs` and `lacework.rs` are generated (never edit them by hand: change the spec or
//! the generator and run `cargo xtask regen`); this file is written by hand. Each generated
//! module exports `commands()` (one clap subcommand per operation) and
//! `run(client, name, matches, out)`, which builds the operation's request from the flags,
//! sends it and writes the answer:
//!
//! - a JSON answer with [`Output::write`]; an empty answer prints nothing;
//! - a byte answer (the SAR ZIP archive) raw to `--output-file FILE`, or to stdout when it is
//!   not a terminal ([`write_bytes`]);
//! - with `--all` on a listing (an operation with `x-pagination`), every item of every page as
//!   it arrives ([`all_items`]).
//!
//! A request body comes from `--json-body FILE` (`-`: stdin) and, for flat bodies, from one
//! flag per property, applied on top ([`body`]).

pub mod egnyte;
pub mod lacework;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Arg, ArgAction, ArgMatches};
use futures::{Stream, StreamExt};
use secops_sdk::pagination::Paginate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::exit::{CliError, Exit, one_line};
use crate::output::Output;
use crate::progress::Progress;

/// The id (and long name) of `--json-body`.
pub const JSON_BODY: &str = "json-body";
/// The id of `--all`.
pub const ALL: &str = "all";
/// The id of `--output-file`.
pub const OUTPUT_FILE: &str = "output-file";

/// `--json-body FILE`: the request body as JSON (`-` for stdin).
pub fn json_body_arg(required: bool, help: &'static str) -> Arg {
    Arg::new(JSON_BODY)
        .long(JSON_BODY)
        .value_name("FILE")
        .required(required)
        .help(help)
}

/// `--all`: every page of a listing.
pub fn all_arg() -> Arg {
    Arg::new(ALL).long(ALL).action(ArgAction::SetTrue).help(
        "Fetch every page and write every item as it arrives: a JSON array, or one item per \
         line with --output ndjson",
    )
}

/// `--output-file FILE`: where a byte answer goes.
pub fn output_file_arg() -> Arg {
    Arg::new(OUTPUT_FILE)
        .long(OUTPUT_FILE)
        .value_name("FILE")
        .value_parser(clap::value_parser!(PathBuf))
        .help("Write the answer's bytes to FILE (replaced once complete) instead of stdout")
}

/// The value parser of an integer enum: the listed values, or their names
/// (`x-enum-varnames`), as an `i64`.
pub fn integer_enum(
    values: &'static [(&'static str, Option<&'static str>)],
) -> impl TypedValueParser<Value = i64> {
    let possible = values.iter().map(|(value, name)| match name {
        Some(name) => PossibleValue::new(*value).alias(*name).help(*name),
        None => PossibleValue::new(*value),
    });
    PossibleValuesParser::new(possible).try_map(move |given: String| {
        let number = values
            .iter()
            .find(|(_, name)| *name == Some(given.as_str()))
            .map_or(given.as_str(), |(value, _)| value);
        number.parse::<i64>()
    })
}

/// One flag of a flat request body.
#[derive(Clone, Copy, Debug)]
pub struct BodyFlag {
    /// The flag's id (its long name).
    pub flag: &'static str,
    /// The JSON property it sets.
    pub property: &'static str,
    /// What JSON value the flag's value becomes.
    pub json: Json,
}

/// The JSON kind of a body flag's value (the type its value parser gives).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Json {
    /// A string (`String`).
    Text,
    /// An integer (`i64`).
    Integer,
    /// A number (`f64`).
    #[allow(dead_code)] // no flat body of the current specs has a `number` property
    Number,
    /// `true` or `false` (`bool`).
    Boolean,
}

/// The request body of `operation`: `--json-body` (or `{}`), with the body flags set on top,
/// decoded into `T`. A file that cannot be read or is not JSON, or a body that does not fit
/// `T`, is a usage error (exit 2) naming the file and the JSON path.
pub fn body<T: DeserializeOwned>(
    matches: &ArgMatches,
    operation: &str,
    flags: &[BodyFlag],
) -> Result<T, CliError> {
    let file = matches.get_one::<String>(JSON_BODY);
    let mut value = match file {
        Some(path) => read_json(path)?,
        None => Value::Object(Map::new()),
    };
    let given: Vec<(&BodyFlag, Value)> = flags
        .iter()
        .filter_map(|flag| flag_value(matches, flag).map(|value| (flag, value)))
        .collect();
    if !given.is_empty() {
        let Value::Object(object) = &mut value else {
            return Err(CliError::usage(format!(
                "--json-body {}: body flags need a JSON object to set fields on, not {}",
                file.map_or("-", String::as_str),
                kind(&value)
            )));
        };
        for (flag, value) in given {
            object.insert(flag.property.to_owned(), value);
        }
    }
    let source = match (file, flags.iter().any(|f| matches.contains_id(f.flag))) {
        (Some(path), true) => format!("--json-body {path} and the body flags"),
        (Some(path), false) => format!("--json-body {path}"),
        (None, _) => "the body flags".to_owned(),
    };
    serde_path_to_error::deserialize(value).map_err(|error| {
        CliError::usage(format!(
            "the request body of {operation} ({source}) does not fit: at `{}`: {}",
            error.path(),
            one_line(&error.inner().to_string())
        ))
    })
}

/// The JSON value of `flag`, when it was given.
fn flag_value(matches: &ArgMatches, flag: &BodyFlag) -> Option<Value> {
    match flag.json {
        Json::Text => matches
            .get_one::<String>(flag.flag)
            .map(|v| Value::from(v.as_str())),
        Json::Integer => matches.get_one::<i64>(flag.flag).map(|v| Value::from(*v)),
        Json::Number => matches.get_one::<f64>(flag.flag).map(|v| Value::from(*v)),
        Json::Boolean => matches.get_one::<bool>(flag.flag).map(|v| Value::from(*v)),
    }
}

/// The JSON in `path` (`-`: stdin).
fn read_json(path: &str) -> Result<Value, CliError> {
    let text = if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|error| {
                CliError::usage(format!("--json-body -: cannot read stdin: {error}"))
            })?;
        text
    } else {
        std::fs::read_to_string(path)
            .map_err(|error| CliError::usage(format!("--json-body {path}: cannot read: {error}")))?
    };
    serde_json::from_str(&text)
        .map_err(|error| CliError::usage(format!("--json-body {path}: not valid JSON: {error}")))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `--all`: every item of every page of `listing`, written as it arrives (NDJSON: one line
/// each). An item that does not decode is reported on stderr and the listing goes on; any other
/// error ends it (a JSON array is then left unterminated, so that a partial listing cannot pass
/// for a whole one).
pub async fn all_items<'a, L>(listing: L, out: &mut Output) -> Result<(), CliError>
where
    L: Paginate<'a>,
    L::Item: Serialize,
{
    let mut progress = Progress::start(L::OPERATION);
    let mut items = listing.items();
    out.begin_list()?;
    while let Some(item) = items.next().await {
        match item {
            Ok(item) => {
                out.item(&item)?;
                progress.item();
            }
            Err(secops_sdk::Error::Item(error)) => {
                eprintln!("secops: skipped an item: {}", one_line(&error.to_string()));
            }
            Err(error) => {
                progress.finish();
                return Err(error.into());
            }
        }
    }
    progress.finish();
    out.end_list()?;
    Ok(())
}

/// Writes a byte answer to `--output-file` (through `FILE.part`, renamed once complete) or to
/// stdout, which must not be a terminal.
pub async fn write_bytes<S, B, E>(mut stream: S, matches: &ArgMatches) -> Result<(), CliError>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
    E: std::fmt::Display,
{
    let target = matches.get_one::<PathBuf>(OUTPUT_FILE);
    let part = target.map(|path| part_path(path));
    let mut sink: Box<dyn Write> = match &part {
        Some(part) => Box::new(std::fs::File::create(part).map_err(|error| {
            CliError::usage(format!("cannot create {}: {error}", part.display()))
        })?),
        None if std::io::stdout().is_terminal() => {
            return Err(CliError::usage(
                "the answer is binary: give --output-file FILE, or redirect stdout",
            ));
        }
        None => Box::new(std::io::stdout()),
    };
    let written = async {
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|error| {
                CliError::new(
                    Exit::Network,
                    format!(
                        "the answer stopped arriving: {}",
                        one_line(&error.to_string())
                    ),
                )
            })?;
            sink.write_all(chunk.as_ref())
                .map_err(|error| CliError::usage(format!("cannot write the answer: {error}")))?;
        }
        sink.flush()
            .map_err(|error| CliError::usage(format!("cannot write the answer: {error}")))
    }
    .await;
    drop(sink);
    if let (Some(part), Some(target)) = (&part, target) {
        match &written {
            Ok(()) => std::fs::rename(part, target).map_err(|error| {
                CliError::usage(format!(
                    "cannot move the answer to {}: {error}",
                    target.display()
                ))
            })?,
            Err(_) => {
                let _ = std::fs::remove_file(part);
            }
        }
    }
    written
}

/// `FILE.part` beside `FILE`.
fn part_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".part");
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use clap::Command;
    use clap::error::ErrorKind;
    use serde_json::json;

    use super::*;

    /// `--help` of every generated subcommand, parsed by the whole `secops` command tree.
    #[test]
    fn every_operation_has_help() {
        let root = crate::command();
        let vendors = [
            ("egnyte", super::egnyte::commands()),
            ("lacework", super::lacework::commands()),
        ];
        let mut count = 0;
        for (vendor, commands) in vendors {
            for operation in commands {
                let name = operation.get_name().to_owned();
                let error = root
                    .clone()
                    .try_get_matches_from(["secops", vendor, &name, "--help"])
                    .expect_err("--help ends parsing");
                assert_eq!(error.kind(), ErrorKind::DisplayHelp, "{vendor} {name}");
                let help = error.render().to_string();
                assert!(help.contains("Request: "), "{vendor} {name}:\n{help}");
                // `--help` shows the description, else the summary.
                if let Some(about) = operation.get_long_about().or(operation.get_about()) {
                    assert!(
                        help.contains(&about.to_string()),
                        "{vendor} {name}:\n{help}"
                    );
                }
                count += 1;
            }
        }
        assert_eq!(count, 196, "every operation of both specs");
    }

    /// A command with `--json-body` and two body flags, as the generated code builds it.
    fn body_command() -> Command {
        Command::new("op")
            .arg(json_body_arg(false, "body"))
            .arg(Arg::new("name").long("name"))
            .arg(
                Arg::new("size")
                    .long("size")
                    .value_parser(clap::value_parser!(i64)),
            )
            .arg(
                Arg::new("kind")
                    .long("kind")
                    .value_parser(integer_enum(&[("0", Some("PLAIN")), ("1", None)])),
            )
    }

    const FLAGS: &[BodyFlag] = &[
        BodyFlag {
            flag: "name",
            property: "name",
            json: Json::Text,
        },
        BodyFlag {
            flag: "size",
            property: "size",
            json: Json::Integer,
        },
        BodyFlag {
            flag: "kind",
            property: "kind",
            json: Json::Integer,
        },
    ];

    #[test]
    fn body_flags_set_fields_on_top_of_the_json_body() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("body.json");
        std::fs::write(&file, r#"{"name": "from-file", "size": 1, "note": "kept"}"#).unwrap();
        let matches = body_command().get_matches_from([
            "op",
            "--json-body",
            file.to_str().unwrap(),
            "--size",
            "7",
            "--kind",
            "PLAIN",
        ]);
        let merged: Value = body(&matches, "op", FLAGS).unwrap();
        assert_eq!(
            merged,
            json!({"name": "from-file", "size": 7, "kind": 0, "note": "kept"})
        );

        let matches = body_command().get_matches_from(["op", "--name", "only-flags"]);
        let flags_only: Value = body(&matches, "op", FLAGS).unwrap();
        assert_eq!(flags_only, json!({"name": "only-flags"}));
    }

    #[test]
    fn a_body_that_is_not_json_or_does_not_fit_is_a_usage_error() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Typed {
            size: i64,
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("body.json");
        let path = file.to_str().unwrap().to_owned();

        std::fs::write(&file, "{\"size\": ").unwrap();
        let matches = body_command().get_matches_from(["op", "--json-body", &path]);
        let error = body::<Typed>(&matches, "op", FLAGS).unwrap_err();
        assert_eq!(error.exit, Exit::Usage);
        assert!(
            error
                .message
                .starts_with(&format!("--json-body {path}: not valid JSON: "))
                && error.message.contains("line 1 column"),
            "{}",
            error.message
        );

        std::fs::write(&file, r#"{"size": "big"}"#).unwrap();
        let matches = body_command().get_matches_from(["op", "--json-body", &path]);
        let error = body::<Typed>(&matches, "op", FLAGS).unwrap_err();
        assert_eq!(error.exit, Exit::Usage);
        assert_eq!(
            error.message,
            format!(
                "the request body of op (--json-body {path}) does not fit: at `size`: invalid \
                 type: string \"big\", expected i64"
            )
        );

        std::fs::write(&file, "[1]").unwrap();
        let matches = body_command().get_matches_from(["op", "--json-body", &path, "--name", "x"]);
        let error = body::<Value>(&matches, "op", FLAGS).unwrap_err();
        assert_eq!(
            error.message,
            format!(
                "--json-body {path}: body flags need a JSON object to set fields on, not an array"
            )
        );

        let missing = dir.path().join("missing.json");
        let matches =
            body_command().get_matches_from(["op", "--json-body", missing.to_str().unwrap()]);
        let error = body::<Value>(&matches, "op", FLAGS).unwrap_err();
        assert!(error.message.contains("cannot read"), "{}", error.message);
    }

    #[test]
    fn integer_enums_take_values_or_names() {
        for (given, expected) in [("0", 0), ("PLAIN", 0), ("1", 1)] {
            let matches = body_command().get_matches_from(["op", "--kind", given]);
            assert_eq!(matches.get_one::<i64>("kind"), Some(&expected), "{given}");
        }
        let error = body_command()
            .try_get_matches_from(["op", "--kind", "2"])
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidValue);
    }
}
