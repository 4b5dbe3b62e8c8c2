"""Which inputs were unknown, and what each would change (RULES.md §7).

Unknown is never "no": every unknown input that could change part of the assessment is
listed with the parts it could change (`unknown_effects`), in case-contract field order.
"""

from __future__ import annotations

from knowledge.case import Case
from knowledge.noms import poor_condition
from knowledge.scores.ranges import ScoreResult
from knowledge.scores.sins import mechanical_answer_counts
from knowledge.triage import NEUROLOGY_TO_ASSESS
from knowledge.vocab import (
    BiopsyRecommendation,
    CancerStatus,
    ImagingTiming,
    NomsDecision,
    Urgency,
)

# Inputs whose unknown value could still add a red flag (and so raise urgency).
RED_FLAG_INPUTS = (*(f"neurology.{n}" for n in NEUROLOGY_TO_ASSESS),
                   "neurology.cord_compression_signs", "neurology.frankel", "pain.radicular")
BIOPSY_INPUTS = ("cancer.second_primary", "general.fever", "general.infection_risk")
POOR_CONDITION_DECISIONS = frozenset(
    {NomsDecision.CEBRT_AND_SUPPORTIVE_CARE, NomsDecision.CONDITIONAL}
) | {d for d in NomsDecision if d.involves_surgery or d.involves_cebrt}


def _field_order() -> dict[str, int]:
    from knowledge.case import Case as CaseModel

    order: dict[str, int] = {}
    for section, field in CaseModel.model_fields.items():
        annotation = field.annotation
        nested = [a for a in getattr(annotation, "__args__", (annotation,))
                  if isinstance(a, type) and hasattr(a, "model_fields")]
        names = nested[0].model_fields if nested else {}
        for name in names:
            order[f"{section}.{name}"] = len(order)
    return order


FIELD_ORDER = _field_order()


_SPLIT = {path: tuple(path.split(".")) for path in FIELD_ORDER}


def _value(case: Case, path: str) -> object:
    section, name = _SPLIT[path]
    holder = getattr(case, section)
    return None if holder is None else getattr(holder, name)


def collect_unknowns(case: Case, *, urgency: Urgency, scores: dict[str, ScoreResult | None],
                     noms_missing: list[str], patchell_missing: list[str],
                     imaging_timing: ImagingTiming, biopsy: BiopsyRecommendation,
                     negative_scan: bool, instability: bool,
                     noms_decision: NomsDecision) -> dict[str, list[str]]:
    """Map each unknown input path to the parts of the assessment it could change."""
    effects: dict[str, list[str]] = {}

    def add(path: str, effect: str) -> None:
        listed = effects.setdefault(path, [])
        if effect not in listed:
            listed.append(effect)

    if urgency is not Urgency.EMERGENCY:
        for path in RED_FLAG_INPUTS:
            if _value(case, path) is None:
                add(path, "urgency")
        if case.imaging is not None and case.imaging.escc is None and not negative_scan:
            add("imaging.escc", "urgency")
    if (urgency is Urgency.EMERGENCY and imaging_timing is not ImagingTiming.DONE
            and case.neurology.rapidly_progressing is None):
        add("neurology.rapidly_progressing", "imaging.timing")
    if imaging_timing is not ImagingTiming.DONE and case.general.mri_contraindicated is None:
        add("general.mri_contraindicated", "imaging.modality")
    for name, score in scores.items():
        for path in score.missing if score is not None else ():
            add(path, f"scores.{name}")
    cancer = case.cancer
    active = cancer.known_or_suspected and not negative_scan
    if (active and not instability and case.pain.present is not False
            and mechanical_answer_counts(case.pain) is None):
        add("pain.mechanical", "instability_suspected")
    for path in noms_missing:
        add(path, "noms")
    poor_karnofsky, short_survival = poor_condition(case)
    if (active and noms_decision in POOR_CONDITION_DECISIONS and poor_karnofsky is not False
            and short_survival is not False and None in (poor_karnofsky, short_survival)):
        # The poor-condition override could still apply: the unknown half decides it.
        for path in ("general.karnofsky", "general.expected_survival_months"):
            if _value(case, path) is None:
                add(path, "noms")
    for path in patchell_missing:
        add(path, "patchell_candidate")
    if active and cancer.status is CancerStatus.KNOWN and biopsy is not BiopsyRecommendation.NEEDED:
        for path in ("cancer.histology_confirmed", *BIOPSY_INPUTS):
            if _value(case, path) is None:
                add(path, "biopsy")
        if case.imaging is not None and case.imaging.atypical is None:
            add("imaging.atypical", "biopsy")
        if cancer.established_metastases is None:
            add("cancer.established_metastases", "biopsy")
    return dict(sorted(effects.items(), key=lambda kv: FIELD_ORDER.get(kv[0], len(FIELD_ORDER))))
