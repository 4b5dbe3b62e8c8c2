"""Teaching cases: a spinemets-case/1 case plus a story in stages (`dialogs/teaching_cases/`).

Each stage reveals some sections of the case and may ask checkpoints; a stage's checkpoints
are asked in the order of the checkpoint table, so that no answer is given away by the
feedback of one asked before it (the biopsy before the NOMS decision's "tissue first").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dialogs.teaching.checkpoints import CHECKPOINTS
from knowledge import Case, parse_case

CASES_DIR = Path(__file__).resolve().parent.parent / "teaching_cases"


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


_ORDER = {checkpoint_id: index for index, checkpoint_id in enumerate(CHECKPOINTS)}


def load_case(path: Path) -> TeachingCase:
    """One teaching case; ValueError for an unknown checkpoint, CaseError for a bad case."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    stages = tuple(Stage(s["name"], " ".join(s["text"].split()), tuple(s.get("reveals", [])),
                         tuple(s.get("checkpoints", []))) for s in raw["stages"])
    unknown = [c for s in stages for c in s.checkpoints if c not in CHECKPOINTS]
    if unknown:
        raise ValueError(f"{path.name}: unknown checkpoints {unknown}")
    stages = tuple(Stage(s.name, s.text, s.reveals,
                         tuple(sorted(s.checkpoints, key=_ORDER.__getitem__))) for s in stages)
    parse_case(raw["case"])  # the whole case must be valid
    return TeachingCase(raw["id"], raw["title"], tuple(raw["learning_points"]), stages,
                        raw["case"])


def all_cases() -> list[TeachingCase]:
    return [load_case(p) for p in sorted(CASES_DIR.glob("*.yaml"))]
