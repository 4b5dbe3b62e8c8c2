"""Large JSON-lines batches for `spinemets assess --format jsonl`, on every core.

Each worker parses, assesses and serialises a chunk of lines; results come back in input
order, so the output is line for line what the single-process path prints.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator

PARALLEL_MIN_CASES = 2000
CHUNK = 250

# (output line, error message for stderr or None)
Outcome = tuple[str, str | None]
# (output lines of a chunk, each ending in a newline; the chunk's error messages)
ChunkResult = tuple[str, list[str]]


def assess_line(source: str, line: str) -> Outcome:
    """One JSON-lines case to its output line (assessment or error object)."""
    from assistant.report import render_error_json
    from knowledge import CaseError, assess
    from knowledge.loading import parse_jsonl_line

    result = parse_jsonl_line(line, source)
    if isinstance(result, CaseError):
        return (render_error_json(result.case_id, "; ".join(result.problems), result.source),
                result.message)
    return assess(result).model_dump_json(), None


def _assess_chunk(chunk: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """A chunk's output lines joined (one string crosses the process boundary) and its errors."""
    outcomes = [assess_line(source, line) for source, line in chunk]
    return "".join(out + "\n" for out, _ in outcomes), [e for _, e in outcomes if e]


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def assess_lines(lines: list[tuple[str, str]]) -> Iterator[ChunkResult]:
    """Chunk results for (source, line) pairs, in order; in worker processes for large batches."""
    chunks = [lines[i:i + CHUNK] for i in range(0, len(lines), CHUNK)]
    count = workers()
    if len(lines) < PARALLEL_MIN_CASES or count < 2 or "fork" not in (
            multiprocessing.get_all_start_methods()):
        yield from map(_assess_chunk, chunks)
        return
    # fork: workers inherit the imported knowledge base instead of importing it again.
    with multiprocessing.get_context("fork").Pool(count) as pool:
        yield from pool.imap(_assess_chunk, chunks)
