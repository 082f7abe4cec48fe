//! The time of `cargo xtask regen --check` for both specs and for each alone, measured on the
//! built xtask binary (so cargo's own start-up is not counted).
//!
//! Build it first (`cargo build -p xtask`); the bench looks for it in `XTASK_BIN`, else in
//! `$CARGO_TARGET_DIR/debug/xtask`, else `target/debug/xtask`, and is skipped when absent.
//! `--check` renders everything and compares it with the checked-in files without writing.
//!
//! `cargo build -p xtask && cargo bench -p secops-sdk --bench regen`

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| manifest.to_path_buf())
}

fn xtask_binary(root: &Path) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("XTASK_BIN") {
        return Some(PathBuf::from(path));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        })
        .unwrap_or_else(|| root.join("target"));
    let binary = target
        .join("debug")
        .join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    binary.is_file().then_some(binary)
}

/// Runs `xtask regen --check [names]`; true when the checked-in files are up to date.
fn regen_check(binary: &Path, root: &Path, names: &[&str]) -> bool {
    Command::new(binary)
        .arg("regen")
        .arg("--check")
        .args(names)
        .current_dir(root)
        // xtask finds the workspace from CARGO_MANIFEST_DIR; cargo bench set it to this crate.
        .env("CARGO_MANIFEST_DIR", root.join("xtask"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|status| status.success())
        .unwrap_or(false)
}

fn regen(c: &mut Criterion) {
    let root = workspace_root();
    let Some(binary) = xtask_binary(&root) else {
        eprintln!("regen: no xtask binary found; run `cargo build -p xtask` first (skipped)");
        return;
    };
    let first = Command::new(&binary)
        .args(["regen", "--check"])
        .current_dir(&root)
        .env("CARGO_MANIFEST_DIR", root.join("xtask"))
        .output();
    match first {
        Ok(output) if output.status.success() => {}
        Ok(output) => eprintln!(
            "regen: `xtask regen --check` exited with {} (the timing is still the time to \
             render both specs):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(error) => {
            eprintln!("regen: cannot run {}: {error} (skipped)", binary.display());
            return;
        }
    }
    let mut group = c.benchmark_group("xtask_regen_check");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for (label, names) in [
        ("both_specs", &[][..]),
        ("egnyte-protect", &["egnyte-protect"][..]),
        ("lacework-edge", &["lacework-edge"][..]),
    ] {
        group.bench_function(label, |b| {
            b.iter(|| regen_check(&binary, &root, names));
        });
    }
    group.finish();
}

criterion_group!(benches, regen);
criterion_main!(benches);
