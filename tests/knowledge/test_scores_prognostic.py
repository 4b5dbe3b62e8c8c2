"""Revised Tokuhashi, Tomita and modified Bauer: every item, the traps and band boundaries."""

from __future__ import annotations

import pytest
from helpers import DROP, make_case

from knowledge import assess
from knowledge.scores import tomita as tomita_module
from knowledge.scores.bauer import bauer
from knowledge.scores.tokuhashi import tokuhashi
from knowledge.scores.tomita import tomita
from knowledge.vocab import Growth, PrimarySite


def note_ids(a):
    return [n.id for n in a.notes]

# ---------------------------------------------------------------- revised Tokuhashi


@pytest.mark.parametrize(("karnofsky", "points"), [
    (0, 0), (10, 0), (40, 0), (50, 1), (70, 1), (80, 2), (100, 2)])
def test_tokuhashi_general_condition_from_karnofsky(karnofsky, points):
    """Karnofsky 10–40 → 0, 50–70 → 1, 80–100 → 2 (Karnofsky 0 read as poor)."""
    score = tokuhashi(make_case(general={"karnofsky": karnofsky}))
    assert score.components["general_condition"] == points


@pytest.mark.parametrize(("ecog", "options"), [(0, [2]), (1, [1, 2]), (2, [1]), (3, [0]), (4, [0])])
def test_tokuhashi_general_condition_from_ecog_only(ecog, options):
    """With only ECOG: 0 → 2, 1 → 1 or 2, 2 → 1, 3–4 → 0; Karnofsky is listed as missing when open."""
    score = tokuhashi(make_case(general={"karnofsky": DROP, "ecog": ecog}))
    got = list(score.component_options.get("general_condition", ())) or [
        score.components["general_condition"]]
    assert got == options
    assert ("general.karnofsky" in score.missing) == (len(options) > 1)


def test_tokuhashi_ecog_ignored_when_karnofsky_known():
    """Karnofsky wins over ECOG."""
    score = tokuhashi(make_case(general={"karnofsky": 40, "ecog": 0}))
    assert score.components["general_condition"] == 0


@pytest.mark.parametrize(("count", "points"), [(0, 2), (1, 1), (2, 1), (3, 0), (9, 0)])
def test_tokuhashi_extraspinal_bone_metastases(count, points):
    """Extraspinal bone metastases 0 → 2, 1–2 → 1, ≥3 → 0."""
    score = tokuhashi(make_case(disease={"extraspinal_bone_metastases": count}))
    assert score.components["extraspinal_bone_metastases"] == points


@pytest.mark.parametrize(("count", "points"), [(1, 2), (2, 1), (3, 0), (7, 0)])
def test_tokuhashi_vertebral_bodies_trap(count, points):
    """Vertebral bodies 1 → 2, 2 → 1, ≥3 → 0 (not '1–2 → 1')."""
    score = tokuhashi(make_case(disease={"vertebral_metastases": count}))
    assert score.components["vertebral_metastases"] == points


@pytest.mark.parametrize(("visceral", "points"), [
    ("none", 2), ("removable", 1), ("treatable", 0), ("untreatable", 0)])
def test_tokuhashi_visceral(visceral, points):
    """Visceral: none 2, removable 1, treatable/untreatable 0."""
    score = tokuhashi(make_case(disease={"visceral_metastases": visceral}))
    assert score.components["visceral_metastases"] == points


TOKUHASHI_PRIMARY = {
    0: ["lung_nsclc", "lung_sclc", "osteosarcoma", "stomach", "bladder", "oesophagus",
        "pancreas"],
    1: ["liver", "gallbladder", "unknown"],
    3: ["kidney", "uterus"],
    4: ["rectum"],
    5: ["thyroid", "breast", "prostate", "carcinoid"],
}


@pytest.mark.parametrize("site", [s.value for s in PrimarySite])
def test_tokuhashi_primary_table_for_every_site(site):
    """The corrected primary-site table: every site id has its value; unlisted sites are 'others' = 2."""
    expected = next((p for p, sites in TOKUHASHI_PRIMARY.items() if site in sites), 2)
    score = tokuhashi(make_case(cancer={"primary": site}))
    assert score.components["primary_site"] == expected


def test_tokuhashi_absent_primary_is_unidentified():
    """An absent primary means 'unidentified' (1), not an unknown item."""
    score = tokuhashi(make_case(cancer={"primary": DROP}))
    assert score.components["primary_site"] == 1
    assert "cancer.primary" not in score.missing


@pytest.mark.parametrize(("frankel", "points"), [("A", 0), ("B", 0), ("C", 1), ("D", 1), ("E", 2)])
def test_tokuhashi_palsy_from_frankel(frankel, points):
    """Palsy: Frankel A/B 0, C/D 1, E 2."""
    score = tokuhashi(make_case(neurology={"frankel": frankel}))
    assert score.components["palsy"] == points


