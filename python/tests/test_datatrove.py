"""The datatrove step: WarcReader -> PithExtractor -> JsonlWriter runs, and
its documents are pith's articles of the WARC's pages."""

import gzip
import json
import os

import pytest
from conftest import run_cli

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.extractors.base import BaseExtractor  # noqa: E402
from datatrove.pipeline.readers import WarcReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

import pith  # noqa: E402
from pith.datatrove import PithExtractor  # noqa: E402


def test_warc_reader_pith_jsonl_writer(bench_warc, tmp_path):
    out = tmp_path / "out"
    LocalPipelineExecutor(
        pipeline=[
            WarcReader(os.path.dirname(bench_warc), glob_pattern="*.warc.gz"),
            PithExtractor(),
            JsonlWriter(str(out)),
        ],
        tasks=1,
        # A fresh logging dir: datatrove skips ranks a reused one says are done.
        logging_dir=str(tmp_path / "logs"),
    ).run()
    docs = []
    for name in sorted(os.listdir(out)):
        with gzip.open(out / name, "rt", encoding="utf-8") as f:
            docs.extend(json.loads(line) for line in f)
    # The pages WarcReader hands on: responses whose payload libmagic calls
    # HTML when the WARC names no payload type (as here), 404s included,
    # decoded to str. Each whose article pith finds non-empty is one
    # document, in order, with pith's text and metadata.
    read = list(WarcReader(os.path.dirname(bench_warc), glob_pattern="*.warc.gz").run())
    expected = [(doc, pith.extract(doc.text, url=doc.metadata["url"])) for doc in read]
    expected = [(doc, record) for doc, record in expected if record["text"]]
    assert len(expected) > 50
    assert [doc["id"] for doc in docs] == [doc.id for doc, _ in expected]
    for doc, (_, record) in zip(docs, expected):
        assert doc["text"] == record["text"]
        for field in ("title", "language", "date_published", "authors"):
            assert doc["metadata"].get(field) == record[field]
    # The same articles as the CLI's from the WARC's bytes, for the pages
    # the CLI takes (it skips 404s) where datatrove's decoding agrees
    # with pith's (UTF-8 pages).
    records = {r["warc_record_id"]: r for r in run_cli("--input-format", "warc", bench_warc)}
    utf8 = [doc for doc in docs if records.get(doc["id"], {}).get("encoding") == "UTF-8"]
    assert len(utf8) > 50
    for doc in utf8:
        assert doc["text"] == records[doc["id"]]["text"]

def test_extract_alone_is_the_extractor_interface():
    step = PithExtractor(favor="precision")
    assert isinstance(step, BaseExtractor)
    html = "<html><body><nav>Home</nav><article><p>The only paragraph of this article, long enough to count.</p></article></body></html>"
    assert step.extract(html) == "The only paragraph of this article, long enough to count."
    assert "Home" not in PithExtractor(markdown=True).extract(html)
    with pytest.raises(ValueError):
        PithExtractor(favor="fast")
