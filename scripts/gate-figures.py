#!/usr/bin/env python3
"""Print the `SETS` table of tests/quality.rs from a release build's figures.

    cargo build --release
    for m in balanced precision recall; do
        ./target/release/pith eval --favor $m --json > /tmp/gate-$m.json
    done
    scripts/gate-figures.py /tmp/gate-{balanced,precision,recall}.json

Paste the output over the entries of `SETS` (and update the "Measured" line
above it) after an intended change of quality; then rewrite the baselines
with `PITH_WRITE_BASELINE=1 cargo test --test quality`.
"""
import json
import sys

if len(sys.argv) != 4:
    sys.exit(__doc__)
modes = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    modes[report["favor"]] = {s["name"]: s for s in report["sets"]}
missing = {"balanced", "precision", "recall"} - set(modes)
if missing:
    sys.exit(f"gate-figures: no report for --favor {', '.join(sorted(missing))}")


def fig(s):
    return f"figures({s['f1']:.4f}, {s['precision']:.4f}, {s['recall']:.4f})"


for name, s in modes["balanced"].items():
    print("    SetFigures {")
    print(f'        name: "{name}",')
    print(f"        pages: {s['docs']},")
    for mode in ("balanced", "precision", "recall"):
        print(f"        {mode}: {fig(modes[mode][name])},")
    print("    },")
