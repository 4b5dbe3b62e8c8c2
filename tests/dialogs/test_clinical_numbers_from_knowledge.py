"""Issue 11: every clinical number the conversation and the teaching show comes from knowledge.

Change detectors: each number a question's prompt or "why" shows, each scale it offers, and
each threshold a teaching explanation or learning point states is read back from the text and
compared with the knowledge constant it must come from. A literal typed into dialogs/ that
disagreed with knowledge (or a new literal nobody derived) fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from helpers import make_case, mri

from dialogs.questions import BY_ID, QUESTIONS
from dialogs.teaching import all_cases, explain
from knowledge import assess
from knowledge.labels import label
from knowledge.references import knowledge_base
from knowledge.rules import actions, biopsy, treatment_notes, triage
from knowledge.rules.noms import POOR_KARNOFSKY_MAX, POOR_SURVIVAL_MAX_MONTHS
from knowledge.rules.patchell import MIN_SURVIVAL_MONTHS
from knowledge.scores import escc as escc_scale
from knowledge.scores import performance, sins
from knowledge.scores.tokuhashi import ECOG_OPTIONS
from knowledge.vocab import EsccCategory, EsccGrade, Frankel, NomsDecision

ROOT = Path(__file__).resolve().parents[2]


def _numbers(pattern: str, text: str) -> tuple[str, ...]:
    found = re.search(pattern, text)
    assert found is not None, f"{pattern!r} not in {text!r}"
    return found.groups()


# --- questions: the why texts -----------------------------------------------------------------

def test_mechanical_pain_why_shows_the_sins_pain_points():
    shown = _numbers(r"SINS (\d+) points instead of (\d+)", BY_ID["pain.mechanical"].why)
    assert tuple(map(int, shown)) == (sins.MECHANICAL_PAIN, sins.OCCASIONAL_PAIN)


def test_level_why_shows_the_sins_location_points_of_the_t2_t3_trap():
    shown = _numbers(r"T2 scores (\d+), T3 scores (\d+)", BY_ID["imaging.level"].why)
    assert tuple(map(int, shown)) == (sins.location_points("T2"), sins.location_points("T3"))
    assert sins.location_points("T2") == max(sins.LOCATION_POINTS.values())  # "score highest"


def test_survival_why_shows_the_patchell_and_noms_survival_thresholds():
    why = BY_ID["general.expected_survival_months"].why
    shown = _numbers(r"at least (\d+) months; with (\d+) months or less", why)
    assert tuple(map(int, shown)) == (MIN_SURVIVAL_MONTHS, POOR_SURVIVAL_MAX_MONTHS)


def test_ecog_why_names_the_one_ecog_grade_that_leaves_tokuhashi_open():
    ecog, low, high = map(int, _numbers(r"ECOG (\d+) leaves Tokuhashi (\d+) or (\d+)",
                                        BY_ID["general.ecog"].why))
    assert ECOG_OPTIONS[ecog] == (low, high)
    assert [e for e, options in ECOG_OPTIONS.items() if len(options) > 1] == [ecog]


def test_escc_why_and_prompt_show_the_knowledge_grades():
    question = BY_ID["imaging.escc"]
    first, last = _numbers(r"Grade (\w+)-(\w+) is cord compression", question.why)
    high = escc_scale.grades_of(EsccCategory.HIGH)
    assert (first, last) == (high[0].value, high[-1].value)
    assert set(high) == triage.HIGH_GRADE_ESCC  # the red flag is the same set
    listed = _numbers(r"grade at the worst level: (.*)\?", question.prompt)[0]
    assert re.split(r", | or ", listed) == [g.value for g in EsccGrade]


def test_collapse_percentages_are_the_sins_collapse_threshold():
    texts = [BY_ID["imaging.collapse"].why, BY_ID["imaging.sins_items"].prompt,
             *(c.label for c in BY_ID["imaging.collapse"].choices)]
    shown = [int(n) for text in texts for n in re.findall(r"(\d+)%", text)]
    assert len(shown) == 5
    assert set(shown) == {sins.COLLAPSE_PERCENT}


# --- questions: the scales offered ------------------------------------------------------------

def test_karnofsky_choices_are_the_knowledge_scale():
    question = BY_ID["general.karnofsky"]
    assert [(c.value, c.label) for c in question.choices] == [
        (str(v), d) for v, d in performance.KARNOFSKY_SCALE]
    low, high = map(int, _numbers(r"\((\d+)-(\d+),", question.prompt))
    assert (low, high) == performance.KARNOFSKY_RANGE


def test_ecog_choices_are_the_knowledge_scale_and_its_karnofsky_mapping():
    question = BY_ID["general.ecog"]
    assert [(c.value, c.label) for c in question.choices] == [
        (str(v), d) for v, d in performance.ECOG_SCALE]
    values = [v for v, _ in performance.ECOG_SCALE]
    assert values == list(performance.KARNOFSKY_OF_ECOG) == list(ECOG_OPTIONS)
    low, high = map(int, _numbers(r"\((\d+)-(\d+)\)", question.prompt))
    assert (low, high) == (min(values), max(values))


def test_the_scales_parsing_reads_are_the_knowledge_scales():
    """dialogs.parsing reads KARNOFSKY_SCALE / ECOG_SCALE from dialogs.questions: the same
    objects as knowledge's, not copies."""
    import dialogs.questions as questions

    assert questions.KARNOFSKY_SCALE is performance.KARNOFSKY_SCALE
    assert questions.ECOG_SCALE is performance.ECOG_SCALE


