#!/usr/bin/env bash
# Compare pith with its peers on speed, memory and F1 (issue #9, "measure
# first"). Not run by CI: it installs the peers from PyPI and crates.io.
#
#   bench/compare.sh            # everything: the 181 ScrapingHub pages, then page sizes
#   bench/compare.sh pages      # only the 181 benchmark pages
#   bench/compare.sh sizes      # only the size-scaling run
#
# What it does:
#   1. Installs, under $PITH_BENCH_DIR (default /work/scratch/pith-bench):
#      a Python venv with resiliparse 2.0.1 and trafilatura 2.3.1, and a
#      scratch cargo project (bench/runner/main.rs) linking pith (this
#      checkout, as a path dependency, built with pith's release profile)
#      and dom_smoothie 0.19.0. Also builds the pith CLI (cargo build
#      --release). A peer that fails to install is left out, with a message.
#   2. The 181 pages of fixtures/scrapinghub, in rounds: each round runs
#      every tool once, one process each, in the same order, so noise on
#      the shared machine hits all of them alike. A runner reads and
#      gunzips all pages (and decodes them to text for the peers, which
#      take text; pith takes bytes and decodes them itself), warms up on 20
#      pages, then times one pass over all pages: extraction only, one
#      thread. Also pith on 2 threads (rayon, same runner) and the pith CLI
#      as a whole (-j 1 and -j 2: process start, reading, gunzip, JSON
#      output to /dev/null). F1 from tests/data/score.py (the benchmark's
#      metric, same as shared/bench/score.py) on the first round's texts.
#   3. Size scaling: generated dense-prose pages (bench/gen_pages.py) of
#      100 KB, 1 MB, 10 MB and 50 MB, in a temp dir; time per MB and peak
#      RSS per tool, one process per tool, size and round (small pages are
#      extracted repeatedly to give about 10 MB of work per measurement).
#      trafilatura and dom_smoothie stop at 10 MB (trafilatura refuses
#      pages over 20 MB anyway).
#   4. Prints the tables (bench/table.py) and keeps everything in
#      $PITH_BENCH_DIR/results/<UTC time>/ (results.jsonl, predictions,
#      logs, table.md).
#
# Settings (environment):
#   PITH_BENCH_DIR      scratch dir for installs and results
#   PITH_BENCH_ROUNDS   rounds over the tools (default 3)
#   PITH_BENCH_SIZES    page sizes (default "100K 1M 10M 50M")
#   PITH_BENCH_SLOW_MAX largest size for trafilatura and dom_smoothie (default 10M)
#   PITH_BENCH_TOOLS    tools (default "pith dom_smoothie resiliparse trafilatura";
#                       also pith_parse, html5ever_rcdom, html5ever_tokenize:
#                       parsing alone, see bench/runner/main.rs)
#   PITH_BENCH_TIMEOUT  seconds one runner may take (default 900)
#   PITH_BENCH_PAGES_DIR where the generated pages go (default a fresh temp dir,
#                       removed at the end; give a dir to keep and reuse them)
#   PYTHON              the python3 that creates the venv
#
# A run takes about 5 minutes on the shared 2-core machine (2 for "pages",
# 3 for "sizes", 3 rounds), plus about 10 for the first build of the runner. The machine is shared: read ratios within a round, not absolute
# figures, and run it when the machine is otherwise quiet if you can.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${PITH_BENCH_DIR:-/work/scratch/pith-bench}"
rounds="${PITH_BENCH_ROUNDS:-3}"
sizes="${PITH_BENCH_SIZES:-100K 1M 10M 50M}"
slow_max="${PITH_BENCH_SLOW_MAX:-10M}"
tools="${PITH_BENCH_TOOLS:-pith dom_smoothie resiliparse trafilatura}"
timeout_s="${PITH_BENCH_TIMEOUT:-900}"
python="${PYTHON:-python3}"
what="${1:-all}"

