"""The answer parser, table by table: every kind, synonyms, and junk (re-prompt, never raise)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.parsing import NO, UNKNOWN, YES, Parsed, Reprompt, parse, uncertain
from dialogs.questions import BY_ID, ECOG_SCALE, KARNOFSKY_SCALE, QUESTIONS, ChoiceBy, Kind
from dialogs.render import question_prompt
from dialogs.session import Session


def value(question_id, text):
    outcome = parse(BY_ID[question_id], text)
    assert isinstance(outcome, Parsed), outcome
    return outcome.values[question_id]


def reprompt(question_id, text):
    outcome = parse(BY_ID[question_id], text)
    assert isinstance(outcome, Reprompt), outcome
    return outcome.message


YES_PHRASINGS = ["y", "yes", "Yes", "YES.", "yes!", "yeah", "yep", "yup", "ya", "aye",
                 "definitely", "Definitely.", "certainly", "absolutely", "of course", "true",
                 "present", "positive", "correct", "affirmative", "yes definitely",
                 "yes, definitely", "yes, present", "  yes  "]
NO_PHRASINGS = ["n", "no", "No.", "NO", "nope", "nah", "none", "nil", "nothing", "never",
                "false", "absent", "negative", "not present", "no, none", "no none",
                "none at all", "not at all", "definitely not", "absolutely not", "denies",
                "denied", "no, absent"]
UNKNOWN_PHRASINGS = [
    "not sure", "unsure", "don't know", "don’t know", "dont know", "do not know", "dk", "idk",
    "dunno", "?", "unknown", "skip", "not known", "nk", "n/k", "n/a", "unclear", "uncertain",
    "not examined", "not assessed", "not checked", "not tested", "not done", "Not assessed",
    "no idea", "no idea yet", "no clue", "no exam done", "no, not assessed", "no info",
    "nope not sure", "no?", "yes?", "yes but not sure", "yes, not sure", "probably",
    "probably yes", "probably not", "maybe", "maybe not", "possibly", "perhaps yes",
    "i think so", "i think not", "likely", "unlikely", "no, not examined yet",
    "not yet examined", "haven't checked", "didn't check", "was not examined",
    "could not assess", "unable to examine", "can't tell", "hard to say", "pending",
    "awaiting MRI", "no examination", "no, not formally tested", "no record", "equivocal",
    "borderline", "query weakness", "no information", "not documented", "not recorded",
    "yes, I guess", "no I believe",
]
REPROMPT_PHRASINGS = ["yes, both legs", "no, but walks with a frame", "yes no", "no yes",
                      "sometimes", "left leg", "4", "1", "0", "not really",
                      "a bit", "slightly", "yess", "noo", "yes and no", "weak", "normal",
                      "sure", "ok", "yes yes", "nonee", "it's fine"]


@pytest.mark.parametrize("text", YES_PHRASINGS)
def test_yes_phrasings(text):
    """Whole-answer yes phrasings are yes."""
    assert value("neurology.limb_weakness", text) is True


@pytest.mark.parametrize("text", NO_PHRASINGS)
def test_no_phrasings(text):
    """Whole-answer no phrasings are no."""
    assert value("neurology.limb_weakness", text) is False


@pytest.mark.parametrize("text", UNKNOWN_PHRASINGS)
def test_uncertainty_is_unknown_never_yes_or_no(text):
    """Issue 10 item 1: uncertainty or an examination not done is unknown, even after a 'no'
    or a 'yes' ("no idea yet", "no exam done", "nope not sure", "yes but not sure")."""
    assert value("neurology.limb_weakness", text) is None


@pytest.mark.parametrize("text", REPROMPT_PHRASINGS)
def test_anything_else_reprompts(text):
    """Not a whole yes/no phrasing and no sign of uncertainty: asked again, nothing recorded."""
    assert "yes, no or unknown" in reprompt("neurology.limb_weakness", text)


def test_a_yes_with_more_words_says_why_it_is_asked_again():
    """'yes, both legs' is not recorded as yes: the message says to answer on its own."""
    assert "more than yes or no" in reprompt("neurology.limb_weakness", "yes, both legs")


def test_the_tables_do_not_overlap_and_hold_no_uncertainty():
    """A yes or no phrasing never contains a sign of uncertainty (else a hedge could be read
    as yes or no), and no phrasing is in two tables."""
    assert not YES & NO
    assert not YES & UNKNOWN
    assert not NO & UNKNOWN
    assert [p for p in YES | NO if uncertain(p)] == []
    assert all(uncertain(p) for p in UNKNOWN)


def test_choice_labels_and_scale_descriptions_hold_no_uncertainty():
    """No choice label or scale description contains an uncertainty marker, so an answer
    accepted as a whole can never be a hedge (the unknown primary's label excepted: it is
    the value 'unknown')."""
    texts = [c.label for q in QUESTIONS for c in q.choices if c.value != "unknown"]
    texts += [d for _, d in KARNOFSKY_SCALE + ECOG_SCALE]
    assert [t for t in texts if uncertain(t.lower())] == []


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
    ("27", "There is no choice 27"), ("0", "There is no choice"), ("01", "There is no choice"),
    ("1.5", "There is no choice"), ("banana", "I did not understand"),
    ("no collapse", "I did not understand"), ("lung cancer", "I did not understand"),
])
def test_ambiguous_or_unknown_choices_reprompt(text, fragment):
    """An ambiguous prefix names the candidates; junk lists the choices."""
    assert fragment in reprompt("cancer.primary", text)


@pytest.mark.parametrize(("text", "expected"), [
    ("2", "2"), ("0", "0"), ("1b", "1b"), ("1 B", "1b"), ("3", "3"), ("1c", "1c"),
    ("1a", "1a"), ("grade 2", "2"), ("ESCC 1c", "1c"), ("Bilsky 3", "3"), ("bone only", "0"),
    ("sac deformed", "1b"), ("cord compressed, no CSF", "3")])
def test_escc_grade_numbers_are_labels_not_positions(text, expected):
    """ESCC '2' is grade 2 (not the second choice); '1 b' reads as 1b."""
    assert value("imaging.escc", text) == expected


def test_escc_1_is_not_a_grade_and_the_reprompt_names_1a_1b_1c():
    """Issue 10 item 2: '1' was recorded as grade 0 (the first choice). It is not a grade."""
    message = reprompt("imaging.escc", "1")
    assert "1a, 1b and 1c" in message
    assert "not a valid ESCC grade" in message


@pytest.mark.parametrize("text", ["4", "5", "6", "7", "10", "00", "1.5", "2a", "grade 4"])
def test_escc_numbers_that_are_no_grade_reprompt(text):
    """'4' was 1c, '5' was 2 and '6' was 3 (list positions): now no grade, asked again."""
    assert "ESCC grade" in reprompt("imaging.escc", text)


@pytest.mark.parametrize(("text", "expected"), [
    ("A", "A"), ("d", "D"), ("Frankel D", "D"), ("grade e", "E"), ("motor useful", "D"),
    ("complete", "A"), ("normal", "E")])
def test_frankel_by_letter_or_description(text, expected):
    """Frankel grades are letters (or their descriptions)."""
    assert value("neurology.frankel", text) == expected


@pytest.mark.parametrize("text", ["1", "4", "5", "motor"])
def test_frankel_numbers_are_not_grades(text):
    """A number is no Frankel grade (it was the list position: '4' was D)."""
    reprompt("neurology.frankel", text)


@pytest.mark.parametrize(("question_id", "text"), [
    ("disease.visceral_metastases", "2"), ("disease.visceral_metastases", "0"),
    ("disease.visceral_metastases", "1"), ("imaging.posterolateral", "2"),
    ("imaging.posterolateral", "1"), ("imaging.collapse", "1"), ("imaging.collapse", "30%"),
    ("imaging.collapse", "50"), ("cancer.tomita_growth", "2"), ("cancer.tomita_growth", "4")])
def test_word_choices_where_a_number_is_a_quantity_take_names_only(question_id, text):
    """'2' visceral metastases is a count, '2' posterolateral could be both sides, '30%' a
    collapse, '2' a Tomita point value: by position these read as other choices. Re-ask."""
    assert "not a number" in reprompt(question_id, text)


@pytest.mark.parametrize(("question_id", "text", "expected"), [
    ("disease.visceral_metastases", "none", "none"), ("disease.visceral_metastases", "no",
                                                      "none"),
    ("disease.visceral_metastases", "untreatable", "untreatable"),
    ("imaging.posterolateral", "bilateral", "bilateral"), ("imaging.posterolateral", "uni",
                                                           "unilateral"),
    ("imaging.collapse", "lt50", "lt50"), ("imaging.collapse", "more than 50%", "gt50"),
    ("imaging.collapse", "none", "none"), ("cancer.tomita_growth", "rapid", "rapid")])
def test_word_choices_by_name(question_id, text, expected):
    """The same questions by name (identifier, label or an unambiguous prefix)."""
    assert value(question_id, text) == expected


def _number_like(question):
    return any(any(ch.isdigit() for ch in c.value) or len(c.value) == 1 for c in question.choices)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.choices and not q.items],
                         ids=lambda q: q.id)
def test_audit_every_choice_question_reads_numbers_safely(question):
    """Every question with choices: its values typed give themselves; a question whose values
    are numbers or number-like labels never picks by position; for numbers 0-150 the
    recorded value is the number itself (when it is a value), the choice shown with that
    number in the list (position questions), or nothing (a re-prompt)."""
    if _number_like(question):
        assert question.choose_by is not ChoiceBy.POSITION
    for choice in question.choices:
        outcome = parse(question, choice.value)
        assert isinstance(outcome, Parsed)
        # Karnofsky and ECOG record integers; the word 'unknown' is always an unknown.
        expected = {"unknown": None}.get(choice.value, choice.value)
        assert str(outcome.values[question.id]) == str(expected)
    lines = question_prompt(question, Session()).full_text.splitlines()[1:]
    for number in range(151):
        outcome = parse(question, str(number))
        if isinstance(outcome, Reprompt):
            continue
        recorded = outcome.values[question.id]
        if question.choose_by is ChoiceBy.POSITION:
            assert lines[number - 1].startswith(f"  {number}. ")
            assert recorded == question.choices[number - 1].value
        else:
            assert str(recorded) == str(number), (number, recorded)
            assert question.choose_by is ChoiceBy.VALUE


def test_karnofsky_choices_offer_10_to_100_and_0_stays_valid():
    """Issue 9: the Karnofsky list offers 10-100 ('0 dead' is gone); a typed or replayed 0
    (valid in case files) is still read as 0."""
    offered = [int(c.value) for c in BY_ID["general.karnofsky"].choices]
    assert offered == list(range(100, 0, -10))
    assert value("general.karnofsky", "0") == 0
    assert "dead" not in question_prompt(BY_ID["general.karnofsky"], Session()).full_text
    reprompt("general.karnofsky", "dead")


@pytest.mark.parametrize(("question_id", "text", "expected"), [
    ("general.karnofsky", "100", 100), ("general.karnofsky", "10", 10),
    ("general.ecog", "0", 0), ("general.ecog", "4", 4), ("general.ecog", "ECOG 1", 1),
    ("general.ecog", "fully active", 0), ("general.ecog", "completely disabled", 4),
    ("general.ecog", "light work", 1)])
def test_scales_numbers_are_values(question_id, text, expected):
    """Karnofsky and ECOG numbers are the values (their list shows the values)."""
    assert value(question_id, text) == expected


@pytest.mark.parametrize(("question_id", "text"), [
    ("general.ecog", "active"), ("general.ecog", "bed"), ("general.ecog", "in bed"),
    ("general.karnofsky", "normal"), ("general.karnofsky", "disabled"),
    ("general.karnofsky", "sick"), ("general.karnofsky", "not disabled"),
    ("general.ecog", "not fully active")])
def test_scale_descriptions_need_a_whole_part_that_fits_one_value(question_id, text):
    """A word that is part of a description is not enough ('bed' was ECOG 3 for a bed-bound
    patient, who is 4; 'disabled' is also in 'severely disabled'): re-ask."""
    reprompt(question_id, text)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_render_shows_numbers_only_as_positions_or_values(question):
    """What the list shows next to a choice is what typing it records."""
    if question.kind is Kind.GROUP:  # its items are listed with their answers, unnumbered
        return
    for line in question_prompt(question, Session()).full_text.splitlines()[1:]:
        if line.startswith("  - "):
            continue
        shown_number = line.strip().split(". ")[0]
        outcome = parse(question, shown_number)
        assert isinstance(outcome, Parsed), line
        label = line.strip().split(". ", 1)[1]
        chosen = outcome.values[question.id]
        if question.items:  # a checklist: the number lists that item as present
            [chosen] = chosen
        assert any(str(c.value) == str(chosen) and label.startswith(c.label)
                   for c in question.choices), line


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


@pytest.mark.parametrize("text", ["75", "110", "assistance", "70 or 80", "about 75", "70-80"])
def test_karnofsky_junk(text):
    """Not in tens, out of range, an approximate number not in tens, a range, or an
    ambiguous description: re-prompt. ("about 70" was junk here before issue 12; it is now
    read as 70 and says so: tests/dialogs/test_parsing_typos.py.)"""
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
    ("disease.extraspinal_bone_metastases", "no", 0),
    ("disease.extraspinal_bone_metastases", "3 metastases", 3),
    ("disease.vertebral_metastases", "2 levels", 2),
    ("disease.extraspinal_bone_metastases", "3 maybe", None),
    ("disease.vertebral_metastases", "2?", None),
    ("general.expected_survival_months", "6 months?", None),
    ("general.expected_survival_months", "probably 6", None),
    ("imaging.level", "T11?", None), ("imaging.level", "T11 I think", None),
    ("pain.regions", "thoracic, not sure", None), ("imaging.escc", "2?", None),
    ("imaging.escc", "1b probably", None), ("cancer.primary", "breast?", None),
    ("cancer.primary", "probably breast", None), ("general.karnofsky", "70?", None),
    ("general.ecog", "2 maybe", None),
])
def test_numbers(question_id, text, expected):
    """Counts and months, with words and units."""
    assert value(question_id, text) == expected


@pytest.mark.parametrize(("question_id", "text"), [
    ("disease.vertebral_metastases", "0"), ("disease.extraspinal_bone_metastases", "-1"),
    ("disease.extraspinal_bone_metastases", "2.5"), ("general.expected_survival_months", "3 weeks"),
    ("disease.extraspinal_bone_metastases", "3 or more"),
    ("disease.extraspinal_bone_metastases", "at least 2"), ("disease.vertebral_metastases", "no"),
    ("disease.vertebral_metastases", "9" * 5000), ("general.ecog", "04"),
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



@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.kind is Kind.CHECKLIST],
                         ids=lambda q: q.id)
def test_audit_a_checklist_reads_a_number_as_the_item_at_that_position(question):
    """A checklist: 'N' lists the N-th item as present (the others not mentioned stay open);
    a number beyond the list is a re-prompt."""
    for number, choice in enumerate(question.choices, start=1):
        outcome = parse(question, str(number))
        assert isinstance(outcome, Parsed)
        assert outcome.values == {question.id: [choice.value], choice.value: True}
    assert isinstance(parse(question, str(len(question.choices) + 1)), Reprompt)
    assert isinstance(parse(question, "0"), Reprompt)


def test_a_group_reads_its_items_in_order_or_by_an_answer_only_one_item_has():
    """The SINS items in one line: all four in order ('unknown' for one), or some of them by
    an answer only one item has; an answer several items share ('none') is re-asked."""
    group = BY_ID["imaging.sins_items"]
    outcome = parse(group, "lytic, less than 50%, normal, unknown")
    assert isinstance(outcome, Parsed)
    assert outcome.values == {
        "imaging.sins_items": ["imaging.lesion", "imaging.collapse", "imaging.alignment",
                               "imaging.posterolateral"],
        "imaging.lesion": "lytic", "imaging.collapse": "lt50", "imaging.alignment": "normal",
        "imaging.posterolateral": None}
    some = parse(group, "blastic, subluxation")
    assert isinstance(some, Parsed)
    assert some.values == {"imaging.sins_items": ["imaging.lesion", "imaging.alignment"],
                           "imaging.lesion": "blastic", "imaging.alignment": "subluxation"}
    assert isinstance(parse(group, "none"), Reprompt)  # collapse or posterolateral?
    assert isinstance(parse(group, "lytic, purple, normal, none"), Reprompt)
    assert parse(group, "one by one").values == {"imaging.sins_items": None}


@pytest.mark.parametrize(("text", "values"), [
    ("no", {"pain.mechanical": False, "pain.mechanical_assessed_seated": True}),
    ("No, lying down", {"pain.mechanical": False, "pain.mechanical_assessed_seated": False}),
    ("no, supine", {"pain.mechanical": False, "pain.mechanical_assessed_seated": False}),
    ("no, position unrecorded", {"pain.mechanical": False}),
    ("nope", {"pain.mechanical": False, "pain.mechanical_assessed_seated": True}),
    ("negative", {"pain.mechanical": False, "pain.mechanical_assessed_seated": True}),
    ("yes", {"pain.mechanical": True}),
    ("not sure", {"pain.mechanical": None}),
])
def test_a_no_to_the_seated_question_says_how_it_was_examined(text, values):
    """The mechanical-pain question says SITTING UP: 'no' records a seated examination,
    'no, lying down' a supine one; no 'was that checked sitting up?' follows either."""
    outcome = parse(BY_ID["pain.mechanical"], text)
    assert isinstance(outcome, Parsed)
    assert outcome.values == values



def test_a_bad_level_at_the_lesion_question_says_what_is_wrong_with_it():
    """'T13' to 'did it show a lesion?' is re-asked with the level question's reason."""
    outcome = parse(BY_ID["imaging.lesion_found"], "T13")
    assert isinstance(outcome, Reprompt)
    assert "There is no T13" in outcome.message
    assert parse(BY_ID["imaging.lesion_found"], "T9").values == {
        "imaging.lesion_found": True, "imaging.level": "T9"}


@pytest.mark.parametrize(("question_id", "text", "value"), [
    ("cancer.primary", "- unknown", None), ("cancer.primary", "unknown -", None),
    ("pain.mechanical", "• yes", True), ("pain.mechanical", "no -", False)])
def test_a_list_mark_around_an_answer_does_not_change_it(question_id, text, value):
    """A dash or bullet set apart around an answer is not part of it: '- unknown' is unknown
    (it had been read as the primary 'unknown / not identified'); '-1' stays a bad count."""
    outcome = parse(BY_ID[question_id], text)
    assert isinstance(outcome, Parsed)
    assert outcome.values[question_id] == value
    assert isinstance(parse(BY_ID["disease.extraspinal_bone_metastases"], "-1"), Reprompt)
