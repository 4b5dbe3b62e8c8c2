"""Benchmark the length of a consultation: questions per vignette replay and how soon the
red flags are asked.

    python benchmarks/bench_consultation.py [--json]

Replays each public vignette (the copy in tests/data/vignettes) and reports, per vignette
and overall: the number of questions asked (median, max) and the position (1-based) of the
first red-flag question. A red-flag question is one whose field is a red-flag input of
RULES.md §1.1 (`knowledge.triage.RED_FLAG_FIELDS`). Issue 12 targets: the first red-flag
question among the first 4 in every replay; median questions at least 30% fewer than before.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogs.replay import replay  # noqa: E402
from knowledge import parse_case  # noqa: E402
from knowledge.triage import RED_FLAG_FIELDS  # noqa: E402


def measure() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in sorted((ROOT / "tests" / "data" / "vignettes").glob("*.yaml")):
        case = parse_case(yaml.safe_load(path.read_text())["case"])
        asked = replay(case).asked
        first = next((i + 1 for i, q in enumerate(asked) if q in RED_FLAG_FIELDS), None)
        rows.append({"vignette": path.stem, "questions": len(asked), "first_red_flag": first})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    rows = measure()
    counts = [int(str(r["questions"])) for r in rows]
    firsts = [int(str(r["first_red_flag"])) for r in rows if r["first_red_flag"] is not None]
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        for row in rows:
            print(f"{row['vignette']:<45} {row['questions']:>3} questions, first red flag "
                  f"#{row['first_red_flag']}")
    print(f"questions per replay: median {statistics.median(counts)}, max {max(counts)}, "
          f"min {min(counts)} ({len(rows)} vignettes)")
    print(f"first red-flag question: max position {max(firsts)}, median "
          f"{statistics.median(firsts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
