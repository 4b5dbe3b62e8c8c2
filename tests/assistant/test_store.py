"""The session store: every answer saved at once, resumable, shared safely, never a traceback."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time

import pytest

from assistant.store.recorder import Recorder, load_conversation
from assistant.store.sqlite import SCHEMA_VERSION, Store, StoreError
from dialogs.manager import Conversation

# known cancer, thoracic pain (urgent), limb weakness (emergency), then the emergency
# questions: primary, histology, the other red flags and the examination
ANSWERS = ["known", "yes", "thoracic", "yes", "breast", "yes", "no", "yes", "no", "no", "no",
           "no", "no", "E", "80"]


def test_every_answer_is_written_with_its_raw_text_and_parsed_value(tmp_path):
    """Each answer is an event: kind, question id, the words understood (not the typed
    spelling), parsed value, timestamp."""
    store = Store(tmp_path / "s.db")
    recorder = Recorder.start(store, label="bay 3")
    conversation = Conversation()
    conversation.start()
    for text in ["known", " Yes ", "junk", "Lumbar "]:
        recorder.handle(conversation, text)
    events = store.events(recorder.session_id)
    assert [(e.kind, e.question_id, e.raw) for e in events] == [
        ("answer", "cancer.status", "known"), ("answer", "pain.present", "yes"),
        ("answer", "pain.regions", "lumbar")]
    assert events[2].parsed == {"pain.regions": ["lumbar"]}
    row = store.session(recorder.session_id)
    # routine, but only so far: the red-flag questions are still to come
    assert (row.label, row.urgency, row.complete) == ("bay 3", "routine so far", False)


def test_database_file_is_owner_only_and_versioned(tmp_path):
    """The file is created 0600, in WAL mode, at the current schema version."""
    path = tmp_path / "s.db"
    Store(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_newer_schema_is_refused_clearly(tmp_path):
    """A database from a newer spinemets is not touched: a clear message, no traceback."""
    path = tmp_path / "s.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer than this spinemets knows"):
        Store(path)


def test_a_corrupt_file_gives_a_message_and_the_chat_still_runs(tmp_path):
    """A corrupt database: the store refuses with a message; the chat runs in memory and says so."""
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot be used"):
        Store(path)
    proc = subprocess.run([sys.executable, "-m", "assistant", "chat", "--plain", "--db",
                           str(path)], input="known\nyes\n", capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr
    assert "WARNING" in proc.stdout
    assert "Where is the pain?" in proc.stdout


def start_chat(db, *extra):
    return subprocess.Popen([sys.executable, "-m", "assistant", "chat", "--plain", "--db",
                             str(db), *extra], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, bufsize=1)


def read_until(proc, marker, timeout=30.0):
    """Read the child's output until `marker` appears (its prompt for the next answer)."""
    seen = ""
    deadline = time.time() + timeout
    while marker not in seen:
        if time.time() > deadline:
            raise AssertionError(f"{marker!r} not seen in: {seen[-500:]}")
        char = proc.stdout.read(1)
        if not char:
            raise AssertionError(f"output ended before {marker!r}: {seen[-500:]}")
        seen += char
    return seen


@pytest.mark.parametrize("answered", [1, 5, 13])
def test_sigkill_mid_consultation_loses_no_answer(tmp_path, answered):
    """Kill -9 after N answers: resuming shows every answer given before the kill."""
    db = tmp_path / "s.db"
    proc = start_chat(db)
    banner = read_until(proc, "> ")
    session_id = banner.split("Session ")[1].split(" ")[0]
    for text in ANSWERS[:answered]:
        proc.stdin.write(text + "\n")
        proc.stdin.flush()
        read_until(proc, "\n> ")  # the reply has been shown: the answer was handled
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    conversation, _ = load_conversation(Store(db), session_id)
    answers = conversation.session.log
    assert [e.text for e in answers] == ANSWERS[:answered]
    replay = subprocess.run([sys.executable, "-m", "assistant", "chat", "--plain", "--db",
                             str(db), "--resume", session_id], input="", capture_output=True,
                            text=True, timeout=60, check=True)
    assert "- cancer status: known" in replay.stdout


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    """Two writers on one database: every event of both sessions is there, in order."""
    db = tmp_path / "s.db"
    Store(db).close()
    script = ("import sys; from assistant.store.sqlite import Store; s = Store(sys.argv[1]); "
              "i = s.create_session('t', 'k'); print(i); "
              "[s.append(i, 'answer', 'q', str(n), {'n': n}) for n in range(150)]")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE,
                              text=True) for _ in range(2)]
    ids = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    store = Store(db)
    for session_id in ids:
        assert [e.raw for e in store.events(session_id)] == [str(n) for n in range(150)]


def test_resume_after_a_knowledge_change_replays_and_says_so(tmp_path):
    """A session saved under other knowledge is replayed, with a notice of what changed."""
    db = tmp_path / "s.db"
    store = Store(db)
    recorder = Recorder.start(store)
    conversation = Conversation()
    conversation.start()
    for text in ANSWERS:
        recorder.handle(conversation, text)
    store.db.execute("UPDATE sessions SET knowledge_version = 'old', urgency = 'urgent'")
    resumed, notices = load_conversation(Store(db), recorder.session_id)
    assert resumed.session.answers == conversation.session.answers
    assert "knowledge has changed" in notices[0]
    assert "urgent to emergency" in notices[0]


def test_sessions_list_json_delete_and_replay_session(tmp_path):
    """spinemets sessions lists (text/json) and deletes; replay --session gives the assessment."""
    db = str(tmp_path / "s.db")
    subprocess.run([sys.executable, "-m", "assistant", "chat", "--plain", "--db", db,
                    "--label", "teaching"], input="\n".join(ANSWERS) + "\n", text=True,
                   capture_output=True, timeout=60, check=True)
    listing = subprocess.run([sys.executable, "-m", "assistant", "sessions", "--db", db,
                              "--format", "json"], capture_output=True, text=True, check=True)
    [row] = json.loads(listing.stdout)
    assert (row["label"], row["urgency"], row["complete"]) == ("teaching", "emergency", False)
    replayed = subprocess.run([sys.executable, "-m", "assistant", "replay", "--session",
                               row["id"], "--db", db, "--format", "json"],
                              capture_output=True, text=True, check=True)
    assert json.loads(replayed.stdout)["red_flags"] == ["limb_weakness"]
    deleted = subprocess.run([sys.executable, "-m", "assistant", "sessions", "--db", db,
                              "--delete", row["id"]], capture_output=True, text=True,
                             check=True)
    assert "deleted" in deleted.stdout
    gone = subprocess.run([sys.executable, "-m", "assistant", "replay", "--session",
                           row["id"], "--db", db], capture_output=True, text=True, check=False)
    assert gone.returncode == 2
    assert "no session" in gone.stderr
