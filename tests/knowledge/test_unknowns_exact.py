"""`unknowns` is exact (RULES §7): an input is listed iff trying its values changes an output.

The reference here is the naive brute force of the rule's own wording: every unknown field
of the case contract (the patient section included), every allowed value (all 29 levels,
every Karnofsky from 10 to 100, every set of pain regions), each trial case validated from
scratch and assessed in full, its outputs read from the Assessment. It shares nothing with
knowledge/unknowns.py but `assess`.
"""

from __future__ import annotations

import copy
import itertools
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError
from strategies import cases

from knowledge import Case
from knowledge.assessment import Assessment, assess
from knowledge.levels import ALL_LEVELS
from knowledge.rules.noms import RADIOSENSITIVITY_OF_SITE
from knowledge.scores.performance import KARNOFSKY_OF_ECOG
from knowledge.scores.tomita import GROWTH_OF_SITE
from knowledge.vocab import (
    Alignment,
    Collapse,
    EsccGrade,
    Frankel,
    Growth,
    LesionType,
    Modality,
    PainRegion,
    Posterolateral,
    PrimarySite,
    Radiosensitivity,
    Sex,
    Visceral,
)

BOOL = [True, False]
REGION_SETS = [list(c) for n in range(1, 5) for c in itertools.combinations(
    [r.value for r in PainRegion], n)]


def _enum(cls: Any) -> list[str]:
    return [m.value for m in cls]


ALLOWED: dict[str, list[Any]] = {
    "patient.age": [16, 60, 110], "patient.sex": _enum(Sex),
    "cancer.histology_confirmed": BOOL, "cancer.established_metastases": BOOL,
    "cancer.second_primary": BOOL, "cancer.lymphoma_suspected": BOOL,
    "cancer.tomita_growth": _enum(Growth), "cancer.radiosensitivity": _enum(Radiosensitivity),
    "pain.present": BOOL, "pain.regions": REGION_SETS,
    **{f"pain.{n}": BOOL for n in (
        "severe_unremitting", "progressive", "nocturnal", "aggravated_by_straining",
        "localised_tenderness", "mechanical", "mechanical_assessed_seated", "radicular")},
    **{f"neurology.{n}": BOOL for n in (
        "limb_weakness", "difficulty_walking", "sensory_change", "bladder_bowel_dysfunction",
        "saddle_anaesthesia", "cord_compression_signs", "rapidly_progressing", "ambulatory")},
    "neurology.frankel": _enum(Frankel),
    "general.karnofsky": list(range(10, 101, 10)), "general.ecog": [0, 1, 2, 3, 4],
    "general.fit_for_surgery": BOOL, "general.expected_survival_months": [1, 2, 3, 12],
    "general.fever": BOOL, "general.infection_risk": BOOL,
    "general.mri_contraindicated": BOOL, "general.spinal_metalwork": BOOL,
    "disease.extraspinal_bone_metastases": [0, 1, 2, 3],
    "disease.vertebral_metastases": [1, 2, 3],
    "disease.visceral_metastases": _enum(Visceral),
    "disease.previous_radiotherapy_at_level": BOOL,
    "imaging.modality": _enum(Modality), "imaging.lesion_found": BOOL,
    "imaging.level": list(ALL_LEVELS), "imaging.escc": _enum(EsccGrade),
    "imaging.lesion": _enum(LesionType), "imaging.collapse": _enum(Collapse),
    "imaging.alignment": _enum(Alignment), "imaging.posterolateral": _enum(Posterolateral),
    "imaging.atypical": BOOL,
}


