"""Every lexicon entry is tested: each concept's examples read as stated, each phrase
matches its own plainest wording, and each trigger, qualifier and number word acts as its
kind says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dialogs.reading import Assertion, read
from dialogs.reading.lexicon import lexicon, load_yaml
from dialogs.reading.tokens import tokenise

HERE = Path(__file__).resolve().parents[3] / "dialogs" / "reading"
CONCEPTS = load_yaml(HERE / "concepts.yaml")
TRIGGERS = load_yaml(HERE / "triggers.yaml")
QUALIFIERS = load_yaml(HERE / "qualifiers.yaml")
NUMBERS = load_yaml(HERE / "numbers.yaml")
SETS = CONCEPTS["sets"]


def _plain(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _examples() -> list[tuple[str, str, dict[str, Any]]]:
    return [(c["id"], e["text"], e["expect"]) for c in CONCEPTS["concepts"]
            for e in c.get("examples", ())]


def test_every_concept_has_an_example() -> None:
    missing = [c["id"] for c in CONCEPTS["concepts"] if not c.get("examples")]
    assert missing == []


@pytest.mark.parametrize(("concept", "text", "expect"), _examples(),
                         ids=[f"{c}:{t[:30]}" for c, t, _ in _examples()])
def test_concept_example(concept: str, text: str, expect: dict[str, Any]) -> None:
    """The example reads as the lexicon says: these values, and none of the concept's other
    fields ("No arm weakness." leaves limb weakness unknown)."""
    reading = read(text)
    got = {f: _plain(v) for f, v in reading.fields().items()}
    want = {f: _plain(v) for f, v in expect.items()}
    assert {f: got.get(f) for f in want} == want, concept
    entry = next(c for c in CONCEPTS["concepts"] if c["id"] == concept)
    own = {f for fills in [*entry.get("examined", {}).values(),
                           *(entry.get(k) or {} for k in ("affirmed", "negated", "historical",
                                                          "possible"))] for f in fills}
    assert {f for f in got if f in own} <= set(want), concept


def _instance(phrase: str) -> str:
    """The plainest wording of a phrase: first alternatives, no optional words."""
    out = []
    for word in re.findall(r"\[[^\]]*\]|\([^()]*(?:\([^()]*\)[^()]*)*\)|\S+", phrase):
        if word.startswith("(") or word == "...":
            continue
        if word.startswith("["):
            out.append(_instance(word[1:-1].split("|")[0]))
        elif word.startswith("{"):
            out.append(_instance(sorted(SETS[word[1:-1]], key=len)[0]))
        elif word == "<level>":
            out.append("T10")
        elif word == "<num>":
            out.append("3")
        else:
            out.append(word.split("|")[0].rstrip("*"))
    return " ".join(out)


def _phrases() -> list[tuple[str, str]]:
    return [(c["id"], p) for c in CONCEPTS["concepts"] for p in c["phrases"]]


@pytest.mark.parametrize(("concept", "phrase"), _phrases(),
                         ids=[f"{c}:{p[:40]}" for c, p in _phrases()])
def test_phrase_matches_its_plainest_wording(concept: str, phrase: str) -> None:
    entry = next(c for c in lexicon().concepts if c.id == concept)
    pattern = entry.patterns[entry.phrases.index(phrase)]
    text = " " + " ".join(t.text for t in tokenise(_instance(phrase))) + " "
    assert pattern.search(text), (phrase, text)


def test_values_are_case_file_values() -> None:
    """Every value the lexicon can fill is accepted by the case model for its field."""
    from dialogs.reading.validate import case_problems

    for c in CONCEPTS["concepts"]:
        fills = dict(c.get("examined", {}))
        fills.update({k: c[k] for k in ("affirmed", "negated", "historical", "possible")
                      if c.get(k)})
        for values in fills.values():
            for field, value in values.items():
                if value == "2+":
                    continue
                section, name = field.split(".")
                assert case_problems({"format": "spinemets-case/1",
                                      section: {name: value}}) == [], (c["id"], field, value)


# ------------------------------------------------------------------ triggers

def _weak(text: str) -> Any:
    return read(text).value("neurology.limb_weakness")


def _reasons(text: str) -> set[Assertion]:
    return {n.assertion for n in read(text).not_filled if n.field == "neurology.limb_weakness"}


@pytest.mark.parametrize("trigger", TRIGGERS["negation"]["pre"])
def test_negation_before(trigger: str) -> None:
    assert _weak(f"Ca breast. {trigger} leg weakness.") is False


@pytest.mark.parametrize("trigger", TRIGGERS["negation"]["post"])
def test_negation_after(trigger: str) -> None:
    assert _weak(f"Ca breast. Leg weakness {trigger}.") is False


@pytest.mark.parametrize("trigger", TRIGGERS["pseudo_negation"])
def test_pseudo_negation_never_negates(trigger: str) -> None:
    assert _weak(f"Ca breast. {trigger} leg weakness.") is not False


@pytest.mark.parametrize("trigger", TRIGGERS["possible"]["pre"])
def test_possible_before(trigger: str) -> None:
    text = f"Ca breast. {trigger} leg weakness."
    assert _weak(text) is None
    assert _reasons(text) & {Assertion.POSSIBLE, Assertion.HYPOTHETICAL}


@pytest.mark.parametrize("trigger", TRIGGERS["possible"]["post"])
def test_possible_after(trigger: str) -> None:
    text = f"Ca breast. Leg weakness {trigger}."
    assert _weak(text) is None
    assert Assertion.POSSIBLE in _reasons(text)


@pytest.mark.parametrize("trigger", TRIGGERS["hypothetical"]["pre_sentence"]
                         + TRIGGERS["hypothetical"]["pre_short"])
def test_hypothetical_before(trigger: str) -> None:
    text = f"Ca breast. {trigger} leg weakness."
    assert _weak(text) is None
    assert Assertion.HYPOTHETICAL in _reasons(text)


@pytest.mark.parametrize("trigger", TRIGGERS["hypothetical"]["post"])
def test_hypothetical_after(trigger: str) -> None:
    text = f"Ca breast. Leg weakness {trigger}."
    assert _weak(text) is None
    assert Assertion.HYPOTHETICAL in _reasons(text)


@pytest.mark.parametrize("trigger", TRIGGERS["historical"]["pre"])
def test_historical_before(trigger: str) -> None:
    text = f"Ca breast. {trigger} leg weakness."
    assert _weak(text) is None
    assert Assertion.HISTORICAL in _reasons(text)


@pytest.mark.parametrize("trigger", TRIGGERS["historical"]["post"]
                         + TRIGGERS["historical"]["post_sentence"])
def test_historical_after(trigger: str) -> None:
    text = f"Ca breast. Leg weakness {trigger}."
    assert _weak(text) is None
    assert Assertion.HISTORICAL in _reasons(text)


@pytest.mark.parametrize("trigger", TRIGGERS["other_person"]["pre"])
def test_other_person(trigger: str) -> None:
    text = f"Ca breast. Her {trigger} has leg weakness."
    assert _weak(text) is None
    assert Assertion.OTHER_PERSON in _reasons(text)


@pytest.mark.parametrize("verb", TRIGGERS["other_person"]["reporting_verbs"])
def test_collateral_history_is_about_the_patient(verb: str) -> None:
    assert _weak(f"Ca breast. Her husband {verb} she has leg weakness.") is True


@pytest.mark.parametrize("word", TRIGGERS["clause_ends"])
def test_clause_end_stops_a_negation(word: str) -> None:
    assert _weak(f"No bladder problems {word} leg weakness.") is True


@pytest.mark.parametrize("verb", TRIGGERS["clause_verbs"])
def test_clause_verb_after_and_stops_a_negation(verb: str) -> None:
    assert _weak(f"No bladder problems and leg weakness {verb} new.") is True


@pytest.mark.parametrize("word", TRIGGERS["never_correct"])
def test_never_corrected(word: str) -> None:
    from dialogs.reading.reader import _corrected

    assert [t.text for t in _corrected(tokenise(word), lexicon())] == [word]


# ------------------------------------------------------------------ qualifiers

CLASS_CASES = {
    "normal": ("Power {q}.", "neurology.limb_weakness", False),
    "abnormal": ("Power {q}.", "neurology.limb_weakness", True),
    "unaided": ("Walks {q}.", "neurology.ambulatory", True),
    "aided": ("Walks {q}.", "neurology.difficulty_walking", True),
    "brisk": ("Reflexes {q}.", "neurology.cord_compression_signs", True),
    "extensor": ("Plantars {q}.", "neurology.cord_compression_signs", True),
    "flexor": ("Plantars {q}.", "neurology.cord_compression_signs", False),
}


def test_every_qualifier_class_is_tested() -> None:
    assert set(QUALIFIERS["classes"]) == set(CLASS_CASES)


@pytest.mark.parametrize(("name", "qualifier"),
                         [(k, q) for k, v in QUALIFIERS["classes"].items() for q in v])
def test_qualifier(name: str, qualifier: str) -> None:
    template, field, value = CLASS_CASES[name]
    assert read(template.format(q=_instance(qualifier))).value(field) is value


@pytest.mark.parametrize("word", QUALIFIERS["skip_after"])
def test_skip_after(word: str) -> None:
    assert read(f"Power {word} normal.").value("neurology.limb_weakness") is False


@pytest.mark.parametrize("word", QUALIFIERS["skip_before"])
def test_skip_before(word: str) -> None:
    assert read(f"Reduced {word} power.").value("neurology.limb_weakness") is True


@pytest.mark.parametrize("word", QUALIFIERS["list_joiners"])
def test_list_joiner(word: str) -> None:
    reading = read(f"Power {word} sensation normal.")
    assert reading.value("neurology.limb_weakness") is False
    assert reading.value("neurology.sensory_change") is False


# ------------------------------------------------------------------ number words

@pytest.mark.parametrize("word", NUMBERS["lesion_words"])
def test_lesion_word_makes_a_level(word: str) -> None:
    assert read(f"MRI: T10 {word}.").value("imaging.level") == "T10"


@pytest.mark.parametrize("word", NUMBERS["secondary_words"])
def test_secondary_lesion_is_not_the_index(word: str) -> None:
    assert read(f"MRI: L2 metastasis and a {word} lesion at L4.").value("imaging.level") == "L2"


@pytest.mark.parametrize("words", NUMBERS["not_a_lesion_level"])
def test_not_a_lesion_level(words: str) -> None:
    assert read(f"Mass with {words} T10.").value("imaging.level") is None


@pytest.mark.parametrize("word", NUMBERS["radiotherapy_words"])
def test_radiotherapy_to_the_lesion_level(word: str) -> None:
    reading = read(f"MRI: L3 metastasis. Previous {word} to L3.")
    assert reading.value("disease.previous_radiotherapy_at_level") is True


@pytest.mark.parametrize("word", NUMBERS["bound_words"])
def test_bound_is_not_a_value(word: str) -> None:
    assert read(f"Expected survival {word} 6 months.").value(
        "general.expected_survival_months") is None


@pytest.mark.parametrize(("word", "value"), list(NUMBERS["number_words"].items()))
def test_number_word(word: str, value: int | None) -> None:
    got = read(f"Expected survival of {word} months.").value("general.expected_survival_months")
    assert got == value


@pytest.mark.parametrize(("word", "sex"), list(NUMBERS["sex_words"].items()))
def test_sex_word(word: str, sex: str) -> None:
    reading = read(f"A 60-year-old {word} with back pain.")
    assert (reading.value("patient.age"), reading.value("patient.sex")) == (60, sex)
