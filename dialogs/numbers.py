"""Numbers as people type them, for the numeric questions (counts, months, Karnofsky, ECOG).

`read` rewrites an answer into the plain form the question's parser reads: numbers in words
up to one hundred become digits ("about seventy" -> "70"), and approximation words around a
number go ("abt 70", "~70", "70ish", "KPS about 70", "6 months or so"). A range ("70-80",
"70 to 80", "between 70 and 80") is refused: one value is asked for, never picked.

Never fuzzy: a misspelt number word is not a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
APPROXIMATELY = ("about", "abt", "approx", "approximately", "around", "roughly", "circa",
                 "ca", "c.a", "est", "estimated")

_UNIT = "|".join(UNITS)
_TEN = "|".join(TENS)
_WORD_NUMBER = re.compile(
    rf"\b(?:(?P<hundred>(?:(?:a|one)\s+)?hundred)"
    rf"|(?P<ten>{_TEN})(?:(?:\s+|\s*-\s*)(?P<ten_unit>{'|'.join(UNITS[1:10])}))?"
    rf"|(?P<unit>{_UNIT}))\b")
_BEFORE = re.compile(
    rf"(?<![\w.])(?:{'|'.join(re.escape(a) for a in APPROXIMATELY)})\.?\s*(?=\d)|[~≈]\s*(?=\d)")
_ISH = re.compile(r"(\d%?)\s*-?\s*ish\b")
_OR_SO = re.compile(r"(\d.*?)\s+or\s+so$")
_RANGE = re.compile(r"\d\s*%?\s*(?:-|–|—|to|or|and|/|\.\.)\s*(?:[~≈]\s*)?\d|\bbetween\b.*\d")


@dataclass(frozen=True)
class Reading:
    text: str  # the answer with numbers as digits and no approximation words
    changed: bool  # a word number or an approximation was read


@dataclass(frozen=True)
class Range:
    text: str


def _digits(match: re.Match[str]) -> str:
    if match.group("hundred"):
        return "100"
    if match.group("ten"):
        unit = match.group("ten_unit")
        return str(TENS[match.group("ten")] + (UNITS.index(unit) if unit else 0))
    return str(UNITS.index(match.group("unit")))


def read(words: str) -> Reading | Range:
    """`words` (normalised) with word numbers as digits and approximation words removed; a
    Range when it gives two numbers as a range."""
    text = _WORD_NUMBER.sub(_digits, words)
    if _RANGE.search(text):
        return Range(words)
    text = _BEFORE.sub("", text)
    text = _ISH.sub(r"\1", text)
    text = _OR_SO.sub(r"\1", text)
    text = " ".join(text.split())
    return Reading(text, text != words)
