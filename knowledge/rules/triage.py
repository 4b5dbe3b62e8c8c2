"""Red flags, suggestive features, urgency and instability (RULES.md §1)."""

from __future__ import annotations

from knowledge.case import Case
from knowledge.rules.findings import lesion_seen, negative_scan
from knowledge.scores.escc import grades_of
from knowledge.scores.ranges import ScoreResult
from knowledge.scores.sins import UNSTABLE_MIN
from knowledge.vocab import (
    Alignment,
    CancerStatus,
    EsccCategory,
    Frankel,
    Modality,
    PainRegion,
    Pathway,
    Urgency,
)

# §1.1: (section, field, red flag id) for fields whose *true* value is a red flag.
TRUE_FIELD_RED_FLAGS = (
    ("neurology", "limb_weakness", "limb_weakness"),
    ("neurology", "difficulty_walking", "difficulty_walking"),
    ("neurology", "sensory_change", "sensory_change"),
    ("neurology", "bladder_bowel_dysfunction", "bladder_bowel_dysfunction"),
    ("neurology", "saddle_anaesthesia", "saddle_anaesthesia"),
    ("neurology", "cord_compression_signs", "cord_compression_signs"),
    ("pain", "radicular", "radicular_pain"),
)
# Every case field whose value can make a red flag (§1.1), as a dotted path.
RED_FLAG_FIELDS = frozenset({
    *(f"{section}.{name}" for section, name, _ in TRUE_FIELD_RED_FLAGS),
    "neurology.ambulatory", "neurology.frankel", "imaging.escc",
})
DEFICIT_FRANKEL = frozenset({Frankel.A, Frankel.B, Frankel.C, Frankel.D})
HIGH_GRADE_ESCC = frozenset(grades_of(EsccCategory.HIGH))  # ESCC 2 and 3
RED_FLAG_ORDER = (
    "limb_weakness", "difficulty_walking", "not_ambulatory", "sensory_change",
    "bladder_bowel_dysfunction", "saddle_anaesthesia", "cord_compression_signs",
    "neurological_deficit", "radicular_pain", "high_grade_escc",
)
# §1.1 "motor deficit", used by Patchell (§6.4).
MOTOR_DEFICIT_FLAGS = frozenset(
    {"limb_weakness", "difficulty_walking", "not_ambulatory", "cord_compression_signs",
     "neurological_deficit"}
)
# The fields whose unknown value makes the note `neurology_not_assessed` (§1.3).
NEUROLOGY_TO_ASSESS = (
    "limb_weakness", "difficulty_walking", "sensory_change", "bladder_bowel_dysfunction",
    "saddle_anaesthesia", "ambulatory",
)
# §1.2: pain field → feature id; regions give thoracic/cervical pain.
FEATURE_FIELDS = (
    ("severe_unremitting", "severe_unremitting_pain"),
    ("progressive", "progressive_pain"),
    ("nocturnal", "nocturnal_pain"),
    ("aggravated_by_straining", "pain_on_straining"),
    ("localised_tenderness", "localised_tenderness"),
    ("mechanical", "mechanical_pain"),
)
REGION_FEATURES = ((PainRegion.THORACIC, "thoracic_pain"), (PainRegion.CERVICAL, "cervical_pain"))
SINS_UNSTABLE_MIN = UNSTABLE_MIN  # §1.4: a SINS minimum in the unstable band (13)


def red_flags(case: Case) -> list[str]:
    """The red flag ids present in the case, in the rulebook's order."""
    found = {flag for section, name, flag in TRUE_FIELD_RED_FLAGS
             if getattr(getattr(case, section), name) is True}
    if case.neurology.ambulatory is False:
        found.add("not_ambulatory")
    if case.neurology.frankel in DEFICIT_FRANKEL:
        found.add("neurological_deficit")
    if case.imaging is not None and case.imaging.escc in HIGH_GRADE_ESCC:
        found.add("high_grade_escc")
    return [flag for flag in RED_FLAG_ORDER if flag in found]


def suggestive_features(case: Case) -> list[str]:
    """Features suggesting spinal metastases; none when pain is recorded absent."""
    pain = case.pain
    if pain.present is False:
        return []
    regions = pain.regions or []
    found = [feature for region, feature in REGION_FEATURES if region in regions]
    found += [feature for name, feature in FEATURE_FIELDS if getattr(pain, name) is True]
    return found


def urgency_and_pathway(case: Case, flags: list[str], features: list[str]) -> tuple[
        Urgency, Pathway]:
    """§1.3: the first matching row wins."""
    status = case.cancer.status
    cancer = status is not CancerStatus.NONE
    if flags:
        return Urgency.EMERGENCY, (Pathway.SUSPECTED_MSCC if cancer
                                   else Pathway.SUSPECTED_CORD_COMPRESSION)
    if not cancer:
        return Urgency.ROUTINE, Pathway.OUTSIDE_SCOPE
    imaging = case.imaging
    if (imaging is not None and imaging.modality is Modality.MRI_WHOLE_SPINE
            and imaging.lesion_found is False):
        return Urgency.ROUTINE, Pathway.MRI_NEGATIVE
    if features:
        return Urgency.URGENT, Pathway.SUSPECTED_SPINAL_METASTASES
    if lesion_seen(case):
        return Urgency.URGENT, Pathway.SPINAL_METASTASIS_ON_IMAGING
    if case.pain.present is not False:
        return Urgency.ROUTINE, Pathway.LOW_SUSPICION
    return Urgency.ROUTINE, Pathway.OUTSIDE_SCOPE


def instability_suspected(case: Case, sins: ScoreResult | None) -> bool:
    """§1.4: mechanical pain, subluxation, or SINS minimum >= 13 (cancer, no negative scan)."""
    if not case.cancer.known_or_suspected or negative_scan(case):
        return False
    if case.pain.mechanical is True:
        return True
    if case.imaging is not None and case.imaging.alignment is Alignment.SUBLUXATION:
        return True
    return sins is not None and sins.min >= SINS_UNSTABLE_MIN


def triage_notes(case: Case) -> list[str]:
    """§1.3–1.4 notes: neurology not assessed; mechanical pain to be re-checked seated."""
    if not case.cancer.known_or_suspected:
        return []
    notes = []
    if any(getattr(case.neurology, name) is None for name in NEUROLOGY_TO_ASSESS):
        notes.append("neurology_not_assessed")
    pain = case.pain
    if (not negative_scan(case) and pain.mechanical is not True and pain.present is not False
            and pain.mechanical_assessed_seated is not True):
        notes.append("reassess_mechanical_pain_seated")
    return notes


MOTOR_INPUTS = ("limb_weakness", "difficulty_walking", "ambulatory", "cord_compression_signs",
                "frankel")


def motor_deficit(case: Case, flags: list[str]) -> tuple[bool | None, list[str]]:
    """§1.1 motor deficit: True/False, or None with the unknown fields that leave it open."""
    if MOTOR_DEFICIT_FLAGS.intersection(flags):
        return True, []
    missing = [f"neurology.{name}" for name in MOTOR_INPUTS
               if getattr(case.neurology, name) is None]
    return (None, missing) if missing else (False, [])
