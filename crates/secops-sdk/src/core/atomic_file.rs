//! [`replace_file`]: replacing a small file atomically and durably.

use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Replaces the file at `path` with `bytes`, atomically and durably: a temporary file beside it
/// (readable only by its owner on Unix) is written and flushed to disk, renamed over `path`, and
/// the directory is flushed. When this returns `Ok` the file holds `bytes` and survives a crash
/// or power loss; if it fails or the process dies meanwhile, the file holds what it held before
/// (a temporary `.<name>.<pid>-<n>.tmp` may be left behind; nothing reads it).
pub(crate) fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?;
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let temporary = directory.join(format!(
        ".{}.{}-{}.tmp",
        file_name.to_string_lossy(),
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
    ));
    let written = write_new_file(&temporary, bytes).and_then(|()| {
        std::fs::rename(&temporary, path)?;
        sync_directory(directory)
    });
    if written.is_err() {
        // Best effort: a temporary file left behind is never read.
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Creates `path` (which must not exist; readable only by its owner on Unix), writes `bytes`
/// and flushes them to disk.
fn write_new_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Flushes a rename in `directory` to disk (Unix; elsewhere the rename is what the platform
/// makes durable on its own).
fn sync_directory(directory: &Path) -> io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(directory)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = directory;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_replaced_and_private() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("state.json");
        replace_file(&path, b"one").unwrap();
        replace_file(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let left: Vec<_> = std::fs::read_dir(directory.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }
}
