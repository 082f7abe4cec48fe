//! Replacing several files together, all or nothing: the spec and its operation table.
//!
//! Every new text is first written to a temporary file beside its target, and every existing
//! target but the last copied to a backup beside it (the last is never restored: nothing
//! after it can fail); a failure there removes what was made and leaves every target
//! untouched. Then the temporary files are renamed over their targets **in the order
//! given**; when a rename fails, the targets already replaced are restored from their backups
//! (a rename each), so the files are again all old. Only when a restoring rename fails too are
//! some files left new, and the error names each of them and the backup to move back.
//!
//! The caller puts the file whose replacement commits the change last (the spec): whatever
//! happens, it is never new while a file before it is old. A process killed between two
//! renames leaves the earlier files new and the later ones old; running the task again
//! finishes the change.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};

/// A file to replace and its new text.
#[derive(Debug, Clone, Copy)]
pub struct Replacement<'a> {
    /// The file.
    pub path: &'a Path,
    /// Its new text.
    pub text: &'a str,
}

/// `dir/.name.import-spec.<suffix>`.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.import-spec.{suffix}"))
}

/// One file on its way: where its new text and its old one wait.
struct Staged<'a> {
    target: &'a Path,
    temp: PathBuf,
    /// The copy of the old file; `None` when there was no file.
    backup: Option<PathBuf>,
}

fn remove_all(staged: &[Staged<'_>]) {
    for file in staged {
        let _ = std::fs::remove_file(&file.temp);
        if let Some(backup) = &file.backup {
            let _ = std::fs::remove_file(backup);
        }
    }
}

/// Replaces every file of `files` with its text, all or nothing, in the order given (see the
/// module's documentation for what is guaranteed when a step fails).
pub fn replace_together(files: &[Replacement<'_>]) -> Result<()> {
    let mut staged: Vec<Staged<'_>> = Vec::with_capacity(files.len());
    for (index, file) in files.iter().enumerate() {
        let is_last = index + 1 == files.len();
        let temp = beside(file.path, "tmp");
        let mut entry = Staged {
            target: file.path,
            temp: temp.clone(),
            backup: None,
        };
        let result = std::fs::write(&temp, file.text)
            .map_err(|e| anyhow!("writing {}: {e}", temp.display()))
            .and_then(|()| {
                if !is_last && file.path.exists() {
                    let backup = beside(file.path, "old");
                    std::fs::copy(file.path, &backup).map_err(|e| {
                        anyhow!(
                            "copying {} to {}: {e}",
                            file.path.display(),
                            backup.display()
                        )
                    })?;
                    entry.backup = Some(backup);
                }
                Ok(())
            });
        staged.push(entry);
        if let Err(e) = result {
            remove_all(&staged);
            return Err(e.context("nothing was written"));
        }
    }

    for (index, file) in staged.iter().enumerate() {
        let Err(error) = std::fs::rename(&file.temp, file.target) else {
            continue;
        };
        let mut still_new = Vec::new();
        for done in staged[..index].iter().rev() {
            let restored = match &done.backup {
                Some(backup) => std::fs::rename(backup, done.target),
                None => std::fs::remove_file(done.target),
            };
            if let Err(e) = restored {
                still_new.push(match &done.backup {
                    Some(backup) => format!(
                        "{} is the new file ({e}); the old one is {}: move it back",
                        done.target.display(),
                        backup.display()
                    ),
                    None => format!(
                        "{} is the new file and did not exist before ({e}): delete it",
                        done.target.display()
                    ),
                });
            }
        }
        // What was restored is gone from the backups; remove the rest of what was made,
        // keeping the backups the message points to.
        for (i, file) in staged.iter().enumerate() {
            let _ = std::fs::remove_file(&file.temp);
            let pointed_to = i < index && !still_new.is_empty();
            if let Some(backup) = &file.backup
                && !pointed_to
            {
                let _ = std::fs::remove_file(backup);
            }
        }
        let reason = format!("replacing {}: {error}", file.target.display());
        return Err(if still_new.is_empty() {
            anyhow!("{reason}; every file is as it was before (nothing was written)")
        } else {
            anyhow!(
                "{reason}; restoring the files replaced before it failed too:\n  {}",
                still_new.join("\n  ")
            )
        });
    }
    for file in &staged {
        if let Some(backup) = &file.backup {
            let _ = std::fs::remove_file(backup);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn every_file_is_replaced_and_nothing_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.json"));
        std::fs::write(&a, "old a").unwrap();
        replace_together(&[
            Replacement {
                path: &a,
                text: "new a",
            },
            Replacement {
                path: &b,
                text: "new b",
            },
        ])
        .unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
        assert_eq!(names(dir.path()), ["a.csv", "b.json"]);
    }

    #[test]
    fn a_failing_last_rename_restores_the_files_replaced_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let table = dir.path().join("ops.csv");
        std::fs::write(&table, "old table\n").unwrap();
        // The spec's rename fails: its place is taken by a folder that is not empty.
        let spec = dir.path().join("spec.json");
        std::fs::create_dir(&spec).unwrap();
        std::fs::write(spec.join("keep"), "").unwrap();
        let error = replace_together(&[
            Replacement {
                path: &table,
                text: "new table\n",
            },
            Replacement {
                path: &spec,
                text: "{}\n",
            },
        ])
        .unwrap_err()
        .to_string();
        assert!(error.contains("replacing"), "{error}");
        assert!(error.contains("every file is as it was before"), "{error}");
        assert_eq!(std::fs::read_to_string(&table).unwrap(), "old table\n");
        assert_eq!(names(dir.path()), ["ops.csv", "spec.json"]);
    }

    #[test]
    fn a_failing_temporary_file_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (table, spec) = (dir.path().join("ops.csv"), dir.path().join("spec.json"));
        std::fs::write(&table, "old table\n").unwrap();
        std::fs::write(&spec, "{}\n").unwrap();
        // The spec's temporary file cannot be written: a folder sits where it goes.
        std::fs::create_dir(dir.path().join(".spec.json.import-spec.tmp")).unwrap();
        let error = format!(
            "{:#}",
            replace_together(&[
                Replacement {
                    path: &table,
                    text: "new table\n",
                },
                Replacement {
                    path: &spec,
                    text: "{\"new\": 1}\n",
                },
            ])
            .unwrap_err()
        );
        assert!(error.starts_with("nothing was written"), "{error}");
        assert_eq!(std::fs::read_to_string(&table).unwrap(), "old table\n");
        assert_eq!(std::fs::read_to_string(&spec).unwrap(), "{}\n");
        assert_eq!(
            names(dir.path()),
            [".spec.json.import-spec.tmp", "ops.csv", "spec.json"]
        );
    }
}
