"""Issue 12, "Understand what people type": typos and near-misses, numbers with words, yes and
no to the cancer question, the closest sites for a refused primary. Table by table, both
the phrasings accepted and those refused, and properties (hypothesis) of the fuzzy reading.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from dialogs import fuzzy
from dialogs.fuzzy import Candidate, Correction, Suggestion, negation_cues
from dialogs.manager import Conversation
from dialogs.parsing import (
    NO,
    UNCERTAIN,
    YES,
    Parsed,
    Reprompt,
    canonical,
    choice_candidates,
    normalise,
    parse,
    uncertain,
)
from dialogs.questions import BY_ID, QUESTIONS, ChoiceBy, Kind

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def parsed(question_id, text):
    outcome = parse(BY_ID[question_id], text)
    assert isinstance(outcome, Parsed), outcome
    return outcome


def reprompt(question_id, text):
    outcome = parse(BY_ID[question_id], text)
    assert isinstance(outcome, Reprompt), outcome
    return outcome.message


def _key(text):
    return " ".join(re.sub(r"[_\-,;]", " ", canonical(normalise(text))).split())


# -- typos accepted: the value, and "Read as" names it --------------------------------------

TYPOS = [
    ("cancer.primary", "prostrate", "prostate", "prostate"),
    ("cancer.primary", "Prostrate.", "prostate", "prostate"),
    ("cancer.primary", "kidny", "kidney", "kidney"),
    ("cancer.primary", "thyriod", "thyroid", "thyroid"),
    ("cancer.primary", "esophogus", "oesophagus", "oesophagus"),
    ("cancer.primary", "melanomia", "melanoma", "melanoma"),
    ("cancer.primary", "lymphona", "lymphoma", "lymphoma"),
    ("cancer.primary", "myloma", "myeloma", "myeloma"),
    ("cancer.primary", "breat", "breast", "breast"),
    ("cancer.primary", "pancrease", "pancreas", "pancreas"),
    ("cancer.primary", "stomache", "stomach", "stomach"),
    ("cancer.primary", "lung smal cell", "lung_sclc", "lung, small cell"),
    ("cancer.primary", "lung non smal cell", "lung_nsclc", "lung, non-small cell"),
    ("cancer.primary", "lung, non-smal cell", "lung_nsclc", "lung, non-small cell"),
    ("cancer.status", "suspectd", "suspected", "suspected"),
    ("cancer.status", "kown", "known", "known"),
    ("imaging.lesion", "lytik", "lytic", "lytic"),
    ("imaging.lesion", "blastik", "blastic", "blastic"),
    ("imaging.modality", "mri whole spin", "mri_whole_spine", "MRI whole spine"),
    ("imaging.posterolateral", "bilatral", "bilateral", "bilateral"),
    ("imaging.posterolateral", "unilatral", "unilateral", "unilateral"),
    ("disease.visceral_metastases", "untreatble", "untreatable", "untreatable"),
    ("cancer.radiosensitivity", "sensitve", "sensitive", "sensitive"),
    ("cancer.tomita_growth", "modrate", "moderate", "moderate"),
    ("pain.regions", "thorasic", ["thoracic"], "thoracic"),
    ("pain.regions", "lumbar spin", ["lumbar"], "lumbar"),
    ("pain.regions", "lumber", ["lumbar"], "lumbar"),
    ("pain.regions", "cervicle", ["cervical"], "cervical"),
    ("pain.regions", "thorasic and lumbr", ["thoracic", "lumbar"], "thoracic, lumbar"),
    ("pain.regions", "thorasic lumbr", ["thoracic", "lumbar"], "thoracic, lumbar"),
    ("pain.regions", "lumbar, sacarl", ["lumbar", "sacral"], "lumbar, sacral"),
]


@pytest.mark.parametrize(("question_id", "text", "expected", "read_as"), TYPOS)
def test_a_typo_clearly_closest_to_one_value_is_that_value_and_says_so(
        question_id, text, expected, read_as):
    """'prostrate' is prostate, 'thorasic' thoracic, 'lumbar spin' lumbar: recorded, and
    `read_as` gives the transcript's 'Read as: ...'."""
    outcome = parsed(question_id, text)
    assert outcome.values == {question_id: expected}
    assert outcome.read_as == read_as


