"""The local MSCC pathway: who to call, read from a small TOML file.

Where the file is: `--pathway FILE`, else `$SPINEMETS_PATHWAY`, else `pathway.toml` in the
user config folder. Without a file the faces say how to write one (`spinemets pathway
--init`); a bad file is a message naming the key, and the program goes on without it.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_path

ENV = "SPINEMETS_PATHWAY"
SECTION = "pathway"
MAX_TEXT = 200
# (key, what a person reads), in the order the contacts are shown.
CONTACTS = (
    ("mscc_coordinator", "MSCC coordinator"),
    ("out_of_hours", "Out of hours"),
    ("spinal_on_call", "On-call spinal team"),
    ("acute_oncology", "Acute oncology"),
)
KEYS = ("hospital", *(key for key, _ in CONTACTS))
HOW_TO_SET = ("Who to call is not configured: run `spinemets pathway --init` and fill in "
              "the local MSCC pathway contacts.")

TEMPLATE = '''\
# spinemets: the local MSCC pathway (who to call). Every key is optional text.
# Shown in the emergency checklist, the chat's side panel and the SBAR referral.
# Never put patient details here.

[pathway]
# hospital = "Example General Hospital"
# mscc_coordinator = "MSCC coordinator, bleep 1234 (08:00-20:00)"
# out_of_hours = "Switchboard 0: on-call clinical oncology registrar"
# spinal_on_call = "On-call spinal surgery registrar, bleep 5678"
# acute_oncology = "Acute oncology service, ext 4321"
'''


class PathwayError(ValueError):
    """The pathway file cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class LocalPathway:
    hospital: str | None
    contacts: tuple[tuple[str, str], ...]  # (who, how to reach them), configured ones only
    source: Path

    def lines(self) -> list[str]:
        """Who to call, one line each, for any face."""
        head = [f"Local pathway: {self.hospital}"] if self.hospital else []
        return [*head, *(f"{who}: {how}" for who, how in self.contacts)]


def default_path() -> Path:
    """The file used when neither `--pathway` nor $SPINEMETS_PATHWAY is given."""
    return user_config_path("spinemets") / "pathway.toml"


def pathway_path(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    return default_path()


def read_pathway(path: Path) -> LocalPathway | None:
    """The pathway in `path`; None when the file does not exist. Raises PathwayError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise PathwayError(f"{path}: cannot read ({err.strerror or err})") from err
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise PathwayError(f"{path}: not UTF-8 text") from err
    except tomllib.TOMLDecodeError as err:
        raise PathwayError(f"{path}: not valid TOML ({err})") from err
    extra = sorted(set(data) - {SECTION})
    if extra:
        raise PathwayError(f"{path}: {extra[0]}: unknown table or key (expected [{SECTION}])")
    section = data.get(SECTION, {})
    if not isinstance(section, dict):
        raise PathwayError(f"{path}: {SECTION}: expected a table")
    values: dict[str, str] = {}
    for key, value in section.items():
        where = f"{path}: {SECTION}.{key}"
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise PathwayError(f"{where}: unknown key{hint}; expected one of {', '.join(KEYS)}")
        if not isinstance(value, str) or not value.strip():
            raise PathwayError(f"{where}: expected non-empty text")
        if len(value) > MAX_TEXT:
            raise PathwayError(f"{where}: longer than {MAX_TEXT} characters")
        values[key] = " ".join(value.split())
    contacts = tuple((who, values[key]) for key, who in CONTACTS if key in values)
    return LocalPathway(values.get("hospital"), contacts, path)


def load_pathway(explicit: str | None) -> tuple[LocalPathway | None, str | None]:
    """(pathway, problem): the pathway if one is configured and good; a message otherwise
    (a bad file), never an exception, so the chat still runs."""
    try:
        return read_pathway(pathway_path(explicit)), None
    except PathwayError as err:
        return None, f"Pathway file not used: {err}"


def who_to_call(pathway: LocalPathway | None) -> list[str]:
    """The lines every face shows under 'who to call'."""
    if pathway is None or not pathway.contacts:
        return [HOW_TO_SET]
    return pathway.lines()


def write_template(path: Path, force: bool) -> None:
    """Write the commented template; never over an existing file unless `force`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    fd = os.open(path, flags, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(TEMPLATE)
