"""FHIR R5 export: a Questionnaire and a QuestionnaireResponse, parsed back with fhir.resources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from fhir.resources.bundle import Bundle

from assistant.render.fhir import QUESTIONNAIRE_URL, bundle_json
from dialogs.questions import QUESTIONS
from dialogs.replay import replay
from knowledge import parse_case

CASE = Path(__file__).parents[1] / "data" / "vignettes" / "08-prostate-l2-radicular-pain.yaml"


def exported():
    case = parse_case(yaml.safe_load(CASE.read_text())["case"])
    result = replay(case)
    return Bundle.model_validate_json(bundle_json(result.conversation)), result


def test_bundle_round_trips_with_fhir_resources():
    """The Bundle parses back as a Questionnaire and a QuestionnaireResponse (R5)."""
    bundle, _ = exported()
    questionnaire, response = (e.resource for e in bundle.entry)
    assert type(questionnaire).__name__ == "Questionnaire"
    assert type(response).__name__ == "QuestionnaireResponse"
    assert [i.linkId for i in questionnaire.item] == [q.id for q in QUESTIONS]
    assert response.questionnaire == f"{QUESTIONNAIRE_URL}|{questionnaire.version}"
    assert response.status == "completed"


def test_response_answers_are_the_case_values_and_unknowns_have_none():
    """Each known answer carries its typed value; unknown answers have no answer element."""
    bundle, result = exported()
    response = bundle.entry[1].resource
    items = {i.linkId: i for i in response.item}
    assert [i.linkId for i in response.item] == [
        qid for qid, _ in result.conversation.session.effective_answers()]
    assert items["cancer.primary"].answer[0].valueCoding.code == "prostate"
    assert items["imaging.level"].answer[0].valueString == "L2"
    assert items["neurology.limb_weakness"].answer[0].valueBoolean is False
    assert items["disease.vertebral_metastases"].answer[0].valueInteger == 2
    assert [a.valueCoding.code for a in items["pain.regions"].answer] == ["lumbar"]
    assert items["pain.mechanical"].answer is None  # not known in this case


def test_replay_format_fhir_on_the_command_line():
    """spinemets replay --format fhir prints one Bundle per case."""
    case_file = Path(__file__).parents[1] / "data" / "cases" / CASE.name
    proc = subprocess.run([sys.executable, "-m", "assistant", "replay", "--format", "fhir",
                           str(case_file)], capture_output=True, text=True, check=True,
                          timeout=60)
    bundle = Bundle.model_validate_json(proc.stdout.strip())
    assert bundle.type == "collection"


def test_a_saved_session_exports_as_fhir(tmp_path):
    """replay --session ID --format fhir exports the saved answers as a QuestionnaireResponse."""
    from assistant.store.recorder import Recorder
    from assistant.store.sqlite import Store
    from dialogs.manager import Conversation

    db = tmp_path / "s.db"
    recorder = Recorder.start(Store(db))
    conversation = Conversation()
    conversation.start()
    for text in ["known", "yes", "not sure"]:
        recorder.handle(conversation, text)
    proc = subprocess.run([sys.executable, "-m", "assistant", "replay", "--session",
                           recorder.session_id, "--db", str(db), "--format", "fhir"],
                          capture_output=True, text=True, check=True, timeout=60)
    response = Bundle.model_validate_json(proc.stdout.strip()).entry[1].resource
    assert response.status == "in-progress"
    assert [i.linkId for i in response.item] == ["cancer.status", "pain.present",
                                                 "pain.regions"]
    assert response.item[2].answer is None
