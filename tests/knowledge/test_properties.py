"""Property tests over random partial cases (hypothesis)."""

from __future__ import annotations

import itertools
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import cases

from knowledge import assess, parse_case
from knowledge.case import PAIN_FEATURE_FIELDS, Case
from knowledge.rules.findings import lesion_seen
from knowledge.scores.bauer import bauer
from knowledge.scores.performance import KARNOFSKY_OF_ECOG
from knowledge.scores.sins import sins
from knowledge.scores.tokuhashi import tokuhashi
from knowledge.scores.tomita import GROWTH_OF_SITE, tomita
from knowledge.vocab import (
    Alignment,
    Collapse,
    Frankel,
    Growth,
    LesionType,
    Posterolateral,
    Visceral,
)

SETTINGS = settings(max_examples=int(os.environ.get("SPINEMETS_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
# One level per SINS region is enough to reach every location value.
REGION_LEVELS = ["C1", "C3", "T3", "S2"]
COUNTS_EXTRA = [0, 1, 2, 3, 5]
COUNTS_VERTEBRAL = [1, 2, 3, 4]


def with_values(case: Case, changes: dict[tuple[str, str], object]) -> Case:
    """A copy of the case with (section, field) values set (the inputs were valid already)."""
    sections: dict[str, dict[str, object]] = {}
    for (section, name), value in changes.items():
        sections.setdefault(section, {})[name] = value
    return case.model_copy(update={
        section: getattr(case, section).model_copy(update=fields)
        for section, fields in sections.items()})


def completions(case: Case, domains: dict[tuple[str, str], list[object]]):
    """Every assignment of the unknown inputs among `domains` (known inputs are kept)."""
    open_fields = [(key, options) for key, options in domains.items()
                   if getattr(getattr(case, key[0]), key[1]) is None]
    keys = [k for k, _ in open_fields]
    for combo in itertools.product(*(options for _, options in open_fields)):
        yield with_values(case, dict(zip(keys, combo, strict=False)))


def karnofsky_domain(case: Case) -> list[object]:
    if case.general.ecog is not None:
        low, high = KARNOFSKY_OF_ECOG[case.general.ecog]
        return list(range(low, high + 1, 10))
    return list(range(0, 101, 10))


def pain_completions(case: Case):
    """Completions of the SINS pain inputs: unknown presence, and mechanical re-checked seated."""
    pain = case.pain
    implied = any(getattr(pain, name) is True for name in PAIN_FEATURE_FIELDS)
    presents = [True, False] if pain.present is None and not implied else [pain.present or implied]
    for present in presents:
        if present is False:
            yield case.model_copy(update={"pain": pain.model_copy(update={
                "present": False, "mechanical": None})})
            continue
        open_mechanical = pain.mechanical is None or (
            pain.mechanical is False and pain.mechanical_assessed_seated is False)
        mechanicals = [True, False] if open_mechanical else [pain.mechanical]
        for mechanical in mechanicals:
            yield case.model_copy(update={"pain": pain.model_copy(update={
                "present": True, "mechanical": mechanical,
                "mechanical_assessed_seated": True})})


def assert_exact(result, totals_of_completions):
    """Every completion lands in the reported set, and every reported total is reached."""
    reached = set(totals_of_completions)
    assert reached == set(result.totals)
    assert result.min == min(reached)
    assert result.max == max(reached)
    assert (result.total is None) == (len(reached) > 1)


@SETTINGS
@given(cases(cancer_none=False))
def test_sins_range_is_exactly_the_reachable_totals(data):
    """SINS: the reported totals are exactly those of every completion of the unknowns."""
    case = parse_case(data)
    if not lesion_seen(case):
        return
    domains = {("imaging", "lesion"): list(LesionType), ("imaging", "alignment"): list(Alignment),
               ("imaging", "collapse"): list(Collapse),
               ("imaging", "posterolateral"): list(Posterolateral),
               ("imaging", "level"): REGION_LEVELS}
    reported = sins(case)
    totals = [sins(full).total for partial in pain_completions(case)
              for full in completions(partial, domains)]
    assert_exact(reported, totals)


@SETTINGS
@given(cases(cancer_none=False))
def test_prognostic_ranges_are_exactly_the_reachable_totals(data):
    """Tokuhashi, Tomita, Bauer: reported totals equal the totals over every completion."""
    case = parse_case(data)
    counts = {("disease", "extraspinal_bone_metastases"): COUNTS_EXTRA,
              ("disease", "vertebral_metastases"): COUNTS_VERTEBRAL,
              ("disease", "visceral_metastases"): list(Visceral)}
    tok_domains = {**counts, ("general", "karnofsky"): karnofsky_domain(case),
                   ("neurology", "frankel"): list(Frankel)}
    assert_exact(tokuhashi(case), [tokuhashi(c).total for c in completions(case, tok_domains)])
    tomita_domains = dict(counts)
    if case.cancer.primary not in GROWTH_OF_SITE:
        tomita_domains[("cancer", "tomita_growth")] = list(Growth)
    assert_exact(tomita(case), [tomita(c).total for c in completions(case, tomita_domains)])
    assert_exact(bauer(case), [bauer(c).total for c in completions(case, counts)])


RED_FLAG_SETTERS = [
    ("neurology", "limb_weakness", True), ("neurology", "difficulty_walking", True),
    ("neurology", "ambulatory", False), ("neurology", "sensory_change", True),
    ("neurology", "bladder_bowel_dysfunction", True), ("neurology", "saddle_anaesthesia", True),
    ("neurology", "cord_compression_signs", True), ("neurology", "frankel", "C"),
    ("pain", "radicular", True),
]


@SETTINGS
@given(cases(), st.sampled_from(RED_FLAG_SETTERS))
def test_adding_a_red_flag_never_lowers_urgency(data, setter):
    """Setting any red-flag finding makes it an emergency, and never lowers urgency."""
    before = assess(parse_case(data))
    section, name, value = setter
    data.setdefault(section, {})[name] = value
    after = assess(parse_case(data))
    assert after.urgency.rank >= before.urgency.rank
    assert after.urgency.value == "emergency"


@SETTINGS
@given(cases())
def test_assess_never_raises_and_is_consistent(data):
    """Any valid case assesses; the output is JSON; emergency exactly when there are red flags."""
    case = parse_case(data)
    a = assess(case)
    obj = json.loads(a.model_dump_json())
    assert obj["format"] == "spinemets-assessment/1"
    assert (a.urgency.value == "emergency") == bool(a.red_flags)
    assert set(a.unknowns) == set(a.unknown_effects)
    cited = {r for item in [*a.actions, *a.notes] for r in item.refs}
    assert cited <= {r.id for r in a.references}
    for score in (a.scores.sins, a.scores.tokuhashi_revised, a.scores.tomita,
                  a.scores.bauer_modified):
        if score is not None:
            assert set(score.missing) <= set(a.unknowns)
    if a.noms.decision.value == "conditional":
        assert len({b.decision for b in a.noms.branches}) > 1
    assert assess(case) == a  # pure: same case, same assessment
