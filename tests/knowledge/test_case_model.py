"""The case contract: unknown kept apart from false, accepted spellings, errors by path."""

from __future__ import annotations

import pytest
from helpers import case_dict

from knowledge import CaseError, parse_case
from knowledge.levels import ALL_LEVELS
from knowledge.vocab import EsccGrade, PrimarySite


def problems(data):
    with pytest.raises(CaseError) as info:
        parse_case(data)
    return info.value.problems


@pytest.mark.parametrize("unknown", [None, "unknown", "Unknown"])
def test_unknown_spellings_are_none_not_false(unknown):
    """Absent, null and 'unknown' are all unknown (None), never False."""
    case = parse_case(case_dict(neurology={"limb_weakness": unknown}))
    assert case.neurology.limb_weakness is None
    absent = parse_case(case_dict(neurology=None))
    assert absent.neurology.limb_weakness is None


@pytest.mark.parametrize(("given", "expected"), [
    (True, True), (False, False), ("yes", True), ("no", False), ("YES", True), ("true", True),
    ("false", False)])
def test_booleans_accept_yes_and_no(given, expected):
    """Booleans are true/false; yes/no are accepted too."""
    assert parse_case(case_dict(general={"fit_for_surgery": given})).general.fit_for_surgery \
        is expected


@pytest.mark.parametrize("given", [1, 0, "maybe", "y", 2.5, [True]])
def test_other_boolean_spellings_are_errors(given):
    """Numbers and other words are not booleans."""
    [message] = problems(case_dict(pain={"nocturnal": given}))
    assert message.startswith("pain.nocturnal: expected true, false, yes, no or unknown; got")


@pytest.mark.parametrize(("given", "grade"), [
    (0, EsccGrade.G0), (2, EsccGrade.G2), (3, EsccGrade.G3), ("1a", EsccGrade.G1A),
    ("1b", EsccGrade.G1B), ("1c", EsccGrade.G1C), ("2", EsccGrade.G2)])
def test_escc_numbers_and_labels(given, grade):
    """ESCC grades are labels; YAML numbers 0, 2, 3 are read as '0', '2', '3'."""
    case = parse_case(case_dict(imaging={"modality": "mri_whole_spine", "escc": given}))
    assert case.imaging.escc is grade
    assert isinstance(case.imaging.escc.value, str)


@pytest.mark.parametrize("given", [1, 4, "1d", "2a", True, 2.5])
def test_bad_escc_grades(given):
    """Grade 1 is ambiguous (1a/1b/1c) and rejected, as are unknown labels."""
    [message] = problems(case_dict(imaging={"escc": given}))
    assert message.startswith("imaging.escc: expected one of 0, 1a, 1b, 1c, 2, 3; got")


@pytest.mark.parametrize("primary", [None, "unknown"])
def test_primary_absent_or_unknown_means_not_identified(primary):
    """cancer.primary absent, null or unknown all mean 'primary not identified'."""
    data = case_dict()
    data["cancer"]["primary"] = primary
    assert parse_case(data).cancer.primary is PrimarySite.UNKNOWN
    del data["cancer"]["primary"]
    assert parse_case(data).cancer.primary is PrimarySite.UNKNOWN


def test_the_contract_example_error_message():
    """neurology.frankel: expected one of A, B, C, D, E; got 'F' (CASE.md's example)."""
    assert problems(case_dict(neurology={"frankel": "F"})) == [
        "neurology.frankel: expected one of A, B, C, D, E; got 'F'"]


def test_unknown_key_is_named_with_a_suggestion():
    """A typo such as limb_weaknes is reported with its path and the close match."""
    [message] = problems(case_dict(neurology={"limb_weaknes": True}))
    assert message.startswith("neurology.limb_weaknes: unknown field (did you mean "
                              "'limb_weakness'?)")


def test_unknown_top_level_section():
    """Unknown sections are errors too."""
    [message] = problems(case_dict(labs={"psa": 4}))
    assert message.startswith("labs: unknown field")


@pytest.mark.parametrize(("section", "field", "value", "expected"), [
    ("patient", "age", 15, "a whole number from 16 to 110"),
    ("patient", "age", 111, "a whole number from 16 to 110"),
    ("general", "karnofsky", 85, "a whole number from 0 to 100 in steps of 10"),
    ("general", "karnofsky", 110, "a whole number from 0 to 100 in steps of 10"),
    ("general", "ecog", 5, "a whole number from 0 to 4"),
    ("general", "ecog", "1", "a whole number from 0 to 4"),
    ("general", "expected_survival_months", -1, "a number >= 0"),
    ("disease", "extraspinal_bone_metastases", -1, "a whole number >= 0"),
    ("disease", "vertebral_metastases", 0, f"a whole number from 1 to {len(ALL_LEVELS)}"),
    ("disease", "vertebral_metastases", len(ALL_LEVELS) + 1,
     f"a whole number from 1 to {len(ALL_LEVELS)}"),
    ("imaging", "level", "T13", "a spinal level"),
    ("imaging", "level", "t11", "a spinal level"),
])
def test_out_of_range_numbers_and_bad_levels(section, field, value, expected):
    """Out-of-range numbers and levels name the field path and what is allowed."""
    data = case_dict()
    data.setdefault(section, {})[field] = value
    [message] = problems(data)
    assert message.startswith(f"{section}.{field}: expected {expected}")


