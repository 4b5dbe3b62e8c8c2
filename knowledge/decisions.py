"""Every rule decision for one case, before any text is attached (RULES.md §1–§6).

The rule sections are stages of a small dataflow: each stage names the case fields it
reads and the stages it builds on. `decide(case)` runs them all, in order; `assess` turns
the result into the assessment (texts, notes, references). `reevaluate` answers one unknown
of a case: it reruns only the stages that read that field or whose inputs changed, which
is what makes the exact `unknowns` of RULES §7 cheap (knowledge/unknowns.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from knowledge.case import PAIN_FEATURE_FIELDS, Case
from knowledge.rules import actions as act
from knowledge.rules import biopsy as bx
from knowledge.rules import imaging as img
from knowledge.rules import triage as triage_rules
from knowledge.rules.actions import ActionEntry
from knowledge.rules.findings import lesion_seen, negative_scan
from knowledge.rules.noms import NomsResult, noms
from knowledge.rules.patchell import patchell_candidate
from knowledge.scores.bauer import bauer
from knowledge.scores.escc import EsccResult, escc
from knowledge.scores.ranges import ScoreResult
from knowledge.scores.sins import sins
from knowledge.scores.tokuhashi import tokuhashi
from knowledge.scores.tomita import tomita
from knowledge.vocab import (
    BiopsyRecommendation,
    BiopsyTiming,
    ImagingTiming,
    Immobilisation,
    Modality,
    Pathway,
    Steroids,
    SurgicalOpinion,
    Urgency,
)

Results = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Stage:
    """One rule step: `run(case, results)` may read only `reads` and the results of `deps`."""

    name: str
    reads: frozenset[str]
    deps: tuple[str, ...]
    run: Callable[[Case, Results], Any]


def _fields(section: str, *names: str) -> frozenset[str]:
    return frozenset(f"{section}.{name}" for name in names)


_LESION = _fields("imaging", "lesion_found", "level", "escc", "lesion", "collapse",
                  "alignment", "posterolateral")
_NEGATIVE = _fields("imaging", "lesion_found", "modality") | {"general.mri_contraindicated"}
_FLAGS = (_fields("neurology", "limb_weakness", "difficulty_walking", "sensory_change",
                  "bladder_bowel_dysfunction", "saddle_anaesthesia", "cord_compression_signs",
                  "ambulatory", "frankel") | {"pain.radicular", "imaging.escc"})
_FEATURES = _fields("pain", "present", "regions", *PAIN_FEATURE_FIELDS)
_SINS = (_fields("imaging", "level", "lesion", "alignment", "collapse", "posterolateral")
         | _fields("pain", "present", "mechanical_assessed_seated", *PAIN_FEATURE_FIELDS))
_DISEASE_COUNTS = _fields("disease", "extraspinal_bone_metastases", "vertebral_metastases",
                          "visceral_metastases")
_NOMS = (_fields("cancer", "status", "primary", "histology_confirmed", "radiosensitivity")
         | _fields("general", "karnofsky", "ecog", "expected_survival_months", "fit_for_surgery")
         | {"imaging.modality", "disease.previous_radiotherapy_at_level"})
_BIOPSY = (_fields("cancer", "status", "primary", "histology_confirmed", "second_primary",
                   "established_metastases")
           | _fields("general", "fever", "infection_risk") | {"imaging.atypical"})
_PATCHELL = (_fields("cancer", "status", "primary", "radiosensitivity")
             | _fields("general", "expected_survival_months", "fit_for_surgery")
             | _fields("neurology", "frankel", *triage_rules.MOTOR_INPUTS))


def _urgency(case: Case, r: Results) -> tuple[Urgency, Pathway]:
    return triage_rules.urgency_and_pathway(case, r["flags"], r["features"])


def _scored_sins(case: Case, r: Results) -> ScoreResult | None:
    return sins(case) if r["scored"] and r["seen"] else None


def _escc(case: Case, r: Results) -> EsccResult | None:
    if r["scored"] and r["seen"] and case.imaging is not None:
        return escc(case.imaging.escc)
    return None


def _noms(case: Case, r: Results) -> NomsResult:
    return noms(case, lesion_seen=r["seen"], negative_scan=r["negative"], escc=r["escc"],
                sins=r["sins"])


def _opinion(case: Case, r: Results) -> SurgicalOpinion:
    return act.surgical_opinion(case, r["urgency"][0], r["instability"], r["sins"],
                                r["noms"].all_decisions)


def _actions(case: Case, r: Results) -> list[ActionEntry]:
    urgency, pathway = r["urgency"]
    return act.actions(urgency, pathway, r["opinion"], r["steroids"], r["immobilisation"],
                       r["imaging_timing"])


def _biopsy(case: Case, r: Results) -> tuple[BiopsyRecommendation, BiopsyTiming]:
    recommendation = bx.biopsy_recommendation(r["biopsy_reasons"])
    return recommendation, bx.biopsy_timing(recommendation, r["urgency"][0])


def _patchell(case: Case, r: Results) -> tuple[bool | None, list[str]]:
    return patchell_candidate(case, pathway=r["urgency"][1], flags=r["flags"],
                              negative_scan=r["negative"], escc=r["escc"])


def _prognostic(score: Callable[[Case], ScoreResult]) -> Callable[[Case, Results], Any]:
    def run(case: Case, r: Results) -> ScoreResult | None:
        return score(case) if r["scored"] else None
    return run


NONE: frozenset[str] = frozenset()
STAGES: tuple[Stage, ...] = (
    Stage("seen", _LESION, (), lambda c, r: lesion_seen(c)),
    Stage("negative", _NEGATIVE, (), lambda c, r: negative_scan(c)),
    Stage("scored", frozenset({"cancer.status"}), ("negative",),
          lambda c, r: c.cancer.known_or_suspected and not r["negative"]),
    Stage("flags", _FLAGS, (), lambda c, r: triage_rules.red_flags(c)),
    Stage("features", _FEATURES, (), lambda c, r: triage_rules.suggestive_features(c)),
    Stage("urgency", frozenset({"cancer.status", "imaging.modality", "imaging.lesion_found",
                                "pain.present"}), ("flags", "features", "seen"), _urgency),
    Stage("sins", _SINS, ("scored", "seen"), _scored_sins),
    Stage("escc", frozenset({"imaging.escc"}), ("scored", "seen"), _escc),
    Stage("tokuhashi", _DISEASE_COUNTS | {"general.karnofsky", "general.ecog",
                                          "cancer.primary", "neurology.frankel"},
          ("scored",), _prognostic(tokuhashi)),
    Stage("tomita", _DISEASE_COUNTS | {"cancer.primary", "cancer.tomita_growth"},
          ("scored",), _prognostic(tomita)),
    Stage("bauer", _DISEASE_COUNTS | {"cancer.primary"}, ("scored",), _prognostic(bauer)),
    Stage("instability", frozenset({"cancer.status", "pain.mechanical", "imaging.alignment"}),
          ("negative", "sins"), lambda c, r: triage_rules.instability_suspected(c, r["sins"])),
    Stage("noms", _NOMS, ("seen", "negative", "escc", "sins"), _noms),
    Stage("opinion", _fields("imaging", *act.SINS_IMAGING_FIELDS),
          ("urgency", "instability", "sins", "noms"), _opinion),
    Stage("steroids", _fields("cancer", "status", "lymphoma_suspected", "primary",
                              "histology_confirmed"), ("flags", "seen"),
          lambda c, r: act.steroids(c, r["flags"], r["seen"])),
    Stage("immobilisation", frozenset({"cancer.status"}), ("urgency", "instability"),
          lambda c, r: act.immobilisation(c, r["urgency"][0], r["instability"])),
    Stage("imaging_timing", frozenset({"neurology.rapidly_progressing"}) | _NEGATIVE,
          ("urgency", "flags"),
          lambda c, r: img.imaging_timing(c, r["urgency"][0], r["flags"])),
    Stage("actions", NONE, ("urgency", "opinion", "steroids", "immobilisation",
                            "imaging_timing"), _actions),
    Stage("modality", frozenset({"general.mri_contraindicated", "imaging.modality"}),
          ("imaging_timing",), lambda c, r: img.recommended_modality(c, r["imaging_timing"])),
    Stage("biopsy_reasons", _BIOPSY, ("negative",), lambda c, r: bx.biopsy_reasons(c)),
    Stage("biopsy", NONE, ("biopsy_reasons", "urgency"), _biopsy),
    Stage("patchell", _PATCHELL, ("urgency", "flags", "negative", "escc"), _patchell),
)


def _score_key(score: ScoreResult | None) -> tuple[object, ...] | None:
    return None if score is None else (score.total, score.min, score.max, score.band)


def _noms_key(n: NomsResult) -> tuple[object, ...]:
    return (n.decision, n.neurologic, n.oncologic, n.mechanical, n.systemic,
            frozenset((tuple(sorted(b.when.items())), b.decision) for b in n.branches))


# RULES §7's compared outputs: (output name, stage, key of the stage's value).
COMPARED: tuple[tuple[str, str, Callable[[Any], object]], ...] = (
    ("urgency", "urgency", lambda u: u[0]),
    ("pathway", "urgency", lambda u: u[1]),
    ("red_flags", "flags", tuple),
    ("actions", "actions", lambda entries: tuple((a, t) for a, t, _ in entries)),
    ("steroids", "steroids", lambda v: v),
    ("immobilisation", "immobilisation", lambda v: v),
    ("surgical_opinion", "opinion", lambda v: v),
    ("imaging.modality", "modality", lambda v: v),
    ("imaging.timing", "imaging_timing", lambda v: v),
    ("biopsy", "biopsy", lambda v: v),
    ("biopsy", "biopsy_reasons", tuple),
    ("scores.sins", "sins", _score_key),
    ("scores.escc", "escc", lambda e: None if e is None else (e.grade, e.category)),
    ("scores.tokuhashi_revised", "tokuhashi", _score_key),
    ("scores.tomita", "tomita", _score_key),
    ("scores.bauer_modified", "bauer", _score_key),
    ("noms", "noms", _noms_key),
    ("patchell_candidate", "patchell", lambda p: p[0]),
)
_COMPARED_BY_STAGE: dict[str, list[tuple[str, Callable[[Any], object]]]] = {}
for _output, _stage, _key in COMPARED:
    _COMPARED_BY_STAGE.setdefault(_stage, []).append((_output, _key))


Reach = tuple[tuple[Stage, bool, frozenset[str]], ...]


def _affected(path: str) -> Reach:
    """The stages a change of `path` can reach (those reading it, and all downstream), each
    with whether it reads `path` itself and the set of its deps."""
    reached: set[str] = set()
    for stage in STAGES:
        if path in stage.reads or reached.intersection(stage.deps):
            reached.add(stage.name)
    return tuple((stage, path in stage.reads, frozenset(stage.deps))
                 for stage in STAGES if stage.name in reached)


AFFECTED: dict[str, Reach] = {
    path: _affected(path) for path in set().union(*(s.reads for s in STAGES))}

# `reevaluate`'s plan for each path: per stage reached, (name, run, reads the path, deps,
# its compared outputs as (output, key), the compared outputs it feeds: its own and those
# of every stage downstream of it); built once from AFFECTED.
Step = tuple[str, Callable[[Case, Results], Any], bool, frozenset[str],
             tuple[tuple[str, Callable[[Any], object]], ...], frozenset[str]]


def _plan(reach: Reach) -> tuple[Step, ...]:
    feeds: dict[str, set[str]] = {}
    for stage, _, _ in reversed(reach):  # downstream stages come later in STAGES
        feeds[stage.name] = {output for output, _ in _COMPARED_BY_STAGE.get(stage.name, ())}
        for later, _, deps in reach:
            if stage.name in deps:
                feeds[stage.name] |= feeds[later.name]
    return tuple((stage.name, stage.run, reads_path, deps,
                  tuple(_COMPARED_BY_STAGE.get(stage.name, ())), frozenset(feeds[stage.name]))
                 for stage, reads_path, deps in reach)


_PLANS: dict[str, tuple[Step, ...]] = {path: _plan(reach) for path, reach in AFFECTED.items()}
# The compared outputs a change of each path can reach at most.
REACHABLE: dict[str, frozenset[str]] = {
    path: frozenset(output for step in plan for output, _ in step[4])
    for path, plan in _PLANS.items()}


def evaluate(case: Case, base: Results | None = None,
             only: frozenset[str] | None = None) -> Results:
    """Run the stages (those named in `only`, or all) that `base` has no result for; the
    results by stage name."""
    results: Results = dict(base) if base else {}
    for stage in STAGES:
        if stage.name not in results and (only is None or stage.name in only):
            results[stage.name] = stage.run(case, results)
    return results


# The cheap front of the rulebook (§1 and the §2.2 steroid advice): what a conversation
# needs after every answer to decide whether to interrupt; `decide` continues from it.
TRIAGE_STAGES = frozenset({"seen", "negative", "scored", "flags", "features", "urgency",
                           "sins", "instability", "steroids"})


@dataclass(frozen=True, slots=True)
class Triage:
    """Red flags, urgency, pathway, instability and steroid advice of one case."""

    red_flags: list[str]
    suggestive_features: list[str]
    urgency: Urgency
    pathway: Pathway
    instability_suspected: bool
    steroids: Steroids
    results: Results


_recent: list[tuple[Case, Triage]] = []
RECENT = 4  # one answer looks at the case before, the case after, and its assessment


def triage(case: Case) -> Triage:
    """The triage of a case (RULES §1, §2.2 steroids). Cases are immutable, so the last
    few results are kept and asked for again at no cost (`assess` starts from here)."""
    for known, found in _recent:
        if known is case:
            return found
    r = evaluate(case, only=TRIAGE_STAGES)
    urgency, pathway = r["urgency"]
    found = Triage(r["flags"], r["features"], urgency, pathway, r["instability"],
                   r["steroids"], r)
    _recent.insert(0, (case, found))
    del _recent[RECENT:]
    return found


def reevaluate(case: Case, base: Results, path: str,
               wanted: set[str] | frozenset[str] | None = None) -> set[str]:
    """`case` differs from the case of `base` only in field `path`: the compared outputs
    (names from COMPARED) whose values differ. Stages whose inputs are unchanged keep their
    base result.

    With `wanted`, only whether the outputs named there change is asked: a stage that feeds
    none of them is not run (nor, then, is any stage downstream of it, which feeds a subset),
    so every stage that runs sees the inputs it would see anyway; the outputs not wanted may
    be left out of the answer."""
    results = base  # copied at the first stage whose value changes
    changed: set[str] = set()
    outputs: set[str] = set()
    for name, run, reads_path, deps, compared, feeds in _PLANS.get(path, ()):
        if not reads_path and changed.isdisjoint(deps):
            continue
        if wanted is not None and feeds.isdisjoint(wanted):
            continue
        value = run(case, results)
        old = base[name]
        if value is old or value == old:
            continue
        if not changed:
            results = dict(base)
        results[name] = value
        changed.add(name)
        for output, key in compared:
            if key(value) != key(old):
                outputs.add(output)
    return outputs


@dataclass(frozen=True, slots=True)
class Decisions:
    """The rule results of one case (no texts), and the raw stage results."""

    seen: bool
    negative: bool
    flags: list[str]
    features: list[str]
    urgency: Urgency
    pathway: Pathway
    sins: ScoreResult | None
    escc: EsccResult | None
    tokuhashi: ScoreResult | None
    tomita: ScoreResult | None
    bauer: ScoreResult | None
    instability: bool
    noms: NomsResult
    opinion: SurgicalOpinion
    steroids: Steroids
    immobilisation: Immobilisation
    actions: list[ActionEntry]
    imaging_timing: ImagingTiming
    modality: Modality
    biopsy_reasons: list[str]
    biopsy: BiopsyRecommendation
    biopsy_timing: BiopsyTiming
    patchell: bool | None
    patchell_missing: list[str]
    results: Results


def decide(case: Case) -> Decisions:
    """Apply the rule sections to one case. Pure."""
    r = evaluate(case, triage(case).results)
    (urgency, pathway), (recommendation, biopsy_timing) = r["urgency"], r["biopsy"]
    patchell, patchell_missing = r["patchell"]
    return Decisions(
        seen=r["seen"], negative=r["negative"], flags=r["flags"], features=r["features"],
        urgency=urgency, pathway=pathway, sins=r["sins"], escc=r["escc"],
        tokuhashi=r["tokuhashi"], tomita=r["tomita"], bauer=r["bauer"],
        instability=r["instability"], noms=r["noms"], opinion=r["opinion"],
        steroids=r["steroids"], immobilisation=r["immobilisation"], actions=r["actions"],
        imaging_timing=r["imaging_timing"], modality=r["modality"],
        biopsy_reasons=r["biopsy_reasons"], biopsy=recommendation, biopsy_timing=biopsy_timing,
        patchell=patchell, patchell_missing=patchell_missing, results=r,
    )

