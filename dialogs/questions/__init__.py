"""The questions, as data, grouped by stage: one module per stage (`presentation`,
`red_flags`, ... `extent`), each asking its questions in order; the stages come in the
order of the conversation (`dialogs.flow.FLOW`). This is the one place the ask order is
declared.

A question fills one case field (its id is the field path) unless it is one of the two
conversation-only questions (`imaging`: is there any imaging; `pain.mechanical_recheck`: a
re-examination sitting up). When a question is asked comes from `knowledge.relevance`.
"""

from __future__ import annotations

from itertools import chain

from dialogs.flow import FLOW, Stage
from dialogs.questions import (
    biopsy,
    cancer,
    extent,
    imaging,
    pain,
    performance,
    presentation,
    red_flags,
)
from dialogs.questions.model import COLLAPSE, Choice, Kind, Question
from dialogs.questions.model import LISTED_KINDS as LISTED_KINDS
from dialogs.questions.model import ChoiceBy as ChoiceBy
from knowledge.case import Case
from knowledge.scores.performance import ECOG_SCALE as ECOG_SCALE
from knowledge.scores.performance import KARNOFSKY_SCALE as KARNOFSKY_SCALE

__all__ = ["BY_ID", "BY_STAGE", "CHECKLIST_ITEMS", "ECOG_SCALE", "EMERGENCY_ORDER",
           "KARNOFSKY_SCALE", "LISTED_KINDS", "QUESTIONS", "Choice", "ChoiceBy", "Kind",
           "Question", "find_question",
           "question_candidates"]

_STAGES = (presentation, red_flags, cancer, pain, performance, imaging, biopsy, extent)
BY_STAGE: dict[Stage, tuple[Question, ...]] = {m.STAGE: m.QUESTIONS for m in _STAGES}
# The stages' questions in the conversation's stage order (the one ask order).
_DECLARED = tuple(chain.from_iterable(BY_STAGE.get(stage, ()) for stage in FLOW))


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
QUESTIONS = _with_checklists(_DECLARED, (
    ("pain.features", "Which of these describe the pain? List those present (e.g. 'night pain, "
     "progressive, none of the others'); 'no X' for one absent; 'others unknown'; items you "
     "do not mention are asked one by one. 'none' if none apply.",
     ("pain.severe_unremitting", "pain.progressive", "pain.nocturnal",
      "pain.aggravated_by_straining", "pain.localised_tenderness"),
     "Each is a feature suggesting spinal metastases: any one makes the pathway urgent."),
    ("imaging.sins_items", "The SINS items of the worst lesion, in this order: lesion type, "
     f"collapse, alignment, posterolateral involvement (e.g. 'lytic, less than {COLLAPSE}%, "
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
    matches = question_candidates(text)
    return matches[0] if len(matches) == 1 else None


def question_candidates(words: str) -> list[Question]:
    """The questions whose short name (else whose prompt) holds `words`."""
    text = " ".join(words.lower().replace("_", " ").split())
    if not text:
        return []
    return ([q for q in QUESTIONS if text in q.short.lower()]
            or [q for q in QUESTIONS if text in q.prompt.lower()])
