"""What reading a text gives: findings (filled fields) and what was recognised but left unknown.

Contract: ../shared/contract/READING.md (`spinemets-reading/1`). Values are exactly the
case-file values (`spinemets-case/1`): booleans, ints, floats, enum strings, ESCC labels as
strings, a list of pain regions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

READING_FORMAT = "spinemets-reading/1"
CASE_FORMAT = "spinemets-case/1"

Value = bool | int | float | str | tuple[str, ...]


class Assertion(StrEnum):
    """How a text states a fact (ConText properties, plus conflict and the range check)."""

    AFFIRMED = "affirmed"
    NEGATED = "negated"
    POSSIBLE = "possible"
    HYPOTHETICAL = "hypothetical"
    OTHER_PERSON = "other_person"
    HISTORICAL = "historical"
    CONFLICT = "conflict"
    OUT_OF_RANGE = "out_of_range"
    NO_FIELD = "no_field"


@dataclass(frozen=True)
class Finding:
    """A field filled from the text: `span` is [start, end) of the input, `text` that slice."""

    field: str
    value: Value
    assertion: Assertion
    span: tuple[int, int]
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "value": _plain(self.value),
                "assertion": str(self.assertion), "span": list(self.span), "text": self.text}


@dataclass(frozen=True)
class NotFilled:
    """A fact recognised and deliberately left unknown; `assertion` says why.

    `field` is empty for a fact the case format has no field for (`no_field`); `value` is
    what the words would have given (None when they give nothing definite).
    """

    field: str
    assertion: Assertion
    span: tuple[int, int]
    text: str
    value: Value | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "assertion": str(self.assertion),
                               "span": list(self.span), "text": self.text}
        if self.value is not None:
            out["value"] = _plain(self.value)
        return out


@dataclass(frozen=True)
class Reading:
    """The reading of one text: one finding per filled field, in field order."""

    text: str
    findings: tuple[Finding, ...] = ()
    not_filled: tuple[NotFilled, ...] = ()
    id: str | None = None
    _index: dict[str, Finding] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({f.field: f for f in self.findings})

    def value(self, path: str) -> Value | None:
        """The value read for a dotted field path, or None (unknown)."""
        found = self._index.get(path)
        return None if found is None else found.value

    def fields(self) -> dict[str, Value]:
        """Dotted path -> value for every filled field."""
        return {f.field: f.value for f in self.findings}

    def case_dict(self) -> dict[str, Any]:
        """The partial `spinemets-case/1` mapping: only the fields read (plus format, id)."""
        case: dict[str, Any] = {"format": CASE_FORMAT}
        if self.id is not None:
            case["id"] = self.id
        for finding in self.findings:
            section, name = finding.field.split(".", 1)
            case.setdefault(section, {})[name] = _plain(finding.value)
        return case

    def to_dict(self) -> dict[str, Any]:
        """The `spinemets-reading/1` object."""
        out: dict[str, Any] = {"format": READING_FORMAT}
        if self.id is not None:
            out["id"] = self.id
        out["case"] = self.case_dict()
        out["findings"] = [f.to_dict() for f in self.findings]
        out["not_filled"] = [n.to_dict() for n in self.not_filled]
        return out


def _plain(value: Value) -> Any:
    return list(value) if isinstance(value, tuple) else value
