"""`spinemets teach`: list the teaching cases, or work through one (full-screen or plain).

With `--export FILE` the path is checked before the case starts (a session is never lost to
an unwritable path at the end) and the results are written to FILE in either mode."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from dialogs.turn import Turn

EXIT_OK, EXIT_USAGE = 0, 2


def export_problem(path: Path) -> str | None:
    """Why results could not be written to `path`, or None when they can (nothing is
    created: the file is written at the end)."""
    if path.is_dir():
        return f"{path} is a folder"
    folder = path.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    writable = (os.access(path, os.W_OK) if path.exists()
                else os.access(folder, os.W_OK | os.X_OK))
    return None if writable else f"{path} cannot be written (permission denied)"


def write_results(path: Path, markdown: str, stdout: TextIO, stderr: TextIO) -> int:
    """Write the results; if that fails after all, say so and print them instead."""
    try:
        path.write_text(markdown, encoding="utf-8")
    except OSError as err:
        print(f"spinemets teach: could not write the results to {path}: {err.strerror}; "
              "here they are", file=stderr)
        stdout.write(markdown)
        return EXIT_USAGE
    stdout.write(f"Results written to {path}\n")
    return EXIT_OK


def run_teach(case_id: str | None, list_only: bool, export: str | None, stdin: TextIO,
              stdout: TextIO, stderr: TextIO, plain: bool = True) -> int:
    from dialogs.teaching import BANNER, TeachingSession, all_cases

    cases = {c.id: c for c in all_cases()}
    if list_only or case_id is None:
        # Titles only: the learning points hold the answers, and come at the end of a case.
        stdout.write(BANNER + "\n")
        for c in cases.values():
            stdout.write(f"{c.id}  {c.title}\n")
        return EXIT_OK
    if case_id not in cases:
        print(f"spinemets teach: no teaching case {case_id!r}; try spinemets teach --list",
              file=stderr)
        return EXIT_USAGE
    export_path = Path(export) if export else None
    if export_path is not None:
        problem = export_problem(export_path)
        if problem is not None:
            print(f"spinemets teach: cannot write the results to {export_path}: {problem}",
                  file=stderr)
            return EXIT_USAGE
    session = TeachingSession(cases[case_id])
    if not plain:
        from assistant.tui.teach_app import TeachApp

        TeachApp(session, Path.cwd(), export_path).run()
        if export_path is not None:  # also after a quit before the end: keep what was done
            return write_results(export_path, session.results_markdown(), stdout, stderr)
        return EXIT_OK

    def show(turn: Turn) -> None:
        stdout.write("\n".join(turn.texts) + "\n> ")
        stdout.flush()

    show(session.start())
    for line in stdin:
        if line.strip().lower() in ("quit", "exit"):
            break
        show(session.handle(line))
        if session.finished:
            break
    stdout.write("\n")
    if export_path is not None:
        return write_results(export_path, session.results_markdown(), stdout, stderr)
    return EXIT_OK
