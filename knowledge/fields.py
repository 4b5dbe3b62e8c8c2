"""Field types of the case contract: every one keeps unknown (absent, null, 'unknown') as None.

Each type is an `Annotated` pydantic type whose before-validator accepts the contract's
spellings and raises a `PydanticCustomError` whose message says what was expected and what
was given, so the loader can report `path: expected …; got …`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from knowledge.levels import ALL_LEVELS, LEVELS_DESCRIPTION
from knowledge.vocab import EsccGrade

E = TypeVar("E", bound=Enum)

UNKNOWN_WORDS = frozenset({"unknown"})
_TRUE_WORDS = frozenset({"true", "yes"})
_FALSE_WORDS = frozenset({"false", "no"})


SHOWN_LIMIT = 60
"""Characters of a given value that an error message shows (longer values are cut)."""
_SHOWN_DEPTH = 3  # nesting levels of a given list/mapping rendered before "..."


class LongNumber:
    """A whole number written with more digits than any field can need (MAX_DIGITS): kept
    as its digit count, so that no one converts or formats a 4,000-digit integer."""

    __slots__ = ("digits",)

    def __init__(self, text: str) -> None:
        self.digits = sum(c.isdigit() for c in text)

    def __repr__(self) -> str:
        return f"a number of {self.digits} digits"


MAX_DIGITS = 30
"""Digits in a whole number read from a case file; longer ones are read as a LongNumber."""


def shown(value: Any) -> str:
    """A short, unambiguous rendering of a given value for error messages.

    Bounded whatever the value: strings are cut before `repr`, containers are rendered item
    by item only until the limit (a YAML alias bomb or a deeply nested list is never
    expanded), and huge integers are described by their size, never converted.
    """
    parts: list[str] = []
    _render(value, parts, [SHOWN_LIMIT + 1], 0)
    text = "".join(parts)
    return text if len(text) <= SHOWN_LIMIT else text[:SHOWN_LIMIT - 3] + "..."


def _render(value: Any, out: list[str], budget: list[int], depth: int) -> None:
    """Append pieces of `value`'s rendering to `out` until `budget[0]` characters are used."""
    if budget[0] <= 0:
        return
    if isinstance(value, (list, tuple, dict)):
        if depth >= _SHOWN_DEPTH:
            piece = "[...]" if not isinstance(value, dict) else "{...}"
            out.append(piece)
            budget[0] -= len(piece)
            return
        is_map = isinstance(value, dict)
        out.append("{" if is_map else "[")
        budget[0] -= 1
        items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
        for index, (key, item) in enumerate(items):
            if budget[0] <= 0:
                return
            if index:
                out.append(", ")
                budget[0] -= 2
            if is_map:
                _render(key, out, budget, depth + 1)
                out.append(": ")
                budget[0] -= 2
            _render(item, out, budget, depth + 1)
        out.append("}" if is_map else "]")
        budget[0] -= 1
        return
    piece = _scalar(value, budget[0])
    out.append(piece)
    budget[0] -= len(piece)


def _scalar(value: Any, limit: int) -> str:
    if isinstance(value, str):
        return repr(value[:limit])
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > 3 * MAX_DIGITS:
        return f"a number of about {int(value.bit_length() * 0.30103)} digits"
    if isinstance(value, (int, float, LongNumber)):
        return repr(value) if isinstance(value, LongNumber) else str(value)
    return type(value).__name__ if limit < 0 else _other(value, limit)


def _other(value: Any, limit: int) -> str:
    """Dates and other YAML scalars by their text; anything else by its type."""
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:limit]
    if isinstance(value, bytes):
        return f"binary data of {len(value)} bytes"
    return f"a {type(value).__name__}"


def is_unknown(value: Any) -> bool:
    """Absent, null and the word 'unknown' all mean an unknown answer."""
    return value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS)


def _fail(expected: str, value: Any, why: str = "") -> PydanticCustomError:
    got = shown(value) + (f" ({why})" if why else "")
    return PydanticCustomError("spinemets", "expected {expected}; got {got}",
                               {"expected": expected, "got": got})


def parse_tribool(value: Any) -> bool | None:
    """true/false/yes/no (any case) or unknown; anything else is an error."""
    if value is True or value is False or value is None:  # the common case, first
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        if word in UNKNOWN_WORDS:
            return None
    raise _fail("true, false, yes, no or unknown", value)


TriBool = Annotated[bool | None, BeforeValidator(parse_tribool)]


