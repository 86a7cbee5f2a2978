#!/usr/bin/env python3
"""Speed of pith from Python: the package against the CLI, and the datatrove
step against datatrove's trafilatura step.

    PITH_WHEEL_PROFILE=release scripts/python-env.sh --package   # release wheel
    cargo build --release                                        # release CLI
    ~/.cache/pith/pyenv/bin/pip install trafilatura lxml_html_clean  # the datatrove rows
    ~/.cache/pith/pyenv/bin/python python/bench.py [--rounds 5] [--pages DIR]

Rows (docs/s; the median of `--rounds` rounds, the machine being shared):

- ``library alone``: ``pith eval -j 1`` on the pages' set (the pages read
  first, extraction alone timed: the library's own time, when the pages
  are in a set with a ground-truth.json);
- ``cli -j1`` / ``cli -j2``: the release CLI on the pages written out
  uncompressed, its own ``--stats-json`` time (without process start), JSON
  written to /dev/null;
- ``extract`` (one page at a time) and ``extract_many jobs=1`` / ``jobs=2``:
  the same pages' bytes from memory, records as dicts; the overhead of the
  binding is ``extract_many jobs=1`` against ``library alone``;
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


def interleaved(rounds, measures):
    """Median docs/s of each measure, its rounds interleaved with the others'.

    `measures` maps a name to `(docs, run)`, `run()` returning the seconds
    of one round (or None: then the call is timed whole). Round r of every
    measure runs before round r+1 of any, so that a change of load on the
    shared machine touches every row alike.
    """
    rates = {name: [] for name in measures}
    for _ in range(rounds):
        for name, (docs, run) in measures.items():
            started = time.perf_counter()
            seconds = run()
            if seconds is None:
                seconds = time.perf_counter() - started
            rates[name].append(docs / seconds)
    return {name: statistics.median(values) for name, values in rates.items()}


def drain(records):
    """Take every record (as a user would), keeping none."""
    for _ in records:
        pass


def library_round(cli, dataset, n):
    """One round of `pith eval -j 1` on `dataset`: seconds of extraction alone."""
    done = subprocess.run([cli, "eval", dataset, "-j", "1", "--json"], capture_output=True, check=True)
    return n / json.loads(done.stdout)["sets"][0]["docs_per_s"]


def cli_round(cli, directory, jobs):
    """One round of the CLI on `directory`: its own seconds (no process start)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as stats:
        subprocess.run(
            [cli, "--quiet", "--jobs", str(jobs), "--stats-json", stats.name, directory],
            stdout=subprocess.DEVNULL,
            check=True,
        )
        with open(stats.name) as f:
            return json.load(f)["seconds"]


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
    kept = {}
    measures = {}
    for name, step_class in steps:

        def run(name=name, step_class=step_class):
            # The copies cost little against extraction, the same for both.
            kept[name] = len(list(step_class().run(iter([copy.deepcopy(doc) for doc in docs]))))

        measures[name] = (len(docs), run)
    for name, rate in interleaved(rounds, measures).items():
        rows.append((name, f"{rate:.0f}  ({kept[name]} of {len(docs)} docs kept)"))
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
        # Warm up the page cache and the code once.
        drain(pith.extract_many(pages, jobs=1))

        def each():
            for page in pages:
                pith.extract(page)

        measures = {}
        dataset = os.path.dirname(os.path.abspath(args.pages))
        if os.path.exists(os.path.join(dataset, "ground-truth.json")):
            measures["library alone (pith eval -j 1)"] = (n, lambda: library_round(args.cli, dataset, n))
        measures["cli -j1"] = (n, lambda: cli_round(args.cli, plain, 1))
        measures["cli -j2"] = (n, lambda: cli_round(args.cli, plain, 2))
        measures["extract (one page at a time)"] = (n, each)
        measures["extract_many jobs=1"] = (n, lambda: drain(pith.extract_many(pages, jobs=1)))
        measures["extract_many jobs=2"] = (n, lambda: drain(pith.extract_many(pages, jobs=2)))
        rates = interleaved(args.rounds, measures)
    base = rates.get("library alone (pith eval -j 1)")
    against = "library alone" if base else "cli -j1"
    base = base or rates["cli -j1"]
    many1, many2 = rates["extract_many jobs=1"], rates["extract_many jobs=2"]
    notes = {
        "cli -j2": f"  ({rates['cli -j2'] / rates['cli -j1']:.2f}x cli -j1)",
        "extract_many jobs=1": f"  (time per page vs {against}: {100 * (base / many1 - 1):+.1f}%)",
        "extract_many jobs=2": f"  ({many2 / many1:.2f}x jobs=1)",
    }
    rows = [(name, f"{rate:.0f}{notes.get(name, '')}") for name, rate in rates.items()]
    if not args.no_datatrove:
        rows.extend(datatrove_rows(max(1, args.rounds // 2)))
    width = max(len(name) for name, _ in rows)
    print(f"{n} pages, {args.rounds} rounds, median docs/s")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
