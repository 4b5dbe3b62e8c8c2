"""`spinemets sessions`, `replay --session`, and opening the store for `chat`."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from assistant.recording import Recorder, load_conversation
from assistant.safe_text import safe_text
from assistant.store import Store, StoreError

if TYPE_CHECKING:
    from dialogs.manager import Conversation

EXIT_OK, EXIT_USAGE = 0, 2


def recorder_for(args: argparse.Namespace, stderr: TextIO, lazy: bool = False) -> tuple[
        Recorder | None, Conversation | None]:
    """The recorder (and a resumed conversation) for `chat`. A store that cannot be opened
    is a warning (the chat runs in memory); an unknown --resume ID is an error (None)."""
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
        try:
            conversation, notices = load_conversation(store, args.resume)
        except StoreError as err:
            print(f"spinemets chat: {err}", file=stderr)
            return None, None
        for notice in notices:
            print(notice, file=stderr)
        return Recorder(store, args.resume, written=len(conversation.session.log)), conversation
    if args.label:
        print("Note: the label is stored; do not use patient identifiers.", file=stderr)
    if lazy:  # the session is created at the first saved answer
        return Recorder(store, None, label=args.label), None
    return Recorder.start(store, args.label), None


def run_sessions(db: str | None, fmt: str, delete: str | None, stdout: TextIO,
                 stderr: TextIO) -> int:
    try:
        store = Store(db)
    except StoreError as err:
        print(f"spinemets sessions: {err}", file=stderr)
        return EXIT_USAGE
    if delete:
        if not store.delete(delete):
            print(f"spinemets sessions: no session {delete!r}", file=stderr)
            return EXIT_USAGE
        print(f"deleted {delete}", file=stdout)
        return EXIT_OK
    rows = store.sessions()
    if fmt == "json":
        stdout.write(json.dumps([{"id": r.id, "started": datetime.fromtimestamp(r.started)
                                  .isoformat(timespec="seconds"), "label": r.label,
                                  "urgency": r.urgency, "complete": r.complete,
                                  "knowledge_version": r.knowledge_version}
                                 for r in rows], indent=2) + "\n")
        return EXIT_OK
    for r in rows:
        started = datetime.fromtimestamp(r.started).strftime("%Y-%m-%d %H:%M")
        state = "complete" if r.complete else "in progress"
        stdout.write(f"{safe_text(r.id)}  {started}  {safe_text(r.urgency or '-'):9s}  "
                     f"{state:11s}  {safe_text(r.label or '')}\n")
    if not rows:
        stdout.write(f"no sessions in {store.path}\n")
    return EXIT_OK


def run_replay_session(session_id: str, db: str | None, fmt: str, stdout: TextIO,
                       stderr: TextIO) -> int:
    from assistant.report import render_json, render_text

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
        from assistant.fhir import bundle_json

        stdout.write(bundle_json(conversation) + "\n")
    elif fmt == "text":
        stdout.write(render_text(assessment))
    else:
        stdout.write(render_json(assessment, indent=2 if fmt == "json" else None) + "\n")
    return EXIT_OK