RESILIPARSE_VERSION=2.0.1
TRAFILATURA_VERSION=2.3.1
DOM_SMOOTHIE_VERSION=0.19.0

say() { echo "compare.sh: $*" >&2; }
die() {
    say "$*"
    exit 1
}
has_tool() { [[ " $tools " == *" $1 "* ]]; }
drop_tool() { tools="$(echo " $tools " | sed "s/ $1 / /; s/^ *//; s/ *$//")"; }

case "$what" in
all | pages | sizes) ;;
*) die "unknown run '$what' (all, pages, sizes)" ;;
esac
command -v "$python" >/dev/null || die "no $python (set PYTHON)"
command -v cargo >/dev/null || die "no cargo"
command -v timeout >/dev/null || die "no timeout (coreutils)"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

# --- 1. installs -----------------------------------------------------------
venv="$work/venv"
py="$venv/bin/python"
if has_tool resiliparse || has_tool trafilatura; then
    if [[ ! -x "$py" ]]; then
        say "creating a Python venv in $venv"
        "$python" -m venv "$venv" >"$work/venv.log" 2>&1 ||
            die "cannot create a venv with $python (log: $work/venv.log; on Debian: apt-get install python3-venv)"
    fi
    install_py() { # tool, pip requirement..., import check
        local tool="$1" check="${*: -1}"
        local reqs=("${@:2:$#-2}")
        has_tool "$tool" || return 0
        if "$py" -c "$check" 2>/dev/null; then return 0; fi
        say "installing ${reqs[*]} into $venv"
        if ! "$py" -m pip install --quiet "${reqs[@]}" >>"$work/pip.log" 2>&1 ||
            ! "$py" -c "$check" 2>>"$work/pip.log"; then
            say "could not install ${reqs[*]} (log: $work/pip.log): $tool is left out"
            drop_tool "$tool"
        fi
    }
    install_py resiliparse "resiliparse==$RESILIPARSE_VERSION" \
        "import resiliparse.extract.html2text, importlib.metadata as m; assert m.version('resiliparse') == '$RESILIPARSE_VERSION'"
    # trafilatura's jusText fallback imports lxml.html.clean, a separate
    # package since lxml 5.2.
    install_py trafilatura "trafilatura==$TRAFILATURA_VERSION" lxml_html_clean \
        "import trafilatura; assert trafilatura.__version__ == '$TRAFILATURA_VERSION'"
fi

runner_dir="$work/rust-runner"
runner="$runner_dir/target/release/runner"
build_runner() {
    mkdir -p "$runner_dir/src"
    cp "$root/bench/runner/main.rs" "$runner_dir/src/main.rs"
    # Same versions of pith's dependencies as pith's own lock file.
    [[ -f "$runner_dir/Cargo.lock" ]] || cp "$root/Cargo.lock" "$runner_dir/Cargo.lock"
    {
        cat <<EOF
# Made by pith's bench/compare.sh; overwritten on every run.
[package]
name = "pith-bench-runner"
version = "0.0.0"
edition = "2021"
publish = false

[[bin]]
name = "runner"
path = "src/main.rs"

[features]
default = ["dom_smoothie"]
dom_smoothie = ["dep:dom_smoothie"]

[dependencies]
pith = { path = "$root" }
dom_smoothie = { version = "=$DOM_SMOOTHIE_VERSION", optional = true }
rayon = "1"
flate2 = "1"
serde_json = "1"
libc = "0.2"
# The parse-only tools (html5ever_rcdom, html5ever_tokenize): the versions
# pith uses.
html5ever = "$(sed -n 's/^html5ever = "\(.*\)"/\1/p' "$root/Cargo.toml")"
markup5ever_rcdom = "$(sed -n 's/^markup5ever_rcdom = "\(.*\)"/\1/p' "$root/Cargo.toml")"

[workspace]

EOF
        # pith's release profile, so pith is built here as `cargo build
        # --release` builds it (and dom_smoothie with the same settings).
        sed -n '/^\[profile\.release\]/,/^\[/{/^\[profile\.release\]/p;/^\[/!p}' "$root/Cargo.toml"
    } >"$runner_dir/Cargo.toml"
    local features=()
    has_tool dom_smoothie || features=(--no-default-features)
    say "building the Rust runner in $runner_dir (log: $work/cargo.log)"
    if ! cargo build --release --quiet --manifest-path "$runner_dir/Cargo.toml" "${features[@]}" \
        >"$work/cargo.log" 2>&1; then
        if has_tool dom_smoothie; then
            say "the runner with dom_smoothie $DOM_SMOOTHIE_VERSION failed to build (log: $work/cargo.log): dom_smoothie is left out"
            drop_tool dom_smoothie
            cargo build --release --quiet --manifest-path "$runner_dir/Cargo.toml" \
                --no-default-features >>"$work/cargo.log" 2>&1 ||
                die "the runner does not build even without dom_smoothie (log: $work/cargo.log)"
        else
            die "the runner does not build (log: $work/cargo.log)"
        fi
    fi
}
build_runner
say "building the pith CLI"
(cd "$root" && cargo build --release --quiet --bin pith) || die "cargo build --release failed"
pith_bin="$root/target/release/pith"

