"""Issue 11: the clinical constants dialogs/ reads, pinned to the rulebook, each defined once.

The thresholds that restated another knowledge table (SINS 7 and 13, the Tokuhashi ECOG
options, the high ESCC grades, the haematological cancers) are derived from it; these tests
pin the derived values to RULES.md / REFERENCE.md so a change to either shows here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import ValidationError

from knowledge.case import General
from knowledge.rules import actions, biopsy, treatment_notes, triage
from knowledge.rules.noms import POOR_KARNOFSKY_MAX, POOR_SURVIVAL_MAX_MONTHS
from knowledge.rules.patchell import MIN_SURVIVAL_MONTHS
from knowledge.scores import escc, performance, sins, tokuhashi
from knowledge.scores.ranges import Bands
from knowledge.vocab import EsccCategory, EsccGrade, Frankel, PrimarySite

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


def test_sins_band_starts_are_the_rulebook_thresholds():
    """RULES §5.1 bands 0-6, 7-12, 13-18; §2.1 SINS >= 7 a surgical consultation; §1.4 SINS
    minimum >= 13 instability."""
    assert sins.POTENTIALLY_UNSTABLE_MIN == 7
    assert sins.UNSTABLE_MIN == 13
    assert actions.SINS_CONSULTATION_MIN == sins.POTENTIALLY_UNSTABLE_MIN
    assert triage.SINS_UNSTABLE_MIN == sins.UNSTABLE_MIN


def test_bands_start_names_a_band():
    bands = Bands(((0, 1, "low"), (2, 4, "high")))
    assert (bands.start("low"), bands.start("high")) == (0, 2)
    with pytest.raises(KeyError):
        bands.start("middle")


def test_sins_pain_and_location_points_of_the_why_texts():
    """REFERENCE §1: mechanical 3, occasional 1; T2 junctional 3, T3 semi-rigid 1."""
    assert (sins.MECHANICAL_PAIN, sins.OCCASIONAL_PAIN, sins.PAIN_FREE) == (3, 1, 0)
    assert (sins.location_points("T2"), sins.location_points("T3")) == (3, 1)


def test_collapse_threshold_is_fifty_percent():
    """REFERENCE §1: strict >50% / <50%; exactly 50% is not defined."""
    assert sins.COLLAPSE_PERCENT == 50


def test_tokuhashi_ecog_options_are_the_rulebook_table():
    """RULES §5.3: with only ECOG, 0 → 2, 1 → 1 or 2, 2 → 1, 3–4 → 0 (derived from the
    usual Karnofsky mapping of §5.6 and the Karnofsky rows)."""
    assert tokuhashi.ECOG_OPTIONS == {0: (2,), 1: (1, 2), 2: (1,), 3: (0,), 4: (0,)}


def test_escc_grade_groups():
    """RULES §5.2 and §1.1: 2 and 3 high (the red flag), 1c indeterminate."""
    assert escc.grades_of(EsccCategory.HIGH) == (EsccGrade.G2, EsccGrade.G3)
    assert escc.grades_of(EsccCategory.INDETERMINATE) == (EsccGrade.G1C,)
    assert {EsccGrade.G2, EsccGrade.G3} == triage.HIGH_GRADE_ESCC
    assert list(escc.GRADE_DESCRIPTIONS) == list(EsccGrade)


def test_survival_and_performance_thresholds():
    """RULES §6.1 Karnofsky <= 40 and survival <= 2 months; §6.4 survival >= 3 months."""
    assert (POOR_KARNOFSKY_MAX, POOR_SURVIVAL_MAX_MONTHS, MIN_SURVIVAL_MONTHS) == (40, 2, 3)


def test_karnofsky_scale_is_the_reference_scale():
    """REFERENCE §7: Karnofsky 100 down to 10 in tens (0 is not offered in the chat)."""
    assert [v for v, _ in performance.KARNOFSKY_SCALE] == list(range(100, 0, -10))
    assert all(d.strip() for _, d in performance.KARNOFSKY_SCALE)


def test_karnofsky_range_is_what_a_case_records():
    low, high = performance.KARNOFSKY_RANGE
    assert (low, high) == (0, 100)
    for value in (low, high, *(v for v, _ in performance.KARNOFSKY_SCALE)):
        assert General(karnofsky=value).karnofsky == value
    for value in (low - 10, high + 10):
        with pytest.raises(ValidationError):
            General(karnofsky=value)


def test_ecog_scale_is_the_reference_scale():
    """REFERENCE §7: ECOG 0-4, the grades of the usual Karnofsky mapping."""
    values = [v for v, _ in performance.ECOG_SCALE]
    assert values == [0, 1, 2, 3, 4] == list(performance.KARNOFSKY_OF_ECOG)
    for value in values:
        assert General(ecog=value).ecog == value
    with pytest.raises(ValidationError):
        General(ecog=max(values) + 1)


def test_frankel_scale_is_the_reference_scale():
    """REFERENCE §7: A complete, B sensory only, C motor useless, D motor useful, E normal."""
    assert performance.FRANKEL_SCALE == {
        Frankel.A: "complete", Frankel.B: "sensory only", Frankel.C: "motor useless",
        Frankel.D: "motor useful", Frankel.E: "normal"}


def test_haematological_is_lymphoma_and_myeloma_defined_once():
    """RULES §2.2 row 3, §4 row 5, §6.5 haematology_mdt: one set, imported where used."""
    assert {PrimarySite.LYMPHOMA, PrimarySite.MYELOMA} == actions.HAEMATOLOGICAL
    assert biopsy.HAEMATOLOGICAL is actions.HAEMATOLOGICAL
    assert treatment_notes.HAEMATOLOGICAL is actions.HAEMATOLOGICAL


def _top_level_constants(path: Path) -> dict[str, str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) and node.value else [])
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper():
                assert node.value is not None
                found[target.id] = ast.unparse(node.value)
    return found


def test_no_knowledge_constant_is_written_out_twice():
    """No upper-case constant is assigned the same value in two knowledge modules (a copy,
    like the three HAEMATOLOGICAL sets were): the second module imports the first."""
    seen: dict[tuple[str, str], str] = {}
    copies = []
    for path in sorted(KNOWLEDGE.rglob("*.py")):
        for name, value in _top_level_constants(path).items():
            where = seen.setdefault((name, value), path.name)
            if where != path.name:
                copies.append(f"{name} in {where} and {path.name}")
    assert copies == []
