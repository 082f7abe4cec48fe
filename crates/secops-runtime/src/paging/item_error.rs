//! [`ItemError`]: one listed item that did not decode.

use std::fmt;

/// One item of a listing page that did not decode as the listing's item type. The listing
/// goes on past it.
///
/// It names the operation, the item's position on its page, the item's id when it has one
/// that can be read, and the JSON path inside the item where decoding failed; its message never
/// repeats the item's values.
///
/// ```
/// use secops_runtime::paging::ItemError;
///
/// let error = ItemError::new("list_issues", 3, Some("42".into()), "status".into(), "invalid type: map, expected i64".into());
/// assert_eq!(
///     error.to_string(),
///     "list_issues: item 3 of the page (id 42) does not decode: at status: invalid type: map, expected i64"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemError {
    operation: &'static str,
    index: usize,
    id: Option<String>,
    path: String,
    problem: String,
    cursor: Option<String>,
}

impl ItemError {
    /// The item at `index` of a page of `operation`, with `id`, failing at `path`.
    pub fn new(
        operation: &'static str,
        index: usize,
        id: Option<String>,
        path: String,
        problem: String,
    ) -> Self {
        Self {
            operation,
            index,
            id,
            path,
            problem,
            cursor: None,
        }
    }

    /// The same error, recording the item's value of the listing's `cursor-from-items` field
    /// (for example its `updated` time), read on its own.
    pub fn with_cursor(mut self, cursor: Option<String>) -> Self {
        self.cursor = cursor;
        self
    }

    /// The item's value of the listing's `cursor-from-items` field, when it can be read.
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    /// The operation id of the listing.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The item's position on its page (0 for the first).
    pub fn index(&self) -> usize {
        self.index
    }

    /// The item's `id` (or `uuid`), when it can be read.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// Where inside the item decoding failed (`status`, `policies[0].name`); empty for the
    /// item as a whole.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, without the item's values.
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: item {} of the page", self.operation, self.index)?;
        if let Some(id) = &self.id {
            write!(f, " (id {id})")?;
        }
        f.write_str(" does not decode: ")?;
        if !self.path.is_empty() && self.path != "." {
            write!(f, "at {}: ", self.path)?;
        }
        f.write_str(&self.problem)
    }
}

impl std::error::Error for ItemError {}
