#!/usr/bin/env python3
"""Print bench/compare.sh's results as markdown tables.

    table.py RESULTS.jsonl

Speeds are medians over the rounds (the range in brackets). Single-thread
speeds are given by process CPU time (what the extraction cost; on a shared,
oversubscribed machine wall time mostly measures the neighbours) and by wall
time. "pith ×" is the median over rounds of pith's speed divided by the
tool's in the same round, which cancels much of the machine's noise. Thread
speed-ups can only be wall time. MB = 10^6 bytes, after gunzip. Peak RSS is the whole process
during the timed pass; "over loaded" subtracts the RSS once the pages were
loaded (and, for the peers, decoded to text) and the tool warmed up.
"""
import json
import statistics
import sys


def median(xs):
    return statistics.median(xs) if xs else None


def fmt(x, digits=0):
    if x is None:
        return "-"
    return f"{x:,.{digits}f}"


def spread(xs, digits=0):
    if not xs:
        return "-"
    m = median(xs)
    if len(xs) == 1:
        return fmt(m, digits)
    return f"{fmt(m, digits)} ({fmt(min(xs), digits)}–{fmt(max(xs), digits)})"


def mb(kb):
    return None if kb is None else kb / 1024


def load(path):
    meta, runs, scores = {}, [], {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            obj = json.loads(line)
            if "meta" in obj:
                meta = obj["meta"]
            elif "score" in obj:
                scores[obj["label"]] = obj["score"]
            else:
                runs.append(obj)
    return meta, runs, scores


def ok(run):
    return "error" not in run["result"]


def speed(r, key="wall"):
    """Documents per second of one run, by wall or CPU time."""
    res = r["result"]
    n = res.get("docs") or r.get("docs")
    return n / sum(res[key]) if ok(r) and sum(res[key]) > 0 else None


def per_round_ratio(num, den, key):
    """Median over rounds of speed(num) / speed(den), same round only."""
    ratios = []
    for rnd, r in den.items():
        a, b = num.get(rnd), r
        if a is not None and ok(a) and ok(b):
            x, y = speed(a, key), speed(b, key)
            if x and y:
                ratios.append(x / y)
    return median(ratios)


def pages_table(runs, scores):
    runs = [r for r in runs if r["set"] == "scrapinghub"]
    if not runs:
        return []
    labels = list(dict.fromkeys(r["label"] for r in runs))
    by = {}
    for r in runs:
        by.setdefault(r["label"], {})[r["round"]] = r
    docs = next((r["result"].get("docs") or r.get("docs") for r in runs if ok(r)), None)
    nbytes = next((r["result"]["bytes"] for r in runs if ok(r) and "bytes" in r["result"]), None)
    pith = by.get("pith", {})
    out = [
        f"ScrapingHub benchmark: {docs} pages"
        + (f", {nbytes / 1e6:.1f} MB after gunzip" if nbytes else "")
        + ", one thread, extraction only (pages in memory).",
        "",
        "| tool | version | docs/s (CPU) | docs/s (wall) | MB/s (CPU) | pith × (CPU) | pith × (wall) "
        "| peak RSS MB | over loaded MB | F1 | precision | recall |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    threads = []
    for label in labels:
        rs = [by[label][k] for k in sorted(by[label])]
        good = [r for r in rs if ok(r)]
        failed = [r["result"]["error"] for r in rs if not ok(r)]
        if label.startswith("pith-cli") or label == "pith-2threads":
            threads.append(label)
            continue
        if not good:
            out.append(f"| {label} | | {failed[0] if failed else '-'} | | | | | | | | | |")
            continue
        res0 = good[0]["result"]
        cpu = [speed(r, "cpu") for r in good]
        wall = [speed(r) for r in good]
        mbs = [x * nbytes / docs / 1e6 for x in cpu] if nbytes else []
        if label == "pith":
            ratio_cpu = ratio_wall = "1"
        else:
            ratio_cpu = fmt(per_round_ratio(pith, by[label], "cpu"), 2)
            ratio_wall = fmt(per_round_ratio(pith, by[label], "wall"), 2)
        peaks = [mb(r["result"].get("rss_peak_kb")) for r in good]
        overs = [
            mb(r["result"]["rss_peak_kb"] - r["result"]["rss_base_kb"])
            for r in good
            if r["result"].get("rss_base_kb") is not None and r["result"].get("rss_peak_kb")
        ]
        score = scores.get(label, {})
        out.append(
            f"| {label} | {res0.get('version', '')} | {spread(cpu)} | {spread(wall)} | "
            f"{fmt(median(mbs), 1)} | {ratio_cpu} | {ratio_wall} | {fmt(median(peaks))} | "
            f"{fmt(median(overs), 1)} | {fmt(score.get('f1'), 3)} | "
            f"{fmt(score.get('precision'), 3)} | {fmt(score.get('recall'), 3)} |"
        )
        if failed:
            out.append(f"| | | ({len(failed)} round(s): {failed[0]}) | | | | | | | | | |")
    if threads:
        out += [
            "",
            "pith on more threads. Wall time is what a second thread buys; the speed-up is the "
            "median over rounds of this run's wall-time speed over the same round's one-thread run. "
            "CPU seconds per pass that stay flat from 1 to 2 threads mean the work itself "
            "parallelises; on a machine whose cores are busy with other work, wall time cannot "
            "show it.",
            "",
            "| run | docs/s (wall) | CPU s per pass | speed-up over 1 thread | peak RSS MB |",
            "|---|---|---|---|---|",
        ]
        names = {
            "pith": ("pith, 1 thread (runner: extraction only)", None),
            "pith-2threads": ("pith, 2 threads (runner: extraction only)", "pith"),
            "pith-cli-j1": ("pith CLI -j 1 (whole process: start, read, gunzip, JSON out)", None),
            "pith-cli-j2": ("pith CLI -j 2 (whole process)", "pith-cli-j1"),
        }
        for label in (["pith"] if "pith" in by else []) + threads:
            name, base = names.get(label, (label, None))
            good = [by[label][k] for k in sorted(by[label]) if ok(by[label][k])]
            if not good:
                out.append(f"| {name} | failed | | | |")
                continue
            wall = [speed(r) for r in good]
            cpu_s = [sum(r["result"]["cpu"]) for r in good]
            up = per_round_ratio(by[label], by[base], "wall") if base in by else None
            peaks = [mb(r["result"].get("rss_peak_kb")) for r in good]
            out.append(
                f"| {name} | {spread(wall)} | {fmt(median(cpu_s), 2)} | {fmt(up, 2)} | "
                f"{fmt(median(peaks))} |"
            )
    return out


def text_ratio(rs):
    """Characters the tool returned over the article's (first good round)."""
    for r in rs:
        if ok(r) and r.get("article_chars"):
            return r["result"]["out_chars"] / r["article_chars"]
    return None


def sizes_table(runs):
    runs = [r for r in runs if r["set"] == "size"]
    if not runs:
        return []
    out = [
        "",
        "Size scaling: generated dense-prose pages (bench/gen_pages.py), one thread, extraction only.",
        "",
        "| page | tool | CPU s/MB | MB/s (CPU) | wall s/MB | peak RSS MB | over loaded MB "
        "| over loaded ÷ page | text out ÷ article |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    order = list(dict.fromkeys((r["size"], r["label"]) for r in runs))
    for size, label in order:
        rs = [r for r in runs if r["size"] == size and r["label"] == label]
        good = [r["result"] for r in rs if ok(r)]
        if not good:
            out.append(f"| {size} | {label} | {rs[0]['result']['error']} | | | | | | |")
            continue
        page = good[0]["bytes"]
        # Per run the median pass, then the median over rounds.
        spmb = [median(g["cpu"]) / (page / 1e6) for g in good]
        wall = [median(g["wall"]) / (page / 1e6) for g in good]
        peaks = [mb(g["rss_peak_kb"]) for g in good]
        overs = [mb(g["rss_peak_kb"] - g["rss_base_kb"]) for g in good if g.get("rss_base_kb")]
        multiple = [o * 1024 * 1024 / page for o in overs]
        out.append(
            f"| {size} | {label} | {spread(spmb, 4)} | {fmt(1 / median(spmb), 1)} | "
            f"{fmt(median(wall), 4)} | {fmt(median(peaks))} | "
            f"{fmt(median(overs), 1)} | {fmt(median(multiple), 1)} | "
            f"{fmt(text_ratio(rs), 2)} |"
        )
    return out


def main(argv):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    meta, runs, scores = load(argv[0])
    print(
        f"Measured {meta.get('date', '?')}, pith {meta.get('pith', '?')}, {meta.get('host', '?')}, "
        f"{meta.get('cores', '?')} cores (shared), load average at start {meta.get('load', '?')}, "
        f"{meta.get('rounds', '?')} rounds."
    )
    print()
    for line in pages_table(runs, scores) + sizes_table(runs):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
