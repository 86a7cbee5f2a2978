#!/usr/bin/env bash
# Run a pith binary over every evaluation set in ../shared/bench and score it.
#
#   scripts/sets.sh                         # build release, score all five sets
#   scripts/sets.sh --out /tmp/before       # also keep each set's records
#   scripts/sets.sh --bin path/to/pith --favor recall
#   scripts/sets.sh --compare /tmp/before /tmp/after   # byte-identical check
#
# Records go to OUT/<set>.jsonl (a temporary folder when --out is not given).
# Extra arguments are passed to pith unchanged. A refactoring for speed must
# leave every record byte-identical: keep the records of the build before it
# (--out) and --compare them with the records after.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The sets: ../shared/bench beside the repository, or PITH_BENCH_DIR (as
# for the tests) when the work tree lies elsewhere.
bench="${PITH_BENCH_DIR:-$root/../shared/bench}"

if [[ "${1:-}" == --compare ]]; then
    [[ $# -eq 3 ]] || { echo "usage: sets.sh --compare DIR_A DIR_B" >&2; exit 2; }
    status=0
    for a in "$2"/*.jsonl; do
        b="$3/$(basename "$a")"
        if cmp -s "$a" "$b"; then
            echo "same      $(basename "$a" .jsonl)"
        else
            echo "DIFFERENT $(basename "$a" .jsonl) ($(diff <(cat "$a") <(cat "$b") | grep -c '^>' || true) records differ)"
            status=1
        fi
    done
    exit $status
fi

bin="" out=""
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --bin) bin="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done
if [[ -z "$bin" ]]; then
    (cd "$root" && cargo build --release --quiet --bin pith)
    bin="$root/target/release/pith"
fi
[[ -d "$bench" ]] || { echo "sets.sh: $bench is missing" >&2; exit 1; }
if [[ -z "$out" ]]; then out="$(mktemp -d)"; fi
mkdir -p "$out"

printf '%-12s %6s %6s %6s\n' set F1 P R
sum=0 n=0
for d in "$bench/scrapinghub" "$bench"/dev/*/; do
    d=${d%/}
    name=$(basename "$d")
    [[ -d "$d/html" ]] || continue
    "$bin" -q "${args[@]}" "$d/html" >"$out/$name.jsonl" 2>/dev/null || true
    if [[ -f "$d/snippets.json" ]]; then
        scorer=("$bench/score_snippets.py" "$d/snippets.json")
    else
        scorer=("$bench/score.py" "$d/ground-truth.json")
    fi
    line=$(python3 "${scorer[@]}" "$out/$name.jsonl" --json | python3 -c \
        'import json,sys; d=json.load(sys.stdin); print("%.4f %.4f %.4f" % (d["f1"], d["precision"], d["recall"]))')
    read -r f p r <<<"$line"
    printf '%-12s %6s %6s %6s\n' "$name" "$f" "$p" "$r"
    sum=$(python3 -c "print($sum + $f)")
    n=$((n + 1))
done
printf "%-12s %6.4f\n" mean "$(python3 -c "print($sum / $n)")"
echo "records in $out" >&2
