"""Reading case files: YAML (one or several documents), JSON (an object or a list), JSON lines.

A batch never stops at a bad case: `read_cases` returns, in input order, a `Case` or a
`CaseError` for each case, so callers can assess the good ones and report the bad ones.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from knowledge.case import CASE_FORMAT, Case
from knowledge.errors import CaseError, case_error_from_validation

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

CaseOrError = Case | CaseError
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml")


def _raw_id(raw: Any) -> str | None:
    if isinstance(raw, dict) and isinstance(raw.get("id"), (str, int)) and not isinstance(
            raw.get("id"), bool):
        return str(raw["id"])
    return None


def parse_case(raw: Any, *, source: str | None = None) -> Case:
    """Validate one case object; raises CaseError naming every bad field path."""
    case_id = _raw_id(raw)
    if not isinstance(raw, dict):
        raise CaseError([f"expected a {CASE_FORMAT} case (a mapping of sections); got "
                         f"{type(raw).__name__}"], case_id=case_id, source=source)
    if "format" not in raw and isinstance(raw.get("case"), dict):
        raise CaseError([f"format: required but missing (this looks like a vignette: its "
                         f"{CASE_FORMAT} case is under the 'case' key)"],
                        case_id=_raw_id(raw["case"]), source=source)
    try:
        return Case.model_validate(raw)
    except ValidationError as err:
        raise case_error_from_validation(err, Case, case_id=case_id, source=source) from None


def _parse_each(items: list[tuple[Any, str]]) -> list[CaseOrError]:
    out: list[CaseOrError] = []
    for raw, source in items:
        try:
            out.append(parse_case(raw, source=source))
        except CaseError as err:
            out.append(err)
    return out


def jsonl_lines(text: str, name: str) -> list[tuple[str, str]]:
    """The non-blank lines of a JSON-lines text, each with its source ('file:line')."""
    return [(f"{name}:{number}", line)
            for number, line in enumerate(text.splitlines(), start=1) if line.strip()]


def parse_jsonl_line(line: str, source: str) -> CaseOrError:
    """One JSON-lines case; JSON is parsed by pydantic directly (the batch fast path)."""
    try:
        return Case.model_validate_json(line)
    except ValidationError as err:
        if err.errors()[0]["type"] == "json_invalid":
            try:
                json.loads(line)
            except json.JSONDecodeError as syntax:
                return CaseError([f"malformed JSON at column {syntax.colno}: {syntax.msg}"],
                                 source=source)
    # Re-validate from Python objects to report every problem with its path and the case id.
    return _parse_each([(json.loads(line), source)])[0]


def _jsonl(text: str, name: str) -> list[CaseOrError]:
    return [parse_jsonl_line(line, source) for source, line in jsonl_lines(text, name)]


def _documents(docs: list[Any], name: str) -> list[CaseOrError]:
    """Each document is a case, or a list of cases."""
    items: list[tuple[Any, str]] = []
    several = len(docs) > 1
    for d, doc in enumerate(docs):
        where = f"{name}[document {d + 1}]" if several else name
        if isinstance(doc, list):
            items += [(raw, f"{where}[{i}]") for i, raw in enumerate(doc)]
        else:
            items.append((doc, where))
    return _parse_each(items)


def _yaml(text: str, name: str) -> list[CaseOrError]:
    try:
        docs = [d for d in yaml.load_all(text, Loader=_Loader) if d is not None]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        return [CaseError([f"malformed YAML: {err.problem or err}"], source=where)]
    except yaml.YAMLError as err:
        return [CaseError([f"malformed YAML: {err}"], source=name)]
    if not docs:
        return [CaseError([f"empty: expected a {CASE_FORMAT} case"], source=name)]
    return _documents(docs, name)


def _json(text: str, name: str) -> list[CaseOrError]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        return [CaseError([f"malformed JSON at line {err.lineno}, column {err.colno}: {err.msg}"],
                          source=name)]
    return _documents([doc], name)


def _looks_like_jsonl(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return len(lines) > 1 and all(line.startswith("{") and line.endswith("}") for line in lines)


def read_cases(text: str, *, name: str = "<input>", kind: str | None = None) -> list[CaseOrError]:
    """Parse every case in `text`. `kind` is 'yaml', 'json' or 'jsonl'; None sniffs it."""
    if not text.strip():
        return [CaseError([f"empty: expected a {CASE_FORMAT} case"], source=name)]
    if kind is None:
        kind = "jsonl" if _looks_like_jsonl(text) else "yaml"
    if kind == "jsonl":
        return _jsonl(text, name)
    if kind == "json":
        return _json(text, name)
    return _yaml(text, name)


def kind_of(path: str | Path) -> str | None:
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in YAML_SUFFIXES:
        return "yaml"
    return None


def load_cases(path: str | Path) -> list[CaseOrError]:
    """Read a case file by its suffix (.yaml/.yml, .json, .jsonl/.ndjson; others sniffed)."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        return [CaseError([f"cannot read: {reason}"], source=name)]
    return read_cases(text, name=name, kind=kind_of(path))
