"""Assertions: is a finding affirmed, negated, possible, hypothetical, about someone else,
or past history? ConText-style triggers with scopes bounded by clauses and sentences.

A negation reaches the end of its own clause only; it continues over a comma only through a
list closed by "or"/"nor" whose items hold no verb ("denies weakness, numbness or sphincter
disturbance"), and it stops at an "and" that starts a new clause ("no back pain and legs
feel weak"). Cues that make a finding unknown (uncertainty, hypothesis, another person,
past history) reach further, since erring there costs only a question.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.reading.lexicon import Lexicon
from dialogs.reading.model import Assertion
from dialogs.reading.tokens import TokenString

HARD_BREAKS = frozenset({",", ";", ":", ".", "!", "(", ")", "-", "[", "]"})
SENTENCE_ENDS = frozenset({".", "!"})
_NEGATION = ("neg_pre", "neg_post")
_LABEL_ANSWERS = ("label_neg", "label_poss")
_LABEL_MARKS = frozenset({":", "-", "="})
_LABEL_JOINERS = frozenset({",", "and", "or", "/", "&", "+"})
_EXCEPTIONS = frozenset({"except", "apart", "aside", "other", "excepting", "bar", "save"})
# after "and", these start a new noun phrase outside the negation ("without collapse and
# one pedicle involved")
_NEW_PHRASE = frozenset({"a", "an", "one", "the", "two", "both", "his", "her", "their", "some",
                         "new", "normal", "now"})


@dataclass(frozen=True)
class Trigger:
    kind: str
    first: int
    last: int    # exclusive


class Context:
    """Sentence and clause structure of one text, and its triggers."""

    def __init__(self, ts: TokenString, lex: Lexicon, blocked: set[int]) -> None:
        self.ts = ts
        self.lex = lex
        self.blocked = blocked  # tokens of findings and their qualifiers
        words = [t.text for t in ts.tokens]
        self.words = words
        n = len(words)
        self.sentence = [0] * n
        self.clause = [0] * n
        ends = self._clause_end_words()
        sid = cid = 0
        for i, w in enumerate(words):
            if w in HARD_BREAKS or i in ends:
                cid += 1
            self.sentence[i], self.clause[i] = sid, cid
            if w in SENTENCE_ENDS:
                sid += 1
                cid += 1
        self.triggers = self._triggers(blocked)

    def _clause_end_words(self) -> set[int]:
        out: set[int] = set()
        for m in self.lex.triggers.clause_end_pattern.finditer(self.ts.string):
            first, _ = self.ts.token_range(m.start(), m.end())
            out.add(first)
        return out

    def _triggers(self, blocked: set[int]) -> list[Trigger]:
        found: list[Trigger] = []
        for kind, pattern in self.lex.triggers.patterns.items():
            for m in pattern.finditer(self.ts.string):
                first, last = self.ts.token_range(m.start(), m.end())
                if all(i in blocked for i in range(first, last)):  # part of a concept's words
                    continue
                found.append(Trigger(kind, first, last))
        found.sort(key=lambda t: t.first - t.last)
        kept: list[Trigger] = []
        for t in found:
            inside = [k for k in kept if k.first <= t.first and t.last <= k.last
                      and (k.first, k.last) != (t.first, t.last)]
            if inside:
                continue
            same_pseudo = any(k.kind == "pseudo" and (k.first, k.last) == (t.first, t.last)
                              for k in kept)
            if same_pseudo and t.kind in _NEGATION:
                continue
            kept.append(t)
        # a relative who reports what they saw speaks of the patient (collateral history)
        out = []
        for t in kept:
            if t.kind == "other_pre" and self._reporting(t.last):
                continue
            if self.words[t.first] == "?" and t.last == t.first + 1 and not self._question(t):
                continue
            out.append(t)
        return sorted(out, key=lambda t: t.first)

    def _question(self, t: Trigger) -> bool:
        """Does a "?" act in this trigger's direction? "?cord compression" (glued to the
        next word) qualifies what follows, "weakness?" what precedes; a free "?" both."""
        toks = self.ts.tokens
        nxt = toks[t.first + 1] if t.first + 1 < len(toks) else None
        prev = toks[t.first - 1] if t.first > 0 else None
        glued_next = nxt is not None and nxt.start == toks[t.first].end and nxt.text[0].isalnum()
        glued_prev = (prev is not None and prev.end == toks[t.first].start
                      and prev.text[-1].isalnum())
        if t.kind == "poss_pre":
            return glued_next or not glued_prev
        return glued_prev or not glued_next

    def excepted(self, last: int) -> bool:
        """Is a finding ending at `last` followed, in its sentence, by an exception
        ("normal neurology apart from ...", "no deficit except ...")?"""
        for pos in range(last, len(self.words)):
            if self.sentence[pos] != self.sentence[last - 1]:
                return False
            if self.words[pos] in _EXCEPTIONS:
                return True
        return False

    def _reporting(self, pos: int) -> bool:
        for m in self.lex.triggers.reporting_verbs.finditer(self.ts.string):
            first, _ = self.ts.token_range(m.start(), m.end())
            if pos <= first <= pos + 2:
                return True
        return False

    # ------------------------------------------------------------------ scopes

    def _same_clause(self, a: int, b: int) -> bool:
        return self.clause[a] == self.clause[b]

    def _negation_reaches(self, trig: Trigger, target: int) -> int:
        """Does a pre-negation ending at trig.last reach a finding starting at target?
        0: no; 1: yes; 2: only across an "and" (ambiguous: "no X and Y")."""
        words = self.words
        if target < trig.last or self.sentence[target] != self.sentence[trig.last - 1]:
            return 0
        start, across_and = trig.last, False
        for pos in range(trig.last, target + 1):
            w = words[pos]
            if pos < target and w in ("and", "&", "plus", "with"):
                if self._verb_follows(pos + 1) or words[pos + 1] in _NEW_PHRASE:
                    return 0
                across_and = True
            if pos > 0 and self.clause[pos] != self.clause[pos - 1]:
                if w != "," or not self._list_continues(pos):
                    return 0
                start = pos + 1
        if target - start > self.lex.triggers.negation_window:
            return 0
        return 2 if across_and else 1

    def _label_answer(self, t: Trigger, last: int) -> bool:
        """Is `t` a form field's answer to a finding ending at `last`: "Weakness: no",
        "Weakness, numbness - nil"? The answer is the whole rest of its clause, right after
        ":", "-" or "=", and only findings and list joiners stand between."""
        words = self.words
        mark = t.first - 1
        if mark < last or words[mark] not in _LABEL_MARKS:
            return False
        if t.last < len(words) and words[t.last] not in HARD_BREAKS:
            return False
        depth = 0
        for i in range(last, mark):
            depth += (words[i] == "(") - (words[i] == ")")
            if not (depth > 0 or words[i] == ")" or i in self.blocked
                    or words[i] in _LABEL_JOINERS):
                return False  # a short aside in brackets may stand between: "(new)"
        return depth == 0

    def _verb_follows(self, pos: int) -> bool:
        verbs = self.lex.triggers.clause_verbs
        clause = self.clause[pos] if pos < len(self.words) else -1
        while pos < len(self.words) and self.clause[pos] == clause:
            if self.words[pos] in verbs:
                return True
            pos += 1
        return False

    def _list_continues(self, comma: int) -> bool:
        """After a comma: the rest is a list of short, verbless items closed by or/nor."""
        words, verbs = self.words, self.lex.triggers.clause_verbs
        item = 0
        for pos in range(comma + 1, len(words)):
            w = words[pos]
            if w == ",":
                item = 0
                continue
            if w in HARD_BREAKS or self.clause[pos] != self.clause[pos - 1]:
                return False
            item += 1
            if w in verbs or item > 5:
                return False
            if w in ("or", "nor"):
                return True
        return False

    def assertion(self, first: int, last: int, *, past_ok: bool = False) -> Assertion:
        """The assertion of a finding on tokens [first, last)."""
        other = hyp = poss = hist = neg = unsure = False
        for t in self.triggers:
            if t.last <= first:  # before the finding
                if self.sentence[t.first] != self.sentence[first]:
                    continue
                clause = self._same_clause(t.last - 1, first)
                if t.kind == "other_pre" and clause:
                    other = True
                elif t.kind == "hyp_sentence" or (
                        t.kind == "hyp_short" and clause and first - t.last <= 4):
                    hyp = True
                elif t.kind == "poss_pre" and clause:
                    if self.words[t.first] != "?" or first - t.last <= 2:
                        poss = True
                elif t.kind in ("hist_pre", "hist_post") and clause:
                    hist = True  # "last year from T8 mets": a time phrase reaches both ways
                elif t.kind == "neg_pre":
                    reach = self._negation_reaches(t, first)
                    neg = neg or reach == 1
                    unsure = unsure or reach == 2
            elif t.first >= last:  # after the finding
                if self.sentence[t.first] != self.sentence[first]:
                    continue
                clause = self._same_clause(t.first, last - 1)
                if t.kind == "hist_post_sentence":
                    hist = True
                elif t.kind in _LABEL_ANSWERS:
                    if self._label_answer(t, last):
                        neg = neg or t.kind == "label_neg"
                        poss = poss or t.kind == "label_poss"
                elif not clause:
                    continue
                elif t.kind == "hyp_post":
                    hyp = True
                elif t.kind == "poss_post" and (self.words[t.first] != "?" or t.first == last):
                    poss = True
                elif t.kind == "hist_post":
                    hist = True
                elif t.kind == "neg_post" and t.first - last <= 3:
                    neg = True
        if other:
            return Assertion.OTHER_PERSON
        if hyp:
            return Assertion.HYPOTHETICAL
        if poss:
            return Assertion.POSSIBLE
        if hist and not past_ok:
            return Assertion.HISTORICAL
        if neg:
            return Assertion.NEGATED
        return Assertion.POSSIBLE if unsure else Assertion.AFFIRMED
