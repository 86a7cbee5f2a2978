#!/usr/bin/env python3
"""Spark recipe 1: the pith Python package inside ``mapPartitions``.

    python spark_extract.py PAGES.jsonl OUT_DIR [--master local[2]] [--partitions N]

Reads a JSON Lines file of pages (``id``, ``url``, and ``html_base64`` or
``html``; ``pages_jsonl.py`` writes one), extracts every page with
``pith.extract_many`` on the executors, one pool per partition, and writes
the records as JSON Lines into OUT_DIR (Spark's ``part-*`` files). It then
checks that every input id came back exactly once, and exits 1 if not.

On a cluster every executor needs the ``pith-extract`` wheel in the Python
it runs (``PYSPARK_PYTHON``: a packed venv given with ``--archives``, or an
image); ``--py-files`` cannot carry the native module.
"""

import argparse
import base64
import json
import os
import sys


def extract_partition(lines, jobs=1, **options):
    """Records (JSON strings) for one partition's JSON Lines of pages.

    Runs on an executor. The lines are read lazily and at most ``4 × jobs``
    pages are in flight. A line that is not a page gives an error record
    (``error_kind`` ``invalid_jsonl``, its id ``line:`` and the line's
    start) after the partition's other records, so nothing is lost
    silently.
    """
    import pith  # on the executor

    bad = []

    def pages():
        for line in lines:
            try:
                item = json.loads(line)
                if "html_base64" in item:
                    html = base64.b64decode(item["html_base64"])
                else:
                    html = item["html"]
                yield {"html": html, "url": item.get("url"), "id": str(item["id"])}
            except (ValueError, KeyError, TypeError) as e:
                bad.append({"id": f"line:{line[:40]}", "error": f"not a page: {e}", "error_kind": "invalid_jsonl"})

    for record in pith.extract_many(pages(), jobs=jobs, **options):
        yield json.dumps(record, ensure_ascii=False)
    for record in bad:
        yield json.dumps(record, ensure_ascii=False)


def extract_rdd(spark, pages_path, partitions=2, jobs=1, **options):
    """The RDD of records (JSON strings) of the JSON Lines file `pages_path`."""
    # Ship this file to the executors, which import it to run
    # extract_partition (the pith package itself must be installed there).
    spark.sparkContext.addPyFile(os.path.abspath(__file__))
    lines = spark.sparkContext.textFile(pages_path, minPartitions=partitions)
    return lines.mapPartitions(lambda part: extract_partition(part, jobs=jobs, **options))


def check_ids(pages_path, records):
    """Every input id exactly once among `records` (dicts); returns the problems."""
    with open(pages_path, encoding="utf-8") as f:
        wanted = [str(json.loads(line)["id"]) for line in f if line.strip()]
    seen = {}
    for record in records:
        seen[record["id"]] = seen.get(record["id"], 0) + 1
    problems = [f"missing: {i}" for i in wanted if i not in seen]
    problems += [f"{n} times: {i}" for i, n in seen.items() if n != 1]
    problems += [f"not an input: {i}" for i in seen if i not in set(wanted)]
    return problems


def main(argv=None, spark=None):
    """The script; `spark`: a session to use (and leave running) instead of a new one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages")
    parser.add_argument("out")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=1, help="pith threads per partition")
    args = parser.parse_args(argv)

    own = spark is None
    if own:
        from pyspark.sql import SparkSession

        # Local executors run this Python, the one with pith installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        spark = SparkSession.builder.master(args.master).appName("pith-extract").getOrCreate()
    try:
        rdd = extract_rdd(spark, args.pages, partitions=args.partitions, jobs=args.jobs)
        rdd.saveAsTextFile(args.out)
        records = [json.loads(line) for line in spark.sparkContext.textFile(args.out).collect()]
    finally:
        if own:
            spark.stop()
    problems = check_ids(args.pages, records)
    for problem in problems:
        print(f"spark_extract: {problem}", file=sys.stderr)
    print(f"spark_extract: {len(records)} records in {args.out}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
