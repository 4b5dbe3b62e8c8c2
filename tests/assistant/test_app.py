"""The Textual chat, driven by Pilot: consultation, red-flag interrupt, commands, export."""

from __future__ import annotations

from assistant.tui.app import make_app
from assistant.tui.screens import RecommendationScreen
from assistant.tui.widgets import AssistantTurn, UrgencyBanner
from dialogs.manager import Conversation

SIZE = (120, 40)


async def say(pilot, text):
    pilot.app.query_one("#prompt").value = text
    await pilot.press("enter")
    await pilot.pause()


def turns(app):
    return [(t.classes, t.source) for t in app.query(AssistantTurn)]


def last_kinds(app, n=3):
    return [" ".join(sorted(c)) for c, _ in turns(app)[-n:]]


# known cancer, new lumbar pain: the next question is the first red flag (limb weakness)
QUIET_START = ["known", "yes", "lumbar"]


async def test_first_question_and_focus(tmp_path):
    """The app opens on the first question with the prompt focused and urgency not yet known."""
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        assert "Does the patient have cancer?" in turns(pilot.app)[-1][1]
        assert pilot.app.focused.id == "prompt"
        assert "not yet known" in str(pilot.app.query_one(UrgencyBanner).render())


async def test_a_complete_consultation_reaches_the_recommendation(tmp_path):
    """Answering to the end shows the recommendation screen."""
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        for text in ["suspected", *["unknown"] * 60]:
            if isinstance(pilot.app.screen, RecommendationScreen):
                break
            await say(pilot, text)
        assert isinstance(pilot.app.screen, RecommendationScreen)
        assert pilot.app.conversation.finished


async def test_red_flag_interrupt_appears_immediately(tmp_path):
    """The answer that creates a red flag is followed by the escalation and the emergency banner."""
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        for text in QUIET_START:
            await say(pilot, text)
        await say(pilot, "yes")  # limb weakness
        kinds = [" ".join(sorted(c)) for c, _ in turns(pilot.app)]
        assert any("escalation" in k for k in kinds[-2:])
        banner = pilot.app.query_one(UrgencyBanner)
        assert banner.has_class("emergency")
        assert "EMERGENCY" in str(banner.render())
        assert "Now: contact the MSCC coordinator" in str(banner.render())
        assert "f8 checklist" in str(banner.render())


async def test_junk_reprompts(tmp_path):
    """Junk gets a re-prompt that says what is accepted."""
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        await say(pilot, "purple")
        assert "reprompt" in last_kinds(pilot.app, 1)[0]
        assert pilot.app.conversation.current_question.id == "cancer.status"


async def test_back_change_and_why(tmp_path):
    """/back undoes, /change re-asks an earlier question, /why explains with references."""
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        for text in QUIET_START:
            await say(pilot, text)
        assert pilot.app.conversation.current_question.id == "neurology.limb_weakness"
        await say(pilot, "/back")
        assert pilot.app.conversation.current_question.id == "pain.regions"
        await say(pilot, "lumbar")
        await say(pilot, "/change primary site")
        assert pilot.app.conversation.current_question.id == "cancer.primary"
        await say(pilot, "kidney")
        assert pilot.app.conversation.session.case.cancer.primary.value == "kidney"
        await say(pilot, "/why")
        assert "[" in turns(pilot.app)[-2][1]
        assert "Why:" in turns(pilot.app)[-2][1]


async def test_choice_list_answers_by_selection(tmp_path):
    """Choices are offered as a list; selecting one answers the question."""
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        choices = pilot.app.query_one("#choices")
        assert choices.has_class("shown")
        choices.focus()
        await pilot.press("down", "down", "enter")  # first down highlights option 1
        await pilot.pause()
        assert pilot.app.conversation.session.case.cancer.status.value == "suspected"


