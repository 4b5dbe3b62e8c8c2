"""The `spinemets` command line.

Kept light: `spinemets assess` imports only the knowledge core (never Textual), so a
one-case run starts about as fast as importing pydantic.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

EXIT_OK, EXIT_USAGE = 0, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spinemets",
        description="Decision support for new back pain in a patient with known or suspected "
                    "cancer: MSCC red flags, imaging, biopsy, SINS/ESCC/Tokuhashi/Tomita/Bauer, "
                    "NOMS. Not a substitute for senior review or local protocol.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    assess = commands.add_parser(
        "assess", help="assess case files (spinemets-case/1) without a conversation",
        description="Assess one or more case files. FILE may be YAML, JSON or JSON lines; "
                    "'-' reads standard input. A bad case is reported with its field path "
                    "(exit status 2); in a batch the other cases are still assessed.")
    assess.add_argument("files", nargs="+", metavar="FILE")
    assess.add_argument("--format", choices=("text", "json", "jsonl"), default="text",
                        help="text for a person (default), json or jsonl for machines")
    replay = commands.add_parser(
        "replay", help="walk the guided conversation, answering from case files",
        description="Replay the guided conversation for each case, answering every question "
                    "from the case file ('unknown' where it has nothing). text prints the "
                    "transcript and the assessment; json/jsonl print only the assessments, "
                    "exactly as spinemets assess does.")
    replay.add_argument("files", nargs="+", metavar="FILE")
    replay.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
    chat = commands.add_parser(
        "chat", help="the guided conversation",
        description="The guided conversation. --plain uses plain standard input and output "
                    "(screen readers, pipes, simple terminals) and ends at end of input.")
    chat.add_argument("--plain", action="store_true",
                      help="plain text in and out (the full-screen chat is not built yet)")
    return parser


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

    from assistant.batch import assess_lines, assess_lines_to_fd
    from knowledge.loading import jsonl_lines

    lines: list[tuple[str, str]] = []
    for name in files:
        if name == "-":
            lines += jsonl_lines(stdin_text, "<stdin>")
            continue
        try:
            lines += jsonl_lines(Path(name).read_text(encoding="utf-8"), name)
        except (OSError, UnicodeDecodeError):
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


def run_assess(files: Sequence[str], fmt: str, stdout: TextIO, stderr: TextIO,
               stdin: TextIO) -> int:
    from assistant.report import render_error_json, render_json, render_text
    from knowledge import CaseError, assess

    stdin_text = stdin.read() if "-" in files else ""
    if fmt == "jsonl" and _all_jsonl(files, stdin_text):
        code = run_jsonl_batch(files, stdin_text, stdout, stderr)
        if code is not None:
            return code
    results = list(_read(files, stdin_text))
    batch = len(results) > 1
    failed = 0
    rendered: list[str] = []
    for result in results:
        if isinstance(result, CaseError):
            failed += 1
            print(f"spinemets assess: {result.message}", file=stderr)
            if fmt == "jsonl" or (fmt == "json" and batch):
                rendered.append(render_error_json(result.case_id, "; ".join(result.problems),
                                                  result.source))
            continue
        try:
            assessment = assess(result)  # type: ignore[arg-type]
        except Exception as err:  # one case must not stop a batch
            failed += 1
            message = f"internal error while assessing this case: {type(err).__name__}: {err}"
            print(f"spinemets assess: {message}", file=stderr)
            if fmt == "jsonl" or (fmt == "json" and batch):
                rendered.append(render_error_json(getattr(result, "id", None), message))
            continue
        if fmt == "text":
            rendered.append(render_text(assessment))
        elif fmt == "json" and not batch:
            rendered.append(render_json(assessment, indent=2))
        else:
            rendered.append(render_json(assessment))
    if fmt == "json" and batch:
        stdout.write("[\n" + ",\n".join(rendered) + "\n]\n")
    elif fmt == "text":
        stdout.write("\n".join(rendered))
    elif rendered:
        stdout.write("\n".join(rendered) + "\n")
    return EXIT_USAGE if failed else EXIT_OK


def run_replay(files: Sequence[str], fmt: str, stdout: TextIO, stderr: TextIO,
               stdin: TextIO) -> int:
    from assistant.report import render_error_json, render_json, render_text
    from dialogs.replay import replay
    from knowledge import CaseError

    stdin_text = stdin.read() if "-" in files else ""
    results = list(_read(files, stdin_text))
    batch = len(results) > 1
    failed = 0
    rendered: list[str] = []
    for result in results:
        if isinstance(result, CaseError):
            failed += 1
            print(f"spinemets replay: {result.message}", file=stderr)
            if fmt == "jsonl" or (fmt == "json" and batch):
                rendered.append(render_error_json(result.case_id, "; ".join(result.problems),
                                                  result.source))
            continue
        outcome = replay(result)  # type: ignore[arg-type]
        assessment = outcome.assessment
        if assessment is None:  # pragma: no cover - a case always has cancer status
            continue
        if fmt == "text":
            turns = [f"Q: {turn.prompt.splitlines()[0]}\nA: {turn.answer}"
                     + "".join(f"\n   [{r.kind}] {r.text.splitlines()[0]}"
                               for r in turn.replies if r.kind == "escalation")
                     for turn in outcome.transcript]
            rendered.append("\n".join(turns) + "\n\n" + render_text(assessment))
        else:
            rendered.append(render_json(assessment, indent=2 if fmt == "json" and not batch
                                        else None))
    if fmt == "json" and batch:
        stdout.write("[\n" + ",\n".join(rendered) + "\n]\n")
    elif rendered:
        stdout.write("\n".join(rendered) + ("\n" if fmt != "text" else ""))
    return EXIT_USAGE if failed else EXIT_OK


def run_plain_chat(stdin: TextIO, stdout: TextIO) -> int:
    """The conversation over plain lines of text; ends cleanly at end of input or 'quit'."""
    from assistant.report import render_text
    from dialogs.manager import Conversation

    conversation = Conversation()
    stdout.write("spinemets - decision support, not a substitute for senior review. "
                 "Type help for commands, quit to leave.\n")

    def show(replies: list) -> None:  # type: ignore[type-arg]
        for reply in replies:
            if reply.kind == "result" and reply.assessment is not None:
                stdout.write(render_text(reply.assessment) + "\n")
            stdout.write(reply.text + "\n")
        stdout.write("> ")
        stdout.flush()

    show(conversation.start())
    for line in stdin:
        if line.strip().lower() in ("quit", "exit", "/quit"):
            break
        show(conversation.handle(line))
    stdout.write("\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        if args.command == "assess":
            return run_assess(args.files, args.format, sys.stdout, sys.stderr, sys.stdin)
        if args.command == "replay":
            return run_replay(args.files, args.format, sys.stdout, sys.stderr, sys.stdin)
        if args.command == "chat":
            if not args.plain:
                print("spinemets chat: the full-screen chat is not built yet; use "
                      "spinemets chat --plain", file=sys.stderr)
                return EXIT_USAGE
            return run_plain_chat(sys.stdin, sys.stdout)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    parser.error(f"unknown command {args.command!r}")
    return EXIT_USAGE  # pragma: no cover - parser.error exits


if __name__ == "__main__":
    sys.exit(main())
