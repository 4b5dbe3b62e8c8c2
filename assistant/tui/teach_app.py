"""Teaching mode in the full-screen app: the same TeachingSession as the plain mode.

At the end of the case the transcript opens on the score (what was missed follows, the
references below), and with `--export FILE` the results are written to FILE."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from assistant.tui.app import pasted_echo
from assistant.tui.widgets import AssistantTurn, PromptInput, UserTurn
from dialogs.teaching import BANNER, TeachingSession
from dialogs.turn import ReplyKind, Turn


class TeachApp(App[None]):
    TITLE = "spinemets - TEACHING"
    CSS_PATH = "app.tcss"
    CSS = "#transcript { width: 100%; height: 1fr; }"  # one column, unlike the chat
    AUTO_FOCUS = "#prompt"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f6", "export", "Export results"),
                                             Binding("ctrl+q", "quit", "Quit")]

    def __init__(self, session: TeachingSession, export_dir: Path,
                 export_path: Path | None = None) -> None:
        """`export_path` (from --export) is written at the end of the case and by f6;
        without it f6 writes teaching-CASE.md in `export_dir`."""
        super().__init__()
        self.session = session
        self.export_dir = export_dir
        self.export_path = export_path
        self.last_export: Path | None = None
        self.score_turn: AssistantTurn | None = None

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

    async def show(self, turn: Turn) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        for reply in turn:
            # A wrong decision is styled as a re-prompt; the end of the case is the summary.
            kind = ReplyKind.REPROMPT if reply.right is False else reply.kind
            widget = AssistantTurn(reply.text, kind)
            await transcript.mount(widget)
            if reply.kind is ReplyKind.SUMMARY:
                self.score_turn = widget
        if self.score_turn is not None and self.session.finished:
            # The end opens on the score, not on the last reference.
            transcript.anchor(False)
            self.call_after_refresh(self._show_score)

    def _show_score(self) -> None:
        if self.score_turn is not None:
            self.query_one("#transcript", VerticalScroll).scroll_to_widget(
                self.score_turn, top=True, animate=False, immediate=True)

    async def on_prompt_input_answer(self, event: PromptInput.Answer) -> None:
        try:
            was_finished = self.session.finished
            await self.query_one("#transcript").mount(UserTurn(event.text or "(continue)"))
            await self.show(self.session.handle(event.text))
            if self.session.finished and not was_finished and self.export_path is not None:
                self.action_export()
        except Exception as err:
            self.notify(f"Something went wrong ({type(err).__name__}: {err}).",
                        severity="error")

    async def on_prompt_input_referral(self, event: PromptInput.Referral) -> None:
        """A multi-line paste is read as one text, beside the case (never split into
        answers)."""
        await self.query_one("#transcript").mount(UserTurn(pasted_echo(event.text)))
        await self.show(self.session.read_pasted(event.text))

    def action_export(self) -> None:
        path = self.export_path or self.export_dir / f"teaching-{self.session.case.id}.md"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.session.results_markdown(), encoding="utf-8")
        except OSError as err:
            self.notify(f"Could not export to {path}: {err.strerror}", severity="error")
            return
        self.last_export = path
        self.notify(f"Results written to {path}")
