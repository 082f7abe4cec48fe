//! [`follow_issue_updates`]: an endless stream of Egnyte issue updates with a checkpoint.
//!
//! Delivery is **at least once**: a follower restarted from the checkpoint saved after each
//! handled update loses no update and repeats at most one per crash, the one being handled when
//! the process stopped. Exactly once is not possible when handling an update and saving the
//! checkpoint are two steps; make handling idempotent (keyed by issue id and `updated`) where a
//! repeat matters. [`FileCheckpoint`](super::FileCheckpoint) keeps the checkpoint in a file.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use egnyte_protect_client::Client;
use egnyte_protect_client::types::{Issue, IssueFormat};
use futures_util::stream::{self, BoxStream, StreamExt};
use secops_runtime::paging::{ItemError, Listing};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::core::clock::Clock;
use crate::errors::SkippedUpdate;

/// Where a follower stands, to persist after handling each update and resume from.
///
/// It holds the `modifiedAfter` of the page being read and the `(id, updated)` of the updates
/// of that page already delivered. A follower started from it asks for the same page again and
/// skips those. An issue changed again in the meantime comes back as a new update, which it
/// is; an issue changed twice before the follower reads it comes back once, in its newest
/// state, because the API serves issues in their current state only.
///
/// The checkpoints of one page share that list, so handing one out (or cloning it) costs the
/// same however large the page. Saved as JSON it grows by about 40 bytes per update delivered
/// from the page: inside a bulk change of thousands of issues at one timestamp (the server
/// serves a timestamp whole, in one page) each save writes more than the one before.
///
/// **Delivery guarantee: at least once.** Save the checkpoint of each [`IssueUpdate`] after
/// handling the update (with [`FileCheckpoint`](super::FileCheckpoint): atomic and durable).
/// Then a restart — after a crash, a kill or a power loss — never loses an update, and repeats
/// at most one per crash: the one being handled when the process died (handled, but its
/// checkpoint not yet saved). Saving every `n` updates instead repeats up to `n` per crash.
/// Exactly once is impossible while handling and saving are two steps; make handling
/// idempotent (keyed by issue id and `updated`) where a repeat matters. Updates without an
/// `id` or `updated` (Egnyte always sends both) cannot be recognized and may repeat.
///
/// ```
/// use secops_sdk::pagination::FollowCheckpoint;
///
/// let start = FollowCheckpoint::from_modified_after(1_700_000_000_000);
/// let json = serde_json::to_string(&start).unwrap();
/// let back: FollowCheckpoint = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, start);
/// assert_eq!(FollowCheckpoint::default().modified_after(), None);
/// ```
#[derive(Clone, Default, Deserialize)]
#[serde(from = "CheckpointFields")]
pub struct FollowCheckpoint {
    modified_after: Option<i64>,
    delivered: Delivered,
}

/// The updates of the page at `modified_after` already handed out: the first `len` of a list
/// that every checkpoint of that page shares. A follower builds the list once per page, so
/// the checkpoint of each update costs the same to hand out, whatever the size of the page
/// (a tie of thousands of updates at one timestamp makes one page that large).
#[derive(Clone, Default)]
struct Delivered {
    keys: Arc<[DeliveredUpdate]>,
    len: usize,
}

impl Delivered {
    fn as_slice(&self) -> &[DeliveredUpdate] {
        self.keys.get(..self.len).unwrap_or(&self.keys)
    }
}

/// One update already handed out: the issue id and its `updated` time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct DeliveredUpdate {
    id: i64,
    updated: i64,
}

/// A checkpoint as JSON: `{"modified_after": <ms or null>, "delivered": [{"id", "updated"}]}`,
/// `delivered` left out when empty. The format of every checkpoint file written so far.
#[derive(Serialize)]
struct CheckpointFieldsRef<'a> {
    modified_after: Option<i64>,
    #[serde(skip_serializing_if = "<[DeliveredUpdate]>::is_empty")]
    delivered: &'a [DeliveredUpdate],
}

/// [`CheckpointFieldsRef`], read back.
#[derive(Deserialize)]
struct CheckpointFields {
    modified_after: Option<i64>,
    #[serde(default)]
    delivered: Vec<DeliveredUpdate>,
}

impl From<CheckpointFields> for FollowCheckpoint {
    fn from(fields: CheckpointFields) -> Self {
        let len = fields.delivered.len();
        Self {
            modified_after: fields.modified_after,
            delivered: Delivered {
                keys: fields.delivered.into(),
                len,
            },
        }
    }
}

impl Serialize for FollowCheckpoint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        CheckpointFieldsRef {
            modified_after: self.modified_after,
            delivered: self.delivered.as_slice(),
        }
        .serialize(serializer)
    }
}

impl PartialEq for FollowCheckpoint {
    fn eq(&self, other: &Self) -> bool {
        self.modified_after == other.modified_after
            && self.delivered.as_slice() == other.delivered.as_slice()
    }
}

impl Eq for FollowCheckpoint {}

impl std::fmt::Debug for FollowCheckpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FollowCheckpoint")
            .field("modified_after", &self.modified_after)
            .field("delivered", &self.delivered.as_slice())
            .finish()
    }
}

