"""RULES.md §6: NOMS decisions and branches, substitutions, overrides, Patchell and notes."""

from __future__ import annotations

import pytest
from helpers import DROP, make_case, mri

from knowledge import assess
from knowledge.rules.noms import TABLE

# (primary, escc, imaging changes for SINS band, fit) → decision, for every table row.
# T7 blastic quiet lesion: SINS 2 (stable). Subluxation + gt50 + bilateral lytic: unstable.
STABLE = {}
UNSTABLE = {"lesion": "lytic", "alignment": "subluxation", "collapse": "gt50",
            "posterolateral": "bilateral"}


@pytest.mark.parametrize(("primary", "grade", "lesion", "fit", "decision"), [
    ("breast", "1a", STABLE, True, "cebrt"),
    ("breast", "1a", UNSTABLE, True, "stabilisation_then_cebrt"),
    ("kidney", "1a", STABLE, True, "srs"),
    ("kidney", "1a", UNSTABLE, True, "stabilisation_then_srs"),
    ("breast", "2", STABLE, True, "cebrt"),
    ("breast", "3", UNSTABLE, True, "stabilisation_then_cebrt"),
    ("kidney", "2", STABLE, True, "decompression_stabilisation_then_srs"),
    ("kidney", "2", STABLE, False, "cebrt"),
    ("kidney", "3", UNSTABLE, True, "decompression_stabilisation_then_srs"),
    ("kidney", "3", UNSTABLE, False, "stabilisation_then_cebrt"),
    ("myeloma", "2", STABLE, False, "cebrt"),  # highly sensitive reads radiosensitive
])
def test_every_row_of_the_noms_table(primary, grade, lesion, fit, decision):
    """§6.3: each N/O/M/S combination gives the table's decision."""
    a = assess(make_case(cancer={"primary": primary}, general={"fit_for_surgery": fit},
                         imaging=mri(escc=grade, **lesion)))
    assert a.noms.decision.value == decision
    assert a.noms.branches == []


def test_table_has_ten_rows():
    """The decision table is the rulebook's ten rows."""
    assert len(TABLE) == 10


def test_indeterminate_escc_evaluates_both_rows():
    """ESCC 1c: low and high rows; renal, stable, fitness unknown → SRS, or decompression, or cEBRT."""
    a = assess(make_case(cancer={"primary": "kidney"}, general={"fit_for_surgery": DROP},
                         imaging=mri(escc="1c")))
    assert a.noms.neurologic == "indeterminate"
    assert a.noms.decision.value == "conditional"
    branches = {(tuple(sorted(b.when.items())), b.decision.value) for b in a.noms.branches}
    assert branches == {
        ((("neurologic", "low"),), "srs"),
        ((("neurologic", "high"), ("systemic", "able")), "decompression_stabilisation_then_srs"),
        ((("neurologic", "high"), ("systemic", "unable")), "cebrt"),
    }
    assert "escc_indeterminate" in [n.id for n in a.notes]


def test_unclassified_radiosensitivity_evaluates_both():
    """A site without a radiosensitivity class (bladder): both rows; an oncology override settles it."""
    both = assess(make_case(cancer={"primary": "bladder"}, imaging=mri()))
    assert {b.decision.value for b in both.noms.branches} == {"cebrt", "srs"}
    assert both.noms.oncologic == "unknown"
    assert "noms" in both.unknown_effects["cancer.radiosensitivity"]
    settled = assess(make_case(cancer={"primary": "bladder", "radiosensitivity": "resistant"},
                               imaging=mri()))
    assert settled.noms.decision.value == "srs"


def test_override_beats_the_site_radiosensitivity():
    """cancer.radiosensitivity from oncology overrides the site class."""
    a = assess(make_case(cancer={"primary": "breast", "radiosensitivity": "resistant"},
                         imaging=mri()))
    assert a.noms.decision.value == "srs"


def test_all_branches_equal_collapse_to_one_decision():
    """Fitness unknown but irrelevant (low grade): the decision is definite."""
    a = assess(make_case(general={"fit_for_surgery": DROP}, imaging=mri()))
    assert a.noms.decision.value == "cebrt"
    assert a.noms.systemic == "unknown"


