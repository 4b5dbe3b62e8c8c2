"""Biopsy: recommendation, timing, reasons and the infection note (RULES.md §4)."""

from __future__ import annotations

from knowledge.case import Case
from knowledge.rules.actions import HAEMATOLOGICAL
from knowledge.rules.findings import negative_scan
from knowledge.vocab import (
    BiopsyRecommendation,
    BiopsyTiming,
    CancerStatus,
    NomsDecision,
    PrimarySite,
    Steroids,
    SurgicalOpinion,
    Urgency,
)

FIRST_METASTASIS = "first_metastasis"
NON_TREATMENT_DECISIONS = frozenset(
    {NomsDecision.AWAITING_IMAGING, NomsDecision.TISSUE_DIAGNOSIS_FIRST,
     NomsDecision.NOT_APPLICABLE}
)


def biopsy_reasons(case: Case) -> list[str]:
    """Every trigger of §4 rows 2, 4 and 5 that holds; after a negative scan only row 2's."""
    cancer = case.cancer
    if cancer.status is CancerStatus.NONE:
        return []
    reasons = []
    if cancer.status is CancerStatus.SUSPECTED:
        reasons.append("cancer_suspected")
    if cancer.primary is PrimarySite.UNKNOWN:
        reasons.append("primary_unknown")
    if negative_scan(case):
        return reasons  # no spinal lesion to sample; tissue, if needed, from elsewhere
    if cancer.histology_confirmed is False:
        reasons.append("histology_not_confirmed")
    if cancer.second_primary is True:
        reasons.append("second_primary")
    if case.general.fever is True or case.general.infection_risk is True:
        reasons.append("exclude_infection")
    if case.imaging is not None and case.imaging.atypical is True:
        reasons.append("atypical_imaging")
    # Row 5: in a haematological cancer a bone lesion is part of the known disease.
    if (cancer.status is CancerStatus.KNOWN and cancer.established_metastases is not True
            and cancer.primary not in HAEMATOLOGICAL):
        reasons.append(FIRST_METASTASIS)
    return reasons


def biopsy_recommendation(reasons: list[str]) -> BiopsyRecommendation:
    if any(reason != FIRST_METASTASIS for reason in reasons):
        return BiopsyRecommendation.NEEDED
    if reasons:
        return BiopsyRecommendation.CONSIDER
    return BiopsyRecommendation.NOT_NEEDED


def biopsy_timing(recommendation: BiopsyRecommendation, urgency: Urgency) -> BiopsyTiming:
    if recommendation is BiopsyRecommendation.NOT_NEEDED:
        return BiopsyTiming.NOT_APPLICABLE
    if recommendation is BiopsyRecommendation.NEEDED and urgency is Urgency.EMERGENCY:
        return BiopsyTiming.URGENT
    return BiopsyTiming.AFTER_IMAGING_AND_STAGING


def infection_not_excluded(case: Case, steroid_advice: Steroids, opinion: SurgicalOpinion,
                           decision: NomsDecision) -> bool:
    """Fever or infection risk while steroids, surgery or definitive treatment are on the table."""
    if case.general.fever is not True and case.general.infection_risk is not True:
        return False
    return (steroid_advice is Steroids.OFFER_DEXAMETHASONE_16MG
            or opinion is not SurgicalOpinion.NOT_INDICATED
            or decision not in NON_TREATMENT_DECISIONS)
