"""SINS — Spinal Instability Neoplastic Score [fisher-2010] (RULES.md §5.1, REFERENCE.md §1)."""

from __future__ import annotations

from knowledge.case import Case, Pain
from knowledge.levels import SinsRegion, sins_region
from knowledge.scores.ranges import Bands, Item, ScoreResult, combine, item, lookup
from knowledge.vocab import Alignment, Collapse, LesionType, Posterolateral

REF = "fisher-2010"

LOCATION_POINTS = {
    SinsRegion.JUNCTIONAL: 3,
    SinsRegion.MOBILE: 2,
    SinsRegion.SEMI_RIGID: 1,
    SinsRegion.RIGID: 0,
}
MECHANICAL_PAIN, OCCASIONAL_PAIN, PAIN_FREE = 3, 1, 0
LESION_POINTS = {LesionType.LYTIC: 2, LesionType.MIXED: 1, LesionType.BLASTIC: 0}
ALIGNMENT_POINTS = {Alignment.SUBLUXATION: 4, Alignment.DEFORMITY: 2, Alignment.NORMAL: 0}
# Collapse is read strictly: under or over this percentage; exactly this is not defined
# (REFERENCE.md §1: ask, and log the choice).
COLLAPSE_PERCENT = 50
COLLAPSE_POINTS = {
    Collapse.GT50: 3,
    Collapse.LT50: 2,
    Collapse.NONE_GT50_INVOLVED: 1,
    Collapse.NONE: 0,
}
POSTEROLATERAL_POINTS = {
    Posterolateral.BILATERAL: 3,
    Posterolateral.UNILATERAL: 1,
    Posterolateral.NONE: 0,
}
BANDS = Bands((
    (0, 6, "stable"),
    (7, 12, "potentially_unstable"),
    (13, 18, "unstable"),
))
# Where the bands start: 7 or more warrants a surgical consultation (RULES §2.1), a minimum
# of 13 or more is instability (RULES §1.4).
POTENTIALLY_UNSTABLE_MIN = BANDS.start("potentially_unstable")
UNSTABLE_MIN = BANDS.start("unstable")


def location_points(level: str) -> int:
    """The SINS location points of a level (T2 → 3, T3 → 1)."""
    return LOCATION_POINTS[sins_region(level)]


def mechanical_answer_counts(pain: Pain) -> bool | None:
    """The mechanical-pain answer as SINS may use it.

    "Not mechanical" from an examination explicitly not done seated is unknown (§1.4):
    supine examination misses mechanical pain.
    """
    if pain.mechanical is False and pain.mechanical_assessed_seated is False:
        return None
    return pain.mechanical


def pain_item(pain: Pain) -> Item:
    present = pain.present_or_implied
    if present is False:
        return item("pain", (PAIN_FREE,))
    mechanical = mechanical_answer_counts(pain)
    if mechanical is True:
        return item("pain", (MECHANICAL_PAIN,))
    options = {OCCASIONAL_PAIN} if mechanical is False else {OCCASIONAL_PAIN, MECHANICAL_PAIN}
    missing = [] if mechanical is False else ["pain.mechanical"]
    if present is None:
        options.add(PAIN_FREE)
        missing.insert(0, "pain.present")
    return item("pain", options, *missing)


def sins(case: Case) -> ScoreResult:
    """SINS of the index lesion; unknown items widen it into the set of reachable totals."""
    imaging = case.imaging
    assert imaging is not None, "SINS needs a lesion on imaging"
    region = sins_region(imaging.level) if imaging.level is not None else None
    items = [
        lookup("location", LOCATION_POINTS, region, "imaging.level"),
        pain_item(case.pain),
        lookup("lesion", LESION_POINTS, imaging.lesion, "imaging.lesion"),
        lookup("alignment", ALIGNMENT_POINTS, imaging.alignment, "imaging.alignment"),
        lookup("collapse", COLLAPSE_POINTS, imaging.collapse, "imaging.collapse"),
        lookup("posterolateral", POSTEROLATERAL_POINTS, imaging.posterolateral,
               "imaging.posterolateral"),
    ]
    return combine(items, BANDS, REF)
