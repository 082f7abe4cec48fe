#!/usr/bin/env bash
# Build cost of secops-sdk for its users: cold debug builds of three tiny consumer crates (one
# using only Egnyte, one only Lacework Edge, one both) and the rebuild after a spec edit, for a
# baseline commit and for HEAD, side by side. See BENCHMARKS.md, "Build cost".
#
#   benches/build-cost/run.sh [--baseline REF] [--head REF] [--keep]
#
# --baseline REF  the commit to compare with (default 92a6242, before the cargo features)
# --head REF      the commit measured (default HEAD; commit your changes first)
# --keep          keep the temporary directory (worktrees, consumers, target dirs) to rebuild by hand
#
# Each consumer gets its own fresh CARGO_TARGET_DIR and the Cargo.lock of its commit, so both
# sides build the same dependency versions. A commit without the `egnyte`/`lacework` features
# (the baseline) is used whole by all three consumers. The incremental step edits an operation
# description in openapi/lacework-edge.json of the commit's worktree, runs `cargo xtask regen`
# (not timed) and rebuilds the "both" consumer. Needs git, cargo, python3; uses the network
# only if the registry cache lacks a crate. Run it on a quiet machine: it builds 6 times cold.
set -euo pipefail

baseline=92a6242
head=HEAD
keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --baseline) baseline="$2"; shift 2 ;;
    --head) head="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
work="$(mktemp -d "${TMPDIR:-/tmp}/build-cost.XXXXXX")"
cleanup() {
  if [[ $keep -eq 1 ]]; then
    echo "kept $work (remove its worktrees with: git worktree remove --force $work/baseline $work/head)" >&2
    return
  fi
  for side in baseline head; do
    if [[ -d "$work/$side" ]]; then
      git -C "$repo" worktree remove --force "$work/$side" >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

log() { printf '==> %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }

# consumer SIDE NAME: a binary crate depending on the SDK of SIDE's worktree.
consumer() {
  local side="$1" name="$2" sdk="$work/$side/crates/secops-sdk" dependency
  local dir="$work/consumers/$side-$name"
  if grep -q '^egnyte = ' "$sdk/Cargo.toml"; then
    case "$name" in
      egnyte) dependency="{ path = \"$sdk\", default-features = false, features = [\"egnyte\", \"rustls\"] }" ;;
      lacework) dependency="{ path = \"$sdk\", default-features = false, features = [\"lacework\", \"rustls\"] }" ;;
      both) dependency="{ path = \"$sdk\" }" ;;
    esac
  else
    dependency="{ path = \"$sdk\" }"
  fi
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "consumer-$name"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
secops-sdk = $dependency

[workspace]
EOF
  local uses=""
  case "$name" in
    egnyte) uses='std::any::type_name::<secops_sdk::EgnyteProtect>()' ;;
    lacework) uses='std::any::type_name::<secops_sdk::LaceworkEdge>()' ;;
    both) uses='(std::any::type_name::<secops_sdk::EgnyteProtect>(), std::any::type_name::<secops_sdk::LaceworkEdge>())' ;;
  esac
  printf 'fn main() {\n    println!("{:?}", %s);\n}\n' "$uses" >"$dir/src/main.rs"
  cp "$work/$side/Cargo.lock" "$dir/Cargo.lock"
  echo "$dir"
}

# cold SIDE NAME: prints the seconds of a cold `cargo build` of the consumer.
cold() {
  local dir target start end
  dir="$(consumer "$1" "$2")"
  target="$work/target-$1-$2"
  (cd "$dir" && cargo fetch --quiet)
  log "cold build: $1, $2"
  start="$(now)"
  (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build --offline --quiet)
  end="$(now)"
  elapsed "$start" "$end"
}

# incremental SIDE: edit a Lacework Edge description, regenerate, rebuild the "both" consumer.
incremental() {
  local side="$1" tree="$work/$1" start end
  python3 - "$tree/openapi/lacework-edge.json" <<'EOF'
import json, sys
path = sys.argv[1]
with open(path) as f:
    spec = json.load(f)
for item in spec["paths"].values():
    for operation in item.values():
        if isinstance(operation, dict) and "description" in operation:
            operation["description"] += " (edited by the build-cost benchmark)"
            break
    else:
        continue
    break
with open(path, "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
EOF
  log "regen: $side"
  (cd "$tree" && CARGO_TARGET_DIR="$work/xtask-target" cargo xtask regen lacework-edge >/dev/null)
  log "incremental build: $side, both"
  start="$(now)"
  (cd "$work/consumers/$side-both" && CARGO_TARGET_DIR="$work/target-$side-both" cargo build --offline --quiet)
  end="$(now)"
  elapsed "$start" "$end"
}

base_commit="$(git -C "$repo" rev-parse --short "$baseline")"
head_commit="$(git -C "$repo" rev-parse --short "$head")"
git -C "$repo" worktree add --detach --quiet "$work/baseline" "$base_commit"
git -C "$repo" worktree add --detach --quiet "$work/head" "$head_commit"

declare -A seconds
for name in egnyte lacework both; do
  for side in baseline head; do
    seconds[$side-$name]="$(cold "$side" "$name")"
  done
done
for side in baseline head; do
  seconds[$side-incremental]="$(incremental "$side")"
done

ratio() { python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.2f}')" "$1" "$2"; }
printf '\nBuild cost (debug, `cargo build`), baseline %s vs HEAD %s, %s, %s cores:\n\n' \
  "$base_commit" "$head_commit" "$(rustc --version)" "$(nproc)"
echo "| build | baseline $base_commit (s) | HEAD $head_commit (s) | HEAD / baseline |"
echo "|---|---:|---:|---:|"
for row in "egnyte:cold, Egnyte only" "lacework:cold, Lacework Edge only" "both:cold, both vendors" \
  "incremental:spec edit + regen, both vendors"; do
  key="${row%%:*}"
  label="${row#*:}"
  echo "| $label | ${seconds[baseline-$key]} | ${seconds[head-$key]} | $(ratio "${seconds[baseline-$key]}" "${seconds[head-$key]}") |"
done
