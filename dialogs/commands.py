"""The one command table: what the plain help, the full-screen chat's key bindings, its
command palette and its help screen all show.

A command the conversation handles (`in_conversation`) is typed as a word ("back") or with
a slash ("/back") in every face; the others belong to a face: the full-screen chat's
screens and export (`in_app`), the plain chat's pasted-text block (`in_plain`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str  # typed as the word or /name
    key: str | None  # the full-screen chat's key, if it has one
    usage: str  # as typed, with what follows it
    description: str
    in_conversation: bool  # handled by the conversation (every face)
    in_app: bool = True
    in_plain: bool = True
    aliases: tuple[str, ...] = ()  # other words typed for it

    @property
    def typed(self) -> frozenset[str]:
        """Every way of typing it: the name or an alias, with or without a slash."""
        words = (self.name, *self.aliases)
        return frozenset((*words, *(f"/{w}" for w in words)))


COMMANDS: tuple[Command, ...] = (
    Command("help", "f1", "help", "the commands and how to answer", True),
    Command("why", "f2", "why", "why this question is asked, with references", True),
    Command("summary", "f3", "summary",
            "the case so far, what to do now, provisional urgency, scores and unknowns", True),
    Command("back", "f4", "back", "undo the last answer", True),
    Command("change", "f5", "change <question>",
            "re-answer an earlier question (e.g. change limb weakness)", True),
    Command("export", "f6", "export", "write the referral (SBAR) to a Markdown file", False),
    Command("restart", "f7", "restart", "start again (asks first)", True),
    Command("checklist", "f8", "checklist",
            "the emergency checklist: what to do now and who to call", False),
    Command("read", "f9", "read",
            "read a pasted referral or note; what was read is shown to confirm (plain chat: "
            "an empty line ends the text; full screen: ctrl+r reads the text area)", False),
    Command("quit", "ctrl+q", "quit", "leave spinemets (or exit)", False, aliases=("exit",)),
)
BY_NAME = {c.name: c for c in COMMANDS}
CONVERSATION_COMMANDS = frozenset(c.name for c in COMMANDS if c.in_conversation)
APP_COMMANDS = tuple(c for c in COMMANDS if c.in_app)
PLAIN_COMMANDS = tuple(c for c in COMMANDS if c.in_plain)
ANSWERING = ("Answer each question in your own words; 'unknown' (or 'not sure', 'skip') is "
             "always accepted and never counted as 'no'.")


def plain_help() -> str:
    """The help of the plain chat (and the conversation's `help`)."""
    width = max(len(c.usage) for c in PLAIN_COMMANDS) + 2
    rows = [f"  {c.usage.ljust(width)}{c.description}" for c in PLAIN_COMMANDS]
    return "\n".join([ANSWERING, "Commands, at any question:", *rows])


def parse_command(text: str) -> tuple[Command, str] | None:
    """'/name rest' → (command, rest) for a command of the full-screen chat; None if the
    text is not one."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    name, _, rest = stripped[1:].partition(" ")
    command = BY_NAME.get(name.lower())
    return (command, rest.strip()) if command is not None and command.in_app else None


def help_markdown() -> str:
    """The full-screen chat's help screen."""
    # "<question>" would be read as an HTML tag and vanish: escape the angle brackets.
    rows = "\n".join(
        f"| `/{c.usage}` | `{c.key or ''}` | {c.description.replace('<', chr(92) + '<')} |"
        for c in APP_COMMANDS)
    return ("# spinemets — help\n\n" + ANSWERING + " For choice questions, type the number "
            "or the name, or pick from the list. A pasted text of several lines is read as "
            "a referral and shown back for confirmation.\n\n"
            "| command | key | does |\n|---|---|---|\n" + rows +
            "\n\nThe command palette (ctrl+p) lists the same commands.")
