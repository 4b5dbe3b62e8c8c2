"""From candidates to findings: one value per field, or a reason to leave it unknown.

- Two statements about one part of a field that disagree are a conflict (unknown). Parts
  that differ may both hold: any part true makes the field true ("denies bowel problems;
  urinary retention"), but a whole-field statement against a part is still a conflict.
- Pain regions add up. `cancer.status`: known beats suspected beats none.
- ESCC: a written grade wins; otherwise the highest grade the wording supports, never a
  lower one when cord compression is named without the CSF, or a higher grade is only
  possible.
- The index level: the one lesion level named in an imaging context (a "further lesion"
  is not the index); two different levels are a conflict.
- The case's own contradictions (pain absent with pain features, no lesion with lesion
  fields) leave the contradicted field unknown.
"""

from __future__ import annotations

from typing import Any

from dialogs.reading.model import Assertion, Finding, NotFilled
from dialogs.reading.numbers import ESCC_GRADES, Candidate
from dialogs.reading.tokens import TokenString

FIELD_ORDER = (
    "patient.age", "patient.sex", "cancer.status", "cancer.primary",
    "cancer.histology_confirmed", "cancer.established_metastases", "cancer.second_primary",
    "cancer.lymphoma_suspected", "pain.present", "pain.regions", "pain.severe_unremitting",
    "pain.progressive", "pain.nocturnal", "pain.aggravated_by_straining",
    "pain.localised_tenderness", "pain.mechanical", "pain.mechanical_assessed_seated",
    "pain.radicular", "neurology.limb_weakness", "neurology.difficulty_walking",
    "neurology.sensory_change", "neurology.bladder_bowel_dysfunction",
    "neurology.saddle_anaesthesia", "neurology.cord_compression_signs",
    "neurology.rapidly_progressing", "neurology.ambulatory", "neurology.frankel",
    "general.karnofsky", "general.ecog", "general.fit_for_surgery",
    "general.expected_survival_months", "general.fever", "general.infection_risk",
    "general.mri_contraindicated", "general.spinal_metalwork",
    "disease.extraspinal_bone_metastases", "disease.vertebral_metastases",
    "disease.visceral_metastases", "disease.previous_radiotherapy_at_level", "imaging.modality",
    "imaging.lesion_found", "imaging.level", "imaging.escc", "imaging.lesion",
    "imaging.collapse", "imaging.alignment", "imaging.posterolateral", "imaging.atypical",
)
_ORDER = {f: i for i, f in enumerate(FIELD_ORDER)}
REGION_ORDER = ("cervical", "thoracic", "lumbar", "sacral")
PAIN_FEATURES = ("pain.severe_unremitting", "pain.progressive", "pain.nocturnal",
                 "pain.aggravated_by_straining", "pain.localised_tenderness", "pain.mechanical")
LESION_FIELDS = ("imaging.level", "imaging.escc", "imaging.lesion", "imaging.collapse",
                 "imaging.alignment", "imaging.posterolateral")
_FILLED = ("affirmed", "negated")
_ESCC_RANK: dict[str, float] = {g: i for i, g in enumerate(ESCC_GRADES)} | {"2+": 3.5}


class _Out:
    def __init__(self, ts: TokenString) -> None:
        self.ts = ts
        self.findings: dict[str, Finding] = {}
        self.not_filled: list[NotFilled] = []

    def span(self, c: Candidate) -> tuple[int, int]:
        return self.ts.span(c.first, c.last)

    def fill(self, field: str, value: Any, c: Candidate) -> None:
        start, end = self.span(c)
        if isinstance(value, list):
            value = tuple(value)
        assertion = Assertion(c.assertion) if c.assertion in _FILLED else Assertion.AFFIRMED
        self.findings[field] = Finding(field, value, assertion, (start, end),
                                       self.ts_text(start, end))

    def ts_text(self, start: int, end: int) -> str:
        return self.source[start:end]

    def skip(self, field: str, why: Assertion, c: Candidate, value: Any = None) -> None:
        start, end = self.span(c)
        if isinstance(value, list):
            value = tuple(value)
        item = NotFilled(field, why, (start, end), self.ts_text(start, end), value)
        if item not in self.not_filled:
            self.not_filled.append(item)

    source = ""


def resolve(ts: TokenString, candidates: list[Candidate], source: str
            ) -> tuple[tuple[Finding, ...], tuple[NotFilled, ...]]:
    out = _Out(ts)
    out.source = source
    filled: dict[str, list[Candidate]] = {}
    for c in candidates:
        if c.kind in ("out_of_range", "borderline"):
            why = Assertion.OUT_OF_RANGE if c.kind == "out_of_range" else Assertion.POSSIBLE
            out.skip(c.field, why, c, c.value)
        elif c.assertion == "no_field":
            out.skip("", Assertion.NO_FIELD, c)
        elif c.assertion not in _FILLED:
            out.skip(c.field, Assertion(c.assertion), c, c.value)
        else:
            filled.setdefault(c.field, []).append(c)
    _levels(out, filled)
    _regions(out, filled)
    _escc(out, filled, candidates)
    _status(out, filled)
    for field, cands in filled.items():
        if field in out.findings or field in ("imaging.level", "pain.regions", "imaging.escc",
                                              "cancer.status",
                                              "disease.previous_radiotherapy_at_level"):
            continue
        _generic(out, field, cands)
    _contradictions(out)
    _doubted(out)
    findings = tuple(sorted(out.findings.values(), key=lambda f: _ORDER.get(f.field, 999)))
    not_filled = tuple(n for n in out.not_filled if n.field not in out.findings)
    return findings, not_filled


