"""Treatment notes (RULES.md §6.1, §6.2, §6.4, §6.5): which note ids apply to a case."""

from __future__ import annotations

from knowledge.case import Case
from knowledge.rules.actions import HAEMATOLOGICAL
from knowledge.rules.noms import NomsResult, poor_condition
from knowledge.scores.escc import EsccResult
from knowledge.scores.ranges import ScoreResult
from knowledge.vocab import (
    Collapse,
    EsccCategory,
    EsccGrade,
    NomsDecision,
    PrimarySite,
    Visceral,
)

HYPERVASCULAR = frozenset({PrimarySite.KIDNEY, PrimarySite.THYROID, PrimarySite.LIVER})
CHEMOSENSITIVE = frozenset({PrimarySite.LYMPHOMA, PrimarySite.GERM_CELL})
COLLAPSED = frozenset({Collapse.LT50, Collapse.GT50})


def poor_performance_note(case: Case) -> bool:
    """Karnofsky <= 40 or survival <= 2 months, the other not known to be otherwise."""
    poor_k, short = poor_condition(case)
    return (poor_k is True and short is not False) or (short is True and poor_k is not False)


def treatment_notes(case: Case, *, lesion_seen: bool, noms: NomsResult, escc: EsccResult | None,
                    sins: ScoreResult | None, tokuhashi: ScoreResult | None,
                    tomita: ScoreResult | None, patchell: bool | None) -> list[str]:
    """Note ids in a fixed order; only when cancer is known or suspected."""
    if not case.cancer.known_or_suspected:
        return []
    primary = case.cancer.primary
    decisions = noms.all_decisions
    surgery = any(d.involves_surgery for d in decisions)
    imaging = case.imaging
    disease = case.disease
    checks = (
        # The decision cEBRT and supportive care already says it (§6.5).
        ("poor_performance", poor_performance_note(case)
         and noms.decision is not NomsDecision.CEBRT_AND_SUPPORTIVE_CARE),
        ("escc_needs_grading", lesion_seen and escc is None),
        ("previous_radiotherapy",
         noms.reached_table and disease.previous_radiotherapy_at_level is True),
        ("patchell", patchell is True),
        ("embolisation", primary in HYPERVASCULAR and surgery),
        ("radiotherapy_after_surgery_interval", surgery),
        ("radiotherapy_fractionation", any(d.involves_cebrt for d in decisions)),
        ("vertebral_augmentation",
         imaging is not None and imaging.collapse in COLLAPSED and escc is not None
         and escc.category is EsccCategory.LOW and sins is not None
         and "unstable" not in sins.bands),
        ("en_bloc_consideration",
         disease.extraspinal_bone_metastases == 0 and disease.vertebral_metastases == 1
         and disease.visceral_metastases is Visceral.NONE and tomita is not None
         and tomita.band == "wide_or_marginal_excision"),
        ("tokuhashi_advice", tokuhashi is not None and tokuhashi.band is not None),
        ("tomita_advice", tomita is not None and tomita.band is not None),
        ("bone_targeted_therapy",
         lesion_seen or (disease.extraspinal_bone_metastases or 0) >= 1
         or primary is PrimarySite.MYELOMA),
        ("haematology_mdt", primary in HAEMATOLOGICAL),
        ("chemosensitive_primary", primary in CHEMOSENSITIVE),
        ("escc_indeterminate", escc is not None and escc.grade is EsccGrade.G1C),
    )
    return [note for note, holds in checks if holds]
