"""`spinemets teach`: list the teaching cases, or work through one in plain text."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

EXIT_OK, EXIT_USAGE = 0, 2


def run_teach(case_id: str | None, list_only: bool, export: str | None, stdin: TextIO,
              stdout: TextIO, stderr: TextIO, plain: bool = True) -> int:
    from dialogs.teaching import BANNER, TeachingSession, all_cases

    cases = {c.id: c for c in all_cases()}
    if list_only or case_id is None:
        stdout.write(BANNER + "\n")
        for c in cases.values():
            stdout.write(f"{c.id}  {c.title}\n      learning: {'; '.join(c.learning_points)}\n")
        return EXIT_OK
    if case_id not in cases:
        print(f"spinemets teach: no teaching case {case_id!r}; try spinemets teach --list",
              file=stderr)
        return EXIT_USAGE
    session = TeachingSession(cases[case_id])
    if not plain:
        from assistant.teach_app import TeachApp

        TeachApp(session, Path(export).parent if export else Path.cwd()).run()
        return EXIT_OK

    def show(lines: list[str]) -> None:
        stdout.write("\n".join(lines) + "\n> ")
        stdout.flush()

    show(session.start())
    for line in stdin:
        if line.strip().lower() in ("quit", "exit"):
            break
        show(session.handle(line))
        if session.finished:
            break
    stdout.write("\n")
    if export:
        Path(export).write_text(session.results_markdown(), encoding="utf-8")
        stdout.write(f"Results written to {export}\n")
    return EXIT_OK
