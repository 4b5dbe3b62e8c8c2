"""RULES.md §1: red flags, suggestive features, urgency rows, instability and their notes."""

from __future__ import annotations

import pytest
from helpers import DROP, make_case, mri

from knowledge import assess

RED_FLAG_CASES = [
    ({"neurology": {"limb_weakness": True}}, "limb_weakness"),
    ({"neurology": {"difficulty_walking": True}}, "difficulty_walking"),
    ({"neurology": {"ambulatory": False}}, "not_ambulatory"),
    ({"neurology": {"sensory_change": True}}, "sensory_change"),
    ({"neurology": {"bladder_bowel_dysfunction": True}}, "bladder_bowel_dysfunction"),
    ({"neurology": {"saddle_anaesthesia": True}}, "saddle_anaesthesia"),
    ({"neurology": {"cord_compression_signs": True}}, "cord_compression_signs"),
    ({"neurology": {"frankel": "A"}}, "neurological_deficit"),
    ({"neurology": {"frankel": "D"}}, "neurological_deficit"),
    ({"pain": {"radicular": True}}, "radicular_pain"),
    ({"imaging": mri(escc="2")}, "high_grade_escc"),
    ({"imaging": mri(escc=3)}, "high_grade_escc"),
]


@pytest.mark.parametrize(("change", "flag"), RED_FLAG_CASES)
def test_each_red_flag_makes_an_mscc_emergency(change, flag):
    """Every §1.1 field, when true, is a red flag: emergency, suspected MSCC, coordinator now."""
    a = assess(make_case(**change))
    assert a.red_flags == [flag]
    assert (a.urgency.value, a.pathway.value) == ("emergency", "suspected_mscc")
    assert ("contact_mscc_coordinator", "immediately") in [(x.id, x.timing) for x in a.actions]
    assert ("admit", "immediately") in [(x.id, x.timing) for x in a.actions]


@pytest.mark.parametrize(("change", "flag"), RED_FLAG_CASES[:10])
def test_red_flag_without_cancer_is_suspected_cord_compression(change, flag):
    """Cancer none with a red flag: emergency, on-call spinal team now."""
    a = assess(make_case(cancer={"status": "none", "primary": DROP, "lymphoma_suspected": DROP},
                         **change))
    assert (a.urgency.value, a.pathway.value) == ("emergency", "suspected_cord_compression")
    assert "contact_on_call_spinal_team" in [x.id for x in a.actions]
    assert "contact_mscc_coordinator" not in [x.id for x in a.actions]


@pytest.mark.parametrize(("frankel", "flagged"), [("A", True), ("B", True), ("C", True),
                                                   ("D", True), ("E", False)])
def test_frankel_e_is_not_a_deficit(frankel, flagged):
    """Frankel A–D is a neurological deficit; E is normal."""
    a = assess(make_case(neurology={"frankel": frankel}))
    assert ("neurological_deficit" in a.red_flags) is flagged


@pytest.mark.parametrize("grade", ["0", "1a", "1b", "1c"])
def test_low_and_indeterminate_escc_are_not_red_flags(grade):
    """Only ESCC 2 and 3 are red flags; 1c is not cord compression."""
    assert assess(make_case(imaging=mri(escc=grade))).red_flags == []


def test_unknown_neurology_is_not_a_red_flag_but_is_flagged_as_not_assessed():
    """Unknown neurology never counts as 'no': it adds neurology_not_assessed and is listed as unknown."""
    a = assess(make_case(neurology=None))
    assert a.red_flags == []
    assert "neurology_not_assessed" in [n.id for n in a.notes]
    assert "urgency" in a.unknown_effects["neurology.limb_weakness"]


def test_rapidly_progressing_alone_is_not_a_red_flag():
    """rapidly_progressing is not a red flag by itself."""
    a = assess(make_case(neurology={"rapidly_progressing": True}))
    assert a.red_flags == []
    assert a.urgency.value == "routine"


FEATURE_CASES = [
    ({"regions": ["thoracic"]}, "thoracic_pain"),
    ({"regions": ["cervical"]}, "cervical_pain"),
    ({"severe_unremitting": True}, "severe_unremitting_pain"),
    ({"progressive": True}, "progressive_pain"),
    ({"nocturnal": True}, "nocturnal_pain"),
    ({"aggravated_by_straining": True}, "pain_on_straining"),
    ({"localised_tenderness": True}, "localised_tenderness"),
    ({"mechanical": True}, "mechanical_pain"),
]


@pytest.mark.parametrize(("pain", "feature"), FEATURE_CASES)
def test_each_suggestive_feature_makes_it_urgent(pain, feature):
    """Each §1.2 feature with known cancer: urgent, suspected spinal metastases, coordinator within 24 h."""
    a = assess(make_case(pain=pain))
    assert a.suggestive_features == [feature]
    assert (a.urgency.value, a.pathway.value) == ("urgent", "suspected_spinal_metastases")
    assert ("contact_mscc_coordinator", "within_24h") in [(x.id, x.timing) for x in a.actions]
    assert a.imaging.timing.value == "within_1_week"


