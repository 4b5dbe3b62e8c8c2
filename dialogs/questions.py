"""The questions, as data: id, stage, prompt, kind, choices, why (with references), condition.

A question fills one case field (its id is the field path) unless it is one of the two
conversation-only questions (`imaging`: is there any imaging; `pain.mechanical_recheck`: a
re-examination sitting up). When a question is asked comes from `knowledge.relevance`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, StrEnum

from dialogs.flow import Stage
from dialogs.opening import OPENING_ID, OPENING_PROMPT
from knowledge.case import Case
from knowledge.levels import LEVELS_DESCRIPTION
from knowledge.relevance import FIELD_RELEVANCE
from knowledge.rules.noms import POOR_SURVIVAL_MAX_MONTHS
from knowledge.rules.patchell import MIN_SURVIVAL_MONTHS
from knowledge.scores import sins
from knowledge.scores.escc import GRADE_DESCRIPTIONS, grades_of
from knowledge.scores.performance import ECOG_SCALE as ECOG_SCALE
from knowledge.scores.performance import FRANKEL_SCALE, KARNOFSKY_RANGE
from knowledge.scores.performance import KARNOFSKY_SCALE as KARNOFSKY_SCALE
from knowledge.scores.tokuhashi import ECOG_OPTIONS
from knowledge.vocab import (
    Alignment,
    CancerStatus,
    Collapse,
    EsccCategory,
    EsccGrade,
    Growth,
    LesionType,
    Modality,
    Posterolateral,
    PrimarySite,
    Radiosensitivity,
    Visceral,
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


# The kinds whose answers a face offers as a list to pick one from.
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


def _choices(enum: type[Enum], labels: dict[str, str] | None = None) -> tuple[Choice, ...]:
    labels = labels or {}
    return tuple(Choice(m.value, labels.get(m.value, m.value.replace("_", " "))) for m in enum)


# Every clinical number and scale below is read from `knowledge` (issue 11): the Karnofsky,
# ECOG and Frankel scales (KARNOFSKY_SCALE and ECOG_SCALE are re-exported for parsing), the
# ESCC grades, SINS points, and the survival thresholds of NOMS and Patchell.
NICE = ("nice-ng234-2023",)


def _or(words: list[str]) -> str:
    """'a, b or c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


_COLLAPSE = sins.COLLAPSE_PERCENT
_HIGH_ESCC = grades_of(EsccCategory.HIGH)
# The ECOG grade whose usual Karnofsky range straddles two Tokuhashi bands (ECOG 1: 1 or 2).
_ECOG_OPEN, _ECOG_OPEN_POINTS = next((e, o) for e, o in ECOG_OPTIONS.items() if len(o) > 1)
_ECOG_VALUES = [value for value, _ in ECOG_SCALE]


def _q(id: str, stage: Stage, short: str, prompt: str, kind: Kind, why: str,
       refs: tuple[str, ...] = NICE, **extra: object) -> Question:
    condition = FIELD_RELEVANCE.get(id)
    if condition is not None:
        extra.setdefault("condition", condition)
    return Question(id, stage, short, prompt, kind, why, refs, **extra)  # type: ignore[arg-type]


def _always(case: Case) -> bool:
    return True


def _recheck_possible(case: Case) -> bool:
    pain = case.pain
    return (case.cancer.known_or_suspected and pain.mechanical is False
            and pain.mechanical_assessed_seated is False)


