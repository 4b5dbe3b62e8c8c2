"""`spinemets chat --plain`: the conversation over plain lines of text."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dialogs.commands import BY_NAME

if TYPE_CHECKING:
    from assistant.pathway import LocalPathway
    from assistant.store.recorder import Recorder
    from dialogs.manager import Conversation

# The plain chat's own commands, as the one command table (dialogs.commands) types them.
QUIT, READ, EXPORT, CHECKLIST = (BY_NAME[name].typed
                                 for name in ("quit", "read", "export", "checklist"))


def run_plain_chat(stdin: TextIO, stdout: TextIO, recorder: Recorder | None = None,
                   conversation: Conversation | None = None,
                   pathway: LocalPathway | None = None, pathway_problem: str | None = None,
                   referral: str | None = None, export_dir: Path | None = None) -> int:
    """Ends cleanly at the end of input or on 'quit'. With a recorder every answer is saved
    the moment it is given; with a conversation (resumed) it continues where it stopped."""
    from assistant.pathway import who_to_call
    from assistant.render.checklist import checklist_markdown
    from assistant.render.report import render_text
    from assistant.render.safe_text import safe_text
    from assistant.store.files import export_referral
    from assistant.store.recorder import Recorder
    from dialogs.manager import Conversation
    from dialogs.turn import ReplyKind, Turn

    def write(text: str) -> None:
        """Everything shown goes through here: answers are echoed in replies (and ids and
        warnings may carry outside text), and none of it may control the terminal."""
        stdout.write(safe_text(text, newlines=True))

    recorder = recorder or Recorder(None, None)
    resumed = conversation is not None
    conversation = conversation or Conversation()
    write("spinemets - decision support, not a substitute for senior review. "
          "Type help for commands, quit to leave.\n")
    if recorder.session_id:
        write(f"Session {recorder.session_id} (resume with: spinemets chat --resume "
              f"{recorder.session_id}).\n")
    if recorder.warning:
        write(f"WARNING: {recorder.warning}\n")
    if pathway_problem:
        write(f"WARNING: {pathway_problem}\n")
    calling = "".join(f"  {line}\n" for line in who_to_call(pathway))

    def show(turn: Turn) -> None:
        for reply in turn:
            if reply.kind is ReplyKind.RESULT and reply.assessment is not None:
                write(render_text(reply.assessment) + "\n")
            write(reply.text + "\n")
            if reply.kind is ReplyKind.ESCALATION:
                write("WHO TO CALL\n" + calling)
        write("> ")
        stdout.flush()

    if resumed:
        show(conversation.handle("summary"))
    else:
        show(conversation.start())
        if referral:
            write("\n")
            show(recorder.read(conversation, referral))
    def export(conversation: Conversation) -> str:
        case, assessment = conversation.session.case, conversation.assessment()
        if case is None or assessment is None:
            return "Nothing to export yet: answer cancer status first."
        try:
            path, _ = export_referral(case, assessment, export_dir or Path.cwd(), pathway)
        except OSError as err:
            return f"Could not export to {export_dir or Path.cwd()}: {err.strerror or err}"
        return f"Exported the referral to {path}"

    def checklist(conversation: Conversation) -> str:
        assessment = conversation.assessment()
        if assessment is None:
            return "No checklist yet: answer cancer status first."
        return checklist_markdown(assessment, pathway, conversation.as_turn().urgency,
                                  markdown=False)

    retried = False
    block: list[str] | None = None  # lines of a pasted text after `read`, until a blank line
    for line in stdin:
        if block is not None:
            if line.strip() or not block:  # blank lines before the text do not end it
                if line.strip():
                    block.append(line)
                continue
            text, block = "".join(block), None
            show(recorder.read(conversation, text))
            continue
        if line.strip().lower() in QUIT:
            break
        if line.strip().lower() in READ:
            block = []
            write("Paste the text; an empty line ends it.\n")
            continue
        if line.strip().lower() in EXPORT:
            write(export(conversation) + "\n> ")
            continue
        if line.strip().lower() in CHECKLIST:
            write(checklist(conversation) + "\n> ")
            continue
        warned = recorder.warning
        show(recorder.handle(conversation, line))
        if recorder.warning and recorder.warning != warned:
            write(f"\nWARNING: {recorder.warning}\n> ")
        elif retried and recorder.saving_state is None:
            write("\nSaved: every answer is in the session database again.\n> ")
        retried = recorder.saving_state == "NOT SAVED (retrying)"
    if block:  # input ended inside a pasted text: read what came
        show(recorder.read(conversation, "".join(block)))
    write("\n")
    return 0