def test_lumbar_and_sacral_regions_are_not_features():
    """Only thoracic and cervical regions are features."""
    assert assess(make_case(pain={"regions": ["lumbar", "sacral"]})).suggestive_features == []


def test_urgency_rows_in_order():
    """§1.3 rows 3–7: MRI negative, lesion on imaging, low suspicion, outside scope."""
    negative = assess(make_case(imaging={"modality": "mri_whole_spine", "lesion_found": False},
                                pain={"nocturnal": True}))
    assert (negative.urgency.value, negative.pathway.value) == ("routine", "mri_negative")
    lesion = assess(make_case(imaging=mri(), pain={"present": False, "mechanical": DROP}))
    assert (lesion.urgency.value, lesion.pathway.value) == ("urgent",
                                                             "spinal_metastasis_on_imaging")
    low = assess(make_case())
    assert (low.urgency.value, low.pathway.value) == ("routine", "low_suspicion")
    assert "review_and_low_threshold_for_mri" in [x.id for x in low.actions]
    no_pain = assess(make_case(pain={"present": False, "mechanical": DROP}))
    assert (no_pain.urgency.value, no_pain.pathway.value) == ("routine", "outside_scope")
    none = assess(make_case(cancer={"status": "none", "primary": DROP,
                                    "lymphoma_suspected": DROP}))
    assert (none.urgency.value, none.pathway.value) == ("routine", "outside_scope")
    assert "outside_scope" in [n.id for n in none.notes]


def test_normal_whole_spine_ct_does_not_lower_urgency():
    """A normal whole-spine CT (MRI contraindicated) is not row 3: features still make it urgent."""
    a = assess(make_case(general={"mri_contraindicated": True}, pain={"nocturnal": True},
                         imaging={"modality": "ct_whole_spine", "lesion_found": False}))
    assert (a.urgency.value, a.pathway.value) == ("urgent", "suspected_spinal_metastases")


def test_red_flag_beats_a_normal_mri():
    """New neurology after a normal MRI: still an emergency, re-image."""
    a = assess(make_case(neurology={"limb_weakness": True},
                         imaging={"modality": "mri_whole_spine", "lesion_found": False}))
    assert a.urgency.value == "emergency"
    assert a.imaging.timing.value == "within_24h"
    assert "reimage_new_neurology" in a.imaging.notes


@pytest.mark.parametrize(("change", "expected"), [
    ({"pain": {"mechanical": True}}, True),
    ({"imaging": mri(alignment="subluxation")}, True),
    # SINS minimum 13: L1 3 + pain 1 + lytic 2 + deformity 2 + gt50 3 + bilateral 3 = 14
    ({"imaging": mri(level="L1", lesion="lytic", alignment="deformity", collapse="gt50",
                     posterolateral="bilateral")}, True),
    # SINS 12 is not enough
    ({"imaging": mri(level="L1", lesion="lytic", alignment="deformity", collapse="gt50",
                     posterolateral="unilateral")}, False),
    ({}, False),
])
def test_instability_suspected(change, expected):
    """§1.4: mechanical pain, subluxation, or SINS minimum ≥ 13."""
    assert assess(make_case(**change)).instability_suspected is expected


def test_no_instability_after_a_negative_scan_even_with_mechanical_pain():
    """§1.4 applies only without a negative scan."""
    a = assess(make_case(pain={"mechanical": True},
                         imaging={"modality": "mri_whole_spine", "lesion_found": False}))
    assert a.instability_suspected is False


@pytest.mark.parametrize(("pain", "noted"), [
    ({"mechanical": False, "mechanical_assessed_seated": True}, False),
    ({"mechanical": False, "mechanical_assessed_seated": False}, True),
    ({"mechanical": False, "mechanical_assessed_seated": DROP}, True),
    ({"mechanical": DROP}, False),  # seated True in baseline; mechanical unknown
    ({"mechanical": DROP, "mechanical_assessed_seated": DROP}, True),
    ({"mechanical": True, "mechanical_assessed_seated": False}, False),
    ({"present": False, "mechanical": DROP, "mechanical_assessed_seated": False}, False),
])
def test_reassess_mechanical_pain_seated_note(pain, noted):
    """The note appears when mechanical is not true, pain is not absent and seated is not true."""
    a = assess(make_case(pain=pain))
    assert ("reassess_mechanical_pain_seated" in [n.id for n in a.notes]) is noted


def test_supine_not_mechanical_answer_counts_as_unknown_in_sins():
    """A 'not mechanical' answer from a supine exam leaves SINS pain at 1 or 3."""
    a = assess(make_case(pain={"mechanical": False, "mechanical_assessed_seated": False},
                         imaging=mri()))
    assert list(a.scores.sins.component_options["pain"]) == [1, 3]
