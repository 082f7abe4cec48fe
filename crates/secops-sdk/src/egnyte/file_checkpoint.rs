//! [`FileCheckpoint`]: a [`FollowCheckpoint`] kept in a file, replaced atomically and durably.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::FollowCheckpoint;
use crate::core::atomic_file::replace_file;

/// A checkpoint file larger than this is not a checkpoint: reading stops instead of loading a
/// wrong file. One holds at most a page of `(id, updated)` pairs, about 40 bytes each: a few
/// kilobytes usually, 400 KB inside a bulk change of 10,000 issues at one timestamp (one
/// page), so this allows ties of about 400,000.
const MAX_CHECKPOINT_BYTES: u64 = 16 * 1024 * 1024;

/// Why a [`FileCheckpoint`] could not be loaded or saved. Each variant names the file.
///
/// ```
/// use secops_sdk::pagination::{CheckpointError, FileCheckpoint};
///
/// let dir = std::env::temp_dir().join(format!("secops-doc-ckpt-err-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("checkpoint.json");
/// std::fs::write(&path, "").unwrap();
/// let error = FileCheckpoint::new(&path).load().unwrap_err();
/// assert!(matches!(error, CheckpointError::Empty { .. }));
/// assert!(error.to_string().contains("checkpoint.json"));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CheckpointError {
    /// The checkpoint file exists but could not be read.
    #[error(
        "could not read the follower checkpoint {path}: {source}; check that it is a file this \
         process may read"
    )]
    Read {
        /// The checkpoint file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The checkpoint file exists but is empty. [`FileCheckpoint::save`] never leaves an empty
    /// file, so something else wrote it (or the file system lost data it had not synced).
    #[error(
        "the follower checkpoint {path} is empty, so where the follower stood is unknown; \
         restore it from a backup, or delete it to start again from where your program starts \
         without a checkpoint (updates since then are delivered again)"
    )]
    Empty {
        /// The checkpoint file.
        path: PathBuf,
    },
    /// The checkpoint file does not hold a checkpoint: truncated, edited, or another file.
    #[error(
        "the follower checkpoint {path} is not a valid checkpoint ({problem}); restore it from \
         a backup, or delete it to start again from where your program starts without a \
         checkpoint (updates since then are delivered again)"
    )]
    Corrupt {
        /// The checkpoint file.
        path: PathBuf,
        /// What is wrong, without the file's content.
        problem: String,
    },
    /// The checkpoint could not be saved; the file still holds the previous checkpoint.
    #[error(
        "could not save the follower checkpoint to {path}: {source}; the directory must exist \
         and be writable (the file still holds the previous checkpoint, so a restart repeats \
         the updates handled since)"
    )]
    Write {
        /// The checkpoint file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// [`FileCheckpoint::load_async`] or [`FileCheckpoint::save_async`] did not finish because
    /// the Tokio runtime is shutting down. The file holds the previous or the new checkpoint,
    /// never a mix.
    #[error(
        "the follower checkpoint {path} was not {action}: the Tokio runtime is shutting down; \
         the file holds the previous or the new checkpoint, never a mix"
    )]
    Interrupted {
        /// The checkpoint file.
        path: PathBuf,
        /// `"loaded"` or `"saved"`.
        action: &'static str,
    },
}

/// A [`FollowCheckpoint`] kept in a JSON file: what a follower needs to survive a restart.
///
/// - [`load`](Self::load) answers `Ok(None)` when the file does not exist (the first run: start
///   where you choose, usually [`FollowCheckpoint::default`]) and an error naming the file when
///   it exists but is empty, truncated or not a checkpoint. It never silently starts over.
/// - [`save`](Self::save) writes the checkpoint to a new temporary file in the same directory
///   (readable only by its owner on Unix), flushes it to disk (`fsync`), renames it over the
///   file, and flushes the directory (on Unix), so after a crash or power loss the file holds
///   either the previous or the new checkpoint, never a mix, and a returned `Ok` is durable.
///
/// Save the checkpoint of each [`IssueUpdate`](super::IssueUpdate) right after handling it:
/// a restart then loses no update and repeats at most one, the one being handled when the
/// process stopped (see [`follow_issue_updates`](super::follow_issue_updates)).
///
/// A process killed while saving may leave a temporary file `.<file name>.<pid>-<n>.tmp`
/// beside the checkpoint; it is never read and can be deleted. One checkpoint file serves one
/// follower: two processes saving to the same file would each skip the other's progress.
///
/// [`load`](Self::load) and [`save`](Self::save) block the calling thread (a save waits for
/// two disk flushes: well under a millisecond on an SSD, tens of milliseconds on a busy disk or
/// a network file system). In async code use [`load_async`](Self::load_async) and
/// [`save_async`](Self::save_async), which run them on Tokio's blocking thread pool so the
/// runtime's other tasks keep running.
///
/// ```
/// use secops_sdk::pagination::{FileCheckpoint, FollowCheckpoint};
///
/// let dir = std::env::temp_dir().join(format!("secops-doc-ckpt-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let file = FileCheckpoint::new(dir.join("issue-updates.checkpoint.json"));
///
/// assert_eq!(file.load().unwrap(), None); // first run: no file yet
/// let checkpoint = FollowCheckpoint::from_modified_after(1_700_000_000_000);
/// file.save(&checkpoint).unwrap();
/// assert_eq!(file.load().unwrap(), Some(checkpoint));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCheckpoint {
    path: PathBuf,
}