def test_previous_radiotherapy_substitutes_srs_for_cebrt():
    """Previous radiotherapy at the level: cEBRT → SRS, stabilisation then cEBRT → then SRS, with the note."""
    a = assess(make_case(disease={"previous_radiotherapy_at_level": True}, imaging=mri()))
    assert a.noms.decision.value == "srs"
    b = assess(make_case(disease={"previous_radiotherapy_at_level": True},
                         imaging=mri(**UNSTABLE)))
    assert b.noms.decision.value == "stabilisation_then_srs"
    assert "previous_radiotherapy" in [n.id for n in a.notes]


def test_previous_radiotherapy_note_only_when_the_table_is_reached():
    """No imaging yet: NOMS awaits imaging, and there is no previous-radiotherapy note."""
    a = assess(make_case(disease={"previous_radiotherapy_at_level": True}))
    assert a.noms.decision.value == "awaiting_imaging"
    assert "previous_radiotherapy" not in [n.id for n in a.notes]


@pytest.mark.parametrize(("change", "decision"), [
    ({"cancer": {"status": "none", "primary": DROP, "lymphoma_suspected": DROP}},
     "not_applicable"),
    ({"imaging": {"modality": "mri_whole_spine", "lesion_found": False}}, "not_applicable"),
    ({}, "awaiting_imaging"),
    ({"imaging": {"modality": "bone_scan", "level": "T4"}}, "awaiting_imaging"),
    ({"imaging": mri(modality="pet_ct")}, "awaiting_imaging"),
    ({"imaging": mri(), "cancer": {"status": "suspected"}}, "tissue_diagnosis_first"),
    ({"imaging": mri(), "cancer": {"primary": "unknown"}}, "tissue_diagnosis_first"),
    ({"imaging": mri(), "cancer": {"histology_confirmed": False}}, "tissue_diagnosis_first"),
    ({"imaging": mri(), "general": {"karnofsky": 40, "expected_survival_months": 2}},
     "cebrt_and_supportive_care"),
    ({"imaging": mri(), "general": {"karnofsky": DROP, "ecog": 3,
                                    "expected_survival_months": 1}},
     "cebrt_and_supportive_care"),
    ({"imaging": mri(), "general": {"karnofsky": 50, "expected_survival_months": 1}}, "cebrt"),
    ({"imaging": mri(), "general": {"karnofsky": 40, "expected_survival_months": 3}}, "cebrt"),
])
def test_when_noms_applies(change, decision):
    """§6.1 first match: not applicable, awaiting imaging, tissue first, poor condition override."""
    assert assess(make_case(**change)).noms.decision.value == decision


@pytest.mark.parametrize(("general", "noted"), [
    ({"karnofsky": 40, "expected_survival_months": DROP}, True),
    ({"karnofsky": DROP, "expected_survival_months": 2}, True),
    ({"karnofsky": 40, "expected_survival_months": 2}, True),
    ({"karnofsky": 40, "expected_survival_months": 12}, False),
    ({"karnofsky": 80, "expected_survival_months": 1}, False),
    ({"karnofsky": DROP, "expected_survival_months": DROP}, False),
])
def test_poor_performance_note(general, noted):
    """§6.1: the note when one poor-condition criterion holds and the other is not known to fail."""
    a = assess(make_case(general=general))
    assert ("poor_performance" in [n.id for n in a.notes]) is noted


def test_poor_condition_with_no_imaging_keeps_the_note_without_the_decision():
    """Both criteria hold but no lesion is imaged: awaiting imaging, note still added."""
    a = assess(make_case(general={"karnofsky": 30, "expected_survival_months": 1}))
    assert a.noms.decision.value == "awaiting_imaging"
    assert "poor_performance" in [n.id for n in a.notes]


