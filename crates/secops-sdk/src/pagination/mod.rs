//! Lazy listings: `futures::Stream`s that fetch one page at a time and keep every filter.
//!
//! - [`Paginate`]: `.items()` / `.pages()` on the generated request builders of every Egnyte
//!   listing with a cursor and of every Lacework Edge operation that returns a
//!   `continuation_token` (`list_dataset_items`, `list_user_devices`). The builder you
//!   configure (count, format, dates, ids) is reused for every page; only the cursor changes.
//! - [`follow_issue_updates`]: an endless stream of Egnyte issue updates with a serializable
//!   [`FollowCheckpoint`].
//! - [`by_continuation_token`]: the same loop over any call paged with a continuation token,
//!   for calls that have no [`Paginate`] implementation.
//!
//! ```no_run
//! # async fn run(lacework: secops_sdk::LaceworkEdge) -> Result<(), secops_sdk::Error> {
//! use futures::TryStreamExt;
//! use secops_sdk::pagination::Paginate;
//!
//! // Every device of one user, one page (one `continuation_token`) at a time.
//! let mut devices = lacework
//!     .client()
//!     .list_user_devices()
//!     .uuid("5f0c6a4e-0000-4000-8000-000000000001")
//!     .items();
//! while let Some(device) = devices.try_next().await? {
//!     println!("{:?}", device.uuid);
//! }
//! # Ok(()) }
//! ```

mod continuation;
mod egnyte_listings;
mod free_form;
mod issue_follower;
mod lacework_listings;
mod paginate;

pub use continuation::by_continuation_token;
pub use issue_follower::{FollowCheckpoint, FollowOptions, IssueUpdate, follow_issue_updates};
pub use paginate::{Page, PageResult, Paginate, pages};
