"""The questions of the red flags stage, in the order they are asked."""

from __future__ import annotations

from dialogs.flow import Stage
from dialogs.questions.model import (
    YN,
    Choice,
    ChoiceBy,
    Kind,
    Question,
    question,
)
from knowledge.scores.performance import FRANKEL_SCALE

STAGE = Stage.RED_FLAGS


def ask(id: str, *args: object, **extra: object) -> Question:
    return question(id, STAGE, *args, **extra)  # type: ignore[arg-type]


QUESTIONS: tuple[Question, ...] = (
    # red flags: asked straight after the presentation (issue 12), history then examination
    ask("neurology.limb_weakness", "limb weakness", "Any limb weakness?", YN,
        "Weakness is a red flag for cord compression: an emergency."),
    ask("neurology.difficulty_walking", "difficulty walking",
        "Any difficulty walking (unsteadiness, falls)?", YN, "A red flag for cord compression."),
    ask("neurology.ambulatory", "able to walk",
        "Can the patient walk (with or without an aid)?", YN,
        "Inability to walk is a red flag; walking status at treatment predicts outcome.",
        ("nice-ng234-2023", "patchell-2005")),
    ask("neurology.sensory_change", "sensory change",
        "Any numbness, paraesthesia, sensory loss or sensory level?", YN,
        "A red flag for cord compression."),
    ask("neurology.bladder_bowel_dysfunction", "bladder or bowel",
        "Any bladder or bowel dysfunction (retention, incontinence)?", YN,
        "A red flag for cord or cauda equina compression."),
    ask("neurology.saddle_anaesthesia", "saddle anaesthesia",
        "Any saddle anaesthesia?", YN, "A red flag for cauda equina compression."),
    ask("pain.radicular", "radicular pain",
        "Is there radicular pain (radiating to a limb, or band-like round the trunk)?", YN,
        "Radicular pain is a symptom of possible cord or root compression: a red flag."),
    ask("neurology.cord_compression_signs", "cord compression signs",
        "On examination, upper motor neurone signs or a sensory level?", YN,
        "Signs of cord compression are a red flag even with normal power."),
    ask("neurology.frankel", "Frankel grade",
        "Frankel grade? " + ", ".join(f"{f.value} {d}" for f, d in FRANKEL_SCALE.items()),
        Kind.CHOICE, "Frankel grade sets the Tokuhashi palsy item and Patchell candidacy.",
        ("frankel-1969", "tokuhashi-2005"),
        choices=tuple(Choice(f.value, d) for f, d in FRANKEL_SCALE.items()),
        choose_by=ChoiceBy.VALUE),
)
