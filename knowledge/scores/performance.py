"""Karnofsky / ECOG and Frankel echo (RULES.md §5.6, REFERENCE.md §7)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from knowledge.case import General

KARNOFSKY_REF = "karnofsky-1948"
ECOG_REF = "oken-1982"
FRANKEL_REF = "frankel-1969"

# The usual (approximate) mapping of ECOG to Karnofsky; no formal mapping exists.
KARNOFSKY_OF_ECOG = {0: (90, 100), 1: (70, 80), 2: (50, 60), 3: (30, 40), 4: (10, 20)}


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
