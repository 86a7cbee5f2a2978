#!/usr/bin/env bash
# Profile pith's release build on one thread (issue #9), grouped by stage.
#
#   bench/profile.sh            # the 181 ScrapingHub pages and a 10 MB generated page
#   bench/profile.sh pages      # only the 181 pages
#   bench/profile.sh big        # only the 10 MB page
#
# Runs the pith CLI (`-j 1 -q`, output to /dev/null) under
#   - perf (`perf record -e cpu-clock`, a software clock: works in VMs without
#     hardware counters), when perf works here: where time goes, including
#     reading, gunzip and JSON output (their own group); the pages are read
#     5 times (the big page 3 times) for enough samples;
#   - callgrind, collecting only inside `pith::extract`: instruction counts,
#     repeatable run to run (unlike time on a shared machine), so they are the
#     figures to compare before and after a change; one pass.
# and prints, per profile, the self cost grouped by stage and the top
# functions (bench/profile_groups.py), plus callgrind's inclusive cost of
# each stage's entry function. Everything is kept in
# $PITH_BENCH_DIR/profile/<UTC time>/ (default PITH_BENCH_DIR:
# /work/scratch/pith-bench); `summary.md` there holds the tables.
# callgrind takes about a minute and a half for the 181 pages.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${PITH_BENCH_DIR:-/work/scratch/pith-bench}"
python="${PYTHON:-python3}"
what="${1:-all}"
say() { echo "profile.sh: $*" >&2; }
case "$what" in
all | pages | big) ;;
*)
    say "unknown run '$what' (all, pages, big)"
    exit 1
    ;;
esac

mkdir -p "$work"
work="$(cd "$work" && pwd)"
out="$work/profile/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
(cd "$root" && cargo build --release --quiet --bin pith)
pith="$root/target/release/pith"
groups="$root/bench/profile_groups.py"
summary="$out/summary.md"
echo "# pith $(git -C "$root" describe --always --dirty) profile, $(date -u +%Y-%m-%dT%H:%MZ)" >"$summary"

have_perf=0
if command -v perf >/dev/null && perf record -q -e cpu-clock -o "$out/perf-check.data" true >/dev/null 2>&1; then
    have_perf=1
else
    say "perf record does not work here: callgrind only"
fi
rm -f "$out/perf-check.data"
have_callgrind=0
if command -v valgrind >/dev/null; then have_callgrind=1; else say "no valgrind: no callgrind profile"; fi

profile() { # name, perf repeats, inputs...
    local name="$1" times="$2"
    shift 2
    local args=() i
    for ((i = 0; i < times; i++)); do args+=("$@"); done
    if [[ $have_perf -eq 1 ]]; then
        say "$name: perf"
        perf record -q -e cpu-clock -o "$out/perf-$name.data" -- "$pith" -q -j 1 "${args[@]}" >/dev/null
        perf report -i "$out/perf-$name.data" --stdio --no-children --sort sym -g none \
            --percent-limit 0 >"$out/perf-$name.txt" 2>/dev/null
        {
            echo
            echo "## $name: perf, self time (whole process, $times passes)"
            echo
            "$python" "$groups" perf "$out/perf-$name.txt"
        } >>"$summary"
    fi
    if [[ $have_callgrind -eq 1 ]]; then
        say "$name: callgrind"
        valgrind --tool=callgrind --callgrind-out-file="$out/callgrind-$name.out" \
            --toggle-collect='pith::extract' "$pith" -q -j 1 "$@" >/dev/null 2>"$out/callgrind-$name.log"
        callgrind_annotate --auto=no --threshold=100 "$out/callgrind-$name.out" \
            >"$out/callgrind-$name.txt" 2>/dev/null
        callgrind_annotate --auto=no --threshold=100 --inclusive=yes "$out/callgrind-$name.out" \
            >"$out/callgrind-$name-inclusive.txt" 2>/dev/null
        {
            echo
            echo "## $name: callgrind, instructions inside pith::extract (one pass)"
            echo
            grep -m1 "PROGRAM TOTALS" "$out/callgrind-$name.txt" | sed 's/^/    /'
            echo
            "$python" "$groups" inclusive "$out/callgrind-$name-inclusive.txt"
            echo
            "$python" "$groups" callgrind "$out/callgrind-$name.txt"
        } >>"$summary"
    fi
}

if [[ "$what" == all || "$what" == pages ]]; then
    profile pages 5 "$root/fixtures/scrapinghub/html"
fi
if [[ "$what" == all || "$what" == big ]]; then
    pages_dir="$work/pages"
    "$python" "$root/bench/gen_pages.py" "$pages_dir" 10M
    profile big10M 3 "$pages_dir/page-10M.html"
fi
cat "$summary"
say "profiles in $out"
