"""Modified Bauer score [leithner-2008] (RULES.md §5.5, REFERENCE.md §4)."""

from __future__ import annotations

from knowledge.case import Case
from knowledge.rules.findings import solitary_bone_metastasis
from knowledge.scores.ranges import Bands, ScoreResult, combine, item
from knowledge.vocab import PrimarySite, Visceral

REF = "leithner-2008"

LUNG = frozenset({PrimarySite.LUNG_NSCLC, PrimarySite.LUNG_SCLC})
FAVOURABLE = frozenset(
    {PrimarySite.BREAST, PrimarySite.KIDNEY, PrimarySite.LYMPHOMA, PrimarySite.MYELOMA}
)
BANDS = Bands((
    (0, 1, "supportive_care"),
    (2, 2, "short_term_palliation"),
    (3, 4, "mid_term_local_control"),
))


def bauer(case: Case) -> ScoreResult:
    visceral = case.disease.visceral_metastases
    no_visceral = (0, 1) if visceral is None else (int(visceral is Visceral.NONE),)
    solitary, missing = solitary_bone_metastasis(case.disease)
    primary = case.cancer.primary
    items = [
        item("no_visceral_metastases", no_visceral, "disease.visceral_metastases"),
        item("primary_not_lung", (int(primary not in LUNG),)),
        item("favourable_primary", (int(primary in FAVOURABLE),)),
        item("solitary_bone_metastasis", (int(s) for s in solitary), *missing),
    ]
    return combine(items, BANDS, REF)
