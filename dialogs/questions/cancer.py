"""The questions of the cancer stage, in the order they are asked."""

from __future__ import annotations

from dialogs.flow import Stage
from dialogs.questions.model import (
    YN,
    Kind,
    Question,
    choices_of,
    question,
)
from knowledge.vocab import (
    PrimarySite,
)

STAGE = Stage.CANCER


def ask(id: str, *args: object, **extra: object) -> Question:
    return question(id, STAGE, *args, **extra)  # type: ignore[arg-type]


QUESTIONS: tuple[Question, ...] = (
    # the cancer
    ask("cancer.primary", "primary site", "Primary cancer site?", Kind.CHOICE,
        "The primary sets the Tokuhashi and Tomita items, radiosensitivity (NOMS) and whether a "
        "biopsy is needed.", ("tokuhashi-2005", "tomita-2001", "laufer-2013"),
        choices=choices_of(PrimarySite, {"unknown": "unknown / not identified",
                                       "lung_nsclc": "lung, non-small cell",
                                       "lung_sclc": "lung, small cell"})),
    ask("cancer.histology_confirmed", "histology",
        "Is there a tissue (histological) diagnosis of the cancer?", YN,
        "Without histology a biopsy is needed before definitive treatment.", ("badve-2021",)),
    ask("cancer.lymphoma_suspected", "lymphoma suspected",
        "Could this be lymphoma or another haematological cancer (not yet proven)?", YN,
        "Steroids can destroy the tissue needed to diagnose lymphoma: discuss with haematology "
        "before giving them.", ("nice-ng234-2023", "mernik")),
    ask("cancer.established_metastases", "known metastases",
        "Were metastases already known before this episode?", YN,
        "A first metastasis needs staging, and a biopsy to confirm it is considered.",
        ("badve-2021",)),
)
