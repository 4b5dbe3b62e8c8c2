"""The questions of the pain stage, in the order they are asked."""

from __future__ import annotations

from dialogs.flow import Stage
from dialogs.questions.model import (
    YN,
    Question,
    question,
    recheck_possible,
)
from knowledge.scores import sins

STAGE = Stage.PAIN


def ask(id: str, *args: object, **extra: object) -> Question:
    return question(id, STAGE, *args, **extra)  # type: ignore[arg-type]


QUESTIONS: tuple[Question, ...] = (
    # pain character
    ask("pain.severe_unremitting", "severe unremitting",
        "Is the pain severe and unremitting?", YN, "A feature suggesting spinal metastases."),
    ask("pain.progressive", "progressive", "Is the pain progressive?", YN,
        "A feature suggesting spinal metastases."),
    ask("pain.nocturnal", "night pain", "Does night pain disturb sleep?", YN,
        "A feature suggesting spinal metastases."),
    ask("pain.aggravated_by_straining", "pain on straining",
        "Is the pain worse on coughing, sneezing or straining?", YN,
        "A feature suggesting spinal metastases."),
    ask("pain.localised_tenderness", "tenderness", "Is there localised spinal tenderness?",
        YN, "A feature suggesting spinal metastases."),
    ask("pain.mechanical", "mechanical pain",
        "With the patient SITTING UP: is the pain mechanical (worse sitting, standing or "
        "moving; eased lying down)? ('no' means examined sitting up; 'no, lying down' if "
        "only examined lying down)", YN,
        f"Mechanical pain suggests instability (SINS {sins.MECHANICAL_PAIN} points instead of "
        f"{sins.OCCASIONAL_PAIN}). Lying flat hides it, so check it with the patient sitting up.",
        ("fisher-2010", "mernik")),
    ask("pain.mechanical_assessed_seated", "checked seated",
        "Was that checked with the patient sitting up?", YN,
        "A 'not mechanical' answer from a supine examination does not count: it misses "
        "mechanical pain.", ("mernik",)),
    Question("pain.mechanical_recheck", STAGE, "re-check seated",
             "Please re-examine with the patient sitting up: is the pain mechanical now? "
             "(unknown if you cannot)", YN,
             "A supine examination misses mechanical pain; the seated answer counts for SINS "
             "and instability.", ("mernik", "fisher-2010"), condition=recheck_possible),
)
