"""Reading a referral: text -> `Reading` (findings with their words, and what was left
unknown and why). Model-free: the lexicon (YAML), ConText-style triggers and number patterns.

The one rule (../shared/contract/READING.md): fill a field only when the text states it
about this patient, now. When unsure, do not fill.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from dialogs.reading.context import HARD_BREAKS, Context
from dialogs.reading.lexicon import Concept, Lexicon, lexicon
from dialogs.reading.model import Assertion, Reading
from dialogs.reading.numbers import Candidate, read_numbers
from dialogs.reading.resolve import resolve
from dialogs.reading.tokens import Token, TokenString, tokenise

MAX_CHARS = 200_000
"""Texts longer than this are read up to here (an engineering bound)."""

FUZZY_MIN_LENGTH = 7
FUZZY_CUTOFF = 87.0


# a required context word counts when the patient's text names it now (even denied:
# "no night pain" is still about pain)
_PRESENT = (Assertion.AFFIRMED, Assertion.NEGATED, Assertion.POSSIBLE)
_NORMAL_CLASSES = frozenset({"normal", "flexor"})


@dataclass(frozen=True)
class _Match:
    concept: Concept
    first: int
    last: int


def read(text: str, id: str | None = None) -> Reading:
    """Read `text` into case findings. Never raises on any string."""
    lex = lexicon()
    text = text[:MAX_CHARS]
    tokens = _corrected(tokenise(text), lex)
    ts = TokenString(tokens)
    raw = _matches(ts, lex)
    kept = _outermost(raw)
    quals = _qualifier_matches(ts, lex)
    examined, blocked = _examined(kept, quals, ts, lex)
    blocked |= {i for m in kept for i in range(m.first, m.last)}
    ctx = Context(ts, lex, blocked)
    candidates = _findings(kept, raw, ctx)
    for cand in examined:
        if cand.requires and not _required_tags(set(cand.requires), cand.first, raw, ctx):
            continue
        assertion = ctx.assertion(cand.first, cand.last)
        if assertion is Assertion.NEGATED:
            continue  # "not neurologically normal": nothing definite
        if cand.kind == "normal" and ctx.excepted(cand.last):
            assertion = Assertion.POSSIBLE  # "neurology normal except left foot drop"
        cand.assertion = str(assertion)
        candidates.append(cand)
    for cand in read_numbers(ts):
        if not cand.assertion:
            assertion = ctx.assertion(cand.first, cand.last, past_ok=cand.past_ok)
            if cand.anchor is not None and assertion is Assertion.AFFIRMED:
                # the level of "?cord compression at T6", "no lesion at T6" is not stated
                assertion = ctx.assertion(*cand.anchor, past_ok=cand.past_ok)
                if _denies_lesion(cand.anchor, kept):  # "no metastasis at T6"
                    assertion = Assertion.NEGATED
            cand.assertion = str(assertion)
        candidates.append(cand)
    findings, not_filled = resolve(ts, candidates, text)
    return Reading(text=text, findings=findings, not_filled=not_filled, id=id)


# ------------------------------------------------------------------ typos

@cache
def _fuzzy() -> Any:
    from rapidfuzz import fuzz, process  # imported on first use: ~19 ms

    return process, fuzz


_corrections: dict[str, str] = {}


def _corrected(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """Long words that are not lexicon words, replaced by the one lexicon word within a
    small edit distance (rapidfuzz ratio >= FUZZY_CUTOFF). Never negation or trigger words,
    numbers or levels: only alphabetic words, only towards concept vocabulary."""
    vocab = set(lex.vocabulary)
    out = []
    for tok in tokens:
        word = tok.text
        if (len(word) < FUZZY_MIN_LENGTH or not word.isalpha() or word in vocab
                or word in lex.protected):
            out.append(tok)
            continue
        fixed = _corrections.get(word)
        if fixed is None:
            process, fuzz = _fuzzy()
            best = process.extract(word, lex.vocabulary, scorer=fuzz.ratio,
                                   score_cutoff=FUZZY_CUTOFF, limit=2)
            unique = len(best) == 1 or (len(best) == 2 and best[0][1] > best[1][1])
            fixed = best[0][0] if best and unique and best[0][0][0] == word[0] else word
            if len(_corrections) < 10_000:
                _corrections[word] = fixed
        out.append(tok if fixed == word else Token(fixed, tok.start, tok.end))
    return out


# ------------------------------------------------------------------ concept matches

def _matches(ts: TokenString, lex: Lexicon) -> list[_Match]:
    found = []
    seen: set[tuple[str, int, int]] = set()
    words = {t.text for t in ts.tokens}
    for concept in lex.concepts:
        live = [p for p, anchor in zip(concept.patterns, concept.anchors, strict=True)
                if anchor is None or not anchor.isdisjoint(words)]
        if not live or concept.pattern.search(ts.string) is None:
            continue
        for pattern in live:
            for m in pattern.finditer(ts.string):
                if m.end() == m.start():
                    continue
                first, last = ts.token_range(m.start(), m.end())
                if (concept.id, first, last) not in seen:
                    seen.add((concept.id, first, last))
                    found.append(_Match(concept, first, last))
    return found


def _outermost(matches: list[_Match]) -> list[_Match]:
    """Drop a match lying inside a longer one ("perianal sensation" hides "sensation")."""
    ordered = sorted(matches, key=lambda m: (m.first - m.last, m.first))
    kept: list[_Match] = []
    for m in ordered:
        if any(k.first <= m.first and m.last <= k.last and (k.first, k.last) != (m.first, m.last)
               for k in kept):
            continue
        kept.append(m)
    return sorted(kept, key=lambda m: (m.first, m.last))


def _qualifier_matches(ts: TokenString, lex: Lexicon) -> list[tuple[str, int, int]]:
    out = []
    for name, pattern in lex.qualifiers.classes.items():
        for m in pattern.finditer(ts.string):
            first, last = ts.token_range(m.start(), m.end())
            out.append((name, first, last))
    return out


def _examined(kept: list[_Match], quals: list[tuple[str, int, int]], ts: TokenString,
              lex: Lexicon) -> tuple[list[Candidate], set[int]]:
    """Examined findings with a qualifier before or after them (or their list)."""
    words = [t.text for t in ts.tokens]
    q = lex.qualifiers
    groups: list[list[_Match]] = []
    for m in kept:
        if not m.concept.examined:
            continue
        if groups and all(w in q.list_joiners for w in words[groups[-1][-1].last:m.first]):
            groups[-1].append(m)
        else:
            groups.append([m])
    out: list[Candidate] = []
    used: set[int] = set()
    for group in groups:
        start, end = group[0].first, group[-1].last
        found = []
        pos = start
        skipped = 0
        while pos > 0 and words[pos - 1] in q.skip_before and skipped < 2:
            pos -= 1
            skipped += 1
        for name, a, b in quals:
            if b in (start, pos) and not any(a < k.last and k.first < b for k in kept
                                              if k not in group):
                found.append((name, a, b))
        pos = end
        for _ in range(3):
            skip = q.skip_after.match(ts.string, ts.starts[pos]) if pos < len(words) else None
            if skip is None:
                break
            pos = ts.token_range(skip.start(), skip.end())[1]
        for name, a, b in quals:
            if a in (end, pos) and not _negates_next(name, a, b, words):
                found.append((name, a, b))
        found = [f for f in found if not any(
            g[1] <= f[1] and f[2] <= g[2] and (g[1], g[2]) != (f[1], f[2]) for g in found)]
        for name, a, b in found:
            used |= set(range(a, b))
            for m in group:
                fills = m.concept.fills.get(name)
                if fills:
                    lo, hi = min(a, m.first), max(b, m.last)
                    kind = "normal" if name in _NORMAL_CLASSES else "value"
                    for field, value in fills.items():
                        out.append(Candidate(field, value, lo, hi, kind=kind,
                                             part=m.concept.part, requires=m.concept.requires))
    return out, used


def _denies_lesion(anchor: tuple[int, int], kept: list[_Match]) -> bool:
    """Are these lesion words part of a phrase that says there is no lesion?"""
    return any(m.first <= anchor[0] and anchor[1] <= m.last
               and m.concept.fills.get("affirmed", {}).get("imaging.lesion_found") is False
               for m in kept)


def _negates_next(name: str, a: int, b: int, words: list[str]) -> bool:
    """Is an "abnormal" qualifier after a finding a negation of the next words instead
    ("Power: no weakness", "Gait: no falls")? Then it says nothing of the finding."""
    return (name == "abnormal" and words[a:b] == ["no"] and b < len(words)
            and words[b] not in HARD_BREAKS)


def _findings(kept: list[_Match], raw: list[_Match], ctx: Context) -> list[Candidate]:
    out: list[Candidate] = []
    for m in kept:
        c = m.concept
        if c.requires and not _required(m, raw, ctx):
            continue
        if c.examined:
            continue
        assertion = ctx.assertion(m.first, m.last, past_ok=c.past_ok)
        if assertion is Assertion.NEGATED and ctx.excepted(m.last):
            assertion = Assertion.POSSIBLE  # "no focal neurology apart from ..."
        if c.no_field:
            out.append(Candidate("", None, m.first, m.last, assertion="no_field"))
            continue
        key = {Assertion.AFFIRMED: "affirmed", Assertion.NEGATED: "negated",
               Assertion.HISTORICAL: "historical", Assertion.POSSIBLE: "possible"}.get(assertion)
        fills = c.fills.get(key, {}) if key else {}
        # a value the lexicon gives for a possible or past fact is stated as such
        shown = Assertion.AFFIRMED if key in ("possible", "historical") else assertion
        for field, value in fills.items():
            out.append(Candidate(field, value, m.first, m.last, part=c.part,
                                 assertion=str(shown)))
        if not fills and assertion not in (Assertion.AFFIRMED, Assertion.NEGATED):
            for field, value in c.fills.get("affirmed", {}).items():
                out.append(Candidate(field, value, m.first, m.last, assertion=str(assertion)))
    return out


def _required(m: _Match, raw: list[_Match], ctx: Context) -> bool:
    return _required_tags(set(m.concept.requires), m.first, raw, ctx, m)


def _required_tags(want: set[str], first: int, raw: list[_Match], ctx: Context,
                   me: _Match | None = None) -> bool:
    """Is a concept with one of these ids or tags affirmed in the sentence of `first`?"""
    sentence = ctx.sentence[first]
    for other in raw:
        if other is me or ctx.sentence[other.first] != sentence:
            continue
        named = other.concept.id in want or other.concept.tags & want
        if named and ctx.assertion(other.first, other.last) in _PRESENT:
            return True
    return False
