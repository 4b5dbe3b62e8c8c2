"""Revised Tokuhashi score [tokuhashi-2005] (RULES.md §5.3, REFERENCE.md §2)."""

from __future__ import annotations

from knowledge.case import Case, General
from knowledge.scores.performance import KARNOFSKY_OF_ECOG
from knowledge.scores.ranges import Bands, Item, ScoreResult, combine, item, lookup
from knowledge.vocab import Frankel, PrimarySite, Visceral

REF = "tokuhashi-2005"

# General condition by Karnofsky: 10–40 poor (0), 50–70 moderate (1), 80–100 good (2).
# Karnofsky 0 is below the table's lowest row; it is read as poor (0).
KARNOFSKY_BANDS = ((0, 40, 0), (50, 70, 1), (80, 100, 2))
EXTRASPINAL_POINTS = ((3, 0), (1, 1), (0, 2))  # (at least, points): >=3 → 0, 1–2 → 1, 0 → 2
VERTEBRAL_POINTS = ((3, 0), (2, 1), (1, 2))  # >=3 → 0, 2 → 1, 1 → 2
VISCERAL_POINTS = {
    Visceral.NONE: 2,
    Visceral.REMOVABLE: 1,
    Visceral.TREATABLE: 0,
    Visceral.UNTREATABLE: 0,
}
PRIMARY_POINTS: dict[PrimarySite, int] = {
    **dict.fromkeys((PrimarySite.LUNG_NSCLC, PrimarySite.LUNG_SCLC, PrimarySite.OSTEOSARCOMA,
                     PrimarySite.STOMACH, PrimarySite.BLADDER, PrimarySite.OESOPHAGUS,
                     PrimarySite.PANCREAS), 0),
    **dict.fromkeys((PrimarySite.LIVER, PrimarySite.GALLBLADDER, PrimarySite.UNKNOWN), 1),
    **dict.fromkeys((PrimarySite.KIDNEY, PrimarySite.UTERUS), 3),
    PrimarySite.RECTUM: 4,
    **dict.fromkeys((PrimarySite.THYROID, PrimarySite.BREAST, PrimarySite.PROSTATE,
                     PrimarySite.CARCINOID), 5),
}
OTHERS_POINTS = 2  # every other site id ("others")
PALSY_POINTS = {Frankel.A: 0, Frankel.B: 0, Frankel.C: 1, Frankel.D: 1, Frankel.E: 2}
BANDS = Bands((
    (0, 8, "lt_6_months"),
    (9, 11, "ge_6_months"),
    (12, 15, "ge_12_months"),
))


def karnofsky_points(karnofsky: int) -> int:
    for low, high, points in KARNOFSKY_BANDS:
        if low <= karnofsky <= high:
            return points
    raise ValueError(f"Karnofsky {karnofsky} outside 0..100")


# With only ECOG, the points of its usual Karnofsky range (RULES §5.3, §5.6):
# 0 → 2, 1 → 1 or 2, 2 → 1, 3–4 → 0.
ECOG_OPTIONS = {ecog: tuple(sorted({karnofsky_points(low), karnofsky_points(high)}))
                for ecog, (low, high) in KARNOFSKY_OF_ECOG.items()}


def general_condition_item(general: General) -> Item:
    if general.karnofsky is not None:
        return item("general_condition", (karnofsky_points(general.karnofsky),))
    if general.ecog is not None:
        return item("general_condition", ECOG_OPTIONS[general.ecog], "general.karnofsky")
    return item("general_condition", (0, 1, 2), "general.karnofsky")


def _count_item(name: str, count: int | None, table: tuple[tuple[int, int], ...],
                path: str) -> Item:
    if count is None:
        return item(name, (points for _, points in table), path)
    return item(name, (next(points for least, points in table if count >= least),))


def primary_points(primary: PrimarySite) -> int:
    return PRIMARY_POINTS.get(primary, OTHERS_POINTS)


def tokuhashi(case: Case) -> ScoreResult:
    disease = case.disease
    items = [
        general_condition_item(case.general),
        _count_item("extraspinal_bone_metastases", disease.extraspinal_bone_metastases,
                    EXTRASPINAL_POINTS, "disease.extraspinal_bone_metastases"),
        _count_item("vertebral_metastases", disease.vertebral_metastases, VERTEBRAL_POINTS,
                    "disease.vertebral_metastases"),
        lookup("visceral_metastases", VISCERAL_POINTS, disease.visceral_metastases,
               "disease.visceral_metastases"),
        item("primary_site", (primary_points(case.cancer.primary),)),
        lookup("palsy", PALSY_POINTS, case.neurology.frankel, "neurology.frankel"),
    ]
    return combine(items, BANDS, REF)
