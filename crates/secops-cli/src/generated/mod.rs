//! The operation subcommands, generated from `openapi/*.json` by `cargo xtask regen`.

pub mod egnyte;
pub mod lacework;
