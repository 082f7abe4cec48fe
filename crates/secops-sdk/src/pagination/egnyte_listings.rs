//! [`Paginate`] for the Egnyte listings that take a cursor.
//!
//! Where each listing ends:
//! - `list_issues`, `get_issue_updates`: at the first empty page (the API lists issues newer
//!   than the cursor / modified after the timestamp, so an empty page means "caught up").
//! - audit events: at the first empty page or a page without a cursor (every response carries
//!   a fresh cursor, even when caught up).
//! - the other string-cursor listings: at a page without a cursor ("as long as a cursor is not
//!   null, there's more data"); pages may be short or empty before that.

use egnyte_protect_client::builder::{
    GetIssueUpdates, ListContentLifecycleAuditEvents, ListIssues, ListLegalHoldFiles,
    ListLocationFiles, ListLocations, ListSarFiles, ListSars, ListUserActionAuditEvents,
};
use egnyte_protect_client::types::Issue;
use secops_transport::BoxFuture;
use serde_json::Value;

use super::free_form::split_free_form;
use super::{Page, Paginate};
use crate::Error;

fn non_empty(cursor: Option<String>) -> Option<String> {
    cursor.filter(|cursor| !cursor.is_empty())
}

impl<'a> Paginate<'a> for ListIssues<'a> {
    type Item = Issue;
    type Cursor = i64;
    const OPERATION: &'static str = "list_issues";

    fn with_cursor(self, cursor: i64) -> Self {
        self.cursor(cursor)
    }

    fn fetch_page(self) -> BoxFuture<'a, Result<Page<Issue, i64>, Error>> {
        Box::pin(async move {
            let page = self.send().await?.into_inner();
            let next = if page.issues.is_empty() {
                None
            } else {
                page.cursor
                    .or_else(|| page.issues.iter().filter_map(|issue| issue.id).max())
            };
            Ok(Page {
                items: page.issues,
                next,
            })
        })
    }
}

impl<'a> Paginate<'a> for GetIssueUpdates<'a> {
    type Item = Issue;
    type Cursor = i64;
    const OPERATION: &'static str = "get_issue_updates";

    /// The cursor is `modifiedAfter`: the server returns every issue updated after it, and
    /// extends a page past `count` until the last timestamp is complete, so nothing is lost or
    /// repeated at a page boundary.
    fn with_cursor(self, modified_after: i64) -> Self {
        self.modified_after(modified_after)
    }

    fn fetch_page(self) -> BoxFuture<'a, Result<Page<Issue, i64>, Error>> {
        Box::pin(async move {
            let page = self.send().await?.into_inner();
            let next = next_modified_after(page.modified_after, &page.issues);
            Ok(Page {
                items: page.issues,
                next,
            })
        })
    }
}

/// The `modifiedAfter` of the page after `issues`: the server's value, else the newest
/// `updated` of the page; `None` for an empty page.
pub(crate) fn next_modified_after(from_server: Option<i64>, issues: &[Issue]) -> Option<i64> {
    if issues.is_empty() {
        return None;
    }
    let newest = issues.iter().filter_map(|issue| issue.updated).max();
    match (from_server, newest) {
        (Some(server), Some(newest)) => Some(server.max(newest)),
        (server, newest) => server.or(newest),
    }
}

/// A free-form page of `operation`; with `end_on_empty_page`, an empty page is the last.
fn free_form_page(
    operation: &'static str,
    body: serde_json::Map<String, Value>,
    end_on_empty_page: bool,
) -> Result<Page<Value, String>, Error> {
    let (items, cursor) = split_free_form(operation, body)?;
    let next = if end_on_empty_page && items.is_empty() {
        None
    } else {
        cursor
    };
    Ok(Page { items, next })
}

impl<'a> Paginate<'a> for ListSars<'a> {
    type Item = Value;
    type Cursor = String;
    const OPERATION: &'static str = "list_sars";

    fn with_cursor(self, cursor: String) -> Self {
        self.cursor(cursor)
    }

    fn fetch_page(self) -> BoxFuture<'a, Result<Page<Value, String>, Error>> {
        Box::pin(async move {
            let body = self.send().await?.into_inner();
            free_form_page(Self::OPERATION, body, false)
        })
    }
}

impl<'a> Paginate<'a> for ListLocations<'a> {
    type Item = Value;
    type Cursor = String;
    const OPERATION: &'static str = "list_locations";

    fn with_cursor(self, cursor: String) -> Self {
        self.cursor(cursor)
    }

    fn fetch_page(self) -> BoxFuture<'a, Result<Page<Value, String>, Error>> {
        Box::pin(async move {
            let body = self.send().await?.into_inner();
            free_form_page(Self::OPERATION, body, false)
        })
    }
}

impl<'a> Paginate<'a> for ListLocationFiles<'a> {
    type Item = Value;
    type Cursor = String;
    const OPERATION: &'static str = "list_location_files";

    fn with_cursor(self, cursor: String) -> Self {
        self.cursor(cursor)
    }

    fn fetch_page(self) -> BoxFuture<'a, Result<Page<Value, String>, Error>> {
        Box::pin(async move {
            let body = self.send().await?.into_inner();
            free_form_page(Self::OPERATION, body, false)
        })
    }
}

impl<'a> Paginate<'a> for ListUserActionAuditEvents<'a> {
    type Item = Value;
    type Cursor = String;
    const OPERATION: &'static str = "list_user_action_audit_events";

    fn with_cursor(self, cursor: String) -> Self {
        self.cursor(cursor)
    }

    fn fetch_page(self) -> BoxFuture<'a, Result<Page<Value, String>, Error>> {
        Box::pin(async move {
            let body = self.send().await?.into_inner();
            free_form_page(Self::OPERATION, body, true)
        })
    }
}

impl<'a> Paginate<'a> for ListContentLifecycleAuditEvents<'a> {
    type Item = Value;
    type Cursor = String;
    const OPERATION: &'static str = "list_content_lifecycle_audit_events";

    fn with_cursor(self, cursor: String) -> Self {
        self.cursor(cursor)
    }

    fn fetch_page(self) -> BoxFuture<'a, Result<Page<Value, String>, Error>> {
        Box::pin(async move {
            let body = self.send().await?.into_inner();
            free_form_page(Self::OPERATION, body, true)
        })
    }
}

impl<'a> Paginate<'a> for ListSarFiles<'a> {
    type Item = Value;
    type Cursor = String;
    const OPERATION: &'static str = "list_sar_files";

    fn with_cursor(self, cursor: String) -> Self {
        self.cursor(cursor)
    }

    fn fetch_page(self) -> BoxFuture<'a, Result<Page<Value, String>, Error>> {
        Box::pin(async move {
            let page = self.send().await?.into_inner();
            Ok(Page {
                items: page.files,
                next: non_empty(page.cursor),
            })
        })
    }
}

impl<'a> Paginate<'a> for ListLegalHoldFiles<'a> {
    type Item = Value;
    type Cursor = String;
    const OPERATION: &'static str = "list_legal_hold_files";

    fn with_cursor(self, cursor: String) -> Self {
        self.cursor(cursor)
    }

    fn fetch_page(self) -> BoxFuture<'a, Result<Page<Value, String>, Error>> {
        Box::pin(async move {
            let page = self.send().await?.into_inner();
            Ok(Page {
                items: page.files,
                next: non_empty(page.cursor),
            })
        })
    }
}
