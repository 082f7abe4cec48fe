//! [`Paginate`] and the generic page loop.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use secops_transport::BoxFuture;

use crate::Error;

/// After this many empty pages in a row a listing stops with an error rather than keep
/// requesting pages that never come.
const MAX_EMPTY_PAGES_IN_A_ROW: u32 = 50;

/// One page of a listing: its items and the cursor of the next page (`None`: last page).
///
/// ```
/// use secops_sdk::pagination::Page;
///
/// let page = Page { items: vec![1, 2], next: Some(2_i64) };
/// assert_eq!(page.items.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T, C> {
    /// The items of this page, in server order.
    pub items: Vec<T>,
    /// The cursor that fetches the next page, or `None` after the last page.
    pub next: Option<C>,
}

/// A page, or why it could not be fetched.
pub type PageResult<T, C> = Result<Page<T, C>, Error>;

/// A request builder whose operation returns pages; gives `.pages()` and `.items()`.
///
/// Implemented for the generated builders of every Egnyte listing with a cursor:
/// `list_issues` (integer cursor), `get_issue_updates` (`modifiedAfter`), `list_sars`,
/// `list_sar_files`, `list_locations`, `list_location_files`, `list_legal_hold_files`,
/// `list_user_action_audit_events` and `list_content_lifecycle_audit_events`; and of every
/// Lacework Edge operation that returns a `continuation_token`: `list_dataset_items` and
/// `list_user_devices`.
///
/// ```no_run
/// # async fn run(egnyte: secops_sdk::EgnyteProtect) -> Result<(), secops_sdk::Error> {
/// use futures::TryStreamExt;
/// use secops_sdk::pagination::Paginate;
///
/// let files: Vec<serde_json::Value> = egnyte
///     .client()
///     .list_legal_hold_files()
///     .legal_hold_id(uuid::Uuid::nil())
///     .count(100)
///     .items()
///     .try_collect()
///     .await?;
/// # Ok(()) }
/// ```
pub trait Paginate<'a>: Clone + Send + Sized + 'a {
    /// One listed item.
    type Item: Send + 'a;
    /// The value that selects the next page.
    type Cursor: Clone + Eq + Hash + fmt::Debug + Send + Sync + 'a;
    /// The operation id, for error messages.
    const OPERATION: &'static str;
    /// `true` for opaque tokens (Lacework Edge's `continuation_token`): a next cursor that this
    /// listing has already sent ends it with [`Error::Pagination`], whatever the page holds.
    /// `false` (the default) for cursors that mark a position (Egnyte): the cursor just sent,
    /// handed back with an empty page, is the end of the listing.
    ///
    /// ```
    /// use secops_sdk::egnyte_protect_client::builder::ListIssues;
    /// use secops_sdk::lacework_edge_client::builder::ListUserDevices;
    /// use secops_sdk::pagination::Paginate;
    ///
    /// assert!(<ListUserDevices<'_> as Paginate<'_>>::REPEATED_CURSOR_IS_AN_ERROR);
    /// assert!(!<ListIssues<'_> as Paginate<'_>>::REPEATED_CURSOR_IS_AN_ERROR);
    /// ```
    const REPEATED_CURSOR_IS_AN_ERROR: bool = false;

    /// This request, with `cursor` selecting the page and every other parameter kept.
    fn with_cursor(self, cursor: Self::Cursor) -> Self;

    /// Sends this request and splits the response into a [`Page`].
    fn fetch_page(self) -> BoxFuture<'a, PageResult<Self::Item, Self::Cursor>>;

    /// The pages, fetched one at a time as the stream is polled.
    fn pages(self) -> BoxStream<'a, PageResult<Self::Item, Self::Cursor>> {
        pages(self)
    }

    /// The items of all pages, fetched one page at a time as the stream is polled.
    fn items(self) -> BoxStream<'a, Result<Self::Item, Error>> {
        pages(self)
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}

/// Where the page loop stands.
struct State<R, C> {
    request: R,
    cursor: Option<C>,
    /// With `REPEATED_CURSOR_IS_AN_ERROR`: every cursor sent so far -> the page it fetched.
    sent: HashMap<C, u32>,
    pages_fetched: u32,
    finished: bool,
    empty_pages_in_a_row: u32,
}

/// The pages of `request`; the first page uses the request as given (including a cursor you
/// set on it), later pages the cursor of the page before.
///
/// Ends after a page without a next cursor, or when the server hands back the cursor it was
/// given with an empty page. A cursor handed back with a non-empty page would repeat items
/// forever, so it ends the stream with [`Error::Pagination`]; so does, for a listing with
/// [`Paginate::REPEATED_CURSOR_IS_AN_ERROR`], any next cursor already sent (the page that
/// hands it back is not yielded).
///
/// ```no_run
/// # async fn run(lacework: secops_sdk::LaceworkEdge) -> Result<(), secops_sdk::Error> {
/// use futures::TryStreamExt;
/// use secops_sdk::pagination::pages;
///
/// let mut pages = pages(lacework.client().list_dataset_items());
/// while let Some(page) = pages.try_next().await? {
///     println!("{} items, more: {}", page.items.len(), page.next.is_some());
/// }
/// # Ok(()) }
/// ```
pub fn pages<'a, R: Paginate<'a>>(request: R) -> BoxStream<'a, PageResult<R::Item, R::Cursor>> {
    let state: State<R, R::Cursor> = State {
        request,
        cursor: None,
        sent: HashMap::new(),
        pages_fetched: 0,
        finished: false,
        empty_pages_in_a_row: 0,
    };
    stream::try_unfold(state, |mut state| async move {
        if state.finished {
            return Ok(None);
        }
        let request = match &state.cursor {
            Some(cursor) => state.request.clone().with_cursor(cursor.clone()),
            None => state.request.clone(),
        };
        let page = request.fetch_page().await?;
        state.pages_fetched = state.pages_fetched.saturating_add(1);
        state.empty_pages_in_a_row = if page.items.is_empty() {
            state.empty_pages_in_a_row + 1
        } else {
            0
        };
        let fetched_before = match &page.next {
            Some(next) if R::REPEATED_CURSOR_IS_AN_ERROR => state.sent.get(next).copied(),
            _ => None,
        };
        if let Some(earlier_page) = fetched_before {
            // The token itself stays out of the message: it is opaque and can be long.
            return Err(Error::Pagination {
                operation: R::OPERATION,
                problem: format!(
                    "page {} handed back the token already sent to fetch page {earlier_page}; \
                     stopping instead of repeating pages",
                    state.pages_fetched
                ),
            });
        }
        match &page.next {
            None => state.finished = true,
            Some(next) if state.cursor.as_ref() == Some(next) => {
                if !page.items.is_empty() {
                    return Err(Error::Pagination {
                        operation: R::OPERATION,
                        problem: format!(
                            "the server returned the cursor it was given ({next:?}) with more \
                             items; stopping instead of repeating them"
                        ),
                    });
                }
                state.finished = true;
            }
            Some(next) => {
                if R::REPEATED_CURSOR_IS_AN_ERROR {
                    state
                        .sent
                        .insert(next.clone(), state.pages_fetched.saturating_add(1));
                }
                state.cursor = Some(next.clone());
            }
        }
        if !state.finished && state.empty_pages_in_a_row >= MAX_EMPTY_PAGES_IN_A_ROW {
            return Err(Error::Pagination {
                operation: R::OPERATION,
                problem: format!("{MAX_EMPTY_PAGES_IN_A_ROW} empty pages in a row"),
            });
        }
        Ok(Some((page, state)))
    })
    .boxed()
}
