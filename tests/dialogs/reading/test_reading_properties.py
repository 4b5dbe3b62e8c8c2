"""Properties of reading (hypothesis): a negation never crosses into another clause, a cue
of doubt, hypothesis or another person never fills a red flag, and whitespace or case
never changes what is read."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.reading import read
from dialogs.reading.validate import case_problems

# (clause, field, value): positive clauses stating a red flag (or another field)
POSITIVE = [
    ("legs feel weak since yesterday", "neurology.limb_weakness", True),
    ("weakness of both legs", "neurology.limb_weakness", True),
    ("numbness of both feet", "neurology.sensory_change", True),
    ("new urinary retention", "neurology.bladder_bowel_dysfunction", True),
    ("saddle anaesthesia", "neurology.saddle_anaesthesia", True),
    ("upgoing plantars", "neurology.cord_compression_signs", True),
    ("pain radiating down the left leg", "pain.radicular", True),
    ("he cannot walk", "neurology.ambulatory", False),
    ("difficulty walking", "neurology.difficulty_walking", True),
    ("tingling in the hands", "neurology.sensory_change", True),
]
NEGATED = ["fever", "night pain", "bladder problems", "tenderness", "falls", "weight loss",
           "bowel problems", "arm weakness", "headache", "neck pain"]
SAME_FIELD = {"bladder problems": "neurology.bladder_bowel_dysfunction",
              "bowel problems": "neurology.bladder_bowel_dysfunction"}
DOUBT = ["?", "possible", "query", "? ", "cannot rule out", "suspected", "if he develops",
         "advised to return if", "mother had", "her husband has", "should she develop",
         "worried about"]
RED_FLAGS = {"neurology.limb_weakness", "neurology.sensory_change",
             "neurology.bladder_bowel_dysfunction", "neurology.saddle_anaesthesia",
             "neurology.cord_compression_signs", "pain.radicular", "neurology.difficulty_walking"}
FLAG_WORDS = [("weakness of both legs", "neurology.limb_weakness"),
              ("leg weakness", "neurology.limb_weakness"),
              ("numbness", "neurology.sensory_change"),
              ("urinary retention", "neurology.bladder_bowel_dysfunction"),
              ("saddle anaesthesia", "neurology.saddle_anaesthesia"),
              ("cord compression signs", "neurology.cord_compression_signs"),
              ("radicular pain", "pain.radicular"),
              ("incontinence", "neurology.bladder_bowel_dysfunction"),
              ("difficulty walking", "neurology.difficulty_walking")]
PREFIX = ["", "Ca breast. ", "72M, known prostate Ca with bone mets. ", "MRI booked. "]

settings.register_profile("reading", max_examples=60, deadline=None)
settings.load_profile("reading")


@given(st.sampled_from(PREFIX), st.lists(st.sampled_from(NEGATED), min_size=1, max_size=3),
       st.sampled_from(POSITIVE), st.sampled_from(["no", "No", "denies", "nil", "without"]))
def test_a_negated_clause_never_flips_the_next_one(prefix: str, negated: list[str],
                                                   positive: tuple[str, str, object],
                                                   trigger: str) -> None:
    clause, field, value = positive
    plain = read(f"{prefix}{clause}.").value(field)
    assert plain == value
    text = prefix + "".join(f"{trigger} {n}, " for n in negated) + clause + "."
    got = read(text).value(field)
    # never flipped; a denial of the same thing just before is a conflict (unknown)
    same = any(SAME_FIELD.get(n) == field for n in negated)
    assert got == value or (same and got is None)


@given(st.sampled_from(PREFIX), st.sampled_from(DOUBT), st.sampled_from(FLAG_WORDS),
       st.sampled_from(["", " now", " today"]))
def test_doubt_never_fills_a_red_flag(prefix: str, doubt: str, flag: tuple[str, str],
                                      tail: str) -> None:
    words, field = flag
    reading = read(f"{prefix}{doubt} {words}{tail}.")
    assert reading.value(field) is None
    assert not RED_FLAGS & {f.field for f in reading.findings if f.value is True}


TEXTS = ["Ca breast, known bone mets. No bladder problems, legs feel weak since yesterday.",
         "72M, Ca prostate, c/o LBP x3/52. Denies weakness, numbness or sphincter disturbance.",
         "MRI whole spine: T11 mixed lytic/sclerotic metastasis, Bilsky 1c, both pedicles "
         "involved. KPS 70, ECOG 1.",
         "O/E power 5/5 throughout but upgoing plantars bilaterally and a sensory level at T10.",
         "?MSCC. Husband reports she has been dragging her R leg; mother had breast Ca.",
         "A 45 yo lady. Walks only with a frame. Temperature 38.5 C. If weakness, ring AOS."]


def _spaced(text: str, gaps: list[str]) -> str:
    words = text.split(" ")
    return "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words)).strip()


@given(st.sampled_from(TEXTS), st.lists(st.sampled_from([" ", "  ", "\n", "\t", " \n "]),
                                        min_size=1, max_size=5),
       st.sampled_from(["lower", "upper", "same", "title"]))
def test_whitespace_and_case_do_not_change_the_findings(text: str, gaps: list[str],
                                                        case: str) -> None:
    changed = _spaced(text, gaps)
    changed = {"lower": changed.lower(), "upper": changed.upper(), "same": changed,
               "title": changed.title()}[case]
    a, b = read(text), read(changed)
    assert a.fields() == b.fields()
    assert [(n.field, n.assertion) for n in a.not_filled] == [
        (n.field, n.assertion) for n in b.not_filled]


@given(st.text(max_size=300))
def test_any_text_reads_to_a_valid_partial_case(text: str) -> None:
    reading = read(text)
    assert case_problems(reading.case_dict()) == []
    for item in [*reading.findings, *reading.not_filled]:
        assert text[item.span[0]:item.span[1]] == item.text


@given(st.lists(st.sampled_from(
    ["no", "not", "weakness", "legs", "weak", ",", ".", "?", "if", "mother", "power", "normal",
     "4/5", "T10", "ESCC", "2", "KPS", "75", "retention", "and", "or", "MRI", "cord",
     "compression", "no CSF", "Ca", "breast", "pain", "night", "walks", "frame", "denies"]),
    max_size=40))
def test_word_salad_never_crashes_and_stays_valid(words: list[str]) -> None:
    reading = read(" ".join(words))
    assert case_problems(reading.case_dict()) == []
