#!/usr/bin/env bash
# Build cost of secops-sdk for its users: cold debug builds of three tiny consumer crates (one
# using only Egnyte, one only Lacework Edge, one both; each with tokio's `macros` and
# `rt-multi-thread` and a `#[tokio::main]`, as the README's quickstart has it) and the rebuild
# after a spec edit, for a baseline commit and for HEAD, side by side; and, for reference, a
# "floor" crate with only the HTTP stack (reqwest, rustls with ring, tokio, serde, serde_json)
# at HEAD's versions. See BENCHMARKS.md, "Build cost".
#
#   benches/build-cost/run.sh [--baseline REF] [--head REF] [--repeat N] [--only NAME] [--keep]
#
# --baseline REF  the commit to compare with (default 92a6242, before the cargo features)
# --head REF      the commit measured (default HEAD; commit your changes first)
# --repeat N      build each cold pair N times, the order of the two sides alternating; the
#                 table gives the median seconds and the median of the per-pair ratios
# --only NAME     only the cold builds of one consumer: egnyte, lacework or both (no
#                 incremental step)
# --keep          keep the temporary directory (worktrees, consumers, target dirs) to rebuild by hand
#
# Each consumer gets its own fresh CARGO_TARGET_DIR and the Cargo.lock of its commit, so both
# sides build the same dependency versions. A commit without the `egnyte`/`lacework` features
# (the baseline) is used whole by all three consumers. The incremental step edits an operation
# description in openapi/lacework-edge.json of the commit's worktree, runs `cargo xtask regen`
# (not timed) and rebuilds the "both" consumer. Needs git, cargo, python3; uses the network
# only if the registry cache lacks a crate. Run it on a quiet machine: it builds 7 times cold
# (7 times N with --repeat N).
set -euo pipefail

baseline=92a6242
head=HEAD
keep=0
repeat=1
only=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --baseline) baseline="$2"; shift 2 ;;
    --head) head="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --repeat) repeat="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
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
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
EOF
  local uses=""
  case "$name" in
    egnyte) uses='std::any::type_name::<secops_sdk::EgnyteProtect>()' ;;
    lacework) uses='std::any::type_name::<secops_sdk::LaceworkEdge>()' ;;
    both) uses='(std::any::type_name::<secops_sdk::EgnyteProtect>(), std::any::type_name::<secops_sdk::LaceworkEdge>())' ;;
  esac
  printf '#[tokio::main]\nasync fn main() {\n    println!("{:?}", %s);\n}\n' "$uses" >"$dir/src/main.rs"
  cp "$work/$side/Cargo.lock" "$dir/Cargo.lock"
  echo "$dir"
}

# floor SIDE: a crate with only the HTTP stack the SDK builds on (reqwest with the SDK's
# features, rustls with ring, tokio, serde, serde_json) and SIDE's Cargo.lock.
floor() {
  local side="$1" dir="$work/consumers/$1-floor"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "consumer-floor"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
reqwest = { version = "0.13", default-features = false, features = ["json", "stream", "query", "form", "rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["std", "tls12", "ring"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[workspace]
EOF
  cat >"$dir/src/main.rs" <<'EOF'
#[derive(serde::Deserialize, Debug)]
struct Page {
    items: Vec<serde_json::Value>,
}

#[tokio::main]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();
    println!("{client:?} {}", std::any::type_name::<Page>());
}
EOF
  cp "$work/$side/Cargo.lock" "$dir/Cargo.lock"
  echo "$dir"
}

# cold SIDE NAME: prints the seconds of a cold `cargo build` of the consumer (NAME floor: the
# floor crate).
cold() {
  local dir target start end
  if [[ "$2" == floor ]]; then dir="$(floor "$1")"; else dir="$(consumer "$1" "$2")"; fi
  target="$work/target-$1-$2"
  rm -rf "$target"
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

ratio() { python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.2f}')" "$1" "$2"; }
median() { python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "$@"; }

names=(egnyte lacework both)
if [[ -n "$only" ]]; then names=("$only"); fi
declare -A seconds
for name in "${names[@]}"; do
  base_times=() head_times=() ratios=()
  for ((round = 1; round <= repeat; round++)); do
    # Alternate which side builds first, so a drift in the machine's speed hits both.
    if ((round % 2 == 1)); then sides=(baseline head); else sides=(head baseline); fi
    declare -A pair=()
    for side in "${sides[@]}"; do
      pair[$side]="$(cold "$side" "$name")"
    done
    base_times+=("${pair[baseline]}") head_times+=("${pair[head]}")
    ratios+=("$(ratio "${pair[baseline]}" "${pair[head]}")")
    log "$name, round $round: baseline ${pair[baseline]} s, HEAD ${pair[head]} s, ratio ${ratios[-1]}"
  done
  seconds[baseline-$name]="$(median "${base_times[@]}")"
  seconds[head-$name]="$(median "${head_times[@]}")"
  seconds[ratio-$name]="$(median "${ratios[@]}")"
done
if [[ -z "$only" ]]; then
  for side in baseline head; do
    seconds[$side-incremental]="$(incremental "$side")"
  done
  seconds[ratio-incremental]="$(ratio "${seconds[baseline-incremental]}" "${seconds[head-incremental]}")"
fi
seconds[head-floor]="$(cold head floor)"
printf '\nBuild cost (debug, `cargo build`), baseline %s vs HEAD %s, %s, %s cores, %s round(s):\n\n' \
  "$base_commit" "$head_commit" "$(rustc --version)" "$(nproc)" "$repeat"
echo "| build | baseline $base_commit (s) | HEAD $head_commit (s) | HEAD / baseline |"
echo "|---|---:|---:|---:|"
for row in "egnyte:cold, Egnyte only" "lacework:cold, Lacework Edge only" "both:cold, both vendors" \
  "incremental:spec edit + regen, both vendors"; do
  key="${row%%:*}"
  label="${row#*:}"
  if [[ -n "${seconds[ratio-$key]:-}" ]]; then
    echo "| $label | ${seconds[baseline-$key]} | ${seconds[head-$key]} | ${seconds[ratio-$key]} |"
  fi
done
printf '\nFloor (only reqwest, rustls with ring, tokio, serde, serde_json at HEAD %s): %s s' \
  "$head_commit" "${seconds[head-floor]}"
if [[ -n "${seconds[baseline-egnyte]:-}" ]]; then
  printf ', %s of the Egnyte-only baseline' "$(ratio "${seconds[baseline-egnyte]}" "${seconds[head-floor]}")"
fi
printf '.\n'
