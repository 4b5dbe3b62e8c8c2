"""Files the faces write (exported referrals and results): owner-only, never overwritten."""

from __future__ import annotations

import errno
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.pathway import LocalPathway
    from knowledge import Assessment, Case

MAX_SAME_NAME = 1000  # exports with the same name (one second) before giving up


def write_new_file(directory: Path, stem: str, suffix: str, text: str) -> Path:
    """Write `text` to a new file `stem + suffix` in `directory` (made if missing), owner
    read/write only (0600: a referral is clinical information). An existing file is never
    overwritten: the name is taken with O_EXCL, and if it exists `stem-2`, `stem-3`, ... are
    tried (two exports in the same second)."""
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(1, MAX_SAME_NAME + 1):
        path = directory / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                os.fchmod(file.fileno(), 0o600)  # whatever the umask
                file.write(text)
        except BaseException:
            path.unlink(missing_ok=True)  # no half-written referral
            raise
        return path
    raise FileExistsError(errno.EEXIST, f"{MAX_SAME_NAME} files named {stem}* exist already",
                          str(directory))


def export_referral(case: Case, assessment: Assessment, directory: Path,
                    pathway: LocalPathway | None) -> tuple[Path, str]:
    """Write the SBAR referral (Markdown) of a case to a new file in `directory`:
    (its path, its text). OSError when it cannot be written."""
    from assistant.pathway import who_to_call
    from assistant.render.referral import render_sbar

    now = datetime.now()
    text = render_sbar(case, assessment, now, markdown=True, who_to_call=who_to_call(pathway))
    stem = f"spinemets-{now.strftime('%Y%m%d-%H%M%S')}"
    return write_new_file(directory, stem, ".md", text), text
