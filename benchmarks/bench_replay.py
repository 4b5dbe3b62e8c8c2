"""Benchmark a full replay of the conversation (after import).

    python benchmarks/bench_replay.py [--repeat 200]

Replays each public vignette (copied in tests/data/vignettes) `--repeat` times and reports
the median and 90th percentile per replay, and the questions asked. Target (issue 11):
median <= 3 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogs.replay import replay  # noqa: E402
from knowledge import parse_case  # noqa: E402


def calibration_us() -> float:
    """This machine's speed right now: best time of sum(range(1000)) in microseconds
    (about 8-10 us on a typical laptop), since shared machines vary from minute to minute."""
    import timeit

    return min(timeit.repeat("sum(range(1000))", number=1000, repeat=7)) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    paths = sorted((ROOT / "tests" / "data" / "vignettes").glob("*.yaml"))
    cases = [parse_case(yaml.safe_load(p.read_text())["case"]) for p in paths]
    replay(cases[0])  # warm caches that any long-running process would have warm
    all_wall: list[float] = []
    all_cpu: list[float] = []
    for path, case in zip(paths, cases, strict=True):
        wall, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = replay(case)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        all_wall += wall
        all_cpu += cpu
        print(f"{path.stem:45s} {len(result.asked):3d} questions  "
              f"median {statistics.median(wall) * 1000:6.2f} ms wall, "
              f"{statistics.median(cpu) * 1000:6.2f} ms cpu")
    deciles = statistics.quantiles(all_wall, n=10)
    print(f"calibration: sum(range(1000)) = {calibration_us():.1f} us")
    print(f"all vignettes: median {statistics.median(all_wall) * 1000:.2f} ms wall "
          f"(p90 {deciles[-1] * 1000:.2f} ms), median {statistics.median(all_cpu) * 1000:.2f} "
          "ms cpu (target: median <= 3 ms, issue 11)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
