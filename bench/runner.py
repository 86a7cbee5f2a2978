#!/usr/bin/env python3
"""Time one Python extractor over pages held in memory; bench/compare.sh
calls it, once per tool and round.

    runner.py TOOL LIST OUT [--warmup N] [--repeat R]
    runner.py exec -- COMMAND...

TOOL is `resiliparse` (HTMLTree.parse + extract_plain_text(main_content=True))
or `trafilatura` (extract() with include_comments=False, else defaults).
LIST names one page a line (gzip or plain; the id is the file name up to
".html"). Every page is read, gunzipped and decoded to str (UTF-8, bad bytes
replaced) before the clock starts, so only extraction is timed: the same
protocol as bench/runner/main.rs for the Rust tools. The extractor first runs on a small built-in page, then
untimed on the first N pages (default 0), then R timed passes over all pages
(default 1).

Writes the last pass's texts to OUT as {id: {"articleBody": text}} (the shape
score.py reads) and prints one JSON object on stdout: docs, bytes, per-pass
wall and process CPU seconds, the RSS once the pages are loaded and warmed up
(rss_base_kb) and the peak RSS during the timed passes (rss_peak_kb; the
kernel's high-water mark is reset before them when /proc/self/clear_refs
allows, else the peak covers the whole process: hwm_reset says which).

`exec` runs COMMAND and prints its wall and CPU seconds and peak RSS (for
timing the pith CLI as a whole).
"""
import gzip
import json
import os
import resource
import subprocess
import sys
import time

WARMUP_PAGE = (
    "<html><head><title>Warm-up</title></head><body><nav><a href='/'>Home</a>"
    "</nav><article><h1>Warm-up page</h1>"
    + "<p>This paragraph is here so that the extractor has some prose to "
    "find before the clock starts; it is never timed.</p>" * 5
    + "</article><footer>Footer</footer></body></html>"
)


def read_page(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return raw


def page_id(path):
    return os.path.basename(path).split(".html")[0]


def status_kb(field):
    """A VmRSS/VmHWM-style field of /proc/self/status, in kB (None if absent)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def reset_hwm():
    """Reset the kernel's peak-RSS mark (Linux: write 5 to clear_refs)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def extractor(tool):
    if tool == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree

        def run(html):
            return extract_plain_text(HTMLTree.parse(html), main_content=True)

        from importlib.metadata import version

        return run, version("resiliparse")
    if tool == "trafilatura":
        import trafilatura

        # Comments are not part of the benchmark's article (nor of pith's
        # text); with them left out trafilatura scores what PEERS.md reports.
        def run(html):
            return trafilatura.extract(html, include_comments=False) or ""

        return run, trafilatura.__version__
    raise SystemExit(f"runner.py: unknown tool {tool!r} (resiliparse, trafilatura)")


def run_tool(tool, list_path, out_path, warmup, repeat):
    run, version = extractor(tool)
    with open(list_path) as f:
        paths = [line.strip() for line in f if line.strip()]
    ids = [page_id(p) for p in paths]
    raws = [read_page(p) for p in paths]
    nbytes = sum(len(r) for r in raws)
    pages = [r.decode("utf-8", errors="replace") for r in raws]
    del raws

    for _ in range(3):
        run(WARMUP_PAGE)
    for html in pages[:warmup]:
        run(html)

    rss_base = status_kb("VmRSS")
    hwm_reset = reset_hwm()
    walls, cpus = [], []
    texts = []
    for _ in range(repeat):
        texts = []
        w0, c0 = time.perf_counter(), time.process_time()
        for html in pages:
            texts.append(run(html))
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - w0)
    rss_peak = status_kb("VmHWM")
    if rss_peak is None:
        rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    with open(out_path, "w") as f:
        json.dump({i: {"articleBody": t} for i, t in zip(ids, texts)}, f, ensure_ascii=False)
    print(
        json.dumps(
            {
                "tool": tool,
                "version": version,
                "threads": 1,
                "docs": len(pages),
                "bytes": nbytes,
                "wall": walls,
                "cpu": cpus,
                "rss_base_kb": rss_base,
                "rss_peak_kb": rss_peak,
                "hwm_reset": hwm_reset,
                "out_chars": sum(len(t) for t in texts),
            }
        )
    )


def run_exec(command):
    w0 = time.perf_counter()
    proc = subprocess.run(command, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - w0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "exit": proc.returncode,
                "wall": [wall],
                "cpu": [usage.ru_utime + usage.ru_stime],
                "rss_peak_kb": usage.ru_maxrss,
            }
        )
    )
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "exec" and argv[1] == "--":
        return run_exec(argv[2:])
    args, opts = [], {"--warmup": 0, "--repeat": 1}
    it = iter(argv)
    for a in it:
        if a in opts:
            opts[a] = int(next(it))
        else:
            args.append(a)
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    run_tool(*args, warmup=opts["--warmup"], repeat=max(1, opts["--repeat"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