impl FollowCheckpoint {
    /// Start with updates made after `modified_after` (epoch milliseconds).
    /// [`FollowCheckpoint::default`] starts from the beginning: every issue, then changes.
    pub fn from_modified_after(modified_after: i64) -> Self {
        Self {
            modified_after: Some(modified_after),
            delivered: Delivered::default(),
        }
    }

    /// The `modifiedAfter` of the page being read.
    pub fn modified_after(&self) -> Option<i64> {
        self.modified_after
    }
}

/// The key of an issue that did not decode: its id and `updated`, read on their own.
fn bad_issue_key(bad: &ItemError) -> Option<DeliveredUpdate> {
    Some(DeliveredUpdate {
        id: bad.id()?.parse().ok()?,
        updated: bad.cursor()?.parse().ok()?,
    })
}

fn delivered_key(issue: &Issue) -> Option<DeliveredUpdate> {
    Some(DeliveredUpdate {
        id: issue.id?,
        updated: issue.updated?,
    })
}

/// One issue as it changed, and the checkpoint to persist once it is handled.
#[derive(Clone, Debug)]
pub struct IssueUpdate {
    /// The issue in its current state.
    pub issue: Issue,
    /// Resume from here to continue after this update. Save it after handling the update,
    /// not before: saved before, a crash in between would lose the update.
    pub checkpoint: FollowCheckpoint,
}

/// How a follower polls.
///
/// ```
/// use secops_sdk::pagination::FollowOptions;
/// use std::time::Duration;
///
/// let options = FollowOptions::default().poll_interval(Duration::from_secs(30)).count(50);
/// assert_eq!(options.interval(), Duration::from_secs(30));
/// ```
#[derive(Clone, Debug)]
pub struct FollowOptions {
    poll_interval: Duration,
    count: Option<u64>,
    format: Option<IssueFormat>,
    strict: bool,
}

impl Default for FollowOptions {
    /// Polls every 60 s when caught up, server default page size, full issue details.
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_secs(60),
            count: None,
            format: Some(IssueFormat::Full),
            strict: false,
        }
    }
}

impl FollowOptions {
    /// How long to wait before asking again once caught up.
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// The `count` sent with each request (1 to 100).
    pub fn count(mut self, count: u64) -> Self {
        self.count = Some(count);
        self
    }

    /// The `format` sent with each request (`None`: the server's default, `short`).
    pub fn format(mut self, format: Option<IssueFormat>) -> Self {
        self.format = format;
        self
    }

    /// Whether an issue that does not decode ends the stream (`true`), or is yielded as
    /// [`Error::SkippedUpdate`] and passed (`false`, the default): that error carries the
    /// checkpoint that passes it, to save like an update's.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The poll interval.
    pub fn interval(&self) -> Duration {
        self.poll_interval
    }
}

/// Where the follower stands between polls.
struct Follower<'a> {
    client: &'a Client,
    clock: Arc<dyn Clock>,
    options: FollowOptions,
    checkpoint: FollowCheckpoint,
    /// The rest of the page: issues, and those that did not decode.
    page: VecDeque<PageEntry>,
    /// The keys of the page's updates delivered before it was fetched (from the checkpoint a
    /// follower started from) and of those it delivers: the list its checkpoints share.
    page_keys: Arc<[DeliveredUpdate]>,
    page_next: Option<i64>,
}

/// One update of a fetched page.
struct PageEntry {
    /// The issue, or why it did not decode.
    entry: Result<Issue, ItemError>,
    /// `None` if it was delivered before (its key in the checkpoint, or twice in the page);
    /// otherwise how many of `page_keys` are delivered once it is.
    delivered_len: Option<usize>,
}

