"""The questions of the performance stage, in the order they are asked."""

from __future__ import annotations

from dialogs.flow import Stage
from dialogs.questions.model import (
    ECOG_OPEN,
    ECOG_OPEN_POINTS,
    ECOG_VALUES,
    Choice,
    ChoiceBy,
    Kind,
    Question,
    or_words,
    question,
)
from knowledge.scores.performance import ECOG_SCALE, KARNOFSKY_RANGE, KARNOFSKY_SCALE

STAGE = Stage.PERFORMANCE


def ask(id: str, *args: object, **extra: object) -> Question:
    return question(id, STAGE, *args, **extra)  # type: ignore[arg-type]


QUESTIONS: tuple[Question, ...] = (
    # performance
    ask("general.karnofsky", "Karnofsky",
        f"Karnofsky performance status ({KARNOFSKY_RANGE[0]}-{KARNOFSKY_RANGE[1]}, or a "
        "description; 'ECOG 2' is accepted)?",
        Kind.KARNOFSKY, "Performance status feeds the Tokuhashi score and the decision between "
        "surgery and radiotherapy.", ("karnofsky-1948", "tokuhashi-2005"),
        choices=tuple(Choice(str(v), d) for v, d in KARNOFSKY_SCALE), choose_by=ChoiceBy.VALUE),
    ask("general.ecog", "ECOG",
        f"ECOG performance status ({min(ECOG_VALUES)}-{max(ECOG_VALUES)})?", Kind.ECOG,
        f"With only ECOG, Karnofsky is approximated (ECOG {ECOG_OPEN} leaves Tokuhashi "
        f"{or_words([str(p) for p in ECOG_OPEN_POINTS])}).",
        ("oken-1982",), choices=tuple(Choice(str(v), d) for v, d in ECOG_SCALE),
        choose_by=ChoiceBy.VALUE),
)
