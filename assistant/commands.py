"""The chat's commands: one table for key bindings, the command palette and the help screen."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str  # typed as /name
    key: str  # key binding
    description: str
    to_conversation: bool  # passed to the conversation as text, or handled by the app


COMMANDS: tuple[Command, ...] = (
    Command("help", "f1", "Help: the commands and how to answer", False),
    Command("why", "f2", "Why this question is asked, with references", True),
    Command("summary", "f3", "The case so far, provisional urgency, scores and unknowns", True),
    Command("back", "f4", "Undo the last answer", True),
    Command("change", "f5", "Re-answer an earlier question: /change <question>", True),
    Command("export", "f6", "Export the recommendation to a Markdown file", False),
    Command("restart", "f7", "Start again (asks first)", True),
    Command("checklist", "f8", "The emergency checklist: what to do now and who to call",
            False),
    Command("quit", "ctrl+q", "Leave spinemets", False),
)
BY_NAME = {c.name: c for c in COMMANDS}


def parse_command(text: str) -> tuple[Command, str] | None:
    """'/name rest' → (command, rest); None if the text is not a known /command."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    name, _, rest = stripped[1:].partition(" ")
    command = BY_NAME.get(name.lower())
    return (command, rest.strip()) if command else None


def help_markdown() -> str:
    # "<question>" would be read as an HTML tag and vanish: escape the angle brackets.
    rows = "\n".join(f"| `/{c.name}` | `{c.key}` | {c.description.replace('<', chr(92) + '<')} |"
                     for c in COMMANDS)
    return ("# spinemets — help\n\nAnswer in your own words; `unknown` (or `not sure`, "
            "`skip`) is always accepted and never counted as 'no'. For choice questions, "
            "type the number or the name, or pick from the list.\n\n"
            "| command | key | does |\n|---|---|---|\n" + rows +
            "\n\nThe command palette (ctrl+p) lists the same commands.")
