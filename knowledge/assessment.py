"""The assessment (`spinemets-assessment/1`) and `assess(case)`, which applies RULES.md."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from knowledge.case import Case
from knowledge.decisions import Decisions, decide
from knowledge.references import KnowledgeBase, knowledge_base
from knowledge.rules import actions as act
from knowledge.rules import biopsy as bx
from knowledge.rules import imaging as img
from knowledge.rules import triage
from knowledge.rules.noms import NomsResult
from knowledge.rules.treatment_notes import treatment_notes
from knowledge.scores.escc import EsccResult
from knowledge.scores.performance import (
    ECOG_REF,
    FRANKEL_REF,
    KARNOFSKY_REF,
    KarnofskyEcho,
    karnofsky_echo,
)
from knowledge.scores.ranges import ScoreResult
from knowledge.unknowns import unknown_effects
from knowledge.vocab import (
    BiopsyRecommendation,
    BiopsyTiming,
    Frankel,
    ImagingTiming,
    Immobilisation,
    Modality,
    NomsDecision,
    Pathway,
    Steroids,
    SurgicalOpinion,
    Urgency,
)

ASSESSMENT_FORMAT = "spinemets-assessment/1"
_FROZEN = ConfigDict(frozen=True)


class Action(BaseModel):
    model_config = _FROZEN
    id: str
    timing: str | None
    text: str
    refs: list[str]


class Note(BaseModel):
    model_config = _FROZEN
    id: str
    text: str
    refs: list[str]


class Reference(BaseModel):
    model_config = _FROZEN
    id: str
    citation: str


class ImagingAdvice(BaseModel):
    model_config = _FROZEN
    modality: Modality
    timing: ImagingTiming
    notes: list[str]


class BiopsyAdvice(BaseModel):
    model_config = _FROZEN
    recommendation: BiopsyRecommendation
    timing: BiopsyTiming
    reasons: list[str]


# The scores with totals, ranges and bands, in the order every face lists them.
RANGED_SCORES = ("sins", "tokuhashi_revised", "tomita", "bauer_modified")


class Scores(BaseModel):
    model_config = _FROZEN
    sins: ScoreResult | None
    escc: EsccResult | None
    tokuhashi_revised: ScoreResult | None
    tomita: ScoreResult | None
    bauer_modified: ScoreResult | None
    karnofsky: KarnofskyEcho | None
    ecog: int | None
    frankel: Frankel | None

    def ranged(self) -> list[tuple[str, ScoreResult | None]]:
        """(name, result) of each score with totals and bands, in RANGED_SCORES order."""
        return [(name, getattr(self, name)) for name in RANGED_SCORES]


class Assessment(BaseModel):
    model_config = _FROZEN
    format: str = ASSESSMENT_FORMAT
    case_id: str | None
    title: str | None
    knowledge_version: str
    urgency: Urgency
    pathway: Pathway
    red_flags: list[str]
    suggestive_features: list[str]
    instability_suspected: bool
    actions: list[Action]
    surgical_opinion: SurgicalOpinion
    steroids: Steroids
    immobilisation: Immobilisation
    imaging: ImagingAdvice
    biopsy: BiopsyAdvice
    scores: Scores
    noms: NomsResult
    patchell_candidate: bool | None
    patchell_missing: list[str]
    notes: list[Note]
    unknowns: list[str]
    unknown_effects: dict[str, list[str]]
    references: list[Reference]
    disclaimer: str


_PATHWAY_NOTES = {Pathway.MRI_NEGATIVE: "mri_negative", Pathway.OUTSIDE_SCOPE: "outside_scope"}


def _note_ids(case: Case, d: Decisions) -> list[str]:
    """Every note that applies (RULES §1.3, §1.4, §2.1, §3, §4, §6), in a fixed order."""
    note_ids = [*([_PATHWAY_NOTES[d.pathway]] if d.pathway in _PATHWAY_NOTES else []),
                *triage.triage_notes(case), *img.imaging_notes(case, d.flags, d.imaging_timing)]
    if act.sins_incomplete(d.sins):
        note_ids.append("sins_incomplete")
    if d.steroids is Steroids.OFFER_DEXAMETHASONE_16MG:
        note_ids.append("steroid_regimens")
    if d.biopsy is not BiopsyRecommendation.NOT_NEEDED:
        note_ids.append("biopsy_technique")
    if bx.infection_not_excluded(case, d.steroids, d.opinion, d.noms.decision):
        note_ids.append("infection_not_excluded")
    note_ids += treatment_notes(case, lesion_seen=d.seen, noms=d.noms, escc=d.escc,
                                sins=d.sins, tokuhashi=d.tokuhashi, tomita=d.tomita,
                                patchell=d.patchell)
    if any(score is not None for score in (d.tokuhashi, d.tomita, d.bauer)):
        note_ids.append("other_prognostic_scores")
    return note_ids


def assess(case: Case) -> Assessment:
    """Apply the rulebook to one case. Pure: the same case always gives the same result."""
    kb = knowledge_base()
    d = decide(case)
    scores = Scores(
        sins=d.sins,
        escc=d.escc,
        tokuhashi_revised=d.tokuhashi,
        tomita=d.tomita,
        bauer_modified=d.bauer,
        karnofsky=karnofsky_echo(case.general),
        ecog=case.general.ecog,  # echoed whenever given (§5.6)
        frankel=case.neurology.frankel,
    )
    note_ids = _note_ids(case, d)
    variant_of = {"tokuhashi_advice": d.tokuhashi.band if d.tokuhashi else None,
                  "tomita_advice": d.tomita.band if d.tomita else None,
                  "biopsy_technique": d.biopsy_timing.value,
                  # Once it is an emergency, "any one of them makes this an emergency" is moot.
                  "neurology_not_assessed": ("emergency" if d.urgency is Urgency.EMERGENCY
                                             else "not_emergency")}
    notes = [_note(note_id, variant_of.get(note_id)) for note_id in note_ids]
    action_list = [_action(a_id, t.value if t else None, variant)
                   for a_id, t, variant in d.actions]
    effects = unknown_effects(case, d.results)
    return Assessment(
        case_id=case.id,
        title=case.title,
        knowledge_version=kb.version,
        urgency=d.urgency,
        pathway=d.pathway,
        red_flags=d.flags,
        suggestive_features=d.features,
        instability_suspected=d.instability,
        actions=action_list,
        surgical_opinion=d.opinion,
        steroids=d.steroids,
        immobilisation=d.immobilisation,
        imaging=ImagingAdvice(modality=d.modality, timing=d.imaging_timing,
                              notes=[n for n in note_ids if n in img.IMAGING_NOTES]),
        biopsy=BiopsyAdvice(recommendation=d.biopsy, timing=d.biopsy_timing,
                            reasons=d.biopsy_reasons),
        scores=scores,
        noms=d.noms,
        patchell_candidate=d.patchell,
        patchell_missing=d.patchell_missing,
        notes=notes,
        unknowns=list(effects),
        unknown_effects=effects,
        references=_references(kb, action_list, notes, scores, d.noms, d.patchell_missing,
                               d.patchell),
        disclaimer=kb.disclaimer,
    )


# Texts are constant for a knowledge version: build each model once.
@cache
def _note(note_id: str, variant: str | None) -> Note:
    text = knowledge_base().note(note_id, variant)
    return Note(id=note_id, text=text.text, refs=list(text.refs))


@cache
def _action(action_id: str, timing: str | None, variant: str | None) -> Action:
    text = knowledge_base().action(action_id, variant)
    return Action(id=action_id, timing=timing, text=text.text, refs=list(text.refs))


@cache
def _reference(ref_id: str) -> Reference:
    return Reference(id=ref_id, citation=knowledge_base().references[ref_id])


NOMS_REFS = ("laufer-2013", "chang-2023")
PATCHELL_REF = "patchell-2005"


def _references(kb: KnowledgeBase, actions: list[Action], notes: list[Note], scores: Scores,
                noms_result: NomsResult, patchell_missing: list[str],
                patchell: bool | None) -> list[Reference]:
    """Every reference cited by an action, a note, a score or a decision, in list order."""
    cited = {ref for action in actions for ref in action.refs}
    cited.update(ref for note in notes for ref in note.refs)
    for score in (scores.sins, scores.escc, scores.tokuhashi_revised, scores.tomita,
                  scores.bauer_modified):
        if score is not None:
            cited.add(score.ref)
    if scores.karnofsky is not None:
        cited.add(KARNOFSKY_REF)
        if scores.karnofsky.approximate:
            cited.add(ECOG_REF)
    if scores.frankel is not None:
        cited.add(FRANKEL_REF)
    if noms_result.reached_table or noms_result.decision is NomsDecision.CEBRT_AND_SUPPORTIVE_CARE:
        cited.update(NOMS_REFS)
    if patchell is not False or patchell_missing:
        cited.add(PATCHELL_REF)
    return _reference_list(frozenset(cited))


@cache
def _reference_list(cited: frozenset[str]) -> list[Reference]:
    # Few distinct sets occur in practice; callers never mutate the list (pydantic copies it).
    return [_reference(ref_id) for ref_id in knowledge_base().references if ref_id in cited]
