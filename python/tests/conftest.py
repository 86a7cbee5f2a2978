"""Shared fixtures of the Python package's tests.

The CLI these tests compare against is ``$PITH_CLI``, else the repository's
``target/release/pith`` or ``target/debug/pith`` (whichever is newer);
.ci/run sets ``PITH_CLI``. The 181 benchmark pages are
``$PITH_BENCH_DIR/scrapinghub``, else ``../shared/bench/scrapinghub`` next
to the repository, else the copy in ``fixtures/scrapinghub``.
"""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "python", "examples")
#: A fixed day for `now`, so that the CLI's records and Python's never
#: straddle midnight.
NOW = "2025-06-01"

sys.path.insert(0, EXAMPLES)


def cli_path():
    """The pith binary to compare with."""
    if os.environ.get("PITH_CLI"):
        return os.path.abspath(os.environ["PITH_CLI"])
    built = [os.path.join(ROOT, "target", kind, "pith") for kind in ("release", "debug")]
    built = [path for path in built if os.path.exists(path)]
    if not built:
        pytest.fail("no pith binary: run `cargo build --release` or set PITH_CLI")
    return max(built, key=os.path.getmtime)


def bench_dir():
    """The directory of the ScrapingHub set (ground-truth.json, html/)."""
    candidates = []
    if os.environ.get("PITH_BENCH_DIR"):
        candidates.append(os.path.join(os.environ["PITH_BENCH_DIR"], "scrapinghub"))
    candidates.append(os.path.join(ROOT, "..", "shared", "bench", "scrapinghub"))
    candidates.append(os.path.join(ROOT, "fixtures", "scrapinghub"))
    for candidate in candidates:
        if os.path.isdir(os.path.join(candidate, "html")):
            return os.path.abspath(candidate)
    pytest.fail(f"no ScrapingHub pages in {candidates}")


def run_cli(*args, stdin=None):
    """The CLI's records for `args` (dicts, in output order)."""
    done = subprocess.run(
        [cli_path(), "--quiet", "--now", NOW, *args], input=stdin, capture_output=True, check=False
    )
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


@pytest.fixture(scope="session")
def cli():
    """The path of the pith binary."""
    return cli_path()


@pytest.fixture(scope="session")
def pages_dir():
    """The directory of the 181 benchmark pages (.html.gz)."""
    return os.path.join(bench_dir(), "html")


@pytest.fixture(scope="session")
def pages_jsonl(tmp_path_factory):
    """The 181 pages as JSON Lines (id, url, html_base64), by pages_jsonl.py."""
    import pages_jsonl as writer

    out = tmp_path_factory.mktemp("jsonl") / "pages.jsonl"
    writer.main([os.path.join(bench_dir(), "html"), str(out)])
    return str(out)


@pytest.fixture(scope="session")
def bench_warc(tmp_path_factory):
    """The 181 pages as a crawl, written by warcio (scripts/warc_tool.py):
    requests, 404s, a redirect, images, a PDF, DNS and revisit records."""
    out = tmp_path_factory.mktemp("warc") / "crawl.warc.gz"
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "warc_tool.py"), "benchmark", str(out)], check=True)
    return str(out)
