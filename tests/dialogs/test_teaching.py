"""Teaching mode: cases load, expected answers come from knowledge.assess, scoring is right,
and the teaching teaches (issue 14): learning points at the end, no answer given away,
ranges asked, every branch explained, labels instead of ids, export in both modes."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace

import pytest

from assistant.cli.teach import run_teach
from dialogs.teaching import BANNER, CHECKPOINTS, Ask, TeachingSession, all_cases
from knowledge import assess, parse_case
from knowledge.labels import label
from knowledge.scores.sins import BANDS as SINS_BANDS

CASES = all_cases()
BY_ID = {c.id: c for c in CASES}
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
DOTTED = re.compile(r"\b(?:cancer|pain|neurology|general|disease|imaging|scores)\.[a-z_]+\b")


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


def wrong_answer(ask: Ask) -> str:
    if ask.choices:
        return next(c.value for c in ask.choices if c.value != ask.expected)
    return str(int(ask.expected) + 1)


def play(case, answer_for, log=None):
    """Run a case to the end; `log` collects (line, pending-or-None) for every line shown."""
    session = TeachingSession(case)
    lines = session.start().texts
    for _ in range(100):
        if log is not None:
            log.extend(lines)
        if session.finished:
            return session
        lines = session.handle(answer_for(session.queue[0]) if session.queue else "").texts
    raise AssertionError("the case did not end")


def feedback(case, answer_for):
    """(checkpoint id, feedback line, the checkpoints asked after it with their answers)."""
    session = TeachingSession(case)
    session.start()
    out = []
    while not session.finished:
        if not session.queue:
            session.handle("")
            continue
        pending = session.queue[0]
        reply = session.handle(answer_for(pending)).texts[0]
        out.append((pending.checkpoint.id, reply, len(session.results)))
    later = [(r.checkpoint, r.expected) for r in session.results]
    return [(cp, reply, later[done:]) for cp, reply, done in out]


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
    session = play(case, lambda pending: pending.expected)
    assert [(r.checkpoint, r.expected) for r in session.results] == expected_answers(case)
    assert all(r.right for r in session.results)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_checkpoint_of_every_case_is_asked(case):
    """No checkpoint is dropped: each one the story places is asked (ranges included)."""
    session = play(case, lambda pending: pending.expected)
    placed = [cp for stage in case.stages for cp in stage.checkpoints]
    assert [r.checkpoint for r in session.results] == placed


@pytest.mark.parametrize("case", CASES[:4], ids=lambda c: c.id)
def test_wrong_answers_are_scored_wrong_with_the_right_answer_shown(case):
    """A wrong answer is missed, and the reply gives the right answer in words."""
    session = TeachingSession(case)
    session.start()
    while not session.queue:
        session.handle("")
    ask = session.queue[0].ask
    [reply, *_] = session.handle(wrong_answer(ask)).texts
    assert reply.startswith(f"Not quite: the answer is {ask.shown(ask.expected)}.")
    assert session.results[-1].right is False


def test_junk_answers_re_prompt():
    """An answer that is not one of the choices asks again and is not scored."""
    session = TeachingSession(CASES[0])
    session.start()
    while not session.queue:
        session.handle("")
    assert session.handle("purple").texts[0].startswith("Please answer")
    assert session.results == []


def test_the_learning_points_come_at_the_end_not_before():
    """The opening lines hold no learning point; the end holds every one of them."""
    for case in CASES:
        opening = "\n".join(TeachingSession(case).start().texts)
        assert not any(point in opening for point in case.learning_points), case.id
        end = play(case, lambda pending: pending.expected).summary()
        assert all(f"- {point}" in end for point in case.learning_points), case.id


def test_the_end_opens_on_the_score_with_what_was_missed_then_references():
    """Score first, then the missed checkpoints with the right answers, references last."""
    case = BY_ID["t01"]
    session = play(case, lambda p: wrong_answer(p.ask) if p.checkpoint.id == "steroids"
                   else p.expected)
    end = session.summary()
    right, asked = session.score
    assert end[0] == f"End of the case: {right} of {asked} right."
    assert end[1:3] == ["Missed:", "- steroids (examination): you said discuss with haematology "
                        "first (suspected lymphoma); the answer is offer dexamethasone 16 mg"]
    assert end.index("Learning points:") < end.index("References:")
    assert end[-1].startswith("[")  # a reference closes the end


GIVEAWAY_WORDS = {  # how an answer could be said other than by its label
    "within_24h": ("within 24 hours",), "within_1_week": ("within a week",),
    "immediate": ("scan immediately", "mri immediately"),
    "offer_dexamethasone_16mg": ("dexamethasone",), "discuss_haematology_first": ("haematology",),
    "tissue_diagnosis_first": ("tissue first",),
}
TOPIC = {"biopsy": "biopsy", "escc_category": "escc", "urgency": "urgency"}


def giveaways(checkpoint_id: str, value: str) -> list[str]:
    """Phrases that would state this answer: its label, or the label after its topic."""
    words = label(value).lower()
    if checkpoint_id in TOPIC or len(words) < 8:  # short words ("high", "needed") need a topic
        phrases = [f"{TOPIC.get(checkpoint_id, checkpoint_id)} {words}"]
    else:
        phrases = [words]
    return phrases + list(GIVEAWAY_WORDS.get(value, ()))


def given_away(reply: str, later: list[tuple[str, str]], asked: str) -> list[str]:
    text = reply.lower()
    return [f"{cp}={value}: {phrase!r}" for cp, value in later if cp != asked
            for phrase in giveaways(cp, value) if phrase in text]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_feedback_never_gives_away_a_later_answer(case):
    """Right or wrong, a checkpoint's feedback never states the answer of one asked later."""
    for answer in (lambda p: p.expected, lambda p: wrong_answer(p.ask)):
        for checkpoint_id, reply, later in feedback(case, answer):
            assert given_away(reply, later, checkpoint_id) == [], (case.id, checkpoint_id)


