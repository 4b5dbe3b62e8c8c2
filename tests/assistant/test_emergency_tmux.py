"""At 80x24 in a real terminal (tmux) the emergency banner takes at most 4 rows and the
transcript stays visible."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest
from test_app import QUIET_START

sys.path.insert(0, str(Path(__file__).parents[1] / "smoke"))


def test_emergency_banner_rows_at_80x24(tmp_path):
    """Banner: urgency word, scan timing, next action with the local contact; then the transcript."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for the real-terminal tests (apt-get install tmux)")
    from tmux_driver import Tmux

    pathway = tmp_path / "pathway.toml"
    pathway.write_text('[pathway]\nmscc_coordinator = "bleep 1234"\n')
    command = ["env", "-u", "COLUMNS", "-u", "LINES", sys.executable, "-m", "assistant", "chat",
               "--no-save", "--pathway", str(pathway)]
    with Tmux(command, 80, 24) as term:
        term.wait_for("Does the patient have cancer?")
        for answer in [*QUIET_START, "yes"]:  # the last: limb weakness
            term.type(answer)
            time.sleep(0.15)
        term.wait_for("bleep 1234")
        time.sleep(0.3)
        rows = term.screen().splitlines()
    top = next(i for i, row in enumerate(rows) if row.startswith("┏"))
    bottom = next(i for i, row in enumerate(rows) if row.startswith("┗"))
    assert bottom - top + 1 <= 4, "\n".join(rows)
    banner = "\n".join(rows[top:bottom + 1])
    assert "!!! EMERGENCY" in banner
    assert "within 24 h" in banner
    assert "Now: contact the MSCC coordinator (bleep 1234)" in banner
    transcript = [row for row in rows[bottom + 1:] if row.strip(" ┃│▁▔▊▎")]
    assert len(transcript) >= 8, "\n".join(rows)  # the transcript is still there to read