async def test_export_writes_the_markdown_file(tmp_path):
    """/export writes the SBAR referral as a Markdown file in the export folder."""
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        for text in QUIET_START:
            await say(pilot, text)
        await say(pilot, "/export")
        path = pilot.app.last_export
        assert path is not None
        assert path.parent == tmp_path
        text = path.read_text()
        assert text.startswith("# SBAR referral")
        assert "## Recommendation" in text
        assert "Safety-net" in text


async def test_help_screen_from_the_command_table(tmp_path):
    """f1 opens help listing every command; escape closes it."""
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "Screen"


async def test_a_failure_shows_a_message_and_keeps_the_answers(tmp_path):
    """If handling an answer raises, the app says so, keeps running and keeps the answers."""
    conversation = Conversation()
    app = make_app(conversation, export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await say(pilot, "known")

        def broken(text):
            raise RuntimeError("boom")

        conversation.handle = broken
        await say(pilot, "breast")
        assert app.is_running
        assert any("boom" in n.message for n in app._notifications)
        assert conversation.session.case.cancer.status.value == "known"


async def test_narrow_terminal_hides_the_side_panel(tmp_path):
    """At 80x24 the side panel gives way; the chat stays usable."""
    async with make_app(export_dir=tmp_path).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert pilot.app.query_one("#panel").has_class("narrow")
        await say(pilot, "known")
        assert pilot.app.conversation.current_question.id == "pain.present"


async def test_palette_help_and_bindings_come_from_one_command_table(tmp_path):
    """Every command of the full-screen chat in the one table (dialogs.commands) is in the
    command palette, has its key binding and a help line; the others are in none."""
    from dialogs.commands import COMMANDS, help_markdown

    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        titles = {c.title for c in pilot.app.get_system_commands(pilot.app.screen)}
        keys = {b.key for b in pilot.app.BINDINGS}
        for command in COMMANDS:
            assert (f"/{command.name}" in titles) is command.in_app
            assert (f"`/{command.usage}`" in help_markdown()) is command.in_app
            if command.in_app and command.key is not None:
                assert command.key in keys


def test_the_plain_help_comes_from_the_same_table():
    """The conversation's `help` lists every command of the plain chat, from the one table,
    and none of the full-screen chat's screens."""
    from dialogs.commands import COMMANDS
    from dialogs.manager import Conversation

    conversation = Conversation()
    conversation.start()
    [help_text, _question] = conversation.handle("help").texts
    for command in COMMANDS:
        assert (f"  {command.usage} " in help_text) is command.in_plain, command.name


async def test_keys_typed_while_answering_start_a_fresh_answer(tmp_path):
    """Two answers typed back to back are two answers, never one merged line."""
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        await pilot.press(*"known", "enter", *"yes", "enter", *"lumbar", "enter")
        await pilot.pause()
        case = pilot.app.conversation.session.case
        assert case.cancer.status.value == "known"
        assert case.pain.present is True
        assert [r.value for r in case.pain.regions] == ["lumbar"]


def test_the_opening_question_matches_the_conversation():
    """The text the app shows before the engine loads is the conversation's first question."""
    from dialogs.manager import Conversation
    from dialogs.opening import OPENING_CHOICES, opening_prompt
    from dialogs.questions import BY_ID

    [reply] = Conversation().start()
    assert reply.prompt == opening_prompt()
    assert reply.text == opening_prompt().full_text
    assert tuple(c.value for c in BY_ID["cancer.status"].choices) == OPENING_CHOICES


def test_the_app_module_does_not_load_the_clinical_engine():
    """Importing the app and opening the store leave the clinical engine for later."""
    import subprocess
    import sys

    script = ("import sys, assistant.tui.app, assistant.cli.sessions, assistant.store.recorder; "
              "print(','.join(m for m in ('knowledge.assessment', 'pydantic', 'transitions') "
              "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


async def test_new_turns_do_not_pull_back_a_user_who_scrolled_up(tmp_path):
    """The transcript follows new turns, unless the user has scrolled up to read."""
    async with make_app(export_dir=tmp_path).run_test(size=(100, 24)) as pilot:
        transcript = pilot.app.query_one("#transcript")
        for text in [*QUIET_START, "no", "no", "yes", "no", "no"]:
            await say(pilot, text)
        assert transcript.max_scroll_y > 0
        assert transcript.scroll_y == transcript.max_scroll_y  # following the conversation
        transcript.scroll_home(animate=False)
        await pilot.pause()
        await say(pilot, "no")
        assert transcript.scroll_y == 0  # still where the reader left it


async def test_the_app_saves_every_answer_and_resumes(tmp_path):
    """With a recorder each answer is in the store at once; a resumed app continues there."""
    from assistant.store.recorder import Recorder, load_conversation
    from assistant.store.sqlite import Store

    store = Store(tmp_path / "s.db")
    recorder = Recorder.start(store)
    conversation = Conversation()
    app = make_app(conversation, export_dir=tmp_path, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        for text in ["known", "yes", "lumbar"]:
            await say(pilot, text)
        assert [e.raw for e in store.events(recorder.session_id)] == ["known", "yes", "lumbar"]
    resumed, _ = load_conversation(store, recorder.session_id)
    again = make_app(resumed, export_dir=tmp_path, recorder=Recorder(store, recorder.session_id,
                                                                     written=3))
    async with again.run_test(size=SIZE) as pilot:
        assert pilot.app.conversation.current_question.id == "neurology.limb_weakness"
        assert "pain regions: lumbar" in turns(pilot.app)[0][1]


async def test_an_app_that_cannot_save_says_so_on_screen(tmp_path):
    """A store failure is shown persistently (sub-title), and the answers go on in memory."""
    from assistant.store.recorder import Recorder

    recorder = Recorder(None, None, warning="the session database is corrupt")
    async with make_app(Conversation(), export_dir=tmp_path, recorder=recorder).run_test(
            size=SIZE) as pilot:
        assert "NOT SAVING" in pilot.app.sub_title
        await say(pilot, "known")
        assert pilot.app.conversation.session.case is not None


async def test_a_session_created_at_the_first_answer_saves_everything(tmp_path):
    """The chat's default: the stored session is created with the first answer; none is lost."""
    from assistant.store.recorder import Recorder
    from assistant.store.sqlite import Store

    store = Store(tmp_path / "s.db")
    recorder = Recorder(store, None, label="ward round")
    async with make_app(export_dir=tmp_path, recorder=recorder).run_test(size=SIZE) as pilot:
        assert store.sessions() == []
        assert any("patient identifiers" in n.message for n in pilot.app._notifications)
        for text in ["known", "yes"]:
            await say(pilot, text)
    [row] = store.sessions()
    assert row.label == "ward round"
    assert [e.raw for e in store.events(row.id)] == ["known", "yes"]


async def test_keys_pressed_without_a_pause_keep_every_enter(tmp_path):
    """Issue 10 item 3: "1⏎yes⏎" is two answers (1 then yes), never "1yes". The keys are posted
    to the app all at once, as the terminal driver does with a burst of input, the first
    ones while the engine is still loading."""
    from textual import events

    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        for key in ["1", "enter", *"yes", "enter", *"lumbar", "enter", *"no", "enter"]:
            pilot.app.post_message(events.Key(key, "\r" if key == "enter" else key))
        await pilot.pause()
        await pilot.app.ready()
        await pilot.pause()
        log = [(e.question_id, e.text) for e in pilot.app.conversation.session.log]
        assert log == [("cancer.status", "1"), ("pain.present", "yes"),
                       ("pain.regions", "lumbar"), ("neurology.limb_weakness", "no")]


async def test_a_pasted_text_with_line_breaks_is_read_whole_as_a_referral(tmp_path):
    """Issue 13: a multi-line paste arrives whole in the referral text area (never split into
    answers); ctrl+r reads it, what was read is shown back for confirmation, and 'yes' takes
    the findings; a red flag read from it escalates as the very next reply."""
    from textual import events
    from textual.widgets import TextArea

    from assistant.tui.screens import ReferralScreen

    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        prompt = pilot.app.query_one("#prompt")
        prompt.post_message(events.Paste("Known prostate cancer.\r\nNew thoracic back pain,"
                                         "\nlegs feel weak."))
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReferralScreen)
        area = pilot.app.screen.query_one(TextArea)
        assert area.text.splitlines() == ["Known prostate cancer.", "New thoracic back pain,",
                                          "legs feel weak."]
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.app.ready()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        conversation = pilot.app.conversation
        assert conversation.session.log == []  # nothing taken before the confirmation
        assert conversation.reading is not None
        assert "Read from the text:" in turns(pilot.app)[-1][1]
        assert prompt.value == ""
        await say(pilot, "yes")
        [entry] = conversation.session.log
        assert entry.kind == "read"
        assert entry.values["neurology.limb_weakness"] is True
        assert entry.values["cancer.primary"] == "prostate"
        assert "escalation" in last_kinds(pilot.app, 2)[0]


async def test_exports_are_owner_only_and_never_overwrite(tmp_path, monkeypatch):
    """Issue 10 item 8: an exported referral is 0600 (whatever the umask), and two exports in
    the same second are two files; an existing file is left as it was."""
    import os
    import stat
    from datetime import datetime

    import assistant.store.files

    second = datetime(2025, 3, 4, 5, 6, 7)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return second

    monkeypatch.setattr(assistant.store.files, "datetime", Frozen)
    taken = tmp_path / "spinemets-20250304-050607.md"
    taken.write_text("someone else's file")
    old_umask = os.umask(0o022)
    try:
        async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
            for text in QUIET_START:
                await say(pilot, text)
            await say(pilot, "/export")
            first = pilot.app.last_export
            await say(pilot, "/export")
            again = pilot.app.last_export
    finally:
        os.umask(old_umask)
    assert taken.read_text() == "someone else's file"
    assert first == tmp_path / "spinemets-20250304-050607-2.md"
    assert again == tmp_path / "spinemets-20250304-050607-3.md"
    for path in (first, again):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text().startswith("# SBAR referral")


def test_write_new_file_keeps_no_partial_file_when_writing_fails(tmp_path):
    """A failed write leaves no half-written referral behind and says why."""
    import pytest

    from assistant.store.files import write_new_file

    with pytest.raises(UnicodeEncodeError):
        write_new_file(tmp_path, "x", ".md", "bad \udc80 text")
    assert list(tmp_path.iterdir()) == []
    path = write_new_file(tmp_path / "made", "x", ".md", "ok")
    assert path.read_text() == "ok"


async def test_karnofsky_choices_show_their_numbers_beside_the_words(tmp_path):
    """Issue 12: the Karnofsky list reads '70 - cares for self, cannot work', not words only."""
    from conversation_helpers import drive_until
    from helpers import make_case

    conversation = Conversation()
    conversation.start()
    drive_until(conversation, make_case(), "general.karnofsky")
    async with make_app(conversation, export_dir=tmp_path).run_test(size=SIZE) as pilot:
        await pilot.pause()
        choices = pilot.app.query_one("#choices")
        shown = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert "70 - cares for self, cannot work" in shown
        assert "10 - moribund" in shown
        assert shown[-1] == "unknown"


def test_angle_brackets_in_a_turn_and_in_help_are_shown():
    """Issue 11 bug 3: '<question>' is text, not an HTML tag Markdown drops, in a turn and in
    the help table."""
    from rich.console import Console
    from rich.markdown import Markdown

    from dialogs.commands import help_markdown

    console = Console(width=100, record=True)
    console.print(AssistantTurn("Type summary, change <question>, back or restart.",
                                "notice").content)
    console.print(Markdown(help_markdown()))
    shown = console.export_text()
    assert "change <question>, back" in shown
    assert "/change <question>" in shown


async def test_after_picking_a_choice_typing_goes_to_the_prompt(tmp_path):
    """Issue 11 bug 4: a choice picked with the arrow keys gives the focus back to the prompt,
    so the next typed answer is not swallowed by the list."""
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        choices = pilot.app.query_one("#choices")
        choices.focus()
        await pilot.press("down", "enter")  # known
        await pilot.pause()
        await pilot.app.ready()
        await pilot.pause()
        assert pilot.app.focused.id == "prompt"
        await pilot.press(*"yes", "enter")
        await pilot.pause()
        log = [(e.question_id, e.text) for e in pilot.app.conversation.session.log]
        assert log == [("cancer.status", "known"), ("pain.present", "yes")]


async def test_a_confirmation_offers_yes_and_no_in_the_list(tmp_path):
    """Issue 11 bug 5: while a change waits for its confirmation, the list offers yes and
    no (not the previous question's options), and picking 'no' declines it."""
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        for text in [*QUIET_START, "yes", "/change limb weakness", "no"]:
            await say(pilot, text)
        assert pilot.app.conversation.pending is not None
        choices = pilot.app.query_one("#choices")
        shown = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert shown == ["yes", "no"]
        choices.focus()
        await pilot.press("down", "down", "enter")  # no
        await pilot.pause()
        await pilot.app.ready()
        await pilot.pause()
        assert pilot.app.conversation.pending is None
        assert pilot.app.conversation.session.case.neurology.limb_weakness is True


async def test_a_checklist_shows_its_items_in_the_transcript(tmp_path):
    """A checklist's items (several may be present) stay in the question's text; the pick-one
    list is not offered for it."""
    from conversation_helpers import drive_until
    from helpers import make_case

    conversation = Conversation()
    conversation.start()
    drive_until(conversation, make_case(), "pain.mechanical")
    conversation.handle("back")  # back to the pain-features checklist
    assert conversation.current_question.id == "pain.features"
    async with make_app(conversation, export_dir=tmp_path).run_test(size=SIZE) as pilot:
        await say(pilot, "/why")
        text = turns(pilot.app)[-1][1]
        assert "1. severe unremitting" in text
        assert "3. night pain" in text
        assert not pilot.app.query_one("#choices").has_class("shown")


async def test_f9_opens_an_empty_referral_text_area_and_escape_reads_nothing(tmp_path):
    """Issue 13: /read or f9 opens the referral text area to paste or type into; escape
    closes it with nothing read; what is typed there is read with ctrl+r (an edit counts)."""
    from textual.widgets import TextArea

    from assistant.tui.screens import ReferralScreen

    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        await pilot.app.ready()
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReferralScreen)
        assert pilot.app.screen.query_one(TextArea).text == ""
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ReferralScreen)
        assert pilot.app.conversation.reading is None
        await say(pilot, "/read")
        area = pilot.app.screen.query_one(TextArea)
        area.insert("Known breast cancer. No leg weakness.")
        await pilot.press("ctrl+r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        reading = pilot.app.conversation.reading
        assert reading is not None
        assert {o.field: o.value for o in reading.offered}["neurology.limb_weakness"] is False


async def test_an_answer_typed_before_a_confirmation_appeared_never_answers_it(tmp_path):
    """Hostile test 1: a 'yes' typed while the app was still reading a pasted text (Enter
    pressed before the findings were on screen) is not taken as 'take them all': the
    findings still wait, and a 'yes' typed after they appeared takes them."""
    from textual.widgets import TextArea

    from assistant.tui.widgets import PromptInput

    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        await pilot.app.ready()
        await say(pilot, "/read")
        pilot.app.screen.query_one(TextArea).insert(
            "Known breast cancer. Legs feel weak since yesterday.")
        early = PromptInput.Answer("yes")  # Enter pressed now, before the reading is shown
        await pilot.press("ctrl+r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.conversation.reading is not None
        assert early.at < pilot.app.confirm_shown_at
        pilot.app.query_one("#prompt").post_message(early)
        await pilot.pause()
        assert pilot.app.conversation.reading is not None  # not taken
        assert turns(pilot.app)[-1][1].startswith("Not taken: this was typed before")
        await say(pilot, "yes")
        assert pilot.app.conversation.reading is None
        assert pilot.app.conversation.session.log[-1].kind == "read"


async def test_a_pasted_text_is_echoed_short_and_a_huge_one_is_refused(tmp_path):
    """Hostile test 10: the transcript repeats a pasted text on one line (its first lines,
    then how many more), never a raw carriage return; a text too long to be one referral is
    refused with a message and nothing read; ctrl+r on an empty text area says so."""
    from textual.widgets import TextArea

    from assistant.tui.app import ECHO_LINES, MAX_REFERRAL, pasted_echo
    from assistant.tui.screens import ReferralScreen

    text = "\r\n".join(f"line {n}" for n in range(ECHO_LINES + 5))
    echo = pasted_echo(text)
    assert "\r" not in echo
    assert echo.startswith("(pasted) line 0 / line 1")
    assert echo.endswith("(5 more lines)")
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        await pilot.app.ready()
        await pilot.app.read_referral("Legs weak. " * (MAX_REFERRAL // 10))
        await pilot.pause()
        assert pilot.app.conversation.reading is None
        assert any("too long to be one referral" in str(n.message)
                   for n in pilot.app._notifications)
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReferralScreen)  # stays open, says why
        assert pilot.app.screen.query_one(TextArea).text == ""


async def test_the_checklist_heading_is_provisional_while_red_flags_are_unasked(tmp_path):
    """Hostile test 6: before the red-flag questions are answered the f8 checklist is headed
    'ROUTINE so far - red flags not yet asked', as the banner is."""
    from assistant.tui.screens import ChecklistScreen

    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        await pilot.app.ready()
        for answer in ("known", "yes"):
            await say(pilot, answer)
        await pilot.press("f8")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ChecklistScreen)
        assert screen.markdown.startswith("# ROUTINE so far - red flags not yet asked")


def test_the_opening_question_is_on_screen_before_the_clinical_engine_loads():
    """Review: mounting the first screen (banner, panel, opening question and its choices)
    loads neither pydantic, the knowledge engine nor transitions; the engine loads behind it
    (held back here until the screen is checked)."""
    import subprocess
    import sys

    script = """
import asyncio, sys, threading
from assistant.tui.app import SpinemetsApp, make_app
gate = threading.Event()
original = SpinemetsApp._load
def held(self):
    gate.wait(20)
    return original(self)
SpinemetsApp._load = held
async def main():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        loaded = [m for m in ("pydantic", "knowledge.assessment", "transitions")
                  if m in sys.modules]
        shown = [str(w.source) for w in app.query("AssistantTurn")]
        options = app.query_one("#choices").option_count
        gate.set()
        print(loaded, shown[0].splitlines()[0], options)
asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60, check=True).stdout.strip()
    assert out.startswith("[] Does the patient have cancer?")
    assert out.endswith(" 4")  # known, suspected, none, unknown


async def test_the_down_arrow_goes_from_the_answer_line_to_the_choices(tmp_path):
    """Hostile test 9: from the answer line the down arrow reaches the list of choices (only
    shift+tab did); Enter there picks the highlighted choice and typing goes back to the
    answer line."""
    async with make_app(export_dir=tmp_path).run_test(size=SIZE) as pilot:
        await pilot.app.ready()
        await pilot.press("down")
        await pilot.pause()
        assert pilot.app.focused is pilot.app.query_one("#choices")
        await pilot.press("down", "enter")  # 'suspected'
        await pilot.pause()
        assert pilot.app.conversation.session.case.cancer.status.value == "suspected"
        assert pilot.app.focused is pilot.app.query_one("#prompt")
