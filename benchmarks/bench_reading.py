"""Benchmark the referral reader (issue 13).

    python benchmarks/bench_reading.py [--repeat 50] [--imports 7]

- time to read a 2 KB referral: the median of --repeat reads of a 2 KB text built from the
  public gold texts (../shared/reading), after one warm-up read (the lexicon is loaded and
  rapidfuzz imported on the first read, timed separately);
- import cost: the median over --imports fresh interpreters of the time `import
  dialogs.reading` adds after what the chat has already imported (knowledge, pydantic,
  yaml, transitions), measured inside each interpreter with perf_counter.
Targets: <= 20 ms per 2 KB referral; <= 30 ms added to the chat's start.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "reading"

_IMPORT = """
import time
import knowledge, pydantic, yaml, transitions  # already imported by the chat
import dialogs.session
t = time.perf_counter()
import dialogs.reading
print((time.perf_counter() - t) * 1000)
"""


def referral(size: int = 2048) -> str:
    texts = [yaml.safe_load(p.read_text(encoding="utf-8"))["text"]
             for p in sorted(SHARED.glob("*.yaml"))]
    out = "\n".join(texts)
    return out[:size].rsplit(" ", 1)[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--imports", type=int, default=7)
    args = ap.parse_args()
    text = referral()
    from dialogs.reading import read

    t = time.perf_counter()
    read("warm-up")
    first = (time.perf_counter() - t) * 1000
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        reading = read(text)
        times.append((time.perf_counter() - t) * 1000)
    imports = []
    for _ in range(args.imports):
        out = subprocess.run([sys.executable, "-c", _IMPORT], capture_output=True, text=True,
                             cwd=ROOT, check=True).stdout
        imports.append(float(out.strip()))
    print(f"2 KB referral ({len(text)} chars, {len(reading.findings)} findings): median "
          f"{statistics.median(times):.1f} ms, max {max(times):.1f} ms (target <= 20 ms)")
    print(f"first read (loads the lexicon, imports rapidfuzz): {first:.0f} ms")
    print(f"import dialogs.reading after the chat's imports: median "
          f"{statistics.median(imports):.1f} ms (target <= 30 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
