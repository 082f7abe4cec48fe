//! [`Progress`]: a one-line progress indicator on stderr for long listings (`--all`).
//!
//! ```ignore
//! let mut progress = Progress::start("list_issues");
//! while let Some(item) = items.try_next().await? {
//!     out.item(&item)?;
//!     progress.item();
//! }
//! progress.finish();
//! ```
//!
//! It draws only when stderr is a terminal, at most ten times a second, on one line it
//! rewrites (`list_issues: 1,200 items, 12 pages, 3.4 s`), and clears that line when finished
//! or dropped, so stdout (which may be piped) and error messages are never mixed with it.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

/// How often the line is redrawn at most.
const REDRAW_EVERY: Duration = Duration::from_millis(100);

/// A progress line on stderr; drawn only on a terminal. See the module documentation.
#[derive(Debug)]
pub struct Progress {
    label: String,
    enabled: bool,
    items: u64,
    pages: u64,
    started: Instant,
    drawn_at: Option<Instant>,
}

impl Progress {
    /// Starts counting for `label` (an operation id); draws only if stderr is a terminal.
    pub fn start(label: &str) -> Self {
        Self::with_enabled(label, io::stderr().is_terminal())
    }

    /// Starts counting for `label`, drawing on stderr only if `enabled`.
    pub fn with_enabled(label: &str, enabled: bool) -> Self {
        Self {
            label: label.to_owned(),
            enabled,
            items: 0,
            pages: 0,
            started: Instant::now(),
            drawn_at: None,
        }
    }

    /// Counts one item written.
    pub fn item(&mut self) {
        self.items(1);
    }

    /// Counts `count` items written.
    pub fn items(&mut self, count: u64) {
        self.items = self.items.saturating_add(count);
        self.draw(false);
    }

    /// Counts one page fetched.
    #[allow(dead_code)] // for the generated listings (`--all`)
    pub fn page(&mut self) {
        self.pages = self.pages.saturating_add(1);
        self.draw(false);
    }

    /// Items counted so far.
    #[allow(dead_code)] // for the generated listings (`--all`)
    pub fn item_count(&self) -> u64 {
        self.items
    }

    /// Clears the line (also done when dropped).
    pub fn finish(mut self) {
        self.clear();
    }

    /// The line as drawn: `label: 1,200 items, 12 pages, 3.4 s`.
    pub fn line(&self) -> String {
        let mut line = format!("{}: {} items", self.label, thousands(self.items));
        if self.pages > 0 {
            line.push_str(&format!(", {} pages", thousands(self.pages)));
        }
        line.push_str(&format!(", {:.1} s", self.started.elapsed().as_secs_f64()));
        line
    }

    fn draw(&mut self, force: bool) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if !force
            && self
                .drawn_at
                .is_some_and(|drawn| now.duration_since(drawn) < REDRAW_EVERY)
        {
            return;
        }
        self.drawn_at = Some(now);
        let mut stderr = io::stderr().lock();
        // `\r` and "erase line": the line is rewritten in place.
        let _ = write!(stderr, "\r\x1b[2K{}", self.line());
        let _ = stderr.flush();
    }

    fn clear(&mut self) {
        if self.enabled && self.drawn_at.take().is_some() {
            let mut stderr = io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[2K");
            let _ = stderr.flush();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

/// `1234567` as `1,234,567`.
fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_formats_without_drawing_when_disabled() {
        let mut progress = Progress::with_enabled("list_issues", false);
        progress.items(1_199);
        progress.item();
        progress.page();
        assert_eq!(progress.item_count(), 1_200);
        assert!(
            progress
                .line()
                .starts_with("list_issues: 1,200 items, 1 pages, "),
            "{}",
            progress.line()
        );
        progress.finish();
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
