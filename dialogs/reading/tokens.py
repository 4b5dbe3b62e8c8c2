"""Tokens of a text with their character spans, and the token string that patterns match.

Case and whitespace never matter: tokens are lower-cased, and any run of whitespace (spaces,
tabs, newlines) separates tokens the same way. A hyphen joining two words ("non-small-cell",
"T-spine") is dropped so the words are matched as if spaced; a hyphen between two numbers
("ECOG 1-2") and a free-standing dash are kept. Quotation marks are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\d+(?:\.\d+)?[^\W\d_]*"          # numbers, with a unit or letter glued on: 72m, 1c, 38.5c
    r"|[^\W\d_]+(?:'[^\W\d_]+)?\d*"    # words, with an apostrophe (can't) or a level number (t10)
    r"|[^\s\w]|_"                      # one punctuation character
)
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-",
                       "\u2212": "-", "\u201c": '"', "\u201d": '"', "\u00b4": "'"})
_QUOTES = frozenset({"'", '"', "`"})


@dataclass(frozen=True)
class Token:
    text: str    # lower-cased (possibly typo-corrected) form used for matching
    start: int   # span in the input text
    end: int


def tokenise(text: str) -> list[Token]:
    """The tokens of `text`, lower-cased, with their spans."""
    folded = text.translate(_FOLD)
    raw = [Token(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
    out: list[Token] = []
    for i, tok in enumerate(raw):
        if tok.text in _QUOTES:
            continue
        if tok.text == "-" and 0 < i < len(raw) - 1:
            left, right = raw[i - 1], raw[i + 1]
            glued = left.end == tok.start and right.start == tok.end
            numbers = left.text[-1].isdigit() and right.text[0].isdigit()
            if glued and not numbers:
                continue
        out.append(tok)
    return out


class TokenString:
    """Tokens joined by single spaces (" a b c "), and the way back from its offsets."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.starts: list[int] = []
        pos = 1
        for tok in tokens:
            self.starts.append(pos)
            pos += len(tok.text) + 1
        self.string = " " + " ".join(t.text for t in tokens) + " "

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indexes [first, last) covered by the match string[start:end]."""
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        return first, max(last, first + 1)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character span in the input of tokens [first, last)."""
        return self.tokens[first].start, self.tokens[last - 1].end
