//! [`PageRule`]: where the next cursor comes from and when a listing ends.

use super::{Cursor, Page};

/// When a listing has no more pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageEnd {
    /// At the first empty page: the API lists what is newer than the cursor, so an empty page
    /// means "caught up" (Egnyte issues and issue updates).
    EmptyPage,
    /// At a page without a cursor; pages may be short or empty before that ("as long as a
    /// cursor is not null, there's more data").
    NoCursor,
    /// At the first empty page or page without a cursor, whichever comes first (Egnyte audit
    /// events: every response carries a fresh cursor, even when caught up).
    EmptyPageOrNoCursor,
}

/// How the server's cursor and the cursor derived from the items combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorMerge {
    /// The server's cursor when it sent one, else the one derived from the items.
    ServerFirst,
    /// The larger of the two (a `modifiedAfter` that must not move backwards).
    Max,
}

/// The shape of a listing's pages, as declared by its `x-pagination` extension.
///
/// ```
/// use secops_runtime::paging::{CursorMerge, PageEnd, PageRule};
///
/// // Egnyte `get_issue_updates`: next `modifiedAfter` is the newest of the server's value and
/// // the items' `updated`; an empty page is the end.
/// let rule = PageRule::new(PageEnd::EmptyPage).merge(CursorMerge::Max);
/// let page = rule.page(vec![(1, 50), (2, 70)], Some(60), |(_, updated)| Some(*updated));
/// assert_eq!(page.next, Some(70));
/// assert_eq!(rule.page(Vec::<(i64, i64)>::new(), Some(60), |_| None).next, None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRule {
    end: PageEnd,
    merge: CursorMerge,
}

impl PageRule {
    /// A rule ending as `end`, taking the server's cursor first.
    pub const fn new(end: PageEnd) -> Self {
        Self {
            end,
            merge: CursorMerge::ServerFirst,
        }
    }

    /// Sets how the server's cursor and the one derived from the items combine.
    pub const fn merge(mut self, merge: CursorMerge) -> Self {
        self.merge = merge;
        self
    }

    /// When the listing ends.
    pub const fn end(&self) -> PageEnd {
        self.end
    }

    /// The page of `items` whose response carried `server_cursor`; `cursor_of` gives the
    /// cursor an item stands for (the largest is used), `None` when items carry none.
    ///
    /// ```
    /// use secops_runtime::paging::{PageEnd, PageRule};
    ///
    /// let rule = PageRule::new(PageEnd::NoCursor);
    /// assert_eq!(rule.page(vec![1], Some(String::new()), |_| None).next, None);
    /// assert_eq!(rule.page(Vec::<u8>::new(), Some("c2".to_string()), |_| None).next.as_deref(), Some("c2"));
    /// ```
    pub fn page<T, C: Cursor>(
        &self,
        items: Vec<T>,
        server_cursor: Option<C>,
        cursor_of: impl Fn(&T) -> Option<C>,
    ) -> Page<T, C> {
        let derived = items.iter().filter_map(cursor_of).max();
        let next = self.next_cursor(items.len(), server_cursor, derived);
        Page::new(items, next)
    }

    /// The next cursor after a page of `item_count` items (decoded or not) whose response
    /// carried `server_cursor`, and whose items' largest cursor is `derived`.
    ///
    /// ```
    /// use secops_runtime::paging::{PageEnd, PageRule};
    ///
    /// let rule = PageRule::new(PageEnd::EmptyPage);
    /// assert_eq!(rule.next_cursor(2, None, Some(9_i64)), Some(9));
    /// assert_eq!(rule.next_cursor(0, Some(9_i64), None), None);
    /// ```
    pub fn next_cursor<C: Cursor>(
        &self,
        item_count: usize,
        server_cursor: Option<C>,
        derived: Option<C>,
    ) -> Option<C> {
        let ends_when_empty = matches!(self.end, PageEnd::EmptyPage | PageEnd::EmptyPageOrNoCursor);
        if ends_when_empty && item_count == 0 {
            return None;
        }
        let server = server_cursor.filter(|cursor| !cursor.is_blank());
        match (self.merge, server, derived) {
            (CursorMerge::Max, Some(server), Some(derived)) => Some(server.max(derived)),
            (_, server, derived) => server.or(derived),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_first_falls_back_to_the_largest_item_cursor() {
        let rule = PageRule::new(PageEnd::EmptyPage);
        assert_eq!(
            rule.page(vec![3_i64, 9, 4], None, |n| Some(*n)).next,
            Some(9)
        );
        assert_eq!(
            rule.page(vec![3_i64, 9], Some(5), |n| Some(*n)).next,
            Some(5)
        );
        assert_eq!(
            rule.page(Vec::<i64>::new(), Some(5), |n| Some(*n)).next,
            None
        );
    }

    #[test]
    fn no_cursor_listings_go_on_through_empty_pages() {
        let rule = PageRule::new(PageEnd::NoCursor);
        let page = rule.page(Vec::<u8>::new(), Some("c".to_owned()), |_| None);
        assert_eq!(page.next.as_deref(), Some("c"));
        let rule = PageRule::new(PageEnd::EmptyPageOrNoCursor);
        assert_eq!(
            rule.page(Vec::<u8>::new(), Some("c".to_owned()), |_| None)
                .next,
            None
        );
        assert_eq!(rule.page(vec![1_u8], None::<String>, |_| None).next, None);
    }
}
