#!/usr/bin/env python3
"""Group a profile's self-cost entries by pith's stages (bench/profile.sh).

    profile_groups.py perf REPORT.txt [--top N]
    profile_groups.py callgrind ANNOTATE.txt [--top N]
    profile_groups.py inclusive ANNOTATE_INCLUSIVE.txt

`perf` reads `perf report --stdio --no-children --sort sym -g none`;
`callgrind` reads `callgrind_annotate` (self cost; entries of one function
split over inlined source files are summed by function name); both print the
self share per stage group and the top N functions (default 25) with their
group. `inclusive` reads `callgrind_annotate --inclusive=yes` and prints the
inclusive share of each stage's entry function (functions the compiler
inlined into their caller have no entry of their own and are left out).

The groups are by symbol name, so a libc routine (memcpy, malloc) counts
as itself, not as the stage that called it: the inclusive table says who
calls what.
"""
import re
import sys

# (group, pattern on the function name), first match wins.
GROUPS = [
    ("malloc/free/realloc", r"^(_int_malloc|_int_free|_int_realloc|malloc|free|cfree|realloc|calloc|malloc_consolidate|unlink_chunk|__libc_malloc|__libc_free|__libc_realloc|alloc::alloc::|__rust_alloc|__rust_dealloc|__rust_realloc|__rdl_)"),
    ("memmove/memcpy/memset/memcmp", r"(memmove|memcpy|memset|memcmp|memchr|strlen|bcmp)"),
    ("drop of the DOM", r"drop_in_place<pith::dom"),
    ("html5ever tree builder (incl. code inlined into our DepthGuard)", r"(html5ever::tree_builder|<pith::parse::DepthGuard as .*process_token)"),
    ("our TreeSink and depth guard (src/parse.rs, dom.rs construction)", r"(pith::parse::|pith::dom::Document::(push|append|insert_before|detach|node_mut))"),
    ("html5ever tokenizer (incl. BufferQueue, tendril)", r"(html5ever::tokenizer|markup5ever::util::buffer_queue|markup5ever::util::smallcharset|tendril::)"),
    ("atoms (string_cache)", r"(string_cache|markup5ever::interface|phf)"),
    ("decode", r"(pith::decode|encoding_rs|chardetng)"),
    ("extract: stats", r"pith::extract::stats"),
    ("extract: clean (incl. class/id vocabulary)", r"pith::extract::(clean|vocab)"),
    ("extract: score", r"pith::extract::score"),
    ("extract: select", r"pith::extract::select"),
    ("extract: blocks", r"pith::extract::blocks"),
    ("extract: filter", r"pith::extract::filter"),
    ("extract: JSON-LD article body", r"pith::extract::jsonld"),
    ("extract: other", r"pith::extract"),
    ("metadata: harvest walk", r"pith::metadata::harvest"),
    ("language detection", r"(whatlang|pith::metadata::lang|detect_language)"),
    ("metadata: other (JSON-LD, dates, names, picking)", r"pith::metadata"),
    ("render", r"(pith::render|pith::article)"),
    ("JSON (serde_json: JSON-LD parsing, record output)", r"serde_json"),
    ("CLI I/O (read, gunzip, pipeline, output)", r"(flate2|miniz_oxide|crc32|pith::input|pith::output|pith::pipeline|pith::record|std::io|std::fs|crossbeam|rayon)"),
    ("DOM queries (src/dom.rs)", r"pith::dom"),
    ("std (str, fmt, hash, unicode)", r"(^core::|^alloc::|^std::|<core::|<alloc::|<std::|^<str>|^<\[|^<char>|hashbrown|unicode)"),
    ("kernel", r"^\[k\]"),
]

LINE_PERF = re.compile(r"^\s*([0-9.]+)%\s+(\[[.k]\])\s+(.*?)\s*$")
LINE_CG = re.compile(r"^\s*([0-9,]+)\s+\(\s*([0-9.]+)%\)\s+(.*?)\s*$")


def group_of(name):
    for group, pattern in GROUPS:
        if re.search(pattern, name):
            return group
    return "other"


