"""The session store: SQLite (standard library), WAL, one transaction per answer.

Schema version 1 (`PRAGMA user_version`):
  sessions(id, started, label, app_version, knowledge_version, urgency, complete)
  events(session_id, seq, at, kind, question_id, raw, parsed)   -- the append-only log
A database with user_version 0 is created at version 1; a newer version than this program
knows is refused (upgrade spinemets) before anything is written: the version is read
from the file header (or a read-only connection when a -wal file exists), so such a file
is left exactly as it was. Migrations go in
MIGRATIONS, one function per step.

The database and its -wal/-shm files are owner-only (0600): created so, and an existing
file with wider permissions is narrowed when it is opened. No patient identifier is asked
for or stored; a free-text label is stored only if the user gives one; an answer's `raw`
text holds only the words that were understood (see dialogs.session.understood_text).

A lock held by another process is `StoreBusy` (the recorder retries; commands say so).
A session is written by one process at a time: `lease()` takes an advisory lock on a
byte of `<db>.lock` (one byte per session id), which the kernel releases when the holder
exits or is killed (SIGKILL included); no stale lease is left behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

SCHEMA_VERSION = 1
ENV_DB = "SPINEMETS_DB"


class StoreError(Exception):
    """The session database cannot be used; the message says why and what to do."""


class StoreBusy(StoreError):
    """Another process holds the database's write lock (or the disk refused a write):
    the operation can be tried again later."""


# SQLite errors worth trying again: another writer, or a disk that may recover.
_TRANSIENT = ("locked", "busy", "disk i/o", "disk is full", "readonly", "read-only")


def _failure(path: Path, err: sqlite3.Error) -> StoreError:
    text = str(err)
    if isinstance(err, sqlite3.OperationalError) and any(t in text.lower()
                                                         for t in _TRANSIENT):
        return StoreBusy(f"the session database {path} is busy ({text}): another "
                         "spinemets (or another program) is writing to it; try again when "
                         "it has finished")
    return StoreError(f"the session database {path} cannot be used ({text})")


def owner_only(path: Path) -> None:
    """Make an existing file of ours 0600 (nothing if it is missing or not ours)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError:
        pass


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
    damaged: str | None = None  # why the stored row cannot be read (e.g. malformed JSON)


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

    def __init__(self, path: Path | str | None = None, timeout: float = 5.0) -> None:
        self.path = Path(path) if path is not None else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            else:
                self._refuse_newer()  # before anything (journal mode, chmod) touches it
            for file in self.files():
                owner_only(file)
            self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None,
                                      check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
            for file in self.files():  # -wal/-shm made now, or left by an older run
                owner_only(file)
        except StoreError:
            raise
        except sqlite3.DatabaseError as err:
            busy = _failure(self.path, err)
            if isinstance(busy, StoreBusy):
                raise busy from err
            raise StoreError(f"the session database {self.path} cannot be used ({err}); "
                             "answers will be kept in memory only. Move the file aside or "
                             "choose another with --db.") from err
        except OSError as err:
            raise StoreError(f"cannot open the session database {self.path}: "
                             f"{err.strerror}") from err

    def files(self) -> list[Path]:
        """The database file and the -wal/-shm files SQLite keeps beside it."""
        return [self.path, *(self.path.with_name(self.path.name + s)
                             for s in ("-wal", "-shm"))]

    def _refuse_newer(self) -> None:
        """Read the schema version without writing anything; refuse a newer one.

        Without a -wal file the version is read from the file header itself (SQLite would
        create -wal/-shm files to open a WAL database); with one, through a read-only
        connection (the WAL may hold a newer header)."""
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            if not wal.exists() or wal.stat().st_size == 0:
                with open(self.path, "rb") as file:
                    header = file.read(100)
                if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
                    return  # empty (new) or not a database: the normal path says so
                version = int.from_bytes(header[60:64], "big", signed=True)
            else:
                ro = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=1.0)
                try:
                    version = int(ro.execute("PRAGMA user_version").fetchone()[0])
                finally:
                    ro.close()
        except (OSError, sqlite3.Error):
            return  # unreadable: the normal path gives the message
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the session database {self.path} cannot be used: its schema version "
                f"{version} is newer than this spinemets knows ({SCHEMA_VERSION}); upgrade "
                "spinemets, or choose another database with --db. The file was not changed.")

    def set_timeout(self, seconds: float) -> None:
        """How long a write waits for another process's lock before StoreBusy."""
        self.db.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")

    def _migrate(self) -> None:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the session database {self.path} cannot be used: its schema version "
                f"{version} is newer than this spinemets knows ({SCHEMA_VERSION}); upgrade "
                "spinemets")
        while version < SCHEMA_VERSION:
            with self._transaction():
                MIGRATIONS[version](self.db)
                version += 1
                self.db.execute(f"PRAGMA user_version={version}")

    def _transaction(self) -> _Commit:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as err:
            raise _failure(self.path, err) from err
        return _Commit(self.db, self.path)

    def close(self) -> None:
        self.db.close()

    # -- one writer per session ---------------------------------------------------------

    def lease(self, session_id: str) -> SessionLease | None:
        """The right to write `session_id`, or None if another process holds it."""
        return SessionLease.take(self.path.with_name(self.path.name + ".lock"), session_id)

    # -- writing ------------------------------------------------------------------------

    def create_session(self, app_version: str, knowledge_version: str,
                       label: str | None = None, session_id: str | None = None) -> str:
        session_id = session_id or new_session_id()
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
        rows = self._read("SELECT id, started, label, app_version, knowledge_version, "
                          "urgency, complete FROM sessions ORDER BY started")
        return [SessionRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]

    def session(self, session_id: str) -> SessionRow | None:
        return next((s for s in self.sessions() if s.id == session_id), None)

    def events(self, session_id: str) -> list[Event]:
        """The log; a row that cannot be read is an Event with `damaged` saying why."""
        rows = self._read("SELECT seq, at, kind, question_id, raw, parsed FROM events "
                          "WHERE session_id = ? ORDER BY seq", (session_id,))
        events = []
        for seq, at, kind, question_id, raw, text in rows:
            damaged = None
            try:
                parsed = json.loads(text)
            except (TypeError, ValueError, RecursionError) as err:
                parsed, damaged = {}, f"its stored value is not valid JSON ({err})"
            if not isinstance(parsed, dict):
                parsed, damaged = {}, "its stored value is not a JSON object"
            events.append(Event(seq, at, str(kind), question_id, str(raw), parsed, damaged))
        return events

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.Error as err:
            raise _failure(self.path, err) from err


