"""The full-screen chat (Textual). Wiring only: the conversation is `dialogs`, the words are
`assistant.report`/`labels`, and the commands come from `assistant.commands`."""

from __future__ import annotations

import asyncio
import errno
import os
import re
from collections.abc import Iterable
from datetime import datetime
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

from assistant.commands import COMMANDS, Command, help_markdown, parse_command
from assistant.safe_text import safe_text
from assistant.screens import ChecklistScreen, HelpScreen, RecommendationScreen
from assistant.widgets import AssistantTurn, CasePanel, PromptInput, Turn, UrgencyBanner
from dialogs.opening import OPENING_CHOICES, opening_text

if TYPE_CHECKING:
    from assistant.pathway import LocalPathway
    from assistant.recording import Recorder
    from dialogs.manager import Conversation, Reply

NARROW = 100  # below this width the side panel is hidden

MAX_SAME_NAME = 1000  # exports with the same name (one second) before giving up


class SpinemetsApp(App[None]):
    TITLE = "spinemets"
    SUB_TITLE = "new back pain with known or suspected cancer - decision support"
    CSS_PATH = "app.tcss"
    AUTO_FOCUS = "#prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(c.key, f"command('{c.name}')", c.name.capitalize(),
                show=c.name in ("help", "why", "back", "summary", "export"))
        for c in COMMANDS]

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
        await self.query_one("#transcript").mount(
            AssistantTurn(without_choice_lines(opening_text()), "question"))
        choices = self.query_one("#choices", OptionList)
        choices.add_options([Option(c, id=c) for c in (*OPENING_CHOICES, "unknown")])
        choices.add_class("shown")
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
        await self.submit(event.text)

    async def on_prompt_input_referral(self, event: PromptInput.Referral) -> None:
        """A multi-line paste is read as one referral and offered for confirmation."""
        try:
            async with self._turns:
                await self.query_one("#transcript").mount(Turn(event.text))
                await self.ready()
                replies = (self.recorder.read(self.conversation, event.text)
                           if self.recorder is not None
                           else self.conversation.read_referral(event.text))
                await self.show_replies(replies)
        except Exception as err:
            self.notify(safe_text(f"The text could not be read ({type(err).__name__}). "
                                  "Your answers are kept."), severity="error", markup=False)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Back to the prompt first: what is typed next is an answer, not list navigation.
        self.query_one("#prompt").focus()
        if event.option.id is not None:
            await self.submit(event.option.id)

    async def submit(self, text: str) -> None:
        """One user input: a /command, or an answer for the conversation. A failure here
        is shown as a message; the answers (kept by the conversation) are not lost."""
        try:
            async with self._turns:
                await self._submit(text)
        except Exception as err:
            self.notify(safe_text(f"Something went wrong ({type(err).__name__}: {err}). "
                                  "Your answers are kept; try again, or /summary."),
                        severity="error", timeout=10, markup=False)

    async def _submit(self, text: str) -> None:
        await self.query_one("#transcript").mount(Turn(text))
        await self.ready()
        command = parse_command(text)
        if command is not None:
            await self.run_command(*command)
            return
        await self.show_replies(self.handle(text))

    def handle(self, text: str) -> list[Reply]:
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
        command = next(c for c in COMMANDS if c.name == name)
        if command.name == "change":  # needs a question: prefill the prompt
            prompt = self.query_one("#prompt", Input)
            prompt.value = "/change "
            prompt.cursor_position = len(prompt.value)
            prompt.focus()
            return
        await self.run_command(command, "")

    async def run_command(self, command: Command, rest: str) -> None:
        if command.to_conversation:
            await self.show_replies(self.handle(f"{command.name} {rest}".strip()))
        elif command.name == "help":
            self.push_screen(HelpScreen(help_markdown()))
        elif command.name == "export":
            self.action_export()
        elif command.name == "checklist":
            self.action_checklist()
        elif command.name == "quit":
            self.exit()

    # -- output -----------------------------------------------------------------------------

    async def show_replies(self, replies: list[Reply]) -> None:
        from dialogs.questions import BY_ID

        transcript = self.query_one("#transcript", VerticalScroll)
        for reply in replies:
            # A question's choices are in the list under the transcript, not repeated in it
            # (a checklist's items are not in the list: they stay in its text).
            question = BY_ID.get(reply.question_id or "")
            listed = reply.kind == "question" and question is not None and question.listed
            text = without_choice_lines(reply.text) if listed else reply.text
            await transcript.mount(AssistantTurn(text, reply.kind))
        self.refresh_side()
        if any(r.kind == "result" for r in replies):
            self.show_recommendation()

    def refresh_side(self) -> None:
        from assistant.pathway import who_to_call
        from dialogs.questions import BY_ID, Kind
        from dialogs.render import choice_caption, shown, urgency_headline

        assessment = self.conversation.assessment()
        pending = self.conversation.red_flags_pending
        self.query_one("#banner", UrgencyBanner).show(assessment, self.pathway, pending)
        answers = [(BY_ID[qid].short, shown(value))
                   for qid, value in self.conversation.session.effective_answers()]
        calling = (who_to_call(self.pathway) if assessment is not None
                   and assessment.urgency.value != "routine" else None)
        self.query_one("#panel", CasePanel).show(answers, assessment, calling,
                                                 urgency_headline(assessment, pending))
        choices = self.query_one("#choices", OptionList)
        choices.clear_options()
        question = self.conversation.current_question
        confirming = self.conversation.pending is not None or self.conversation.reading is not None
        offer = confirming or (question is not None and question.listed)
        if confirming:  # a confirmation waits for yes or no, whatever the question was
            choices.add_options([Option(w, id=w) for w in ("yes", "no")])
        elif offer and question is not None:
            options = question.choices or ()
            if question.kind is Kind.YES_NO:
                choices.add_options([Option(w, id=w) for w in ("yes", "no", "unknown")])
            else:
                listed = [Option(safe_text(choice_caption(question, c.value, c.label)),
                                 id=c.value) for c in options]
                if all(c.value != "unknown" for c in options):
                    listed.append(Option("unknown", id="unknown"))
                choices.add_options(listed)
        choices.set_class(offer, "shown")

    def show_recommendation(self) -> None:
        from assistant.report import render_markdown

        assessment = self.conversation.assessment()
        if assessment is not None:
            self.push_screen(RecommendationScreen(render_markdown(assessment)))

    def action_checklist(self) -> None:
        """What to do now, with timings and who to call (f8)."""
        from assistant.widgets import checklist_markdown

        assessment = (self.conversation.assessment() if self._conversation is not None
                      else None)
        if assessment is None:
            self.notify("No checklist yet: answer cancer status first.", severity="warning")
            return
        self.push_screen(ChecklistScreen(checklist_markdown(assessment, self.pathway)))

    def action_export(self) -> None:
        """Write the SBAR referral of the answers so far to a Markdown file (and copy it)."""
        from assistant.referral import render_sbar

        case = self._conversation.session.case if self._conversation is not None else None
        assessment = self.conversation.assessment() if case is not None else None
        if case is None or assessment is None:
            self.notify("Nothing to export yet: answer cancer status first.", severity="warning")
            return
        now = datetime.now()
        from assistant.pathway import who_to_call

        text = render_sbar(case, assessment, now, markdown=True,
                           who_to_call=who_to_call(self.pathway))
        stem = f"spinemets-{now.strftime('%Y%m%d-%H%M%S')}"
        try:
            path = write_new_file(self.export_dir, stem, ".md", text)
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
        for command in COMMANDS:
            yield SystemCommand(f"/{command.name}", command.description,
                                lambda c=command: self.run_worker(self.action_command(c.name)))


