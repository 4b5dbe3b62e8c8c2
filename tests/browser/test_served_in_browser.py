"""`spinemets serve` in a real browser: the page shows the full-screen app, typed answers
reach it, and what it draws comes back (Chromium from the system packages, Playwright)."""

from __future__ import annotations

from smoke.tmux_smoke import ANSWERS  # the chat's first questions, kept with the smoke test

from browser.serving import poll
from browser.terminal import Terminal


def test_the_chat_in_a_browser_reaches_the_emergency_banner(page, serve, tmp_path):
    """The first question appears; typed answers move the chat on; "yes" to limb weakness
    turns the banner into the emergency panel; a screenshot is kept."""
    served = serve("--no-save")
    page.goto(served.url)
    term = Terminal(page)
    term.wait_for("Does the patient have cancer?")
    term.wait_for("Your answer, 'unknown', or /help")
    for answer, next_question in ANSWERS:
        term.type(answer)
        term.wait_for(next_question)
    assert "EMERGENCY" not in term.screen()
    term.type("yes")  # limb weakness: a red flag
    term.wait_for("!!! EMERGENCY")
    term.wait_for("contact the MSCC coordinator")  # the banner's next line (same or next frame)
    shot = tmp_path / "chat-emergency.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(served.sessions()) == 1


def next_stage_shown(screen: str, before: str) -> bool:
    """After Enter: the next stage (or a checkpoint) is shown below the echoed Enter."""
    if screen == before or "> (continue)" not in screen:
        return False
    after = screen.rsplit("> (continue)", 1)[1]
    return "(press Enter to continue)" in after or "DECIDE" in after


def test_teaching_mode_in_a_browser_reaches_the_first_checkpoints_feedback(page, serve,
                                                                         tmp_path):
    """serve --teach: the case opens in stages (Enter continues); at the first checkpoint the
    typed decision gets its feedback; a screenshot is kept."""
    served = serve("--teach", "t01")
    page.goto(served.url)
    term = Terminal(page)
    term.wait_for("TEACHING")
    term.wait_for("(press Enter to continue)")
    while "DECIDE" not in (before := term.screen()):  # the stages up to the first checkpoint
        term.type("")
        poll(lambda: next_stage_shown(term.screen(), before), 15, "the next stage")
    assert "DECIDE: How urgent is this?" in term.screen()
    term.type("emergency")
    term.wait_for("Right.")
    screen = term.wait_for("Red flags")
    assert "Please answer" not in screen  # no Enter went to the checkpoint
    shot = tmp_path / "teach-checkpoint.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
