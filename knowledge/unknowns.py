"""Which unknown inputs could change the assessment, and what they would change (RULES §7).

The definition is a brute force: an unknown input is listed when some allowed value of it,
the other inputs as they are, changes one of the compared outputs. This module applies
that definition directly, made cheap in two exact ways:
- values that no rule can tell apart are tried once (levels by SINS region, Karnofsky by
  the rule classes it falls in, pain regions by the features they give): the classes are
  computed from the rule tables, not typed;
- inputs that no rule reads (the patient section) are not tried.
`tests/knowledge/test_unknowns_exact.py` holds it equal to the naive brute force over every
value of every field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

from knowledge.case import LESION_FIELDS, PAIN_FEATURE_FIELDS, Case, contradictions, replacer
from knowledge.decisions import COMPARED, REACHABLE, Results, reevaluate
from knowledge.levels import ALL_LEVELS, sins_region
from knowledge.rules.noms import POOR_KARNOFSKY_MAX, RADIOSENSITIVITY_OF_SITE
from knowledge.rules.triage import REGION_FEATURES
from knowledge.scores.performance import KARNOFSKY_OF_ECOG
from knowledge.scores.tokuhashi import karnofsky_points
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
    Radiosensitivity,
    Visceral,
)

TRIBOOL = (True, False)
# RULES §7: the counts and survival values tried; Karnofsky 10–100.
EXTRASPINAL_COUNTS = (0, 1, 2, 3)
VERTEBRAL_COUNTS = (1, 2, 3)
SURVIVAL_MONTHS = (1.0, 2.0, 3.0, 12.0)
KARNOFSKY_VALUES = tuple(range(10, 101, 10))
ECOG_VALUES = tuple(KARNOFSKY_OF_ECOG)


def _one_per_class(values: Iterable[Any], key: Callable[[Any], object]) -> tuple[Any, ...]:
    """The first value of each class: values of one class give the same rule results."""
    seen: dict[object, Any] = {}
    for value in values:
        seen.setdefault(key(value), value)
    return tuple(seen.values())


def _members(enum_cls: type[Enum]) -> tuple[Any, ...]:
    return tuple(enum_cls)


# The level feeds only "a lesion is seen" and the SINS location (by region).
LEVELS_TRIED = _one_per_class(ALL_LEVELS, sins_region)
# Karnofsky feeds the Tokuhashi general condition and the "Karnofsky <= 40" of §6.1.
KARNOFSKY_TRIED = _one_per_class(
    KARNOFSKY_VALUES, lambda k: (karnofsky_points(k), k <= POOR_KARNOFSKY_MAX))
# Regions feed only the thoracic and cervical pain features.
_REGION_SETS = ([PainRegion.LUMBAR], [PainRegion.THORACIC], [PainRegion.CERVICAL],
                [PainRegion.CERVICAL, PainRegion.THORACIC])
REGIONS_TRIED = _one_per_class(
    _REGION_SETS, lambda regions: tuple(r in regions for r, _ in REGION_FEATURES))

# The allowed values of each input (case field) that can be unknown, in contract order.
VALUES: dict[str, tuple[Any, ...]] = {
    "cancer.histology_confirmed": TRIBOOL,
    "cancer.established_metastases": TRIBOOL,
    "cancer.second_primary": TRIBOOL,
    "cancer.lymphoma_suspected": TRIBOOL,
    "cancer.tomita_growth": _members(Growth),
    "cancer.radiosensitivity": _members(Radiosensitivity),
    "pain.present": TRIBOOL,
    "pain.regions": REGIONS_TRIED,
    **{f"pain.{name}": TRIBOOL for name in (
        "severe_unremitting", "progressive", "nocturnal", "aggravated_by_straining",
        "localised_tenderness", "mechanical", "mechanical_assessed_seated", "radicular")},
    **{f"neurology.{name}": TRIBOOL for name in (
        "limb_weakness", "difficulty_walking", "sensory_change", "bladder_bowel_dysfunction",
        "saddle_anaesthesia", "cord_compression_signs", "rapidly_progressing", "ambulatory")},
    "neurology.frankel": _members(Frankel),
    "general.karnofsky": KARNOFSKY_TRIED,
    "general.ecog": ECOG_VALUES,
    "general.fit_for_surgery": TRIBOOL,
    "general.expected_survival_months": SURVIVAL_MONTHS,
    "general.fever": TRIBOOL,
    "general.infection_risk": TRIBOOL,
    "general.mri_contraindicated": TRIBOOL,
    "general.spinal_metalwork": TRIBOOL,
    "disease.extraspinal_bone_metastases": EXTRASPINAL_COUNTS,
    "disease.vertebral_metastases": VERTEBRAL_COUNTS,
    "disease.visceral_metastases": _members(Visceral),
    "disease.previous_radiotherapy_at_level": TRIBOOL,
    "imaging.modality": _members(Modality),
    "imaging.lesion_found": TRIBOOL,
    "imaging.level": LEVELS_TRIED,
    "imaging.escc": _members(EsccGrade),
    "imaging.lesion": _members(LesionType),
    "imaging.collapse": _members(Collapse),
    "imaging.alignment": _members(Alignment),
    "imaging.posterolateral": _members(Posterolateral),
    "imaging.atypical": TRIBOOL,
}
_SPLIT = {path: tuple(path.split(".", 1)) for path in VALUES}
_SECTIONS = tuple(dict.fromkeys(section for section, _ in _SPLIT.values()))
OUTPUT_NAMES = tuple(dict.fromkeys(name for name, _, _ in COMPARED))
# The fields `contradictions` reads (knowledge/case.py).
CONTRADICTABLE = frozenset({"imaging.lesion_found", *(f"imaging.{n}" for n in LESION_FIELDS),
                            "cancer.status", "cancer.primary", "cancer.lymphoma_suspected",
                            "pain.present", *(f"pain.{n}" for n in PAIN_FEATURE_FIELDS)})


def _tried_values(case: Case, path: str) -> tuple[Any, ...] | None:
    """The values to try for `path`, or None when it is not an unknown input of this case."""
    section, name = _SPLIT[path]
    holder = getattr(case, section)
    if holder is None:
        return None  # no imaging section: no scan yet, the imaging fields are not inputs
    value = getattr(holder, name)
    if path == "pain.mechanical":
        # A "not mechanical" from an examination not done seated counts as unknown.
        if not (value is None or (value is False and holder.mechanical_assessed_seated is False)):
            return None
    elif value is not None:
        return None
    if path == "cancer.tomita_growth" and case.cancer.primary in GROWTH_OF_SITE:
        return None  # an optional override for a site that has a class
    if path == "cancer.radiosensitivity" and case.cancer.primary in RADIOSENSITIVITY_OF_SITE:
        return None
    if path == "general.karnofsky" and case.general.ecog is not None:
        return KARNOFSKY_OF_ECOG[case.general.ecog]
    return VALUES[path]


def unknown_effects(case: Case, base: Results) -> dict[str, list[str]]:
    """Each unknown input that some allowed value makes change a compared output, mapped to
    the outputs it changes (names from COMPARED, in that order), in contract field order.

    `base` is `evaluate(case)`."""
    effects: dict[str, list[str]] = {}
    contradicted = bool(contradictions(case))
    sections = {section: replacer(case, section) for section in _SECTIONS}
    for path in VALUES:
        values = _tried_values(case, path)
        if values is None:
            continue
        reachable = REACHABLE.get(path)
        if not reachable:
            continue  # no rule reads it: no value can change an output
        changed: set[str] = set()
        section, field_name = _SPLIT[path]
        with_section = sections[section]
        with_value = replacer(getattr(case, section), field_name)
        contradictable = path in CONTRADICTABLE
        for value in values:
            trial = with_section(with_value(value))
            # contradictions() reads only CONTRADICTABLE fields: with another field tried,
            # the trial's contradictions are the case's own (none for a validated case).
            if not (contradictions(trial) if contradictable else contradicted):
                # Once some outputs are known to change, only the others are asked about.
                changed |= reevaluate(trial, base, path, reachable - changed if changed else None)
                if len(changed) == len(reachable):
                    break  # every output it can reach changes already
        if changed:
            effects[path] = [name for name in OUTPUT_NAMES if name in changed]
    return effects
