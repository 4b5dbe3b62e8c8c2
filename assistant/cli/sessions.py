"""`spinemets sessions`, `replay --session`, and opening the store for `chat`."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from assistant.render.safe_text import safe_text
from assistant.store.recorder import Recorder, load_conversation, load_session
from assistant.store.sqlite import Store, StoreError

if TYPE_CHECKING:
    from dialogs.manager import Conversation

EXIT_OK, EXIT_USAGE = 0, 2


def recorder_for(args: argparse.Namespace, stderr: TextIO, lazy: bool = False) -> tuple[
        Recorder | None, Conversation | None]:
    """The recorder (and a resumed conversation) for `chat`. A store that cannot be opened
    is a warning (the chat runs in memory); an unknown --resume ID is an error (None).

    A resumed session is written by one process at a time: if another spinemets holds it,
    or its log has an entry that no longer fits the questions, the user is told and may
    use --read-only (look, save nothing) or --copy (continue in a new session holding the
    entries that still make sense; the original is left as it is)."""
    if args.no_save and not args.resume:
        return Recorder(None, None), None
    try:
        store = Store(args.db)
    except StoreError as err:
        if args.resume:
            print(f"spinemets chat: {err}", file=stderr)
            return None, None
        print(f"spinemets chat: warning: {err}", file=stderr)
        return Recorder(None, None, warning=str(err)), None
    if args.resume:
        return _resume(store, args, stderr)
    if args.label:
        print("Note: the label is stored; do not use patient identifiers.", file=stderr)
    if lazy:  # the session is created at the first saved answer
        return Recorder(store, None, label=args.label), None
    return Recorder.start(store, args.label), None


def _resume(store: Store, args: argparse.Namespace, stderr: TextIO) -> tuple[
        Recorder | None, Conversation | None]:
    session_id = args.resume
    read_only, copy = getattr(args, "read_only", False), getattr(args, "copy", False)
    lease = None if read_only or copy else store.lease(session_id)
    if not (read_only or copy) and lease is None:
        print(f"spinemets chat: session {session_id} is open in another spinemets process "
              "(a session is written by one process at a time). Add --read-only to look at "
              "it without saving, or --copy to continue in a new copy of it.", file=stderr)
        return None, None
    try:
        loaded = load_session(store, session_id)
    except StoreError as err:
        if lease is not None:
            lease.release()
        print(f"spinemets chat: {err}", file=stderr)
        return None, None
    for notice in loaded.notices:
        print(notice, file=stderr)
    conversation = loaded.conversation
    if loaded.problem is not None:
        print(f"spinemets chat: {loaded.problem}", file=stderr)
        if not (read_only or copy):
            if lease is not None:
                lease.release()
            print(f"To continue from entry {loaded.kept} (the last that still makes sense) "
                  f"in a new session, leaving this one as it is: spinemets chat --resume "
                  f"{session_id} --copy (or --read-only to look at it).", file=stderr)
            return None, None
    if read_only:
        return Recorder(None, None, warning=f"read-only: session {session_id} is shown; "
                                            "nothing answered now is saved."), conversation
    if copy:
        row = store.session(session_id)
        recorder = Recorder.start(store, row.label if row else None)
        recorder.record(conversation, conversation.as_turn())
        print(f"Copied the first {loaded.kept} entries of session {session_id} to new "
              f"session {recorder.session_id}; {session_id} is left as it was.", file=stderr)
        return recorder, conversation
    return Recorder(store, session_id, written=len(conversation.session.log),
                    lease=lease), conversation


def run_sessions(db: str | None, fmt: str, delete: str | None, stdout: TextIO,
                 stderr: TextIO) -> int:
    try:
        store = Store(db)
        if delete:
            return _delete(store, delete, stdout, stderr)
        rows = store.sessions()
    except StoreError as err:
        print(f"spinemets sessions: {err}", file=stderr)
        return EXIT_USAGE
    if fmt == "json":
        stdout.write(json.dumps([{"id": r.id, "started": _when(r.started, iso=True),
                                  "label": r.label,
                                  "urgency": (r.urgency or "").removesuffix(" so far") or None,
                                  "provisional": bool(r.urgency and r.urgency.endswith(
                                      " so far")),
                                  "complete": r.complete,
                                  "knowledge_version": r.knowledge_version}
                                 for r in rows], indent=2, default=str) + "\n")
        return EXIT_OK
    for r in rows:
        state = "complete" if r.complete else "in progress"
        stdout.write(f"{safe_text(str(r.id))}  {_when(r.started)}  "
                     f"{safe_text(str(r.urgency or '-')):17s}  {state:11s}  "
                     f"{safe_text(str(r.label or ''))}\n")
    if not rows:
        stdout.write(f"no sessions in {store.path}\n")
    return EXIT_OK


def _when(started: object, iso: bool = False) -> str:
    """A row's start time; a damaged value is shown as such (the other rows still list)."""
    try:
        moment = datetime.fromtimestamp(float(started))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError, OSError):
        return "(unknown time)" if not iso else "unknown"
    return moment.isoformat(timespec="seconds") if iso else moment.strftime("%Y-%m-%d %H:%M")


def _delete(store: Store, session_id: str, stdout: TextIO, stderr: TextIO) -> int:
    lease = store.lease(session_id)
    if lease is None:
        print(f"spinemets sessions: session {session_id} is open in another spinemets "
              "process; close it there first", file=stderr)
        return EXIT_USAGE
    try:
        if not store.delete(session_id):
            print(f"spinemets sessions: no session {session_id!r}", file=stderr)
            return EXIT_USAGE
    finally:
        lease.release()
    print(f"deleted {session_id}", file=stdout)
    return EXIT_OK


def run_replay_session(session_id: str, db: str | None, fmt: str, stdout: TextIO,
                       stderr: TextIO) -> int:
    from assistant.render.report import render_json, render_text

    try:
        conversation, notices = load_conversation(Store(db), session_id)
    except StoreError as err:
        print(f"spinemets replay: {err}", file=stderr)
        return EXIT_USAGE
    for notice in notices:
        print(notice, file=stderr)
    assessment = conversation.assessment()
    if assessment is None:
        print("spinemets replay: the session has no answers yet", file=stderr)
        return EXIT_USAGE
    if fmt == "fhir":
        from assistant.render.fhir import bundle_json

        stdout.write(bundle_json(conversation) + "\n")
    elif fmt == "text":
        stdout.write(render_text(assessment))
    else:
        stdout.write(render_json(assessment, indent=2 if fmt == "json" else None) + "\n")
    return EXIT_OK
