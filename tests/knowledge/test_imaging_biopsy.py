"""RULES.md §3 imaging and §4 biopsy."""

from __future__ import annotations

import pytest
from helpers import DROP, make_case, mri

from knowledge import assess


def test_modality_is_ct_when_mri_contraindicated():
    """Whole-spine CT when MRI is contraindicated, else whole-spine MRI."""
    assert assess(make_case(general={"mri_contraindicated": True})).imaging.modality.value == \
        "ct_whole_spine"
    assert assess(make_case()).imaging.modality.value == "mri_whole_spine"


@pytest.mark.parametrize(("change", "timing"), [
    ({"neurology": {"limb_weakness": True, "rapidly_progressing": True}}, "immediate"),
    ({"neurology": {"limb_weakness": True}}, "within_24h"),
    ({"pain": {"nocturnal": True}}, "within_1_week"),
    ({}, "if_symptoms_persist"),
    ({"imaging": mri(), "neurology": {"limb_weakness": True}}, "done"),
    ({"imaging": mri(modality="mri_partial"), "neurology": {"limb_weakness": True}}, "within_24h"),
    ({"imaging": mri(modality="ct_whole_spine")}, "within_1_week"),
    ({"imaging": mri(modality="ct_whole_spine"), "general": {"mri_contraindicated": True}},
     "done"),
    # a whole-spine MRI is done even if MRI is now contraindicated (e.g. a new pacemaker)
    ({"imaging": mri(), "general": {"mri_contraindicated": True}}, "done"),
])
def test_imaging_timing(change, timing):
    """§3 timing: done for the recommended whole-spine scan, else by urgency (immediate if progressing)."""
    assert assess(make_case(**change)).imaging.timing.value == timing


@pytest.mark.parametrize("modality", ["mri_partial", "ct", "xray", "bone_scan", "pet_ct"])
def test_whole_spine_needed_after_a_partial_study(modality):
    """whole_spine_needed for partial or screening studies."""
    assert "whole_spine_needed" in assess(make_case(imaging=mri(modality=modality))).imaging.notes


def test_imaging_notes():
    """mri_sequences when MRI is still to do; ct_for_metalwork; staging and work-up of the primary."""
    a = assess(make_case(general={"spinal_metalwork": True}, pain={"nocturnal": True},
                         cancer={"established_metastases": False, "primary": DROP}))
    assert a.imaging.notes == ["mri_sequences", "ct_for_metalwork", "no_plain_xray_for_diagnosis",
                               "staging", "unknown_primary_workup"]
    done = assess(make_case(imaging=mri()))
    assert "mri_sequences" not in done.imaging.notes
    assert "staging" not in done.imaging.notes  # known primary, established metastases
    assert all(n in [x.id for x in done.notes] for n in done.imaging.notes)


def test_staging_when_metastases_not_established_or_unknown():
    """staging when established_metastases is not true (unknown included)."""
    assert "staging" in assess(make_case(cancer={"established_metastases": DROP})).imaging.notes


@pytest.mark.parametrize(("change", "recommendation", "reasons"), [
    ({"cancer": {"status": "none", "primary": DROP, "lymphoma_suspected": DROP}}, "not_needed", []),
    ({"cancer": {"status": "suspected", "primary": DROP, "histology_confirmed": DROP}}, "needed",
     ["cancer_suspected", "primary_unknown"]),
    ({"cancer": {"primary": "unknown"},
      "imaging": {"modality": "mri_whole_spine", "lesion_found": False}},
     "needed", ["primary_unknown"]),
    ({"imaging": {"modality": "mri_whole_spine", "lesion_found": False},
      "general": {"fever": True}}, "not_needed", []),
    ({"cancer": {"histology_confirmed": False}}, "needed", ["histology_not_confirmed"]),
    ({"cancer": {"histology_confirmed": DROP}}, "not_needed", []),
    ({"cancer": {"second_primary": True}}, "needed", ["second_primary"]),
    ({"general": {"fever": True}}, "needed", ["exclude_infection"]),
    ({"general": {"infection_risk": True}}, "needed", ["exclude_infection"]),
    ({"imaging": mri(atypical=True)}, "needed", ["atypical_imaging"]),
    ({"cancer": {"established_metastases": False}}, "consider", ["first_metastasis"]),
    ({"cancer": {"established_metastases": DROP}}, "consider", ["first_metastasis"]),
    ({}, "not_needed", []),
])
def test_biopsy_recommendation_and_reasons(change, recommendation, reasons):
    """§4 first match; only an explicit histology_confirmed false counts."""
    a = assess(make_case(**change))
    assert a.biopsy.recommendation.value == recommendation
    assert a.biopsy.reasons == reasons


def test_unknown_histology_is_listed_as_unknown():
    """Unknown histology does not trigger a biopsy but is listed in unknowns."""
    a = assess(make_case(cancer={"histology_confirmed": DROP}))
    assert "biopsy" in a.unknown_effects["cancer.histology_confirmed"]


@pytest.mark.parametrize(("change", "timing"), [
    ({"cancer": {"histology_confirmed": False}, "neurology": {"limb_weakness": True}}, "urgent"),
    ({"cancer": {"histology_confirmed": False}}, "after_imaging_and_staging"),
    ({"cancer": {"established_metastases": False}, "neurology": {"limb_weakness": True}},
     "after_imaging_and_staging"),
    ({}, "not_applicable"),
])
def test_biopsy_timing(change, timing):
    """Urgent only when needed in an emergency; consider is never urgent."""
    assert assess(make_case(**change)).biopsy.timing.value == timing


@pytest.mark.parametrize(("change", "noted"), [
    ({"general": {"fever": True}, "neurology": {"limb_weakness": True}}, True),
    ({"general": {"infection_risk": True}, "pain": {"mechanical": True}}, True),
    ({"general": {"fever": True}, "imaging": mri()}, True),  # NOMS gives a treatment
    ({"general": {"fever": True}}, False),  # awaiting imaging, nothing on the table
    ({"neurology": {"limb_weakness": True}}, False),
])
def test_infection_not_excluded_note(change, noted):
    """Fever or infection risk while steroids, surgery or a NOMS treatment are proposed."""
    a = assess(make_case(**change))
    assert ("infection_not_excluded" in [n.id for n in a.notes]) is noted
