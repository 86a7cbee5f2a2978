#!/usr/bin/env bash
# The Python environment of the CLI tests: a venv with warcio (the WARC
# library crawlers and datatrove use), so that pith's WARC reader is tested
# on files a real writer made (scripts/warc_tool.py). Made once, in
# target/pyenv (or $PITH_TEST_VENV); .ci/run calls this before the tests,
# and tests/provenance.rs fails with a pointer here when it is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${PITH_TEST_VENV:-$root/target/pyenv}"
# Pinned: the version the tests were written against.
warcio="warcio==1.8.1"

if "$venv/bin/python" -c 'import warcio' 2>/dev/null; then
    exit 0
fi
if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian's python3 keeps venv (ensurepip) in a package of its own.
    echo "python-env: installing python3-venv" >&2
    rm -rf "$venv"
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$warcio"
"$venv/bin/python" -c 'import warcio' && echo "python-env: warcio ready in $venv" >&2