def cg_function(entry):
    """`file:function [object]` -> function."""
    entry = re.sub(r"\s+\[[^\]]*\]$", "", entry)
    # The file part ends at the first ':' that is not part of '::'.
    m = re.match(r"^(.*?[^:]):(?!:)(.*)$", entry)
    return m.group(2) if m else entry


def read(kind, path):
    costs = {}
    with open(path, errors="replace") as f:
        for line in f:
            if kind == "perf":
                m = LINE_PERF.match(line)
                if not m:
                    continue
                pct, space, name = float(m.group(1)), m.group(2), m.group(3)
                if space == "[k]":
                    name = "[k] " + name
            else:
                m = LINE_CG.match(line)
                if not m or "PROGRAM TOTALS" in line:
                    continue
                pct, name = float(m.group(2)), cg_function(m.group(3))
            costs[name] = costs.get(name, 0.0) + pct
    return costs


def self_tables(costs, top):
    groups = {}
    for name, pct in costs.items():
        g = group_of(name)
        groups[g] = groups.get(g, 0.0) + pct
    print("| group | self % |")
    print("|---|---|")
    for g, pct in sorted(groups.items(), key=lambda x: -x[1]):
        print(f"| {g} | {pct:.1f} |")
    print()
    print(f"| top {top} functions | self % | group |")
    print("|---|---|---|")
    for name, pct in sorted(costs.items(), key=lambda x: -x[1])[:top]:
        short = name if len(name) <= 110 else name[:107] + "..."
        short = short.replace("|", "\\|")
        print(f"| `{short}` | {pct:.2f} | {group_of(name)} |")


# Stage entry points for the inclusive table, in pipeline order.
STAGES = [
    ("pith::extract", "whole pipeline"),
    ("pith::decode::decode", "decode"),
    ("pith::parse::parse_html", "parse (tokenizer + tree builder + sink)"),
    ("<pith::parse::DepthGuard as html5ever::tokenizer::interface::TokenSink>::process_token", "  tree builder + our sink (tokenizer = parse − this)"),
    ("<pith::parse::ArenaSink as markup5ever::interface::tree_builder::TreeSink>::append", "    our sink: append"),
    ("pith::metadata::extract_metadata", "metadata"),
    ("pith::metadata::harvest::harvest", "  harvest walk"),
    ("pith::metadata::jsonld::read", "  JSON-LD"),
    ("pith::extract::extract_article", "extraction"),
    ("pith::extract::stats::Stats::compute", "  stats"),
    ("pith::extract::clean::prune", "  clean"),
    ("pith::extract::vocab::signals", "    class/id vocabulary"),
    ("pith::extract::score::score", "  score"),
    ("pith::extract::select::choose", "  select"),
    ("pith::extract::blocks::assemble", "  blocks"),
    ("pith::extract::filter::filter", "  filter"),
    ("pith::extract::jsonld::article_body", "  JSON-LD article body"),
    ("pith::render::text", "render text"),
    ("pith::metadata::detect_language", "language detection"),
    ("core::ptr::drop_in_place<pith::dom::Document>", "drop of the DOM"),
]


def inclusive_table(path):
    costs = {}
    with open(path, errors="replace") as f:
        for line in f:
            m = LINE_CG.match(line)
            if not m or "PROGRAM TOTALS" in line:
                continue
            name = cg_function(m.group(3))
            # Inclusive costs of one function split over files are not
            # additive (they overlap); keep the largest.
            costs[name] = max(costs.get(name, 0.0), float(m.group(2)))
    base = costs.get("pith::extract") or 100.0
    print("| stage | entry function | inclusive % of pith::extract |")
    print("|---|---|---|")
    for fn, label in STAGES:
        if fn in costs:
            print(f"| {label} | `{fn}` | {100 * costs[fn] / base:.1f} |")
        else:
            print(f"| {label} | `{fn}` | (inlined) |")


def main(argv):
    if len(argv) < 2 or argv[0] not in ("perf", "callgrind", "inclusive"):
        print(__doc__, file=sys.stderr)
        return 2
    top = 25
    if "--top" in argv:
        top = int(argv[argv.index("--top") + 1])
    if argv[0] == "inclusive":
        inclusive_table(argv[1])
    else:
        self_tables(read(argv[0], argv[1]), top)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