@pytest.mark.parametrize(("question_id", "text"), [
    ("cancer.primary", "prostate"), ("cancer.primary", "Kidney"), ("cancer.primary", "1"),
    ("cancer.primary", "renal"), ("cancer.primary", "bre"), ("cancer.status", "known"),
    ("cancer.status", "none"), ("pain.regions", "thoracic"), ("pain.regions", "T, L"),
    ("pain.regions", "lumbar spine"), ("pain.regions", "c-spine"),
    ("general.karnofsky", "70"), ("general.karnofsky", "KPS 70"),
    ("general.karnofsky", "70 percent"), ("imaging.escc", "1b"), ("imaging.level", "T11"),
    ("neurology.limb_weakness", "yes"), ("disease.extraspinal_bone_metastases", "3")])
def test_an_answer_read_as_typed_has_no_read_as(question_id, text):
    """Nothing to say when the text was read literally (an exact value, label, synonym,
    prefix or number): `read_as` is None."""
    assert parsed(question_id, text).read_as is None


def test_lumbar_spine_and_c_spine_are_regions():
    """'spine' after a region name is not a region of its own."""
    assert parsed("pain.regions", "lumbar spine").values == {"pain.regions": ["lumbar"]}
    assert parsed("pain.regions", "C-spine, T spine").values == {
        "pain.regions": ["cervical", "thoracic"]}


# -- typos refused: asked, never guessed -------------------------------------------------------

@pytest.mark.parametrize(("question_id", "text", "fragment"), [
    # two values close: ask which
    ("disease.visceral_metastases", "treatble", "Did you mean 'treatable' or 'untreatable'?"),
    ("imaging.posterolateral", "ilateral", "Did you mean 'bilateral' or 'unilateral'?"),
    # a yes/no typo at a yes/no question is asked about, never recorded
    ("neurology.limb_weakness", "yess", "Did you mean 'yes'?"),
    ("neurology.limb_weakness", "yse", "Did you mean 'yes'?"),
    ("neurology.limb_weakness", "noo", "Did you mean 'no'?"),
    ("neurology.limb_weakness", "nonee", "Did you mean 'no'?"),
    ("pain.present", "yesss", "Did you mean 'yes'?"),
    # near a phrasing of uncertainty: not corrected, not offered as a value
    ("cancer.primary", "unkown", "I did not understand 'unkown'"),
    ("cancer.status", "unknwn", "I did not understand 'unknwn'"),
])
def test_close_to_two_values_or_to_yes_no_asks_which(question_id, text, fragment):
    """Two candidates close (within the margin), or a yes/no question: a re-prompt naming
    them; nothing is recorded."""
    assert fragment in reprompt(question_id, text)


def test_a_suggestion_at_a_yes_no_question_keeps_what_is_accepted():
    """The 'Did you mean' re-prompt still says what is accepted."""
    assert "yes, no or unknown" in reprompt("neurology.limb_weakness", "yess")


