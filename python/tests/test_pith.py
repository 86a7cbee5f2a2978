"""The Python package: records equal the CLI's, order, bounds, misuse."""

import base64
import gzip
import inspect
import json
import os
import pathlib
import re
import threading
import time

import pytest
from conftest import NOW, ROOT, run_cli

import pith

FULL = dict(comments=True, markdown=True, html=True, links=True, images=True, favor="precision")
FULL_FLAGS = ["--comments", "--markdown", "--html", "--links", "--images", "--favor", "precision"]


def same(python_records, cli_records):
    """Byte for byte after the JSON round trip: same keys, order, values."""
    assert len(python_records) == len(cli_records)
    for mine, theirs in zip(python_records, cli_records):
        assert json.dumps(mine, ensure_ascii=False) == json.dumps(theirs, ensure_ascii=False), theirs["id"]


@pytest.mark.parametrize("full", [False, True], ids=["default", "all-fields"])
def test_read_directory_equals_cli(pages_dir, full):
    mine = list(pith.read(pages_dir, now=NOW, jobs=2, **(FULL if full else {})))
    theirs = run_cli(pages_dir, *(FULL_FLAGS if full else []))
    assert len(mine) == 181
    same(mine, theirs)


def test_extract_each_page_equals_cli(pages_dir):
    theirs = run_cli(pages_dir)
    for record in theirs:
        with gzip.open(record["source"]) as f:
            raw = f.read()
        mine = pith.extract(raw, now=NOW)
        assert mine["id"] == "" and mine["source"] == ""
        mine.update(id=record["id"], source=record["source"])
        same([mine], [record])


def test_extract_many_equals_cli(pages_dir):
    theirs = run_cli(pages_dir, *FULL_FLAGS)
    pages = []
    for record in theirs:
        with gzip.open(record["source"]) as f:
            pages.append({"html": f.read(), "id": record["id"]})
    mine = list(pith.extract_many(iter(pages), jobs=2, now=NOW, **FULL))
    for record in mine:
        record["source"] = None
    for record in theirs:
        record["source"] = None
    same(mine, theirs)


def test_jsonl_equals_cli(pages_jsonl):
    mine = list(pith.read([pathlib.Path(pages_jsonl)], input_format="jsonl", now=NOW))
    theirs = run_cli("--input-format", "jsonl", pages_jsonl)
    assert len(mine) == 181 and all(r["url"] for r in mine)
    same(mine, theirs)


def test_warc_equals_cli_with_provenance(bench_warc):
    mine = list(pith.read_warc(bench_warc, now=NOW, markdown=True))
    theirs = run_cli("--input-format", "warc", "--markdown", bench_warc)
    assert len(mine) == 181
    same(mine, theirs)
    for record in mine:
        assert record["warc_record_id"].startswith("<urn:uuid:")
        assert record["id"] == record["warc_record_id"]
        assert record["warc_target_uri"].startswith("http")
        assert record["http_status"] == 200 and record["warc_date"].startswith("2024-05-20")
        assert isinstance(record["warc_offset"], int)


def test_str_and_bytes_pages():
    html = "<html><body><article><h1>Grüße</h1><p>Ein Absatz über das Wetter, lang genug als Text.</p></article></body></html>"
    from_str = pith.extract(html)
    from_bytes = pith.extract(html.encode("utf-8"))
    assert from_str["text"] == from_bytes["text"] and "Wetter" in from_str["text"]
    from_latin1 = pith.extract(html.encode("latin-1"), encoding="latin1")
    assert from_latin1["text"] == from_str["text"] and from_latin1["encoding"] == "windows-1252"


def test_options_reach_the_record():
    html = b'<html><body><article><p>A paragraph with <a href="/next">a link</a> that is long enough to count.</p><img src="pic.png"></article></body></html>'
    plain = pith.extract(html)
    assert "markdown" not in plain and "html" not in plain and "comments" not in plain
    rich = pith.extract(html, url="https://example.org/a/b", markdown=True, html=True, links=True, comments=True)
    assert "(https://example.org/next)" in rich["markdown"]
    assert 'href="https://example.org/next"' in rich["html"]
    assert rich["comments"] == [] and rich["url"] == "https://example.org/a/b"


def test_bad_pages_give_error_records():
    assert pith.extract(b"")["error_kind"] == "empty"
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    record = pith.extract(png, url="https://example.org/x.png")
    assert record["error_kind"] == "not_html" and record["text"] == "" and record["url"] == "https://example.org/x.png"
    missing = list(pith.read(os.path.join(ROOT, "no", "such", "file.html")))
    assert len(missing) == 1 and missing[0]["error_kind"] == "unreadable"