@pytest.mark.parametrize(("overrides", "total", "band"), [
    # breast 5 + K80 2 + extraspinal 3+ 0 + vertebral 3+ 0 + visceral treatable 0 + E 2 = 9
    ({"disease": {"extraspinal_bone_metastases": 3, "vertebral_metastases": 3,
                  "visceral_metastases": "treatable"}}, 9, "ge_6_months"),
    # same with Karnofsky 70 → 8: the conservative band is 0–8 (≤ 8, not < 8)
    ({"general": {"karnofsky": 70}, "disease": {"extraspinal_bone_metastases": 3,
      "vertebral_metastases": 3, "visceral_metastases": "treatable"}}, 8, "lt_6_months"),
    # breast 5 + K80 2 + extraspinal 0 + vertebral 1 → 2 + treatable 0 + E 2 = 11
    ({"disease": {"extraspinal_bone_metastases": 3, "vertebral_metastases": 1,
                  "visceral_metastases": "treatable"}}, 11, "ge_6_months"),
    ({"disease": {"extraspinal_bone_metastases": 3, "vertebral_metastases": 1,
                  "visceral_metastases": "removable"}}, 12, "ge_12_months"),
    ({}, 15, "ge_12_months"),
])
def test_tokuhashi_band_boundaries(overrides, total, band):
    """Bands 0–8 lt_6_months, 9–11 ge_6_months, 12–15 ge_12_months."""
    score = tokuhashi(make_case(**overrides))
    assert (score.total, score.band) == (total, band)


def test_tokuhashi_all_unknown_spans_every_band():
    """With every item unknown but the primary (breast 5), the range is 5 + 0..10 and spans all bands."""
    score = tokuhashi(make_case(general=None, disease=None, neurology=None))
    assert (score.min, score.max) == (5, 15)
    assert list(score.totals) == list(range(5, 16))
    assert list(score.bands) == ["lt_6_months", "ge_6_months", "ge_12_months"]
    assert list(score.missing) == ["general.karnofsky", "disease.extraspinal_bone_metastases",
                             "disease.vertebral_metastases", "disease.visceral_metastases",
                             "neurology.frankel"]


# ---------------------------------------------------------------- Tomita

TOMITA_GROWTH = {1: ["breast", "thyroid", "prostate"], 2: ["kidney", "uterus"],
                 4: ["lung_nsclc", "lung_sclc", "stomach", "liver", "unknown"]}


@pytest.mark.parametrize("site", [s.value for s in PrimarySite])
def test_tomita_growth_by_site_and_unlisted_sites_are_unknown(site):
    """Slow 1, moderate 2, rapid 4 (not 3); a site not in the table is unknown: 1, 2 or 4."""
    expected = next((p for p, sites in TOMITA_GROWTH.items() if site in sites), None)
    score = tomita(make_case(cancer={"primary": site}))
    if expected is None:
        assert score.components["primary_growth"] is None
        assert list(score.component_options["primary_growth"]) == [1, 2, 4]
        assert "cancer.tomita_growth" in score.missing
    else:
        assert score.components["primary_growth"] == expected


@pytest.mark.parametrize(("growth", "points"), [("slow", 1), ("moderate", 2), ("rapid", 4)])
def test_tomita_growth_override_for_an_unlisted_site(growth, points):
    """For a site without a growth class, cancer.tomita_growth decides."""
    score = tomita(make_case(cancer={"primary": "melanoma", "tomita_growth": growth}))
    assert score.components["primary_growth"] == points


def test_tomita_growth_override_applies_to_every_site():
    """RULES §5.4 (revised): `tomita_growth` sets the growth item for a site with a class too."""
    listed = tomita(make_case(cancer={"primary": "breast", "tomita_growth": "rapid"}))
    assert listed.components["primary_growth"] == tomita_module.GROWTH_POINTS[Growth.RAPID]
    plain = tomita(make_case(cancer={"primary": "breast"}))
    assert plain.components["primary_growth"] == tomita_module.GROWTH_POINTS[Growth.SLOW]


def test_tomita_growth_override_leaves_no_spurious_en_bloc_note():
    """A rapid override on a breast primary takes the Tomita band out of en bloc range (§6.5)."""
    base = {"cancer": {"primary": "breast"},
            "disease": {"extraspinal_bone_metastases": 0, "vertebral_metastases": 1,
                        "visceral_metastases": "none"}}
    assert "en_bloc_consideration" in note_ids(assess(make_case(**base)))
    base["cancer"]["tomita_growth"] = "rapid"
    assert "en_bloc_consideration" not in note_ids(assess(make_case(**base)))


@pytest.mark.parametrize(("visceral", "points"), [
    ("none", 0), ("removable", 2), ("treatable", 2), ("untreatable", 4)])
