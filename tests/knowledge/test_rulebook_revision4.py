"""The fourth rulebook revision (issue 9): one test per changed rule, read literally."""

from __future__ import annotations

import pytest
from helpers import DROP, make_case, mri

from knowledge import assess
from knowledge.vocab import Steroids


def ids(items):
    return [item.id for item in items]


def action(a, action_id):
    return next(x for x in a.actions if x.id == action_id)


def note(a, note_id):
    return next(x for x in a.notes if x.id == note_id)


# §2.2 — steroids before a lymphoma biopsy


@pytest.mark.parametrize("histology", [False, DROP])
def test_primary_lymphoma_without_confirmed_histology_discusses_haematology_first(histology):
    """A primary recorded as lymphoma, histology false or unknown, with weak legs: no dexamethasone yet."""
    a = assess(make_case(cancer={"primary": "lymphoma", "histology_confirmed": histology},
                         neurology={"limb_weakness": True}))
    assert a.steroids is Steroids.DISCUSS_HAEMATOLOGY_FIRST
    assert "dexamethasone" not in ids(a.actions)
    assert "steroid_regimens" not in ids(a.notes)
    assert action(a, "discuss_haematology_before_steroids").timing == "immediately"


def test_primary_lymphoma_with_confirmed_histology_is_offered_dexamethasone():
    """Confirmed lymphoma with a red flag: dexamethasone 16 mg as for any haematological cancer."""
    a = assess(make_case(cancer={"primary": "lymphoma"}, neurology={"limb_weakness": True}))
    assert a.steroids is Steroids.OFFER_DEXAMETHASONE_16MG


@pytest.mark.parametrize(("pain", "timing"), [
    ({"nocturnal": True}, "within_24h"),  # urgent
    ({}, None),  # routine
])
def test_haematology_discussion_timing_follows_urgency(pain, timing):
    """§2 table: the discussion is within 24 hours when urgent and has no timing when routine."""
    a = assess(make_case(cancer={"lymphoma_suspected": True, "histology_confirmed": DROP},
                         pain=pain))
    assert action(a, "discuss_haematology_before_steroids").timing == timing


# §3 and §6.5 — notes with conditions


def test_no_plain_xray_note_on_a_routine_pathway():
    """Any urgency with cancer and no negative scan gets the plain-film note (routine included)."""
    a = assess(make_case())
    assert a.urgency.value == "routine"
    assert "no_plain_xray_for_diagnosis" in ids(a.notes)
    assert "no_plain_xray_for_diagnosis" in a.imaging.notes


def test_no_plain_xray_note_not_after_a_negative_scan_but_with_an_xray_case():
    """After a negative whole-spine MRI the note goes; an X-ray case keeps it even without cancer."""
    negative = assess(make_case(imaging={"modality": "mri_whole_spine", "lesion_found": False}))
    assert "no_plain_xray_for_diagnosis" not in ids(negative.notes)
    xray = assess(make_case(cancer={"status": "none", "primary": DROP, "lymphoma_suspected": DROP},
                            imaging={"modality": "xray", "lesion_found": False}))
    assert "no_plain_xray_for_diagnosis" in ids(xray.notes)


@pytest.mark.parametrize(("sections", "expected"), [
    ({}, False),  # no lesion, no bone metastases, breast
    ({"imaging": mri()}, True),
    ({"disease": {"extraspinal_bone_metastases": 2}}, True),
    ({"cancer": {"primary": "myeloma"}}, True),
    ({"disease": {"extraspinal_bone_metastases": DROP}}, False),  # unknown is not >= 1
])
def test_bone_targeted_therapy_only_with_bone_disease(sections, expected):
    """§6.5: a lesion seen, extraspinal bone metastases >= 1, or myeloma."""
    a = assess(make_case(**sections))
    assert ("bone_targeted_therapy" in ids(a.notes)) is expected


def test_poor_performance_note_not_beside_cebrt_and_supportive_care():
    """Karnofsky 30 and survival 1 month: the decision says it, the note is not added."""
    a = assess(make_case(general={"karnofsky": 30, "expected_survival_months": 1},
                         imaging=mri()))
    assert a.noms.decision.value == "cebrt_and_supportive_care"
    assert "poor_performance" not in ids(a.notes)
    waiting = assess(make_case(general={"karnofsky": 30, "expected_survival_months": 1}))
    assert waiting.noms.decision.value == "awaiting_imaging"
    assert "poor_performance" in ids(waiting.notes)


def test_biopsy_technique_urgent_variant_never_delays_treatment():
    """In an emergency a needed biopsy is urgent and its note says so, not 'biopsy last'."""
    urgent = assess(make_case(cancer={"histology_confirmed": False},
                              neurology={"limb_weakness": True}))
    assert urgent.biopsy.timing.value == "urgent"
    text = note(urgent, "biopsy_technique").text
    assert "decompression" in text
    assert "Biopsy last" not in text
    later = assess(make_case(cancer={"histology_confirmed": False}))
    assert later.biopsy.timing.value == "after_imaging_and_staging"
    assert "last, after imaging and staging" in note(later, "biopsy_technique").text


def test_pathway_notes_and_prognostic_scores_note():
    """mri_negative and outside_scope follow the pathway; other_prognostic_scores any computed score."""
    negative = assess(make_case(imaging={"modality": "mri_whole_spine", "lesion_found": False}))
    assert "mri_negative" in ids(negative.notes)
    assert "other_prognostic_scores" not in ids(negative.notes)
    outside = assess(make_case(cancer={"status": "none", "primary": DROP,
                                       "lymphoma_suspected": DROP}))
    assert "outside_scope" in ids(outside.notes)
    assert "other_prognostic_scores" in ids(assess(make_case()).notes)


