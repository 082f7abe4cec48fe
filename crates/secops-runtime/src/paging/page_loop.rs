//! [`pages`] and [`items`]: the one paging loop.

use std::collections::HashMap;

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};

use super::{CursorKind, Listing, Page, PageResult, PagingError};

/// After this many empty pages in a row a listing stops with an error rather than keep
/// requesting pages that never come.
const MAX_EMPTY_PAGES_IN_A_ROW: u32 = 50;

/// Where the page loop stands.
struct State<R, C> {
    request: R,
    cursor: Option<C>,
    /// For [`CursorKind::Token`]: every cursor sent so far -> the page it fetched.
    sent: HashMap<C, u32>,
    pages_fetched: u32,
    finished: bool,
    empty_pages_in_a_row: u32,
}

/// The pages of `listing`, fetched one at a time as the stream is polled; the first page uses
/// the request as given (including a cursor set on it), later pages the cursor of the page
/// before.
///
/// Ends after a page without a next cursor, or when the server hands back the cursor it was
/// given with an empty page. A cursor handed back with a non-empty page would repeat items
/// forever, so it ends the stream with [`PagingError::Stopped`]; so does, for a
/// [`CursorKind::Token`] listing, any next cursor already sent (the page that hands it back is
/// not yielded), and 50 empty pages in a row.
pub fn pages<'a, L: Listing<'a>>(listing: L) -> BoxStream<'a, PageResult<'a, L>> {
    let state: State<L, L::Cursor> = State {
        request: listing,
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
        state.advance(&page)?;
        Ok(Some((page, state)))
    })
    .boxed()
}

/// The items of every page of `listing`, fetched one page at a time as the stream is polled.
///
/// An item that did not decode is yielded in its place as [`PagingError::Item`], and the
/// listing goes on past it; any other error ends the stream.
pub fn items<'a, L: Listing<'a>>(
    listing: L,
) -> BoxStream<'a, Result<L::Item, PagingError<L::Error>>> {
    pages(listing)
        .map_ok(|page| {
            stream::iter(
                page.into_results()
                    .map(|item| item.map_err(PagingError::Item)),
            )
        })
        .try_flatten()
        .boxed()
}

/// Like [`items`], but the first item that does not decode ends the stream (after it is
/// yielded as [`PagingError::Item`]).
pub fn items_strict<'a, L: Listing<'a>>(
    listing: L,
) -> BoxStream<'a, Result<L::Item, PagingError<L::Error>>> {
    let mut failed = false;
    items(listing)
        .take_while(move |item| {
            let go_on = !failed;
            failed = failed || item.is_err();
            std::future::ready(go_on)
        })
        .boxed()
}

impl<'a, L: Listing<'a>> State<L, L::Cursor> {
    /// Moves past `page`: records its cursor, or finishes, or says why the listing must stop.
    fn advance<E>(&mut self, page: &Page<L::Item, L::Cursor>) -> Result<(), PagingError<E>> {
        let token_kind = L::CURSOR_KIND == CursorKind::Token;
        self.pages_fetched = self.pages_fetched.saturating_add(1);
        self.empty_pages_in_a_row = if page.is_empty() {
            self.empty_pages_in_a_row + 1
        } else {
            0
        };
        let fetched_before = match &page.next {
            Some(next) if token_kind => self.sent.get(next).copied(),
            _ => None,
        };
        if let Some(earlier_page) = fetched_before {
            // The token itself stays out of the message: it is opaque and can be long.
            return Err(self.stopped(format!(
                "page {} handed back the token already sent to fetch page {earlier_page}; \
                 stopping instead of repeating pages",
                self.pages_fetched
            )));
        }
        match &page.next {
            None => self.finished = true,
            Some(next) if self.cursor.as_ref() == Some(next) => {
                if !page.is_empty() {
                    return Err(self.stopped(format!(
                        "the server returned the cursor it was given ({next:?}) with more \
                         items; stopping instead of repeating them"
                    )));
                }
                self.finished = true;
            }
            Some(next) => {
                if token_kind {
                    self.sent
                        .insert(next.clone(), self.pages_fetched.saturating_add(1));
                }
                self.cursor = Some(next.clone());
            }
        }
        if !self.finished && self.empty_pages_in_a_row >= MAX_EMPTY_PAGES_IN_A_ROW {
            return Err(self.stopped(format!("{MAX_EMPTY_PAGES_IN_A_ROW} empty pages in a row")));
        }
        Ok(())
    }

    fn stopped<E>(&self, problem: String) -> PagingError<E> {
        PagingError::Stopped {
            operation: L::OPERATION,
            problem,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::BoxFuture;

    /// A pretend server: the items and next token of the page for a token.
    type Pages = fn(Option<&str>) -> (Vec<u32>, Option<&'static str>);

    /// A token-paged listing over `pages`, recording the tokens it sends.
    #[derive(Clone)]
    struct Tokens {
        pages: Pages,
        token: Option<String>,
        sent: Arc<Mutex<Vec<Option<String>>>>,
    }

    impl<'a> Listing<'a> for Tokens {
        type Item = u32;
        type Cursor = String;
        type Error = Infallible;
        const OPERATION: &'static str = "list_tokens";
        const CURSOR_KIND: CursorKind = CursorKind::Token;

        fn with_cursor(mut self, cursor: String) -> Self {
            self.token = Some(cursor);
            self
        }

        fn fetch_page(self) -> BoxFuture<'a, PageResult<'a, Self>> {
            self.sent.lock().unwrap().push(self.token.clone());
            let (items, next) = (self.pages)(self.token.as_deref());
            let next = next.map(str::to_owned).filter(|next| !next.is_empty());
            Box::pin(async move { Ok(Page::new(items, next)) })
        }
    }

    async fn run(
        pages: Pages,
    ) -> (
        Vec<Result<u32, PagingError<Infallible>>>,
        Vec<Option<String>>,
    ) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let listing = Tokens {
            pages,
            token: None,
            sent: sent.clone(),
        };
        let results = items(listing).collect().await;
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
        assert!(matches!(results[2], Err(PagingError::Stopped { .. })));
        assert_eq!(sent, tokens(&[None, Some("t2"), Some("t3")]));
    }
}
