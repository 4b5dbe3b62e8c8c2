"""Teaching mode: cases load, expected answers come from knowledge.assess, scoring is right."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dialogs.teaching import BANNER, CHECKPOINTS, TeachingSession, all_cases
from knowledge import assess, parse_case

CASES = all_cases()


def expected_answers(case):
    """Recomputed here from knowledge.assess of what each stage has revealed."""
    out = []
    for index, stage in enumerate(case.stages):
        assessment = assess(case.revealed(index))
        for checkpoint_id in stage.checkpoints:
            value = CHECKPOINTS[checkpoint_id].expected(assessment)
            if value is not None:
                out.append((checkpoint_id, value))
    return out


def play(case, answer_for):
    session = TeachingSession(case)
    session.start()
    for _ in range(100):
        if session.finished:
            return session
        if session.queue:
            session.handle(answer_for(session.queue[0]))
        else:
            session.handle("")
    raise AssertionError("the case did not end")


def test_at_least_twelve_cases_that_load_and_validate():
    """At least 12 teaching cases; each full case is a valid spinemets-case/1."""
    assert len(CASES) >= 12
    for case in CASES:
        parse_case(case.case)
        assert case.learning_points
        assert case.stages[0].reveals  # the referral reveals something


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_right_answers_score_full_marks_and_match_assess(case):
    """Answering what knowledge.assess says scores every checkpoint right."""
    session = play(case, lambda item: item[1])
    assert [(r.checkpoint, r.expected) for r in session.results] == expected_answers(case)
    assert all(r.right for r in session.results)


@pytest.mark.parametrize("case", CASES[:4], ids=lambda c: c.id)
def test_wrong_answers_are_scored_wrong_with_the_right_answer_shown(case):
    """A wrong answer is missed, and the reply gives the right answer and the reasoning."""
    session = TeachingSession(case)
    session.start()
    while not session.queue:
        session.handle("")
    checkpoint, expected, _ = session.queue[0]
    wrong = next(c.value for c in checkpoint.choices if c.value != expected) \
        if checkpoint.choices else str(int(expected) + 1)
    [reply, *_] = session.handle(wrong)
    assert reply.startswith(f"Not quite: the answer is {expected.replace('_', ' ')}")
    assert session.results[-1].right is False


def test_junk_answers_re_prompt():
    """An answer that is not one of the choices asks again and is not scored."""
    session = TeachingSession(CASES[0])
    session.start()
    while not session.queue:
        session.handle("")
    assert session.handle("purple")[0].startswith("Please answer")
    assert session.results == []


def test_the_cases_cover_the_required_themes():
    """Suspected MSCC, lymphoma and steroids, biopsy, radiosensitive/resistant, unstable,
    high-grade fit and unfit, poor performance, previous radiotherapy, routine."""
    answers = {(c, v) for case in CASES for c, v in expected_answers(case)}
    for item in [("urgency", "emergency"), ("urgency", "routine"),
                 ("steroids", "discuss_haematology_first"), ("biopsy", "needed"),
                 ("noms_decision", "cebrt"), ("noms_decision", "srs"),
                 ("noms_decision", "stabilisation_then_srs"),
                 ("noms_decision", "decompression_stabilisation_then_srs"),
                 ("noms_decision", "cebrt_and_supportive_care"),
                 ("noms_decision", "tissue_diagnosis_first")]:
        assert item in answers, item
    finals = [assess(parse_case(c.case)) for c in CASES]
    assert any(a.scores.sins and a.scores.sins.band == "unstable" for a in finals)
    assert any("previous_radiotherapy" in [n.id for n in a.notes] for a in finals)
    assert any("reassess_mechanical_pain_seated" in [n.id for n in a.notes] for a in finals)


def test_results_export_lists_each_checkpoint():
    """The results summary (Markdown) has the banner, the score and one row per checkpoint."""
    session = play(CASES[0], lambda item: item[1])
    text = session.results_markdown()
    assert BANNER in text
    assert f"Score: {len(session.results)} of {len(session.results)}" in text
    assert text.count("| yes |") == len(session.results)


def test_plain_teach_command(tmp_path):
    """spinemets teach --list lists the cases; teach CASE runs to the end and exports."""
    listing = subprocess.run([sys.executable, "-m", "assistant", "teach", "--list"],
                             capture_output=True, text=True, check=True, timeout=60)
    assert listing.stdout.startswith(BANNER)
    assert listing.stdout.count("learning:") == len(CASES)
    out = tmp_path / "results.md"
    run = subprocess.run([sys.executable, "-m", "assistant", "teach", "t12", "--export",
                          str(out)], input="\n\nroutine\nif symptoms persist\nnot routine\n",
                         capture_output=True, text=True, check=True, timeout=60)
    assert "End of the case: 3 of 3 right." in run.stdout
    assert "Missed: nothing." in run.stdout
    assert "[nice-ng234-2023]" in run.stdout  # the references close the summary
    assert "Score: 3 of 3" in out.read_text()
    bad = subprocess.run([sys.executable, "-m", "assistant", "teach", "nope"],
                         capture_output=True, text=True, check=False, timeout=60)
    assert bad.returncode == 2


async def test_a_teaching_run_to_the_end_in_the_app(tmp_path):
    """The full-screen teaching view: banner, Enter to continue, decisions, summary, export."""
    from assistant.teach_app import TeachApp

    case = next(c for c in CASES if c.id == "t12")
    session = TeachingSession(case)
    app = TeachApp(session, tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        assert BANNER in str(app.query_one("#banner").render())
        for text in ["", "", "routine", "if symptoms persist", "not routine"]:
            app.query_one("#prompt").value = text
            await pilot.press("enter")
            await pilot.pause()
        assert session.finished
        assert all(r.right for r in session.results)
        await pilot.press("f6")
        await pilot.pause()
        assert app.last_export is not None
        assert "Score: 3 of 3" in app.last_export.read_text()
