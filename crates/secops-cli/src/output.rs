//! Where results go: JSON on stdout, pretty on a terminal and compact when piped, or one item
//! per line (`--output ndjson`).

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::exit::CliError;

/// How results are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON document: pretty on a terminal, compact when piped.
    Json,
    /// One compact JSON value per line, written as items arrive.
    Ndjson,
}

/// The writer of results: stdout, locked and flushed per item.
pub struct Output {
    format: Format,
    pretty: bool,
    stdout: io::Stdout,
    /// Items written since [`Output::begin_list`] (`None` outside a list).
    listed: Option<u64>,
}

impl Output {
    /// Results in `format` on stdout.
    pub fn new(format: Format) -> Self {
        let stdout = io::stdout();
        let pretty = format == Format::Json && stdout.is_terminal();
        Self {
            format,
            pretty,
            stdout,
            listed: None,
        }
    }

    /// Starts a listing written item by item (`--all`): a JSON array, or nothing for NDJSON.
    pub fn begin_list(&mut self) -> Result<(), CliError> {
        self.listed = Some(0);
        match self.format {
            Format::Json => self.raw("["),
            Format::Ndjson => Ok(()),
        }
    }

    /// Writes one listed item as it arrives, and flushes it.
    pub fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CliError> {
        let count = self.listed.unwrap_or(0);
        self.listed = Some(count + 1);
        match self.format {
            Format::Ndjson => self.write(value),
            Format::Json => {
                let text = self.encode(value)?;
                let separator = if count == 0 { "\n" } else { ",\n" };
                self.raw(&format!("{separator}{text}"))
            }
        }
    }

    /// Ends a listing; returns how many items were written.
    pub fn end_list(&mut self) -> Result<u64, CliError> {
        let count = self.listed.take().unwrap_or(0);
        if self.format == Format::Json {
            self.raw(if count == 0 { "]\n" } else { "\n]\n" })?;
        }
        Ok(count)
    }

    /// `value` as JSON, pretty or compact. Free-form fields hold the server's text verbatim
    /// (`RawJson`), whitespace included: the layout is rewritten after encoding
    /// ([`crate::json_text::layout`]), which changes no token.
    fn encode<T: Serialize + ?Sized>(&self, value: &T) -> Result<String, CliError> {
        compact(value).map(|text| crate::json_text::layout(&text, self.pretty))
    }

    fn raw(&mut self, text: &str) -> Result<(), CliError> {
        let mut out = self.stdout.lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(CliError::stdout)
    }

    /// The format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Writes one result (a response body, or one listed item) and flushes it.
    pub fn write<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CliError> {
        let text = match self.format {
            Format::Ndjson => crate::json_text::layout(&compact(value)?, false),
            Format::Json => self.encode(value)?,
        };
        self.raw(&format!("{text}\n"))
    }
}

/// `value` as serde_json writes it (raw JSON inside verbatim).
fn compact<T: Serialize + ?Sized>(value: &T) -> Result<String, CliError> {
    serde_json::to_string(value)
        .map_err(|error| CliError::usage(format!("cannot write the result as JSON: {error}")))
}