PITH_VERSION="$(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')"
export PITH_VERSION DOM_SMOOTHIE_VERSION

out="$work/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out/pred" "$out/log"
results="$out/results.jsonl"
{
    echo "{\"meta\": {\"date\": \"$(date -u +%Y-%m-%dT%H:%MZ)\", \"pith\": \"$PITH_VERSION\","
    echo " \"host\": \"$(uname -srm)\", \"cores\": $(nproc), \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\","
    echo " \"tools\": \"$tools\", \"rounds\": $rounds}}"
} | tr -d '\n' >"$results"
echo >>"$results"
say "tools: $tools; results in $out"

# run SET LABEL ROUND EXTRA_JSON COMMAND...: one measurement, appended to
# results.jsonl as {"set", "label", "round", ..., "result": runner output}.
run() {
    local set="$1" label="$2" round="$3" extra="$4"
    shift 4
    local log="$out/log/$set-$label-$round.err" line rc=0
    line="$(timeout "$timeout_s" "$@" 2>"$log")" || rc=$?
    if [[ $rc -ne 0 || -z "$line" ]]; then
        local why="failed (exit $rc)"
        [[ $rc -eq 124 ]] && why="timed out after ${timeout_s}s"
        say "$set/$label round $round: $why (log: $log)"
        line="{\"error\": \"$why\"}"
    fi
    echo "{\"set\": \"$set\", \"label\": \"$label\", \"round\": $round$extra, \"result\": $line}" >>"$results"
}

# Run one tool's runner; pith and dom_smoothie go to the Rust runner.
run_tool() { # set label round extra tool list pred [runner options...]
    local set="$1" label="$2" round="$3" extra="$4" tool="$5" list="$6" pred="$7"
    shift 7
    case "$tool" in
    pith | dom_smoothie | pith_parse | html5ever_rcdom | html5ever_tokenize) run "$set" "$label" "$round" "$extra" "$runner" "$tool" "$list" "$pred" "$@" ;;
    *) run "$set" "$label" "$round" "$extra" "$py" "$root/bench/runner.py" "$tool" "$list" "$pred" "$@" ;;
    esac
}

