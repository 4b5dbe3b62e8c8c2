"""Full screens: help, the checklist, a referral to read, and the recommendation at the end."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Markdown, Static, TextArea


class HelpScreen(ModalScreen[None]):
    """The command table as help (the same table makes the bindings and the palette)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "dismiss", "Close")]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(self.markdown)
        yield Footer()


class RecommendationScreen(Screen[None]):
    """The whole recommendation; f6 exports it, escape returns to the chat."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Back to the chat"),
                Binding("f6", "app.export", "Export")]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="recommendation"):
            yield Markdown(self.markdown)
        yield Footer()


class ChecklistScreen(ModalScreen[None]):
    """The emergency checklist (f8): every action with its timing, and who to call."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f8,q", "dismiss", "Close")]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="checklist"):
            yield Markdown(self.markdown)
        yield Footer()


class ReferralScreen(ModalScreen[str | None]):
    """A referral or note to read: a pasted text arrives here whole (never split into
    answers), to be checked or edited before ctrl+r reads it; escape leaves it unread."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "read", "Read it", priority=True),
        Binding("escape", "dismiss(None)", "Cancel")]
    TITLE = ("Referral text: check or edit it, then ctrl+r reads it (escape: cancel). "
             "The text itself is not stored.")

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="referral"):
            yield Static(self.TITLE, id="referral-title")
            yield TextArea(self.text, id="referral-text", soft_wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_read(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.notify("Nothing to read: paste or type the text (escape closes).",
                        severity="warning")
            return
        self.dismiss(text)