@pytest.mark.parametrize(("question_id", "text"), [
    # a negation is never dropped (nor added) by a correction
    ("cancer.status", "not suspected"), ("cancer.status", "non suspected"),
    ("cancer.status", "noo"), ("cancer.status", "nonne"), ("cancer.status", "nope yes"),
    ("disease.visceral_metastases", "not treatable"), ("pain.regions", "not lumbar"),
    ("pain.regions", "no thoracic"), ("cancer.primary", "not prostate"),
    ("cancer.primary", "no breast"), ("imaging.lesion", "not lytic"),
    # too short to correct, or too far
    ("cancer.status", "yse"), ("cancer.primary", "bld"), ("cancer.primary", "lung cancer"),
    ("cancer.primary", "prosttrattee"), ("pain.regions", "knee"), ("pain.regions", "lmb"),
    # an absence is never recorded from a typo
    ("cancer.status", "y never"), ("cancer.status", "none x"),
    ("disease.visceral_metastases", "nonee"), ("imaging.posterolateral", "none x"),
    # numbers, levels and grades are never fuzzy
    ("imaging.escc", "1d"), ("imaging.escc", "two"), ("neurology.frankel", "motor usefull"),
    ("neurology.frankel", "completee"), ("general.karnofsky", "cares for slef"),
    ("general.karnofsky", "sevnty"), ("general.ecog", "fully activ"),
    ("general.ecog", "tow"), ("disease.extraspinal_bone_metastases", "thre"),
    ("imaging.level", "T1l"), ("imaging.level", "lumbar"), ("imaging.level", "thorasic 11"),
    ("imaging.collapse", "less than 5O%"),
])
def test_refused_typos_record_nothing(question_id, text):
    """A negation is never added or dropped by a correction ('not suspected' is not
    suspected, 'noo' not none); short or far answers and numbers, levels and grades are not
    corrected: a re-prompt."""
    reprompt(question_id, text)


@pytest.mark.parametrize(("question_id", "text"), [
    ("cancer.primary", "prostrate?"), ("cancer.primary", "prostrate probably"),
    ("cancer.primary", "kidny I think"), ("pain.regions", "thorasic, not sure"),
    ("pain.regions", "lumbar spin maybe"), ("cancer.status", "suspectd?"),
    ("cancer.status", "kown, I guess"), ("imaging.lesion", "lytik possibly"),
    ("neurology.limb_weakness", "yess not sure"), ("neurology.limb_weakness", "noo idea?"),
])
def test_uncertainty_comes_before_any_correction(question_id, text):
    """A typo with a sign of uncertainty is unknown, never the corrected value."""
    assert parsed(question_id, text).values == {question_id: None}


def test_nope_is_no_never_yes():
    """'nope' is a whole 'no' phrasing: no at a yes/no question, none to the cancer question;
    never read as yes however close the words."""
    assert parsed("neurology.limb_weakness", "nope").values == {"neurology.limb_weakness":
                                                                   False}
    assert parsed("cancer.status", "nope").values == {"cancer.status": "none"}


# -- the fuzzy rules themselves -----------------------------------------------------------

SIDES = (Candidate("treatable", "t", "treatable"), Candidate("untreatable", "u", "untreatable"))


@pytest.mark.parametrize(("text", "expected"), [
    ("untreatble", "untreatable"),  # 95 vs 84: clearly ahead
    ("treatble", None),  # 94 vs 84: within the margin, asked
    ("intreatable", None),  # as close to both
    ("banana", None), ("treatable", "treatable"),
])
def test_correct_needs_the_threshold_and_the_margin(text, expected):
    """Accepted only when the best is above the threshold and clearly ahead of the second."""
    near = fuzzy.correct(text, SIDES)
    got = near.candidate.label if isinstance(near, Correction) else None
    assert got == expected


def test_a_blocker_as_close_as_the_best_prevents_the_correction():
    """An answer as close to a phrasing of uncertainty as to a value is not corrected, and
    uncertainty is never offered as a 'Did you mean'."""
    candidates = [Candidate("known", "known", "known")]
    blockers = [Candidate("unknown", None, "unknown")]
    assert isinstance(fuzzy.correct("knownn", candidates, blockers), Correction)
    near = fuzzy.correct("unknwn", candidates, blockers)
    assert not isinstance(near, Correction)
    assert near is None or "unknown" not in near.labels


def test_every_no_phrasing_has_a_negation_and_no_yes_phrasing_has_one():
    """So a correction (which keeps the negation words as typed) can never produce a 'no'
    from words without one, nor a 'yes' from words with one."""
    assert [p for p in NO if not negation_cues(p)] == []
    assert [p for p in YES if negation_cues(p)] == []


def test_choice_questions_whose_values_are_grades_have_no_fuzzy_candidates():
    """ESCC, Frankel, Karnofsky and ECOG values are never a fuzzy target."""
    for question in QUESTIONS:
        if question.choose_by is ChoiceBy.VALUE:
            assert choice_candidates(question) == ()
    assert not [c for q in QUESTIONS for c in choice_candidates(q)
                if any(ch.isdigit() for ch in c.text)]


