"""The question model: kinds, choices, the `Question` declaration, and the helpers the
stage modules declare their questions with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, StrEnum

from dialogs.flow import Stage
from knowledge.case import Case
from knowledge.relevance import FIELD_RELEVANCE
from knowledge.scores import sins
from knowledge.scores.escc import grades_of
from knowledge.scores.performance import ECOG_SCALE
from knowledge.scores.tokuhashi import ECOG_OPTIONS
from knowledge.vocab import (
    EsccCategory,
)


class Kind(StrEnum):
    YES_NO = "yes_no"
    CHOICE = "choice"
    REGIONS = "regions"
    COUNT = "count"  # a whole number with a minimum
    MONTHS = "months"  # a number >= 0
    LEVEL = "level"
    KARNOFSKY = "karnofsky"  # Karnofsky by value or description, or ECOG
    ECOG = "ecog"
    # Several yes/no questions at once: the items present are listed, the others shown are
    # recorded as absent; "one by one" (or unknown) asks each of them instead.
    CHECKLIST = "checklist"
    # Several choice questions in one line, in order ("lytic, less than 50%, normal, none");
    # an item may be "unknown"; items not given are asked one by one.
    GROUP = "group"


LISTED_KINDS = frozenset({Kind.CHOICE, Kind.KARNOFSKY, Kind.ECOG, Kind.YES_NO})


class ChoiceBy(StrEnum):
    """How a choice is picked, and so how a number typed as the answer is read."""

    POSITION = "position"  # word values: a number is the position in the shown list
    VALUE = "value"  # the values are the scale's own labels (ESCC 1a, Frankel D, Karnofsky 70)
    NAME = "name"  # word values where a number could be a quantity: by name only


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    stage: Stage
    short: str  # a few words, for `change <question>` and summaries
    prompt: str
    kind: Kind
    why: str
    refs: tuple[str, ...]
    choices: tuple[Choice, ...] = ()
    minimum: int = 0
    choose_by: ChoiceBy = ChoiceBy.POSITION
    condition: Callable[[Case], bool] = field(default=lambda case: True, compare=False)
    items: tuple[str, ...] = ()  # a checklist's yes/no questions (their ids)
    # A later question whose answer, given here, answers both: this one as yes and that one
    # ("MRI whole spine" to "any imaging?"; "T9" to "did it show a lesion?").
    answered_by: str | None = None

    @property
    def listed(self) -> bool:
        """Its answers are offered as a list to pick from (a checklist's items are not: more
        than one may be present)."""
        return self.kind in LISTED_KINDS

    @property
    def fills_case_field(self) -> bool:
        return self.id in FIELD_RELEVANCE


def choices_of(enum: type[Enum], labels: dict[str, str] | None = None) -> tuple[Choice, ...]:
    """The members of a vocabulary as choices (words for the values, unless given)."""
    labels = labels or {}
    return tuple(Choice(m.value, labels.get(m.value, m.value.replace("_", " "))) for m in enum)


# Every clinical number and scale the questions show is read from `knowledge` (issue 11):
# the Karnofsky, ECOG and Frankel scales, the ESCC grades, SINS points, and the survival
# thresholds of NOMS and Patchell.
NICE = ("nice-ng234-2023",)
YN = Kind.YES_NO
COLLAPSE = sins.COLLAPSE_PERCENT
HIGH_ESCC = grades_of(EsccCategory.HIGH)
# The ECOG grade whose usual Karnofsky range straddles two Tokuhashi bands (ECOG 1: 1 or 2).
ECOG_OPEN, ECOG_OPEN_POINTS = next((e, o) for e, o in ECOG_OPTIONS.items() if len(o) > 1)
ECOG_VALUES = [value for value, _ in ECOG_SCALE]


def or_words(words: list[str]) -> str:
    """'a, b or c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def question(id: str, stage: Stage, short: str, prompt: str, kind: Kind, why: str,
             refs: tuple[str, ...] = NICE, **extra: object) -> Question:
    """A question that fills the case field `id`, asked while knowledge.relevance says its
    answer can still change the assessment."""
    condition = FIELD_RELEVANCE.get(id)
    if condition is not None:
        extra.setdefault("condition", condition)
    return Question(id, stage, short, prompt, kind, why, refs, **extra)  # type: ignore[arg-type]


def always(case: Case) -> bool:
    return True


def recheck_possible(case: Case) -> bool:
    """The pain was found not mechanical lying down only: re-examine sitting up."""
    pain = case.pain
    return (case.cancer.known_or_suspected and pain.mechanical is False
            and pain.mechanical_assessed_seated is False)
