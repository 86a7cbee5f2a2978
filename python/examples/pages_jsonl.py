#!/usr/bin/env python3
"""Write a directory of HTML pages as JSON Lines, the input of the Spark recipes.

    python pages_jsonl.py DIR OUT.jsonl [--truth ground-truth.json]

Each line is ``{"id": ..., "url": ..., "html_base64": ...}``: the page's file
name without extensions, its URL (from a ``ground-truth.json`` beside DIR or
named with ``--truth``, when it lists the page), and the raw bytes (gunzipped
for ``.gz`` files) as base64, so that pith sees the bytes the crawler got and
decodes them itself (a decoded ``html`` string would lose the charset).
pith reads such lines directly: ``pith --input-format jsonl OUT.jsonl``.
"""

import argparse
import base64
import gzip
import json
import os
import sys


def page_lines(directory, truth=None):
    """The JSON Lines of the pages in `directory` (sorted by name), as strings."""
    urls = {}
    if truth and os.path.exists(truth):
        with open(truth, encoding="utf-8") as f:
            urls = {key: value.get("url") for key, value in json.load(f).items()}
    for name in sorted(os.listdir(directory)):
        if not name.endswith((".html", ".htm", ".html.gz", ".htm.gz")):
            continue
        path = os.path.join(directory, name)
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rb") as f:
            raw = f.read()
        page_id = name.split(".")[0]
        line = {"id": page_id, "html_base64": base64.b64encode(raw).decode("ascii")}
        if urls.get(page_id):
            line["url"] = urls[page_id]
        yield json.dumps(line)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("out")
    parser.add_argument("--truth", help="ground-truth.json with the pages' URLs (default: beside DIR)")
    args = parser.parse_args(argv)
    truth = args.truth or os.path.join(os.path.dirname(os.path.abspath(args.directory)), "ground-truth.json")
    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for line in page_lines(args.directory, truth):
            out.write(line + "\n")
            n += 1
    print(f"pages_jsonl: {n} pages written to {args.out}", file=sys.stderr)
    return 0 if n else 1


if __name__ == "__main__":
    sys.exit(main())
