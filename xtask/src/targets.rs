//! Which specs exist and where their generated code goes.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// One spec file and the generated file it produces.
#[derive(Debug, Clone)]
pub struct Target {
    /// Spec name: the file stem, e.g. `lacework-edge`.
    pub name: String,
    /// `openapi/<name>.json|yaml|yml`.
    pub spec: PathBuf,
    /// `crates/<name>-client/src/generated.rs`.
    pub output: PathBuf,
    /// The workspace root, for printing relative paths.
    root: PathBuf,
}

impl Target {
    /// The spec path relative to the workspace root.
    pub fn spec_display(&self) -> String {
        relative(&self.root, &self.spec)
    }

    /// The workspace root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The output path relative to the workspace root.
    pub fn output_display(&self) -> String {
        relative(&self.root, &self.output)
    }
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Finds every `openapi/*.json|yaml|yml` and pairs it with its client crate.
///
/// `only` limits the result to the named specs; a name that matches no spec is an error.
pub fn discover(root: &Path, only: &[String]) -> Result<Vec<Target>> {
    let openapi_dir = root.join("openapi");
    let mut targets = Vec::new();
    let entries = std::fs::read_dir(&openapi_dir)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", openapi_dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        let is_spec = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        );
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if !is_spec || !path.is_file() {
            continue;
        }
        let crate_dir = root.join("crates").join(format!("{name}-client"));
        if !crate_dir.join("Cargo.toml").is_file() {
            bail!(
                "{} has no client crate: expected {}/Cargo.toml (create the crate or remove the spec)",
                relative(root, &path),
                relative(root, &crate_dir)
            );
        }
        targets.push(Target {
            name: name.to_owned(),
            spec: path,
            output: crate_dir.join("src").join("generated.rs"),
            root: root.to_path_buf(),
        });
    }
    targets.sort_by(|a, b| a.name.cmp(&b.name));

    if let Some(dup) = targets.windows(2).find(|w| w[0].name == w[1].name) {
        bail!(
            "two specs are named `{}` (e.g. .json and .yaml): keep one",
            dup[0].name
        );
    }
    if targets.is_empty() {
        bail!("no spec found in {}", openapi_dir.display());
    }

    for name in only {
        if !targets.iter().any(|t| &t.name == name) {
            let known: Vec<_> = targets.iter().map(|t| t.name.as_str()).collect();
            bail!("no spec named `{name}` (known: {})", known.join(", "));
        }
    }
    if !only.is_empty() {
        targets.retain(|t| only.contains(&t.name));
    }
    Ok(targets)
}
