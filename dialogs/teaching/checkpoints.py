"""The teaching checkpoints: what is asked, and the right answer from `knowledge.assess`.

A checkpoint turns the assessment of what the story has revealed into an `Ask` (prompt,
choices, the expected answer), or says why it cannot be asked yet. A score that the unknown
inputs leave as a range is asked as a range question ("could this SINS reach 7?"), never
dropped. The answer is always read from the assessment, never typed here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dialogs.questions import Choice
from dialogs.teaching import explain
from knowledge import Assessment, Case
from knowledge.labels import label
from knowledge.vocab import (
    BiopsyRecommendation,
    EsccCategory,
    ImagingTiming,
    NomsDecision,
    Steroids,
    Urgency,
)

YES, NO = "yes", "no"


@dataclass(frozen=True)
class Ask:
    """One question as asked: `expected` is the answer's value, `choices` empty for a number."""

    prompt: str
    choices: tuple[Choice, ...]
    expected: str

    def shown(self, value: str) -> str:
        """A value as words (a choice's label; a number as typed)."""
        return next((c.label for c in self.choices if c.value == value), value)


@dataclass(frozen=True)
class Checkpoint:
    id: str
    title: str
    make: Callable[[Assessment], Ask | str]  # a str says why it cannot be asked yet
    explain: Callable[[Assessment, Case], str]

    def ask(self, assessment: Assessment) -> Ask | str:
        """The question for this assessment, or why it cannot be asked."""
        return self.make(assessment)

    def expected(self, assessment: Assessment) -> str | None:
        """The right answer for this assessment; None when it cannot be asked."""
        found = self.make(assessment)
        return found.expected if isinstance(found, Ask) else None


def _choices(*values: str) -> tuple[Choice, ...]:
    return tuple(Choice(v, label(v)) for v in values)


def _pick(prompt: str, values: tuple[str, ...], expected: str) -> Ask:
    return Ask(prompt, _choices(*values), expected)


def _sins(a: Assessment) -> Ask | str:
    sins = a.scores.sins
    if sins is None:
        return "SINS needs a lesion on imaging"
    if sins.total is not None:
        return Ask("What is the SINS total?", (), str(sins.total))
    threshold = explain.sins_threshold(sins.min)
    return Ask(f"Not every SINS item is known yet. Could this SINS reach {threshold}?",
               (Choice(YES, YES), Choice(NO, NO)), YES if sins.max >= threshold else NO)


def _escc(a: Assessment) -> Ask | str:
    if a.scores.escc is None:
        return "the epidural compression has not been graded"
    return _pick("ESCC category: low, indeterminate or high?",
                 tuple(c.value for c in EsccCategory), a.scores.escc.category.value)


CHECKPOINTS: dict[str, Checkpoint] = {c.id: c for c in (
    Checkpoint("urgency", "urgency",
               lambda a: _pick("How urgent is this?", tuple(u.value for u in Urgency),
                               a.urgency.value),
               explain.urgency),
    Checkpoint("mri_timing", "imaging timing",
               lambda a: _pick("When should the whole-spine imaging happen?",
                               tuple(t.value for t in ImagingTiming), a.imaging.timing.value),
               explain.imaging_timing),
    Checkpoint("steroids", "steroids",
               lambda a: _pick("Steroids?", tuple(s.value for s in Steroids), a.steroids.value),
               explain.steroids),
    Checkpoint("sins_total", "SINS", _sins, explain.sins),
    Checkpoint("escc_category", "ESCC category", _escc, explain.escc),
    Checkpoint("biopsy", "biopsy",
               lambda a: _pick("Biopsy?", tuple(b.value for b in BiopsyRecommendation),
                               a.biopsy.recommendation.value),
               explain.biopsy),
    Checkpoint("noms_decision", "NOMS decision",
               lambda a: _pick("NOMS decision?", tuple(
                   d.value for d in NomsDecision if d is not NomsDecision.NOT_APPLICABLE),
                   a.noms.decision.value),
               explain.noms),
)}
"""In the order a stage asks them: the biopsy before the NOMS decision it would give away."""
