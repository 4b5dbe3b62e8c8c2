"""The real-terminal smoke test (tests/smoke/tmux_smoke.py) passes in tmux."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "smoke"))


def test_smoke_in_a_real_terminal():
    """Start the app in tmux, answer, and see the urgency banner turn into the emergency panel."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for the real-terminal smoke test (apt-get install tmux)")
    from tmux_smoke import run

    screen = run()
    assert "!!! EMERGENCY" in screen
