"""`spinemets chat --plain`: the conversation over plain lines of text."""

from __future__ import annotations

from typing import TextIO

QUIT = ("quit", "exit", "/quit")


def run_plain_chat(stdin: TextIO, stdout: TextIO) -> int:
    """Ends cleanly at the end of input or on 'quit'."""
    from assistant.report import render_text
    from dialogs.manager import Conversation, Reply

    conversation = Conversation()
    stdout.write("spinemets - decision support, not a substitute for senior review. "
                 "Type help for commands, quit to leave.\n")

    def show(replies: list[Reply]) -> None:
        for reply in replies:
            if reply.kind == "result" and reply.assessment is not None:
                stdout.write(render_text(reply.assessment) + "\n")
            stdout.write(reply.text + "\n")
        stdout.write("> ")
        stdout.flush()

    show(conversation.start())
    for line in stdin:
        if line.strip().lower() in QUIT:
            break
        show(conversation.handle(line))
    stdout.write("\n")
    return 0
