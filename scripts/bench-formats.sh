#!/usr/bin/env bash
# What output formatting costs: runs a release pith single-threaded over a
# directory of pages (default: the ScrapingHub pages in fixtures/) once per
# output configuration, several rounds interleaved, and prints each
# configuration's best CPU time (user + system) and its cost relative to the
# plain JSON Lines run. CPU time rather than wall time because the machine
# is shared; the best of several rounds because noise only ever adds time.
#
#   scripts/bench-formats.sh [DIR] [ROUNDS]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-$root/fixtures/scrapinghub/html}"
rounds="${2:-5}"
cd "$root"
cargo build --release --quiet --bin pith
pith="$root/target/release/pith"

configs=(
    ""
    "--format json"
    "--format text"
    "--markdown"
    "--html"
    "--markdown --html --links --images"
    "--format markdown"
    "--format markdown --links --images"
)

cpu_seconds() {
    # One run's user + system CPU seconds, from bash's `time`.
    local TIMEFORMAT='%U %S' spent
    # shellcheck disable=SC2086
    spent=$({ time "$pith" -j 1 -q $1 "$dir" >/dev/null; } 2>&1)
    python3 -c 'import sys; print(f"{float(sys.argv[1]) + float(sys.argv[2]):.3f}")' $spent
}

best=()
for ((round = 0; round < rounds; round++)); do
    for i in "${!configs[@]}"; do
        t=$(cpu_seconds "${configs[$i]}")
        if [[ -z "${best[$i]:-}" ]] || python3 -c "import sys; sys.exit(not $t < ${best[$i]})"; then
            best[i]=$t
        fi
    done
done

pages=$(find "$dir" -type f | wc -l)
base=${best[0]}
echo "pith $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $pages pages in $dir, 1 thread, best of $rounds"
printf '%-40s %8s %8s %8s\n' "options" "cpu s" "docs/s" "cost"
for i in "${!configs[@]}"; do
    config=${configs[$i]}
    t=${best[$i]}
    python3 -c "
t, base, pages = $t, $base, $pages
print(f'{\"$config\" or \"(default jsonl)\":<40} {t:8.3f} {pages / t:8.0f} {100 * (t / base - 1):+7.1f}%')"
done
