#!/usr/bin/env python3
"""Speed of pith from Python: the package against the CLI, and the datatrove
step against datatrove's trafilatura step.

    PITH_WHEEL_PROFILE=release scripts/python-env.sh --package   # release wheel
    cargo build --release                                        # release CLI
    ~/.cache/pith/pyenv/bin/pip install trafilatura lxml_html_clean  # the datatrove rows
    ~/.cache/pith/pyenv/bin/python python/bench.py [--rounds 5] [--pages DIR]

Rows (docs/s; the median of `--rounds` rounds, the machine being shared):

- ``cli -j1`` / ``cli -j2``: the release CLI on the pages written out
  uncompressed, its own ``--stats-json`` time (without process start), JSON
  written to /dev/null;
- ``extract`` (one page at a time) and ``extract_many jobs=1`` / ``jobs=2``:
  the same pages' bytes from memory, records as dicts; the overhead of the
  binding is ``extract_many jobs=1`` against ``cli -j1``;
- ``datatrove pith`` / ``datatrove trafilatura``: the extractor step alone
  (its sandbox process included) on the documents WarcReader reads from
  the pages as a crawl (scripts/warc_tool.py benchmark).

`uptime` is printed first: on a loaded machine the threaded rows mean
little.
"""

import argparse
import copy
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Run as a script, this file's folder comes first on sys.path, and its
# `pith/` (the sources, without the native module) would hide the installed
# package.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.join(ROOT, "python")]


def default_pages():
    """$PITH_BENCH_DIR/scrapinghub/html, else the repository's copy."""
    if os.environ.get("PITH_BENCH_DIR"):
        return os.path.join(os.environ["PITH_BENCH_DIR"], "scrapinghub", "html")
    return os.path.join(ROOT, "fixtures", "scrapinghub", "html")


def median_rate(n, rounds, run):
    """Docs/s of `run()` (which returns seconds, or None to time it whole)."""
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        seconds = run()
        if seconds is None:
            seconds = time.perf_counter() - started
        rates.append(n / seconds)
    return statistics.median(rates)


def drain(records):
    """Take every record (as a user would), keeping none."""
    for _ in records:
        pass


def cli_rate(cli, directory, n, jobs, rounds):
    """The CLI's own docs/s on `directory` with `jobs` threads."""

    def run():
        with tempfile.NamedTemporaryFile(suffix=".json") as stats:
            subprocess.run(
                [cli, "--quiet", "--jobs", str(jobs), "--stats-json", stats.name, directory],
                stdout=subprocess.DEVNULL,
                check=True,
            )
            return json.load(open(stats.name))["seconds"]

    return median_rate(n, rounds, run)


def datatrove_rows(rounds):
    """docs/s of the pith and trafilatura steps on the same WARC's documents."""
    try:
        from datatrove.pipeline.readers import WarcReader
        from datatrove.utils.logging import logger
    except ImportError:
        return [("datatrove", "not installed")]
    logger.remove()  # datatrove's per-step log lines
    from pith.datatrove import PithExtractor

    rows = []
    missing = []
    with tempfile.TemporaryDirectory() as tmp:
        warc = os.path.join(tmp, "crawl.warc.gz")
        subprocess.run(
            [sys.executable, os.path.join(ROOT, "scripts", "warc_tool.py"), "benchmark", warc],
            stdout=subprocess.DEVNULL,
            check=True,
        )
        docs = list(WarcReader(tmp, glob_pattern="*.warc.gz").run())
    steps = [("datatrove pith", PithExtractor)]
    try:
        import trafilatura  # noqa: F401
        from datatrove.pipeline.extractors import Trafilatura

        steps.append(("datatrove trafilatura", Trafilatura))
    except ImportError:
        missing.append(("datatrove trafilatura", "trafilatura not installed"))
    for name, step_class in steps:
        kept = []

        def run():
            step = step_class()
            kept[:] = list(step.run(iter([copy.deepcopy(doc) for doc in docs])))

        # The copies are made inside the timing; they cost little against
        # extraction, and the same for both steps.
        rate = median_rate(len(docs), rounds, run)
        rows.append((name, f"{rate:.0f}  ({len(kept)} of {len(docs)} docs kept)"))
    return rows + missing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default=default_pages(), help="directory of .html(.gz) pages")
    parser.add_argument("--cli", default=os.path.join(ROOT, "target", "release", "pith"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-datatrove", action="store_true")
    args = parser.parse_args(argv)

    import pith

    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    pages = []
    with tempfile.TemporaryDirectory() as plain:
        for name in sorted(os.listdir(args.pages)):
            path = os.path.join(args.pages, name)
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                raw = f.read()
            pages.append(raw)
            with open(os.path.join(plain, name.removesuffix(".gz")), "wb") as f:
                f.write(raw)
        n = len(pages)
        rows = []
        # Warm up the page cache and the code once.
        list(pith.extract_many(pages, jobs=1))
        cli1 = cli_rate(args.cli, plain, n, 1, args.rounds)
        rows.append(("cli -j1", f"{cli1:.0f}"))
        rows.append(("cli -j2", f"{cli_rate(args.cli, plain, n, 2, args.rounds):.0f}"))
    def each():
        for page in pages:
            pith.extract(page)

    single = median_rate(n, args.rounds, each)
    rows.append(("extract (one page at a time)", f"{single:.0f}"))
    many1 = median_rate(n, args.rounds, lambda: drain(pith.extract_many(pages, jobs=1)))
    rows.append(("extract_many jobs=1", f"{many1:.0f}  (overhead vs cli -j1: {100 * (cli1 / many1 - 1):+.1f}%)"))
    many2 = median_rate(n, args.rounds, lambda: drain(pith.extract_many(pages, jobs=2)))
    rows.append(("extract_many jobs=2", f"{many2:.0f}  ({many2 / many1:.2f}x jobs=1)"))
    if not args.no_datatrove:
        rows.extend(datatrove_rows(max(1, args.rounds // 2)))
    width = max(len(name) for name, _ in rows)
    print(f"{n} pages, {args.rounds} rounds, median docs/s")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