def test_lesion_without_grade_evaluates_both_rows_and_asks_for_grading():
    """A lesion seen on MRI without ESCC: N unknown, both rows, note escc_needs_grading."""
    a = assess(make_case(cancer={"primary": "kidney"}, imaging=mri(escc=DROP)))
    assert a.noms.neurologic == "unknown"
    assert {b.decision.value for b in a.noms.branches} == {
        "srs", "decompression_stabilisation_then_srs"}
    assert "escc_needs_grading" in [n.id for n in a.notes]


# ---------------------------------------------------------------- Patchell

PATCHELL_CASE = {
    "cancer": {"primary": "kidney"},
    "neurology": {"limb_weakness": True, "frankel": "D"},
    "general": {"expected_survival_months": 6, "fit_for_surgery": True},
    "imaging": mri(escc="3"),
}


def patchell(**changes):
    data = {k: dict(v) for k, v in PATCHELL_CASE.items()}
    for section, fields in changes.items():
        data[section] = {**data.get(section, {}), **fields}
    return assess(make_case(**data))


def test_patchell_candidate_when_every_criterion_holds():
    """All criteria hold: candidate, with the walking-outcome note."""
    a = patchell()
    assert a.patchell_candidate is True
    note = next(n for n in a.notes if n.id == "patchell")
    assert "84%" in note.text
    assert "57%" in note.text
    assert "62%" in note.text
    assert "19%" in note.text


@pytest.mark.parametrize("change", [
    {"neurology": {"limb_weakness": False, "frankel": "E"}},  # no motor deficit
    {"cancer": {"primary": "myeloma"}},  # highly radiosensitive
    {"cancer": {"primary": "unknown"}},  # primary not known
    {"imaging": {"escc": "1c"}},  # 1c is not cord compression
    {"general": {"expected_survival_months": 2.9}},
    {"general": {"fit_for_surgery": False}},
    {"neurology": {"frankel": "B"}},
])
def test_patchell_false_when_a_criterion_fails(change):
    """Any failing criterion makes it false, with nothing missing."""
    a = patchell(**change)
    assert a.patchell_candidate is False
    assert a.patchell_missing == []


@pytest.mark.parametrize(("change", "missing"), [
    ({"general": {"expected_survival_months": None}}, ["general.expected_survival_months"]),
    ({"general": {"fit_for_surgery": None}}, ["general.fit_for_surgery"]),
    ({"neurology": {"frankel": None}}, ["neurology.frankel"]),
    ({"imaging": {"escc": None}}, ["imaging.escc"]),
    ({"cancer": {"primary": "bladder"}}, ["cancer.radiosensitivity"]),
])
def test_patchell_unknown_inputs_give_null_with_the_missing_fields(change, missing):
    """Unknown inputs make candidacy null with the unknown fields listed."""
    a = patchell(**change)
    assert a.patchell_candidate is None
    assert a.patchell_missing == missing


def test_patchell_false_without_cancer_or_after_negative_scan():
    """Cancer none or a negative scan: false."""
    a = assess(make_case(cancer={"status": "none", "primary": DROP, "lymphoma_suspected": DROP},
                         neurology={"limb_weakness": True}))
    assert a.patchell_candidate is False


# ---------------------------------------------------------------- treatment notes


def note_ids(a):
    return [n.id for n in a.notes]


def test_surgical_decision_notes_for_a_renal_primary():
    """Surgery in the decision: embolisation (renal) and the radiotherapy interval."""
    a = patchell()
    assert a.noms.decision.value == "decompression_stabilisation_then_srs"
    assert {"embolisation", "radiotherapy_after_surgery_interval"} <= set(note_ids(a))
    assert "radiotherapy_fractionation" not in note_ids(a)


def test_cebrt_decision_gives_the_fractionation_note():
    """cEBRT in the decision: fractionation note."""
    assert "radiotherapy_fractionation" in note_ids(assess(make_case(imaging=mri())))


@pytest.mark.parametrize(("imaging", "noted"), [
    (mri(collapse="lt50"), True),
    (mri(collapse="gt50"), True),
    (mri(collapse="none"), False),
    (mri(collapse="lt50", escc="2"), False),
    (mri(collapse="lt50", escc="1c"), False),
    (mri(collapse="gt50", level="L1", lesion="lytic", alignment="subluxation"), False),
])
def test_vertebral_augmentation_note(imaging, noted):
    """Collapse, low-grade ESCC and SINS not unstable."""
    assert ("vertebral_augmentation" in note_ids(assess(make_case(imaging=imaging)))) is noted


