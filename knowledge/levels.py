"""Spinal levels (C1..S5) and their SINS location regions [fisher-2010]."""

from __future__ import annotations

from enum import StrEnum

_COUNTS = (("C", 7), ("T", 12), ("L", 5), ("S", 5))

ALL_LEVELS: tuple[str, ...] = tuple(f"{p}{n}" for p, c in _COUNTS for n in range(1, c + 1))
"""The 29 level identifiers, in cranio-caudal order."""

LEVELS_DESCRIPTION = "C1..C7, T1..T12, L1..L5 or S1..S5"


class SinsRegion(StrEnum):
    JUNCTIONAL = "junctional"
    MOBILE = "mobile"
    SEMI_RIGID = "semi_rigid"
    RIGID = "rigid"


# Region boundaries from REFERENCE.md §1, as inclusive level ranges.
_REGION_RANGES: tuple[tuple[str, str, SinsRegion], ...] = (
    ("C1", "C2", SinsRegion.JUNCTIONAL),  # occiput–C2
    ("C3", "C6", SinsRegion.MOBILE),
    ("C7", "T2", SinsRegion.JUNCTIONAL),
    ("T3", "T10", SinsRegion.SEMI_RIGID),
    ("T11", "L1", SinsRegion.JUNCTIONAL),
    ("L2", "L4", SinsRegion.MOBILE),
    ("L5", "S1", SinsRegion.JUNCTIONAL),
    ("S2", "S5", SinsRegion.RIGID),
)


def _build_region_table() -> dict[str, SinsRegion]:
    table: dict[str, SinsRegion] = {}
    for first, last, region in _REGION_RANGES:
        start, stop = ALL_LEVELS.index(first), ALL_LEVELS.index(last)
        for level in ALL_LEVELS[start : stop + 1]:
            table[level] = region
    assert set(table) == set(ALL_LEVELS), "every level has exactly one SINS region"
    return table


REGION_OF_LEVEL: dict[str, SinsRegion] = _build_region_table()


def sins_region(level: str) -> SinsRegion:
    """The SINS location region of a level identifier such as 'T11'."""
    return REGION_OF_LEVEL[str(level)]
