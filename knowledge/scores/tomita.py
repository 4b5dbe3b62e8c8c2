"""Tomita score [tomita-2001] (RULES.md §5.4, REFERENCE.md §3)."""

from __future__ import annotations

from knowledge.case import Cancer, Case
from knowledge.rules.findings import solitary_bone_metastasis
from knowledge.scores.ranges import Bands, Item, ScoreResult, combine, item, lookup
from knowledge.vocab import Growth, PrimarySite, Visceral

REF = "tomita-2001"

GROWTH_OF_SITE: dict[PrimarySite, Growth] = {
    PrimarySite.BREAST: Growth.SLOW,
    PrimarySite.THYROID: Growth.SLOW,
    PrimarySite.PROSTATE: Growth.SLOW,
    PrimarySite.KIDNEY: Growth.MODERATE,
    PrimarySite.UTERUS: Growth.MODERATE,
    PrimarySite.LUNG_NSCLC: Growth.RAPID,
    PrimarySite.LUNG_SCLC: Growth.RAPID,
    PrimarySite.STOMACH: Growth.RAPID,
    PrimarySite.LIVER: Growth.RAPID,
    PrimarySite.UNKNOWN: Growth.RAPID,
}
GROWTH_POINTS = {Growth.SLOW: 1, Growth.MODERATE: 2, Growth.RAPID: 4}
VISCERAL_POINTS = {
    Visceral.NONE: 0,
    Visceral.REMOVABLE: 2,
    Visceral.TREATABLE: 2,
    Visceral.UNTREATABLE: 4,
}
SOLITARY_POINTS, MULTIPLE_POINTS = 1, 2
BANDS = Bands((
    (2, 3, "wide_or_marginal_excision"),
    (4, 5, "marginal_or_intralesional_excision"),
    (6, 7, "palliative_surgery"),
    (8, 10, "supportive_care"),
))


def growth_class(cancer: Cancer) -> Growth | None:
    """`tomita_growth` when given (an override for every site, §5.4), else the site's class."""
    if cancer.tomita_growth is not None:
        return cancer.tomita_growth
    return GROWTH_OF_SITE.get(cancer.primary)


def tomita(case: Case) -> ScoreResult:
    solitary, missing = solitary_bone_metastasis(case.disease)
    bone = item("bone_metastases",
                (SOLITARY_POINTS if s else MULTIPLE_POINTS for s in solitary), *missing)
    items: list[Item] = [
        lookup("primary_growth", GROWTH_POINTS, growth_class(case.cancer), "cancer.tomita_growth"),
        lookup("visceral_metastases", VISCERAL_POINTS, case.disease.visceral_metastases,
               "disease.visceral_metastases"),
        bone,
    ]
    return combine(items, BANDS, REF)