def test_en_bloc_note_for_a_solitary_metastasis_with_favourable_tomita():
    """Solitary bone metastasis, no visceral disease, Tomita 2–3: en bloc may be considered."""
    assert "en_bloc_consideration" in note_ids(assess(make_case(imaging=mri())))
    assert "en_bloc_consideration" not in note_ids(
        assess(make_case(imaging=mri(), disease={"extraspinal_bone_metastases": 1,
                                                 "visceral_metastases": "treatable"})))


def test_band_advice_text_follows_the_band():
    """tokuhashi_advice/tomita_advice carry the advice of the band reached, and only with a band."""
    a = assess(make_case())
    tok = next(n for n in a.notes if n.id == "tokuhashi_advice")
    assert a.scores.tokuhashi_revised.band == "ge_12_months"
    assert "12-15" in tok.text
    unknown = assess(make_case(general=None, disease=None))
    assert "tokuhashi_advice" not in note_ids(unknown)


@pytest.mark.parametrize(("primary", "expected"), [
    ("lymphoma", {"haematology_mdt", "chemosensitive_primary"}),
    ("myeloma", {"haematology_mdt"}),
    ("germ_cell", {"chemosensitive_primary"}),
    ("breast", set()),
])
def test_haematology_and_chemosensitive_notes(primary, expected):
    """haematology_mdt for lymphoma/myeloma; chemosensitive_primary for lymphoma/germ cell."""
    ids = set(note_ids(assess(make_case(cancer={"primary": primary}))))
    assert ids & {"haematology_mdt", "chemosensitive_primary"} == expected


def test_no_treatment_notes_without_cancer():
    """Treatment notes only when cancer is known or suspected."""
    a = assess(make_case(cancer={"status": "none", "primary": DROP, "lymphoma_suspected": DROP}))
    assert not set(note_ids(a)) & {"bone_targeted_therapy", "tokuhashi_advice", "tomita_advice"}


def test_unknown_survival_is_not_listed_when_karnofsky_rules_out_the_override():
    """Karnofsky 80 cannot give the poor-condition override, so unknown survival does not affect NOMS."""
    a = assess(make_case(general={"expected_survival_months": DROP}, imaging=mri()))
    assert "noms" not in a.unknown_effects.get("general.expected_survival_months", [])
    poor = assess(make_case(general={"karnofsky": 30, "expected_survival_months": DROP},
                            imaging=mri()))
    assert "noms" in poor.unknown_effects["general.expected_survival_months"]


def test_noms_assessments_are_reported_whatever_the_decision():
    """§6.2: N/O/M/S come from the case before the table too; all unknown only when not applicable."""
    waiting = assess(make_case(general={"fit_for_surgery": True}))
    assert waiting.noms.decision.value == "awaiting_imaging"
    assert (waiting.noms.neurologic, waiting.noms.oncologic, waiting.noms.mechanical,
            waiting.noms.systemic) == ("unknown", "sensitive", "unknown", "able")
    tissue = assess(make_case(cancer={"histology_confirmed": False}, imaging=mri()))
    assert tissue.noms.decision.value == "tissue_diagnosis_first"
    assert (tissue.noms.neurologic, tissue.noms.oncologic, tissue.noms.mechanical,
            tissue.noms.systemic) == ("low", "sensitive", "stable", "able")
    decided = assess(make_case(imaging=mri()))
    assert (decided.noms.neurologic, decided.noms.oncologic, decided.noms.mechanical,
            decided.noms.systemic) == ("low", "sensitive", "stable", "able")
    negative = assess(make_case(imaging={"modality": "mri_whole_spine", "lesion_found": False}))
    assert negative.noms.decision.value == "not_applicable"
    assert (negative.noms.neurologic, negative.noms.oncologic, negative.noms.mechanical,
            negative.noms.systemic) == ("unknown",) * 4
