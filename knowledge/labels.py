"""Words for people: the one label table (`data/labels.yaml`) for every id the engine emits.

`label(id)` gives the words for a red flag, feature, action, note, pathway, timing, band,
score, score item, NOMS value, biopsy reason, vocabulary value or case field path. The
table is grouped by kind (`section(kind)`); an id has one label whatever its kind, and
loading refuses a table that labels one id two ways.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from knowledge.errors import KnowledgeDataError

LABELS_FILE = Path(__file__).resolve().parent / "data" / "labels.yaml"
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class LabelTable:
    """The label table: by kind, and flattened (one label per id)."""

    sections: Mapping[str, Mapping[str, str]]
    labels: Mapping[str, str]


def build_label_table(text: str) -> LabelTable:
    """Parse and check the YAML text of a label table; KnowledgeDataError if it is wrong."""
    raw: Any = yaml.safe_load(text)
    if not isinstance(raw, dict) or not raw:
        raise KnowledgeDataError("labels: expected a mapping of kinds to {id: label}")
    sections: dict[str, Mapping[str, str]] = {}
    flat: dict[str, str] = {}
    where: dict[str, str] = {}
    for kind, entries in raw.items():
        if not isinstance(entries, dict) or not entries:
            raise KnowledgeDataError(f"labels.{kind}: expected a mapping of id to label")
        section: dict[str, str] = {}
        for key, value in entries.items():
            if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
                raise KnowledgeDataError(
                    f"labels.{kind}.{key}: expected a text label for a text id")
            if key in flat and flat[key] != value:
                raise KnowledgeDataError(
                    f"labels.{kind}.{key}: labelled {value!r} here but {flat[key]!r} in "
                    f"labels.{where[key]}; an id has one label")
            section[key] = value
            flat.setdefault(key, value)
            where.setdefault(key, str(kind))
        sections[str(kind)] = MappingProxyType(section)
    return LabelTable(MappingProxyType(sections), MappingProxyType(flat))


@cache
def label_table() -> LabelTable:
    """The packaged label table, loaded once."""
    return build_label_table(LABELS_FILE.read_text(encoding="utf-8"))


def _key(identifier: str | Enum) -> str:
    return str(identifier.value) if isinstance(identifier, Enum) else identifier


def has_label(identifier: str | Enum) -> bool:
    """Whether the table holds a label for this id."""
    return _key(identifier) in label_table().labels


def label(identifier: str | Enum | None) -> str:
    """The words for an id (an enum member reads as its value); None reads "unknown".

    An id the table does not hold reads as its words (underscores as spaces), so that a
    person never sees an underscore; tests hold every id the engine emits in the table.
    """
    if identifier is None:
        return UNKNOWN
    key = _key(identifier)
    found = label_table().labels.get(key)
    return found if found is not None else key.replace("_", " ")


def labels() -> Mapping[str, str]:
    """Every id with its label (read-only)."""
    return label_table().labels


def section(kind: str) -> Mapping[str, str]:
    """The ids of one kind (e.g. "biopsy_reason") with their labels, in table order."""
    found = label_table().sections.get(kind)
    if found is None:
        raise KeyError(f"no label section {kind!r}")
    return found


# The urgency's mark: a word and an icon, never colour alone.
URGENCY_MARKS = {"emergency": "!!!", "urgent": "!!", "routine": ""}


def urgency_banner(urgency: str | Enum) -> str:
    """The urgency as every face heads it: the mark and the label in capitals
    ("!!! EMERGENCY")."""
    key = _key(urgency)
    return f"{URGENCY_MARKS[key]} {label(key).upper()}".strip()