def test_integral_floats_are_accepted_for_whole_numbers():
    """80.0 from another tool's JSON is Karnofsky 80."""
    assert parse_case(case_dict(general={"karnofsky": 80.0})).general.karnofsky == 80


def test_every_error_is_reported_not_just_the_first():
    """Several bad fields give one line each."""
    found = problems(case_dict(neurology={"frankel": "F"}, general={"ecog": 9}))
    assert [p.split(":")[0] for p in found] == ["neurology.frankel", "general.ecog"]


@pytest.mark.parametrize(("data", "path"), [
    ({"imaging": {"modality": "mri_whole_spine", "lesion_found": False, "level": "T4"}},
     "imaging.level"),
    ({"imaging": {"modality": "mri_whole_spine", "lesion_found": False, "escc": "2"}},
     "imaging.escc"),
    ({"cancer": {"status": "none", "primary": "breast"}}, "cancer.primary"),
    ({"cancer": {"status": "none", "lymphoma_suspected": True}}, "cancer.lymphoma_suspected"),
    ({"pain": {"present": False, "nocturnal": True}}, "pain.nocturnal"),
    ({"pain": {"present": False, "mechanical": True}}, "pain.mechanical"),
])
def test_contradictions_are_errors_named_by_path(data, path):
    """CASE.md's contradictions are reported with the contradicting field's path."""
    merged = case_dict(**dict.fromkeys(data))
    merged.update(data)
    [message] = problems(merged)
    assert message.startswith(path + ":")


def test_radicular_pain_without_back_pain_is_allowed():
    """Radicular limb pain without back pain is possible: not a contradiction."""
    case = parse_case(case_dict(pain={"present": False, "radicular": True, "mechanical": None}))
    assert case.pain.radicular is True


def test_other_cancer_fields_with_status_none_are_accepted():
    """Other cancer fields with cancer none are accepted and ignored."""
    case = parse_case(case_dict(cancer={"status": "none", "primary": None,
                                        "lymphoma_suspected": False, "tomita_growth": "slow"}))
    assert case.cancer.tomita_growth.value == "slow"


@pytest.mark.parametrize(("data", "expected"), [
    ({"cancer": {"status": "known"}}, "format: required but missing"),
    ({"format": "spinemets-case/2", "cancer": {"status": "known"}},
     "format: expected 'spinemets-case/1'; got 'spinemets-case/2'"),
    ({"format": "spinemets-case/1"}, "cancer: required but missing"),
    ({"format": "spinemets-case/1", "cancer": {}}, "cancer.status: required but missing"),
    ({"format": "spinemets-case/1", "cancer": {"status": "maybe"}},
     "cancer.status: expected one of known, suspected, none; got 'maybe'"),
    ({"format": "spinemets-case/1", "cancer": "known"},
     "cancer: expected a mapping of fields; got 'known'"),
])
def test_required_fields(data, expected):
    """format and cancer.status are required."""
    assert problems(data) == [expected]


def test_a_non_mapping_case():
    """A case that is not a mapping is an error, not a crash."""
    assert problems(["a", "list"])[0].startswith("expected a spinemets-case/1 case")


def test_regions_accept_a_single_word_and_drop_duplicates():
    """regions: a single region is a one-item list; duplicates are dropped; junk is named."""
    case = parse_case(case_dict(pain={"regions": ["thoracic", "thoracic", "lumbar"]}))
    assert [r.value for r in case.pain.regions] == ["thoracic", "lumbar"]
    assert [r.value for r in parse_case(case_dict(pain={"regions": "cervical"})).pain.regions] \
        == ["cervical"]
    [message] = problems(case_dict(pain={"regions": ["thoracic", "neck"]}))
    assert message == ("pain.regions: item 1: expected one of cervical, thoracic, lumbar, sacral; "
                       "got 'neck'")


def test_case_is_frozen():
    """Cases are immutable values."""
    case = parse_case(case_dict())
    with pytest.raises(Exception):  # noqa: B017,PT011 - pydantic raises ValidationError
        case.cancer.status = "none"


def test_with_section_replaces_one_section_and_keeps_contradiction_checks():
    """with_section gives the same case as validating the whole; a contradiction gives None."""
    from knowledge.case import with_section

    case = parse_case(case_dict())
    pain = dict(case_dict()["pain"], nocturnal=True)
    assert with_section(case, "pain", pain) == parse_case(case_dict(pain={"nocturnal": True}))
    assert with_section(case, "pain", dict(pain, present=False)) is None  # nocturnal true
    assert with_section(case, "neurology", {"frankel": "F"}) is None