def test_tomita_visceral(visceral, points):
    """Visceral: none 0, removable/treatable 2, untreatable 4."""
    score = tomita(make_case(disease={"visceral_metastases": visceral}))
    assert score.components["visceral_metastases"] == points


@pytest.mark.parametrize(("extraspinal", "vertebral", "options", "missing"), [
    (0, 1, [1], []),
    (1, 1, [2], []),
    (0, 2, [2], []),
    (DROP, 1, [1, 2], ["disease.extraspinal_bone_metastases"]),
    (0, DROP, [1, 2], ["disease.vertebral_metastases"]),
    (1, DROP, [2], []),
    (DROP, DROP, [1, 2], ["disease.extraspinal_bone_metastases", "disease.vertebral_metastases"]),
])
def test_tomita_bone_metastases_count_the_spine_too(extraspinal, vertebral, options, missing):
    """Bone metastases = extraspinal + vertebral: one is solitary (1), more are multiple (2)."""
    score = tomita(make_case(disease={"extraspinal_bone_metastases": extraspinal,
                                      "vertebral_metastases": vertebral}))
    got = list(score.component_options.get("bone_metastases", ())) or [score.components["bone_metastases"]]
    assert got == options
    assert list(score.missing) == missing


@pytest.mark.parametrize(("primary", "visceral", "extraspinal", "total", "band"), [
    ("breast", "none", 0, 2, "wide_or_marginal_excision"),
    ("breast", "none", 1, 3, "wide_or_marginal_excision"),
    ("kidney", "none", 1, 4, "marginal_or_intralesional_excision"),
    ("breast", "treatable", 1, 5, "marginal_or_intralesional_excision"),
    ("kidney", "treatable", 1, 6, "palliative_surgery"),
    ("breast", "untreatable", 1, 7, "palliative_surgery"),
    ("kidney", "untreatable", 1, 8, "supportive_care"),
    ("lung_nsclc", "untreatable", 1, 10, "supportive_care"),
])
def test_tomita_band_boundaries(primary, visceral, extraspinal, total, band):
    """Bands 2–3, 4–5, 6–7, 8–10."""
    score = tomita(make_case(cancer={"primary": primary},
                             disease={"visceral_metastases": visceral,
                                      "extraspinal_bone_metastases": extraspinal}))
    assert (score.total, score.band) == (total, band)


# ---------------------------------------------------------------- modified Bauer


@pytest.mark.parametrize(("site", "not_lung", "favourable"), [
    ("breast", 1, 1), ("kidney", 1, 1), ("lymphoma", 1, 1), ("myeloma", 1, 1),
    ("prostate", 1, 0), ("thyroid", 1, 0), ("lung_nsclc", 0, 0), ("lung_sclc", 0, 0),
    ("unknown", 1, 0), ("melanoma", 1, 0),
])
def test_bauer_primary_items(site, not_lung, favourable):
    """Primary not lung (unknown counts as not lung); favourable only breast, kidney, lymphoma, myeloma (prostate 0)."""
    score = bauer(make_case(cancer={"primary": site}))
    assert score.components["primary_not_lung"] == not_lung
    assert score.components["favourable_primary"] == favourable


@pytest.mark.parametrize(("visceral", "points"), [
    ("none", 1), ("removable", 0), ("treatable", 0), ("untreatable", 0)])
def test_bauer_no_visceral_metastases(visceral, points):
    """One point only when there are no visceral metastases."""
    score = bauer(make_case(disease={"visceral_metastases": visceral}))
    assert score.components["no_visceral_metastases"] == points


def test_bauer_unknown_visceral_is_zero_or_one():
    """Unknown visceral metastases leave 0 or 1."""
    score = bauer(make_case(disease={"visceral_metastases": DROP}))
    assert list(score.component_options["no_visceral_metastases"]) == [0, 1]
    assert list(score.missing) == ["disease.visceral_metastases"]


@pytest.mark.parametrize(("primary", "visceral", "extraspinal", "total", "band"), [
    ("lung_nsclc", "treatable", 1, 0, "supportive_care"),
    ("prostate", "treatable", 1, 1, "supportive_care"),
    ("prostate", "none", 1, 2, "short_term_palliation"),
    ("breast", "none", 1, 3, "mid_term_local_control"),
    ("breast", "none", 0, 4, "mid_term_local_control"),
])
def test_bauer_band_boundaries(primary, visceral, extraspinal, total, band):
    """Bands 0–1 supportive care, 2 short-term palliation, 3–4 mid-term local control."""
    score = bauer(make_case(cancer={"primary": primary},
                            disease={"visceral_metastases": visceral,
                                     "extraspinal_bone_metastases": extraspinal}))
    assert (score.total, score.band) == (total, band)
