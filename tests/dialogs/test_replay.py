"""Replay: the conversation answered from case files gives exactly `spinemets assess`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import run_cli as run
from hypothesis import HealthCheck, given, settings
from relevance_check import can_change
from strategies import cases

from dialogs.manager import Conversation
from dialogs.replay import answer_text, replay
from knowledge import assess, parse_case

VIGNETTES = sorted((Path(__file__).parents[1] / "data" / "vignettes").glob("*.yaml"))
CASES = Path(__file__).parents[1] / "data" / "cases"


def vignette_case(path):
    return parse_case(yaml.safe_load(path.read_text())["case"])


@pytest.mark.parametrize("path", VIGNETTES, ids=lambda p: p.stem)
def test_replay_gives_the_same_assessment_as_assess(path):
    """For every public vignette, replay's assessment equals assess's, field for field."""
    case = vignette_case(path)
    assert replay(case).assessment.model_dump_json() == assess(case).model_dump_json()


@pytest.mark.parametrize("path", VIGNETTES, ids=lambda p: p.stem)
def test_replay_never_asks_a_question_that_cannot_matter(path):
    """Each question asked could, at that moment, change the assessment (brute force over its answers).

    The one exception is the gate 'has any imaging been done?', which by itself changes nothing
    but decides whether the imaging questions are asked.
    """
    case = vignette_case(path)
    conversation = Conversation(case_id=case.id)
    conversation.start()
    idle = []
    while not conversation.finished:
        if conversation.pending is not None:
            conversation.handle("yes")
            continue
        question = conversation.current_question
        if question.id != "imaging" and not can_change(conversation.session, question):
            idle.append(question.id)
        conversation.handle(answer_text(question, case))
    assert idle == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_replay_equals_assess_for_random_cases(data):
    """Any valid case: replay asks every question that matters (same assessment as assess)."""
    case = parse_case(data)
    assert replay(case).assessment.model_dump_json() == assess(case).model_dump_json()




def test_replay_jsonl_is_identical_to_assess_jsonl():
    """spinemets replay --format jsonl prints exactly what spinemets assess prints."""
    files = sorted(str(p) for p in CASES.glob("*.yaml"))
    _, replayed, _ = run(["replay", "--format", "jsonl", *files])
    _, assessed, _ = run(["assess", "--format", "jsonl", *files])
    assert replayed == assessed
    assert len(replayed.splitlines()) == 20


def test_replay_text_shows_the_transcript_then_the_report():
    """Text replay: question and answer lines, the escalation, then the report."""
    code, out, _ = run(["replay", str(CASES / "04-renal-l1-cord-compression.yaml")])
    assert code == 0
    assert out.startswith("Q: Does the patient have cancer?")
    assert "A: kidney" in out
    assert "[escalation] !!! EMERGENCY: red flag limb weakness" in out
    assert out.index("A: kidney") < out.index("WHAT TO DO")


def test_replay_json_of_one_case(tmp_path):
    """--format json prints one assessment object."""
    _, out, _ = run(["replay", "--format", "json", str(CASES / "12-breast-t3-low-grade-stable.yaml")])
    assert json.loads(out)["case_id"] == "v12"


def test_replay_bad_case_exits_2(tmp_path):
    """A bad case file: the field path on stderr, exit status 2."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: spinemets-case/1\ncancer: {status: known}\nneurology: {frankel: F}\n")
    code, _, err = run(["replay", str(bad)])
    assert code == 2
    assert "neurology.frankel" in err


def test_replay_asks_the_bone_count_after_a_negative_scan():
    """After a normal whole-spine MRI, extraspinal bone metastases still decide the
    bone-targeted therapy note (§6.5), so replay asks it and equals assess."""
    case = parse_case({
        "format": "spinemets-case/1", "cancer": {"status": "known", "primary": "breast"},
        "pain": {"present": True}, "disease": {"extraspinal_bone_metastases": 1},
        "imaging": {"modality": "mri_whole_spine", "lesion_found": False}})
    expected = assess(case)
    assert "bone_targeted_therapy" in [n.id for n in expected.notes]
    assert replay(case).assessment.model_dump_json() == expected.model_dump_json()


@pytest.mark.parametrize("data", [
    # cancer none, lesion_found unknown, a lesion type given: the type settles lesion_found
    {"format": "spinemets-case/1", "cancer": {"status": "none"},
     "neurology": {"limb_weakness": True},
     "imaging": {"modality": "mri_whole_spine", "lesion": "lytic"}},
    # lesion_found unknown after a whole-spine MRI with a red flag: tried as false it means
    # re-imaging, whose modality the MRI contraindication decides
    {"format": "spinemets-case/1", "cancer": {"status": "none"},
     "neurology": {"limb_weakness": True}, "general": {"mri_contraindicated": True},
     "imaging": {"modality": "mri_whole_spine"}},
])
def test_replay_asks_what_decides_the_unknowns(data):
    """Questions that change only what an unknown could do are still asked (unknowns are
    an output), so replay equals assess."""
    case = parse_case(data)
    assert replay(case).assessment.model_dump_json() == assess(case).model_dump_json()
