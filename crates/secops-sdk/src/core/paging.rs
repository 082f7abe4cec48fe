//! [`Paginate`]: `.pages()` and `.items()` on every generated listing, with the SDK's error.
//!
//! The listings themselves are declared in the specs (`x-pagination`) and generated as
//! [`Listing`] implementations on the request builders; the loop is
//! [`secops_runtime::paging::pages`]. This trait only gives them the SDK's [`Error`].

use futures_util::stream::{BoxStream, StreamExt};
use secops_runtime::paging::{self, Listing, PagingError};

pub use secops_runtime::paging::{CursorKind, ItemError, Page};

use crate::Error;

/// A page, or why it could not be fetched.
pub type PageResult<T, C> = Result<Page<T, C>, Error>;

/// `.pages()` and `.items()` on a request builder whose operation returns pages.
///
/// Implemented for the generated builder of every operation whose spec carries an
/// `x-pagination` extension: in Egnyte `list_issues` (integer cursor), `get_issue_updates`
/// (`modifiedAfter`), `list_sars`, `list_sar_files`, `list_locations`, `list_location_files`,
/// `list_legal_hold_files`, `list_user_action_audit_events` and
/// `list_content_lifecycle_audit_events`; in Lacework Edge `list_dataset_items` and
/// `list_user_devices` (`continuation_token`). The builder you configure (count, format,
/// dates, ids) is reused for every page; only the cursor changes.
///
/// ```no_run
/// # async fn run(egnyte: secops_sdk::EgnyteProtect) -> Result<(), secops_sdk::Error> {
/// use futures::TryStreamExt;
/// use secops_sdk::pagination::Paginate;
///
/// // The spec leaves the files open: each is kept as the server's JSON (`RawJson`).
/// let files: Vec<secops_sdk::RawJson> = egnyte
///     .client()
///     .list_legal_hold_files()
///     .legal_hold_id(uuid::Uuid::nil())
///     .count(100)
///     .items()
///     .try_collect()
///     .await?;
/// let paths: Vec<serde_json::Value> = files.iter().map(|file| file.to_value()["path"].clone()).collect();
/// # Ok(()) }
/// ```
pub trait Paginate<'a>: Listing<'a> {
    /// The pages, fetched one at a time as the stream is polled; see [`pages`].
    fn pages(self) -> BoxStream<'a, PageResult<Self::Item, Self::Cursor>>;

    /// The items of all pages, fetched one page at a time as the stream is polled.
    ///
    /// An item that does not decode is yielded in its place as [`Error::Item`] (naming the
    /// operation, the item's id and where it failed), and the stream goes on past it; any
    /// other error ends the stream. Use [`items_strict`](Self::items_strict) to stop at the
    /// first bad item instead.
    fn items(self) -> BoxStream<'a, Result<Self::Item, Error>>;

    /// Like [`items`](Self::items), but the first item that does not decode ends the stream
    /// (after it is yielded as [`Error::Item`]).
    fn items_strict(self) -> BoxStream<'a, Result<Self::Item, Error>>;
}

impl<'a, L> Paginate<'a> for L
where
    L: Listing<'a>,
    Error: From<L::Error>,
{
    fn pages(self) -> BoxStream<'a, PageResult<Self::Item, Self::Cursor>> {
        pages(self)
    }

    fn items(self) -> BoxStream<'a, Result<Self::Item, Error>> {
        paging::items(self)
            .map(|item| item.map_err(paging_error))
            .boxed()
    }

    fn items_strict(self) -> BoxStream<'a, Result<Self::Item, Error>> {
        paging::items_strict(self)
            .map(|item| item.map_err(paging_error))
            .boxed()
    }
}

/// The pages of `listing`; the first page uses the request as given (including a cursor you
/// set on it), later pages the cursor of the page before.
///
/// Ends after a page without a next cursor, or when the server hands back the cursor it was
/// given with an empty page. A cursor handed back with a non-empty page would repeat items
/// forever, so it ends the stream with [`Error::Pagination`]; so does, for a listing paged by
/// opaque tokens ([`CursorKind::Token`]), any next token already sent (the page that hands it
/// back is not yielded).
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
pub fn pages<'a, L>(listing: L) -> BoxStream<'a, PageResult<L::Item, L::Cursor>>
where
    L: Listing<'a>,
    Error: From<L::Error>,
{
    paging::pages(listing)
        .map(|page| page.map_err(paging_error))
        .boxed()
}

impl<E> From<PagingError<E>> for Error
where
    Error: From<E>,
{
    fn from(error: PagingError<E>) -> Self {
        paging_error(error)
    }
}

/// The SDK's error for a listing that stopped.
fn paging_error<E>(error: PagingError<E>) -> Error
where
    Error: From<E>,
{
    match error {
        PagingError::Call(error) => Error::from(error),
        PagingError::Item(error) => Error::Item(Box::new(error)),
        PagingError::Stopped { operation, problem } => Error::Pagination { operation, problem },
    }
}
