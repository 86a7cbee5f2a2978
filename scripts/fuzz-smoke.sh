#!/usr/bin/env bash
# A short run of every fuzz target, one at a time, on a scratch copy of the
# seed corpus (see fuzz/README.md):
#
#   scripts/fuzz-smoke.sh          # 30 s per target
#   scripts/fuzz-smoke.sh 600      # the 10 minutes per target of a real run
#
# Installs cargo-fuzz when it is missing. The seeds of `decode` and
# `extract` are the small HTML pages of fixtures/ (the folders below, as
# tests/fuzz_regressions.rs reads them); `warc` and `jsonl` have their own
# in fuzz/corpus/.
#
# Environment:
#   PITH_FUZZ_TARGET_DIR   where the fuzz build goes (default fuzz/target);
#                          .ci/run keeps it in ~/.cache/pith between runs
#   PITH_FUZZ_SANITIZER    address (default) or none
#
# Exits non-zero on the first finding; libFuzzer's crash input is then in
# fuzz/artifacts/<target>/ (fix the bug, then keep the input in
# fuzz/regressions/<target>/).
set -euo pipefail
seconds="${1:-30}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="${PITH_FUZZ_TARGET_DIR:-$root/fuzz/target}"
sanitizer="${PITH_FUZZ_SANITIZER:-address}"
# The fixture folders that seed `decode` and `extract`: small pages of our
# own, never benchmark pages (fixtures/seed, at 30 to 40 KB a page, slows
# the fuzzers down for little new).
html_seeds=(fixtures/comments fixtures/formats fixtures/layouts fixtures/metadata)

# The version the smoke was measured with (fuzz/README.md).
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz@0.13.2
cd "$root/fuzz"
# cargo-fuzz needs nightly flags (-Zsanitizer); the stable compiler takes
# them with RUSTC_BOOTSTRAP=1.
export RUSTC_BOOTSTRAP=1
build_started=$SECONDS
cargo fuzz build -O -s "$sanitizer" --target-dir "$target_dir"
echo "fuzz-smoke: built in $((SECONDS - build_started)) s (sanitizer: $sanitizer)" >&2
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for target in decode extract warc jsonl; do
    mkdir "$scratch/$target"
    case "$target" in
        decode | extract)
            # Flattened names (metadata/citation.html -> metadata-citation.html).
            (cd "$root/fixtures" && find "${html_seeds[@]#fixtures/}" -name '*.html' -type f) |
                while read -r f; do cp "$root/fixtures/$f" "$scratch/$target/${f//\//-}"; done
            ;;
        *) cp -r "corpus/$target/." "$scratch/$target/" ;;
    esac
    echo "fuzz-smoke: $target for $seconds s, $(ls "$scratch/$target" | wc -l) seeds" >&2
    if ! cargo fuzz run -O -s "$sanitizer" --target-dir "$target_dir" "$target" "$scratch/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$scratch/$target.log" 2>&1; then
        tail -n 60 "$scratch/$target.log" >&2
        echo "fuzz-smoke: $target found something: fuzz/artifacts/$target/" >&2
        exit 1
    fi
    grep -E '^(Done|stat::number_of_executed_units)' "$scratch/$target.log" || true
done
