#!/usr/bin/env bash
# The Python environments of the tests.
#
#   scripts/python-env.sh             # target/pyenv: warcio, for the CLI's WARC tests
#   scripts/python-env.sh --package   # the Python package's venv, with the package built
#
# Without arguments: a venv with warcio (the WARC library crawlers and
# datatrove use), so that pith's WARC reader is tested on files a real
# writer made (scripts/warc_tool.py). Made once, in target/pyenv (or
# $PITH_TEST_VENV); .ci/run calls this before the tests, and
# tests/provenance.rs fails with a pointer here when it is missing.
#
# With --package: the venv of the Python package's tests (python/tests),
# $PITH_PY_VENV or ~/.cache/pith/pyenv, with python/requirements-ci.txt
# (maturin, pytest, warcio, datatrove and its readers' needs, pyspark). It
# is kept between runs and clones, and remade only when that file changes:
# pyspark alone is a 440 MB download. Then the package is built from this
# checkout with maturin (profile $PITH_WHEEL_PROFILE, default `ci`: no fat
# LTO, same records) into target/wheels and installed into the venv; its
# Rust build directory is kept in ~/.cache/pith/python-target too
# ($PITH_PY_TARGET), so that only pith itself is compiled again. Prints
# the venv's path last.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Make a venv at $1, installing python3-venv first where Debian leaves it out.
make_venv() {
    if ! python3 -m venv "$1" 2>/dev/null; then
        # Debian's python3 keeps venv (ensurepip) in a package of its own.
        echo "python-env: installing python3-venv" >&2
        rm -rf "$1"
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$1"
    fi
}

if [[ "${1:-}" != "--package" ]]; then
    venv="${PITH_TEST_VENV:-$root/target/pyenv}"
    # Pinned: the version the tests were written against.
    warcio="warcio==1.8.1"
    if "$venv/bin/python" -c 'import warcio' 2>/dev/null; then
        exit 0
    fi
    make_venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$warcio"
    "$venv/bin/python" -c 'import warcio' && echo "python-env: warcio ready in $venv" >&2
    exit 0
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/pith"
venv="${PITH_PY_VENV:-$cache/pyenv}"
requirements="$root/python/requirements-ci.txt"
if ! cmp -s "$requirements" "$venv/requirements-ci.txt" 2>/dev/null; then
    echo "python-env: making $venv from python/requirements-ci.txt (pyspark is large: a minute or two)" >&2
    rm -rf "$venv"
    make_venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    # Written last: a venv whose install failed half way is remade.
    cp "$requirements" "$venv/requirements-ci.txt"
fi

profile="${PITH_WHEEL_PROFILE:-ci}"
target="${PITH_PY_TARGET:-$cache/python-target}"
# Each clone's pith is a path dependency of its own to cargo, so the kept
# build directory gains a copy per clone: start it over past 3 GB.
if [[ -d "$target" ]] && (( $(du -sm "$target" | cut -f1) > 3000 )); then
    rm -rf "$target"
fi
rm -rf "$root/target/wheels"
CARGO_TARGET_DIR="$target" \
    "$venv/bin/maturin" build --quiet --profile "$profile" \
    --manifest-path "$root/python/Cargo.toml" \
    --interpreter "$venv/bin/python" --out "$root/target/wheels" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --force-reinstall --no-deps "$root"/target/wheels/pith_extract-*.whl
(cd / && "$venv/bin/python" -c 'import pith; pith.extract(b"<p>ready</p>")')
echo "python-env: pith-extract ($profile build) ready in $venv" >&2
echo "$venv"
