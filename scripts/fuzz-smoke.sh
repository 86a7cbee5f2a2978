#!/usr/bin/env bash
# A short run of every fuzz target, one at a time, on a scratch copy of the
# committed seed corpus (see fuzz/README.md):
#
#   scripts/fuzz-smoke.sh          # 30 s per target
#   scripts/fuzz-smoke.sh 600      # the 10 minutes per target of a real run
#
# Installs cargo-fuzz when it is missing. Not part of .ci/run: building the
# sanitized targets and installing cargo-fuzz take minutes CI does not have.
# Exits non-zero on the first finding; libFuzzer's crash input is then in
# fuzz/artifacts/<target>/ (fix the bug, then keep the input in
# fuzz/regressions/<target>/).
set -euo pipefail
seconds="${1:-30}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
cd "$root/fuzz"
# cargo-fuzz needs nightly flags (-Zsanitizer); the stable compiler takes
# them with RUSTC_BOOTSTRAP=1.
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for target in decode extract warc jsonl; do
    cp -r "corpus/$target" "$scratch/$target"
    echo "fuzz-smoke: $target for $seconds s" >&2
    if ! cargo fuzz run -O "$target" "$scratch/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$scratch/$target.log" 2>&1; then
        tail -n 60 "$scratch/$target.log" >&2
        echo "fuzz-smoke: $target found something: fuzz/artifacts/$target/" >&2
        exit 1
    fi
    grep -E '^(Done|stat::number_of_executed_units)' "$scratch/$target.log" || true
done