# -- yes and no to the cancer question ----------------------------------------------------------

@pytest.mark.parametrize(("text", "expected", "read_as"), [
    ("yes", "known", "known"), ("Yes.", "known", "known"), ("yep", "known", "known"),
    ("y", "known", "known"), ("of course", "known", "known"),
    ("no", "none", "none"), ("No.", "none", "none"), ("nope", "none", "none"),
    ("n", "none", "none"), ("none", "none", None), ("known", "known", None),
    ("suspected", "suspected", None), ("2", "suspected", None),
    ("yes?", None, None), ("probably yes", None, None), ("no idea", None, None),
    ("not sure", None, None),
])
def test_yes_is_known_and_no_is_none_to_does_the_patient_have_cancer(text, expected, read_as):
    """'Does the patient have cancer?' - 'yes' means known, 'no' means none (the whole answer
    a phrasing of the yes/no tables), shown as 'Read as: known' / 'Read as: none'. A hedged
    yes or no is unknown."""
    outcome = parsed("cancer.status", text)
    assert outcome.values == {"cancer.status": expected}
    assert outcome.read_as == read_as


@pytest.mark.parametrize("text", ["yes suspected", "yes but suspected", "no cancer yet?",
                                  "yes, known and suspected"])
def test_yes_or_no_with_more_words_to_the_cancer_question_is_not_read(text):
    """More than a yes or a no: asked again, or unknown when hedged; never known or none."""
    outcome = parse(BY_ID["cancer.status"], text)
    assert isinstance(outcome, Reprompt) or outcome.values == {"cancer.status": None}


@pytest.mark.parametrize(("text", "expected"), [("yes", "known"), ("no", "none"),
                                                 ("kown", "known"), ("prostrate", "nothing")])
def test_through_the_conversation_the_opening_answer_is_recorded(text, expected):
    """The opening question of the conversation records known for 'yes', none for 'no'."""
    conversation = Conversation()
    conversation.start()
    replies = conversation.handle(text)
    recorded = conversation.session.answers.get("cancer.status", {}).get("cancer.status",
                                                                         "nothing")
    assert recorded == expected
    if expected == "nothing":
        assert replies[0].kind == "reprompt"


# -- a refused primary: the 5 closest sites, not the list of 26 -----------------------------------

def _closest(message):
    match = re.search(r"The closest: (.*?)\. Answer", message)
    assert match is not None, message
    return [entry.split(" ", 1) for entry in match.group(1).split("; ")]


@pytest.mark.parametrize(("text", "among"), [
    ("banana", []), ("colorectal", ["colon", "rectum"]),
    ("lung cancer", ["lung, non-small cell", "lung, small cell"]),
    ("gall stones", ["gallbladder"]), ("skin", []), ("brain tumour", []),
])
def test_a_refused_site_names_the_five_closest_with_their_numbers(text, among):
    """The re-prompt names 5 sites by fuzzy score, each with its number in the list (so
    typing the number picks it), and not the whole list."""
    question = BY_ID["cancer.primary"]
    message = reprompt("cancer.primary", text)
    assert message.startswith(f"I did not understand '{text}'")
    entries = _closest(message)
    assert len(entries) == 5
    labels = [label for _, label in entries]
    assert len(set(labels)) == 5
    for number, label in entries:
        assert question.choices[int(number) - 1].label == label
        assert parsed("cancer.primary", number).values == {
            "cancer.primary": question.choices[int(number) - 1].value}
    assert set(among) <= set(labels)
    shown = [c.label for c in question.choices if c.label in message]
    assert len(shown) <= 6  # 5 named ('other' may also be inside another label)


def test_other_refusals_of_the_primary_do_not_list_all_26_sites():
    """Out-of-range numbers and empty answers say how to answer without the whole list."""
    for text in ("27", "0", ""):
        message = reprompt("cancer.primary", text)
        assert "1-26" in message
        assert "osteosarcoma" not in message


