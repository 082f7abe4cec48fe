//! [`Paginate`] for the Lacework Edge operations that return a `continuation_token`.
//!
//! The page shows the token in these responses but no request parameter to send it back; the
//! spec adds an optional query parameter of the same name, marked `x-inferred: true` (see
//! `openapi/README.md`, "Next-page tokens"). A listing ends at a page whose token is absent or
//! empty; a token that comes back a second time ends it with [`Error::Pagination`].

use lacework_edge_client::builder::{ListDatasetItems, ListUserDevices};
use lacework_edge_client::types::UserDevice;
use secops_transport::BoxFuture;
use serde_json::Value;

use super::{Page, Paginate};
use crate::Error;

/// The next page's token: `None` when the response has none or an empty one.
fn next_token(token: Option<String>) -> Option<String> {
    token.filter(|token| !token.is_empty())
}

/// `list_dataset_items` ("Query items from a customer dataset/list"): the
/// `customer_dataset_items` of every page. The page documents no item schema, so items are
/// JSON values; the response's `dataset` is not part of the stream (call `.send()` for it).
///
/// ```no_run
/// # async fn run(lacework: secops_sdk::LaceworkEdge) -> Result<(), secops_sdk::Error> {
/// use futures::TryStreamExt;
/// use secops_sdk::pagination::Paginate;
///
/// let mut items = lacework.client().list_dataset_items().items();
/// while let Some(item) = items.try_next().await? {
///     println!("{item}");
/// }
/// # Ok(()) }
/// ```
impl<'a> Paginate<'a> for ListDatasetItems<'a> {
    type Item = Value;
    type Cursor = String;
    const OPERATION: &'static str = "list_dataset_items";
    const REPEATED_CURSOR_IS_AN_ERROR: bool = true;

    fn with_cursor(self, token: String) -> Self {
        self.continuation_token(token)
    }

    fn fetch_page(self) -> BoxFuture<'a, Result<Page<Value, String>, Error>> {
        Box::pin(async move {
            let page = self.send().await?.into_inner();
            Ok(Page {
                items: page.customer_dataset_items,
                next: next_token(page.continuation_token),
            })
        })
    }
}

/// `list_user_devices` ("Get the user's devices"): the `devices` of every page, for the user
/// set with `.uuid(..)` (kept on every page).
///
/// ```no_run
/// # async fn run(lacework: secops_sdk::LaceworkEdge) -> Result<(), secops_sdk::Error> {
/// use futures::TryStreamExt;
/// use secops_sdk::lacework_edge_client::types::UserDevice;
/// use secops_sdk::pagination::Paginate;
///
/// let devices: Vec<UserDevice> = lacework
///     .client()
///     .list_user_devices()
///     .uuid("5f0c6a4e-0000-4000-8000-000000000001")
///     .items()
///     .try_collect()
///     .await?;
/// println!("{} devices", devices.len());
/// # Ok(()) }
/// ```
impl<'a> Paginate<'a> for ListUserDevices<'a> {
    type Item = UserDevice;
    type Cursor = String;
    const OPERATION: &'static str = "list_user_devices";
    const REPEATED_CURSOR_IS_AN_ERROR: bool = true;

    fn with_cursor(self, token: String) -> Self {
        self.continuation_token(token)
    }

    fn fetch_page(self) -> BoxFuture<'a, Result<Page<UserDevice, String>, Error>> {
        Box::pin(async move {
            let page = self.send().await?.into_inner();
            Ok(Page {
                items: page.devices,
                next: next_token(page.continuation_token),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::next_token;

    #[test]
    fn an_absent_or_empty_token_ends_the_listing() {
        assert_eq!(next_token(None), None);
        assert_eq!(next_token(Some(String::new())), None);
        assert_eq!(next_token(Some("t2".to_owned())).as_deref(), Some("t2"));
    }
}