def test_frankel_prompt_and_choices_are_the_knowledge_scale():
    question = BY_ID["neurology.frankel"]
    assert [(c.value, c.label) for c in question.choices] == [
        (f.value, d) for f, d in performance.FRANKEL_SCALE.items()]
    assert list(performance.FRANKEL_SCALE) == list(Frankel)
    for grade, words in performance.FRANKEL_SCALE.items():
        assert f"{grade.value} {words}" in question.prompt


def test_escc_choices_are_the_knowledge_descriptions():
    assert [(c.value, c.label) for c in BY_ID["imaging.escc"].choices] == [
        (g.value, d) for g, d in escc_scale.GRADE_DESCRIPTIONS.items()]


# --- no literal left behind -------------------------------------------------------------------

# The digits a question may still show as typed words: example answers and level names (not
# clinical values). Any other digit in a prompt, why or choice label must be one of the
# derived numbers checked above.
EXAMPLES = ("e.g. T9", "e.g. T11", "'ECOG 2' is accepted", "(0 if none)", "T2 scores",
            "T3 scores")
DERIVED = {  # question id -> where its numbers come from (tested above)
    "pain.mechanical": "SINS pain points",
    "imaging.level": "SINS location points",
    "general.expected_survival_months": "Patchell / NOMS survival",
    "general.ecog": "ECOG scale and Tokuhashi ECOG options",
    "general.karnofsky": "Karnofsky scale",
    "imaging.escc": "ESCC grades",
    "imaging.collapse": "SINS collapse threshold",
    "imaging.sins_items": "SINS collapse threshold",
}


def _without_refs_and_examples(text: str) -> str:
    for ref in knowledge_base().references:
        text = text.replace(ref, "")
    for example in EXAMPLES:
        text = text.replace(example, "")
    return text


def test_only_questions_with_derived_numbers_show_digits():
    """A question whose words show a number is one of those whose numbers are derived (and
    tested here): a new literal threshold in a why text fails until it comes from knowledge."""
    showing = set()
    for q in QUESTIONS:
        if q.id in ("imaging.escc", "neurology.frankel"):
            continue  # scale labels (grades), checked above
        words = [q.prompt, q.why, *(c.label for c in q.choices)]
        if any(re.search(r"\d", _without_refs_and_examples(w)) for w in words):
            showing.add(q.id)
    assert showing == set(DERIVED) - {"imaging.escc"}


SOURCES = [*sorted((ROOT / "dialogs" / "questions").glob("*.py")),
           *sorted((ROOT / "dialogs" / "teaching").glob("*.py"))]


