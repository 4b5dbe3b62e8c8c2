"""Issue 10 item 3: in the full-screen chat every Enter submits exactly what was typed
before it, in order, however fast the keys come.

The chat runs in a real terminal (tmux) with a temporary session database; 50+ answers are
sent as one burst of keys (no delay between keys, the first ones while the clinical engine
is still loading). The log saved in the database must be the log the same inputs give when
handed to the conversation one at a time."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "smoke"))

CASE = Path(__file__).parent.parent / "data" / "cases" / "05-renal-t9-lung-metastases.yaml"
MIN_INPUTS = 50


def inputs_and_log() -> tuple[list[str], list[tuple[str, str | None, str]]]:
    """Inputs that walk CASE's conversation without reaching the result (which would open
    another screen), with a `back` and the answer again every few questions until there are
    at least MIN_INPUTS; and the log (kind, question, raw text) they give in-process."""
    from dialogs.manager import Conversation
    from dialogs.replay import answer_text
    from knowledge.loading import load_cases

    case = load_cases(CASE)[0]
    case = getattr(case, "case", case)
    conversation = Conversation()
    conversation.start()
    inputs: list[str] = []
    asked = 0
    while True:
        question = conversation.current_question
        assert question is not None
        assert conversation.pending is None
        answer = answer_text(question, case, conversation.session.case,
                             conversation.session.answers)
        trial = Conversation.from_log(list(conversation.session.log))
        trial.handle(answer)
        if trial.current_question is None or trial.pending is not None:
            break  # the result (or a confirmation) comes next: stop before it
        conversation.handle(answer)
        inputs.append(answer)
        asked += 1
        if asked % 2 == 0 and len(inputs) < MIN_INPUTS:
            trial = Conversation.from_log(list(conversation.session.log))
            trial.handle("back")
            if trial.pending is None and trial.current_question is question:
                conversation.handle("back")
                conversation.handle(answer)
                inputs += ["back", answer]
    log = [(e.kind, e.question_id, e.text) for e in conversation.session.log]
    return inputs, log


def saved_log(db: Path) -> list[tuple[str, str | None, str]]:
    if not db.exists():
        return []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        try:
            rows = connection.execute("SELECT kind, question_id, raw FROM events "
                                      "ORDER BY session_id, seq").fetchall()
        except sqlite3.OperationalError:  # not created yet
            return []
    return [(r[0], r[1], r[2]) for r in rows]


def test_the_generated_inputs_are_many_and_all_logged():
    inputs, log = inputs_and_log()
    assert len(inputs) >= MIN_INPUTS
    assert len(log) == len(inputs)  # every input is one log entry: a lost one shows


def test_fifty_answers_typed_with_no_delay_are_saved_one_by_one(tmp_path):
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for this test (apt-get install tmux)")
    from tmux_driver import Tmux

    inputs, expected = inputs_and_log()
    db = tmp_path / "sessions.db"
    command = ["env", "-u", "COLUMNS", "-u", "LINES", sys.executable, "-m", "assistant",
               "chat", "--db", str(db),
               "--export-dir", str(tmp_path)]
    with Tmux(command) as term:
        term.wait_for("Your answer, 'unknown', or /help")
        # One burst: every key of every answer, each followed by Enter (a carriage return).
        keys = "".join(f"{text}\r" for text in inputs)
        subprocess.run(["tmux", "send-keys", "-t", term.name, "-l", keys], check=True)
        deadline = time.monotonic() + 12
        while time.monotonic() < deadline and len(saved_log(db)) < len(expected):
            time.sleep(0.1)
        time.sleep(0.3)  # anything extra (a merged or split answer) would show now
        saved = saved_log(db)
    assert saved == expected