def test_the_giveaway_check_catches_the_old_urgency_feedback():
    """The check can fail: the coordinator text the urgency feedback quoted names the week."""
    a = assess(BY_ID["t02"].revealed(2))
    old = " ".join(x.text for x in a.actions if x.id == "contact_mscc_coordinator")
    assert given_away(old, [("mri_timing", a.imaging.timing.value)], "urgency") != []


@pytest.mark.parametrize("case_id", ["t02", "t10"])
def test_a_sins_range_is_asked_as_a_range_question(case_id):
    """Where the unknowns leave SINS a range, the learner is asked whether it could reach
    the next band; the answer is read from the assessed range."""
    case = BY_ID[case_id]
    index = next(i for i, s in enumerate(case.stages) if "sins_total" in s.checkpoints)
    score = assess(case.revealed(index)).scores.sins
    assert score.total is None
    threshold = next(start for start, _, _ in SINS_BANDS.rows[1:] if start > score.min)
    ask = CHECKPOINTS["sins_total"].ask(assess(case.revealed(index)))
    assert f"Could this SINS reach {threshold}?" in ask.prompt
    assert ask.expected == ("yes" if score.max >= threshold else "no")
    log: list[str] = []
    play(case, lambda pending: pending.expected, log)
    assert any(f"Could this SINS reach {threshold}?" in line for line in log)


def test_the_range_answers_differ_between_the_two_range_cases():
    """t02 (6 or 8) could reach 7, t10 (4 to 6) could not: both answers occur."""
    answers = {case_id: dict(expected_answers(BY_ID[case_id]))["sins_total"]
               for case_id in ("t02", "t10")}
    assert answers == {"t02": "yes", "t10": "no"}


def test_a_checkpoint_that_cannot_be_asked_is_announced():
    """A checkpoint placed before its inputs exist is not silently dropped: the session says
    why it is not asked."""
    case = BY_ID["t01"]
    stages = (replace(case.stages[0], checkpoints=("sins_total",)), *case.stages[1:])
    lines = TeachingSession(replace(case, stages=stages)).start().texts
    assert "(No SINS question here: SINS needs a lesion on imaging.)" in lines


def test_conditional_noms_feedback_explains_each_branch_and_what_decides_it():
    """t02's conditional NOMS: each branch with its decision, and the open assessment."""
    case = BY_ID["t02"]
    replies = {cp: reply for cp, reply, _ in feedback(case, lambda p: p.expected)}
    a = assess(case.revealed(len(case.stages) - 1))
    assert a.noms.decision.value == "conditional"
    reply = replies["noms_decision"]
    for branch in a.noms.branches:
        for key, value in branch.when.items():
            assert f"if {label(key)} is {label(value)}: {label(branch.decision)}" in reply
    assert "What decides it - mechanical (M)" in reply
    assert f"Not known: {label('pain.mechanical')}" in reply


