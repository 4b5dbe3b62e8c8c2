"""The chat's widgets. They only display what they are given: no clinical logic here.

Nothing shown is interpreted: text goes in as Rich `Text` (no console markup), through
`safe_text` (no control or bidi characters), and only the assistant's own replies are
Markdown."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Input, Static

from assistant.render.checklist import contact_for
from assistant.render.labels import URGENCY_BANNER, label
from assistant.render.safe_text import safe_text

if TYPE_CHECKING:  # the chat draws its first screen before the clinical engine is loaded
    from assistant.pathway import LocalPathway
    from knowledge import Assessment


class UserTurn(Static):
    """What the user typed, in the transcript."""

    def __init__(self, text: str) -> None:
        super().__init__(Text(f"> {safe_text(text)}"))


class AssistantTurn(Static):
    """One assistant turn, rendered as Markdown; `kind` is the reply kind, for styling.

    A Rich Markdown renderable in a Static, not Textual's Markdown widget: a turn is drawn
    once, and the widget (a tree of blocks) made each answer take ~0.7 s. A re-prompt or an
    error repeats what was typed, so it is plain text: a typed "**x**" or "[red]x[/red]" is
    shown as typed, never as markup."""

    PLAIN_KINDS = ("reprompt", "error")

    def __init__(self, text: str, kind: str) -> None:
        text = safe_text(text, newlines=True)
        # Keep the line breaks of question lists and checklists (Markdown would join them).
        # The conversation's texts are plain words with "- " lists: an angle bracket is a
        # character ("change <question>"), never an HTML tag that Markdown would drop.
        shown = Text(text) if kind in self.PLAIN_KINDS else RichMarkdown(
            text.replace("<", "\\<").replace("\n", "  \n"))
        super().__init__(shown, classes=f"assistant {kind}")
        self.source = text


class UrgencyBanner(Static):
    """The current urgency as a word and an icon, not colour alone. In an emergency it holds
    two lines (four rows with its border, so an 80x24 screen keeps its transcript): the
    urgency with the imaging timing, and the next action with who to call; the whole
    checklist is a key away (f8)."""

    def on_mount(self) -> None:
        from dialogs.turn import NOT_KNOWN

        self.update(Text(NOT_KNOWN))

    def show(self, headline: str, assessment: Assessment | None,
             pathway: LocalPathway | None = None) -> None:
        """`headline`: the turn's urgency words; in an emergency the assessment's scan,
        first action and who to call replace it."""
        self.remove_class("emergency", "urgent", "routine")
        if assessment is None:
            self.update(Text(headline))
            return
        urgency = assessment.urgency.value
        self.add_class(urgency)
        if urgency != "emergency":
            self.update(Text(headline, no_wrap=True, overflow="ellipsis"))
            return
        imaging = (f"{label(assessment.imaging.modality.value)}: "
                   f"{label(assessment.imaging.timing.value)}")
        first = next((a for a in assessment.actions if a.timing == "immediately"), None)
        contact = contact_for(pathway, first.id) if first is not None else None
        now = f"Now: {label(first.id)}" if first is not None else "Now: see the checklist"
        if contact:
            now += f" ({contact})"
        # The pathway's long name is in the transcript: here the word, the scan, the action.
        lines = [f"{URGENCY_BANNER[urgency]} · {imaging}", f"{now} · f8 checklist"]
        self.update(Text("\n".join(safe_text(line) for line in lines), no_wrap=True,
                         overflow="ellipsis"))


class CasePanel(Static):
    """The case so far, the live scores (ranges while inputs are unknown) and the unknowns."""

    def on_mount(self) -> None:
        self.update(Text("CASE SO FAR"))

    def show(self, answers: list[tuple[str, str]], assessment: Assessment | None,
             who_to_call: list[str] | None = None, urgency: str = "") -> None:
        lines = ["CASE SO FAR", *(f"  {q}: {safe_text(a)}" for q, a in answers)]
        if urgency:
            lines = ["URGENCY", f"  {urgency}", "", *lines]
        if who_to_call:
            lines = ["WHO TO CALL", *(f"  {safe_text(line)}" for line in who_to_call), "",
                     *lines]
        if assessment is not None:
            lines += ["", "SCORES"]
            for name, score in assessment.scores.ranged():
                if score is None:
                    continue
                value = score.total if score.total is not None else f"{score.min}–{score.max}"
                band = label(score.band) if score.band else "range spans bands"
                lines.append(f"  {label(name)}: {value} ({band})")
            if assessment.scores.escc is not None:
                escc = assessment.scores.escc
                lines.append(f"  ESCC: {escc.grade.value} ({escc.category.value})")
            lines += ["", f"UNKNOWN ({len(assessment.unknowns)})",
                      *(f"  {label(u)}" for u in assessment.unknowns[:12])]
            if len(assessment.unknowns) > 12:
                lines.append(f"  ... and {len(assessment.unknowns) - 12} more (/summary)")
        self.update(Text("\n".join(lines)))


class PromptInput(Input):
    """The answer line. Enter empties it at once and posts the text as an `Answer`, so keys
    typed while the app is still answering start a fresh line (no merged answers).

    Enter is handled here, in the input's own queue of keys, not by the Enter binding: a
    binding runs only after the key has bubbled up to the app, and by then the keys typed
    after the Enter have already been put in the line ("1⏎2⏎" became "12"). A pasted text
    with line breaks arrives whole, as a `Referral` to read (never split into answers)."""

    class Answer(Message):
        """A line entered; `at` is when Enter was pressed (monotonic clock)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text
            self.at = time.monotonic()

    class Referral(Message):
        """A multi-line paste: a referral (or note) to read as one text."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    allow_empty = False  # teaching mode: Enter alone means "continue"

    class ToChoices(Message):
        """The down arrow on the answer line: go to the list of choices, if one is shown."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()  # not Input's own handler, nor its Enter binding
            self._send()
        elif event.key == "down":
            event.stop()
            self.post_message(self.ToChoices())

    def _on_paste(self, event: events.Paste) -> None:
        if not re.search(r"[\r\n]", event.text.strip()):
            return  # one line: Input's own handler inserts it
        event.stop()
        event.prevent_default()
        text = self.value + event.text
        self.value = ""
        self.post_message(self.Referral(text))

    async def action_submit(self) -> None:
        self._send()

    def _send(self) -> None:
        text = self.value
        self.value = ""
        if text.strip() or self.allow_empty:
            self.post_message(self.Answer(text))
