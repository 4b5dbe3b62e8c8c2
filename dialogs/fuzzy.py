"""Typo tolerance for word answers: the closest known phrasing, by rapidfuzz, with a margin.

Only for words (choices, region names, yes/no words): never numbers, levels or grades; the
callers never send them here, and an answer with a digit is never corrected.

A correction ("prostrate" read as prostate) needs all of:

- the best phrasing at least `ACCEPT` similar (rapidfuzz `fuzz.ratio`, 0-100) and at most
  `MAX_EDITS` edits away (Levenshtein);
- every phrasing of another value at least `MARGIN` less similar ("treatble" is as close to
  treatable as to untreatable: asked, not guessed);
- no phrasing of uncertainty ("unknown", "unsure", "maybe", the `blockers`) as close;
- the same negation words in the answer and in the phrasing: a correction never adds nor
  drops a "no", "not", "non" ("not suspected" is never read as suspected, "noo" never as no);
- a phrasing that may be corrected to (`Candidate.correctable`): the callers make "none" and
  the no phrasings suggestion-only, so an absence is never recorded from a typo ("y never"
  is not none).

Otherwise the values whose phrasings come close are named in a "Did you mean ...?" re-prompt
(a `Suggestion`): never one that would drop a negation the answer has, never uncertainty
(a blocker only blocks: "sure" is not offered "unsure").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

ACCEPT = 80.0  # the similarity a correction needs (fuzz.ratio: 2 * matches / total length)
MARGIN = 10.0  # ... and its lead over the closest phrasing of any other value
MAX_EDITS = 2  # a correction is at most this many edits away
SUGGEST = 60.0  # "Did you mean ...?" names phrasings at least this similar
SUGGEST_EDITS = 3  # ... and at most this many edits away
MIN_LENGTH = 4  # shorter answers are never corrected ("nom", "yse"), only asked about
SUGGESTIONS = 3  # at most this many values named in one "Did you mean"

# Words that negate what follows or are themselves a "no". A correction keeps them as typed.
NEGATIONS = frozenset({
    "n", "no", "not", "non", "none", "nope", "nah", "nil", "nothing", "never", "neither",
    "nor", "without", "absent", "negative", "false", "denies", "denied", "cannot",
})


@dataclass(frozen=True)
class Candidate:
    text: str  # one phrasing, in the caller's key form (lower case, single spaces)
    value: object  # what choosing it records
    label: str  # how the value is named: "Read as: <label>", "Did you mean '<label>'?"
    correctable: bool = True  # False: only ever named in a "Did you mean", never recorded


@dataclass(frozen=True)
class Correction:
    candidate: Candidate
    score: float


@dataclass(frozen=True)
class Suggestion:
    labels: tuple[str, ...]  # the values that come close, closest first


_TOKEN_RE = re.compile(r"[a-z0-9']+")


@lru_cache(maxsize=4096)  # pure, and asked of the same candidate phrasings again and again
def negation_cues(text: str) -> frozenset[str]:
    """The negation words in a text ("non small cell" -> {"non"}; "isn't" -> {"isn't"})."""
    tokens = _TOKEN_RE.findall(text.lower().replace("’", "'"))
    return frozenset(t for t in tokens if t in NEGATIONS or t.endswith("n't"))


def usable(text: str) -> bool:
    """A phrasing that can be a fuzzy target: a word of 3 letters or more with a vowel, no
    digits (not an abbreviation such as 'rcc' or 'nsclc', not a number)."""
    return (len(text) >= 3 and re.search(r"[aeiouy]", text) is not None
            and not any(ch.isdigit() for ch in text))


@dataclass(frozen=True)
class _Near:
    candidate: Candidate
    score: float
    blocker: bool


def _nearest_per_value(text: str, pool: Sequence[tuple[Candidate, bool]],
                       cutoff: float) -> list[_Near]:
    """The closest phrasing of each value (and of uncertainty), closest first."""
    found = process.extract(text, [c.text for c, _ in pool], scorer=fuzz.ratio,
                            processor=None, limit=None, score_cutoff=cutoff)
    best: dict[tuple[bool, str], _Near] = {}
    for _, score, index in found:
        candidate, blocker = pool[index]
        key = (blocker, candidate.label)
        if key not in best or score > best[key].score:
            best[key] = _Near(candidate, score, blocker)
    return sorted(best.values(), key=lambda near: -near.score)


def correct(text: str, candidates: Iterable[Candidate],
            blockers: Iterable[Candidate] = ()) -> Correction | Suggestion | None:
    """The one value `text` is a typo of (a Correction), the values it may be a typo of (a
    Suggestion), or None. `text` is in the same key form as the candidates' texts."""
    if len(text) < 2 or any(ch.isdigit() for ch in text):
        return None
    cues = negation_cues(text)
    # Never a phrasing that would drop a negation the answer has.
    pool = [(c, False) for c in candidates if cues <= negation_cues(c.text)]
    pool += [(b, True) for b in blockers]
    ranked = [near for near in _nearest_per_value(text, pool, SUGGEST)
              if Levenshtein.distance(text, near.candidate.text) <= SUGGEST_EDITS]
    if not ranked:
        return None
    best, rivals = ranked[0], ranked[1:]
    if (not best.blocker and best.candidate.correctable and best.score >= ACCEPT
            and len(text) >= MIN_LENGTH
            and Levenshtein.distance(text, best.candidate.text) <= MAX_EDITS
            and negation_cues(best.candidate.text) == cues
            and all(best.score - rival.score >= MARGIN for rival in rivals)):
        return Correction(best.candidate, best.score)
    labels: list[str] = []
    for near in ranked:
        if (not near.blocker and near.score >= best.score - MARGIN
                and near.candidate.label not in labels):
            labels.append(near.candidate.label)
    return Suggestion(tuple(labels[:SUGGESTIONS])) if labels else None


def closest(text: str, candidates: Iterable[Candidate], limit: int) -> list[Candidate]:
    """The `limit` values whose phrasings come closest to `text` (one candidate per value),
    for a re-prompt that names a few choices instead of all. `fuzz.WRatio` ranks partial
    matches too ('colorectal' is near colon and rectum)."""
    pool = list(candidates)
    found = process.extract(text, [c.text for c in pool], scorer=fuzz.WRatio,
                            processor=None, limit=None)
    chosen: list[Candidate] = []
    for _, _, index in found:
        if all(c.label != pool[index].label for c in chosen):
            chosen.append(pool[index])
        if len(chosen) == limit:
            break
    return chosen


def describe(suggestion: Suggestion) -> str:
    """'Did you mean 'x'?' or 'Did you mean 'x' or 'y'?'"""
    quoted = [f"'{label}'" for label in suggestion.labels]
    if len(quoted) > 1:
        return f"Did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"
    return f"Did you mean {quoted[0]}?"
