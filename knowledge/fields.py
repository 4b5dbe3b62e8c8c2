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


def shown(value: Any) -> str:
    """A short, unambiguous rendering of a given value for error messages."""
    text = repr(value) if isinstance(value, str) else _plain(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _plain(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def is_unknown(value: Any) -> bool:
    """Absent, null and the word 'unknown' all mean an unknown answer."""
    return value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS)


def _fail(expected: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError("spinemets", "expected {expected}; got {got}",
                               {"expected": expected, "got": shown(value)})


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


def enum_parser(enum_cls: type[E], *, unknown_member: E | None = None) -> Callable[[Any], E | None]:
    """A parser accepting exactly the enum's identifiers (or unknown)."""
    by_value = {str(m.value): m for m in enum_cls}
    expected = "one of " + ", ".join(by_value)

    def parse(value: Any) -> E | None:
        if isinstance(value, str) and value in by_value:  # the common case, first
            return by_value[value]
        if is_unknown(value):
            return unknown_member
        if isinstance(value, enum_cls):
            return value
        raise _fail(expected, value)

    return parse


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
    """A parser for a whole number in [low, high] (high None = no upper bound) in steps."""
    if high is None:
        expected = f"a whole number >= {low}"
    elif step == 1:
        expected = f"a whole number from {low} to {high}"
    else:
        expected = f"a whole number from {low} to {high} in steps of {step}"

    def parse(value: Any) -> int | None:
        if is_unknown(value):
            return None
        number = whole_number(value)
        if number is None or number < low or (high is not None and number > high):
            raise _fail(expected, value)
        if (number - low) % step:
            raise _fail(expected, value)
        return number

    return parse


def parse_non_negative(value: Any) -> float | None:
    if is_unknown(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail("a number >= 0", value)
    if not math.isfinite(value) or value < 0:
        raise _fail("a number >= 0", value)
    return float(value)


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
            except PydanticCustomError as err:
                raise PydanticCustomError(
                    "spinemets", "item {index}: {detail}",
                    {"index": index, "detail": err.message()}) from None
            if parsed is None:
                raise _fail(f"a list of {expected} (no unknown items)", raw)
            if parsed not in out:
                out.append(parsed)
        return out

    return parse


def optional_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _fail("text", value)
    return str(value)
