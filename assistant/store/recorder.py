"""Keeping a conversation in the session store: every new log entry is written at once.

A write that meets another process's lock (StoreBusy) is not lost: the entries wait in a
queue, in order, and a background thread retries with back-off until the lock clears;
meanwhile `saving_state` is "NOT SAVED (retrying)" and `warning` says how many wait. At
exit the thread (not a daemon) keeps trying for EXIT_GRACE seconds, then says on stderr
how many answers could not be saved. Other store failures stop saving, as before, with a
warning (the conversation goes on in memory).

What is stored of an answer is its parsed value and the words that were understood
(`dialogs.session.understood_text`), never the free text typed around it.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.store.sqlite import SessionLease, Store, StoreBusy, StoreError, new_session_id

if TYPE_CHECKING:  # kept light: the chat opens the store before the engine is loaded
    from dialogs.manager import Conversation
    from dialogs.turn import Turn

RETRYING = "NOT SAVED (retrying)"
NOT_SAVING = "NOT SAVING"
FIRST_TRY = 0.3  # seconds an answer waits for a lock before it is queued (the UI waits)
RETRY_WAIT = 1.0  # seconds each background attempt waits for the lock
BACKOFF = (0.05, 2.0)  # first pause between attempts, and the longest
EXIT_GRACE = 60.0  # seconds the queue is still retried after the program has finished


@dataclass(frozen=True)
class _Row:
    kind: str
    question_id: str | None
    raw: str
    values: dict[str, Any]
    at: float


class Recorder:
    """Writes a conversation's new log entries (and its urgency) after each input."""

    def __init__(self, store: Store | None, session_id: str | None, written: int = 0,
                 warning: str | None = None, label: str | None = None,
                 lease: SessionLease | None = None) -> None:
        self.store = store
        self.session_id = session_id
        self.written = written  # log entries taken (saved, or queued to be saved)
        self.warning = warning
        self.label = label  # for a session created at the first saved answer
        self.lease = lease
        self._create: tuple[str, str] | None = None  # (app, knowledge version) to create
        self._queue: deque[_Row] = deque()
        self._status: tuple[str | None, bool] | None = None
        self._retrying = False
        self._state = threading.Lock()  # guards the queue hand-over and _retrying
        self._wake = threading.Event()
        self._worker: threading.Thread | None = None
        if store is not None and session_id is not None and lease is None:
            self.lease = store.lease(session_id)
            if self.lease is None:
                self.store = None
                self.warning = (f"Not saving: session {session_id} is being written by "
                                "another spinemets process.")

    @property
    def store_path(self) -> str:
        return str(self.store.path) if self.store is not None else "memory only"

    @property
    def unsaved(self) -> int:
        """Log entries given but not yet in the database (waiting for a lock)."""
        return len(self._queue)

    @property
    def saving_state(self) -> str | None:
        """RETRYING while answers wait for the database, NOT_SAVING when saving stopped
        (or never started), None when everything is saved."""
        if self._retrying:
            return RETRYING
        if self.store is None and self.warning:
            return NOT_SAVING
        return None

    @classmethod
    def start(cls, store: Store | None, label: str | None = None) -> Recorder:
        """A recorder with its session created now (so its id can be shown at once)."""
        recorder = cls(store, None, label=label)
        recorder._create_session()
        recorder._save()
        return recorder

    def _create_session(self) -> None:
        from knowledge.references import APP_VERSION, knowledge_base

        if self.store is None or self.session_id is not None:
            return
        session_id = new_session_id()
        self.lease = self.store.lease(session_id)
        self.session_id = session_id
        self._create = (APP_VERSION, knowledge_base().version)

    # -- recording ----------------------------------------------------------------------

    def record(self, conversation: Conversation, turn: Turn) -> None:
        """Save the log entries the turn added, with the urgency the turn gave."""
        from dialogs.session import understood_text

        log = conversation.session.log
        if log[self.written:] and self.session_id is None:
            self._create_session()
        if self.store is None or self.session_id is None:
            self.written = len(log)
            return
        rows = [_Row(e.kind, e.question_id,
                     understood_text(e.question_id, e.values) if e.kind == "answer" else "",
                     e.values, e.at) for e in log[self.written:]]
        self.written = len(log)
        with self._state:
            self._queue.extend(rows)
            self._status = (turn.status, turn.finished)
            retrying = self._retrying
        if retrying:
            self._set_retry_warning()
            self._wake.set()
            return
        self._save()

    def _save(self) -> None:
        """Write what is queued now; on a lock, hand the queue to the retrying thread."""
        if self.store is None:
            return
        if self._flush(FIRST_TRY):
            return
        if self.store is None:  # a failure that is not a lock: saving stopped
            return
        with self._state:
            self._retrying = True
        self._set_retry_warning()
        self._worker = threading.Thread(target=self._retry, name="spinemets-recorder")
        self._worker.start()

    def _flush(self, timeout: float) -> bool:
        """Write the queue in order; True when nothing is left to write."""
        store = self.store
        if store is None or self.session_id is None:
            return True
        try:
            store.set_timeout(timeout)
            if self._create is not None:
                store.create_session(*self._create, self.label, session_id=self.session_id)
                self._create = None
            while self._queue:
                row = self._queue[0]
                store.append(self.session_id, row.kind, row.question_id, row.raw, row.values,
                             row.at)
                self._queue.popleft()
            status = self._status
            if status is not None:
                store.set_status(self.session_id, *status)
                if self._status is status:
                    self._status = None
        except StoreBusy:
            return False
        except Exception as err:
            self.store = None
            self._queue.clear()
            self.warning = (f"Saving failed ({err}); answers are kept in memory only for "
                            "the rest of this session.")
            return True
        return True

    def _set_retry_warning(self) -> None:
        waiting = len(self._queue)
        self.warning = (f"{RETRYING}: the session database is locked by another process; "
                        f"{waiting} answer{'s' if waiting != 1 else ''} waiting, kept in order, "
                        "saved as soon as the lock clears.")

    def _retry(self) -> None:
        pause, gave_up_at = BACKOFF[0], None
        while True:
            if self._flush(RETRY_WAIT):
                with self._state:
                    if (not self._queue and self._status is None) or self.store is None:
                        self._retrying = False
                        if self.store is not None:
                            self.warning = None
                        if gave_up_at is not None:
                            print("spinemets: all answers are saved now.", file=sys.stderr)
                        return
                continue
            if not threading.main_thread().is_alive():
                if gave_up_at is None:
                    gave_up_at = time.monotonic() + EXIT_GRACE
                    print(f"spinemets: waiting for the session database to save "
                          f"{len(self._queue)} answers of session {self.session_id}...",
                          file=sys.stderr)
                elif time.monotonic() > gave_up_at:
                    print(f"spinemets: {len(self._queue)} answers of session "
                          f"{self.session_id} could NOT be saved: the database stayed "
                          "locked.", file=sys.stderr)
                    return
            self._wake.wait(pause)
            self._wake.clear()
            pause = min(pause * 2, BACKOFF[1])

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait (up to `timeout` seconds) until every queued entry is saved."""
        deadline = time.monotonic() + timeout
        while self._retrying and time.monotonic() < deadline:
            self._wake.set()
            time.sleep(0.05)
        return not self._retrying and not self._queue

    def close(self, timeout: float = 30.0) -> bool:
        """Save what waits, then give up the session's lease."""
        saved = self.flush(timeout)
        if self.lease is not None and saved:
            self.lease.release()
        return saved

    def handle(self, conversation: Conversation, text: str) -> Turn:
        turn = conversation.handle(text)
        self.record(conversation, turn)
        return turn

    def read(self, conversation: Conversation, text: str) -> Turn:
        """A pasted referral: what was read, for confirmation. The text itself is never
        saved; the findings the user confirms are (one `read` entry)."""
        turn = conversation.read_referral(text)
        self.record(conversation, turn)
        return turn


