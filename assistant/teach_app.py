"""Teaching mode in the full-screen app: the same TeachingSession as the plain mode."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from assistant.widgets import AssistantTurn, PromptInput, Turn
from dialogs.teaching import BANNER, TeachingSession


class TeachApp(App[None]):
    TITLE = "spinemets - TEACHING"
    CSS_PATH = "app.tcss"
    CSS = "#transcript { width: 100%; height: 1fr; }"  # one column, unlike the chat
    AUTO_FOCUS = "#prompt"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f6", "export", "Export results"),
                                             Binding("ctrl+q", "quit", "Quit")]

    def __init__(self, session: TeachingSession, export_dir: Path) -> None:
        super().__init__()
        self.session = session
        self.export_dir = export_dir
        self.last_export: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(BANNER, id="banner", classes="urgent")
        yield VerticalScroll(id="transcript")
        prompt = PromptInput(id="prompt", placeholder="Your decision, or Enter to continue")
        prompt.allow_empty = True
        yield prompt
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#transcript", VerticalScroll).anchor()
        await self.show(self.session.start())

    async def show(self, lines: list[str]) -> None:
        transcript = self.query_one("#transcript")
        for line in lines:
            kind = "reprompt" if line.startswith("Not quite") else "question"
            await transcript.mount(AssistantTurn(line, kind))

    async def on_prompt_input_answer(self, event: PromptInput.Answer) -> None:
        try:
            await self.query_one("#transcript").mount(Turn(event.text or "(continue)"))
            await self.show(self.session.handle(event.text))
        except Exception as err:
            self.notify(f"Something went wrong ({type(err).__name__}: {err}).",
                        severity="error")

    def action_export(self) -> None:
        path = self.export_dir / f"teaching-{self.session.case.id}.md"
        try:
            self.export_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(self.session.results_markdown(), encoding="utf-8")
        except OSError as err:
            self.notify(f"Could not export to {path}: {err.strerror}", severity="error")
            return
        self.last_export = path
        self.notify(f"Results exported to {path}")
