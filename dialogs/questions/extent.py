"""The questions of the extent stage, in the order they are asked."""

from __future__ import annotations

from dialogs.flow import Stage
from dialogs.questions.model import (
    YN,
    ChoiceBy,
    Kind,
    Question,
    choices_of,
    question,
)
from knowledge.rules.noms import POOR_SURVIVAL_MAX_MONTHS
from knowledge.rules.patchell import MIN_SURVIVAL_MONTHS
from knowledge.vocab import (
    Growth,
    Radiosensitivity,
    Visceral,
)

STAGE = Stage.EXTENT


def ask(id: str, *args: object, **extra: object) -> Question:
    return question(id, STAGE, *args, **extra)  # type: ignore[arg-type]


QUESTIONS: tuple[Question, ...] = (
    # extent and treatment factors
    ask("disease.extraspinal_bone_metastases", "extraspinal bone metastases",
        "How many bone metastases outside the spine (0 if none)?", Kind.COUNT,
        "Tokuhashi, Tomita and Bauer count bone metastases.",
        ("tokuhashi-2005", "tomita-2001", "leithner-2008")),
    ask("disease.vertebral_metastases", "vertebral metastases",
        "How many vertebral bodies are involved?", Kind.COUNT,
        "Tokuhashi scores the number of vertebral bodies involved.", ("tokuhashi-2005",),
        minimum=1),
    ask("disease.visceral_metastases", "visceral metastases",
        "Metastases to major internal organs?", Kind.CHOICE,
        "Visceral metastases are an item of the Tokuhashi, Tomita and Bauer scores.",
        ("tokuhashi-2005", "tomita-2001", "leithner-2008"), choices=choices_of(Visceral),
        choose_by=ChoiceBy.NAME),
    ask("cancer.radiosensitivity", "radiosensitivity",
        "Radiosensitivity of this tumour, if oncology has classified it (unknown keeps the "
        "usual class for the primary)?", Kind.CHOICE,
        "The O of NOMS: radioresistant tumours need SRS or surgery.",
        ("laufer-2013", "badve-2021"), choices=choices_of(Radiosensitivity)),
    ask("general.expected_survival_months", "expected survival",
        "Oncology's estimate of expected survival, in months?", Kind.MONTHS,
        "Direct decompression (Patchell) needs an expected survival of at least "
        f"{MIN_SURVIVAL_MONTHS} months; with {POOR_SURVIVAL_MAX_MONTHS} months or less and poor "
        "performance, radiotherapy and supportive care are given instead of surgery.",
        ("chang-2023", "mernik", "patchell-2005")),
    ask("general.fit_for_surgery", "fit for surgery",
        "Is the patient fit for surgery (clinician's judgement)?", YN,
        "The S of NOMS: decompression needs a patient who can tolerate surgery.",
        ("laufer-2013",)),
    ask("cancer.tomita_growth", "Tomita growth",
        "This primary has no Tomita growth class: slow, moderate or rapid growth?", Kind.CHOICE,
        "Tomita's growth item is fixed only for some sites.", ("tomita-2001",),
        choices=choices_of(Growth), choose_by=ChoiceBy.NAME),
    ask("disease.previous_radiotherapy_at_level", "previous radiotherapy",
        "Has this spinal level had radiotherapy before?", YN,
        "Conventional radiotherapy is usually not repeated at an irradiated level (spinal cord "
        "tolerance): SRS takes its place.", ("badve-2021",)),
)
