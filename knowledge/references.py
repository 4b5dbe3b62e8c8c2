"""The knowledge data: reference list, literature notes and action texts, validated at load.

Loaded once from `knowledge/data/*.yaml`; every reference id used by a note or an action must
exist in the reference list, or loading raises KnowledgeDataError.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.errors import KnowledgeDataError

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

APP_VERSION = "0.1.0"
PACKAGE = Path(__file__).resolve().parent
DATA = PACKAGE / "data"


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    refs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    references: dict[str, str]
    actions: dict[str, dict[str | None, Text]]
    notes: dict[str, dict[str | None, Text]]
    disclaimer: str
    version: str

    def action(self, action_id: str, variant: str | None = None) -> Text:
        return _pick(self.actions, "action", action_id, variant)

    def note(self, note_id: str, variant: str | None = None) -> Text:
        return _pick(self.notes, "note", note_id, variant)


def _pick(table: dict[str, dict[str | None, Text]], kind: str, key: str,
          variant: str | None) -> Text:
    entry = table.get(key)
    if entry is None or variant not in entry:
        raise KnowledgeDataError(f"no text for {kind} {key!r} (variant {variant!r})")
    return entry[variant]


def _text(where: str, raw: Any, references: dict[str, str]) -> Text:
    if not isinstance(raw, dict) or set(raw) != {"text", "refs"}:
        raise KnowledgeDataError(f"{where}: expected a mapping with text and refs")
    refs = raw["refs"]
    if not isinstance(raw["text"], str) or not raw["text"].strip():
        raise KnowledgeDataError(f"{where}.text: expected non-empty text")
    if not isinstance(refs, list) or not refs:
        raise KnowledgeDataError(f"{where}.refs: expected a non-empty list of reference ids")
    unknown = [r for r in refs if r not in references]
    if unknown:
        raise KnowledgeDataError(f"{where}.refs: unknown reference ids {unknown}")
    return Text(" ".join(raw["text"].split()), tuple(refs))


def _entries(where: str, raw: Any, references: dict[str, str]) -> dict[str, dict[str | None, Text]]:
    if not isinstance(raw, dict):
        raise KnowledgeDataError(f"{where}: expected a mapping")
    out: dict[str, dict[str | None, Text]] = {}
    for key, value in raw.items():
        if isinstance(value, dict) and "text" in value:
            out[key] = {None: _text(f"{where}.{key}", value, references)}
        elif isinstance(value, dict):
            out[key] = {variant: _text(f"{where}.{key}.{variant}", text, references)
                        for variant, text in value.items()}
        else:
            raise KnowledgeDataError(f"{where}.{key}: expected a mapping")
    return out


def build_knowledge_base(references_yaml: str, notes_yaml: str, version: str) -> KnowledgeBase:
    """Parse and cross-check the data (exposed for tests of bad data)."""
    references = yaml.load(references_yaml, Loader=_Loader)
    notes = yaml.load(notes_yaml, Loader=_Loader)
    if not isinstance(references, dict) or not all(
            isinstance(v, str) for v in references.values()):
        raise KnowledgeDataError("references: expected a mapping of id to citation")
    if not isinstance(notes, dict) or not isinstance(notes.get("disclaimer"), str):
        raise KnowledgeDataError("notes: expected a mapping with a disclaimer")
    return KnowledgeBase(
        references=references,
        actions=_entries("actions", notes.get("actions"), references),
        notes=_entries("notes", notes.get("notes"), references),
        disclaimer=" ".join(notes["disclaimer"].split()),
        version=version,
    )


def _package_digest(package: Path = PACKAGE) -> str:
    """A hash of the knowledge data and every module of the package, in any folder (rules/,
    scores/, ...): any change gives a new version."""
    digest = hashlib.sha256()
    paths = [*package.rglob("*.py"), *(package / "data").rglob("*.yaml")]
    for path in sorted(paths, key=lambda p: p.relative_to(package).as_posix()):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def knowledge_base() -> KnowledgeBase:
    return build_knowledge_base(
        (DATA / "references.yaml").read_text(encoding="utf-8"),
        (DATA / "notes.yaml").read_text(encoding="utf-8"),
        f"{APP_VERSION}+{_package_digest()}",
    )
