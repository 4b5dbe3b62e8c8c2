"""Keeping a conversation in the session store: every new log entry is written at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.store import Store, StoreError

if TYPE_CHECKING:  # kept light: the chat opens the store before the engine is loaded
    from dialogs.manager import Conversation, Reply


@dataclass
class Recorder:
    """Writes a conversation's new log entries (and its urgency) after each input.

    If the store fails, recording stops and `warning` says so; the conversation goes on in
    memory (nothing the user typed is lost from the screen or the conversation)."""

    store: Store | None
    session_id: str | None
    written: int = 0
    warning: str | None = None
    label: str | None = None  # for a session created at the first saved answer

    @property
    def store_path(self) -> str:
        return str(self.store.path) if self.store is not None else "memory only"

    @classmethod
    def start(cls, store: Store | None, label: str | None = None) -> Recorder:
        """A recorder with its session created now (so its id can be shown at once)."""
        recorder = cls(store, None, label=label)
        recorder._create_session()
        return recorder

    def _create_session(self) -> None:
        from knowledge.references import APP_VERSION, knowledge_base

        if self.store is None or self.session_id is not None:
            return
        try:
            self.session_id = self.store.create_session(APP_VERSION, knowledge_base().version,
                                                        self.label)
        except Exception as err:
            self.store = None
            self.warning = f"Not saving this session: {err}"

    def record(self, conversation: Conversation) -> None:
        log = conversation.session.log
        if log and self.session_id is None:
            self._create_session()
        if self.store is None or self.session_id is None:
            self.written = len(log)
            return
        try:
            for entry in log[self.written:]:
                self.store.append(self.session_id, entry.kind, entry.question_id, entry.text,
                                  entry.values, entry.at)
                self.written += 1
            assessment = conversation.assessment()
            self.store.set_status(self.session_id,
                                  assessment.urgency.value if assessment else None,
                                  conversation.finished)
        except Exception as err:
            self.store = None
            self.warning = (f"Saving failed ({err}); answers are kept in memory only for "
                            "the rest of this session.")

    def handle(self, conversation: Conversation, text: str) -> list[Reply]:
        replies = conversation.handle(text)
        self.record(conversation)
        return replies


def load_conversation(store: Store, session_id: str) -> tuple[Conversation, list[str]]:
    """A stored session as a live conversation, and notices about it (e.g. the knowledge
    changed since it was started, and whether that changed the assessment)."""
    from dialogs.manager import Conversation
    from dialogs.session import LogEntry
    from knowledge.references import knowledge_base

    row = store.session(session_id)
    if row is None:
        raise StoreError(f"no session {session_id!r} in {store.path}")
    log = [LogEntry(e.kind, e.question_id, e.raw, e.parsed, e.at)
           for e in store.events(session_id)]
    conversation = Conversation.from_log(log)
    notices = []
    current = knowledge_base().version
    if row.knowledge_version != current:
        assessment = conversation.assessment()
        now = assessment.urgency.value if assessment else None
        change = ("the urgency is unchanged" if now == row.urgency
                  else f"the urgency changed from {row.urgency} to {now}")
        notices.append(f"The knowledge has changed since this session was saved "
                       f"({row.knowledge_version} -> {current}); the answers were replayed "
                       f"and {change}.")
    return conversation, notices
