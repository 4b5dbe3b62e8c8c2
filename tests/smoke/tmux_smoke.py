"""Real-terminal smoke test of the full-screen chat (tmux).

    python tests/smoke/tmux_smoke.py

Starts `spinemets chat` in a 120x40 tmux terminal, answers the first questions, checks that
limb weakness turns the banner into the emergency panel, captures the screen, and exits.
Exit status 0 when every check passes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from tmux_driver import Tmux

# (answer, the start of the next question, which is not on screen before)
ANSWERS = [("known", "Does the patient have new back"), ("yes", "Where is the pain?"),
           ("thoracic", "Urgency now !! URGENT")]


def run() -> str:
    """Run the consultation; return the final screen. Raises on a failed check."""
    with Tmux([sys.executable, "-m", "assistant", "chat", "--no-save"]) as term:
        term.wait_for("Does the patient have cancer?")
        term.wait_for("Your answer, 'unknown', or /help")
        time.sleep(0.5)  # let the first screen settle (focus) before typing
        assert "Urgency: not yet known" in term.screen()
        for answer, expected in ANSWERS:
            term.type(answer)
            term.wait_for(expected)
        # the banner line: provisional while red flags are still unasked (issue 12)
        term.wait_for("!! URGENT so far - red flags not yet asked")
        assert "!! URGENT so far - red flags not yet asked" in term.screen().split("\n", 4)[2]
        term.wait_for("Any limb weakness?")
        term.type("yes")  # limb weakness: a red flag
        term.wait_for("Now: contact the MSCC coordinator")  # the banner follows the reply
        banner = term.screen().split("\n")[1:7]
        assert any("Now: contact the MSCC coordinator" in line for line in banner)
        term.key("F8")  # the checklist is a key away
        term.wait_for("[ ] now: Call the MSCC coordinator")
        return term.screen()


if __name__ == "__main__":
    print(run())
    print("smoke test passed")