def test_biopsy_feedback_says_why_none_is_needed():
    """A biopsy that is not needed is explained, never 'Reasons: none'."""
    seen = 0
    for case in CASES:
        for cp, reply, _ in feedback(case, lambda p: p.expected):
            if cp == "biopsy":
                assert "Reasons: none" not in reply
                if reply.startswith("Right. No biopsy"):
                    assert "none of the reasons for one holds" in reply
                    assert label("first_metastasis") in reply
                    seen += 1
    assert seen >= 3


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_no_raw_id_reaches_the_learner(case):
    """No snake_case id or dotted field path in anything a session shows, right or wrong."""
    for answer in (lambda p: p.expected, lambda p: wrong_answer(p.ask)):
        log: list[str] = []
        session = play(case, answer, log)
        shown = [*log, session.results_markdown()]
        raw = [found for line in shown for found in SNAKE.findall(line) + DOTTED.findall(line)]
        assert raw == [], case.id


def test_results_export_lists_each_checkpoint():
    """The results summary (Markdown) has the banner, the score and one row per checkpoint."""
    session = play(CASES[0], lambda pending: pending.expected)
    text = session.results_markdown()
    assert BANNER in text
    assert f"Score: {len(session.results)} of {len(session.results)}" in text
    assert text.count("| yes |") == len(session.results)
    assert text.index("Score:") < text.index("## Learning points") < text.index("## References")


def test_plain_teach_command(tmp_path):
    """spinemets teach --list lists the cases without their learning points; teach CASE runs
    to the end and exports."""
    listing = subprocess.run([sys.executable, "-m", "assistant", "teach", "--list"],
                             capture_output=True, text=True, check=True, timeout=60)
    assert listing.stdout.startswith(BANNER)
    assert all(f"{c.id}  {c.title}" in listing.stdout for c in CASES)
    assert not any(p in listing.stdout for c in CASES for p in c.learning_points)
    out = tmp_path / "results.md"
    run = subprocess.run([sys.executable, "-m", "assistant", "teach", "t12", "--plain",
                          "--export", str(out)],
                         input="\n\nroutine\nif symptoms persist\nnot routine\n",
                         capture_output=True, text=True, check=True, timeout=60)
    assert "End of the case: 3 of 3 right." in run.stdout
    assert "Missed: nothing." in run.stdout
    assert "[nice-ng234-2023]" in run.stdout  # the references close the summary
    assert "Score: 3 of 3" in out.read_text()
    bad = subprocess.run([sys.executable, "-m", "assistant", "teach", "nope"],
                         capture_output=True, text=True, check=False, timeout=60)
    assert bad.returncode == 2


@pytest.mark.parametrize("plain", [True, False], ids=["plain", "full-screen"])
@pytest.mark.parametrize("where", ["missing-folder", "a-folder"])
def test_an_unwritable_export_path_stops_before_the_case_starts(tmp_path, plain, where):
    """--export to a path that cannot be written: a message on stderr, exit status 2, and
    nothing started (no banner, no app)."""
    target = tmp_path / "no" / "such" / "results.md" if where == "missing-folder" else tmp_path
    stdout, stderr = io.StringIO(), io.StringIO()
    status = run_teach("t12", False, str(target), io.StringIO("routine\n"), stdout, stderr,
                       plain)
    assert status == 2
    assert stdout.getvalue() == ""
    assert f"cannot write the results to {target}" in stderr.getvalue()