def test_short_lists_still_name_every_choice():
    """Questions with a handful of choices keep listing them all in the re-prompt."""
    message = reprompt("imaging.lesion", "banana")
    assert all(label in message for label in ("lytic", "mixed", "blastic"))


# -- numbers with words ------------------------------------------------------------------------

NUMBERS_ACCEPTED = [
    ("general.karnofsky", "abt 70", 70), ("general.karnofsky", "~70", 70),
    ("general.karnofsky", "~ 70", 70), ("general.karnofsky", "70ish", 70),
    ("general.karnofsky", "70-ish", 70), ("general.karnofsky", "about seventy", 70),
    ("general.karnofsky", "around 70", 70), ("general.karnofsky", "approx. 70", 70),
    ("general.karnofsky", "approximately 80", 80), ("general.karnofsky", "roughly 60%", 60),
    ("general.karnofsky", "KPS ~70", 70), ("general.karnofsky", "kps about 70", 70),
    ("general.karnofsky", "Karnofsky seventy", 70), ("general.karnofsky", "seventy", 70),
    ("general.karnofsky", "a hundred", 100), ("general.karnofsky", "one hundred", 100),
    ("general.karnofsky", "ten", 10), ("general.karnofsky", "about 70 or so", 70),
    ("disease.extraspinal_bone_metastases", "about 3", 3),
    ("disease.extraspinal_bone_metastases", "~3 mets", 3),
    ("disease.extraspinal_bone_metastases", "twenty-one", 21),
    ("disease.extraspinal_bone_metastases", "three", 3),
    ("disease.vertebral_metastases", "about three levels", 3),
    ("disease.vertebral_metastases", "one level", 1),
    ("general.expected_survival_months", "about 6 months", 6.0),
    ("general.expected_survival_months", "six months", 6.0),
    ("general.expected_survival_months", "6 months or so", 6.0),
    ("general.expected_survival_months", "~6 mo", 6.0),
    ("general.expected_survival_months", "two years", 24.0),
    ("general.ecog", "two", 2), ("general.ecog", "ECOG two", 2),
    ("general.ecog", "about 2", 2),
]


@pytest.mark.parametrize(("question_id", "text", "expected"), NUMBERS_ACCEPTED)
def test_numbers_in_words_or_approximate_are_read_and_say_so(question_id, text, expected):
    """'abt 70', '~70', '70ish', 'about seventy': the number, with 'Read as: Karnofsky 70'."""
    outcome = parsed(question_id, text)
    assert outcome.values == {question_id: expected}
    assert outcome.read_as == outcome.shown
    assert str(expected).removesuffix(".0") in outcome.read_as


def test_ecog_about_two_at_the_karnofsky_question_answers_ecog():
    """'ECOG about two' at the Karnofsky question answers ECOG (Karnofsky stays unknown)."""
    outcome = parsed("general.karnofsky", "ECOG about two")
    assert outcome.values == {"general.karnofsky": None, "general.ecog": 2}
    assert outcome.read_as == "ECOG 2"


@pytest.mark.parametrize(("question_id", "text"), [
    ("general.karnofsky", "70-80"), ("general.karnofsky", "70 - 80"),
    ("general.karnofsky", "70–80"), ("general.karnofsky", "70 to 80"),
    ("general.karnofsky", "70 or 80"), ("general.karnofsky", "70/80"),
    ("general.karnofsky", "between 70 and 80"), ("general.karnofsky", "seventy to eighty"),
    ("general.karnofsky", "about 70-80"), ("general.karnofsky", "70%-80%"),
    ("disease.extraspinal_bone_metastases", "2-3"),
    ("disease.extraspinal_bone_metastases", "two or three"),
    ("general.expected_survival_months", "3-6 months"),
    ("general.expected_survival_months", "3 to 6 months"),
    ("general.ecog", "1-2"), ("general.ecog", "ECOG 1-2"),
])
def test_a_range_is_asked_again_never_one_end_picked(question_id, text):
    """'70-80' is a range: re-prompt asking for one value."""
    assert "is a range: please give one value" in reprompt(question_id, text)