S = Stage
YN = Kind.YES_NO
_QUESTIONS: tuple[Question, ...] = (
    # presentation
    _q(OPENING_ID, S.PRESENTATION, "cancer status", OPENING_PROMPT, Kind.CHOICE,
       "New back pain in a patient with cancer is metastatic until proven otherwise; without "
       "cancer only cord-compression red flags make this pathway apply.", ("mernik",),
       choices=_choices(CancerStatus)),
    _q("pain.present", S.PRESENTATION, "pain", "Does the patient have new back or neck pain?", YN,
       "Pain is the commonest first symptom of spinal metastasis.", ("mernik",)),
    _q("pain.regions", S.PRESENTATION, "pain regions",
       "Where is the pain? any of cervical, thoracic, lumbar, sacral", Kind.REGIONS,
       "Thoracic and cervical pain suggest metastasis.", ("nice-cg75-2008",)),
    # red flags: asked straight after the presentation (issue 12), history then examination
    _q("neurology.limb_weakness", S.RED_FLAGS, "limb weakness", "Any limb weakness?", YN,
       "Weakness is a red flag for cord compression: an emergency."),
    _q("neurology.difficulty_walking", S.RED_FLAGS, "difficulty walking",
       "Any difficulty walking (unsteadiness, falls)?", YN, "A red flag for cord compression."),
    _q("neurology.ambulatory", S.RED_FLAGS, "able to walk",
       "Can the patient walk (with or without an aid)?", YN,
       "Inability to walk is a red flag; walking status at treatment predicts outcome.",
       ("nice-ng234-2023", "patchell-2005")),
    _q("neurology.sensory_change", S.RED_FLAGS, "sensory change",
       "Any numbness, paraesthesia, sensory loss or sensory level?", YN,
       "A red flag for cord compression."),
    _q("neurology.bladder_bowel_dysfunction", S.RED_FLAGS, "bladder or bowel",
       "Any bladder or bowel dysfunction (retention, incontinence)?", YN,
       "A red flag for cord or cauda equina compression."),
    _q("neurology.saddle_anaesthesia", S.RED_FLAGS, "saddle anaesthesia",
       "Any saddle anaesthesia?", YN, "A red flag for cauda equina compression."),
    _q("pain.radicular", S.RED_FLAGS, "radicular pain",
       "Is there radicular pain (radiating to a limb, or band-like round the trunk)?", YN,
       "Radicular pain is a symptom of possible cord or root compression: a red flag."),
    _q("neurology.cord_compression_signs", S.RED_FLAGS, "cord compression signs",
       "On examination, upper motor neurone signs or a sensory level?", YN,
       "Signs of cord compression are a red flag even with normal power."),
    _q("neurology.frankel", S.RED_FLAGS, "Frankel grade",
       "Frankel grade? " + ", ".join(f"{f.value} {d}" for f, d in FRANKEL_SCALE.items()),
       Kind.CHOICE, "Frankel grade sets the Tokuhashi palsy item and Patchell candidacy.",
       ("frankel-1969", "tokuhashi-2005"),
       choices=tuple(Choice(f.value, d) for f, d in FRANKEL_SCALE.items()),
       choose_by=ChoiceBy.VALUE),
    # the cancer
    _q("cancer.primary", S.CANCER, "primary site", "Primary cancer site?", Kind.CHOICE,
       "The primary sets the Tokuhashi and Tomita items, radiosensitivity (NOMS) and whether a "
       "biopsy is needed.", ("tokuhashi-2005", "tomita-2001", "laufer-2013"),
       choices=_choices(PrimarySite, {"unknown": "unknown / not identified",
                                      "lung_nsclc": "lung, non-small cell",
                                      "lung_sclc": "lung, small cell"})),
    _q("cancer.histology_confirmed", S.CANCER, "histology",
       "Is there a tissue (histological) diagnosis of the cancer?", YN,
       "Without histology a biopsy is needed before definitive treatment.", ("badve-2021",)),
    _q("cancer.lymphoma_suspected", S.CANCER, "lymphoma suspected",
       "Could this be lymphoma or another haematological cancer (not yet proven)?", YN,
       "Steroids can destroy the tissue needed to diagnose lymphoma: discuss with haematology "
       "before giving them.", ("nice-ng234-2023", "mernik")),
    _q("cancer.established_metastases", S.CANCER, "known metastases",
       "Were metastases already known before this episode?", YN,
       "A first metastasis needs staging, and a biopsy to confirm it is considered.",
       ("badve-2021",)),
    # pain character
    _q("pain.severe_unremitting", S.PAIN, "severe unremitting",
       "Is the pain severe and unremitting?", YN, "A feature suggesting spinal metastases."),
    _q("pain.progressive", S.PAIN, "progressive", "Is the pain progressive?", YN,
       "A feature suggesting spinal metastases."),
    _q("pain.nocturnal", S.PAIN, "night pain", "Does night pain disturb sleep?", YN,
       "A feature suggesting spinal metastases."),
    _q("pain.aggravated_by_straining", S.PAIN, "pain on straining",
       "Is the pain worse on coughing, sneezing or straining?", YN,
       "A feature suggesting spinal metastases."),
    _q("pain.localised_tenderness", S.PAIN, "tenderness", "Is there localised spinal tenderness?",
       YN, "A feature suggesting spinal metastases."),
    _q("pain.mechanical", S.PAIN, "mechanical pain",
       "With the patient SITTING UP: is the pain mechanical (worse sitting, standing or "
       "moving; eased lying down)? ('no' means examined sitting up; 'no, lying down' if "
       "only examined lying down)", YN,
       f"Mechanical pain suggests instability (SINS {sins.MECHANICAL_PAIN} points instead of "
       f"{sins.OCCASIONAL_PAIN}). Lying flat hides it, so check it with the patient sitting up.",
       ("fisher-2010", "mernik")),
    _q("pain.mechanical_assessed_seated", S.PAIN, "checked seated",
       "Was that checked with the patient sitting up?", YN,
       "A 'not mechanical' answer from a supine examination does not count: it misses "
       "mechanical pain.", ("mernik",)),
    Question("pain.mechanical_recheck", S.PAIN, "re-check seated",
             "Please re-examine with the patient sitting up: is the pain mechanical now? "
             "(unknown if you cannot)", YN,
             "A supine examination misses mechanical pain; the seated answer counts for SINS "
             "and instability.", ("mernik", "fisher-2010"), condition=_recheck_possible),
    # performance
    _q("general.karnofsky", S.PERFORMANCE, "Karnofsky",
       f"Karnofsky performance status ({KARNOFSKY_RANGE[0]}-{KARNOFSKY_RANGE[1]}, or a "
       "description; 'ECOG 2' is accepted)?",
       Kind.KARNOFSKY, "Performance status feeds the Tokuhashi score and the decision between "
       "surgery and radiotherapy.", ("karnofsky-1948", "tokuhashi-2005"),
       choices=tuple(Choice(str(v), d) for v, d in KARNOFSKY_SCALE), choose_by=ChoiceBy.VALUE),
    _q("general.ecog", S.PERFORMANCE, "ECOG",
       f"ECOG performance status ({min(_ECOG_VALUES)}-{max(_ECOG_VALUES)})?", Kind.ECOG,
       f"With only ECOG, Karnofsky is approximated (ECOG {_ECOG_OPEN} leaves Tokuhashi "
       f"{_or([str(p) for p in _ECOG_OPEN_POINTS])}).",
       ("oken-1982",), choices=tuple(Choice(str(v), d) for v, d in ECOG_SCALE),
       choose_by=ChoiceBy.VALUE),
    # imaging
    Question("imaging", S.IMAGING, "any imaging",
             "Has any spinal imaging been done? (no, or which: e.g. MRI whole spine, CT, "
             "X-ray, bone scan)", YN,
             "Imaging decides the level, ESCC grade and SINS; whole-spine MRI is the test.",
             ("nice-ng234-2023", "badve-2021"), condition=_always,
             answered_by="imaging.modality"),
    _q("imaging.modality", S.IMAGING, "imaging type", "Which imaging?", Kind.CHOICE,
       "Whole-spine MRI is the test: only a normal whole-spine MRI lowers the urgency (CT "
       "misses marrow disease), and partial studies miss non-contiguous lesions.",
       ("seed-tl-2020",),
       choices=_choices(Modality, {"mri_whole_spine": "MRI whole spine",
                                   "mri_partial": "MRI of part of the spine",
                                   "ct_whole_spine": "CT whole spine", "ct": "CT (partial)",
                                   "xray": "plain X-ray", "bone_scan": "bone scan",
                                   "pet_ct": "PET-CT"})),
    _q("imaging.lesion_found", S.IMAGING, "lesion found",
       "Did it show a spinal metastasis? (no, or the level of the worst lesion, e.g. T9)", YN,
       "A normal whole-spine MRI makes metastasis an unlikely cause.", ("badve-2021",),
       answered_by="imaging.level"),
    _q("imaging.level", S.IMAGING, "level",
       f"Level of the worst lesion ({LEVELS_DESCRIPTION}, e.g. T11)?", Kind.LEVEL,
       f"Junctional levels score highest on SINS (T2 scores {sins.location_points('T2')}, "
       f"T3 scores {sins.location_points('T3')}).", ("fisher-2010",)),
    _q("imaging.escc", S.IMAGING, "ESCC grade",
       f"Bilsky ESCC grade at the worst level: {_or([g.value for g in EsccGrade])}?",
       Kind.CHOICE,
       f"Grade {_HIGH_ESCC[0].value}-{_HIGH_ESCC[-1].value} is cord compression (a red flag; "
       "the N of NOMS).", ("bilsky-2010",),
       choices=_choices(EsccGrade, {g.value: d for g, d in GRADE_DESCRIPTIONS.items()}),
       choose_by=ChoiceBy.VALUE),
    _q("imaging.lesion", S.IMAGING, "lesion type", "Is the lesion lytic, mixed or blastic?",
       Kind.CHOICE, "SINS bone lesion item.", ("fisher-2010",), choices=_choices(LesionType)),
    _q("imaging.collapse", S.IMAGING, "collapse", "Vertebral body collapse?", Kind.CHOICE,
       f"SINS collapse item (exactly {_COLLAPSE}% is not defined: give your reading).",
       ("fisher-2010",),
       choices=_choices(Collapse, {"none": "none", "none_gt50_involved":
                                   f"no collapse, more than {_COLLAPSE}% of the body involved",
                                   "lt50": f"less than {_COLLAPSE}%",
                                   "gt50": f"more than {_COLLAPSE}%"}),
       choose_by=ChoiceBy.NAME),
    _q("imaging.alignment", S.IMAGING, "alignment", "Spinal alignment?", Kind.CHOICE,
       "SINS alignment item; subluxation means instability.", ("fisher-2010",),
       choices=_choices(Alignment, {"deformity": "de novo deformity (kyphosis/scoliosis)",
                                    "subluxation": "subluxation or translation"})),
    _q("imaging.posterolateral", S.IMAGING, "posterolateral",
       "Posterolateral involvement (facet, pedicle or costovertebral joint)?", Kind.CHOICE,
       "SINS posterolateral item.", ("fisher-2010",), choices=_choices(Posterolateral),
       choose_by=ChoiceBy.NAME),
    _q("general.mri_contraindicated", S.IMAGING, "MRI contraindicated",
       "Is MRI contraindicated (e.g. a pacemaker that is not MRI-conditional)?", YN,
       "Then whole-spine CT is the imaging.", ("nice-ng234-2023", "badve-2021")),
    _q("general.spinal_metalwork", S.IMAGING, "spinal metalwork",
       "Any previous spinal instrumentation (metalwork)?", YN,
       "Metal degrades MRI: add CT of the instrumented segment.", ("seed-tl-2020",)),
    _q("neurology.rapidly_progressing", S.IMAGING, "rapidly progressing",
       "Is the deficit worsening over hours to days?", YN,
       "A rapidly progressing deficit makes the MRI immediate.", ("nice-qs56",)),
    # biopsy
    _q("imaging.atypical", S.BIOPSY, "atypical imaging",
       "Any imaging features not typical of metastasis (e.g. disc destruction)?", YN,
       "Atypical imaging needs tissue.", ("badve-2021",)),
    _q("cancer.second_primary", S.BIOPSY, "second primary",
       "Has the patient had two different cancers?", YN,
       "With two primaries, tissue decides which one this is.", ("badve-2021",)),
    _q("general.fever", S.BIOPSY, "fever", "Fever?", YN,
       "Infection (epidural abscess) must be excluded.", ("badve-2021",)),
    _q("general.infection_risk", S.BIOPSY, "infection risk",
       "Infection risk: IV drug use, immunosuppression, recent bacteraemia or spinal "
       "procedure?", YN, "Infection must be excluded.", ("badve-2021",)),
    # extent and treatment factors
    _q("disease.extraspinal_bone_metastases", S.EXTENT, "extraspinal bone metastases",
       "How many bone metastases outside the spine (0 if none)?", Kind.COUNT,
       "Tokuhashi, Tomita and Bauer count bone metastases.",
       ("tokuhashi-2005", "tomita-2001", "leithner-2008")),
    _q("disease.vertebral_metastases", S.EXTENT, "vertebral metastases",
       "How many vertebral bodies are involved?", Kind.COUNT,
       "Tokuhashi scores the number of vertebral bodies involved.", ("tokuhashi-2005",),
       minimum=1),
    _q("disease.visceral_metastases", S.EXTENT, "visceral metastases",
       "Metastases to major internal organs?", Kind.CHOICE,
       "Visceral metastases are an item of the Tokuhashi, Tomita and Bauer scores.",
       ("tokuhashi-2005", "tomita-2001", "leithner-2008"), choices=_choices(Visceral),
       choose_by=ChoiceBy.NAME),
    _q("cancer.radiosensitivity", S.EXTENT, "radiosensitivity",
       "Radiosensitivity of this tumour, if oncology has classified it (unknown keeps the "
       "usual class for the primary)?", Kind.CHOICE,
       "The O of NOMS: radioresistant tumours need SRS or surgery.",
       ("laufer-2013", "badve-2021"), choices=_choices(Radiosensitivity)),
    _q("general.expected_survival_months", S.EXTENT, "expected survival",
       "Oncology's estimate of expected survival, in months?", Kind.MONTHS,
       "Direct decompression (Patchell) needs an expected survival of at least "
       f"{MIN_SURVIVAL_MONTHS} months; with {POOR_SURVIVAL_MAX_MONTHS} months or less and poor "
       "performance, radiotherapy and supportive care are given instead of surgery.",
       ("chang-2023", "mernik", "patchell-2005")),
    _q("general.fit_for_surgery", S.EXTENT, "fit for surgery",
       "Is the patient fit for surgery (clinician's judgement)?", YN,
       "The S of NOMS: decompression needs a patient who can tolerate surgery.",
       ("laufer-2013",)),
    _q("cancer.tomita_growth", S.EXTENT, "Tomita growth",
       "This primary has no Tomita growth class: slow, moderate or rapid growth?", Kind.CHOICE,
       "Tomita's growth item is fixed only for some sites.", ("tomita-2001",),
       choices=_choices(Growth), choose_by=ChoiceBy.NAME),
    _q("disease.previous_radiotherapy_at_level", S.EXTENT, "previous radiotherapy",
       "Has this spinal level had radiotherapy before?", YN,
       "Conventional radiotherapy is usually not repeated at an irradiated level (spinal cord "
       "tolerance): SRS takes its place.", ("badve-2021",)),
)