async def test_a_teaching_run_to_the_end_in_the_app(tmp_path):
    """The full-screen teaching view: banner, Enter to continue, decisions, summary, f6."""
    from assistant.tui.teach_app import TeachApp

    session = TeachingSession(BY_ID["t12"])
    app = TeachApp(session, tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        assert BANNER in str(app.query_one("#banner").render())
        for text in ["", "", "routine", "if symptoms persist", "not routine"]:
            app.query_one("#prompt").value = text
            await pilot.press("enter")
            await pilot.pause()
        assert session.finished
        assert all(r.right for r in session.results)
        assert app.last_export is None  # no --export: nothing written until f6
        await pilot.press("f6")
        await pilot.pause()
        assert app.last_export == tmp_path / "teaching-t12.md"
        assert "Score: 3 of 3" in app.last_export.read_text()


async def test_the_app_writes_the_export_file_and_opens_the_end_on_the_score(tmp_path):
    """With --export FILE the full-screen mode writes FILE at the end of the case, and the
    transcript shows the score line at the end, not only the references."""
    from assistant.tui.teach_app import TeachApp

    out = tmp_path / "mine.md"
    session = TeachingSession(BY_ID["t01"])
    app = TeachApp(session, tmp_path / "unused", out)
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(40):
            if session.finished:
                break
            app.query_one("#prompt").value = session.queue[0].expected if session.queue else ""
            await pilot.press("enter")
            await pilot.pause()
        await pilot.pause()
        assert session.finished
        assert out.read_text().startswith("# Teaching results: ")
        assert "Score: 7 of 7" in out.read_text()
        transcript = app.query_one("#transcript")
        score = app.score_turn
        assert score is not None
        assert str(score.source).startswith("End of the case: 7 of 7 right.")
        top = transcript.scroll_offset.y
        assert top <= score.virtual_region.y < top + transcript.scrollable_content_region.height
        assert transcript.max_scroll_y > top  # the references are below, off screen


def test_routine_with_known_cancer_and_no_pain_is_not_explained_as_no_cancer():
    """t05's first urgency (myeloma, no back pain, no scan yet) is explained by the missing
    pain, never as 'no known cancer'."""
    [(checkpoint_id, reply, _), *_] = feedback(BY_ID["t05"], lambda p: p.expected)
    assert checkpoint_id == "urgency"
    assert "no back pain" in reply
    assert "no known cancer" not in reply


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_read_shows_what_the_referral_reader_takes_from_each_stage(case):
    """Issue 13: `read` at any stage passes the stage's text through the referral reader and
    shows each finding with its words beside the case; on our own teaching texts the reader
    never disagrees with the case. The question being asked is asked again after it, and
    nothing is scored."""
    session = TeachingSession(case)
    opening = session.start().texts
    assert any("Type read" in line for line in opening)
    while not session.finished:
        waiting = session.queue[0].ask.prompt if session.queue else None
        turn = session.handle("read")
        [shown, *again] = turn.texts
        stage = case.stages[session.stage]
        assert shown.startswith(f"What spinemets reads from the {stage.name} text")
        assert "(the case says" not in shown, shown
        names = [line.split("\u2190")[0] for line in shown.splitlines()[1:]]
        assert not [n for n in names if re.search(r"[a-z]\.[a-z]|_", n)]  # words, no ids
        if waiting is not None:
            assert again
            assert waiting in again[-1]
        asked = len(session.results)
        session.handle(session.queue[0].expected if session.queue else "")
        assert len(session.results) in (asked, asked + 1)


def test_read_reports_a_finding_the_case_disagrees_with():
    """The comparison can fail: a stage text that states something the case does not is
    shown as 'the case says'."""
    case = CASES[0]
    stages = (replace(case.stages[0], text="A 62-year-old man with breast cancer."),
              *case.stages[1:])
    session = TeachingSession(replace(case, stages=stages))
    session.start()
    [shown, *_] = session.handle("read").texts
    assert "sex: male" in shown
    assert "(the case says female)" in shown


async def test_a_paste_in_the_teaching_app_is_read_beside_the_case(tmp_path):
    """Hostile test 11: a multi-line paste in full-screen teaching is not dropped: it is read
    whole through the referral reader and shown beside the case; the decision waiting is
    asked again and nothing is scored."""
    from textual import events

    from assistant.tui.teach_app import TeachApp

    session = TeachingSession(CASES[0])
    app = TeachApp(session, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        app.query_one("#prompt").post_message(events.Paste(
            "A 62-year-old man with breast cancer.\nLegs feel weak."))
        await pilot.pause()
        texts = [str(w.source) for w in app.query("AssistantTurn")]
        shown = next(t for t in texts if t.startswith("What spinemets reads from the pasted"))
        assert "(the case says female)" in shown
        assert "limb weakness: yes" in shown
        assert session.results == []