def write_new_file(directory: Path, stem: str, suffix: str, text: str) -> Path:
    """Write `text` to a new file `stem + suffix` in `directory` (made if missing), owner
    read/write only (0600: a referral is clinical information). An existing file is never
    overwritten: the name is taken with O_EXCL, and if it exists `stem-2`, `stem-3`, ... are
    tried (two exports in the same second)."""
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(1, MAX_SAME_NAME + 1):
        path = directory / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                os.fchmod(file.fileno(), 0o600)  # whatever the umask
                file.write(text)
        except BaseException:
            path.unlink(missing_ok=True)  # no half-written referral
            raise
        return path
    raise FileExistsError(errno.EEXIST, f"{MAX_SAME_NAME} files named {stem}* exist already",
                          str(directory))


def without_choice_lines(text: str) -> str:
    """A question's text without its numbered choice lines ("  3. none")."""
    return "\n".join(line for line in text.splitlines()
                     if not re.match(r"\s+\d+\. ", line))


def make_app(conversation: Conversation | None = None, export_dir: Path | None = None,
             recorder: Recorder | None = None, pathway: LocalPathway | None = None,
             pathway_problem: str | None = None) -> SpinemetsApp:
    """The chat app (used by `spinemets chat` and by the tests). Without a conversation the
    app starts a new one, loading the clinical engine behind the first screen; with a
    recorder every answer is saved the moment it is given."""
    return SpinemetsApp(conversation, export_dir or Path.cwd(), recorder, pathway,
                        pathway_problem)
