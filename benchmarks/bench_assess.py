"""Benchmark `spinemets assess`: batch throughput and one-case start-up.

    python benchmarks/bench_assess.py [--cases 10000] [--repeat 5]

Generates valid random cases (fixed seed), writes them as JSON lines, then times, as real
subprocesses, the median of --repeat runs of:
  - `spinemets assess --format jsonl` over the whole batch,
  - the same command over one case (the start-up cost a user pays),
  - `python -c "import pydantic, yaml"` (the floor any pydantic/YAML program pays).
Reports cases per second after start-up = cases / (batch time - one-case time), and the
one-case time as a multiple of the import floor. Targets: >= 2,000 cases/s with exact
`unknowns` (issue 9; 5,000 before unknowns became exact); <= 1.5x.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.case import LESION_FIELDS, PAIN_FEATURE_FIELDS  # noqa: E402
from knowledge.levels import ALL_LEVELS  # noqa: E402
from knowledge.vocab import (  # noqa: E402
    Alignment,
    Collapse,
    EsccGrade,
    Frankel,
    LesionType,
    Modality,
    PainRegion,
    Posterolateral,
    PrimarySite,
    Visceral,
)

NEUROLOGY = ("limb_weakness", "difficulty_walking", "sensory_change", "bladder_bowel_dysfunction",
             "saddle_anaesthesia", "cord_compression_signs", "rapidly_progressing", "ambulatory")


def generate(rng: random.Random, index: int) -> dict[str, Any]:
    """One valid case; about a third of the fields are left unknown."""

    def tri() -> bool | None:
        return rng.choice([True, False, None])

    def some(values: list[Any]) -> Any:
        return rng.choice([*values, None])

    status = rng.choice(["known", "known", "known", "suspected", "none"])
    cancer: dict[str, Any] = {"status": status}
    if status != "none":
        cancer |= {"primary": some([p.value for p in PrimarySite]),
                   "histology_confirmed": tri(), "established_metastases": tri()}
    present = rng.choice([True, True, None, False])
    pain: dict[str, Any] = {"present": present, "regions": [rng.choice(list(PainRegion)).value],
                            "mechanical_assessed_seated": tri(), "radicular": tri()}
    for name in PAIN_FEATURE_FIELDS:
        pain[name] = rng.choice([False, None]) if present is False else tri()
    neurology: dict[str, Any] = {name: rng.choice([False, False, False, True, None])
                                 for name in NEUROLOGY}
    neurology["frankel"] = some([f.value for f in Frankel])
    case: dict[str, Any] = {
        "format": "spinemets-case/1", "id": f"bench-{index}", "cancer": cancer, "pain": pain,
        "neurology": neurology,
        "general": {"karnofsky": some(list(range(10, 101, 10))), "ecog": some([0, 1, 2, 3, 4]),
                    "fit_for_surgery": tri(), "expected_survival_months": some([1, 3, 12, 24]),
                    "fever": tri(), "mri_contraindicated": tri()},
        "disease": {"extraspinal_bone_metastases": some([0, 1, 2, 4]),
                    "vertebral_metastases": some([1, 2, 3]),
                    "visceral_metastases": some([v.value for v in Visceral])},
    }
    if rng.random() < 0.6:
        lesion_values = {"level": ALL_LEVELS, "escc": [g.value for g in EsccGrade],
                         "lesion": [v.value for v in LesionType],
                         "collapse": [v.value for v in Collapse],
                         "alignment": [v.value for v in Alignment],
                         "posterolateral": [v.value for v in Posterolateral]}
        imaging = {"modality": rng.choice([m.value for m in Modality])}
        imaging |= {name: some(lesion_values[name]) for name in LESION_FIELDS}
        case["imaging"] = imaging
    return _strip(case)


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if v is not None}
    return value


def timed(argv: list[str], repeat: int) -> tuple[float, float]:
    """(median, best) wall time of `repeat` runs (output discarded; a failure aborts)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    # The console script beside this interpreter (not a version-manager shim, whose own
    # start-up would be counted), else `python -m assistant`.
    script = Path(sys.executable).with_name("spinemets")
    exe = str(script) if script.exists() else shutil.which("spinemets")
    command = [exe] if exe else [sys.executable, "-m", "assistant"]
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch.jsonl"
        one = Path(tmp) / "one.jsonl"
        lines = [json.dumps(generate(rng, i)) for i in range(args.cases)]
        batch.write_text("\n".join(lines) + "\n")
        one.write_text(lines[0] + "\n")
        check = subprocess.run([*command, "assess", "--format", "jsonl", str(batch)],
                               capture_output=True, text=True, check=False)
        produced = len(check.stdout.splitlines())
        errors = sum('"error"' in line[:200] for line in check.stdout.splitlines())
        floor = timed([sys.executable, "-c", "import pydantic, yaml"], args.repeat)
        single = timed([*command, "assess", "--format", "jsonl", str(one)], args.repeat)
        whole = timed([*command, "assess", "--format", "jsonl", str(batch)], args.repeat)
    import timeit

    calibration = min(timeit.repeat("sum(range(1000))", number=1000, repeat=7)) * 1000
    print(f"calibration:               sum(range(1000)) = {calibration:.1f} us "
          "(about 8-10 us on a typical laptop)")
    print(f"cases generated:           {args.cases} ({produced} output lines, {errors} errors)")
    print(f"runs each:                 {args.repeat}; figures are median (best)")
    print(f"import pydantic, yaml:     {floor[0] * 1000:.0f} ms ({floor[1] * 1000:.0f} ms)")
    print(f"one-case run:              {single[0] * 1000:.0f} ms ({single[1] * 1000:.0f} ms); "
          f"{single[0] / floor[0]:.2f}x the floor ({single[1] / floor[1]:.2f}x); target <= 1.5x")
    print(f"batch of {args.cases}:          {whole[0]:.2f} s ({whole[1]:.2f} s)")
    rate = args.cases / (whole[0] - single[0])
    best = args.cases / (whole[1] - single[1])
    print(f"throughput after start-up: {rate:,.0f} cases/s ({best:,.0f}); target >= 2,000")
    return 0 if produced == args.cases and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
