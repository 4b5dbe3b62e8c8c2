"""`spinemets assess` text: the first 24 lines hold what an on-call doctor needs first."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.render.labels import URGENCY_BANNER, label
from assistant.render.report import render_text
from knowledge import assess, load_cases

CASES = sorted((Path(__file__).parents[1] / "data" / "cases").glob("*.yaml"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_first_24_lines_hold_banner_timed_actions_imaging_and_noms(path):
    """Banner, every timed action, the imaging timing and the NOMS decision come first."""
    a = assess(load_cases(path)[0])
    first = "\n".join(render_text(a).splitlines()[:24])
    assert URGENCY_BANNER[a.urgency.value] in first
    for action in a.actions:
        if action.timing:
            assert f"[{label(action.timing)}] {label(action.id)}" in first
    assert f"Imaging: {label(a.imaging.modality.value)} - {label(a.imaging.timing.value)}" in first
    assert f"Treatment (NOMS): {label(a.noms.decision.value)}" in first
    assert "REFERENCES" not in first
    assert "SCORES" not in first
