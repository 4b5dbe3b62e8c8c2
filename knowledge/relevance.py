"""Which case fields can still change the assessment (so a conversation asks only those).

`FIELD_RELEVANCE[path](case)` answers for one case field, given what the case already holds
(unanswered fields are unknown). The mapping has no order of its own: the conversation
declares the order it asks in, and must ask a field after the fields whose answers can make
its predicate true (its tests check that case by case). For the treatment inputs (fitness, survival,
radiosensitivity) the rules interact, so the predicate tries each value on the functions
they feed (NOMS, Patchell, the poor-performance note) and sees whether the result moves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from knowledge.case import PAIN_FEATURE_FIELDS, Case
from knowledge.rules.findings import definitive_scan, lesion_seen, negative_scan
from knowledge.rules.noms import NomsResult, noms, poor_condition
from knowledge.rules.patchell import patchell_candidate
from knowledge.rules.treatment_notes import poor_performance_note
from knowledge.rules.triage import red_flags, suggestive_features, urgency_and_pathway
from knowledge.scores.escc import escc
from knowledge.scores.sins import sins
from knowledge.scores.tomita import GROWTH_OF_SITE
from knowledge.unknowns import SURVIVAL_MONTHS
from knowledge.vocab import CancerStatus, Frankel, Modality, PrimarySite, Radiosensitivity

Predicate = Callable[[Case], bool]


def _always(case: Case) -> bool:
    return True


def _active(case: Case) -> bool:
    return case.cancer.known_or_suspected


def _scored(case: Case) -> bool:
    return _active(case) and not negative_scan(case)


def _pain_possible(case: Case) -> bool:
    return case.pain.present is not False


def _imaging(case: Case) -> bool:
    return case.imaging is not None


def _lesion_possible(case: Case) -> bool:
    return case.imaging is not None and case.imaging.lesion_found is not False


def _with(case: Case, section: str, **fields: Any) -> Case:
    return case.model_copy(update={section: getattr(case, section).model_copy(update=fields)})


def _treatment_inputs(case: Case) -> dict[str, Any]:
    """What NOMS and Patchell read that fitness, survival and radiosensitivity do not change."""
    flags = red_flags(case)
    _, pathway = urgency_and_pathway(case, flags, suggestive_features(case))
    seen, negative = lesion_seen(case), negative_scan(case)
    grade = escc(case.imaging.escc) if seen and case.imaging is not None else None
    score = sins(case) if seen and _scored(case) else None
    return {"flags": flags, "pathway": pathway, "seen": seen, "negative": negative,
            "grade": grade, "sins": score}


def _noms_of(case: Case, inputs: dict[str, Any]) -> NomsResult:
    return noms(case, lesion_seen=inputs["seen"], negative_scan=inputs["negative"],
                escc=inputs["grade"], sins=inputs["sins"])


def _treatment_outcome(case: Case, inputs: dict[str, Any]) -> tuple[object, ...]:
    """What fitness, survival and radiosensitivity feed: NOMS, Patchell, the poor note."""
    result = _noms_of(case, inputs)
    patchell = patchell_candidate(case, pathway=inputs["pathway"], flags=inputs["flags"],
                                  negative_scan=inputs["negative"], escc=inputs["grade"])
    return (result.decision, tuple(result.branches), result.reached_table,
            tuple(result.missing), result.neurologic, result.oncologic, result.mechanical,
            result.systemic, patchell, poor_performance_note(case))


def _varies(section: str, name: str, values: tuple[Any, ...]) -> Predicate:
    def predicate(case: Case) -> bool:
        if not _active(case):
            return False
        inputs = _treatment_inputs(case)
        first = None
        for value in values:
            outcome = _treatment_outcome(_with(case, section, **{name: value}), inputs)
            if first is None:
                first = outcome
            elif outcome != first:
                return True
        return False

    return predicate


# The survival values RULES §7 tries for an unknown survival (unknown, then each of them).
_SURVIVALS = (None, *SURVIVAL_MONTHS)


def _survival_matters(case: Case) -> bool:
    poor_karnofsky, _ = poor_condition(case)
    if _active(case) and poor_karnofsky is not False:
        return True  # the poor-performance note reads survival whatever NOMS decides
    if _varies("general", "expected_survival_months", _SURVIVALS)(case):
        return True
    # Survival also decides what an unknown Frankel grade could do to Patchell (a deficit
    # makes it a suspected MSCC with a motor deficit): `unknowns` reports that (§7).
    if case.neurology.frankel is None:
        deficit = _with(case, "neurology", frankel=Frankel.D)
        return _varies("general", "expected_survival_months", _SURVIVALS)(deficit)
    return False


def _contraindication_matters(case: Case) -> bool:
    """Unless a whole-spine MRI is done and need not be repeated, the contraindication
    decides the modality (§3)."""
    imaging = case.imaging
    if imaging is None or imaging.modality is not Modality.MRI_WHOLE_SPINE:
        return True
    negative_possible = negative_scan(case) or (
        imaging.lesion_found is None and not lesion_seen(case))  # an unknown tried as false
    return bool(red_flags(case)) and negative_possible


def _rapidly_progressing_matters(case: Case) -> bool:
    flags = red_flags(case)
    return bool(flags) and (not definitive_scan(case) or negative_scan(case))


def _previous_radiotherapy_matters(case: Case) -> bool:
    if not _scored(case) or not lesion_seen(case):
        return False
    return _noms_of(case, _treatment_inputs(case)).reached_table


def _growth_matters(case: Case) -> bool:
    return _scored(case) and case.cancer.primary not in GROWTH_OF_SITE


def _sins_item_matters(case: Case) -> bool:
    """A SINS imaging item feeds the scores; given, it also says a lesion was seen, which
    settles an unknown `lesion_found` (its `false` would then contradict the case, §7)."""
    if not _lesion_possible(case):
        return False
    assert case.imaging is not None
    return _active(case) or case.imaging.lesion_found is None


def _extraspinal_matters(case: Case) -> bool:
    """The count feeds the prognostic scores, and, without a spinal lesion seen, the
    bone-targeted therapy note (§6.5), which a negative scan does not rule out."""
    return _scored(case) or (_active(case) and not lesion_seen(case)
                             and case.cancer.primary is not PrimarySite.MYELOMA)


def _seated_matters(case: Case) -> bool:
    return (_active(case) and case.pain.present_or_implied is not False
            and case.pain.mechanical is not True)


# Field paths in the order a conversation asks them; each predicate reads earlier fields only.
FIELD_RELEVANCE: dict[str, Predicate] = {
    "cancer.status": _always,
    # presentation, then the red flags straight away (issue 12): each reads earlier fields
    "pain.present": _always,
    "pain.regions": _pain_possible,
    "neurology.limb_weakness": _always,
    "neurology.difficulty_walking": _always,
    "neurology.ambulatory": _always,
    "neurology.sensory_change": _always,
    "neurology.bladder_bowel_dysfunction": _always,
    "neurology.saddle_anaesthesia": _always,
    "pain.radicular": _always,
    "neurology.cord_compression_signs": _always,
    "neurology.frankel": _always,
    "cancer.primary": _active,
    "cancer.histology_confirmed": _active,
    # A primary recorded as lymphoma already holds the steroids back (§2.2).
    "cancer.lymphoma_suspected":
        lambda c: (_active(c) and c.cancer.histology_confirmed is not True
                   and c.cancer.primary is not PrimarySite.LYMPHOMA),
    "cancer.established_metastases": lambda c: c.cancer.status is CancerStatus.KNOWN,
    **{f"pain.{name}": _pain_possible for name in PAIN_FEATURE_FIELDS},
    "pain.mechanical_assessed_seated": _seated_matters,
    "general.karnofsky": _always,
    "general.ecog": lambda c: c.general.karnofsky is None,
    "imaging.modality": _imaging,
    "imaging.lesion_found": _imaging,
    "imaging.level": _lesion_possible,
    "imaging.escc": _lesion_possible,
    "imaging.lesion": _sins_item_matters,
    "imaging.collapse": _sins_item_matters,
    "imaging.alignment": _sins_item_matters,
    "imaging.posterolateral": _sins_item_matters,
    "general.mri_contraindicated": _contraindication_matters,
    "general.spinal_metalwork": _always,
    "neurology.rapidly_progressing": _rapidly_progressing_matters,
    "imaging.atypical": lambda c: _scored(c) and _imaging(c),
    "cancer.second_primary": _scored,
    "general.fever": lambda c: _scored(c) or bool(red_flags(c)),
    "general.infection_risk":
        lambda c: (_scored(c) or bool(red_flags(c))) and c.general.fever is not True,
    "disease.extraspinal_bone_metastases": _extraspinal_matters,
    "disease.vertebral_metastases": _scored,
    "disease.visceral_metastases": _scored,
    # Radiosensitivity first: survival and fitness matter only if the tumour is not
    # highly radiosensitive (Patchell), which the oncology override can change.
    "cancer.radiosensitivity": _varies("cancer", "radiosensitivity",
                                       (None, *Radiosensitivity)),
    "general.expected_survival_months": _survival_matters,
    "general.fit_for_surgery": _varies("general", "fit_for_surgery", (None, True, False)),
    "cancer.tomita_growth": _growth_matters,
    "disease.previous_radiotherapy_at_level": _previous_radiotherapy_matters,
}

