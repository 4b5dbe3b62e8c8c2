"""The reader's behaviour: the contract's table (READING.md), scopes, numbers and ranges,
spans, and the partial case it gives."""

from __future__ import annotations

import pytest

from dialogs.reading import Assertion, Reading, read
from dialogs.reading.validate import case_problems


def _not_filled(reading: Reading, field: str) -> set[Assertion]:
    return {n.assertion for n in reading.not_filled if n.field == field}


@pytest.mark.parametrize(("text", "field", "value"), [
    ("Legs feel heavy.", "neurology.limb_weakness", True),
    ("New weakness of both legs.", "neurology.limb_weakness", True),
    ("Denies leg weakness.", "neurology.limb_weakness", False),
    ("No bladder symptoms.", "neurology.bladder_bowel_dysfunction", False),
    ("Power normal.", "neurology.limb_weakness", False),
    ("No bladder problems, legs feel weak.", "neurology.limb_weakness", True),
    ("Not only back pain but also weakness in both legs.", "neurology.limb_weakness", True),
    ("No improvement in leg weakness.", "neurology.limb_weakness", True),
    ("Denies weakness, numbness or sphincter disturbance.", "neurology.sensory_change", False),
    ("Denies weakness, numbness or sphincter disturbance.",
     "neurology.bladder_bowel_dysfunction", False),
    ("No back pain but numbness of both feet.", "neurology.sensory_change", True),
    ("Hasn't passed urine since last night.", "neurology.bladder_bowel_dysfunction", True),
    ("No longer able to walk.", "neurology.ambulatory", False),
])
def test_contract_table(text: str, field: str, value: object) -> None:
    assert read(text).value(field) == value


@pytest.mark.parametrize(("text", "field", "why"), [
    ("?cord compression, ?weakness of legs.", "neurology.limb_weakness", Assertion.POSSIBLE),
    ("Possible weakness.", "neurology.limb_weakness", Assertion.POSSIBLE),
    ("Cannot rule out urinary retention.", "neurology.bladder_bowel_dysfunction",
     Assertion.POSSIBLE),
    ("Advised to return if leg weakness.", "neurology.limb_weakness", Assertion.HYPOTHETICAL),
    ("If she develops numbness she will ring.", "neurology.sensory_change",
     Assertion.HYPOTHETICAL),
    ("Her husband has back pain.", "pain.present", Assertion.OTHER_PERSON),
    ("Mother had breast cancer.", "cancer.primary", Assertion.OTHER_PERSON),
    ("Weakness 2 years ago, resolved.", "neurology.limb_weakness", Assertion.HISTORICAL),
    ("No weakness. Legs weak on the stairs.", "neurology.limb_weakness", Assertion.CONFLICT),
    ("KPS 75.", "general.karnofsky", Assertion.OUT_OF_RANGE),
    ("ECOG 5.", "general.ecog", Assertion.OUT_OF_RANGE),
    ("MRI: lytic lesion at T13.", "imaging.level", Assertion.OUT_OF_RANGE),
    ("ESCC 4.", "imaging.escc", Assertion.OUT_OF_RANGE),
    ("A 130-year-old man.", "patient.age", Assertion.OUT_OF_RANGE),
])
def test_left_unknown_with_the_reason(text: str, field: str, why: Assertion) -> None:
    reading = read(text)
    assert reading.value(field) is None
    assert why in _not_filled(reading, field)


def test_no_field_facts_are_reported() -> None:
    reading = read("Dexamethasone started.")
    assert reading.findings == ()
    assert [n.assertion for n in reading.not_filled] == [Assertion.NO_FIELD]


def test_normal_neurology_negates_examined_findings_only() -> None:
    fields = read("Neurological examination is normal.").fields()
    assert fields == {"neurology.limb_weakness": False, "neurology.sensory_change": False,
                      "neurology.cord_compression_signs": False}


def test_a_part_true_beats_another_part_false() -> None:
    reading = read("Denies bowel problems. Urinary retention.")
    assert reading.value("neurology.bladder_bowel_dysfunction") is True


def test_arm_only_negation_says_nothing_of_the_legs() -> None:
    assert read("No arm weakness.").value("neurology.limb_weakness") is None


