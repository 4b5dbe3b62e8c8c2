"""Issue 10 items 6-11 and 13 (store part): nothing lost, nothing overwritten, no traceback.

Real SQLite files and real processes: a second Python process holds the write lock, real
`spinemets chat --plain` processes are killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.store.recorder import RETRYING, Recorder, load_conversation, load_session
from assistant.store.sqlite import SCHEMA_VERSION, Store, StoreBusy, StoreError
from dialogs.manager import Conversation
from dialogs.questions import QUESTIONS, Kind
from dialogs.session import LogEntry, understood_text

# known cancer, thoracic pain (urgent), limb weakness (emergency), then the emergency
# questions: primary, histology, the other red flags and the examination
ANSWERS = ["known", "yes", "thoracic", "yes", "breast", "yes", "no", "yes", "no", "no", "no",
           "no", "no", "E", "80"]
HOLD = ("import sqlite3, sys, time\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n"
        "db.execute('COMMIT')\n")


def hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the database's write lock for `seconds`."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def start_chat(db: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "assistant", "chat", "--plain", "--db",
                             str(db), *extra], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, bufsize=1)


def read_until(proc: subprocess.Popen[str], marker: str, timeout: float = 30.0) -> str:
    seen = ""
    deadline = time.time() + timeout
    assert proc.stdout is not None
    while marker not in seen:
        if time.time() > deadline:
            raise AssertionError(f"{marker!r} not seen in: {seen[-500:]}")
        char = proc.stdout.read(1)
        if not char:
            raise AssertionError(f"output ended before {marker!r}: {seen[-500:]}")
        seen += char
    return seen


def say(proc: subprocess.Popen[str], text: str) -> str:
    assert proc.stdin is not None
    proc.stdin.write(text + "\n")
    proc.stdin.flush()
    return read_until(proc, "\n> ")


def chat(db: Path, *extra: str, answers: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", "chat", "--plain", "--db",
                           str(db), *extra], input=answers, capture_output=True, text=True,
                          timeout=90, check=False)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True,
                          text=True, timeout=90, check=False)


def saved(db: Path, session_id: str) -> list[str]:
    return [e.raw for e in Store(db).events(session_id)]


def recorded_session(db: Path, answers: list[str], label: str | None = None) -> str:
    store = Store(db)
    recorder = Recorder.start(store, label)
    conversation = Conversation()
    conversation.start()
    for text in answers:
        recorder.handle(conversation, text)
    assert recorder.close()
    assert recorder.session_id is not None
    return recorder.session_id


# -- item 6: a lock held by another process never stops saving --------------------------------


def test_a_five_second_lock_queues_answers_in_order_and_saves_them_all(tmp_path):
    """5 answers given while another process holds the lock: none is lost, order is kept,
    the state says NOT SAVED (retrying) until the lock clears, then all are written."""
    db = tmp_path / "s.db"
    store = Store(db)
    recorder = Recorder.start(store)
    conversation = Conversation()
    conversation.start()
    for text in ANSWERS[:2]:
        recorder.handle(conversation, text)
    assert recorder.saving_state is None
    holder = hold_lock(db, 5.0)
    started = time.monotonic()
    for text in ANSWERS[2:7]:
        recorder.handle(conversation, text)
    assert time.monotonic() - started < 4.0  # the chat does not freeze for the lock
    assert holder.poll() is None  # still locked: these answers are waiting
    assert recorder.saving_state == RETRYING
    assert recorder.unsaved == 5
    assert recorder.warning is not None
    assert "NOT SAVED (retrying)" in recorder.warning
    assert saved(db, recorder.session_id) == ANSWERS[:2]
    holder.wait(timeout=30)
    assert recorder.flush(timeout=30)
    assert saved(db, recorder.session_id) == ANSWERS[:7]
    assert (recorder.saving_state, recorder.warning, recorder.unsaved) == (None, None, 0)
    recorder.handle(conversation, ANSWERS[7])  # saving goes on as normal afterwards
    assert saved(db, recorder.session_id) == ANSWERS[:8]
    assert recorder.store is not None


def test_the_plain_chat_shows_not_saved_and_saves_everything_even_at_exit(tmp_path):
    """A real chat process: the lock makes it print NOT SAVED (retrying) and, once the lock
    clears, that all is saved; input that ends while locked is still saved before exit."""
    db = tmp_path / "s.db"
    proc = start_chat(db)
    session_id = read_until(proc, "> ").split("Session ")[1].split(" ")[0]
    say(proc, ANSWERS[0])
    holder = hold_lock(db, 5.0)
    shown = "".join(say(proc, text) for text in ANSWERS[1:4])
    shown += read_until(proc, "3 answers waiting")  # each warning follows its reply
    assert "WARNING: NOT SAVED (retrying)" in shown
    assert "1 answer waiting" in shown
    assert "2 answers waiting" in shown
    holder.wait(timeout=30)
    time.sleep(3)  # the back-off is at most 2 s
    say(proc, ANSWERS[4])
    read_until(proc, "Saved: every answer is in the session database again")
    hold_lock(db, 4.0)
    say(proc, ANSWERS[5])
    assert proc.stdin is not None
    proc.stdin.close()  # the consultation ends while the database is still locked
    assert proc.wait(timeout=60) == 0
    assert proc.stderr is not None
    errors = proc.stderr.read()
    assert "waiting for the session database" in errors
    assert "Traceback" not in errors
    assert saved(db, session_id) == ANSWERS[:6]


async def test_the_full_screen_chat_shows_not_saved_retrying_in_its_sub_title(tmp_path):
    from assistant.tui.app import make_app

    db = tmp_path / "s.db"
    store = Store(db)
    recorder = Recorder(store, None)
    app = make_app(Conversation(), export_dir=tmp_path, recorder=recorder)
    async with app.run_test(size=(120, 40)) as pilot:
        holder = hold_lock(db, 3.0)
        app.handle("known")
        assert app.sub_title == RETRYING
        holder.wait(timeout=30)
        deadline = time.monotonic() + 10
        while app.sub_title and time.monotonic() < deadline:
            await pilot.pause(0.2)
        assert app.sub_title == ""
    assert saved(db, recorder.session_id) == ["known"]


# -- item 9: a newer schema is not modified at all ------------------------------------------


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_newer_schema_database_is_left_byte_for_byte_as_it_was(tmp_path, journal):
    db = tmp_path / "s.db"
    Store(db).close()
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute(f"PRAGMA journal_mode={journal}")
    raw.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    raw.close()
    os.chmod(db, 0o644)
    before = (db.read_bytes(), db.stat().st_mtime_ns, sorted(os.listdir(tmp_path)),
              stat.S_IMODE(db.stat().st_mode))
    with pytest.raises(StoreError, match="newer than this spinemets knows"):
        Store(db)
    listed = cli("sessions", "--db", str(db))
    assert listed.returncode == 2
    assert "upgrade spinemets" in listed.stderr
    assert "Traceback" not in listed.stderr
    assert (db.read_bytes(), db.stat().st_mtime_ns, sorted(os.listdir(tmp_path)),
            stat.S_IMODE(db.stat().st_mode)) == before


# -- item 8: database files are owner-only -----------------------------------------------------


def test_an_existing_world_readable_database_and_its_wal_and_shm_become_0600(tmp_path):
    db = tmp_path / "s.db"
    session_id = recorded_session(db, ANSWERS[:2])
    other = sqlite3.connect(db, isolation_level=None)  # keeps -wal and -shm in place
    other.execute("UPDATE sessions SET label = 'x'")
    files = [db, tmp_path / "s.db-wal", tmp_path / "s.db-shm"]
    for file in files:
        os.chmod(file, 0o644)
    store = Store(db)
    assert store.events(session_id)
    assert {f.name: stat.S_IMODE(f.stat().st_mode) for f in files} == {
        f.name: 0o600 for f in files}
    other.close()


def test_with_a_permissive_umask_every_file_is_still_owner_only(tmp_path):
    old = os.umask(0)
    try:
        db = tmp_path / "s.db"
        store = Store(db)
        other = sqlite3.connect(db)  # holds the -wal/-shm open while they are checked
        recorder = Recorder.start(store)
        conversation = Conversation()
        conversation.start()
        recorder.handle(conversation, "known")
        made = [p for p in tmp_path.iterdir() if p.name.startswith("s.db")]
        assert {p.name for p in made} >= {"s.db", "s.db-wal", "s.db-shm", "s.db.lock"}
        assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in made} == {
            p.name: 0o600 for p in made}
        other.close()
    finally:
        os.umask(old)


# -- item 7: one process writes a session at a time --------------------------------------------


def test_a_second_process_cannot_write_a_session_open_elsewhere_until_the_first_dies(tmp_path):
    """While one chat holds a session, a second --resume is refused (and told of
    --read-only and --copy); both of those work; SIGKILL frees the session at once."""
    db = tmp_path / "s.db"
    first = start_chat(db)
    session_id = read_until(first, "> ").split("Session ")[1].split(" ")[0]
    for text in ANSWERS[:3]:
        say(first, text)
    refused = chat(db, "--resume", session_id, answers="yes\n")
    assert refused.returncode == 2
    assert f"session {session_id} is open in another spinemets process" in refused.stderr
    assert "--read-only" in refused.stderr
    assert "--copy" in refused.stderr
    assert "Traceback" not in refused.stderr
    looked = chat(db, "--resume", session_id, "--read-only", answers="yes\n")
    assert looked.returncode == 0
    assert "read-only" in looked.stdout
    assert "- pain regions: thoracic" in looked.stdout
    copied = chat(db, "--resume", session_id, "--copy", answers="yes\n")
    assert copied.returncode == 0
    copy_id = copied.stderr.split("to new session ")[1].split(";")[0]
    assert saved(db, copy_id) == [*ANSWERS[:3], "yes"]
    deleting = cli("sessions", "--db", str(db), "--delete", session_id)
    assert deleting.returncode == 2
    assert "open in another spinemets" in deleting.stderr
    say(first, ANSWERS[3])
    assert saved(db, session_id) == ANSWERS[:4]  # only the first process wrote it
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    resumed = chat(db, "--resume", session_id, answers=ANSWERS[4] + "\n")
    assert resumed.returncode == 0, resumed.stderr
    assert saved(db, session_id) == ANSWERS[:5]


# -- item 10: a stored log that no longer fits the questions -----------------------------------


def tamper(db: Path, session_id: str, seq: int, **columns: object) -> None:
    raw = sqlite3.connect(db, isolation_level=None)
    for column, value in columns.items():
        raw.execute(f"UPDATE events SET {column} = ? WHERE session_id = ? AND seq = ?",
                    (value, session_id, seq))
    raw.close()


DAMAGE = {
    "renamed question": (3, {"question_id": "cancer.histology_proven",
                             "parsed": json.dumps({"cancer.histology_proven": True})},
                         "does not ask ('cancer.histology_proven')"),
    "value out of range": (5, {"parsed": json.dumps({"cancer.primary": "martian"})},
                           "does not fit the current questions"),
    "malformed json": (4, {"parsed": "{not json"}, "not valid JSON"),
    "back with nothing to undo": (1, {"kind": "back", "question_id": None, "parsed": "{}"},
                                  "'back' with nothing to undo"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_log_that_does_not_fit_names_the_session_and_entry_and_can_be_continued(
        tmp_path, damage):
    db = tmp_path / "s.db"
    good = recorded_session(db, ANSWERS[:3], label="fine")
    bad = recorded_session(db, ANSWERS[:6], label="damaged")
    seq, columns, reason = DAMAGE[damage]
    tamper(db, bad, seq, **columns)
    loaded = load_session(Store(db), bad)
    assert loaded.problem is not None
    assert f"session {bad}: entry {seq} of 6" in loaded.problem
    assert reason in loaded.problem
    assert loaded.kept == seq - 1
    assert [e.text for e in loaded.conversation.session.log] == ANSWERS[:seq - 1]
    with pytest.raises(StoreError, match=f"session {bad}: entry {seq}"):
        load_conversation(Store(db), bad)
    for fmt in ("text", "json"):
        listed = cli("sessions", "--db", str(db), "--format", fmt)
        assert listed.returncode == 0
        assert good in listed.stdout
        assert bad in listed.stdout
    replayed = cli("replay", "--session", bad, "--db", str(db))
    assert replayed.returncode == 2
    assert f"entry {seq}" in replayed.stderr
    assert "Traceback" not in replayed.stderr
    resumed = chat(db, "--resume", bad)
    assert resumed.returncode == 2
    assert f"entry {seq}" in resumed.stderr
    assert f"--resume {bad} --copy" in resumed.stderr
    assert "Traceback" not in resumed.stderr
    copied = chat(db, "--resume", bad, "--copy")
    assert copied.returncode == 0, copied.stderr
    copy_id = copied.stderr.split("to new session ")[1].split(";")[0]
    assert saved(db, copy_id) == ANSWERS[:seq - 1]
    assert len(Store(db).events(bad)) == 6  # the original is left as it was


def test_a_damaged_start_time_does_not_stop_the_listing(tmp_path):
    db = tmp_path / "s.db"
    good = recorded_session(db, ANSWERS[:1])
    bad = recorded_session(db, ANSWERS[:1])
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("UPDATE sessions SET started = 'yesterday' WHERE id = ?", (bad,))
    raw.close()
    for fmt in ("text", "json"):
        listed = cli("sessions", "--db", str(db), "--format", fmt)
        assert listed.returncode == 0, listed.stderr
        assert good in listed.stdout
        assert bad in listed.stdout


# -- item 11: only the understood words are stored -------------------------------------------


def all_values(question):
    values: list[object] = [None]
    if question.kind is Kind.YES_NO:
        values += [True, False]
    elif question.kind is Kind.CHOICE:
        values += [c.value for c in question.choices]
    elif question.kind is Kind.REGIONS:
        values += [[], ["thoracic"], ["cervical", "lumbar"]]
    elif question.kind is Kind.COUNT:
        values += [question.minimum, question.minimum + 3]
    elif question.kind is Kind.MONTHS:
        values += [0.5, 6.0, 24.0]
    elif question.kind is Kind.LEVEL:
        values += ["C1", "T11", "S1"]
    elif question.kind is Kind.KARNOFSKY:
        values += list(range(0, 101, 10))
    elif question.kind is Kind.ECOG:
        values += list(range(5))
    return values


def test_the_stored_words_of_every_answer_parse_back_to_the_same_value():
    from dialogs.parsing import Parsed, parse

    checked = 0
    for question in QUESTIONS:
        for value in all_values(question):
            text = understood_text(question.id, {question.id: value})
            outcome = parse(question, text)
            assert isinstance(outcome, Parsed), (question.id, value, text)
            assert outcome.values == {question.id: value}, (question.id, value, text)
            checked += 1
    ecog = {"general.karnofsky": None, "general.ecog": 2}
    assert parse(next(q for q in QUESTIONS if q.id == "general.karnofsky"),
                 understood_text("general.karnofsky", ecog)).values == ecog
    assert checked > 3 * len(QUESTIONS)


def test_free_text_around_an_answer_is_not_stored_and_the_case_rebuilds(tmp_path):
    """'yes, per Dr Jones re Mrs Jane Doe MRN 12345678' is stored as 'yes' with its value:
    no name or number reaches any file; the label (asked as free text) is kept; resuming
    gives the same answers and the same case."""
    db = tmp_path / "s.db"
    store = Store(db)
    recorder = Recorder.start(store, label="teaching bay")
    conversation = Conversation()
    conversation.start()
    recorder.handle(conversation, ANSWERS[0])
    chatter = "yes, per Dr Jones re Mrs Jane Doe MRN 12345678"
    for text in (chatter, "  Thoracic per Jane Doe  ", chatter):
        question = conversation.current_question
        value = {Kind.YES_NO: True, Kind.REGIONS: ["thoracic"]}[question.kind]
        conversation.session.record(LogEntry("answer", question.id, text, {question.id: value}))
        recorder.record(conversation, conversation.as_turn())
    recorder.handle(conversation, "  Breast  ")
    assert recorder.close()
    events = Store(db).events(recorder.session_id)
    assert [e.raw for e in events] == ["known", "yes", "thoracic", "yes", "breast"]
    store.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("s.db"))
    for secret in (b"Jones", b"Jane", b"Doe", b"12345678", b"MRN"):
        assert secret not in stored
    assert b"teaching bay" in stored
    resumed, _ = load_conversation(Store(db), recorder.session_id)
    assert resumed.session.answers == conversation.session.answers
    assert resumed.session.case == conversation.session.case


# -- item 13: sessions --delete on a locked database ---------------------------------------------


def test_delete_on_a_locked_database_is_a_message_and_exit_2(tmp_path):
    db = tmp_path / "s.db"
    session_id = recorded_session(db, ANSWERS[:2])
    holder = hold_lock(db, 60.0)
    try:
        deleting = cli("sessions", "--db", str(db), "--delete", session_id)
        listing = cli("sessions", "--db", str(db))  # readers are not blocked
        with pytest.raises(StoreBusy):
            Store(db, timeout=0.2).delete(session_id)
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert deleting.returncode == 2
    assert "busy" in deleting.stderr
    assert "try again" in deleting.stderr
    assert "Traceback" not in deleting.stderr
    assert listing.returncode == 0
    assert session_id in listing.stdout
    assert saved(db, session_id) == ANSWERS[:2]  # nothing was deleted
