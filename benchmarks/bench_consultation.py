"""Benchmark the length of a consultation: questions per vignette replay and how soon the
red flags are asked.

    python benchmarks/bench_consultation.py [--json]

Replays each public vignette (the copy in tests/data/vignettes) and reports, per vignette
and overall: the number of questions asked (median, max) and the position (1-based) of the
first red-flag question. A red-flag question is one whose field is a red-flag input of
RULES.md §1.1 (`knowledge.rules.triage.RED_FLAG_FIELDS`). Issue 12 targets: the first red-flag
question among the first 4 in every replay; median questions at least 30% fewer than before.
Issue 13: the same replay after pasting the vignette's referral text (the public reading gold
text of that vignette, else its story) and taking what was read: questions still asked
(target: at most half, median), and whether the assessment is still exactly assess(case).
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
from knowledge import assess, parse_case  # noqa: E402
from knowledge.rules.triage import RED_FLAG_FIELDS  # noqa: E402


def referral_texts() -> dict[str, str]:
    """The public reading gold text of each vignette, by vignette id."""
    texts: dict[str, str] = {}
    for path in sorted((ROOT.parent / "shared" / "reading").glob("[0-9]*.yaml")):
        gold = yaml.safe_load(path.read_text())
        source = str(gold.get("source", ""))
        if source.startswith("vignette "):
            texts[source.split()[1]] = str(gold["text"])
    return texts


def measure() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    texts = referral_texts()
    for path in sorted((ROOT / "tests" / "data" / "vignettes").glob("*.yaml")):
        vignette = yaml.safe_load(path.read_text())
        case = parse_case(vignette["case"])
        asked = replay(case).asked
        first = next((i + 1 for i, q in enumerate(asked) if q in RED_FLAG_FIELDS), None)
        pasted = replay(case, referral=texts.get(case.id or "", vignette.get("story")))
        exact = pasted.assessment is not None and (
            pasted.assessment.model_dump_json() == assess(case).model_dump_json())
        rows.append({"vignette": path.stem, "questions": len(asked), "first_red_flag": first,
                     "after_paste": len(pasted.asked), "exact_after_paste": exact})
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
                  f"#{row['first_red_flag']}; after the referral {row['after_paste']:>3} "
                  f"({'exact' if row['exact_after_paste'] else 'DIFFERENT assessment'})")
    print(f"questions per replay: median {statistics.median(counts)}, max {max(counts)}, "
          f"min {min(counts)} ({len(rows)} vignettes)")
    print(f"first red-flag question: max position {max(firsts)}, median "
          f"{statistics.median(firsts)}")
    pasted = [int(str(r["after_paste"])) for r in rows]
    print(f"after pasting the referral: median {statistics.median(pasted)} questions "
          f"(max {max(pasted)}); exact assessment in "
          f"{sum(bool(r['exact_after_paste']) for r in rows)} of {len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
