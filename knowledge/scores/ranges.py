"""Score arithmetic over unknowns: each item is the set of points it can still take.

A score is the sum of independent items, so the reachable totals are exactly the sumset of
the items' point sets (a range is not every integer: {1, 3} + {0} is {1, 3}).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict

K = TypeVar("K")


class Item(NamedTuple):
    """One score item: the points it can take, and the case fields that leave it open."""

    name: str
    options: frozenset[int]
    missing: tuple[str, ...] = ()
    value: int | None = None  # the points when only one value is possible


def item(name: str, options: Iterable[int], *missing_paths: str) -> Item:
    """An item; `missing_paths` are kept only while more than one value is possible."""
    points = frozenset(options)
    if len(points) == 1:
        return Item(name, points, (), next(iter(points)))
    return Item(name, points, missing_paths)


def lookup(name: str, table: Mapping[K, int], value: K | None, path: str) -> Item:
    """An item read from a points table; an unknown value can take any of the table's points."""
    if value is None:
        return item(name, table.values(), path)
    points = table[value]
    return Item(name, frozenset((points,)), (), points)


@dataclass(frozen=True)
class Bands:
    """Contiguous bands covering every possible total: (low, high, name) in order."""

    rows: tuple[tuple[int, int, str], ...]
    by_total: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_total = {t: i for i, (low, high, _) in enumerate(self.rows)
                    for t in range(low, high + 1)}
        object.__setattr__(self, "by_total", by_total)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for _, _, name in self.rows)

    def start(self, name: str) -> int:
        """The lowest total of the band `name` (KeyError for a band the table does not have)."""
        for low, _, band in self.rows:
            if band == name:
                return low
        raise KeyError(name)

    @property
    def lowest(self) -> int:
        return self.rows[0][0]

    @property
    def highest(self) -> int:
        return self.rows[-1][1]


class ScoreResult(BaseModel):
    """A computed score: total only when the unknowns leave one value.

    Results are shared between assessments with the same items (see `combine`): they are
    frozen and their sequences are tuples.
    """

    model_config = ConfigDict(frozen=True)

    total: int | None
    min: int
    max: int
    totals: tuple[int, ...]
    band: str | None
    bands: tuple[str, ...]
    components: dict[str, int | None]
    component_options: dict[str, tuple[int, ...]]
    missing: tuple[str, ...]
    ref: str


def sumset(items: Iterable[Item]) -> set[int]:
    totals = {0}
    for part in items:
        if part.value is not None:
            shift = part.value
            totals = {t + shift for t in totals} if shift else totals
        else:
            totals = {t + p for t in totals for p in part.options}
    return totals


def combine(items: list[Item], bands: Bands, ref: str) -> ScoreResult:
    """Sum the items into a ScoreResult with the exact set of reachable totals.

    Memoised: a score has few distinct item combinations, and the result is immutable.
    """
    return _combine(tuple(items), bands, ref)


@lru_cache(maxsize=65536)
def _combine(items: tuple[Item, ...], bands: Bands, ref: str) -> ScoreResult:
    totals = sorted(sumset(items))
    indices = sorted({bands.by_total[t] for t in totals})  # KeyError: a table is wrong
    names = [bands.rows[i][2] for i in indices]
    missing: list[str] = []
    for part in items:
        for path in part.missing:
            if path not in missing:
                missing.append(path)
    return ScoreResult(
        total=totals[0] if len(totals) == 1 else None,
        min=totals[0],
        max=totals[-1],
        totals=totals,
        band=names[0] if len(names) == 1 else None,
        bands=names,
        components={p.name: p.value for p in items},
        component_options={p.name: tuple(sorted(p.options)) for p in items if p.value is None},
        missing=missing,
        ref=ref,
    )
