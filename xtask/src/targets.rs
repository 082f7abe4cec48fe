//! Which specs exist and where their generated code goes.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// One spec file and the generated file it produces.
#[derive(Debug, Clone)]
pub struct Target {
    /// Spec name: the file stem, e.g. `lacework-edge`, or the fixture's folder name.
    pub name: String,
    /// `openapi/<name>.json|yaml|yml`, or `xtask/fixtures/<name>/spec.json|yaml|yml`.
    pub spec: PathBuf,
    /// `crates/<name>-client/src/generated.rs`, or `xtask/fixtures/<name>/src/generated.rs`.
    pub output: PathBuf,
    /// The `secops` CLI's subcommands for this spec (specs in `openapi/` only, when the CLI
    /// crate exists).
    pub cli: Option<CliTarget>,
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

    /// The same target reading its spec from `spec` instead (its outputs unchanged).
    pub fn with_spec(&self, spec: PathBuf) -> Target {
        Target {
            spec,
            ..self.clone()
        }
    }

    /// The CLI output path relative to the workspace root.
    pub fn cli_output_display(&self) -> Option<String> {
        self.cli
            .as_ref()
            .map(|cli| relative(&self.root, &cli.output))
    }
}

/// Where a spec's CLI subcommands go: `crates/secops-cli/src/generated/<vendor>.rs`.
#[derive(Debug, Clone)]
pub struct CliTarget {
    /// The first word of the spec name (`egnyte` for `egnyte-protect`): the module, and the
    /// `secops` subcommand the operations sit under.
    pub vendor: String,
    /// The client crate as a Rust name (`egnyte_protect_client`).
    pub client_crate: String,
    /// `crates/secops-cli/src/generated/<vendor>.rs`.
    pub output: PathBuf,
}

/// The folder of the CLI's generated subcommands (its `mod.rs` is written by hand).
pub const CLI_GENERATED_DIR: &str = "crates/secops-cli/src/generated";

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The folder of generator fixtures: each `<name>/` with a `spec.json|yaml|yml` and a
/// `Cargo.toml` is a small crate whose `src/generated.rs` is generated like a client's.
pub const FIXTURES_DIR: &str = "xtask/fixtures";

/// Finds every `openapi/*.json|yaml|yml` and pairs it with its client crate, then every fixture
/// in [`FIXTURES_DIR`].
///
/// `only` limits the result to the named specs; a name that matches no spec is an error.
pub fn discover(root: &Path, only: &[String]) -> Result<Vec<Target>> {
    let openapi_dir = root.join("openapi");
    let mut targets = Vec::new();
    let entries = std::fs::read_dir(&openapi_dir)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", openapi_dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if !is_spec(&path) {
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
        let cli = cli_target(root, name);
        targets.push(Target {
            name: name.to_owned(),
            spec: path,
            output: crate_dir.join("src").join("generated.rs"),
            cli,
            root: root.to_path_buf(),
        });
    }
    let mut vendors = std::collections::BTreeMap::new();
    for target in &targets {
        let Some(cli) = &target.cli else { continue };
        if let Some(other) = vendors.insert(cli.vendor.clone(), target.spec_display()) {
            bail!(
                "{other} and {} both give the CLI module `{}` (the first word of the spec name): \
                 rename one",
                target.spec_display(),
                cli.vendor
            );
        }
    }
    targets.extend(fixtures(root)?);
    targets.sort_by(|a, b| a.name.cmp(&b.name));

    if let Some(dup) = targets.windows(2).find(|w| w[0].name == w[1].name) {
        bail!(
            "two specs are named `{}` ({} and {}): keep one",
            dup[0].name,
            dup[0].spec_display(),
            dup[1].spec_display()
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

/// The CLI output of the spec `name`, when the CLI crate has its generated folder.
fn cli_target(root: &Path, name: &str) -> Option<CliTarget> {
    let dir = root.join(CLI_GENERATED_DIR);
    if !dir.is_dir() {
        return None;
    }
    let vendor = name.split('-').next().unwrap_or(name).replace('.', "_");
    Some(CliTarget {
        output: dir.join(format!("{vendor}.rs")),
        client_crate: format!("{name}-client").replace(['-', '.'], "_"),
        vendor,
    })
}

/// Whether `path` is a spec file (`.json`, `.yaml` or `.yml`).
fn is_spec(path: &Path) -> bool {
    path.is_file()
        && matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        )
}

/// Every fixture crate in [`FIXTURES_DIR`]: `<name>/spec.*` -> `<name>/src/generated.rs`.
fn fixtures(root: &Path) -> Result<Vec<Target>> {
    let dir = root.join(FIXTURES_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut targets = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let crate_dir = entry?.path();
        let Some(name) = crate_dir.file_name().and_then(|s| s.to_str()) else {
            continue;
        };
        if !crate_dir.is_dir() {
            continue;
        }
        let specs: Vec<PathBuf> = ["json", "yaml", "yml"]
            .iter()
            .map(|ext| crate_dir.join(format!("spec.{ext}")))
            .filter(|path| is_spec(path))
            .collect();
        let spec = match specs.as_slice() {
            [spec] => spec.clone(),
            [] => bail!(
                "fixture {} has no spec.json|yaml|yml",
                relative(root, &crate_dir)
            ),
            _ => bail!(
                "fixture {} has several spec files: keep one",
                relative(root, &crate_dir)
            ),
        };
        if !crate_dir.join("Cargo.toml").is_file() {
            bail!("fixture {} has no Cargo.toml", relative(root, &crate_dir));
        }
        targets.push(Target {
            name: name.to_owned(),
            spec,
            output: crate_dir.join("src").join("generated.rs"),
            cli: None,
            root: root.to_path_buf(),
        });
    }
    Ok(targets)
}
