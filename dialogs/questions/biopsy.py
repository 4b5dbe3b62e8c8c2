"""The questions of the biopsy stage, in the order they are asked."""

from __future__ import annotations

from dialogs.flow import Stage
from dialogs.questions.model import (
    YN,
    Question,
    question,
)

STAGE = Stage.BIOPSY


def ask(id: str, *args: object, **extra: object) -> Question:
    return question(id, STAGE, *args, **extra)  # type: ignore[arg-type]


QUESTIONS: tuple[Question, ...] = (
    # biopsy
    ask("imaging.atypical", "atypical imaging",
        "Any imaging features not typical of metastasis (e.g. disc destruction)?", YN,
        "Atypical imaging needs tissue.", ("badve-2021",)),
    ask("cancer.second_primary", "second primary",
        "Has the patient had two different cancers?", YN,
        "With two primaries, tissue decides which one this is.", ("badve-2021",)),
    ask("general.fever", "fever", "Fever?", YN,
        "Infection (epidural abscess) must be excluded.", ("badve-2021",)),
    ask("general.infection_risk", "infection risk",
        "Infection risk: IV drug use, immunosuppression, recent bacteraemia or spinal "
        "procedure?", YN, "Infection must be excluded.", ("badve-2021",)),
)
