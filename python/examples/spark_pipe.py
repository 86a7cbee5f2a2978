#!/usr/bin/env python3
"""Spark recipe 2: the pith CLI through ``RDD.pipe``.

    python spark_pipe.py PAGES.jsonl OUT_DIR --pith /abs/path/to/pith [--master local[2]]

Each partition of the JSON Lines file of pages is streamed through one
``pith --input-format jsonl`` process, whose stdout lines are the records,
written as JSON Lines into OUT_DIR. It then checks that every input id came
back exactly once, and exits 1 if not.

Two things matter with ``pipe``:
- the command runs with an **empty environment** (no ``PATH``), so the
  binary is named by absolute path, and that path must hold the binary on
  every executor (install it in the image, or ship it with ``--files`` and
  use that path);
- ``checkCode=True``: without it a pith that cannot start or dies yields
  zero records for its partition, silently; with it the job fails.
"""

import argparse
import json
import os
import shlex
import sys

from spark_extract import check_ids


def pipe_rdd(spark, pages_path, pith, partitions=2, args=()):
    """The RDD of records (JSON strings) of `pages_path` through the CLI `pith`."""
    if not os.path.isabs(pith):
        raise ValueError(f"RDD.pipe runs without PATH: name pith by absolute path, not {pith!r}")
    command = " ".join(shlex.quote(part) for part in [pith, "--input-format", "jsonl", "--quiet", *args])
    lines = spark.sparkContext.textFile(pages_path, minPartitions=partitions)
    return lines.pipe(command, checkCode=True)


def main(argv=None, spark=None):
    """The script; `spark`: a session to use (and leave running) instead of a new one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages")
    parser.add_argument("out")
    parser.add_argument("--pith", required=True, help="absolute path of the pith binary on the executors")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=2)
    args = parser.parse_args(argv)

    own = spark is None
    if own:
        from pyspark.sql import SparkSession

        # Local executors run this Python, the one with pith installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        spark = SparkSession.builder.master(args.master).appName("pith-pipe").getOrCreate()
    try:
        rdd = pipe_rdd(spark, args.pages, os.path.abspath(args.pith), partitions=args.partitions)
        rdd.saveAsTextFile(args.out)
        records = [json.loads(line) for line in spark.sparkContext.textFile(args.out).collect()]
    finally:
        if own:
            spark.stop()
    problems = check_ids(args.pages, records)
    for problem in problems:
        print(f"spark_pipe: {problem}", file=sys.stderr)
    print(f"spark_pipe: {len(records)} records in {args.out}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
