"""The two Spark recipes (python/examples), run in one local[2] session:
every input id comes back exactly once, with pith's record."""

import json
import os
import shutil
import sys

import pytest
from conftest import run_cli

pytest.importorskip("pyspark")

import spark_extract  # noqa: E402  (python/examples, on sys.path via conftest)
import spark_pipe  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    """One local[2] session for both recipes: a JVM start costs seconds."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.fail("Spark needs Java 17 (java on PATH or JAVA_HOME); .ci/run checks for it")
    from pyspark.sql import SparkSession

    # The executors' Python must be this one, which has pith installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("pith-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def by_id(lines):
    records = [json.loads(line) for line in lines]
    return records, {r["id"]: r for r in records}


def test_map_partitions_with_the_package(spark, pages_jsonl):
    records, got = by_id(spark_extract.extract_rdd(spark, pages_jsonl, partitions=2).collect())
    assert spark_extract.check_ids(pages_jsonl, records) == []
    assert len(records) == 181
    # pith's records from the same lines, read by the CLI itself.
    for record in run_cli("--input-format", "jsonl", pages_jsonl):
        mine = got[record["id"]]
        assert mine["text"] == record["text"] and mine["title"] == record["title"]


def test_pipe_through_the_cli(spark, pages_jsonl, cli):
    records, got = by_id(spark_pipe.pipe_rdd(spark, pages_jsonl, cli, partitions=2).collect())
    assert spark_pipe.check_ids(pages_jsonl, records) == []
    for record in run_cli("--input-format", "jsonl", pages_jsonl):
        mine = got[record["id"]]
        assert mine["text"] == record["text"] and mine["source"] == "-"


def test_pipe_fails_loudly_when_the_tool_fails(spark, pages_jsonl, tmp_path):
    # A "pith" that dies: with checkCode=True the job fails instead of
    # giving zero rows.
    broken = tmp_path / "pith"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    with pytest.raises(Exception, match="(?i)exit|PIPE_FUNCTION_EXITED|status"):
        spark_pipe.pipe_rdd(spark, pages_jsonl, str(broken), partitions=2).collect()
    with pytest.raises(ValueError):
        spark_pipe.pipe_rdd(spark, pages_jsonl, "pith")


def test_recipes_as_scripts(spark, pages_jsonl, tmp_path, cli, capsys):
    """README's commands: each recipe's script (its main, in this session,
    to spare a JVM start) writes the records and checks the ids itself."""
    assert spark_extract.main([pages_jsonl, str(tmp_path / "extract")], spark=spark) == 0
    assert spark_pipe.main([pages_jsonl, str(tmp_path / "pipe"), "--pith", cli], spark=spark) == 0
    err = capsys.readouterr().err
    assert "spark_extract: 181 records" in err and "spark_pipe: 181 records" in err
    for name in ("extract", "pipe"):
        parts = [p for p in os.listdir(tmp_path / name) if p.startswith("part-")]
        lines = [line for p in parts for line in open(tmp_path / name / p, encoding="utf-8")]
        assert len(lines) == 181
