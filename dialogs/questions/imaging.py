"""The questions of the imaging stage, in the order they are asked."""

from __future__ import annotations

from dialogs.flow import Stage
from dialogs.questions.model import (
    COLLAPSE,
    HIGH_ESCC,
    YN,
    ChoiceBy,
    Kind,
    Question,
    always,
    choices_of,
    or_words,
    question,
)
from knowledge.levels import LEVELS_DESCRIPTION
from knowledge.scores import sins
from knowledge.scores.escc import GRADE_DESCRIPTIONS
from knowledge.vocab import (
    Alignment,
    Collapse,
    EsccGrade,
    LesionType,
    Modality,
    Posterolateral,
)

STAGE = Stage.IMAGING


def ask(id: str, *args: object, **extra: object) -> Question:
    return question(id, STAGE, *args, **extra)  # type: ignore[arg-type]


QUESTIONS: tuple[Question, ...] = (
    # imaging
    Question("imaging", STAGE, "any imaging",
             "Has any spinal imaging been done? (no, or which: e.g. MRI whole spine, CT, "
             "X-ray, bone scan)", YN,
             "Imaging decides the level, ESCC grade and SINS; whole-spine MRI is the test.",
             ("nice-ng234-2023", "badve-2021"), condition=always,
             answered_by="imaging.modality"),
    ask("imaging.modality", "imaging type", "Which imaging?", Kind.CHOICE,
        "Whole-spine MRI is the test: only a normal whole-spine MRI lowers the urgency (CT "
        "misses marrow disease), and partial studies miss non-contiguous lesions.",
        ("seed-tl-2020",),
        choices=choices_of(Modality, {"mri_whole_spine": "MRI whole spine",
                                    "mri_partial": "MRI of part of the spine",
                                    "ct_whole_spine": "CT whole spine", "ct": "CT (partial)",
                                    "xray": "plain X-ray", "bone_scan": "bone scan",
                                    "pet_ct": "PET-CT"})),
    ask("imaging.lesion_found", "lesion found",
        "Did it show a spinal metastasis? (no, or the level of the worst lesion, e.g. T9)", YN,
        "A normal whole-spine MRI makes metastasis an unlikely cause.", ("badve-2021",),
        answered_by="imaging.level"),
    ask("imaging.level", "level",
        f"Level of the worst lesion ({LEVELS_DESCRIPTION}, e.g. T11)?", Kind.LEVEL,
        f"Junctional levels score highest on SINS (T2 scores {sins.location_points('T2')}, "
        f"T3 scores {sins.location_points('T3')}).", ("fisher-2010",)),
    ask("imaging.escc", "ESCC grade",
        f"Bilsky ESCC grade at the worst level: {or_words([g.value for g in EsccGrade])}?",
        Kind.CHOICE,
        f"Grade {HIGH_ESCC[0].value}-{HIGH_ESCC[-1].value} is cord compression (a red flag; "
        "the N of NOMS).", ("bilsky-2010",),
        choices=choices_of(EsccGrade, {g.value: d for g, d in GRADE_DESCRIPTIONS.items()}),
        choose_by=ChoiceBy.VALUE),
    ask("imaging.lesion", "lesion type", "Is the lesion lytic, mixed or blastic?",
        Kind.CHOICE, "SINS bone lesion item.", ("fisher-2010",), choices=choices_of(LesionType)),
    ask("imaging.collapse", "collapse", "Vertebral body collapse?", Kind.CHOICE,
        f"SINS collapse item (exactly {COLLAPSE}% is not defined: give your reading).",
        ("fisher-2010",),
        choices=choices_of(Collapse, {"none": "none", "none_gt50_involved":
                                    f"no collapse, more than {COLLAPSE}% of the body involved",
                                    "lt50": f"less than {COLLAPSE}%",
                                    "gt50": f"more than {COLLAPSE}%"}),
        choose_by=ChoiceBy.NAME),
    ask("imaging.alignment", "alignment", "Spinal alignment?", Kind.CHOICE,
        "SINS alignment item; subluxation means instability.", ("fisher-2010",),
        choices=choices_of(Alignment, {"deformity": "de novo deformity (kyphosis/scoliosis)",
                                     "subluxation": "subluxation or translation"})),
    ask("imaging.posterolateral", "posterolateral",
        "Posterolateral involvement (facet, pedicle or costovertebral joint)?", Kind.CHOICE,
        "SINS posterolateral item.", ("fisher-2010",), choices=choices_of(Posterolateral),
        choose_by=ChoiceBy.NAME),
    ask("general.mri_contraindicated", "MRI contraindicated",
        "Is MRI contraindicated (e.g. a pacemaker that is not MRI-conditional)?", YN,
        "Then whole-spine CT is the imaging.", ("nice-ng234-2023", "badve-2021")),
    ask("general.spinal_metalwork", "spinal metalwork",
        "Any previous spinal instrumentation (metalwork)?", YN,
        "Metal degrades MRI: add CT of the instrumented segment.", ("seed-tl-2020",)),
    ask("neurology.rapidly_progressing", "rapidly progressing",
        "Is the deficit worsening over hours to days?", YN,
        "A rapidly progressing deficit makes the MRI immediate.", ("nice-qs56",)),
)
