"""The `spinemets` command line.

Kept light: each command imports what it needs when it runs; `spinemets assess` loads
only the knowledge core (never Textual or transitions).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_USAGE = 0, 2
PATHWAY_HELP = ("the local pathway file (default: $SPINEMETS_PATHWAY, else pathway.toml in "
                "the user config folder)")
DB_HELP = ("the session database (default: $SPINEMETS_DB, else sessions.db in the user data "
           "folder)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spinemets",
        description="Decision support for new back pain in a patient with known or suspected "
                    "cancer: MSCC red flags, imaging, biopsy, SINS/ESCC/Tokuhashi/Tomita/Bauer, "
                    "NOMS. Not a substitute for senior review or local protocol.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    assess = commands.add_parser(
        "assess", help="assess case files (spinemets-case/1) without a conversation",
        description="Assess one or more case files. FILE may be YAML, JSON or JSON lines; "
                    "'-' reads standard input. A bad case is reported with its field path "
                    "(exit status 2); in a batch the other cases are still assessed.")
    assess.add_argument("files", nargs="+", metavar="FILE")
    assess.add_argument("--format", choices=("text", "json", "jsonl", "markdown", "sbar"),
                        default="text",
                        help="text for a person (default); sbar (plain text, 80 columns) or "
                             "markdown for the SBAR referral; json or jsonl for machines")
    replay = commands.add_parser(
        "replay", help="walk the guided conversation, answering from case files",
        description="Replay the guided conversation for each case, answering every question "
                    "from the case file ('unknown' where it has nothing). text prints the "
                    "transcript and the assessment; json/jsonl print only the assessments, "
                    "exactly as spinemets assess does.")
    replay.add_argument("files", nargs="*", metavar="FILE")
    replay.add_argument("--format", choices=("text", "json", "jsonl", "fhir"), default="text",
                        help="text (transcript and report), json/jsonl (as assess), or fhir "
                             "(an R5 Bundle: Questionnaire + QuestionnaireResponse)")
    replay.add_argument("--session", metavar="ID",
                        help="replay a saved session's answer log instead of files")
    replay.add_argument("--db", metavar="PATH", help=DB_HELP)
    chat = commands.add_parser(
        "chat", help="the guided conversation",
        description="The guided conversation. --plain uses plain standard input and output "
                    "(screen readers, pipes, simple terminals) and ends at end of input.")
    chat.add_argument("--plain", action="store_true",
                      help="plain text in and out instead of the full-screen chat")
    chat.add_argument("--export-dir", default=None, metavar="DIR",
                      help="where /export writes its Markdown file (default: current folder)")
    chat.add_argument("--resume", metavar="ID", help="continue a saved session")
    chat.add_argument("--label", metavar="TEXT",
                      help="a label for the saved session (never a patient identifier)")
    chat.add_argument("--db", metavar="PATH", help=DB_HELP)
    chat.add_argument("--no-save", action="store_true", help="do not save this session")
    chat.add_argument("--read-only", action="store_true",
                      help="with --resume: look at the session; nothing is saved")
    chat.add_argument("--copy", action="store_true",
                      help="with --resume: continue in a new copy (the original is kept)")
    chat.add_argument("--pathway", metavar="FILE", help=PATHWAY_HELP)
    chat.add_argument("--referral", metavar="FILE",
                      help="start from a referral text (read, then confirmed; plain chat)")
    teach = commands.add_parser(
        "teach", help="teaching mode: a case in stages, with decisions to make",
        description="Teaching mode (not for patient care): a made-up case told in stages; at "
                    "checkpoints you decide, and get the right answer with the reasoning "
                    "and references. Full-screen in a terminal, plain text with --plain.")
    teach.add_argument("case", nargs="?", metavar="CASE", help="a case id (see --list)")
    teach.add_argument("--list", action="store_true", help="list the cases and what they teach")
    teach.add_argument("--export", metavar="FILE", help="write the results as Markdown")
    teach.add_argument("--plain", action="store_true",
                       help="plain text instead of the full-screen app")
    serve = commands.add_parser(
        "serve", help="serve the chat (or teaching mode) to browsers (classrooms)",
        description="Serve the full-screen chat in browsers with textual-serve, one process "
                    "per browser session; --teach serves teaching mode instead. Bound to "
                    "127.0.0.1 by default. Stop it with ctrl+c (or SIGTERM): every session "
                    "is ended.")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to bind (default 127.0.0.1; anything else warns)")
    serve.add_argument("--port", type=int, default=8000,
                       help="port (default 8000; 0 picks a free port and prints it)")
    serve.add_argument("--public-url", metavar="URL",
                       help="the address browsers use to reach this server (e.g. "
                            "http://10.0.0.5:8000 or a proxy's https:// URL); default: this "
                            "machine's address when --host is 0.0.0.0 or ::, else the host")
    serve.add_argument("--no-save", action="store_true",
                       help="browser sessions are not saved (e.g. for teaching)")
    serve.add_argument("--teach", nargs="?", const="", default=None, metavar="CASE",
                       help="serve teaching mode: CASE (see spinemets teach --list), or the "
                            "first case")
    from assistant.cli.read import add_read_parser

    add_read_parser(commands)
    pathway = commands.add_parser(
        "pathway", help="show or set up the local MSCC pathway (who to call)",
        description="Show the local MSCC pathway contacts the faces use, and where they are "
                    "read from; --init writes a commented template to fill in.")
    pathway.add_argument("--init", action="store_true", help="write the template file")
    pathway.add_argument("--force", action="store_true", help="with --init: replace a file")
    pathway.add_argument("--pathway", metavar="FILE", help=PATHWAY_HELP)
    sessions = commands.add_parser("sessions", help="list or delete saved sessions")
    sessions.add_argument("--format", choices=("text", "json"), default="text")
    sessions.add_argument("--delete", metavar="ID", help="delete a saved session")
    sessions.add_argument("--db", metavar="PATH", help=DB_HELP)
    return parser


def _plain(asked: bool) -> bool:
    """Plain text when asked for, or when there is no terminal (pipes, CI, screen readers).
    Under Textual's web driver (`spinemets serve`: TEXTUAL_DRIVER names it) standard input
    and output are pipes to the server, and the app must run full-screen."""
    import os

    if asked:
        return True
    if "web_driver" in os.environ.get("TEXTUAL_DRIVER", ""):
        return False
    return not sys.stdin.isatty() or not sys.stdout.isatty()


def _referral_text(path: str) -> str | None:
    """The referral file's text, or None after a message naming the file (exit 2)."""
    from pathlib import Path

    try:
        return Path(path).read_bytes().decode("utf-8")
    except OSError as err:
        print(f"spinemets chat: --referral {path}: cannot read: {err.strerror or err}",
              file=sys.stderr)
    except UnicodeDecodeError:
        print(f"spinemets chat: --referral {path}: not UTF-8 text (save it as UTF-8)",
              file=sys.stderr)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["chat"])
    try:
        if args.command == "assess":
            from assistant.cli.cases import run_assess

            return run_assess(args.files, args.format, sys.stdout, sys.stderr, sys.stdin)
        if args.command == "replay":
            if args.session:
                from assistant.cli.sessions import run_replay_session

                return run_replay_session(args.session, args.db, args.format, sys.stdout,
                                          sys.stderr)
            if not args.files:
                parser.error("replay needs FILE... or --session ID")
            from assistant.cli.cases import run_replay

            return run_replay(args.files, args.format, sys.stdout, sys.stderr, sys.stdin)
        if args.command == "teach":
            from assistant.cli.teach import run_teach

            plain = _plain(args.plain)
            return run_teach(args.case, args.list, args.export, sys.stdin, sys.stdout,
                             sys.stderr, plain)
        if args.command == "serve":
            from assistant.cli.serve import run_serve

            return run_serve(args.host, args.port, args.no_save, sys.stderr, teach=args.teach,
                             public_url=args.public_url)
        if args.command == "read":
            from assistant.cli.read import run_read

            return run_read(args.files, args.fmt, sys.stdout, sys.stderr, sys.stdin)
        if args.command == "pathway":
            from assistant.cli.pathway import run_pathway

            return run_pathway(args.pathway, args.init, args.force, sys.stdout, sys.stderr)
        if args.command == "sessions":
            from assistant.cli.sessions import run_sessions

            return run_sessions(args.db, args.format, args.delete, sys.stdout, sys.stderr)
        if args.command == "chat":
            from pathlib import Path

            from assistant.pathway import load_pathway

            if _plain(args.plain):
                from assistant.cli.plain_chat import run_plain_chat
                from assistant.cli.sessions import recorder_for

                referral = None
                if args.referral:
                    referral = _referral_text(args.referral)
                    if referral is None:
                        return EXIT_USAGE
                recorder, conversation = recorder_for(args, sys.stderr)
                if recorder is None:
                    return EXIT_USAGE
                return run_plain_chat(sys.stdin, sys.stdout, recorder, conversation,
                                      *load_pathway(args.pathway), referral=referral,
                                      export_dir=Path(args.export_dir) if args.export_dir
                                      else None)
            from assistant.cli.sessions import recorder_for
            from assistant.tui.app import make_app

            recorder, conversation = recorder_for(args, sys.stderr, lazy=True)
            if recorder is None:
                return EXIT_USAGE
            make_app(conversation, Path(args.export_dir) if args.export_dir else None,
                     recorder, *load_pathway(args.pathway)).run()
            if recorder.session_id:
                print(f"Session {recorder.session_id} saved in {recorder.store_path}; resume "
                      f"with: spinemets chat --resume {recorder.session_id}")
            return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    parser.error(f"unknown command {args.command!r}")
    return EXIT_USAGE  # pragma: no cover - parser.error exits


if __name__ == "__main__":
    sys.exit(main())