def _checklist(id: str, prompt: str, item_ids: tuple[str, ...], questions: dict[str, Question],
               why: str) -> Question:
    """A checklist over yes/no questions (a group over choice questions): asked while two or
    more of them apply."""
    items = tuple(questions[i] for i in item_ids)
    kind = Kind.GROUP if items[0].kind is Kind.CHOICE else Kind.CHECKLIST
    refs = tuple(dict.fromkeys(r for q in items for r in q.refs))

    def condition(case: Case) -> bool:
        return sum(q.condition(case) for q in items) >= 2

    return Question(id, items[0].stage, id.replace(".", " ").replace("_", " "), prompt,
                    kind, why, refs, choices=tuple(Choice(q.id, q.short) for q in items),
                    condition=condition, items=item_ids)


def _with_checklists(questions: tuple[Question, ...],
                     checklists: tuple[tuple[str, str, tuple[str, ...], str], ...],
                     ) -> tuple[Question, ...]:
    """The questions with each checklist placed just before its first item."""
    by_id = {q.id: q for q in questions}
    out = list(questions)
    for id, prompt, item_ids, why in checklists:
        out.insert(out.index(by_id[item_ids[0]]), _checklist(id, prompt, item_ids, by_id, why))
    return tuple(out)


# Checklists ask less: one answer for several yes/no questions (never the red flags, which
# are asked one by one, nor mechanical pain, which needs the seated examination).
QUESTIONS = _with_checklists(_QUESTIONS, (
    ("pain.features", "Which of these describe the pain? List those present (e.g. 'night pain, "
     "progressive, none of the others'); 'no X' for one absent; 'others unknown'; items you "
     "do not mention are asked one by one. 'none' if none apply.",
     ("pain.severe_unremitting", "pain.progressive", "pain.nocturnal",
      "pain.aggravated_by_straining", "pain.localised_tenderness"),
     "Each is a feature suggesting spinal metastases: any one makes the pathway urgent."),
    ("imaging.sins_items", "The SINS items of the worst lesion, in this order: lesion type, "
     f"collapse, alignment, posterolateral involvement (e.g. 'lytic, less than {_COLLAPSE}%, "
     "normal, unilateral'; 'unknown' for one not reported). 'one by one' to be asked each.",
     ("imaging.lesion", "imaging.collapse", "imaging.alignment", "imaging.posterolateral"),
     "Together with the level and mechanical pain they make the SINS (stability)."),
    ("cancer.history", "Which of these apply? tissue diagnosis (histology); lymphoma or another "
     "haematological cancer possible; metastases known before this episode. List those "
     "present; 'no X' for one absent; 'none of the others'; 'others unknown'.",
     ("cancer.histology_confirmed", "cancer.lymphoma_suspected",
      "cancer.established_metastases"),
     "Histology decides the biopsy; possible lymphoma holds the steroids; a first metastasis "
     "needs staging."),
    ("biopsy.factors", "Which of these apply? List those present (e.g. 'fever, none of the "
     "others'); 'no X' for one absent; 'others unknown'; items you do not mention are asked "
     "one by one. 'none' if none apply.",
     ("imaging.atypical", "cancer.second_primary", "general.fever", "general.infection_risk"),
     "Each of these means tissue is needed (or infection must be excluded first)."),
))
BY_ID = {q.id: q for q in QUESTIONS}
CHECKLIST_ITEMS = frozenset(i for q in QUESTIONS for i in q.items)

