"""Large JSON-lines batches for `spinemets assess --format jsonl`, on every core.

Each worker parses, assesses and serialises a chunk of lines. When the output is a real
file descriptor, workers write their chunks to it themselves, taking turns in chunk order
(a shared counter), so the 8 KB per assessment never crosses back through the parent;
otherwise the chunks come back to the caller in order. Either way the output is line for
line what the single-process path prints.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from typing import Any

PARALLEL_MIN_CASES = 2000
CHUNK = 250

# (output line, error message for stderr or None)
Outcome = tuple[str, str | None]
# (output lines of a chunk, each ending in a newline; the chunk's error messages)
ChunkResult = tuple[str, list[str]]


def assess_line(source: str, line: str) -> Outcome:
    """One JSON-lines case to its output line (assessment or error object); never raises."""
    from assistant.render.report import render_error_json
    from knowledge import CaseError, assess
    from knowledge.loading import parse_jsonl_line

    try:
        result = parse_jsonl_line(line, source)
        if isinstance(result, CaseError):
            return (render_error_json(result.case_id, "; ".join(result.problems),
                                      result.source), result.message)
        return assess(result).model_dump_json(), None
    except Exception as err:  # one case must not stop a batch
        message = f"internal error while assessing this case: {type(err).__name__}: {err}"
        return render_error_json(None, message, source), f"{source}: {message}"


def _assess_chunk(chunk: list[tuple[str, str]]) -> ChunkResult:
    """A chunk's output lines joined (one string crosses the process boundary) and its errors."""
    outcomes = [assess_line(source, line) for source, line in chunk]
    return "".join(out + "\n" for out, _ in outcomes), [e for _, e in outcomes if e]


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def _parallel(lines: list[tuple[str, str]]) -> bool:
    return (len(lines) >= PARALLEL_MIN_CASES and workers() > 1
            and "fork" in multiprocessing.get_all_start_methods())


def _chunks(lines: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    return [lines[i:i + CHUNK] for i in range(0, len(lines), CHUNK)]


def assess_lines(lines: list[tuple[str, str]]) -> Iterator[ChunkResult]:
    """Chunk results for (source, line) pairs, in order; in worker processes for large batches."""
    chunks = _chunks(lines)
    if not _parallel(lines):
        yield from map(_assess_chunk, chunks)
        return
    # fork: workers inherit the imported knowledge base instead of importing it again.
    with multiprocessing.get_context("fork").Pool(workers()) as pool:
        yield from pool.imap(_assess_chunk, chunks)


# ------------------------------------------------------------------ writing from workers

_turn: Any = None  # (Condition, Value) shared with forked workers
_out_fd = -1


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _assess_chunk_to_fd(task: tuple[int, list[tuple[str, str]]]) -> list[str]:
    """Assess a chunk, wait for its turn, write it to the shared descriptor; return errors."""
    index, chunk = task
    try:
        text, errors = _assess_chunk(chunk)
    finally:
        condition, counter = _turn
        with condition:
            condition.wait_for(lambda: counter.value == index)
            try:
                _write_all(_out_fd, text.encode("utf-8"))
            finally:
                counter.value += 1
                condition.notify_all()
    return errors


def assess_lines_to_fd(lines: list[tuple[str, str]], fd: int) -> Iterator[list[str]]:
    """Write every output line to `fd` in input order; yield each chunk's error messages."""
    global _turn, _out_fd
    chunks = _chunks(lines)
    if not _parallel(lines):
        for chunk in chunks:
            text, errors = _assess_chunk(chunk)
            _write_all(fd, text.encode("utf-8"))
            yield errors
        return
    context = multiprocessing.get_context("fork")
    _turn, _out_fd = (context.Condition(), context.Value("i", 0, lock=False)), fd
    try:
        with context.Pool(workers()) as pool:
            yield from pool.imap(_assess_chunk_to_fd, enumerate(chunks))
    finally:
        _turn, _out_fd = None, -1
