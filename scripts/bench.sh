#!/usr/bin/env bash
# Benchmark pith on the ScrapingHub article-extraction dataset: builds a
# release binary and runs `pith eval` on one thread, so docs/s is comparable
# with the single-core figures in ../shared/bench/PEERS.md.
#
#   scripts/bench.sh                    # default dataset, text report
#   scripts/bench.sh --json             # one JSON object
#   scripts/bench.sh --worst 20 --per-doc /tmp/per-doc.jsonl
#   scripts/bench.sh path/to/dataset --predictions /tmp/pred.jsonl
#
# A first argument that is not an option is the dataset directory (default:
# ../shared/bench/scrapinghub next to the repository); the rest go to
# `pith eval` unchanged (see `pith eval --help`). Timing covers extraction
# only (pages are read and gunzipped first); MB/s counts bytes after gunzip.
# The machine is shared and noisy: compare runs made back to back.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dataset="$root/../shared/bench/scrapinghub"
if [[ $# -gt 0 && "$1" != -* ]]; then
    dataset="$1"
    shift
fi
if [[ ! -f "$dataset/ground-truth.json" ]]; then
    echo "bench.sh: no ground-truth.json in $dataset" >&2
    exit 1
fi

cd "$root"
cargo build --release --quiet --bin pith
echo "pith $(git rev-parse --short HEAD 2>/dev/null || echo '?') on $dataset, 1 thread, $(date -u +%Y-%m-%dT%H:%MZ)" >&2
exec "$root/target/release/pith" eval "$dataset" -j 1 "$@"
