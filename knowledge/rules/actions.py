"""Immediate actions, surgical opinion, steroids and immobilisation (RULES.md §2)."""

from __future__ import annotations

from collections.abc import Iterable

from knowledge.case import Case
from knowledge.scores.ranges import ScoreResult
from knowledge.scores.sins import POTENTIALLY_UNSTABLE_MIN
from knowledge.vocab import (
    CancerStatus,
    ImagingTiming,
    Immobilisation,
    NomsDecision,
    Pathway,
    PrimarySite,
    Steroids,
    SurgicalOpinion,
    Timing,
    Urgency,
)

# SINS potentially unstable (7) or more warrants a surgical consultation [fisher-2010].
SINS_CONSULTATION_MIN = POTENTIALLY_UNSTABLE_MIN
# The haematological malignancies (§2.2 row 3, §4 row 5, §6.5 haematology_mdt): the one
# definition, used by the steroid, biopsy and treatment-note rules.
HAEMATOLOGICAL = frozenset({PrimarySite.LYMPHOMA, PrimarySite.MYELOMA})
SINS_IMAGING_FIELDS = ("level", "lesion", "alignment", "collapse", "posterolateral")

ActionEntry = tuple[str, Timing | None, str | None]
"""(action id, timing, text variant): the variant picks the wording where an action has several."""


def surgical_opinion(case: Case, urgency: Urgency, instability: bool, sins: ScoreResult | None,
                     decisions: Iterable[NomsDecision]) -> SurgicalOpinion:
    """§2.1, first match. `decisions` is the NOMS decision and every branch decision."""
    if urgency is Urgency.EMERGENCY:
        return SurgicalOpinion.IMMEDIATE
    if instability:
        return SurgicalOpinion.WITHIN_24H
    if sins is not None and sins.min >= SINS_CONSULTATION_MIN:
        return SurgicalOpinion.RECOMMENDED
    imaging = case.imaging
    sins_items_known = imaging is not None and all(
        getattr(imaging, name) is not None for name in SINS_IMAGING_FIELDS)
    if sins_items_known and any(d.involves_surgery for d in decisions):
        return SurgicalOpinion.RECOMMENDED
    return SurgicalOpinion.NOT_INDICATED


def sins_incomplete(sins: ScoreResult | None) -> bool:
    """The SINS range reaches 7 but its minimum is below 7: unknown items could matter."""
    return sins is not None and sins.min < SINS_CONSULTATION_MIN <= sins.max


def steroids(case: Case, flags: list[str], lesion_seen: bool) -> Steroids:
    """§2.2, first match."""
    cancer = case.cancer
    if cancer.status is CancerStatus.NONE:
        return Steroids.NOT_ROUTINE
    lymphoma = cancer.lymphoma_suspected is True or cancer.primary is PrimarySite.LYMPHOMA
    if lymphoma and cancer.histology_confirmed is not True:  # unknown histology included
        return Steroids.DISCUSS_HAEMATOLOGY_FIRST
    if cancer.primary in HAEMATOLOGICAL and (flags or lesion_seen):
        return Steroids.OFFER_DEXAMETHASONE_16MG
    if any(flag != "high_grade_escc" for flag in flags):
        return Steroids.OFFER_DEXAMETHASONE_16MG
    return Steroids.NOT_ROUTINE


def immobilisation(case: Case, urgency: Urgency, instability: bool) -> Immobilisation:
    """§2.3, first match."""
    if case.cancer.status is CancerStatus.NONE:
        return Immobilisation.NOT_NEEDED
    if urgency is Urgency.EMERGENCY:
        return Immobilisation.START_NOW if instability else Immobilisation.CONSIDER
    return Immobilisation.CONSIDER if instability else Immobilisation.NOT_NEEDED


# §2 table: immediately for an emergency, within 24 hours when urgent, none otherwise.
_HAEMATOLOGY_TIMING = {Urgency.EMERGENCY: Timing.IMMEDIATELY, Urgency.URGENT: Timing.WITHIN_24H}
_OPINION_TIMING = {
    SurgicalOpinion.IMMEDIATE: (Timing.IMMEDIATELY, "immediately"),
    SurgicalOpinion.WITHIN_24H: (Timing.WITHIN_24H, "within_24h"),
    SurgicalOpinion.RECOMMENDED: (None, "recommended"),
}


def actions(urgency: Urgency, pathway: Pathway, opinion: SurgicalOpinion,
            steroid_advice: Steroids, immobilise: Immobilisation,
            imaging_timing: ImagingTiming) -> list[ActionEntry]:
    """§2 table: the actions that apply, with their timings, in the table's order.

    The urgent coordinator text says what §3 says of the imaging (needed, or done)."""
    emergency = urgency is Urgency.EMERGENCY
    found: list[ActionEntry] = []
    if pathway is Pathway.SUSPECTED_MSCC:
        found.append(("contact_mscc_coordinator", Timing.IMMEDIATELY, "immediately"))
    if pathway is Pathway.SUSPECTED_CORD_COMPRESSION:
        found.append(("contact_on_call_spinal_team", Timing.IMMEDIATELY, None))
    if urgency is Urgency.URGENT:
        found.append(("contact_mscc_coordinator", Timing.WITHIN_24H,
                      "within_24h_scan_done" if imaging_timing is ImagingTiming.DONE
                      else "within_24h"))
    if emergency:
        found.append(("admit", Timing.IMMEDIATELY, None))
    if opinion is not SurgicalOpinion.NOT_INDICATED:
        found.append(("surgical_opinion", *_OPINION_TIMING[opinion]))
    if steroid_advice is Steroids.OFFER_DEXAMETHASONE_16MG:
        found.append(("dexamethasone", Timing.IMMEDIATELY, None))
    if steroid_advice is Steroids.DISCUSS_HAEMATOLOGY_FIRST:
        found.append(("discuss_haematology_before_steroids",
                      _HAEMATOLOGY_TIMING.get(urgency), None))
    if immobilise is Immobilisation.START_NOW:
        found.append(("immobilise", Timing.IMMEDIATELY, "immediately"))
    elif immobilise is Immobilisation.CONSIDER:
        found.append(("immobilise", None, "consider"))
    if urgency in (Urgency.EMERGENCY, Urgency.URGENT):
        found.append(("no_plain_xray", None, None))
    if urgency in (Urgency.URGENT, Urgency.ROUTINE):
        found.append(("safety_net", None, None))
    if pathway is Pathway.LOW_SUSPICION:
        found.append(("review_and_low_threshold_for_mri", None, None))
    return found
