"""RULES.md §2: actions with timings, surgical opinion, steroids and immobilisation."""

from __future__ import annotations

import pytest
from helpers import DROP, make_case, mri

from knowledge import assess


def action_ids(a):
    return [(x.id, x.timing) for x in a.actions]


def test_emergency_actions_and_timings():
    """Suspected MSCC: coordinator now, admit now, surgeon now, dexamethasone now, no plain X-ray."""
    a = assess(make_case(neurology={"limb_weakness": True}))
    assert action_ids(a) == [
        ("contact_mscc_coordinator", "immediately"), ("admit", "immediately"),
        ("surgical_opinion", "immediately"), ("dexamethasone", "immediately"),
        ("immobilise", None), ("no_plain_xray", None)]
    assert all(x.refs and x.text for x in a.actions)


def test_urgent_actions():
    """Urgent: coordinator within 24 h, no plain X-ray, safety net."""
    a = assess(make_case(pain={"nocturnal": True}))
    assert action_ids(a) == [("contact_mscc_coordinator", "within_24h"),
                             ("no_plain_xray", None), ("safety_net", None)]


def test_low_suspicion_actions():
    """Routine low suspicion: safety net and review with a low threshold for MRI."""
    assert action_ids(assess(make_case())) == [("safety_net", None),
                                               ("review_and_low_threshold_for_mri", None)]


@pytest.mark.parametrize(("change", "opinion"), [
    ({"neurology": {"limb_weakness": True}}, "immediate"),
    ({"pain": {"mechanical": True}}, "within_24h"),
    # SINS 7 exactly: T7 1 + pain 1 + lytic 2 + collapse gt50 3 = 7
    ({"imaging": mri(lesion="lytic", collapse="gt50")}, "recommended"),
    # SINS 6
    ({"imaging": mri(lesion="lytic", collapse="lt50")}, "not_indicated"),
    ({}, "not_indicated"),
])
def test_surgical_opinion(change, opinion):
    """§2.1 first match: emergency, instability, SINS ≥ 7, otherwise not indicated."""
    a = assess(make_case(**change))
    assert a.surgical_opinion.value == opinion


def test_surgical_opinion_for_a_surgical_noms_branch_with_sins_items_known():
    """A surgical NOMS branch (SINS 6 or 8 from unknown mechanical pain) with the imaging items known: recommended."""
    a = assess(make_case(cancer={"primary": "kidney"}, pain={"mechanical": DROP},
                         imaging=mri(lesion="lytic", collapse="lt50", escc="1b")))
    assert list(a.scores.sins.totals) == [6, 8]
    assert a.noms.decision.value == "conditional"
    assert a.surgical_opinion.value == "recommended"
    assert "sins_incomplete" in [n.id for n in a.notes]


def test_surgical_branch_with_an_unknown_sins_item_is_not_enough():
    """With an unknown SINS imaging item, a surgical branch does not make it 'recommended'."""
    a = assess(make_case(cancer={"primary": "kidney"}, pain={"mechanical": DROP},
                         imaging=mri(lesion="lytic", collapse="lt50", escc="1b",
                                     posterolateral=DROP)))
    assert any(b.decision.involves_surgery for b in a.noms.branches)
    assert a.surgical_opinion.value == "not_indicated"


@pytest.mark.parametrize(("change", "advice"), [
    ({"cancer": {"status": "none", "primary": DROP, "lymphoma_suspected": DROP},
      "neurology": {"limb_weakness": True}}, "not_routine"),
    ({"cancer": {"lymphoma_suspected": True, "histology_confirmed": DROP}},
     "discuss_haematology_first"),
    ({"cancer": {"lymphoma_suspected": True, "histology_confirmed": True},
      "neurology": {"limb_weakness": True}}, "offer_dexamethasone_16mg"),
    ({"cancer": {"primary": "myeloma"}, "imaging": mri()}, "offer_dexamethasone_16mg"),
    ({"cancer": {"primary": "lymphoma"}, "imaging": mri(escc="2")}, "offer_dexamethasone_16mg"),
    ({"cancer": {"primary": "myeloma"}}, "not_routine"),
    ({"imaging": mri(escc="2")}, "not_routine"),
    ({"imaging": mri(escc="2"), "pain": {"radicular": True}}, "offer_dexamethasone_16mg"),
    ({"neurology": {"sensory_change": True}}, "offer_dexamethasone_16mg"),
    ({"pain": {"nocturnal": True}}, "not_routine"),
])
def test_steroids(change, advice):
    """§2.2 first match, including high-grade ESCC alone (not routine) and the lymphoma caution."""
    assert assess(make_case(**change)).steroids.value == advice


def test_lymphoma_caution_is_an_action_in_an_emergency():
    """Suspected lymphoma without histology: no dexamethasone action; discuss with haematology now."""
    a = assess(make_case(cancer={"lymphoma_suspected": True, "histology_confirmed": False},
                         neurology={"limb_weakness": True}))
    ids = action_ids(a)
    assert ("discuss_haematology_before_steroids", "immediately") in ids
    assert "dexamethasone" not in [i for i, _ in ids]


@pytest.mark.parametrize(("change", "value"), [
    ({"cancer": {"status": "none", "primary": DROP, "lymphoma_suspected": DROP},
      "neurology": {"limb_weakness": True}, "pain": {"mechanical": True}}, "not_needed"),
    ({"neurology": {"limb_weakness": True}, "pain": {"mechanical": True}}, "start_now"),
    ({"neurology": {"limb_weakness": True}}, "consider"),
    ({"pain": {"mechanical": True}}, "consider"),
    ({}, "not_needed"),
])
def test_immobilisation(change, value):
    """§2.3 first match."""
    a = assess(make_case(**change))
    assert a.immobilisation.value == value
    timings = dict(action_ids(a))
    if value == "start_now":
        assert timings["immobilise"] == "immediately"
    elif value == "consider":
        assert timings["immobilise"] is None
    else:
        assert "immobilise" not in timings
