"""Karnofsky / ECOG and Frankel echo (RULES.md §5.6, REFERENCE.md §7)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from knowledge.case import General
from knowledge.vocab import Frankel

KARNOFSKY_REF = "karnofsky-1948"
ECOG_REF = "oken-1982"
FRANKEL_REF = "frankel-1969"

# The usual (approximate) mapping of ECOG to Karnofsky; no formal mapping exists.
KARNOFSKY_OF_ECOG = {0: (90, 100), 1: (70, 80), 2: (50, 60), 3: (30, 40), 4: (10, 20)}

# The scales in short words (REFERENCE.md §7), as the conversation offers them.
# Karnofsky 0 (dead) is not offered in the chat; a case file may still record it, so a case
# records 0 to 100 (in tens: knowledge.case.General).
KARNOFSKY_RANGE = (0, 100)
KARNOFSKY_SCALE = (
    (100, "normal, no complaints"), (90, "normal activity, minor symptoms"),
    (80, "normal activity with effort"), (70, "cares for self, cannot work"),
    (60, "needs occasional assistance"), (50, "needs considerable assistance, frequent care"),
    (40, "disabled"), (30, "severely disabled, admission indicated"),
    (20, "very sick, active support needed"), (10, "moribund"),
)
ECOG_SCALE = (
    (0, "fully active"), (1, "restricted in strenuous activity, light work"),
    (2, "self-caring, up more than half the day, cannot work"),
    (3, "limited self-care, in bed or chair more than half the day"),
    (4, "completely disabled"),
)
FRANKEL_SCALE = {
    Frankel.A: "complete",
    Frankel.B: "sensory only",
    Frankel.C: "motor useless",
    Frankel.D: "motor useful",
    Frankel.E: "normal",
}


class KarnofskyEcho(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: int | None
    min: int
    max: int
    approximate: bool
    source: str


def karnofsky_echo(general: General) -> KarnofskyEcho | None:
    """Karnofsky as given, or the approximate range from ECOG; None when neither is known."""
    if general.karnofsky is not None:
        k = general.karnofsky
        return KarnofskyEcho(value=k, min=k, max=k, approximate=False, source="karnofsky")
    if general.ecog is not None:
        low, high = KARNOFSKY_OF_ECOG[general.ecog]
        return KarnofskyEcho(value=None, min=low, max=high, approximate=True, source="ecog")
    return None


def karnofsky_bounds(general: General) -> tuple[int, int] | None:
    """(min, max) Karnofsky: as given, or the approximate range from ECOG; None if neither."""
    if general.karnofsky is not None:
        return general.karnofsky, general.karnofsky
    if general.ecog is not None:
        return KARNOFSKY_OF_ECOG[general.ecog]
    return None


def karnofsky_at_most(general: General, limit: int) -> bool | None:
    """Whether Karnofsky is <= limit (from ECOG too); None when it cannot be told."""
    bounds = karnofsky_bounds(general)
    if bounds is None:
        return None
    low, high = bounds
    if high <= limit:
        return True
    if low > limit:
        return False
    return None