@pytest.mark.parametrize(("question_id", "text", "fragment"), [
    ("general.karnofsky", "about 75", "not a multiple of 10"),
    ("general.karnofsky", "seventy five", "not a multiple of 10"),
    ("general.karnofsky", "seventy-five", "not a multiple of 10"),
    ("general.karnofsky", "about 110", "out of range"),
    ("general.karnofsky", "sevnty", "I did not understand 'sevnty'"),
    ("general.karnofsky", "about", "I did not understand 'about'"),
    ("general.karnofsky", "about seventy lumps", "I did not understand 'about seventy lumps'"),
    ("general.karnofsky", "seventy-ish percentish", "I did not understand"),
    ("disease.vertebral_metastases", "thirty", "out of range"),
    ("disease.vertebral_metastases", "about zero", "I did not understand"),
    ("disease.extraspinal_bone_metastases", "a few", "I did not understand"),
    ("disease.extraspinal_bone_metastases", "about 2.5", "I did not understand"),
    ("general.ecog", "about five", "I did not understand"),
    ("general.expected_survival_months", "about 3 weeks", "in months"),
    ("imaging.escc", "about 2", "ESCC"), ("imaging.level", "T eleven", "I did not understand"),
])
def test_numbers_in_words_refused(question_id, text, fragment):
    """Not in the scale's steps or range (from the case model), misspelt number words (never
    fuzzy), numbers with junk, grades and levels: re-prompt, quoting what was typed."""
    assert fragment in reprompt(question_id, text)


def test_karnofsky_steps_and_range_come_from_the_case_model():
    """Karnofsky: every multiple of 10 from 0 to 100 is accepted, nothing else."""
    for number in range(131):
        outcome = parse(BY_ID["general.karnofsky"], f"about {number}")
        assert isinstance(outcome, Parsed) == (number % 10 == 0 and number <= 100), number


@pytest.mark.parametrize(("question_id", "text"), [
    ("general.karnofsky", "about 70?"), ("general.karnofsky", "about seventy maybe"),
    ("general.karnofsky", "70ish I think"), ("general.expected_survival_months",
                                             "about 6 months, not sure"),
    ("general.ecog", "two probably")])
def test_an_approximate_number_with_uncertainty_is_unknown(question_id, text):
    """'about' is an estimate, read as the number; 'maybe', '?' are uncertainty: unknown."""
    assert parsed(question_id, text).values[question_id] is None


# -- properties -------------------------------------------------------------------------------

WORDS = sorted(YES | NO | {"known", "suspected", "none", "prostate", "kidney", "thoracic",
                           "lumbar", "lytic", "treatable", "untreatable", "bilateral"})
CUES = sorted({"not", "no", "non", "never", "without", "nope", "isn't"})
MARKERS = sorted(set(UNCERTAIN))


ANY_WORD = st.sampled_from(WORDS)


@st.composite
def edited(draw, words=ANY_WORD):
    """A word with a few random edits (typos of the words that matter)."""
    text = list(draw(words))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "swap"]))
        i = draw(st.integers(0, max(len(text) - 1, 0)))
        letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz ,"))
        if op == "insert":
            text.insert(i, letter)
        elif text and op == "delete":
            del text[i]
        elif text and op == "replace":
            text[i] = letter
        elif len(text) > 1 and op == "swap":
            j = min(i + 1, len(text) - 1)
            text[i], text[j] = text[j], text[i]
    return "".join(text)


answers = st.one_of(edited(), st.text(max_size=20),
                    st.tuples(edited(), st.sampled_from(CUES)).map(" ".join),
                    st.tuples(st.sampled_from(CUES), edited()).map(" ".join))
CHOICE_QUESTIONS = [q for q in QUESTIONS if q.kind is Kind.CHOICE
                    and q.choose_by is not ChoiceBy.VALUE]