/// Issue updates from `checkpoint` on, forever: pages through `get_issue_updates`, and when
/// caught up sleeps `options.poll_interval` and asks again.
///
/// Each item carries the checkpoint to save after handling it. An issue that does not decode
/// is yielded as [`Error::SkippedUpdate`] (naming the issue's id and where it failed, with the
/// checkpoint that passes it) and the follower goes on; any other error is yielded and the
/// stream ends: start a new follower from the last saved checkpoint to go on.
///
/// Delivery is at least once: saving each update's checkpoint after handling it (as below), a
/// restart never loses an update and repeats at most one per crash, the one being handled when
/// the process died. See [`FollowCheckpoint`].
///
/// ```no_run
/// # async fn run(egnyte: secops_sdk::EgnyteProtect) -> Result<(), Box<dyn std::error::Error>> {
/// use futures::StreamExt;
/// use secops_sdk::pagination::{FileCheckpoint, FollowCheckpoint, FollowOptions};
///
/// let file = FileCheckpoint::new("egnyte-issue-updates.checkpoint.json");
/// // No file: the first run, start from the beginning. A file that does not hold a
/// // checkpoint is an error naming it (`?`), never a silent start from zero.
/// let checkpoint = file.load_async().await?.unwrap_or_default();
/// let mut updates = egnyte.follow_issue_updates(checkpoint, FollowOptions::default());
/// while let Some(next) = updates.next().await {
///     match next {
///         Ok(update) => {
///             // 1. Handle the update (idempotently: after a crash it may come once more).
///             println!("issue {:?} is now {:?}", update.issue.id, update.issue.status);
///             // 2. Then save its checkpoint: atomically replaced and flushed to disk.
///             file.save_async(&update.checkpoint).await?;
///         }
///         Err(error) => match error.checkpoint() {
///             // An issue the SDK cannot read: report it, and move past it.
///             Some(past_it) => {
///                 eprintln!("skipped: {error}");
///                 file.save_async(past_it).await?;
///             }
///             None => return Err(error.into()),
///         },
///     }
/// }
/// # Ok(()) }
/// ```
pub fn follow_issue_updates<'a>(
    client: &'a Client,
    clock: Arc<dyn Clock>,
    checkpoint: FollowCheckpoint,
    options: FollowOptions,
) -> BoxStream<'a, Result<IssueUpdate, Error>> {
    let follower = Follower {
        client,
        clock,
        options,
        checkpoint,
        page: VecDeque::new(),
        page_keys: Arc::default(),
        page_next: None,
    };
    // `None` once an error has ended the stream.
    stream::unfold(Some(follower), |state| async move {
        let mut follower = state?;
        let result = follower.next_update().await;
        let go_on = match &result {
            Ok(_) => true,
            // One bad issue does not stop the follower (unless strict): it was passed.
            Err(Error::SkippedUpdate(_)) => !follower.options.strict,
            Err(_) => false,
        };
        Some((result, go_on.then_some(follower)))
    })
    .boxed()
}

impl Follower<'_> {
    async fn next_update(&mut self) -> Result<IssueUpdate, Error> {
        loop {
            let Some(PageEntry {
                entry,
                delivered_len,
            }) = self.page.pop_front()
            else {
                self.fetch_page().await?;
                continue;
            };
            if self.page.is_empty() {
                // Page finished: the next page starts after it.
                self.checkpoint = FollowCheckpoint {
                    modified_after: self.page_next,
                    delivered: Delivered::default(),
                };
                self.page_keys = Arc::default();
            } else if let Some(len) = delivered_len {
                // Shares the page's list: no copy, however many were delivered before.
                self.checkpoint.delivered = Delivered {
                    keys: self.page_keys.clone(),
                    len,
                };
            }
            if delivered_len.is_some() {
                return match entry {
                    Ok(issue) => Ok(IssueUpdate {
                        issue,
                        checkpoint: self.checkpoint.clone(),
                    }),
                    Err(error) => Err(Error::SkippedUpdate(Box::new(SkippedUpdate {
                        error,
                        checkpoint: self.checkpoint.clone(),
                    }))),
                };
            }
        }
    }

    /// Takes a fetched page: marks the updates delivered before, and builds the list of keys
    /// its checkpoints share (those delivered before it was fetched, then the page's own in
    /// order). Updates without a key cannot be recognized and are never marked.
    fn take_page(&mut self, entries: Vec<Result<Issue, ItemError>>, next: i64) {
        let before = self.checkpoint.delivered.as_slice();
        let mut seen: HashSet<DeliveredUpdate> = before.iter().copied().collect();
        let mut keys = Vec::with_capacity(before.len() + entries.len());
        keys.extend_from_slice(before);
        self.page = entries
            .into_iter()
            .map(|entry| {
                let key = match &entry {
                    Ok(issue) => delivered_key(issue),
                    Err(bad) => bad_issue_key(bad),
                };
                let delivered_len = match key {
                    Some(key) if !seen.insert(key) => None,
                    Some(key) => {
                        keys.push(key);
                        Some(keys.len())
                    }
                    None => Some(keys.len()),
                };
                PageEntry {
                    entry,
                    delivered_len,
                }
            })
            .collect();
        self.page_keys = keys.into();
        self.page_next = Some(next);
    }

    /// Fetches the page at the checkpoint, sleeping between polls while there is none.
    async fn fetch_page(&mut self) -> Result<(), Error> {
        loop {
            let mut request = self.client.get_issue_updates();
            if let Some(modified_after) = self.checkpoint.modified_after {
                request = request.modified_after(modified_after);
            }
            if let Some(count) = self.options.count {
                request = request.count(count);
            }
            if let Some(format) = &self.options.format {
                request = request.format(format.clone());
            }
            // The page rule of `get_issue_updates` (its `x-pagination`): the next
            // `modifiedAfter` is the newest of the server's and the issues' `updated`; an
            // empty page means caught up.
            let page = request.fetch_page().await?;
            let Some(next) = page.next else {
                self.clock.sleep(self.options.poll_interval).await;
                continue;
            };
            if Some(next) == self.checkpoint.modified_after {
                return Err(Error::Pagination {
                    operation: "get_issue_updates",
                    problem: format!(
                        "the server returned modifiedAfter={next} for a request with that value; \
                         stopping instead of repeating updates"
                    ),
                });
            }
            self.take_page(page.into_results().collect(), next);
            return Ok(());
        }
    }
}