def test_extract_many_page_shapes_and_ids():
    pages = [
        b"<p>bytes page</p>",
        "<p>str page</p>",
        bytearray(b"<p>bytearray page</p>"),
        ("<p>pair</p>", "https://example.org/pair"),
        {"html": b"<p>dict</p>", "url": "https://example.org/dict", "id": "mine"},
        {"html": "<p>dict, int id</p>", "id": 42},
    ]
    records = list(pith.extract_many(pages, jobs=2))
    assert [r["id"] for r in records] == ["0", "1", "2", "3", "mine", "42"]
    assert records[3]["url"] == "https://example.org/pair" and records[4]["url"] == "https://example.org/dict"
    assert all(r["source"] == "" and r["error"] is None for r in records)


def test_extract_many_keeps_order_and_bounds_in_flight():
    jobs = 2
    pulled = 0
    # Uneven pages: long ones finish after short ones started later.
    long_page = "<html><body><article>" + "<p>A long paragraph of prose with words in it.</p>" * 2000 + "</article></body></html>"

    def pages():
        nonlocal pulled
        for i in range(60):
            pulled += 1
            yield {"html": long_page if i % 7 == 0 else f"<p>page {i}, a short one</p>", "id": f"p{i}"}

    seen = []
    for record in pith.extract_many(pages(), jobs=jobs):
        # Taken from the input and not yet handed back: at most 4 per job.
        assert pulled - len(seen) <= 4 * jobs + 1
        seen.append(record["id"])
    assert seen == [f"p{i}" for i in range(60)]


def test_extract_many_is_lazy():
    def endless():
        i = 0
        while True:
            yield f"<p>{i}</p>"
            i += 1

    records = pith.extract_many(endless(), jobs=1)
    assert [next(records)["id"] for _ in range(3)] == ["0", "1", "2"]


def test_extract_many_releases_the_gil(pages_dir):
    pages = []
    for name in sorted(os.listdir(pages_dir))[:40]:
        with gzip.open(os.path.join(pages_dir, name)) as f:
            pages.append(f.read())
    ticks = 0
    stop = threading.Event()

    def ticker():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    started = time.monotonic()
    try:
        for _ in pith.extract_many(pages * 2, jobs=1):
            pass
    finally:
        stop.set()
        thread.join()
    elapsed = time.monotonic() - started
    # The ticker ran during extraction (it would starve without the GIL).
    assert ticks > elapsed * 100


def test_misuse_raises():
    with pytest.raises(TypeError):
        pith.extract(3)
    with pytest.raises(TypeError):
        pith.extract(b"<p>x</p>", url=3)
    with pytest.raises(ValueError):
        pith.extract(b"<p>x</p>", favor="fast")
    with pytest.raises(ValueError):
        pith.extract(b"<p>x</p>", now="yesterday")
    with pytest.raises(TypeError):
        pith.extract_many(b"<p>one page</p>")
    with pytest.raises(TypeError):
        pith.extract_many(42)
    with pytest.raises(ValueError):
        pith.extract_many([], jobs=0)
    with pytest.raises(TypeError):
        list(pith.extract_many([1]))
    with pytest.raises(TypeError):
        list(pith.extract_many([("a", "b", "c")]))
    with pytest.raises(ValueError):
        list(pith.extract_many([{"url": "https://example.org/"}]))
    with pytest.raises(ValueError):
        pith.read("x.warc", input_format="arc")
    with pytest.raises(TypeError):
        pith.read_warc(["a.warc", "b.warc"])
    with pytest.raises(TypeError):
        pith.read(b"x.html")


def test_an_input_error_leaves_the_iterator_usable():
    records = pith.extract_many(iter([b"<p>one</p>", 2, b"<p>three</p>"]), jobs=1)
    assert next(records)["id"] == "0"
    with pytest.raises(TypeError):
        next(records)
    assert next(records)["id"] == "2"
    with pytest.raises(StopIteration):
        next(records)


def test_stubs_match_the_module():
    stubs = open(os.path.join(ROOT, "python", "pith", "_pith.pyi"), encoding="utf-8").read()
    for name in ("extract", "extract_many", "read", "read_warc"):
        function = getattr(pith, name)
        assert function.__doc__ and len(function.__doc__) > 100
        stub = re.search(rf"def {name}\((.*?)\) ->", stubs, re.S)
        assert stub, name
        stub_params = re.findall(r"^\s*(\w+)\s*:", stub.group(1), re.M)
        params = list(inspect.signature(function).parameters)
        assert stub_params == params, name
    package = os.path.dirname(pith.__file__)
    assert os.path.exists(os.path.join(package, "py.typed"))
    assert os.path.exists(os.path.join(package, "_pith.pyi"))


def test_version_is_the_crates():
    cargo = open(os.path.join(ROOT, "python", "Cargo.toml"), encoding="utf-8").read()
    assert f'version = "{pith.__version__}"' in cargo
