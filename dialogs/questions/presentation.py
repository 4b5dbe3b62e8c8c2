"""The questions of the presentation stage, in the order they are asked."""

from __future__ import annotations

from dialogs.flow import Stage
from dialogs.opening import OPENING_ID, OPENING_PROMPT
from dialogs.questions.model import (
    YN,
    Kind,
    Question,
    choices_of,
    question,
)
from knowledge.vocab import (
    CancerStatus,
)

STAGE = Stage.PRESENTATION


def ask(id: str, *args: object, **extra: object) -> Question:
    return question(id, STAGE, *args, **extra)  # type: ignore[arg-type]


QUESTIONS: tuple[Question, ...] = (
    # presentation
    ask(OPENING_ID, "cancer status", OPENING_PROMPT, Kind.CHOICE,
        "New back pain in a patient with cancer is metastatic until proven otherwise; without "
        "cancer only cord-compression red flags make this pathway apply.", ("mernik",),
        choices=choices_of(CancerStatus)),
    ask("pain.present", "pain", "Does the patient have new back or neck pain?", YN,
        "Pain is the commonest first symptom of spinal metastasis.", ("mernik",)),
    ask("pain.regions", "pain regions",
        "Where is the pain? any of cervical, thoracic, lumbar, sacral", Kind.REGIONS,
        "Thoracic and cervical pain suggest metastasis.", ("nice-cg75-2008",)),
)
