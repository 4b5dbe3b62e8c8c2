"""The SBAR referral: golden files for a few vignettes, reviewed as diffs.

Regenerate after an intended change: SPINEMETS_UPDATE_GOLDEN=1 python -m pytest -n 0 tests/assistant/test_referral.py
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from assistant.cli.main import main
from assistant.render.referral import render_sbar
from knowledge import assess, parse_case

DATA = Path(__file__).parents[1] / "data"
GOLDEN = DATA / "golden"
AT = datetime(2026, 11, 22, 3, 0)
CASES = ["04-renal-l1-cord-compression", "09-suspected-lymphoma-before-biopsy",
         "13-renal-escc3-fitness-unknown", "02-prostate-lumbar-ache-low-suspicion"]


def rendered(name, markdown):
    case = parse_case(yaml.safe_load((DATA / "vignettes" / f"{name}.yaml").read_text())["case"])
    text = render_sbar(case, assess(case), AT, markdown=markdown)
    # The knowledge version changes with every rule edit; the golden files do not pin it.
    return text.replace(assess(case).knowledge_version, "<knowledge version>")


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("markdown", [False, True], ids=["text", "markdown"])
def test_sbar_matches_the_golden_file(name, markdown):
    """The referral text equals the reviewed golden file."""
    path = GOLDEN / f"{name}.sbar.{'md' if markdown else 'txt'}"
    text = rendered(name, markdown)
    if os.environ.get("SPINEMETS_UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text()


@pytest.mark.parametrize("name", CASES)
def test_plain_sbar_fits_80_columns_in_the_four_sections(name):
    """Plain text fits 80 columns and has S, B, A and R in order."""
    text = rendered(name, markdown=False)
    assert max(len(line) for line in text.splitlines()) <= 80
    heads = [text.index(h) for h in ("SITUATION", "BACKGROUND", "ASSESSMENT", "RECOMMENDATION")]
    assert heads == sorted(heads)
    assert "Assessed 2026-11-22 03:00" in text


def test_mechanical_pain_says_how_it_was_checked():
    """The referral says whether mechanical pain was checked sitting up, or only lying down."""
    seated = " ".join(rendered("04-renal-l1-cord-compression", markdown=False).split())
    assert "mechanical: yes (checked sitting up)" in seated
    supine = " ".join(rendered("16-lung-poor-performance-cord-compression", markdown=False)
                      .split())
    assert "mechanical: no (checked lying down (not reliable))" in supine


def test_assess_format_sbar_and_markdown(capsys):
    """spinemets assess --format sbar|markdown print the referral."""
    path = str(DATA / "cases" / "04-renal-l1-cord-compression.yaml")
    assert main(["assess", "--format", "sbar", path]) == 0
    assert capsys.readouterr().out.startswith("SBAR referral")
    assert main(["assess", "--format", "markdown", path]) == 0
    assert capsys.readouterr().out.startswith("# SBAR referral")


def test_a_graded_level_is_a_lesion_seen_in_the_sbar():
    """Issue 11 bug 7: 'lesion found' unanswered but a level and an ESCC grade given: the
    SBAR says the lesion was found, and names the imaging items in words."""
    from datetime import datetime

    from helpers import make_case

    from assistant.render.referral import render_sbar
    from knowledge import assess

    case = make_case(imaging={"modality": "mri_whole_spine", "level": "T7", "escc": "3"})
    text = render_sbar(case, assess(case), datetime(2025, 1, 2, 3, 4))
    flat = " ".join(text.split())
    assert "lesion found: yes" in flat
    assert "level of the lesion: T7" in flat
    assert "lesion found: not known" not in flat
