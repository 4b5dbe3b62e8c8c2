"""Running `assess` and `replay` over case files: one loop for batches, errors and formats."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TextIO

from knowledge import Assessment, Case

EXIT_OK, EXIT_USAGE = 0, 2

# Turns a case into its assessment and any text to print before the report (a transcript).
Evaluate = Callable[[Case], tuple[Assessment, str]]


def _all_jsonl(files: Sequence[str], stdin_text: str) -> bool:
    from knowledge.loading import _looks_like_jsonl, kind_of

    return all(_looks_like_jsonl(stdin_text) if name == "-" else kind_of(name) == "jsonl"
               for name in files)


def run_jsonl_batch(files: Sequence[str], stdin_text: str, stdout: TextIO,
                    stderr: TextIO) -> int | None:
    """JSON lines in, JSON lines out, on every core for large batches.

    Returns None (nothing printed) when a file cannot be read, so the general path reports it.
    """
    from pathlib import Path

    from assistant.cli.batch import assess_lines, assess_lines_to_fd
    from knowledge.loading import jsonl_lines, read_text

    lines: list[tuple[str, str]] = []
    for name in files:
        if name == "-":
            lines += jsonl_lines(stdin_text, "<stdin>")
            continue
        try:
            lines += jsonl_lines(read_text(Path(name)), name)
        except OSError:
            return None
    fd = _file_descriptor(stdout)
    if fd is None:
        results = ((errors, output) for output, errors in assess_lines(lines))
    else:
        stdout.flush()
        results = ((errors, "") for errors in assess_lines_to_fd(lines, fd))
    failed = 0
    for errors, output in results:
        stdout.write(output)
        for error in errors:
            failed += 1
            print(f"spinemets assess: {error}", file=stderr)
    return EXIT_USAGE if failed else EXIT_OK


def _file_descriptor(stream: TextIO) -> int | None:
    """The stream's OS file descriptor, or None for in-memory streams (tests)."""
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _read(files: Sequence[str], stdin_text: str) -> Iterator[object]:
    """Every case (or CaseError) of every file, in order."""
    from knowledge.loading import load_cases, read_cases

    for name in files:
        if name == "-":
            yield from read_cases(stdin_text, name="<stdin>")
        else:
            yield from load_cases(name)


def run_cases(command: str, evaluate: Evaluate, files: Sequence[str], fmt: str,
              stdout: TextIO, stderr: TextIO, stdin_text: str) -> int:
    """Evaluate every case; print text, one JSON object/array, or JSON lines; exit 2 on any
    bad case (reported with its field path, and in place in a batch)."""
    from datetime import datetime

    from assistant.render.referral import render_sbar
    from assistant.render.report import render_error_json, render_json, render_text
    from knowledge import CaseError

    results = list(_read(files, stdin_text))
    now = datetime.now()
    batch = len(results) > 1
    failed = 0
    rendered: list[str] = []

    def error(case_id: str | None, message: str, source: str | None, shown: str) -> None:
        print(f"spinemets {command}: {shown}", file=stderr)
        if fmt == "jsonl" or (fmt == "json" and batch):
            rendered.append(render_error_json(case_id, message, source))

    for result in results:
        if isinstance(result, CaseError):
            failed += 1
            error(result.case_id, "; ".join(result.problems), result.source, result.message)
            continue
        assert isinstance(result, Case)
        try:
            assessment, preface = evaluate(result)
        except Exception as err:  # one case must not stop a batch
            failed += 1
            message = f"internal error while assessing this case: {type(err).__name__}: {err}"
            error(result.id, message, None, message)
            continue
        if fmt == "text":
            rendered.append(preface + render_text(assessment))
        elif fmt in ("markdown", "sbar"):
            rendered.append(render_sbar(result, assessment, now, markdown=fmt == "markdown"))
        else:
            rendered.append(render_json(assessment, indent=2 if fmt == "json" and not batch
                                        else None))
    if fmt == "json" and batch:
        stdout.write("[\n" + ",\n".join(rendered) + "\n]\n")
    elif fmt in ("text", "markdown", "sbar"):
        stdout.write("\n".join(rendered))
    elif rendered:
        stdout.write("\n".join(rendered) + "\n")
    return EXIT_USAGE if failed else EXIT_OK


def assess_case(case: Case) -> tuple[Assessment, str]:
    from knowledge import assess

    return assess(case), ""


def replay_case(case: Case) -> tuple[Assessment, str]:
    """The conversation answered from the case: its assessment and the transcript."""
    from dialogs.replay import replay

    outcome = replay(case)
    if outcome.assessment is None:  # pragma: no cover - a valid case has cancer status
        raise RuntimeError("the replay ended without an assessment")
    turns = [f"Q: {turn.prompt.splitlines()[0]}\nA: {turn.answer}"
             + "".join(f"\n   [{r.kind}] {r.text.splitlines()[0]}"
                       for r in turn.replies if r.kind == "escalation")
             for turn in outcome.transcript]
    return outcome.assessment, "\n".join(turns) + "\n\n"


def read_stdin(stdin: TextIO) -> str:
    """Standard input as text, read as bytes when it has them, so that invalid UTF-8 is
    reported where it is (by line; in JSON lines only that line is lost), never raised."""
    from knowledge.loading import decode

    buffer = getattr(stdin, "buffer", None)
    if buffer is not None:
        return decode(buffer.read())
    return stdin.read()


def run_assess(files: Sequence[str], fmt: str, stdout: TextIO, stderr: TextIO,
               stdin: TextIO) -> int:
    stdin_text = read_stdin(stdin) if "-" in files else ""
    if fmt == "jsonl" and _all_jsonl(files, stdin_text):
        code = run_jsonl_batch(files, stdin_text, stdout, stderr)
        if code is not None:
            return code
    return run_cases("assess", assess_case, files, fmt, stdout, stderr, stdin_text)


def run_replay(files: Sequence[str], fmt: str, stdout: TextIO, stderr: TextIO,
               stdin: TextIO) -> int:
    stdin_text = read_stdin(stdin) if "-" in files else ""
    if fmt == "fhir":
        return run_replay_fhir(files, stdout, stderr, stdin_text)
    return run_cases("replay", replay_case, files, fmt, stdout, stderr, stdin_text)


def run_replay_fhir(files: Sequence[str], stdout: TextIO, stderr: TextIO,
                    stdin_text: str) -> int:
    """One FHIR Bundle (Questionnaire + QuestionnaireResponse) per case, one per line."""
    from assistant.render.fhir import bundle_json
    from dialogs.replay import replay
    from knowledge import CaseError

    failed = 0
    for result in _read(files, stdin_text):
        if isinstance(result, CaseError):
            failed += 1
            print(f"spinemets replay: {result.message}", file=stderr)
            continue
        assert isinstance(result, Case)
        stdout.write(bundle_json(replay(result).conversation) + "\n")
    return EXIT_USAGE if failed else EXIT_OK