# --- 2. the 181 benchmark pages -----------------------------------------------
if [[ "$what" == all || "$what" == pages ]]; then
    dataset="$root/fixtures/scrapinghub"
    list="$out/scrapinghub.list"
    find "$dataset/html" -name '*.html.gz' | sort >"$list"
    [[ -s "$list" ]] || die "no pages in $dataset/html"
    say "$(wc -l <"$list") benchmark pages, $rounds rounds"
    for round in $(seq 1 "$rounds"); do
        for tool in $tools; do
            say "pages round $round: $tool"
            run_tool scrapinghub "$tool" "$round" "" "$tool" "$list" "$out/pred/$tool-$round.json" --warmup 20
            if [[ "$tool" == pith ]]; then
                say "pages round $round: pith, 2 threads"
                run_tool scrapinghub pith-2threads "$round" "" pith "$list" "$out/pred/pith-2threads-$round.json" \
                    --warmup 20 --threads 2
                for j in 1 2; do
                    say "pages round $round: pith CLI -j $j"
                    run scrapinghub "pith-cli-j$j" "$round" ", \"docs\": $(wc -l <"$list")" \
                        "$python" "$root/bench/runner.py" exec -- "$pith_bin" -q -j "$j" "$dataset/html"
                done
            fi
        done
    done
    for tool in $tools pith-2threads; do
        # The parse-only tools return no text.
        [[ "$tool" == pith_parse || "$tool" == html5ever_* ]] && continue
        pred="$out/pred/$tool-1.json"
        [[ -s "$pred" ]] || continue
        if score="$("$python" "$root/tests/data/score.py" "$dataset/ground-truth.json" "$pred" --json)"; then
            echo "{\"set\": \"scrapinghub\", \"label\": \"$tool\", \"score\": $score}" >>"$results"
        else
            say "score.py failed on $pred"
        fi
    done
fi

# --- 3. size scaling --------------------------------------------------------------
bytes_of() { "$python" -c "import sys; s=sys.argv[1].upper(); print(int(float(s[:-1]) * {'K': 10**3, 'M': 10**6}[s[-1]]) if s[-1] in 'KM' else int(s))" "$1"; }
if [[ "$what" == all || "$what" == sizes ]]; then
    if [[ -n "${PITH_BENCH_PAGES_DIR:-}" ]]; then
        pages_dir="$PITH_BENCH_PAGES_DIR"
    else
        pages_dir="$(mktemp -d "${TMPDIR:-/tmp}/pith-bench-pages.XXXXXX")"
        trap 'rm -rf "$pages_dir"' EXIT
    fi
    say "generating pages of $sizes in $pages_dir"
    # shellcheck disable=SC2086 # sizes is a list
    "$python" "$root/bench/gen_pages.py" "$pages_dir" $sizes
    cp "$pages_dir/manifest.json" "$out/sizes-manifest.json"
    slow_bytes="$(bytes_of "$slow_max")"
    for size in $sizes; do
        size="${size^^}"
        page="$pages_dir/page-$size.html"
        list="$out/size-$size.list"
        echo "$page" >"$list"
        page_bytes="$(stat -c %s "$page")"
        article_chars="$("$python" -c "import json, sys; print(json.load(open(sys.argv[1]))['page-$size']['article_chars'])" "$pages_dir/manifest.json")"
        # About 10 MB of work per measurement; a warm-up pass on pages up to 1 MB.
        repeat=$(((10000000 + page_bytes - 1) / page_bytes))
        warmup=0
        [[ $page_bytes -le 1100000 ]] && warmup=1
        for round in $(seq 1 "$rounds"); do
            for tool in $tools; do
                if [[ "$tool" == trafilatura || "$tool" == dom_smoothie ]] && ((page_bytes > slow_bytes + slow_bytes / 10)); then
                    continue
                fi
                say "sizes $size round $round: $tool"
                run_tool size "$tool" "$round" ", \"size\": \"$size\", \"article_chars\": $article_chars" "$tool" "$list" \
                    "$out/pred/size-$size-$tool.json" --warmup "$warmup" --repeat "$repeat"
            done
        done
    done
fi

# --- 4. tables ---------------------------------------------------------------------
"$python" "$root/bench/table.py" "$results" | tee "$out/table.md"
say "results in $out"