impl FileCheckpoint {
    /// A checkpoint kept in the file at `path` (created by the first save; its directory must
    /// exist).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The checkpoint file.
    ///
    /// ```
    /// use secops_sdk::pagination::FileCheckpoint;
    /// let file = FileCheckpoint::new("/var/lib/siem/egnyte.checkpoint.json");
    /// assert_eq!(file.path(), std::path::Path::new("/var/lib/siem/egnyte.checkpoint.json"));
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved checkpoint; `Ok(None)` if the file does not exist.
    ///
    /// An empty file ([`CheckpointError::Empty`]), a file that is not a checkpoint
    /// ([`CheckpointError::Corrupt`]) or one that cannot be read ([`CheckpointError::Read`]) is
    /// an error naming the file: deciding to start over is left to you.
    ///
    /// Blocks while reading a small file; see [`load_async`](Self::load_async).
    pub fn load(&self) -> Result<Option<FollowCheckpoint>, CheckpointError> {
        let path = self.path.as_path();
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(CheckpointError::Read {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        let mut bytes = Vec::new();
        file.take(MAX_CHECKPOINT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| CheckpointError::Read {
                path: path.to_owned(),
                source,
            })?;
        parse(path, &bytes).map(Some)
    }

    /// Replaces the saved checkpoint, atomically and durably: when this returns `Ok`, the file
    /// holds `checkpoint` and survives a crash or power loss; if it fails or the process dies
    /// meanwhile, the file holds the previous checkpoint.
    ///
    /// Blocks until the data is on disk; see [`save_async`](Self::save_async).
    pub fn save(&self, checkpoint: &FollowCheckpoint) -> Result<(), CheckpointError> {
        let path = self.path.as_path();
        let write_error = |source| CheckpointError::Write {
            path: path.to_owned(),
            source,
        };
        let mut json = serde_json::to_vec(checkpoint).map_err(|error| write_error(error.into()))?;
        json.push(b'\n');
        replace_file(path, &json).map_err(write_error)?;
        Ok(())
    }

    /// [`load`](Self::load) on Tokio's blocking thread pool. Needs a Tokio runtime.
    pub async fn load_async(&self) -> Result<Option<FollowCheckpoint>, CheckpointError> {
        let file = self.clone();
        tokio::task::spawn_blocking(move || file.load())
            .await
            .map_err(|_| CheckpointError::Interrupted {
                path: self.path.clone(),
                action: "loaded",
            })?
    }

    /// [`save`](Self::save) on Tokio's blocking thread pool. Needs a Tokio runtime.
    ///
    /// The save runs to its end even if this future is dropped: the file then holds the
    /// previous or the new checkpoint, never a mix.
    pub async fn save_async(&self, checkpoint: &FollowCheckpoint) -> Result<(), CheckpointError> {
        let file = self.clone();
        let checkpoint = checkpoint.clone();
        tokio::task::spawn_blocking(move || file.save(&checkpoint))
            .await
            .map_err(|_| CheckpointError::Interrupted {
                path: self.path.clone(),
                action: "saved",
            })?
    }
}

/// The checkpoint in `bytes`, read from `path`.
fn parse(path: &Path, bytes: &[u8]) -> Result<FollowCheckpoint, CheckpointError> {
    let corrupt = |problem: String| CheckpointError::Corrupt {
        path: path.to_owned(),
        problem,
    };
    if u64::try_from(bytes.len()).is_ok_and(|len| len > MAX_CHECKPOINT_BYTES) {
        return Err(corrupt(format!(
            "larger than {MAX_CHECKPOINT_BYTES} bytes, far more than any checkpoint; is it the \
             right file?"
        )));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CheckpointError::Empty {
            path: path.to_owned(),
        });
    }
    serde_json::from_slice(bytes).map_err(|error| {
        // Say where and what kind of problem, without quoting the file.
        let kind = match error.classify() {
            serde_json::error::Category::Eof => "it ends early (truncated)",
            serde_json::error::Category::Syntax => "it is not JSON",
            serde_json::error::Category::Data => "its JSON does not have a checkpoint's fields",
            serde_json::error::Category::Io => "it could not be read",
        };
        corrupt(format!(
            "{kind}: line {}, column {}",
            error.line(),
            error.column()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkpoint_mid_page() -> FollowCheckpoint {
        serde_json::from_str(
            r#"{"modified_after":1700000000000,"delivered":[{"id":7,"updated":1700000000500}]}"#,
        )
        .unwrap()
    }

    fn file_in(dir: &tempfile::TempDir) -> FileCheckpoint {
        FileCheckpoint::new(dir.path().join("follow.checkpoint.json"))
    }

    #[test]
    fn a_saved_checkpoint_loads_back_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let file = file_in(&dir);
        for checkpoint in [
            FollowCheckpoint::default(),
            FollowCheckpoint::from_modified_after(1_700_000_000_000),
            checkpoint_mid_page(),
        ] {
            file.save(&checkpoint).unwrap();
            assert_eq!(file.load().unwrap(), Some(checkpoint));
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["follow.checkpoint.json"], "no temporary file left");
    }

    #[test]
    fn a_missing_file_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(file_in(&dir).load().unwrap(), None);
    }

    #[test]
    fn an_empty_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = file_in(&dir);
        for empty in ["", "\n", "  \r\n"] {
            std::fs::write(file.path(), empty).unwrap();
            let error = file.load().unwrap_err();
            assert!(matches!(&error, CheckpointError::Empty { path } if path == file.path()));
            let message = error.to_string();
            assert!(
                message.contains(&file.path().display().to_string()),
                "{message}"
            );
            assert!(message.contains("empty"), "{message}");
        }
    }

    #[test]
    fn a_truncated_or_foreign_file_is_an_error_naming_it_and_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        let file = file_in(&dir);
        let full = serde_json::to_string(&checkpoint_mid_page()).unwrap();
        let cases = [
            (&full[..full.len() / 2], "truncated"),
            ("modified_after=5", "not JSON"),
            (r#"{"modified_after":"yesterday"}"#, "fields"),
            (r#"[1, 2, 3]"#, "fields"),
        ];
        for (content, problem) in cases {
            std::fs::write(file.path(), content).unwrap();
            let error = file.load().unwrap_err();
            assert!(
                matches!(&error, CheckpointError::Corrupt { path, .. } if path == file.path()),
                "{content:?}: {error:?}"
            );
            let message = error.to_string();
            assert!(
                message.contains(&file.path().display().to_string()),
                "{message}"
            );
            assert!(message.contains(problem), "{content:?}: {message}");
            assert!(
                !message.contains("yesterday"),
                "content never quoted: {message}"
            );
        }
    }

    #[test]
    fn a_huge_file_is_refused_without_reading_it_all() {
        let dir = tempfile::tempdir().unwrap();
        let file = file_in(&dir);
        let huge = vec![b'['; usize::try_from(MAX_CHECKPOINT_BYTES).unwrap() * 3];
        std::fs::write(file.path(), huge).unwrap();
        let error = file.load().unwrap_err();
        assert!(error.to_string().contains("right file"), "{error}");
    }

    #[test]
    fn a_crash_between_write_and_rename_leaves_the_old_checkpoint() {
        let dir = tempfile::tempdir().unwrap();
        let file = file_in(&dir);
        let old = FollowCheckpoint::from_modified_after(1_700_000_000_000);
        file.save(&old).unwrap();
        // What a process killed after writing (part of) its temporary file leaves behind.
        let new = serde_json::to_string(&checkpoint_mid_page()).unwrap();
        let stray = dir.path().join(format!(
            ".follow.checkpoint.json.{}-{}.tmp",
            std::process::id(),
            u64::MAX
        ));
        std::fs::write(&stray, &new[..10]).unwrap();

        assert_eq!(file.load().unwrap(), Some(old), "the old checkpoint stands");
        // The next save goes through beside the stray file.
        file.save(&checkpoint_mid_page()).unwrap();
        assert_eq!(file.load().unwrap(), Some(checkpoint_mid_page()));
        assert!(stray.exists(), "a stray file is left alone, never read");
    }

    #[test]
    fn a_save_into_a_missing_directory_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = FileCheckpoint::new(dir.path().join("no-such-dir").join("c.json"));
        let error = file.save(&FollowCheckpoint::default()).unwrap_err();
        assert!(matches!(&error, CheckpointError::Write { path, .. } if path == file.path()));
        assert!(error.to_string().contains("c.json"), "{error}");
    }

    #[test]
    fn a_path_without_a_file_name_is_an_error() {
        let error = FileCheckpoint::new("/")
            .save(&FollowCheckpoint::default())
            .unwrap_err();
        assert!(matches!(error, CheckpointError::Write { .. }), "{error:?}");
    }

    #[test]
    fn a_directory_in_place_of_the_file_is_a_read_error() {
        let dir = tempfile::tempdir().unwrap();
        let error = FileCheckpoint::new(dir.path()).load().unwrap_err();
        assert!(matches!(error, CheckpointError::Read { .. }), "{error:?}");
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_readable_only_by_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = file_in(&dir);
        file.save(&FollowCheckpoint::default()).unwrap();
        let mode = std::fs::metadata(file.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[tokio::test]
    async fn the_async_variants_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let file = file_in(&dir);
        assert_eq!(file.load_async().await.unwrap(), None);
        file.save_async(&checkpoint_mid_page()).await.unwrap();
        assert_eq!(
            file.load_async().await.unwrap(),
            Some(checkpoint_mid_page())
        );
    }
}