def enum_parser(enum_cls: type[E], *, unknown_member: E | None = None,
                required: bool = False) -> Callable[[Any], E | None]:
    """A parser accepting exactly the enum's identifiers (or unknown, unless `required`)."""
    by_value = {str(m.value): m for m in enum_cls}
    expected = "one of " + ", ".join(by_value)

    def parse(value: Any) -> E | None:
        if isinstance(value, str) and value in by_value:  # the common case, first
            return by_value[value]
        if isinstance(value, enum_cls):
            return value
        if is_unknown(value):
            if required:
                raise _fail(expected, value, "this field is required: unknown is not "
                            "allowed here")
            return unknown_member
        raise _fail(expected, value)

    return parse


def is_number(value: Any) -> bool:
    """An int or a float as read from YAML or JSON (never a boolean, never a string)."""
    return isinstance(value, (int, float, LongNumber)) and not isinstance(value, bool)


def whole_number(value: Any) -> int | None:
    """An integer (or an integral float such as 80.0); never a boolean or a numeric string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def int_parser(low: int, high: int | None, step: int = 1) -> Callable[[Any], int | None]:
    """A parser for a whole number in [low, high] (high None = no upper bound) in steps.

    Numbers in any spelling YAML or JSON reads as a number (7, 7.0, 1e308) are read as
    numbers; a message says why one is refused (not whole, out of range, not a step).
    """
    if high is None:
        expected = f"a whole number >= {low}"
    elif step == 1:
        expected = f"a whole number from {low} to {high}"
    else:
        expected = f"a whole number from {low} to {high} in steps of {step}"

    def parse(value: Any) -> int | None:
        if is_unknown(value):
            return None
        if not is_number(value):
            raise _fail(expected, value)
        if isinstance(value, LongNumber):
            raise _fail(expected, value, "out of range")
        number = whole_number(value)
        if number is None:
            raise _fail(expected, value, "not a whole number")
        if number < low or (high is not None and number > high):
            raise _fail(expected, value, "out of range")
        if (number - low) % step:
            raise _fail(expected, value, f"not a multiple of {step}")
        return number

    return parse


def parse_non_negative(value: Any) -> float | None:
    if is_unknown(value):
        return None
    if not is_number(value):
        raise _fail("a number >= 0", value)
    if isinstance(value, LongNumber):
        raise _fail("a number >= 0", value, "too large")
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        raise _fail("a number >= 0", value, "too large") from None
    if not math.isfinite(number):
        raise _fail("a number >= 0", value, "not a finite number")
    if number < 0:
        raise _fail("a number >= 0", value, "out of range")
    return number


def parse_level(value: Any) -> str | None:
    if is_unknown(value):
        return None
    if isinstance(value, str) and value in ALL_LEVELS:
        return value
    raise _fail(f"a spinal level {LEVELS_DESCRIPTION}", value)


_ESCC_NUMBERS = {0: EsccGrade.G0, 2: EsccGrade.G2, 3: EsccGrade.G3}
_parse_escc_label = enum_parser(EsccGrade)


def parse_escc(value: Any) -> EsccGrade | None:
    """Bilsky grade label; the numbers 0, 2, 3 are accepted for '0', '2', '3' (YAML)."""
    number = whole_number(value)
    if number is not None and not isinstance(value, str):
        if number in _ESCC_NUMBERS:
            return _ESCC_NUMBERS[number]
        raise _fail("one of 0, 1a, 1b, 1c, 2, 3", value)
    return _parse_escc_label(value)


def list_parser(item: Callable[[Any], E | None], expected: str) -> Callable[[Any], list[E] | None]:
    """A list of enum items (a single item is taken as a one-item list); duplicates dropped."""
    expected_item = "one of " + expected

    def parse(value: Any) -> list[E] | None:
        if is_unknown(value):
            return None
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            raise _fail(f"a list of {expected}", value)
        out: list[E] = []
        for index, raw in enumerate(items):
            try:
                parsed = item(raw)
                if parsed is None:
                    raise _fail(expected_item, raw, "unknown is not allowed as a list item: "
                                "leave the whole field unknown instead")
            except PydanticCustomError as err:
                raise PydanticCustomError(
                    "spinemets", "item {index}: {detail}",
                    {"index": index, "detail": err.message()}) from None
            if parsed not in out:
                out.append(parsed)
        return out

    return parse


def optional_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _fail("text", value)
    if isinstance(value, int) and value.bit_length() > 3 * MAX_DIGITS:
        raise _fail("text", value, "too long")
    return str(value)
