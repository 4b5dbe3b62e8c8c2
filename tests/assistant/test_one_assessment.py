"""One committed answer, one assessment: the conversation computes `knowledge.assess` once
per committed answer, and no face (recorder, side panel, recommendation screen, summary)
computes it again."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import knowledge.assessment
from assistant.store.recorder import Recorder
from assistant.store.sqlite import Store
from assistant.tui.app import make_app
from dialogs.replay import answer_text
from dialogs.session import LogKind
from knowledge import parse_case

VIGNETTES = Path(__file__).parents[1] / "data" / "vignettes"


@pytest.fixture
def assessments(monkeypatch):
    """Counts every assessment made (every `assess` runs `decide` once, however imported)."""
    calls: list[object] = []
    decide = knowledge.assessment.decide

    def counted(case):
        calls.append(case)
        return decide(case)

    monkeypatch.setattr(knowledge.assessment, "decide", counted)
    return calls


def committed(conversation) -> int:
    """Answers (and confirmed readings) that changed the case: each makes a new case."""
    return sum(1 for e in conversation.session.log if e.kind in (LogKind.ANSWER, LogKind.READ))


@pytest.mark.parametrize("name", ["04-renal-l1-cord-compression", "12-breast-t3-low-grade-stable"])
async def test_the_full_screen_chat_assesses_once_per_committed_answer(
        tmp_path, assessments, name):
    """A whole consultation in the full-screen chat (an emergency, a routine case), saved to
    a real store, with why, summary, a junk answer, the checklist, the export and the
    recommendation screen: as many assessments as committed answers."""
    case = parse_case(yaml.safe_load((VIGNETTES / f"{name}.yaml").read_text())["case"])
    recorder = Recorder.start(Store(tmp_path / "s.db"), None)
    app = make_app(export_dir=tmp_path, recorder=recorder)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready()
        for extra in ("why", "summary", "purple giraffe"):
            await app.submit(extra)
        for _ in range(200):
            conversation = app.conversation
            if conversation.pending is not None:
                await app.submit("yes")
                continue
            question = conversation.current_question
            if question is None:
                break
            await app.submit(answer_text(question, case, conversation.session.case,
                                         conversation.session.answers))
            if len(assessments) == 5:
                await app.submit("/summary")
        await pilot.pause()
        await app.submit("/summary")
        app.action_checklist()
        app.action_export()
        count = committed(app.conversation)
    assert recorder.close()
    assert count > 10
    assert len(assessments) == count


def test_the_plain_chat_and_replay_assess_at_most_once_per_committed_answer(
        tmp_path, assessments):
    """The plain chat (with help, why and summary typed along the way) and a replay: at most
    one assessment per committed answer (they show no side panel: the assessment is made
    only for an escalation, a notice, a summary or the result)."""
    import io

    from assistant.cli.plain_chat import run_plain_chat
    from dialogs.replay import replay

    case = parse_case(yaml.safe_load(
        (VIGNETTES / "04-renal-l1-cord-compression.yaml").read_text())["case"])
    result = replay(case)
    assert 1 <= len(assessments) < committed(result.conversation)
    assessments.clear()
    # The replay's own exchanges, confirmations included, typed into the plain chat.
    answers = [*(exchange.answer for exchange in result.transcript), "summary"]
    out = io.StringIO()
    run_plain_chat(io.StringIO("\n".join(["help", "why", *answers]) + "\n"), out,
                   conversation=None)
    assert "Assessment complete" in out.getvalue()
    assert 1 <= len(assessments) <= committed(result.conversation)
