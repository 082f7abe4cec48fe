//! Paging: the one loop that turns a paged operation into a stream of pages or items.
//!
//! `cargo xtask regen` implements [`Listing`] for the request builder of every operation whose
//! spec carries an `x-pagination` extension: which query parameter selects the page, which
//! response field holds the items and which the next cursor, and when the listing ends
//! ([`PageRule`]). [`pages`] and [`items`] are the loop; `secops-sdk` wraps them as
//! `.pages()` / `.items()` with its own error type.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use futures::TryStreamExt;
//! use secops_runtime::BoxFuture;
//! use secops_runtime::paging::{CursorKind, Listing, Page, PageEnd, PageRule, PagingError, items};
//!
//! /// A pretend listing of 1..=5, two per page, paged by the last number seen.
//! #[derive(Clone)]
//! struct Numbers { after: i64 }
//!
//! impl<'a> Listing<'a> for Numbers {
//!     type Item = i64;
//!     type Cursor = i64;
//!     type Error = std::convert::Infallible;
//!     const OPERATION: &'static str = "list_numbers";
//!     const CURSOR_KIND: CursorKind = CursorKind::Position;
//!
//!     fn with_cursor(self, after: i64) -> Self { Numbers { after } }
//!
//!     fn fetch_page(self) -> BoxFuture<'a, Result<Page<i64, i64>, PagingError<Self::Error>>> {
//!         let numbers: Vec<i64> = (self.after + 1..=5).take(2).collect();
//!         let rule = PageRule::new(PageEnd::EmptyPage);
//!         Box::pin(async move { Ok(rule.page(numbers, None, |n| Some(*n))) })
//!     }
//! }
//!
//! let all: Vec<i64> = items(Numbers { after: 0 }).try_collect().await.unwrap();
//! assert_eq!(all, [1, 2, 3, 4, 5]);
//! # }
//! ```

mod clean_page;
mod decode;
mod envelope;
mod free_form;
mod item_error;
mod page_loop;
mod rule;

use std::fmt;
use std::hash::Hash;

use crate::BoxFuture;

pub use decode::{PageShape, decode_page};
pub use free_form::split_free_form;
pub use item_error::ItemError;
pub use page_loop::{items, items_strict, pages};
pub use rule::{CursorMerge, PageEnd, PageRule};

/// One page of a listing: its items, the items that could not be decoded, and the cursor of
/// the next page (`None`: last page).
///
/// ```
/// use secops_runtime::paging::Page;
///
/// let page = Page::new(vec![1, 2], Some(2_i64));
/// assert_eq!(page.items.len(), 2);
/// assert!(page.skipped.is_empty());
/// ```
#[derive(Debug)]
pub struct Page<T, C> {
    /// The items of this page that decoded, in server order.
    pub items: Vec<T>,
    /// The cursor that fetches the next page, or `None` after the last page.
    pub next: Option<C>,
    /// The items of this page that did not decode, each with its position on the page.
    pub skipped: Vec<ItemError>,
}

impl<T, C> Page<T, C> {
    /// A page of `items` (all decoded) followed by `next`.
    pub fn new(items: Vec<T>, next: Option<C>) -> Self {
        Self {
            items,
            next,
            skipped: Vec::new(),
        }
    }

    /// How many items the server sent on this page, decoded or not.
    pub fn len(&self) -> usize {
        self.items.len() + self.skipped.len()
    }

    /// Whether the server sent no item on this page.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The page's items in server order: decoded ones as `Ok`, the others as `Err`.
    pub fn into_results(self) -> impl Iterator<Item = Result<T, ItemError>> {
        let mut skipped = self.skipped.into_iter().peekable();
        let mut items = self.items.into_iter();
        let mut position = 0;
        std::iter::from_fn(move || {
            let result = match skipped.peek() {
                Some(error) if error.index() == position => skipped.next().map(Err),
                _ => items.next().map(Ok).or_else(|| skipped.next().map(Err)),
            };
            position += 1;
            result
        })
    }
}

/// What a cursor means, which decides how a cursor that comes back is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorKind {
    /// The cursor marks a position (an id, a timestamp; Egnyte): the cursor just sent, handed
    /// back with an empty page, is the end of the listing.
    Position,
    /// An opaque token (Lacework Edge's `continuation_token`): a next token that this listing
    /// has already sent ends it with [`PagingError::Stopped`], whatever the page holds.
    Token,
}

/// A value that selects a page: an integer position or a string token.
///
/// ```
/// use secops_runtime::paging::Cursor;
/// assert!(String::new().is_blank());
/// assert!(!0_i64.is_blank());
/// ```
pub trait Cursor: Clone + Eq + Ord + Hash + fmt::Debug + Send + Sync {
    /// Whether the value means "no cursor" (an empty string).
    fn is_blank(&self) -> bool {
        false
    }

    /// The value as text (for [`ItemError::cursor`]).
    fn text(&self) -> String;
}

impl Cursor for String {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }

    fn text(&self) -> String {
        self.clone()
    }
}

impl Cursor for i64 {
    fn text(&self) -> String {
        self.to_string()
    }
}

/// A request builder whose operation returns pages. Implemented by generated code from the
/// operation's `x-pagination` extension; the builder's other parameters are kept on every page.
pub trait Listing<'a>: Clone + Send + Sized + 'a {
    /// One listed item.
    type Item: Send + 'a;
    /// The value that selects the next page.
    type Cursor: Cursor + 'a;
    /// The error of one call (the generated client's error type).
    type Error: Send + 'a;
    /// The operation id, for error messages.
    const OPERATION: &'static str;
    /// What the cursor means.
    const CURSOR_KIND: CursorKind;

    /// This request, with `cursor` selecting the page and every other parameter kept.
    fn with_cursor(self, cursor: Self::Cursor) -> Self;

    /// Sends this request and splits the response into a [`Page`].
    fn fetch_page(self) -> BoxFuture<'a, PageResult<'a, Self>>;
}

/// What [`Listing::fetch_page`] returns.
pub type PageResult<'a, L> = Result<
    Page<<L as Listing<'a>>::Item, <L as Listing<'a>>::Cursor>,
    PagingError<<L as Listing<'a>>::Error>,
>;

/// Why a listing stopped.
///
/// ```
/// use secops_runtime::paging::PagingError;
///
/// let error: PagingError<std::io::Error> = PagingError::Stopped {
///     operation: "list_issues",
///     problem: "the cursor did not advance".into(),
/// };
/// assert_eq!(error.to_string(), "paging through list_issues stopped: the cursor did not advance");
/// ```
#[derive(Debug)]
pub enum PagingError<E> {
    /// The call for a page failed.
    Call(E),
    /// One item of a page did not decode; the listing goes on past it (unless strict).
    Item(ItemError),
    /// The listing cannot go on (for example the server handed back a cursor already sent).
    Stopped {
        /// The operation id being paged.
        operation: &'static str,
        /// What went wrong.
        problem: String,
    },
}

impl<E: fmt::Display> fmt::Display for PagingError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Call(error) => error.fmt(f),
            Self::Item(error) => error.fmt(f),
            Self::Stopped { operation, problem } => {
                write!(f, "paging through {operation} stopped: {problem}")
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for PagingError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Call(error) => Some(error),
            Self::Item(_) | Self::Stopped { .. } => None,
        }
    }
}
