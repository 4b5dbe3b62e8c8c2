"""Who to call: the local MSCC pathway file, `spinemets pathway`, and where each face shows it."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import datetime

import pytest
from helpers import run_cli as run
from test_app import QUIET_START, say

from assistant.cli.plain_chat import run_plain_chat
from assistant.pathway import HOW_TO_SET, TEMPLATE, load_pathway, read_pathway
from assistant.render.referral import render_sbar
from assistant.tui.app import make_app
from assistant.tui.screens import ChecklistScreen
from assistant.tui.widgets import UrgencyBanner
from knowledge import assess, parse_case

GOOD = """\
[pathway]
hospital = "Example General"
mscc_coordinator = "bleep 1234"
out_of_hours = "switchboard, oncology registrar"
spinal_on_call = "bleep 5678"
"""




@pytest.fixture
def pathway_file(tmp_path, monkeypatch):
    path = tmp_path / "pathway.toml"
    path.write_text(GOOD)
    monkeypatch.setenv("SPINEMETS_PATHWAY", str(path))
    return path


def test_init_writes_a_template_that_reads_as_no_contacts(tmp_path):
    """--init writes the commented template (never over a file without --force)."""
    path = tmp_path / "sub" / "pathway.toml"
    code, out, _ = run(["pathway", "--init", "--pathway", str(path)])
    assert code == 0
    assert str(path) in out
    assert path.read_text() == TEMPLATE
    assert read_pathway(path).contacts == ()
    code, _, err = run(["pathway", "--init", "--pathway", str(path)])
    assert code == 2
    assert "exists already" in err
    path.write_text("changed")
    assert run(["pathway", "--init", "--force", "--pathway", str(path)])[0] == 0
    assert path.read_text() == TEMPLATE


def test_show_lists_the_contacts_and_the_file(pathway_file):
    """`spinemets pathway` shows where the file is and who to call."""
    code, out, _ = run(["pathway"])
    assert code == 0
    assert str(pathway_file) in out
    assert "MSCC coordinator: bleep 1234" in out
    assert "Local pathway: Example General" in out


def test_no_file_says_how_to_set_it(tmp_path):
    """Without a file every face says how to set the contacts."""
    code, out, _ = run(["pathway", "--pathway", str(tmp_path / "none.toml")])
    assert code == 0
    assert "no such file" in out
    assert HOW_TO_SET in out


@pytest.mark.parametrize(("content", "named"), [
    ('[pathway]\nmscc_cordinator = "x"\n', "pathway.mscc_cordinator: unknown key (did you mean mscc_coordinator?)"),
    ("[pathway]\nspinal_on_call = 5678\n", "pathway.spinal_on_call: expected non-empty text"),
    ('[pathway]\nhospital = ""\n', "pathway.hospital: expected non-empty text"),
    ('[contacts]\nhospital = "x"\n', "contacts: unknown table or key"),
    ("[pathway\n", "not valid TOML"),
    ('[pathway]\nacute_oncology = "' + "x" * 201 + '"\n', "longer than 200 characters"),
])
def test_a_bad_file_is_a_message_naming_the_key(tmp_path, content, named):
    """A bad pathway file: exit 2 from `pathway`, and a warning (not a crash) everywhere else."""
    path = tmp_path / "bad.toml"
    path.write_text(content)
    code, _, err = run(["pathway", "--pathway", str(path)])
    assert code == 2
    assert named in err
    pathway, problem = load_pathway(str(path))
    assert pathway is None
    assert named in problem


def test_non_utf8_pathway_file(tmp_path):
    """Bytes that are not UTF-8 are reported, not raised."""
    path = tmp_path / "bad.toml"
    path.write_bytes(b"[pathway]\nhospital = \"\xff\"\n")
    assert "not UTF-8" in load_pathway(str(path))[1]


def emergency_case():
    return parse_case({"format": "spinemets-case/1", "cancer": {"status": "known"},
                       "neurology": {"limb_weakness": True}})


def test_sbar_has_who_to_call(pathway_file):
    """The SBAR referral carries the local contacts after the situation."""
    case = emergency_case()
    pathway, _ = load_pathway(None)
    from assistant.pathway import who_to_call

    text = render_sbar(case, assess(case), datetime(2026, 1, 1), who_to_call=who_to_call(pathway))
    assert text.index("SITUATION") < text.index("WHO TO CALL") < text.index("BACKGROUND")
    assert "MSCC coordinator: bleep 1234" in text


def test_plain_chat_shows_who_to_call_at_the_escalation(pathway_file):
    """After the red flag the plain chat prints the contacts."""
    out = io.StringIO()
    run_plain_chat(io.StringIO("known\nbreast\nyes\nyes\nno\n" + "yes\n" * 30), out, None, None,
                   *load_pathway(None))
    text = out.getvalue()
    assert "WHO TO CALL" in text
    assert "MSCC coordinator: bleep 1234" in text


def test_plain_chat_runs_with_a_bad_pathway_file(tmp_path):
    """A bad file: the plain chat warns and goes on."""
    path = tmp_path / "bad.toml"
    path.write_text("[pathway]\nnope = 1\n")
    proc = subprocess.run([sys.executable, "-m", "assistant", "chat", "--plain", "--no-save",
                           "--pathway", str(path)], input="known\nquit\n", capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 0
    assert "WARNING: Pathway file not used" in proc.stdout
    assert "pathway.nope" in proc.stdout


async def test_emergency_banner_fits_four_rows_at_80x24_and_f8_opens_the_checklist(
        tmp_path, pathway_file):
    """At 80x24 the emergency banner is at most 4 rows; the checklist (f8) lists who to call."""
    app = make_app(export_dir=tmp_path, pathway=load_pathway(None)[0])
    async with app.run_test(size=(80, 24)) as pilot:
        for text in QUIET_START:
            await say(pilot, text)
        await say(pilot, "yes")  # limb weakness
        banner = app.query_one(UrgencyBanner)
        assert banner.has_class("emergency")
        assert banner.outer_size.height <= 4
        assert "bleep 1234" in str(banner.render())
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert "MSCC coordinator: bleep 1234" in app.screen.markdown
        assert "within 24 h" in app.screen.markdown
