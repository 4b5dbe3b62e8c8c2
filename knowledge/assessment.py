"""The assessment (`spinemets-assessment/1`) and `assess(case)`, which applies RULES.md."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from knowledge import actions as act
from knowledge import biopsy as bx
from knowledge import imaging as img
from knowledge import triage
from knowledge.case import Case
from knowledge.findings import lesion_seen, negative_scan
from knowledge.noms import NomsResult, noms
from knowledge.patchell import patchell_candidate
from knowledge.references import KnowledgeBase, knowledge_base
from knowledge.scores.bauer import bauer
from knowledge.scores.escc import EsccResult, escc
from knowledge.scores.performance import (
    ECOG_REF,
    FRANKEL_REF,
    KARNOFSKY_REF,
    KarnofskyEcho,
    karnofsky_echo,
)
from knowledge.scores.ranges import ScoreResult
from knowledge.scores.sins import sins
from knowledge.scores.tokuhashi import tokuhashi
from knowledge.scores.tomita import tomita
from knowledge.treatment_notes import treatment_notes
from knowledge.unknowns import collect_unknowns
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
_BAND_ADVICE = {"tokuhashi_advice": "tokuhashi", "tomita_advice": "tomita"}


def assess(case: Case) -> Assessment:
    """Apply the rulebook to one case. Pure: the same case always gives the same result."""
    kb = knowledge_base()
    cancer = case.cancer.known_or_suspected
    seen = lesion_seen(case)
    negative = negative_scan(case)
    scored = cancer and not negative

    flags = triage.red_flags(case)
    features = triage.suggestive_features(case)
    urgency, pathway = triage.urgency_and_pathway(case, flags, features)

    sins_score = sins(case) if scored and seen else None
    escc_result = escc(case.imaging.escc) if scored and seen and case.imaging else None
    scores = Scores(
        sins=sins_score,
        escc=escc_result,
        tokuhashi_revised=tokuhashi(case) if scored else None,
        tomita=tomita(case) if scored else None,
        bauer_modified=bauer(case) if scored else None,
        karnofsky=karnofsky_echo(case.general),
        # ECOG is used (and echoed) only when Karnofsky is unknown.
        ecog=case.general.ecog if case.general.karnofsky is None else None,
        frankel=case.neurology.frankel,
    )
    instability = triage.instability_suspected(case, sins_score)
    noms_result = noms(case, lesion_seen=seen, negative_scan=negative, escc=escc_result,
                       sins=sins_score)
    opinion = act.surgical_opinion(case, urgency, instability, sins_score,
                                   noms_result.all_decisions)
    steroid_advice = act.steroids(case, flags, seen)
    immobilise = act.immobilisation(case, urgency, instability)
    action_entries = act.actions(urgency, pathway, opinion, steroid_advice, immobilise)

    timing = img.imaging_timing(case, urgency, flags)
    xray_advice = any(entry[0] == "no_plain_xray" for entry in action_entries)
    imaging_note_ids = img.imaging_notes(case, flags, timing, xray_advice)

    reasons = bx.biopsy_reasons(case)
    recommendation = bx.biopsy_recommendation(reasons)
    patchell, patchell_missing = patchell_candidate(
        case, pathway=pathway, flags=flags, negative_scan=negative, escc=escc_result)

    note_ids = [*([_PATHWAY_NOTES[pathway]] if pathway in _PATHWAY_NOTES else []),
                *triage.triage_notes(case), *imaging_note_ids]
    if act.sins_incomplete(sins_score):
        note_ids.append("sins_incomplete")
    if steroid_advice is Steroids.OFFER_DEXAMETHASONE_16MG:
        note_ids.append("steroid_regimens")
    if recommendation is not BiopsyRecommendation.NOT_NEEDED:
        note_ids.append("biopsy_technique")
    if bx.infection_not_excluded(case, steroid_advice, opinion, noms_result.decision):
        note_ids.append("infection_not_excluded")
    note_ids += treatment_notes(case, lesion_seen=seen, noms=noms_result, escc=escc_result,
                                sins=sins_score, tokuhashi=scores.tokuhashi_revised,
                                tomita=scores.tomita, patchell=patchell)
    if scored:
        note_ids.append("other_prognostic_scores")

    band_of = {"tokuhashi": scores.tokuhashi_revised, "tomita": scores.tomita}
    notes = [_note(note_id, _note_variant(note_id, band_of)) for note_id in note_ids]
    action_list = [_action(a_id, t.value if t else None, variant)
                   for a_id, t, variant in action_entries]
    effects = collect_unknowns(
        case, urgency=urgency, scores={"sins": sins_score, "tokuhashi_revised":
                                       scores.tokuhashi_revised, "tomita": scores.tomita,
                                       "bauer_modified": scores.bauer_modified},
        noms_missing=noms_result.missing, patchell_missing=patchell_missing,
        imaging_timing=timing, biopsy=recommendation, negative_scan=negative,
        instability=instability, noms_decision=noms_result.decision)
    return Assessment(
        case_id=case.id,
        title=case.title,
        knowledge_version=kb.version,
        urgency=urgency,
        pathway=pathway,
        red_flags=flags,
        suggestive_features=features,
        instability_suspected=instability,
        actions=action_list,
        surgical_opinion=opinion,
        steroids=steroid_advice,
        immobilisation=immobilise,
        imaging=ImagingAdvice(modality=img.recommended_modality(case), timing=timing,
                              notes=imaging_note_ids),
        biopsy=BiopsyAdvice(recommendation=recommendation,
                            timing=bx.biopsy_timing(recommendation, urgency), reasons=reasons),
        scores=scores,
        noms=noms_result,
        patchell_candidate=patchell,
        patchell_missing=patchell_missing,
        notes=notes,
        unknowns=list(effects),
        unknown_effects=effects,
        references=_references(kb, action_list, notes, scores, noms_result, patchell_missing,
                               patchell),
        disclaimer=kb.disclaimer,
    )


def _note_variant(note_id: str, band_of: dict[str, ScoreResult | None]) -> str | None:
    if note_id not in _BAND_ADVICE:
        return None
    score = band_of[_BAND_ADVICE[note_id]]
    return score.band if score is not None else None


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
