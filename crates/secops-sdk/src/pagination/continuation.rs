//! [`by_continuation_token`]: a listing paged by an opaque continuation token.

use std::future::Future;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::Error;

/// The items of a listing paged by a continuation token (Lacework Edge's
/// `continuation_token`), fetched one page at a time.
///
/// `fetch` receives `None` for the first page and the previous page's token after that, and
/// returns the page's items and its token. The listing ends at a page without a token (or with
/// an empty one), or when a token comes back unchanged with no items.
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
    let state = (fetch, None::<String>, false);
    stream::try_unfold(state, |(mut fetch, token, finished)| async move {
        if finished {
            return Ok(None);
        }
        let (items, next) = fetch(token.clone()).await?;
        let next = next.filter(|next| !next.is_empty());
        let finished = match (&next, &token) {
            (None, _) => true,
            (Some(next), Some(previous)) if next == previous => {
                if !items.is_empty() {
                    return Err(Error::Pagination {
                        operation: "continuation_token listing",
                        problem: "the server returned the same continuation token with more \
                                  items; stopping instead of repeating them"
                            .to_owned(),
                    });
                }
                true
            }
            (Some(_), _) => false,
        };
        Ok(Some((items, (fetch, next, finished))))
    })
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
    .boxed()
}