@pytest.mark.parametrize(("text", "field", "value"), [
    ("KPS 70", "general.karnofsky", 70), ("Karnofsky 30", "general.karnofsky", 30),
    ("ECOG 2", "general.ecog", 2), ("PS 2", "general.ecog", 2),
    ("Bilsky 1c", "imaging.escc", "1c"), ("ESCC grade 3", "imaging.escc", "3"),
    ("MRI: T10 metastasis", "imaging.level", "T10"),
    ("60% collapse", "imaging.collapse", "gt50"), ("30% loss of height", "imaging.collapse", "lt50"),
    ("Frankel C", "neurology.frankel", "C"), ("72M, back pain", "patient.age", 72),
    ("Temperature 38.5 C", "general.fever", True),
    ("Expected survival of about four weeks", "general.expected_survival_months", 0.92),
    ("Cord compression with no CSF visible", "imaging.escc", "3"),
    ("Cord compression, CSF still visible", "imaging.escc", "2"),
])
def test_numbers_and_grades(text: str, field: str, value: object) -> None:
    assert read(text).value(field) == value


@pytest.mark.parametrize("text", ["ECOG 1-2", "50% collapse", "expected to live more than a year",
                                  "MRI: degenerative change L4/5", "tenderness over T8",
                                  "sensory level at T10"])
def test_numbers_not_filled(text: str) -> None:
    reading = read(text)
    assert not {"general.ecog", "imaging.collapse", "general.expected_survival_months",
                "imaging.level"} & set(reading.fields())


def test_cord_compression_without_csf_gives_no_lower_grade() -> None:
    reading = read("Epidural tumour deforming the thecal sac with cord compression.")
    assert reading.value("imaging.escc") is None


def test_typos_are_tolerated_but_not_in_negations() -> None:
    assert read("Prostrate ca. Thorasic back pain, now weekness in both legs.").fields() == {
        "cancer.status": "known", "cancer.primary": "prostate", "pain.present": True,
        "pain.regions": ("thoracic",), "neurology.limb_weakness": True}
    # a misspelt negation is not a negation: the finding stays affirmed, never "no"
    assert read("Dneies weakness.").value("neurology.limb_weakness") is not False


def test_spans_are_slices_of_the_text() -> None:
    text = "68F, Ca ovary, PS 2.\nLBP x2/52, no night pain,   non-tender."
    reading = read(text)
    assert reading.findings
    for item in [*reading.findings, *reading.not_filled]:
        start, end = item.span
        assert text[start:end] == item.text


def test_case_dict_is_a_valid_partial_case() -> None:
    reading = read("A 70-year-old man with Ca prostate. T-spine pain, legs weak. MRI whole "
                   "spine: T8 lytic metastasis, ESCC 2, 60% collapse. KPS 70.", id="x1")
    case = reading.case_dict()
    assert case["format"] == "spinemets-case/1"
    assert case["id"] == "x1"
    assert case["imaging"]["escc"] == "2"
    assert case["pain"]["regions"] == ["thoracic"]
    assert case_problems(case) == []


def test_an_mri_report_alone_has_no_cancer_status() -> None:
    case = read("MRI whole spine: T4 metastasis with cord compression.").case_dict()
    assert "cancer" not in case
    assert case_problems(case) == []


def test_reading_is_json_ready() -> None:
    import json

    out = read("Ca breast. ?urinary retention.", id="v1").to_dict()
    assert out["format"] == "spinemets-reading/1"
    assert out["id"] == "v1"
    assert json.loads(json.dumps(out)) == out
    assert out["not_filled"][0]["field"] == "neurology.bladder_bowel_dysfunction"


def test_a_doubted_no_is_not_a_no() -> None:
    reading = read("No bladder problems. ?urinary retention.")
    assert reading.value("neurology.bladder_bowel_dysfunction") is None
    assert Assertion.CONFLICT in _not_filled(reading, "neurology.bladder_bowel_dysfunction")


def test_normal_except_leaves_the_normal_findings_unknown() -> None:
    reading = read("Lower limb neurology normal except left foot drop.")
    assert reading.value("neurology.limb_weakness") is True
    assert reading.value("neurology.sensory_change") is None


def test_a_question_mark_glued_to_a_word_qualifies_that_word() -> None:
    reading = read("Bilateral leg weakness ?cord compression.")
    assert reading.value("neurology.limb_weakness") is True
    assert read("Retention? Legs weak.").value("neurology.bladder_bowel_dysfunction") is None