# Once a red flag is present, these are asked before any other question, in this order:
# first what decides the drug given now (steroids wait for haematology in lymphoma without
# histology, RULES §2.2), then the rest of the red flags and the examination, then what the
# MSCC coordinator needs for the referral (performance, imaging so far). Each one's
# condition reads only cancer.status and questions earlier in this list.
EMERGENCY_ORDER: tuple[str, ...] = (
    "cancer.primary", "cancer.histology_confirmed", "cancer.lymphoma_suspected",
    *(q.id for q in QUESTIONS if q.stage is Stage.RED_FLAGS),
    "general.karnofsky", "general.ecog",
    "imaging", "imaging.modality", "imaging.lesion_found", "imaging.level", "imaging.escc",
)


def find_question(words: str) -> Question | None:
    """A question by id, short name, or unambiguous part of its short name or prompt."""
    text = " ".join(words.lower().replace("_", " ").split())
    if not text:
        return None
    for q in QUESTIONS:
        if text in (q.id.lower(), q.id.replace("_", " ").lower(), q.short.lower()):
            return q
    matches = [q for q in QUESTIONS if text in q.short.lower()]
    if len(matches) == 1:
        return matches[0]
    matches = [q for q in QUESTIONS if text in q.prompt.lower()]
    return matches[0] if len(matches) == 1 else None
