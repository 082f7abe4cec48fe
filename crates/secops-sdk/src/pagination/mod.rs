//! Lazy listings: `futures::Stream`s that fetch one page at a time and keep every filter.
//!
//! - [`Paginate`]: `.items()` / `.pages()` on the generated request builders of every Egnyte
//!   listing with a cursor. The builder you configure (count, format, dates, ids) is reused
//!   for every page; only the cursor changes.
//! - [`follow_issue_updates`]: an endless stream of Egnyte issue updates with a serializable
//!   [`FollowCheckpoint`].
//! - [`by_continuation_token`]: the same for any call paged with a continuation token
//!   (Lacework Edge).

mod continuation;
mod egnyte_listings;
mod free_form;
mod issue_follower;
mod paginate;

pub use continuation::by_continuation_token;
pub use issue_follower::{FollowCheckpoint, FollowOptions, IssueUpdate, follow_issue_updates};
pub use paginate::{Page, PageResult, Paginate, pages};
