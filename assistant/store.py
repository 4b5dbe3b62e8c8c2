"""The session store: SQLite (standard library), WAL, one transaction per answer.

Schema version 1 (`PRAGMA user_version`):
  sessions(id, started, label, app_version, knowledge_version, urgency, complete)
  events(session_id, seq, at, kind, question_id, raw, parsed)   -- the append-only log
A database with user_version 0 is created at version 1; a newer version than this program
knows is refused (upgrade spinemets). Migrations go in MIGRATIONS, one function per step.
The file is created owner-only (0600). No patient identifier is asked for or stored; a
free-text label is stored only if the user gives one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
ENV_DB = "SPINEMETS_DB"


class StoreError(Exception):
    """The session database cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class SessionRow:
    id: str
    started: float
    label: str | None
    app_version: str
    knowledge_version: str
    urgency: str | None
    complete: bool


@dataclass(frozen=True)
class Event:
    seq: int
    at: float
    kind: str
    question_id: str | None
    raw: str
    parsed: dict[str, Any]


def _create_v1(db: sqlite3.Connection) -> None:
    # One statement at a time: executescript() would commit the migration's transaction.
    db.execute("""CREATE TABLE sessions (
        id TEXT PRIMARY KEY, started REAL NOT NULL, label TEXT,
        app_version TEXT NOT NULL, knowledge_version TEXT NOT NULL,
        urgency TEXT, complete INTEGER NOT NULL DEFAULT 0)""")
    db.execute("""CREATE TABLE events (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, at REAL NOT NULL, kind TEXT NOT NULL,
        question_id TEXT, raw TEXT NOT NULL, parsed TEXT NOT NULL,
        PRIMARY KEY (session_id, seq))""")


# MIGRATIONS[n] takes a database at version n to version n + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _create_v1}


def default_path() -> Path:
    """$SPINEMETS_DB, else sessions.db in the user data directory."""
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    from platformdirs import user_data_dir

    return Path(user_data_dir("spinemets", appauthor=False)) / "sessions.db"


class Store:
    """A connection to the session database. Every write is its own transaction."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            self.db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"the session database {self.path} cannot be used ({err}); "
                             "answers will be kept in memory only. Move the file aside or "
                             "choose another with --db.") from err
        except OSError as err:
            raise StoreError(f"cannot open the session database {self.path}: "
                             f"{err.strerror}") from err

    def _migrate(self) -> None:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"its schema version {version} is newer than this spinemets knows "
                f"({SCHEMA_VERSION}): upgrade spinemets")
        while version < SCHEMA_VERSION:
            with self._transaction():
                MIGRATIONS[version](self.db)
                version += 1
                self.db.execute(f"PRAGMA user_version={version}")

    def _transaction(self) -> _Commit:
        self.db.execute("BEGIN IMMEDIATE")
        return _Commit(self.db)

    def close(self) -> None:
        self.db.close()

    # -- writing ------------------------------------------------------------------------

    def create_session(self, app_version: str, knowledge_version: str,
                       label: str | None = None) -> str:
        session_id = uuid.uuid4().hex[:10]
        with self._transaction():
            self.db.execute("INSERT INTO sessions (id, started, label, app_version, "
                            "knowledge_version) VALUES (?, ?, ?, ?, ?)",
                            (session_id, time.time(), label, app_version, knowledge_version))
        return session_id

    def append(self, session_id: str, kind: str, question_id: str | None, raw: str,
               parsed: dict[str, Any], at: float | None = None) -> int:
        """Write one event of the log, in its own (synchronous) transaction."""
        with self._transaction():
            row = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM events "
                                  "WHERE session_id = ?", (session_id,)).fetchone()
            seq = int(row[0])
            self.db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (session_id, seq, at if at is not None else time.time(), kind,
                             question_id, raw, json.dumps(parsed)))
        return seq

    def set_status(self, session_id: str, urgency: str | None, complete: bool) -> None:
        with self._transaction():
            self.db.execute("UPDATE sessions SET urgency = ?, complete = ? WHERE id = ?",
                            (urgency, int(complete), session_id))

    def delete(self, session_id: str) -> bool:
        with self._transaction():
            self.db.execute("DELETE FROM events WHERE session_id = ?", (session_id,))
            cursor = self.db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        return cursor.rowcount > 0

    # -- reading ------------------------------------------------------------------------

    def sessions(self) -> list[SessionRow]:
        rows = self.db.execute("SELECT id, started, label, app_version, knowledge_version, "
                               "urgency, complete FROM sessions ORDER BY started").fetchall()
        return [SessionRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]

    def session(self, session_id: str) -> SessionRow | None:
        return next((s for s in self.sessions() if s.id == session_id), None)

    def events(self, session_id: str) -> list[Event]:
        rows = self.db.execute("SELECT seq, at, kind, question_id, raw, parsed FROM events "
                               "WHERE session_id = ? ORDER BY seq", (session_id,)).fetchall()
        return [Event(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]


class _Commit:
    """Commit on success, roll back on error (the BEGIN is already issued)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, kind: object, *rest: object) -> None:
        self.db.execute("ROLLBACK" if kind is not None else "COMMIT")
