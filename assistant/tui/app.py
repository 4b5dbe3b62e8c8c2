"""The full-screen chat (Textual). Wiring only: the conversation is `dialogs` (each input
gives a `Turn`, rendered as it is), the words are `assistant.render.report`/`labels`, and the
commands come from the one table in `dialogs.commands`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker

from assistant.render.safe_text import safe_text
from assistant.store.files import export_referral
from assistant.tui.screens import (
    ChecklistScreen,
    HelpScreen,
    RecommendationScreen,
    ReferralScreen,
)
from assistant.tui.widgets import AssistantTurn, CasePanel, PromptInput, UrgencyBanner, UserTurn
from dialogs.commands import APP_COMMANDS, Command, help_markdown, parse_command
from dialogs.opening import opening_prompt
from dialogs.turn import Prompt, ReplyKind, Turn

if TYPE_CHECKING:
    from assistant.pathway import LocalPathway
    from assistant.store.recorder import Recorder
    from dialogs.manager import Conversation
    from knowledge import Assessment

NARROW = 100  # below this width the side panel is hidden

MAX_REFERRAL = 20_000  # characters in one pasted text (a referral, a letter, a report)
ECHO_LINES = 8  # lines of a pasted text repeated in the transcript
TYPED_TOO_EARLY = ("Not taken: this was typed before the question above appeared. Read it, "
                   "then answer it.")


class SpinemetsApp(App[None]):
    TITLE = "spinemets"
    SUB_TITLE = "new back pain with known or suspected cancer - decision support"
    CSS_PATH = "app.tcss"
    AUTO_FOCUS = "#prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(c.key, f"command('{c.name}')", c.name.capitalize(),
                show=c.name in ("help", "why", "back", "summary", "export"))
        for c in APP_COMMANDS if c.key is not None]

    def __init__(self, conversation: Conversation | None, export_dir: Path,
                 recorder: Recorder | None = None, pathway: LocalPathway | None = None,
                 pathway_problem: str | None = None) -> None:
        super().__init__()
        self.pathway = pathway
        self.pathway_problem = pathway_problem
        self._conversation = conversation
        self.recorder = recorder
        self._loading: Worker[Conversation] | None = None
        self.export_dir = export_dir
        self.last_export: Path | None = None
        # One input at a time, in the order given (palette commands run as workers).
        self._turns = asyncio.Lock()
        self.turn: Turn | None = None  # the last turn shown
        self.confirm_shown_at = 0.0  # when the last confirmation appeared (monotonic)

    @property
    def conversation(self) -> Conversation:
        if self._conversation is None:
            raise RuntimeError("the conversation is still loading")
        return self._conversation

    def compose(self) -> ComposeResult:
        yield Header()
        yield UrgencyBanner(id="banner")
        with Horizontal(id="main"):
            yield VerticalScroll(id="transcript")
            yield CasePanel(id="panel")
        yield OptionList(id="choices")
        yield PromptInput(id="prompt", placeholder="Your answer, 'unknown', or /help")
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#transcript", VerticalScroll).anchor()
        if self.recorder is not None and self.recorder.label:
            self.notify("The session label is stored: do not use patient identifiers.",
                        severity="warning", timeout=10)
        if self.pathway_problem:
            self.notify(safe_text(self.pathway_problem), severity="warning", timeout=15,
                        markup=False)
        if self.recorder is not None and self.recorder.warning:
            self.notify(safe_text(self.recorder.warning), severity="warning", timeout=15,
                        markup=False)
            self.sub_title = "NOT SAVING - answers kept in memory only"
        if self.recorder is not None:
            self.set_interval(1.0, self.show_saving)  # a lock clears between answers
        if self._conversation is not None:
            resumed = bool(self.conversation.session.log)
            await self.show_replies(self.conversation.handle("summary") if resumed
                                    else self.conversation.start())
            return
        # Show the opening question now; load the clinical engine while it is read.
        prompt = opening_prompt()
        await self.query_one("#transcript").mount(
            AssistantTurn(prompt.text_beside_list, ReplyKind.QUESTION))
        self.show_options(prompt)
        self._loading = self.run_worker(self._load, thread=True)

    def _load(self) -> Conversation:
        from dialogs.manager import Conversation

        conversation = Conversation()
        conversation.start()
        return conversation

    async def ready(self) -> Conversation:
        """The conversation, once loaded (the first answer may arrive before)."""
        if self._conversation is None and self._loading is not None:
            self._conversation = await self._loading.wait()
        return self.conversation

    def on_resize(self, event: Resize) -> None:
        self.query_one("#panel").set_class(event.size.width < NARROW, "narrow")

    # -- input ------------------------------------------------------------------------------

    async def on_prompt_input_answer(self, event: PromptInput.Answer) -> None:
        await self.submit(event.text, typed_at=event.at)

    def on_prompt_input_to_choices(self, event: PromptInput.ToChoices) -> None:
        choices = self.query_one("#choices", OptionList)
        if choices.has_class("shown") and choices.option_count:
            choices.focus()
            if choices.highlighted is None:
                choices.highlighted = 0

    def on_prompt_input_referral(self, event: PromptInput.Referral) -> None:
        """A multi-line paste opens in the referral text area, whole, to be checked first."""
        self.open_referral(event.text)

    def open_referral(self, text: str = "") -> None:
        """The referral text area (ctrl+r reads what it holds; escape leaves it unread)."""

        def read(result: str | None) -> None:
            if result is not None:
                self.run_worker(self.read_referral(result))

        self.push_screen(ReferralScreen(text), read)

    async def read_referral(self, text: str) -> None:
        """A referral is read as one text, off the screen's thread (the screen says so while
        it reads), and what was read is offered for confirmation."""
        if len(text) > MAX_REFERRAL:
            self.notify(f"That text has {len(text):,} characters: too long to be one referral. "
                        f"Paste the part about this episode (up to {MAX_REFERRAL:,}).",
                        severity="warning", timeout=10, markup=False)
            return
        try:
            async with self._turns:
                transcript = self.query_one("#transcript")
                await transcript.mount(UserTurn(pasted_echo(text)))
                reading = AssistantTurn("Reading the text...", ReplyKind.NOTICE)
                await transcript.mount(reading)
                await self.ready()
                read = (self.conversation.read_referral if self.recorder is None
                        else partial(self.recorder.read, self.conversation))
                turn = await asyncio.to_thread(read, text)
                await reading.remove()
                await self.show_replies(turn)
        except Exception as err:
            self.notify(safe_text(f"The text could not be read ({type(err).__name__}). "
                                  "Your answers are kept."), severity="error", markup=False)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Back to the prompt first: what is typed next is an answer, not list navigation.
        self.query_one("#prompt").focus()
        if event.option.id is not None:
            await self.submit(event.option.id)

    async def submit(self, text: str, typed_at: float | None = None) -> None:
        """One user input: a /command, or an answer for the conversation. A failure here
        is shown as a message; the answers (kept by the conversation) are not lost. An
        answer typed before a confirmation appeared (while the app was busy) never answers
        that confirmation."""
        try:
            async with self._turns:
                if typed_at is not None and typed_at < self.confirm_shown_at:
                    await self.query_one("#transcript").mount_all([
                        UserTurn(text), AssistantTurn(TYPED_TOO_EARLY, ReplyKind.REPROMPT)])
                    return
                await self._submit(text)
        except Exception as err:
            self.notify(safe_text(f"Something went wrong ({type(err).__name__}: {err}). "
                                  "Your answers are kept; try again, or /summary."),
                        severity="error", timeout=10, markup=False)

    async def _submit(self, text: str) -> None:
        await self.query_one("#transcript").mount(UserTurn(text))
        await self.ready()
        command = parse_command(text)
        if command is not None:
            await self.run_command(*command)
            return
        await self.show_replies(self.handle(text))

    def handle(self, text: str) -> Turn:
        """The conversation's replies; the answer is saved the moment it is handled."""
        if self.recorder is None:
            return self.conversation.handle(text)
        warned = self.recorder.warning
        replies = self.recorder.handle(self.conversation, text)
        if self.recorder.warning and self.recorder.warning != warned:
            self.notify(safe_text(self.recorder.warning), severity="error", timeout=15,
                        markup=False)
        self.show_saving()
        return replies

    def show_saving(self) -> None:
        """The sub-title says while answers are not saved (retrying, or stopped)."""
        state = self.recorder.saving_state if self.recorder is not None else None
        self.sub_title = ("NOT SAVING - answers kept in memory only" if state == "NOT SAVING"
                          else state or "")

    async def action_command(self, name: str) -> None:
        async with self._turns:
            await self._command(name)

    async def _command(self, name: str) -> None:
        await self.ready()
        command = next(c for c in APP_COMMANDS if c.name == name)
        if command.name == "change":  # needs a question: prefill the prompt
            prompt = self.query_one("#prompt", Input)
            prompt.value = "/change "
            prompt.cursor_position = len(prompt.value)
            prompt.focus()
            return
        await self.run_command(command, "")

    async def run_command(self, command: Command, rest: str) -> None:
        if command.name == "help":  # a screen here; the plain chat's help is a reply
            self.push_screen(HelpScreen(help_markdown()))
        elif command.in_conversation:
            await self.show_replies(self.handle(f"{command.name} {rest}".strip()))
        elif command.name == "export":
            self.action_export()
        elif command.name == "checklist":
            self.action_checklist()
        elif command.name == "read":
            self.open_referral(rest)
        elif command.name == "quit":
            self.exit()

    # -- output -----------------------------------------------------------------------------

    async def show_replies(self, turn: Turn) -> None:
        """Render a turn: its replies in the transcript (a question's options go to the list
        under it, not repeated in the text), the banner, the side panel, the options."""
        self.turn = turn
        if any(reply.kind is ReplyKind.CONFIRM for reply in turn):
            self.confirm_shown_at = time.monotonic()
        transcript = self.query_one("#transcript", VerticalScroll)
        for reply in turn:
            text = reply.prompt.text_beside_list if (
                reply.kind is ReplyKind.QUESTION and reply.prompt is not None) else reply.text
            await transcript.mount(AssistantTurn(text, reply.kind))
        self.refresh_side(turn)
        if any(r.kind is ReplyKind.RESULT for r in turn):
            self.show_recommendation()

    def refresh_side(self, turn: Turn) -> None:
        from assistant.pathway import who_to_call

        assessment = turn.assessment
        self.query_one("#banner", UrgencyBanner).show(turn.urgency, assessment, self.pathway)
        calling = (who_to_call(self.pathway) if assessment is not None
                   and assessment.urgency.value != "routine" else None)
        self.query_one("#panel", CasePanel).show(list(turn.answers), assessment, calling,
                                                 turn.urgency)
        self.show_options(turn.prompt)

    def show_options(self, prompt: Prompt | None) -> None:
        """The answers to pick from, in the list under the transcript (hidden if none)."""
        choices = self.query_one("#choices", OptionList)
        choices.clear_options()
        options = prompt.options if prompt is not None else ()
        choices.add_options([Option(safe_text(o.caption), id=o.value) for o in options])
        choices.set_class(bool(options), "shown")

    @property
    def assessment(self) -> Assessment | None:
        """The assessment of the answers so far, as the last turn gave it."""
        return self.turn.assessment if self.turn is not None else None

    def show_recommendation(self) -> None:
        from assistant.render.report import render_markdown

        if self.assessment is not None:
            self.push_screen(RecommendationScreen(render_markdown(self.assessment)))

    def action_checklist(self) -> None:
        """What to do now, with timings and who to call (f8)."""
        from assistant.render.checklist import checklist_markdown

        assessment = self.assessment
        if assessment is None:
            self.notify("No checklist yet: answer cancer status first.", severity="warning")
            return
        self.push_screen(ChecklistScreen(checklist_markdown(
            assessment, self.pathway, self.turn.urgency if self.turn is not None else None)))

    def action_export(self) -> None:
        """Write the SBAR referral of the answers so far to a Markdown file (and copy it)."""
        case = self._conversation.session.case if self._conversation is not None else None
        assessment = self.assessment
        if case is None or assessment is None:
            self.notify("Nothing to export yet: answer cancer status first.", severity="warning")
            return
        try:
            path, text = export_referral(case, assessment, self.export_dir, self.pathway)
        except OSError as err:
            self.notify(safe_text(f"Could not export to {self.export_dir}: "
                                  f"{err.strerror or err}"), severity="error", markup=False)
            return
        self.last_export = path
        self.copy_to_clipboard(text)
        self.notify(safe_text(f"Exported to {path} (also copied to the clipboard where the "
                              "terminal allows)"), timeout=8, markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for command in APP_COMMANDS:
            yield SystemCommand(f"/{command.name}", command.description,
                                lambda c=command: self.run_worker(self.action_command(c.name)))


def pasted_echo(text: str) -> str:
    """A pasted text as the transcript repeats it: its first lines, then how many more."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    shown = " / ".join(line.strip() for line in lines[:ECHO_LINES] if line.strip())
    more = len(lines) - ECHO_LINES
    return f"(pasted) {shown}" + (f" ... ({more} more lines)" if more > 0 else "")


def make_app(conversation: Conversation | None = None, export_dir: Path | None = None,
             recorder: Recorder | None = None, pathway: LocalPathway | None = None,
             pathway_problem: str | None = None) -> SpinemetsApp:
    """The chat app (used by `spinemets chat` and by the tests). Without a conversation the
    app starts a new one, loading the clinical engine behind the first screen; with a
    recorder every answer is saved the moment it is given."""
    return SpinemetsApp(conversation, export_dir or Path.cwd(), recorder, pathway,
                        pathway_problem)
