"""`spinemets pathway`: show where the local MSCC pathway is read from, or write its template."""

from __future__ import annotations

from typing import TextIO

from assistant.pathway import PathwayError, pathway_path, read_pathway, who_to_call, write_template
from assistant.render.safe_text import safe_text

EXIT_OK, EXIT_USAGE = 0, 2


def run_pathway(explicit: str | None, init: bool, force: bool, stdout: TextIO,
                stderr: TextIO) -> int:
    path = pathway_path(explicit)
    if init:
        try:
            write_template(path, force)
        except FileExistsError:
            stderr.write(safe_text(f"spinemets pathway: {path} exists already (use --force "
                                   "to replace it)") + "\n")
            return EXIT_USAGE
        except OSError as err:
            stderr.write(safe_text(f"spinemets pathway: cannot write {path}: "
                                   f"{err.strerror or err}") + "\n")
            return EXIT_USAGE
        stdout.write(safe_text(f"Wrote {path}: fill in the local contacts.") + "\n")
        return EXIT_OK
    try:
        pathway = read_pathway(path)
    except PathwayError as err:
        stderr.write(safe_text(f"spinemets pathway: {err}") + "\n")
        return EXIT_USAGE
    where = f"{path}" + ("" if pathway is not None else " (no such file)")
    lines = [f"Pathway file: {where}", *who_to_call(pathway)]
    stdout.write("".join(safe_text(line) + "\n" for line in lines))
    return EXIT_OK