def _literal_digits(path: Path) -> list[str]:
    """String and number literals with digits in a module (docstrings, reference ids and
    the example answers aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in docstrings:
            continue
        if isinstance(node.value, str):
            text = _without_refs_and_examples(node.value)
            text = re.sub(r"\b(none_gt50_involved|lt50|gt50|utf-8|T2|T3)\b", "", text)
            if re.search(r"\d", text):
                found.append(f"{path.name}:{node.lineno} {node.value!r}")
        elif (isinstance(node.value, int | float) and not isinstance(node.value, bool)
              and node.value not in (0, 1, -1, 2)):
            found.append(f"{path.name}:{node.lineno} {node.value!r}")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_clinical_number_is_typed_in_the_dialog_texts(path):
    """The question modules and the teaching modules hold no number literal but reference ids, case
    enum ids and example answers (the checklist's "two or more" is the one literal 2)."""
    assert _literal_digits(path) == []


# --- teaching ---------------------------------------------------------------------------------

def _assessed(**sections):
    case = make_case(**sections)
    return assess(case), case


def test_sins_feedback_bands_are_the_knowledge_bands():
    a, case = _assessed(imaging=mri(level="T7"))
    text = explain.sins(a, case)
    shown = re.findall(r"(\d+)-(\d+) ([a-z ]+?)(?:,|\s\[)", text.split("Bands: ")[1])
    assert [(int(lo), int(hi), words) for lo, hi, words in shown] == [
        (lo, hi, label(name)) for lo, hi, name in sins.BANDS.rows]


@pytest.mark.parametrize("low", range(sins.BANDS.lowest, sins.BANDS.highest + 1))
def test_the_sins_range_question_asks_about_a_band_start(low):
    starts = [sins.POTENTIALLY_UNSTABLE_MIN, sins.UNSTABLE_MIN]
    expected = next((s for s in starts if s > low), starts[-1])
    assert explain.sins_threshold(low) == expected


def test_escc_feedback_names_the_debated_grade_from_knowledge():
    a, case = _assessed(imaging=mri(escc="1c"))
    debated = escc_scale.grades_of(EsccCategory.INDETERMINATE)
    assert " or ".join(label(g) for g in debated) == explain.DEBATED_ESCC
    assert f"{explain.DEBATED_ESCC} is not cord compression" in explain.escc(a, case)
    assert f"({explain.DEBATED_ESCC}, or no grade," in explain._DECIDERS["neurologic"]


def test_poor_condition_feedback_shows_the_noms_thresholds():
    a, case = _assessed(general={"karnofsky": 30, "expected_survival_months": 1},
                        imaging=mri())
    assert a.noms.decision is NomsDecision.CEBRT_AND_SUPPORTIVE_CARE
    shown = _numbers(r"Karnofsky (\d+) or less and an expected survival of (\d+) months",
                     explain.noms(a, case))
    assert tuple(map(int, shown)) == (POOR_KARNOFSKY_MAX, POOR_SURVIVAL_MAX_MONTHS)


# Each number a learning point states (YAML prose), read back and checked against knowledge.
_LEARNING_NUMBERS = (
    (r"SINS reaches (\d+)",
     lambda n: int(n) == sins.POTENTIALLY_UNSTABLE_MIN == actions.SINS_CONSULTATION_MIN),
    (r"SINS (\d+-\d+) is unstable",
     lambda n: n == "{}-{}".format(*sins.BANDS.rows[-1][:2])),
    (r"Karnofsky (\d+) or less",
     lambda n: int(n) == POOR_KARNOFSKY_MAX),
    (r"expected survival of (\d+) months or less",
     lambda n: int(n) == POOR_SURVIVAL_MAX_MONTHS),
    (r"dexamethasone (\d+) mg",
     lambda n: f"dexamethasone {n} mg" == label("dexamethasone")),
    (r"within (\d+) hours",
     lambda n: f"within {n} h" == label("within_24h")),
)
_NOT_NUMBERS = (r"\[[a-z0-9-]+\]",)  # reference ids


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.id)
def test_learning_points_state_the_knowledge_numbers(case):
    """Every number in a learning point is one of the checked phrases, and agrees."""
    for point in case.learning_points:
        rest = point
        for pattern in _NOT_NUMBERS:
            rest = re.sub(pattern, "", rest)
        for pattern, agrees in _LEARNING_NUMBERS:
            for number in re.findall(pattern, rest):
                assert agrees(number), f"{case.id}: {pattern} gives {number} in {point!r}"
            rest = re.sub(pattern, "", rest)
        assert not re.search(r"\d", rest), f"{case.id}: an unchecked number in {point!r}"


# --- one definition ---------------------------------------------------------------------------

def test_haematological_has_one_definition():
    """The lymphoma/myeloma set is defined once (knowledge.rules.actions) and imported by the
    biopsy and treatment-note rules and the teaching feedback."""
    defined = [str(p.relative_to(ROOT)) for folder in ("knowledge", "dialogs", "assistant")
               for p in sorted((ROOT / folder).rglob("*.py"))
               if re.search(r"^\s*HAEMATOLOGICAL\s*[:=]", p.read_text(encoding="utf-8"),
                            re.MULTILINE)]
    assert defined == ["knowledge/rules/actions.py"]
    assert biopsy.HAEMATOLOGICAL is actions.HAEMATOLOGICAL
    assert treatment_notes.HAEMATOLOGICAL is actions.HAEMATOLOGICAL
    assert explain.HAEMATOLOGICAL is actions.HAEMATOLOGICAL
