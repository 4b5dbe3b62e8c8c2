"""SINS [fisher-2010]: every item, the level traps, pain rules and band boundaries."""

from __future__ import annotations

import pytest
from helpers import DROP, make_case, mri

from knowledge.levels import ALL_LEVELS, SinsRegion, sins_region
from knowledge.scores.sins import sins


def sins_of(pain=None, **imaging):
    return sins(make_case(pain=pain or {}, imaging=mri(**imaging)))


@pytest.mark.parametrize(("level", "points"), [
    ("C1", 3), ("C2", 3), ("C3", 2), ("C6", 2), ("C7", 3), ("T1", 3), ("T2", 3), ("T3", 1),
    ("T10", 1), ("T11", 3), ("T12", 3), ("L1", 3), ("L2", 2), ("L4", 2), ("L5", 3), ("S1", 3),
    ("S2", 0), ("S5", 0),
])
def test_location_points_at_every_region_boundary(level, points):
    """Junctional 3, mobile 2, semi-rigid 1, rigid 0, including the T2/T3, T10/T11, L4/L5 and S1/S2 traps."""
    assert sins_of(level=level).components["location"] == points


def test_every_level_has_a_region():
    """All 29 levels map to a SINS region."""
    assert {sins_region(level) for level in ALL_LEVELS} == set(SinsRegion)
    assert len(ALL_LEVELS) == 29


@pytest.mark.parametrize(("lesion", "points"), [("lytic", 2), ("mixed", 1), ("blastic", 0)])
def test_lesion_points(lesion, points):
    """Bone lesion: lytic 2, mixed 1, blastic 0."""
    assert sins_of(lesion=lesion).components["lesion"] == points


@pytest.mark.parametrize(("alignment", "points"),
                         [("subluxation", 4), ("deformity", 2), ("normal", 0)])
def test_alignment_points(alignment, points):
    """Alignment: subluxation 4, de novo deformity 2, normal 0."""
    assert sins_of(alignment=alignment).components["alignment"] == points


@pytest.mark.parametrize(("collapse", "points"),
                         [("gt50", 3), ("lt50", 2), ("none_gt50_involved", 1), ("none", 0)])
def test_collapse_points(collapse, points):
    """Collapse: >50% 3, <50% 2, none with >50% involved 1, none 0."""
    assert sins_of(collapse=collapse).components["collapse"] == points


@pytest.mark.parametrize(("side", "points"), [("bilateral", 3), ("unilateral", 1), ("none", 0)])
def test_posterolateral_points(side, points):
    """Posterolateral involvement: bilateral 3, unilateral 1, none 0."""
    assert sins_of(posterolateral=side).components["posterolateral"] == points


@pytest.mark.parametrize(("pain", "options", "missing"), [
    ({"present": False, "mechanical": DROP}, [0], []),
    ({"mechanical": True}, [3], []),
    ({"mechanical": False, "mechanical_assessed_seated": True}, [1], []),
    ({"mechanical": False, "mechanical_assessed_seated": DROP}, [1], []),
    ({"mechanical": False, "mechanical_assessed_seated": False}, [1, 3], ["pain.mechanical"]),
    ({"mechanical": DROP}, [1, 3], ["pain.mechanical"]),
    ({"present": DROP, "mechanical": DROP}, [0, 1, 3], ["pain.present", "pain.mechanical"]),
    ({"present": DROP, "mechanical": False}, [0, 1], ["pain.present"]),
    ({"present": DROP, "mechanical": True}, [3], []),
])
def test_pain_item_follows_the_seated_rule(pain, options, missing):
    """Pain: mechanical 3, not mechanical 1, pain-free 0; 'not mechanical' from a supine exam is unknown."""
    result = sins_of(pain=pain, level="T7", lesion="blastic")
    got = [result.components["pain"]] if result.components["pain"] is not None else \
        list(result.component_options["pain"])
    assert got == options
    assert list(result.missing) == missing


def test_a_range_is_the_set_of_reachable_totals_not_every_integer():
    """Unknown mechanical pain gives 5 + {1, 3}: totals 6 and 8, never 7."""
    result = sins_of(pain={"mechanical": DROP}, level="T7", lesion="lytic", collapse="lt50")
    assert list(result.totals) == [6, 8]
    assert (result.min, result.max, result.total) == (6, 8, None)
    assert result.band is None
    assert list(result.bands) == ["stable", "potentially_unstable"]


@pytest.mark.parametrize(("fields", "total", "band"), [
    ({"level": "T7", "lesion": "blastic"}, 2, "stable"),
    # 1 + 1 + 2 + 0 + 2 + 0 = 6: top of stable
    ({"level": "T7", "lesion": "lytic", "collapse": "lt50"}, 6, "stable"),
    # 1 + 1 + 2 + 0 + 3 + 0 = 7: bottom of potentially unstable
    ({"level": "T7", "lesion": "lytic", "collapse": "gt50"}, 7, "potentially_unstable"),
    # 3 + 1 + 2 + 2 + 3 + 1 = 12: top of potentially unstable
    ({"level": "L1", "lesion": "lytic", "alignment": "deformity", "collapse": "gt50",
      "posterolateral": "unilateral"}, 12, "potentially_unstable"),
    # 3 + 1 + 2 + 4 + 3 + 0 = 13: bottom of unstable
    ({"level": "L1", "lesion": "lytic", "alignment": "subluxation", "collapse": "gt50"}, 13,
     "unstable"),
])
def test_band_boundaries(fields, total, band):
    """Bands: 0–6 stable, 7–12 potentially unstable, 13–18 unstable."""
    result = sins_of(**fields)
    assert (result.total, result.band) == (total, band)


def test_maximum_is_18():
    """Every item at its worst sums to 18."""
    result = sins_of(pain={"mechanical": True}, level="C1", lesion="lytic",
                     alignment="subluxation", collapse="gt50", posterolateral="bilateral")
    assert result.total == 18
    assert result.band == "unstable"


def test_unknown_imaging_items_take_every_table_value():
    """A lesion seen on a bone scan with only a level: each imaging item ranges over its table."""
    case = make_case(imaging={"modality": "bone_scan", "level": "T10"},
                     pain={"present": False, "mechanical": DROP})
    result = sins(case)
    assert (result.min, result.max) == (1, 13)
    assert list(result.totals) == list(range(1, 14))
    assert result.component_options == {"lesion": (0, 1, 2), "alignment": (0, 2, 4),
                                        "collapse": (0, 1, 2, 3), "posterolateral": (0, 1, 3)}
    assert result.ref == "fisher-2010"


def test_a_recorded_pain_feature_rules_out_a_pain_free_lesion():
    """pain.present unknown but nocturnal pain recorded: pain is implied, so SINS pain is 1, not 0 or 1."""
    result = sins_of(pain={"present": DROP, "nocturnal": True, "mechanical": False},
                     level="T7", lesion="blastic")
    assert result.components["pain"] == 1
    assert "pain.present" not in result.missing
