"""The answer parser, table by table: every kind, synonyms, and junk (re-prompt, never raise)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.parsing import Parsed, Reprompt, parse
from dialogs.questions import BY_ID, QUESTIONS


def value(question_id, text):
    outcome = parse(BY_ID[question_id], text)
    assert isinstance(outcome, Parsed), outcome
    return outcome.values[question_id]


def reprompt(question_id, text):
    outcome = parse(BY_ID[question_id], text)
    assert isinstance(outcome, Reprompt), outcome
    return outcome.message


@pytest.mark.parametrize(("text", "expected"), [
    ("y", True), ("yes", True), ("Yeah", True), ("YES.", True), ("yep", True),
    ("yes, both legs", True), ("n", False), ("no", False), ("nope", False), ("Nah", False),
    ("no, none", False), ("not sure", None), ("unknown", None), ("skip", None), ("?", None),
    ("don't know", None), ("dunno", None), ("Not assessed", None),
])
def test_yes_no_synonyms(text, expected):
    """Yes/no/unknown in their common spellings."""
    assert value("neurology.limb_weakness", text) is expected


@pytest.mark.parametrize("text", ["maybe", "4", "left leg", "sometimes"])
def test_yes_no_junk_reprompts(text):
    """Anything else re-prompts with what is accepted."""
    assert "yes, no or unknown" in reprompt("neurology.limb_weakness", text)


@pytest.mark.parametrize(("text", "expected"), [
    ("1", "breast"), ("breast", "breast"), ("Breast", "breast"), ("bre", "breast"),
    ("kidney", "kidney"), ("renal", "kidney"), ("RCC", "kidney"), ("nsclc", "lung_nsclc"),
    ("lung_sclc", "lung_sclc"), ("lung, small cell", "lung_sclc"), ("small cell", "lung_sclc"),
    ("9", "lung_nsclc"), ("head and neck", "head_and_neck"), ("germ cell", "germ_cell"),
    ("unknown", None), ("not identified", "unknown"),
])
def test_choices_by_number_name_prefix_and_synonym(text, expected):
    """Choices by 1-based number, identifier, label, unambiguous prefix or synonym."""
    assert value("cancer.primary", text) == expected


@pytest.mark.parametrize(("text", "fragment"), [
    ("lung", "'lung, non-small cell' or 'lung, small cell'"),
    ("27", "I did not understand"), ("banana", "I did not understand"),
])
def test_ambiguous_or_unknown_choices_reprompt(text, fragment):
    """An ambiguous prefix names the candidates; junk lists the choices."""
    assert fragment in reprompt("cancer.primary", text)


@pytest.mark.parametrize(("text", "expected"), [
    ("2", "2"), ("0", "0"), ("1b", "1b"), ("1 B", "1b"), ("3", "3"), ("1c", "1c")])
def test_escc_grade_numbers_are_labels_not_positions(text, expected):
    """ESCC '2' is grade 2 (not the second choice); '1 b' reads as 1b."""
    assert value("imaging.escc", text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("T11", "T11"), ("t11", "T11"), ("t 11", "T11"), ("T 11", "T11"), ("L5", "L5"),
    ("c7", "C7"), ("s1", "S1"), ("T11 vertebra", "T11"), ("t-4", "T4")])
def test_levels(text, expected):
    """Spinal levels in the ways people write them."""
    assert value("imaging.level", text) == expected


@pytest.mark.parametrize(("text", "fragment"), [
    ("T13", "There is no T13"), ("L5/S1", "one vertebra"), ("L4-L5", "one vertebra"),
    ("lumbar", "I did not understand"), ("C0", "There is no C0")])
def test_bad_levels(text, fragment):
    """Non-existent levels and disc levels re-prompt."""
    assert fragment in reprompt("imaging.level", text)


@pytest.mark.parametrize(("text", "expected"), [
    ("thoracic", ["thoracic"]), ("thoracic and lumbar", ["thoracic", "lumbar"]),
    ("T, L", ["thoracic", "lumbar"]), ("neck", ["cervical"]),
    ("low back", ["lumbar"]), ("thoracolumbar", ["thoracic", "lumbar"]),
    ("C/T/L/S", ["cervical", "thoracic", "lumbar", "sacral"]), ("none", []),
    ("lumbar, lumbar", ["lumbar"])])
def test_region_lists(text, expected):
    """Region lists with words, letters, 'and', commas and slashes."""
    assert value("pain.regions", text) == expected


def test_bad_region():
    """An unknown region word re-prompts naming it."""
    assert "'knee'" in reprompt("pain.regions", "thoracic and knee")


@pytest.mark.parametrize(("text", "values"), [
    ("70", {"general.karnofsky": 70}), ("KPS 80", {"general.karnofsky": 80}),
    ("60%", {"general.karnofsky": 60}), ("cares for self", {"general.karnofsky": 70}),
    ("moribund", {"general.karnofsky": 10}),
    ("ECOG 2", {"general.karnofsky": None, "general.ecog": 2}),
    ("ps 1", {"general.karnofsky": None, "general.ecog": 1}),
])
def test_karnofsky_by_value_description_or_ecog(text, values):
    """Karnofsky as a number or a description; 'ECOG n' answers the ECOG question instead."""
    outcome = parse(BY_ID["general.karnofsky"], text)
    assert isinstance(outcome, Parsed)
    assert outcome.values == values


@pytest.mark.parametrize("text", ["75", "110", "assistance"])
def test_karnofsky_junk(text):
    """Not in tens, out of range, or an ambiguous description: re-prompt."""
    reprompt("general.karnofsky", text)


@pytest.mark.parametrize(("question_id", "text", "expected"), [
    ("disease.extraspinal_bone_metastases", "0", 0),
    ("disease.extraspinal_bone_metastases", "none", 0),
    ("disease.extraspinal_bone_metastases", "three", 3),
    ("disease.vertebral_metastases", "2", 2),
    ("general.expected_survival_months", "6", 6.0),
    ("general.expected_survival_months", "0.5 months", 0.5),
    ("general.expected_survival_months", "2 years", 24.0),
    ("general.ecog", "3", 3),
])
def test_numbers(question_id, text, expected):
    """Counts and months, with words and units."""
    assert value(question_id, text) == expected


@pytest.mark.parametrize(("question_id", "text"), [
    ("disease.vertebral_metastases", "0"), ("disease.extraspinal_bone_metastases", "-1"),
    ("disease.extraspinal_bone_metastases", "2.5"), ("general.expected_survival_months", "3 weeks"),
    ("general.expected_survival_months", "soon"), ("general.ecog", "5")])
def test_numbers_out_of_range_or_junk(question_id, text):
    """Below the minimum, fractional counts, weeks, words: re-prompt."""
    reprompt(question_id, text)


def test_empty_answer_reprompts():
    """An empty line asks again."""
    assert "Please answer" in reprompt("pain.present", "   ")


@given(st.sampled_from(QUESTIONS), st.text(max_size=40))
def test_parser_never_raises(question, text):
    """Any text for any question gives Parsed or Reprompt."""
    assert isinstance(parse(question, text), (Parsed, Reprompt))