def _generic(out: _Out, field: str, cands: list[Candidate]) -> None:
    by_part: dict[str, list[Candidate]] = {}
    for c in cands:
        by_part.setdefault(c.part, []).append(c)
    values: dict[str, Any] = {}
    for part, items in by_part.items():
        distinct = {_key(c.value) for c in items}
        if len(distinct) > 1:
            out.skip(field, Assertion.CONFLICT, items[0])
            return
        values[part] = items[0].value
    distinct = {_key(v) for v in values.values()}
    if len(distinct) == 1:
        out.fill(field, cands[0].value, cands[0])
        return
    if "" not in values and all(isinstance(v, bool) for v in values.values()):
        first_true = next(c for c in cands if c.value is True)
        out.fill(field, True, first_true)
        return
    out.skip(field, Assertion.CONFLICT, cands[0])


def _key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _levels(out: _Out, filled: dict[str, list[Candidate]]) -> None:
    # a level whose lesion is denied ("no lesion at T6") is not the lesion's level
    lesion = [c for c in filled.get("imaging.level", [])
              if c.kind == "lesion_level" and c.assertion == "affirmed"]
    index = [c for c in lesion if not c.secondary]
    distinct = {c.value for c in index}
    if len(distinct) == 1:
        out.fill("imaging.level", index[0].value, index[0])
    elif len(distinct) > 1:
        out.skip("imaging.level", Assertion.CONFLICT, index[0])
    current = set(distinct)
    for c in filled.get("pain.regions", []):
        if c.kind == "pain_level":
            current.add(c.part)
    rt = filled.get("disease.previous_radiotherapy_at_level", [])
    for c in rt:
        if c.kind == "rt_level" and c.value in current:
            out.fill("disease.previous_radiotherapy_at_level", True, c)
            return
    for c in rt:
        if c.kind == "rt_level" and len(distinct) == 1:
            out.fill("disease.previous_radiotherapy_at_level", False, c)
            return
    plain = [c for c in rt if c.kind == "value"]
    if plain:
        _generic(out, "disease.previous_radiotherapy_at_level", plain)


def _regions(out: _Out, filled: dict[str, list[Candidate]]) -> None:
    cands = [c for c in filled.get("pain.regions", []) if c.assertion == "affirmed"]
    regions = {r for c in cands for r in c.value}
    if cands:
        out.fill("pain.regions", [r for r in REGION_ORDER if r in regions], cands[0])
    for c in cands:
        if c.kind == "pain_level":
            filled.setdefault("pain.present", []).append(
                Candidate("pain.present", True, c.first, c.last, assertion="affirmed"))


def _escc(out: _Out, filled: dict[str, list[Candidate]], every: list[Candidate]) -> None:
    cands = filled.get("imaging.escc", [])
    explicit = [c for c in cands if c.kind == "explicit" and c.assertion == "affirmed"]
    if explicit:
        if len({c.value for c in explicit}) == 1:
            out.fill("imaging.escc", explicit[0].value, explicit[0])
        else:
            out.skip("imaging.escc", Assertion.CONFLICT, explicit[0])
        return
    words = [c for c in cands if c.kind == "value"]
    if not words:
        return
    best = max(words, key=lambda c: _escc_rank(c.value))
    unsure = [c for c in every if c.field == "imaging.escc"
              and (c.assertion not in _FILLED or c.kind == "borderline")
              and _escc_rank(c.value) > _escc_rank(best.value)]
    if best.value == "2+" or unsure:
        out.skip("imaging.escc", Assertion.POSSIBLE, best)
        return
    out.fill("imaging.escc", best.value, best)


def _escc_rank(value: Any) -> float:
    """The rank of a grade; of "1b/1c" (between two grades), the higher one."""
    return max(_ESCC_RANK.get(part, -1) for part in str(value).split("/"))


def _status(out: _Out, filled: dict[str, list[Candidate]]) -> None:
    cands = filled.get("cancer.status", [])
    for status in ("known", "suspected", "none"):
        chosen = [c for c in cands if c.value == status]
        if chosen:
            out.fill("cancer.status", status, chosen[0])
            return


def _contradictions(out: _Out) -> None:
    f = out.findings
    present = f.get("pain.present")
    if present is not None and present.value is False and any(
            f.get(n) is not None and f[n].value is True for n in PAIN_FEATURES):
        del f["pain.present"]
        out.not_filled.append(NotFilled("pain.present", Assertion.CONFLICT, present.span,
                                        present.text, False))
    found = f.get("imaging.lesion_found")
    if found is not None and found.value is False and any(n in f for n in LESION_FIELDS):
        del f["imaging.lesion_found"]
        out.not_filled.append(NotFilled("imaging.lesion_found", Assertion.CONFLICT, found.span,
                                        found.text, False))
    status = f.get("cancer.status")
    if status is not None and status.value == "none" and "cancer.primary" in f:
        del f["cancer.status"]



def _doubted(out: _Out) -> None:
    """A value that the text also calls possibly otherwise ("no bladder problems ...
    ?urinary retention") is not stated: leave it unknown rather than risk a wrong "no"."""
    for item in list(out.not_filled):
        found = out.findings.get(item.field)
        if (found is not None and item.assertion is Assertion.POSSIBLE
                and item.value is not None and item.value != found.value
                and found.value is (item.field == "neurology.ambulatory")):  # only a "no"
            del out.findings[item.field]
            out.not_filled.append(NotFilled(item.field, Assertion.CONFLICT, found.span,
                                            found.text, found.value))
