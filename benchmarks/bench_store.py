"""Benchmark writing one answer to the session store (its own transaction, fsync included).

    python benchmarks/bench_store.py [--answers 500]

Reports the median and 99th percentile of Store.append on a fresh database in a temporary
folder (WAL mode, synchronous=FULL).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.store.sqlite import Store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        session = store.create_session("bench", "bench")
        times = []
        for _ in range(args.answers):
            start = time.perf_counter()
            store.append(session, "answer", "neurology.limb_weakness", "no",
                         {"neurology.limb_weakness": False})
            times.append(time.perf_counter() - start)
        store.close()
    p99 = statistics.quantiles(times, n=100)[-1]
    print(f"answer write (own transaction, fsync): median {statistics.median(times) * 1000:.2f} "
          f"ms, p99 {p99 * 1000:.2f} ms over {args.answers} answers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
