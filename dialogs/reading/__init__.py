"""Reading a referral (issue 13): text -> case findings, each with its words and how the
text states it. Contract: ../shared/contract/READING.md (`spinemets-reading/1`).

    from dialogs.reading import read
    reading = read("Ca breast. No bladder problems, legs feel weak.")
    reading.case_dict()   # the partial spinemets-case/1 mapping
    reading.findings      # Finding(field, value, assertion, span, text)
    reading.not_filled    # NotFilled(field, assertion, span, text, value)

Model-free: a YAML lexicon (concepts.yaml, triggers.yaml, qualifiers.yaml, numbers.yaml)
and NegEx/ConText-style rules. Importing this package is cheap: the lexicon is loaded and
rapidfuzz imported on the first `read`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dialogs.reading.model import (
    CASE_FORMAT,
    READING_FORMAT,
    Assertion,
    Finding,
    NotFilled,
    Reading,
)

if TYPE_CHECKING:
    from dialogs.reading.reader import read as read

__all__ = ["CASE_FORMAT", "READING_FORMAT", "Assertion", "Finding", "NotFilled", "Reading",
           "read"]


def __getattr__(name: str) -> Any:
    if name == "read":
        from dialogs.reading.reader import read

        return read
    raise AttributeError(name)
