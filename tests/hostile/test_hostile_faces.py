"""Issue 10 item 5: outside text (case ids, titles, session labels, typed answers) cannot
control the terminal or inject markup in any face: text report, SBAR (text and Markdown),
Markdown, plain chat, `sessions`, and the full-screen app (in Pilot and in a real terminal).
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from assistant.render.safe_text import safe_text

sys.path.insert(0, str(Path(__file__).parent.parent / "smoke"))

EMERGENCY_CASE = Path(__file__).parent.parent / "data" / "cases" / "04-renal-l1-cord-compression.yaml"

ANSI_TITLE = "\x1b[2J\x1b[H\x1b[1;32mROUTINE\x1b[0m"  # clear, home, a green ROUTINE
OSC_52 = "\x1b]52;c;cHduZWQ=\x07"  # set the clipboard
OSC_0 = "\x1b]0;pwned\x07"  # set the window title
RLO = "scan \u202eENIUTUOR\u202c ok"  # right-to-left override (and its pop)
RICH = "[red]x[/red]"
MARKDOWN_HEADING = "# x"
HOSTILE = {
    "ansi": ANSI_TITLE, "osc52": OSC_52, "osc0": OSC_0, "rlo": RLO, "rich": RICH,
    "markdown": MARKDOWN_HEADING, "cr": "\rROUTINE", "newline": "x\n!!! EMERGENCY",
    "c1_csi": "\x9b2J", "bidi_isolates": "\u2066a\u2069\u200f\u061c", "del_nul": "\x7f\x00",
    "markdown_inline": "**b** _i_ `c` [l](http://e.test) <b>h</b> &amp; ~~s~~ | t",
}
# What may reach a terminal: no C0/C1 control other than a line break, no bidi control,
# no line or paragraph separator.
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                       "\u2066-\u2069\u2028\u2029]")


def assert_inert(output: str) -> None:
    found = FORBIDDEN.findall(output)
    assert not found, f"control or bidi characters reach the terminal: {found!r}"


def hostile_assessment(text: str):
    from knowledge import assess
    from knowledge.loading import parse_case

    raw = yaml.safe_load(EMERGENCY_CASE.read_text())
    raw["id"], raw["title"] = text, text
    case = parse_case(raw)
    return case, assess(case)


# -- the sanitiser ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_sanitiser_leaves_nothing_a_terminal_obeys(name):
    for newlines in (False, True):
        out = safe_text(HOSTILE[name], newlines=newlines)
        assert_inert(out)
        assert "\n" not in out or newlines
        assert safe_text(out, newlines=newlines) == out  # safe text stays as it is


def test_the_sanitiser_shows_what_it_escaped():
    assert safe_text(ANSI_TITLE) == "\\x1b[2J\\x1b[H\\x1b[1;32mROUTINE\\x1b[0m"
    assert safe_text(RLO) == "scan \\u202eENIUTUOR\\u202c ok"
    assert safe_text("a\r\nb", newlines=True) == "a\nb"
    assert safe_text("a\rb", newlines=True) == "a\\x0db"
    assert safe_text("a\nb") == "a\\x0ab"
    assert safe_text("a\tb") == "a b"
    assert safe_text("ordinary: Mrs Smith, T9 - 1/2") == "ordinary: Mrs Smith, T9 - 1/2"
    assert safe_text("Zoë ÿ €", markdown=True) == "Zoë ÿ €"  # not every non-ASCII is unsafe


def test_the_sanitiser_escapes_markdown_so_it_reads_as_written():
    md = MarkdownIt("commonmark").enable(["strikethrough", "table"])
    for text in [*HOSTILE.values(), "**x**", "[a](http://e.test)", "<script>", "\\*"]:
        rendered = md.renderInline(safe_text(text, markdown=True))
        assert "<" not in rendered.replace("&lt;", "")  # no element: plain text only
        assert html.unescape(rendered) == safe_text(text)


# -- the faces ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_text_report(name):
    from assistant.render.report import render_text

    _, assessment = hostile_assessment(HOSTILE[name])
    out = render_text(assessment)
    assert_inert(out)
    lines = out.splitlines()
    assert lines[1].startswith("!!! EMERGENCY")  # the banner is intact
    title = lines[3]
    assert title == f"Case {safe_text(HOSTILE[name])}: {safe_text(HOSTILE[name])}"
    assert lines[4].startswith("Red flags:")  # the title stays on its own line


def test_text_report_of_an_ansi_title_keeps_the_emergency_banner():
    from assistant.render.report import render_text

    _, assessment = hostile_assessment(ANSI_TITLE)
    out = render_text(assessment)
    assert "\x1b" not in out
    assert "\\x1b[2J" in out  # visible, so the attempt can be seen
    assert out.splitlines()[1].startswith("!!! EMERGENCY")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_markdown_report(name):
    from assistant.render.report import render_markdown

    _, assessment = hostile_assessment(HOSTILE[name])
    out = render_markdown(assessment)
    assert_inert(out)
    tokens = MarkdownIt("commonmark").enable(["strikethrough", "table"]).parse(out)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0].startswith("!!! EMERGENCY")
    assert all(not h.endswith(" x") and "ROUTINE" not in h for h in headings)
    title_line = next(t for t in tokens if t.type == "inline" and t.content.startswith("**Case"))
    # Only our own bold: the id and title are text, whatever they contain.
    kinds = [c.type for c in title_line.children or [] if c.content or c.type != "text"]
    assert kinds == ["strong_open", "text", "strong_close", "text"]
    shown = "".join(c.content for c in title_line.children or [])
    assert shown == f"Case {safe_text(HOSTILE[name])}: {safe_text(HOSTILE[name])}"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_sbar_text_and_markdown(name):
    from assistant.render.referral import render_sbar

    case, assessment = hostile_assessment(HOSTILE[name])
    at = datetime(2025, 1, 2, 3, 4)
    text = render_sbar(case, assessment, at)
    assert_inert(text)
    assert f"(case {safe_text(HOSTILE[name])})" in text.splitlines()[0]
    assert text.splitlines()[3] == "SITUATION"
    assert text.splitlines()[4].startswith("- !!! EMERGENCY")
    markdown = render_sbar(case, assessment, at, markdown=True)
    assert_inert(markdown)
    tokens = MarkdownIt("commonmark").enable(["strikethrough", "table"]).parse(markdown)
    assert tokens[0].type == "heading_open"
    title = tokens[1]
    assert [c.type for c in title.children or []] == ["text"]  # no markup from the id
    assert (title.children or [])[0].content.endswith(f"(case {safe_text(HOSTILE[name])})")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_plain_chat_echo(name):
    from assistant.cli.plain_chat import run_plain_chat
    from dialogs.manager import Conversation

    stdout = io.StringIO()
    answer = HOSTILE[name].replace("\n", " ")  # one answer is one line
    conversation = Conversation()
    run_plain_chat(io.StringIO(f"{answer}\nknown\n{answer}\n"), stdout,
                   conversation=conversation)
    out = stdout.getvalue()
    assert_inert(out)
    # Both hostile answers were refused (re-asked), only "known" was recorded.
    assert [(e.question_id, e.text) for e in conversation.session.log] == [
        ("cancer.status", "known")]


def test_plain_chat_shows_a_hostile_answer_escaped():
    from assistant.cli.plain_chat import run_plain_chat

    stdout = io.StringIO()
    run_plain_chat(io.StringIO(f"{OSC_52}\n{RLO}\n"), stdout)
    out = stdout.getvalue()
    assert_inert(out)
    assert "\\x1b]52;c;" in out
    assert "\\u202e" in out


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_sessions_listing(name, tmp_path):
    from assistant.cli.sessions import run_sessions
    from assistant.store.sqlite import Store

    db = tmp_path / "s.db"
    Store(db).create_session("test", "test", HOSTILE[name])
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run_sessions(str(db), "text", None, stdout, stderr) == 0
    out = stdout.getvalue()
    assert_inert(out)
    assert out.count("\n") == 1  # one session, one line
    assert out.rstrip("\n").endswith(safe_text(HOSTILE[name]))


# -- the full-screen app ------------------------------------------------------------------


async def test_app_shows_typed_and_echoed_text_without_interpreting_it(tmp_path):
    from rich.text import Text

    from assistant.tui.app import make_app
    from assistant.tui.widgets import AssistantTurn, UserTurn

    async with make_app(export_dir=tmp_path).run_test(size=(120, 40)) as pilot:
        for text in (RICH, ANSI_TITLE, "**b** [l](http://e.test)"):
            await pilot.app.submit(text)
            await pilot.pause()
            turn = list(pilot.app.query(UserTurn))[-1]
            shown = turn.content
            assert isinstance(shown, Text)
            assert shown.plain == f"> {safe_text(text)}"
            assert not shown.spans  # no style from the text
            reprompt = list(pilot.app.query(AssistantTurn))[-1]
            assert reprompt.has_class("reprompt")
            assert_inert(reprompt.source)
            echoed = reprompt.content
            assert isinstance(echoed, Text)  # not Markdown, not markup
            assert safe_text(text).lower() in echoed.plain


async def test_app_recommendation_of_a_hostile_title_is_escaped(tmp_path):
    from assistant.tui.app import make_app
    from dialogs.manager import Conversation

    hostile = f"{ANSI_TITLE}{RICH}{MARKDOWN_HEADING}{OSC_0}"
    conversation = Conversation(case_id=hostile, title=hostile)
    conversation.start()
    for _ in range(80):
        if conversation.finished:
            break
        conversation.handle("suspected" if not conversation.session.log else "unknown")
    assert conversation.finished
    async with make_app(conversation, export_dir=tmp_path).run_test(size=(120, 40)) as pilot:
        pilot.app.show_recommendation()
        await pilot.pause()
        markdown = pilot.app.screen.markdown
        assert_inert(markdown)
        assert safe_text(hostile, markdown=True) in markdown


def test_a_real_terminal_is_not_controlled_by_a_hostile_export_folder():
    """In tmux: an export folder whose name sets the window title (OSC 0), clears the screen
    and reverses the text; /export (f6) shows the path in a notification. The pane title
    stays, and the path shows escaped. (Before the fix the pane title became "pwned".)"""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for this test (apt-get install tmux)")
    from tmux_driver import Tmux

    # A short parent, so the path fits one line of the notification.
    parent = Path(tempfile.mkdtemp(prefix="h", dir="/tmp"))
    folder = parent / f"x{OSC_0}\x1b[2J\u202eZ"
    command = ["env", "-u", "COLUMNS", "-u", "LINES", sys.executable, "-m", "assistant",
               "chat", "--no-save", "--export-dir", str(folder)]

    def pane_title() -> str:
        return subprocess.run(["tmux", "display-message", "-p", "-t", term.name,
                               "#{pane_title}"], capture_output=True, text=True).stdout

    with Tmux(command) as term:
        term.wait_for("Your answer, 'unknown', or /help")
        time.sleep(0.3)
        before = pane_title()
        term.type("known")
        term.wait_for("Does the patient have new back or neck pain?")
        subprocess.run(["tmux", "send-keys", "-t", term.name, "F6"], check=True)
        term.wait_for("Exported to")
        time.sleep(0.2)
        screen, after = term.screen(), pane_title()
    exported = list(folder.glob("spinemets-*.md"))
    shutil.rmtree(parent)
    assert exported  # the export itself was written
    assert "pwned" not in after
    assert after == before
    assert "x\\x1b]0;pwned\\x07\\x1b[2J\\u202eZ" in screen  # shown, escaped
    assert "Does the patient have new back or neck pain?" in screen  # not cleared