def new_session_id() -> str:
    return uuid.uuid4().hex[:10]


class SessionLease:
    """An exclusive advisory lock (fcntl.lockf) on one byte of the database's lock file.

    The byte is the session id read as hexadecimal (a hash for other ids), so sessions
    never share a byte. The kernel drops the lock when the process ends, however it ends.
    POSIX locks belong to the process and vanish when any descriptor of the file is closed,
    so each lock file is opened once per process and kept open; leases in one process do
    not exclude each other (one process writes a session through one recorder)."""

    _files: ClassVar[dict[Path, int]] = {}

    def __init__(self, fd: int, offset: int) -> None:
        self.fd, self.offset = fd, offset

    @staticmethod
    def byte_of(session_id: str) -> int:
        if 0 < len(session_id) <= 15 and all(c in "0123456789abcdef" for c in session_id):
            return int(session_id, 16)
        return int.from_bytes(hashlib.sha256(session_id.encode()).digest()[:7], "big")

    @classmethod
    def take(cls, path: Path, session_id: str) -> SessionLease | None:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lease (documented limitation)
            return cls(-1, 0)
        key = path.resolve()
        if key not in cls._files:
            try:
                cls._files[key] = os.open(key, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                return cls(-1, 0)  # a read-only folder: writing will fail and say so
            owner_only(key)
        fd, offset = cls._files[key], cls.byte_of(session_id)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, offset)
        except OSError:
            return None
        return cls(fd, offset)

    def release(self) -> None:
        if self.fd >= 0:
            import fcntl

            fcntl.lockf(self.fd, fcntl.LOCK_UN, 1, self.offset)
            self.fd = -1


class _Commit:
    """Commit on success, roll back on error (the BEGIN is already issued). Errors come
    out as StoreBusy/StoreError, and a failed COMMIT leaves no transaction open."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db, self.path = db, path

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, kind: object, error: object, *rest: object) -> None:
        if kind is not None:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise _failure(self.path, error) from error
            return
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error as err:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise _failure(self.path, err) from err
