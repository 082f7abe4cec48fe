//! [`by_continuation_token`]: any call paged by an opaque continuation token, on the one loop.

use std::future::Future;
use std::sync::{Arc, Mutex};

use futures_util::stream::BoxStream;
use secops_runtime::BoxFuture;
use secops_runtime::paging::{CursorKind, Listing, Page, PageResult, PagingError};

use super::paging::Paginate;
use crate::Error;

/// The items of a listing paged by a continuation token, fetched one page at a time.
///
/// The generated listings already have [`Paginate`] (`.items()` on their request builders);
/// this runs the same loop for any other call paged that way.
///
/// `fetch` receives `None` for the first page and the previous page's token after that, and
/// returns the page's items and its token. The listing ends at a page without a token (or with
/// an empty one). A token that comes back after it has been sent once (the same token again,
/// or an earlier one) ends it with [`Error::Pagination`] instead of that page's items.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), secops_sdk::Error> {
/// use futures::TryStreamExt;
/// use secops_sdk::pagination::by_continuation_token;
///
/// // Three pages of a pretend listing: tokens "p2" and "p3", then none.
/// let items: Vec<u32> = by_continuation_token(|token: Option<String>| async move {
///     Ok(match token.as_deref() {
///         None => (vec![1, 2], Some("p2".to_string())),
///         Some("p2") => (vec![3], Some("p3".to_string())),
///         _ => (vec![4], None),
///     })
/// })
/// .try_collect()
/// .await?;
/// assert_eq!(items, [1, 2, 3, 4]);
/// # Ok(()) }
/// ```
pub fn by_continuation_token<'a, T, F, Fut>(fetch: F) -> BoxStream<'a, Result<T, Error>>
where
    T: Send + 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), Error>> + Send + 'a,
{
    TokenListing {
        fetch: Arc::new(Mutex::new(fetch)),
        token: None,
    }
    .items()
}

/// A closure as a [`Listing`] paged by tokens.
struct TokenListing<F> {
    fetch: Arc<Mutex<F>>,
    token: Option<String>,
}

impl<F> Clone for TokenListing<F> {
    fn clone(&self) -> Self {
        Self {
            fetch: self.fetch.clone(),
            token: self.token.clone(),
        }
    }
}

impl<'a, T, F, Fut> Listing<'a> for TokenListing<F>
where
    T: Send + 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), Error>> + Send + 'a,
{
    type Item = T;
    type Cursor = String;
    type Error = Error;
    const OPERATION: &'static str = "continuation_token listing";
    const CURSOR_KIND: CursorKind = CursorKind::Token;

    fn with_cursor(mut self, token: String) -> Self {
        self.token = Some(token);
        self
    }

    fn fetch_page(self) -> BoxFuture<'a, PageResult<'a, Self>> {
        // The closure is only called here, never across an await: the lock cannot be held
        // by a panicking caller, and a poisoned lock still holds a usable closure.
        let page = {
            let mut fetch = self
                .fetch
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            fetch(self.token)
        };
        Box::pin(async move {
            let (items, next) = page.await.map_err(PagingError::Call)?;
            Ok(Page::new(items, next.filter(|next| !next.is_empty())))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use futures_util::StreamExt;

    use super::*;

    /// A pretend server: the items and next token of the page for a token.
    type Pages = fn(Option<&str>) -> (Vec<u32>, Option<&'static str>);

    async fn run(pages: Pages) -> (Vec<Result<u32, Error>>, Vec<Option<String>>) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = sent.clone();
        let results = by_continuation_token(move |token: Option<String>| {
            log.lock().unwrap().push(token.clone());
            let (items, next) = pages(token.as_deref());
            async move { Ok((items, next.map(str::to_owned))) }
        })
        .collect()
        .await;
        let sent = sent.lock().unwrap().clone();
        (results, sent)
    }

    fn tokens(list: &[Option<&str>]) -> Vec<Option<String>> {
        list.iter().map(|token| token.map(str::to_owned)).collect()
    }

    #[tokio::test]
    async fn an_empty_token_ends_the_listing() {
        let (results, sent) = run(|token| match token {
            None => (vec![1], Some("t2")),
            _ => (vec![2], Some("")),
        })
        .await;
        let items: Vec<u32> = results.into_iter().map(Result::unwrap).collect();
        assert_eq!(items, [1, 2]);
        assert_eq!(sent, tokens(&[None, Some("t2")]));
    }

    #[tokio::test]
    async fn a_token_sent_before_is_an_error_even_with_an_empty_page() {
        let (results, sent) = run(|token| match token {
            None => (vec![1], Some("t2")),
            Some("t2") => (vec![2], Some("t3")),
            _ => (vec![], Some("t2")),
        })
        .await;
        assert_eq!(results.len(), 3);
        assert!(matches!(results[2], Err(Error::Pagination { .. })));
        assert_eq!(sent, tokens(&[None, Some("t2"), Some("t3")]));
    }
}