@SETTINGS
@given(answers)
def test_property_a_corrected_yes_no_answer_is_within_a_small_edit_distance(text):
    """The cancer question (where 'yes' is known): for any string, a value read from a
    corrected text is within `MAX_EDITS` of one of that value's phrasings with the same
    negation words; 'none' (no) is never the result of a correction."""
    outcome = parse(BY_ID["cancer.status"], text)
    if not isinstance(outcome, Parsed) or outcome.read_as is None:
        return
    key = _key(text)
    value = outcome.values["cancer.status"]
    if key in YES or key in NO:
        return  # a whole yes/no phrasing, read as known or none
    assert value != "none"
    assert any(c.correctable and Levenshtein.distance(key, c.text) <= fuzzy.MAX_EDITS
               and negation_cues(c.text) == negation_cues(key)
               for c in choice_candidates(BY_ID["cancer.status"]) if c.value == value), text


@SETTINGS
@given(answers)
def test_property_a_yes_no_question_suggests_only_near_yes_or_no_and_records_the_tables(text):
    """At a yes/no question: 'Did you mean yes/no' only when the string is within
    `SUGGEST_EDITS` of a yes/no phrasing; a value only from a whole phrasing of the tables."""
    outcome = parse(BY_ID["neurology.limb_weakness"], text)
    key = canonical(normalise(text))
    if isinstance(outcome, Parsed):
        value = outcome.values["neurology.limb_weakness"]
        assert (value is None or (value is True and key in YES)
                or (value is False and key in NO))
        assert outcome.read_as is None
    elif "Did you mean" in outcome.message:
        assert min(Levenshtein.distance(key, p) for p in YES | NO) <= fuzzy.SUGGEST_EDITS


@SETTINGS
@given(st.sampled_from(CHOICE_QUESTIONS), answers)
def test_property_a_correction_is_near_a_phrasing_of_the_value_recorded(question, text):
    """Any word-choice question: a corrected value is within `MAX_EDITS` of a phrasing of
    that value, with the same negation words (a negation is never added or dropped)."""
    outcome = parse(question, text)
    if not isinstance(outcome, Parsed) or outcome.read_as is None:
        return
    key = _key(text)
    if key in YES or key in NO:
        return
    value = outcome.values[question.id]
    assert value != "none"
    assert any(c.correctable and Levenshtein.distance(key, c.text) <= fuzzy.MAX_EDITS
               and negation_cues(c.text) == negation_cues(key)
               for c in choice_candidates(question) if c.value == value), (question.id, text)


@SETTINGS
@given(st.sampled_from(QUESTIONS), answers, st.sampled_from(MARKERS))
def test_property_no_correction_survives_a_sign_of_uncertainty(question, text, marker):
    """A typo plus 'not sure' (any marker) is never a corrected value: unknown or a
    re-prompt."""
    for answer in (f"{text} {marker}", f"{marker} {text}"):
        assert uncertain(normalise(answer))
        outcome = parse(question, answer)
        if isinstance(outcome, Parsed):
            assert outcome.read_as is None or all(v is None for v in outcome.values.values())


@SETTINGS
@given(edited(st.sampled_from(sorted(YES))), st.sampled_from(CUES))
def test_property_a_negation_never_yields_a_corrected_yes(text, cue):
    """A near-'yes' with a negation word is never read as yes (known) by a correction."""
    for answer in (f"{cue} {text}", f"{text} {cue}"):
        outcome = parse(BY_ID["cancer.status"], answer)
        if isinstance(outcome, Parsed) and outcome.read_as is not None:
            assert outcome.values["cancer.status"] != "known", answer


@SETTINGS
@given(st.text(max_size=30), st.lists(st.sampled_from(
    [c for q in CHOICE_QUESTIONS for c in choice_candidates(q)]), min_size=1, max_size=8))
def test_property_correct_never_raises_and_a_correction_is_a_candidate(text, candidates):
    """`fuzzy.correct` on any text: None, a Suggestion naming candidates' labels, or a
    Correction to one of the candidates."""
    near = fuzzy.correct(text, candidates)
    if isinstance(near, Correction):
        assert near.candidate in candidates
        assert near.score >= fuzzy.ACCEPT
    elif isinstance(near, Suggestion):
        assert set(near.labels) <= {c.label for c in candidates}