# -- reading a stored session back ---------------------------------------------------------


@dataclass
class Loaded:
    """A stored session as a live conversation: the entries that still make sense (all of
    them unless `problem` says which entry does not, and why)."""

    conversation: Conversation
    notices: list[str]
    problem: str | None
    kept: int  # entries replayed (the first `kept` of the log)
    total: int


def load_session(store: Store, session_id: str) -> Loaded:
    """Replay a stored log up to the first entry that no longer fits the questions."""
    from dialogs.manager import Conversation
    from dialogs.session import LogEntry, LogKind, Session
    from knowledge.references import knowledge_base

    row = store.session(session_id)
    if row is None:
        raise StoreError(f"no session {session_id!r} in {store.path}")
    events = store.events(session_id)
    check = Session()
    log: list[LogEntry] = []
    problem = None
    for number, event in enumerate(events, start=1):
        kind = next((k for k in LogKind if k.value == event.kind), None)
        entry = LogEntry(kind or LogKind.ANSWER, event.question_id, event.raw, event.parsed,
                         event.at)
        reason = event.damaged or (f"it is of an unknown kind {event.kind!r}" if kind is None
                                   else check.problem(entry))
        if reason is not None:
            what = f"{event.kind} {event.question_id}" if event.question_id else event.kind
            problem = (f"session {session_id}: entry {number} of {len(events)} (seq "
                       f"{event.seq}, {what!r}) cannot be used: {reason}. The first "
                       f"{number - 1} entries still make sense.")
            break
        check.record(entry)
        log.append(entry)
    conversation = Conversation.from_log(log)
    notices = []
    current = knowledge_base().version
    if row.knowledge_version != current:
        assessment = conversation.assessment()
        now = assessment.urgency.value if assessment else None
        saved = (row.urgency or "").removesuffix(" so far") or None
        change = ("the urgency is unchanged" if now == saved
                  else f"the urgency changed from {saved} to {now}")
        notices.append(f"The knowledge has changed since this session was saved "
                       f"({row.knowledge_version} -> {current}); the answers were replayed "
                       f"and {change}.")
    return Loaded(conversation, notices, problem, len(log), len(events))


def load_conversation(store: Store, session_id: str) -> tuple[Conversation, list[str]]:
    """A stored session as a live conversation, and notices about it (e.g. the knowledge
    changed since it was started, and whether that changed the assessment). A log with an
    entry that does not fit is a StoreError naming the session and the entry."""
    loaded = load_session(store, session_id)
    if loaded.problem is not None:
        raise StoreError(loaded.problem)
    return loaded.conversation, loaded.notices