def compared(a: Assessment) -> tuple[Any, ...]:
    """The outputs §7 compares, read from the assessment."""
    s = a.scores

    def score(x: Any) -> Any:
        return None if x is None else (x.total, x.min, x.max, x.band)

    return (
        a.urgency, a.pathway, tuple(a.red_flags), tuple((x.id, x.timing) for x in a.actions),
        a.steroids, a.immobilisation, a.surgical_opinion, a.imaging.modality, a.imaging.timing,
        a.biopsy.recommendation, a.biopsy.timing, tuple(a.biopsy.reasons), score(s.sins),
        None if s.escc is None else (s.escc.grade, s.escc.category),
        score(s.tokuhashi_revised), score(s.tomita), score(s.bauer_modified),
        a.noms.decision, a.noms.neurologic, a.noms.oncologic, a.noms.mechanical,
        a.noms.systemic, frozenset((tuple(sorted(b.when.items())), b.decision)
                                   for b in a.noms.branches),
        a.patchell_candidate,
    )


def _is_input(case: Case, section: str, name: str) -> bool:
    holder = getattr(case, section)
    if holder is None:
        return False  # no imaging section: not inputs
    value = getattr(holder, name)
    if section == "pain" and name == "mechanical" and value is False:
        return holder.mechanical_assessed_seated is False  # not checked seated: unknown
    if value is not None:
        return False
    if name == "tomita_growth":
        return case.cancer.primary not in GROWTH_OF_SITE
    if name == "radiosensitivity":
        return case.cancer.primary not in RADIOSENSITIVITY_OF_SITE
    return True


def brute_force_unknowns(data: dict[str, Any]) -> set[str]:
    case = Case.model_validate(data)
    reference = compared(assess(case))
    listed = set()
    for path, values in ALLOWED.items():
        section, name = path.split(".")
        if not _is_input(case, section, name):
            continue
        if path == "general.karnofsky" and case.general.ecog is not None:
            values = list(KARNOFSKY_OF_ECOG[case.general.ecog])
        for value in values:
            trial = copy.deepcopy(data)
            trial.setdefault(section, {})[name] = value
            try:
                trial_case = Case.model_validate(trial)
            except ValidationError:
                continue  # the value makes the case contradictory
            if compared(assess(trial_case)) != reference:
                listed.add(path)
                break
    return listed


VIGNETTES = sorted((Path(__file__).parents[1] / "data" / "vignettes").glob("*.yaml"))


@pytest.mark.parametrize("path", VIGNETTES, ids=lambda p: p.stem)
def test_vignette_unknowns_equal_the_brute_force(path):
    """For every public vignette, `unknowns` is exactly the brute-force set."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["case"]
    assert set(assess(Case.model_validate(data)).unknowns) == brute_force_unknowns(data)


@settings(max_examples=int(os.environ.get("SPINEMETS_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(growth_overrides=True, ecog_beside_karnofsky=True))
def test_random_unknowns_equal_the_brute_force(data):
    """For random cases, an input is listed iff trying its values changes an output."""
    assert set(assess(Case.model_validate(data)).unknowns) == brute_force_unknowns(data)


def test_histology_listed_while_biopsy_needed_for_infection():
    """§7's example: unknown histology is listed although infection already makes a biopsy needed."""
    data = {"format": "spinemets-case/1",
            "cancer": {"status": "known", "primary": PrimarySite.PROSTATE.value,
                       "established_metastases": True, "second_primary": False},
            "general": {"fever": True},
            "imaging": {"modality": "mri_whole_spine", "level": "T8", "escc": "1a"}}
    a = assess(Case.model_validate(data))
    assert a.biopsy.recommendation.value == "needed"
    assert "cancer.histology_confirmed" in a.unknowns
    assert "noms" in a.unknown_effects["cancer.histology_confirmed"]


def test_not_inputs_are_never_listed():
    """Imaging fields without an imaging section, and overrides for a classed site, are not inputs."""
    data = {"format": "spinemets-case/1",
            "cancer": {"status": "known", "primary": "breast"}, "pain": {"present": True}}
    a = assess(Case.model_validate(data))
    assert not any(u.startswith("imaging.") for u in a.unknowns)
    assert "cancer.tomita_growth" not in a.unknowns
    assert "cancer.radiosensitivity" not in a.unknowns
