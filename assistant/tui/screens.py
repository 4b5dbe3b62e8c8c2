"""Full screens: help, and the recommendation at the end of a consultation."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Markdown


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