# §4 — biopsy reasons


def test_biopsy_reasons_list_every_trigger():
    """First metastasis stands beside exclude_infection and atypical imaging."""
    a = assess(make_case(cancer={"established_metastases": False}, general={"fever": True},
                         imaging=mri(atypical=True)))
    assert a.biopsy.recommendation.value == "needed"
    assert set(a.biopsy.reasons) == {"exclude_infection", "atypical_imaging", "first_metastasis"}


@pytest.mark.parametrize("primary", ["lymphoma", "myeloma"])
def test_first_metastasis_is_not_a_reason_in_haematological_cancer(primary):
    """Row 5 does not apply to primary lymphoma or myeloma."""
    a = assess(make_case(cancer={"primary": primary, "established_metastases": False},
                         imaging=mri()))
    assert "first_metastasis" not in a.biopsy.reasons
    assert a.biopsy.recommendation.value == "not_needed"


def test_after_a_negative_scan_only_row_two_reasons():
    """A negative scan leaves only cancer_suspected / primary_unknown."""
    a = assess(make_case(cancer={"status": "suspected", "primary": DROP,
                                 "histology_confirmed": False},
                         general={"fever": True},
                         imaging={"modality": "mri_whole_spine", "lesion_found": False}))
    assert set(a.biopsy.reasons) == {"cancer_suspected", "primary_unknown"}


# §3 — the modality once done


def test_imaging_modality_is_the_one_done():
    """A whole-spine MRI done before MRI became contraindicated is reported as the MRI done."""
    a = assess(make_case(general={"mri_contraindicated": True}, imaging=mri()))
    assert a.imaging.timing.value == "done"
    assert a.imaging.modality.value == "mri_whole_spine"
    ct = assess(make_case(general={"mri_contraindicated": True},
                          imaging=mri(modality="ct_whole_spine")))
    assert (ct.imaging.timing.value, ct.imaging.modality.value) == ("done", "ct_whole_spine")
    not_done = assess(make_case(general={"mri_contraindicated": True}))
    assert not_done.imaging.modality.value == "ct_whole_spine"


# ASSESSMENT — every note in the top-level notes


def test_imaging_notes_are_in_the_top_level_notes():
    """imaging.notes repeats ids that all stand, with text and refs, in notes."""
    a = assess(make_case(imaging=mri(modality="bone_scan")))
    assert "whole_spine_needed" in a.imaging.notes
    assert set(a.imaging.notes) <= set(ids(a.notes))
    assert all(n.text and n.refs for n in a.notes)


# §5.6 — ECOG echo


def test_ecog_is_echoed_beside_a_karnofsky():
    """scores.ecog is general.ecog whenever it is given."""
    assert assess(make_case(general={"ecog": 1})).scores.ecog == 1
    assert assess(make_case()).scores.ecog is None


# Wording


def test_urgent_coordinator_text_says_what_the_imaging_section_says():
    """Urgent with the whole-spine MRI done: the text does not ask for the MRI within a week."""
    done = assess(make_case(imaging=mri()))
    assert done.urgency.value == "urgent"
    assert "within a week" not in action(done, "contact_mscc_coordinator").text
    needed = assess(make_case(pain={"nocturnal": True}))
    assert needed.imaging.timing.value == "within_1_week"
    assert "within a week" in action(needed, "contact_mscc_coordinator").text


def test_poor_performance_and_previous_radiotherapy_wording():
    """cEBRT and supportive care take the place of surgery; re-irradiation is 'usually not repeated'."""
    poor = assess(make_case(general={"karnofsky": 30, "expected_survival_months": DROP},
                            imaging=mri()))
    assert "take the place of surgery" in note(poor, "poor_performance").text
    rt = assess(make_case(disease={"previous_radiotherapy_at_level": True}, imaging=mri()))
    text = note(rt, "previous_radiotherapy").text
    assert "usually not repeated" in text
    assert "contraindicated" not in text


def test_neurology_incomplete_note_does_not_say_emergency_once_it_is_one():
    """In an emergency the incomplete-neurology note asks to complete it, not 'makes this an emergency'."""
    emergency = assess(make_case(neurology={"limb_weakness": True, "sensory_change": DROP}))
    assert emergency.urgency.value == "emergency"
    assert "makes this an emergency" not in note(emergency, "neurology_not_assessed").text
    routine = assess(make_case(neurology={"sensory_change": DROP}))
    assert "makes this an emergency" in note(routine, "neurology_not_assessed").text


def test_question_why_texts_do_not_mislead():
    """Issue 9 wording: no "why" says visceral disease lowers every score, that cEBRT comes
    'first', that re-irradiation is contraindicated, that a first metastasis 'usually' needs
    tissue, or that a (whole-spine) CT can exclude metastasis."""
    from dialogs.questions import BY_ID, QUESTIONS

    whys = {q.id: q.why for q in QUESTIONS}
    assert "lowers" not in whys["disease.visceral_metastases"]
    assert "instead of surgery" in whys["general.expected_survival_months"]
    assert "first" not in whys["general.expected_survival_months"]
    assert "usually not repeated" in whys["disease.previous_radiotherapy_at_level"]
    assert "contraindicated" not in whys["disease.previous_radiotherapy_at_level"]
    assert "usually" not in whys["cancer.established_metastases"]
    assert "considered" in whys["cancer.established_metastases"]
    assert "exclude" not in BY_ID["imaging.modality"].why
    assert "CT misses marrow disease" in BY_ID["imaging.modality"].why
