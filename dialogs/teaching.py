"""Teaching mode: a case told in stages, with decision checkpoints scored against the rules.

A teaching case (YAML in `dialogs/teaching_cases/`) is a spinemets-case/1 case plus a story
in stages; each stage reveals some sections of the case and may ask checkpoints. The right
answer at a checkpoint is `knowledge.assess` of what has been revealed so far — never typed
by hand. Text in, replies out (no Textual).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dialogs.parsing import match_choice, normalise
from dialogs.questions import Choice
from knowledge import Assessment, Case, assess, parse_case
from knowledge.vocab import NomsDecision

CASES_DIR = Path(__file__).parent / "teaching_cases"
BANNER = "TEACHING - a made-up case for learning; not for patient care."


@dataclass(frozen=True)
class Checkpoint:
    id: str
    prompt: str
    choices: tuple[Choice, ...]  # empty for a number
    expected: Callable[[Assessment], str | None]  # None: not askable for this case
    explain: Callable[[Assessment], str]


def _choices(*values: str) -> tuple[Choice, ...]:
    return tuple(Choice(v, v.replace("_", " ")) for v in values)


def _refs(a: Assessment, ids: tuple[str, ...]) -> str:
    notes = [n for n in a.notes if n.id in ids] + [x for x in a.actions if x.id in ids]
    return " ".join(f"{n.text} [{', '.join(n.refs)}]" for n in notes)


CHECKPOINTS: dict[str, Checkpoint] = {c.id: c for c in (
    Checkpoint("urgency", "How urgent is this? emergency, urgent or routine",
               _choices("emergency", "urgent", "routine"), lambda a: a.urgency.value,
               lambda a: f"Red flags: {', '.join(a.red_flags) or 'none'}; features: "
                         f"{', '.join(a.suggestive_features) or 'none'}; pathway "
                         f"{a.pathway.value.replace('_', ' ')}. "
                         + _refs(a, ("contact_mscc_coordinator", "admit"))),
    Checkpoint("mri_timing", "When should the whole-spine imaging happen?",
               _choices("immediate", "within_24h", "within_1_week", "if_symptoms_persist",
                        "done"), lambda a: a.imaging.timing.value,
               lambda a: f"Urgency {a.urgency.value} gives "
                         f"{a.imaging.timing.value.replace('_', ' ')}"
                         f" ({a.imaging.modality.value.replace('_', ' ')}). "
                         + _refs(a, ("mri_sequences", "no_plain_xray_for_diagnosis"))),
    Checkpoint("steroids", "Steroids? offer dexamethasone 16 mg, discuss with haematology "
               "first, or not routine", _choices("offer_dexamethasone_16mg",
                                                 "discuss_haematology_first", "not_routine"),
               lambda a: a.steroids.value,
               lambda a: _refs(a, ("dexamethasone", "discuss_haematology_before_steroids"))
               or "Without neurological symptoms or signs, steroids are not routine "
                  "[nice-ng234-2023]."),
    Checkpoint("sins_total", "What is the SINS total?", (),
               lambda a: str(a.scores.sins.total) if a.scores.sins and
               a.scores.sins.total is not None else None,
               lambda a: "Components: " + ", ".join(
                   f"{k} {v}" for k, v in (a.scores.sins.components.items()
                                           if a.scores.sins else ()))
                         + f"; band {a.scores.sins.band if a.scores.sins else '-'} "
                           "[fisher-2010]."),
    Checkpoint("escc_category", "ESCC category: low, indeterminate or high?",
               _choices("low", "indeterminate", "high"),
               lambda a: a.scores.escc.category.value if a.scores.escc else None,
               lambda a: f"Bilsky grade {a.scores.escc.grade.value if a.scores.escc else '-'}: "
                         "0-1b low, 1c debated, 2-3 high (cord compression) [bilsky-2010]."),
    Checkpoint("noms_decision", "NOMS decision?",
               _choices(*(d.value for d in NomsDecision if d is not NomsDecision.NOT_APPLICABLE)),
               lambda a: a.noms.decision.value,
               lambda a: f"N {a.noms.neurologic}, O {a.noms.oncologic}, M {a.noms.mechanical}, "
                         f"S {a.noms.systemic}. "
                         + _refs(a, ("previous_radiotherapy", "poor_performance", "patchell"))
                         + " [laufer-2013]"),
    Checkpoint("biopsy", "Biopsy: needed, consider or not needed?",
               _choices("needed", "consider", "not_needed"),
               lambda a: a.biopsy.recommendation.value,
               lambda a: "Reasons: " + (", ".join(r.replace("_", " ")
                                                  for r in a.biopsy.reasons) or "none")
                         + ". " + _refs(a, ("biopsy_technique",))),
)}


@dataclass(frozen=True)
class Stage:
    name: str
    text: str
    reveals: tuple[str, ...]
    checkpoints: tuple[str, ...]


@dataclass(frozen=True)
class TeachingCase:
    id: str
    title: str
    learning_points: tuple[str, ...]
    stages: tuple[Stage, ...]
    case: dict[str, Any]

    def revealed(self, upto: int) -> Case:
        """The case as known after stage `upto` (only the sections revealed so far)."""
        data: dict[str, Any] = {"format": self.case["format"], "id": self.id}
        for stage in self.stages[:upto + 1]:
            for section in stage.reveals:
                if section in self.case:
                    data[section] = self.case[section]
        return parse_case(data)


def load_case(path: Path) -> TeachingCase:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    stages = tuple(Stage(s["name"], " ".join(s["text"].split()), tuple(s.get("reveals", [])),
                         tuple(s.get("checkpoints", []))) for s in raw["stages"])
    unknown = [c for s in stages for c in s.checkpoints if c not in CHECKPOINTS]
    if unknown:
        raise ValueError(f"{path.name}: unknown checkpoints {unknown}")
    parse_case(raw["case"])  # the whole case must be valid
    return TeachingCase(raw["id"], raw["title"], tuple(raw["learning_points"]), stages,
                        raw["case"])


def all_cases() -> list[TeachingCase]:
    return [load_case(p) for p in sorted(CASES_DIR.glob("*.yaml"))]


@dataclass
class Result:
    checkpoint: str
    stage: str
    given: str
    expected: str

    @property
    def right(self) -> bool:
        return self.given == self.expected


@dataclass
class TeachingSession:
    """One learner working through one case."""

    case: TeachingCase
    stage: int = -1
    queue: list[tuple[Checkpoint, str, Assessment]] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)

    def start(self) -> list[str]:
        points = "; ".join(self.case.learning_points)
        return [BANNER, f"Case: {self.case.title}", f"Learning points: {points}",
                *self._advance()]

    @property
    def finished(self) -> bool:
        return self.stage >= len(self.case.stages) - 1 and not self.queue

    def _advance(self) -> list[str]:
        """Reveal the next stage and queue its checkpoints (those this case can answer)."""
        if self.stage >= len(self.case.stages) - 1:
            return self._summary()
        self.stage += 1
        stage = self.case.stages[self.stage]
        assessment = assess(self.case.revealed(self.stage))
        for checkpoint_id in stage.checkpoints:
            checkpoint = CHECKPOINTS[checkpoint_id]
            expected = checkpoint.expected(assessment)
            if expected is not None:
                self.queue.append((checkpoint, expected, assessment))
        out = [f"{stage.name.upper()}: {stage.text}"]
        return out + ([self._ask()] if self.queue else ["(press Enter to continue)"])

    def _ask(self) -> str:
        checkpoint = self.queue[0][0]
        options = "; ".join(f"{i} {c.label}" for i, c in enumerate(checkpoint.choices, 1))
        return f"DECIDE: {checkpoint.prompt}" + (f" ({options})" if options else "")

    def handle(self, text: str) -> list[str]:
        """The learner's answer (or Enter to go on). Never raises."""
        if self.finished:
            return ["The case is finished. Type quit, or start another case."]
        if not self.queue:
            return self._advance()
        checkpoint, expected, assessment = self.queue[0]
        given = self._parse(checkpoint, text)
        if given is None:
            return ["Please answer: " + self._ask()]
        self.queue.pop(0)
        self.results.append(Result(checkpoint.id, self.case.stages[self.stage].name, given,
                                   expected))
        verdict = "Right." if given == expected else \
            f"Not quite: the answer is {expected.replace('_', ' ')}."
        out = [f"{verdict} {checkpoint.explain(assessment)}"]
        if self.queue:
            return [*out, self._ask()]
        return [*out, *self._advance()] if self.stage < len(self.case.stages) - 1 else \
            [*out, *self._summary()]

    @staticmethod
    def _parse(checkpoint: Checkpoint, text: str) -> str | None:
        words = normalise(text)
        if not checkpoint.choices:
            return words if words.isdigit() else None
        found = match_choice(checkpoint.choices, words)
        return found.value if isinstance(found, Choice) else None

    def _summary(self) -> list[str]:
        right = sum(r.right for r in self.results)
        lines = [f"End of the case: {right} of {len(self.results)} right."]
        lines += [f"- {r.checkpoint} ({r.stage}): {'right' if r.right else 'missed'} - you "
                  f"said {r.given}, the answer is {r.expected}" for r in self.results]
        missed = [r.checkpoint for r in self.results if not r.right]
        lines.append("Missed: " + (", ".join(missed) if missed else "nothing") + ".")
        final = assess(parse_case(self.case.case))
        lines += ["References:", *(f"[{r.id}] {r.citation}" for r in final.references)]
        return lines

    def results_markdown(self) -> str:
        right = sum(r.right for r in self.results)
        rows = "\n".join(f"| {r.checkpoint} | {r.stage} | {r.given} | {r.expected} | "
                         f"{'yes' if r.right else 'no'} |" for r in self.results)
        final = assess(parse_case(self.case.case))
        refs = "\n".join(f"- [{r.id}] {r.citation}" for r in final.references)
        return (f"# Teaching results: {self.case.title}\n\n_{BANNER}_\n\n"
                f"Score: {right} of {len(self.results)}\n\n"
                "| checkpoint | stage | answer | expected | right |\n|---|---|---|---|---|\n"
                f"{rows}\n\n## References\n{refs}\n")
