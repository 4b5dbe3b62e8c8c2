"""SVG snapshots of key screens (pytest-textual-snapshot): review changes as diffs.

Update after an intended change with: python -m pytest -n 0 tests/assistant/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from assistant.tui.app import make_app

SIZE = (100, 32)
# known cancer, new lumbar pain: the next question is the first red flag (limb weakness)
QUIET_START = ["known", "yes", "lumbar"]


async def steady_cursor(pilot):
    """The prompt's cursor does not blink in a snapshot: a blink timer that fires under load
    would change the picture (the only difference a failing run showed)."""
    pilot.app.query_one("#prompt").cursor_blink = False
    await pilot.pause()


async def type_answers(pilot, answers):
    await steady_cursor(pilot)
    for answer in answers:
        pilot.app.query_one("#prompt").value = answer
        await pilot.press("enter")
        await pilot.pause()
    # Under load (the suite on both cores) the last turn may still be settling: wait for the
    # app's own queue and animations before the snapshot is taken.
    await pilot.app.ready()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_first_question(snap_compare, tmp_path):
    """The first screen: banner 'not yet known', the first question, its choices."""
    assert snap_compare(make_app(export_dir=tmp_path), terminal_size=SIZE,
                        run_before=steady_cursor)


def test_emergency_banner(snap_compare, tmp_path):
    """After limb weakness: the emergency panel with its checklist and the escalation."""
    async def run_before(pilot):
        await type_answers(pilot, [*QUIET_START, "yes"])

    assert snap_compare(make_app(export_dir=tmp_path), terminal_size=SIZE,
                        run_before=run_before)


def test_recommendation(snap_compare, tmp_path):
    """The recommendation screen at the end of a consultation."""
    async def run_before(pilot):
        await type_answers(pilot, ["none", *["unknown"] * 30])

    assert snap_compare(make_app(export_dir=tmp_path), terminal_size=SIZE,
                        run_before=run_before)
