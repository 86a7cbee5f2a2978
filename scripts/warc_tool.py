#!/usr/bin/env python3
"""WARC files written and read back by warcio, the library crawlers and
datatrove use: what pith's WARC reader is tested against.

    warc_tool.py write SPEC.json OUT.warc[.gz]   # records described in JSON
    warc_tool.py benchmark OUT.warc.gz          # the 181 ScrapingHub pages as a crawl
    warc_tool.py trace WARC RECORDS.jsonl       # re-read every record at its warc_offset

`write` reads a JSON object {"gzip": true, "records": [...]}; each record is
{"type": "response"|"request"|"warcinfo"|..., "uri": ..., "date": ...,
"id": optional WARC-Record-ID, "status": "200 OK", "headers": [[name, value],
...], "body": text, or "body_base64": bytes}. It prints, one per line, the
WARC-Record-ID and the offset warcio gives for each record written.

`benchmark` writes fixtures/scrapinghub/html/*.html.gz (gunzipped, with the
URLs of ground-truth.json) as a crawl would: a warcinfo record, then for
each page a request and a `200 OK` response with realistic headers, and in
between some 404s, a redirect, images, a PDF, a DNS record and a revisit.
It prints how many records of each kind it wrote.

`trace` checks pith's records against the WARC: for each record with a
`warc_offset`, warcio seeks there, reads one record, and its
WARC-Record-ID and WARC-Target-URI must be the record's. It prints
`traced N of M records` and exits 1 if any record does not trace back.

Needs warcio (scripts/python-env.sh installs it into target/pyenv).
"""

import base64
import gzip
import io
import json
import os
import sys

try:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
except ImportError:
    sys.exit("warc_tool.py: warcio is missing; run scripts/python-env.sh and use target/pyenv/bin/python")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_records(out, records, use_gzip=True):
    """Write `records` (dicts as in the module doc) to the file `out`."""
    with open(out, "wb") as f:
        writer = WARCWriter(f, gzip=use_gzip)
        for spec in records:
            kind = spec["type"]
            warc_headers = {"WARC-Date": spec.get("date", "2024-05-20T10:00:00Z")}
            if spec.get("id"):
                warc_headers["WARC-Record-ID"] = spec["id"]
            if "body_base64" in spec:
                body = base64.b64decode(spec["body_base64"])
            else:
                body = spec.get("body", "").encode("utf-8")
            http_headers = None
            if kind in ("response", "request", "revisit") and "status" in spec:
                is_request = kind == "request"
                http_headers = StatusAndHeaders(
                    spec["status"],
                    [tuple(h) for h in spec.get("headers", [])],
                    protocol="" if is_request else "HTTP/1.1",
                    is_http_request=is_request,
                )
            content_type = spec.get("warc_content_type", "")
            record = writer.create_warc_record(
                spec.get("uri", ""),
                kind,
                payload=io.BytesIO(body),
                length=len(body),
                warc_content_type=content_type,
                warc_headers_dict=warc_headers,
                http_headers=http_headers,
            )
            writer.write_record(record)
    with open(out, "rb") as f:
        it = ArchiveIterator(f)
        for record in it:
            print(record.rec_headers.get_header("WARC-Record-ID"), it.get_record_offset())


def response(uri, date, body, content_type="text/html; charset=utf-8", status="200 OK", extra=()):
    """A response record as a crawler writes it, with realistic headers."""
    headers = [
        ["Date", "Mon, 20 May 2024 10:00:00 GMT"],
        ["Server", "nginx"],
        ["Content-Type", content_type],
        ["Content-Length", str(len(body))],
        ["Cache-Control", "max-age=300"],
        ["Vary", "Accept-Encoding"],
    ] + [list(h) for h in extra]
    spec = {"type": "response", "uri": uri, "date": date, "status": status, "headers": headers}
    spec["body_base64"] = base64.b64encode(body).decode("ascii")
    return spec


