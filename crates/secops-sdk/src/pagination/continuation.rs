//! [`by_continuation_token`]: a listing paged by an opaque continuation token.

use std::collections::HashSet;
use std::future::Future;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::Error;

/// The items of a listing paged by a continuation token, fetched one page at a time.
///
/// The Lacework Edge operations that return a `continuation_token` already have
/// [`Paginate`](super::Paginate) (`.items()` on their request builders); this is the same loop
/// for any other call paged that way.
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
    // `request`: `None` once finished, else the token of the page to fetch (`None` first).
    let state = (fetch, Some(None::<String>), HashSet::<String>::new());
    stream::try_unfold(state, |(mut fetch, request, mut sent)| async move {
        let Some(token) = request else {
            return Ok(None);
        };
        if let Some(token) = &token {
            sent.insert(token.clone());
        }
        let (items, next) = fetch(token).await?;
        let next = next.filter(|next| !next.is_empty());
        if next.as_ref().is_some_and(|next| sent.contains(next)) {
            return Err(Error::Pagination {
                operation: "continuation_token listing",
                problem: "the server handed back a continuation token it had been sent \
                          before; stopping instead of repeating pages"
                    .to_owned(),
            });
        }
        // A page without a token is the last one.
        let request = next.map(Some);
        Ok(Some((items, (fetch, request, sent))))
    })
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
    .boxed()
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use futures::StreamExt;

    use super::*;

    /// A pretend server: the items and next token of the page for a token.
    type Pages = fn(Option<&str>) -> (Vec<u32>, Option<&'static str>);

    /// Runs a listing whose page for token `t` is `pages(t)`, and returns what it yielded and
    /// the tokens it sent.
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