def request(uri, date):
    """The request record before a response."""
    path = "/" + uri.split("/", 3)[3] if uri.count("/") >= 3 else "/"
    host = uri.split("/")[2]
    return {
        "type": "request",
        "uri": uri,
        "date": date,
        "status": f"GET {path} HTTP/1.1",
        "headers": [["Host", host], ["User-Agent", "pith-test-crawler/1.0"], ["Accept", "text/html"]],
    }


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def benchmark(out):
    """The 181 benchmark pages as one crawl (see the module doc)."""
    fixtures = os.path.join(ROOT, "fixtures", "scrapinghub")
    with open(os.path.join(fixtures, "ground-truth.json")) as f:
        truth = json.load(f)
    records = [
        {
            "type": "warcinfo",
            "warc_content_type": "application/warc-fields",
            "body": "software: warcio\r\nformat: WARC File Format 1.0\r\n",
        }
    ]
    kinds = {"pages": 0, "requests": 0, "404": 0, "redirect": 0, "image": 0, "pdf": 0, "dns": 0, "revisit": 0}
    names = sorted(os.listdir(os.path.join(fixtures, "html")))
    for i, name in enumerate(names):
        page_id = name.split(".")[0]
        with gzip.open(os.path.join(fixtures, "html", name)) as f:
            body = f.read()
        uri = truth.get(page_id, {}).get("url") or f"https://example.org/{page_id}"
        date = f"2024-05-20T10:{i // 60:02d}:{i % 60:02d}Z"
        records.append(request(uri, date))
        records.append(response(uri, date, body))
        kinds["pages"] += 1
        kinds["requests"] += 1
        host = "/".join(uri.split("/")[:3])
        if i % 40 == 0:
            missing = f"{host}/no-such-page-{i}"
            records.append(request(missing, date))
            records.append(response(missing, date, b"<html><body><h1>Not Found</h1></body></html>", status="404 Not Found"))
            kinds["404"] += 1
            kinds["requests"] += 1
        if i % 45 == 1:
            records.append(response(f"{host}/logo-{i}.png", date, PNG, content_type="image/png"))
            kinds["image"] += 1
        if i == 50:
            records.append(
                response(f"{host}/old", date, b"", status="301 Moved Permanently", extra=[("Location", uri)])
            )
            kinds["redirect"] += 1
        if i == 60:
            records.append(
                response(f"{host}/report.pdf", date, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", content_type="application/pdf")
            )
            kinds["pdf"] += 1
        if i == 70:
            records.append(
                {
                    "type": "response",
                    "uri": "dns:" + uri.split("/")[2],
                    "date": date,
                    "warc_content_type": "text/dns",
                    "body": f"{date} {uri.split('/')[2]}. 300 IN A 192.0.2.1\n",
                }
            )
            kinds["dns"] += 1
        if i == 80:
            records.append({"type": "revisit", "uri": uri, "date": date, "status": "200 OK", "headers": []})
            kinds["revisit"] += 1
    # The record ids and offsets are printed by write_records; keep them
    # off stdout here, where the summary goes.
    saved = sys.stdout
    sys.stdout = io.StringIO()
    try:
        write_records(out, records)
    finally:
        sys.stdout = saved
    print(json.dumps(kinds))


def trace(warc, records_path):
    """Re-read each of pith's records at its warc_offset (see the module doc)."""
    traced = total = 0
    failures = []
    with open(warc, "rb") as f, open(records_path) as lines:
        for line in lines:
            rec = json.loads(line)
            if "warc_offset" not in rec:
                continue
            total += 1
            f.seek(rec["warc_offset"])
            found = next(iter(ArchiveIterator(f)), None)
            if (
                found is not None
                and found.rec_headers.get_header("WARC-Record-ID") == rec.get("warc_record_id") == rec.get("id")
                and found.rec_headers.get_header("WARC-Target-URI") == rec.get("warc_target_uri")
            ):
                traced += 1
            else:
                failures.append(rec.get("id"))
    print(f"traced {traced} of {total} records")
    for failure in failures[:10]:
        print(f"not traced: {failure}", file=sys.stderr)
    return 0 if traced == total and total > 0 else 1


def main(argv):
    if len(argv) == 4 and argv[1] == "write":
        spec = json.load(sys.stdin if argv[2] == "-" else open(argv[2]))
        write_records(argv[3], spec["records"], spec.get("gzip", True))
        return 0
    if len(argv) == 3 and argv[1] == "benchmark":
        benchmark(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "trace":
        return trace(argv[2], argv[3])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
