"""Reading case files: YAML (one or several documents), JSON (an object or a list), JSON lines.

A batch never stops at a bad case: `read_cases` returns, in input order, a `Case` or a
`CaseError` for each case, so callers can assess the good ones and report the bad ones.

Hostile input is refused with a message, never a traceback or an unbounded cost: bytes
that are not UTF-8 (named by line and column; in JSON lines only that line is lost), a
byte-order mark (accepted), a key given twice at any depth (named by its path), nesting
deeper than MAX_DEPTH, YAML aliases that would expand to more than MAX_ALIAS_VALUES values
(an "alias bomb") or that refer to themselves, and whole numbers longer than MAX_DIGITS
(read as a `LongNumber`, refused by the field with its path). YAML scalars are resolved as
in YAML 1.2 / JSON: `1e308` is a number, `067` is 67 (never octal), `1:30` is text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.composer import Composer
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from knowledge.case import CASE_FORMAT, Case
from knowledge.errors import CaseError, case_error_from_validation
from knowledge.fields import MAX_DIGITS, LongNumber, shown

try:
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

CaseOrError = Case | CaseError
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml")

# Engineering bounds (not clinical values). A case is 3 levels deep (case, section, list)
# and a batch adds one; its largest field is a list of 4 regions.
MAX_DEPTH = 32
"""Nesting levels of lists and mappings in one document (or JSON line)."""
MAX_ALIAS_VALUES = 1000
"""Values that YAML aliases of one document may add by expansion."""

# (mapping object, [(key text, detail)]) for mappings that had a key more than once.
Duplicates = dict[int, tuple[Any, list[tuple[str, str]]]]

_BAD_CHAR = re.compile("[\ud800-\udfff]")


# ------------------------------------------------------------------ text and bytes

def decode(data: bytes) -> str:
    """Bytes as text: UTF-8, a leading byte-order mark dropped; an invalid byte is kept as
    a lone surrogate (surrogateescape) so that only the part containing it is refused."""
    text = data.decode("utf-8", "surrogateescape")
    return text[1:] if text.startswith("\ufeff") else text


def _undecodable(text: str) -> str | None:
    """Why `text` cannot be read (an invalid byte, a lone surrogate), with its position."""
    bad = _BAD_CHAR.search(text)
    if bad is None:
        return None
    line = text.count("\n", 0, bad.start()) + 1
    column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
    code = ord(bad.group())
    what = (f"byte 0x{code - 0xDC00:02X}" if 0xDC80 <= code <= 0xDCFF
            else f"lone surrogate U+{code:04X}")
    return f"not UTF-8 text: {what} at line {line}, column {column} (save it as UTF-8)"


# ------------------------------------------------------------------ structure checks

def _path_text(parts: list[Any]) -> str:
    if len(parts) > 8:  # a path too deep to read: its start and its depth
        return f"{_path_text(parts[:4])}... ({len(parts)} levels)"
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            if not isinstance(part, str):
                part = shown(part)
            elif _BAD_CHAR.search(part):
                part = part.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            text += ("." if text else "") + part
    return text or "(case)"


def _structure_problems(raw: Any, duplicates: Duplicates) -> list[str]:
    """Keys given twice (from the parser's record), nesting beyond MAX_DEPTH and strings
    that are not valid text (lone surrogates from JSON escapes), by path.

    Iterative and visiting each object once, so shared (aliased) values cost nothing more.
    """
    problems: list[str] = []
    seen: set[int] = set()
    stack: list[tuple[Any, list[Any]]] = [(raw, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if _BAD_CHAR.search(value):  # a JSON escape such as \ud800: not text
                problems.append(f"{_path_text(path)}: not valid text (a lone surrogate "
                                "escape such as \\ud800)")
            continue
        if not isinstance(value, (dict, list)) or id(value) in seen:
            continue
        seen.add(id(value))
        if len(path) >= MAX_DEPTH:
            problems.append(f"{_path_text(path)}: nested more than {MAX_DEPTH} levels deep "
                            "(refused)")
            continue
        if isinstance(value, dict):
            entry = duplicates.get(id(value))
            if entry is not None and entry[0] is value:
                problems += [f"{_path_text([*path, key])}: given more than once{detail}: "
                             "give each field once" for key, detail in entry[1]]
            children = [(item, [*path, key]) for key, item in value.items()]
            children += [(key, [*path, key]) for key in value if isinstance(key, str)
                         and _BAD_CHAR.search(key)]
        else:
            children = [(item, [*path, index]) for index, item in enumerate(value)]
        stack += reversed(children)
    return problems


# ------------------------------------------------------------------ YAML

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_FLOAT_RE = re.compile(r"""^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
                           |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", re.X)


class _Refused(yaml.MarkedYAMLError):
    """Input refused for its size or shape (not a syntax error)."""


class _CaseLoader(Composer, _Base):  # type: ignore[misc]
    """The safe loader (libyaml's parser when available) with a Python composer that bounds
    nesting and alias expansion and records keys given twice, and YAML 1.2 numbers."""

    def __init__(self, text: str) -> None:
        _Base.__init__(self, text)
        Composer.__init__(self)
        self._path: list[Any] = []
        self._sizes: dict[int, int] = {}
        self._alias_values = 0
        self._node_duplicates: dict[int, list[tuple[str, str]]] = {}
        self.duplicates: Duplicates = {}

    # the resolver is told where each node is: keep that as the current path
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        self._path.append(current_index)

    def ascend_resolver(self) -> None:
        self._path.pop()

    def _where(self, index: Any = None) -> str:
        """The path of the node being composed at `index` of the current node."""
        parts = [p.value if isinstance(p, ScalarNode) else p for p in [*self._path, index]
                 if isinstance(p, (int, ScalarNode))]
        return _path_text(parts)

    def compose_document(self) -> Any:
        self._sizes, self._alias_values = {}, 0
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if self.check_event(yaml.AliasEvent):
            node = super().compose_node(parent, index)
            size = self._sizes.get(id(node))
            if size is None:
                raise _Refused(None, None, f"{self._where(index)}: the alias *{event.anchor} "
                               "refers to a value that contains it (refused)", event.start_mark)
            self._alias_values += size
            if self._alias_values > MAX_ALIAS_VALUES:
                raise _Refused(None, None, f"{self._where(index)}: YAML aliases would expand "
                               f"to more than {MAX_ALIAS_VALUES} values (refused)",
                               event.start_mark)
            return node
        if len(self._path) >= MAX_DEPTH:
            raise _Refused(None, None, f"{self._where(index)}: nested more than {MAX_DEPTH} "
                           "levels deep (refused)", event.start_mark)
        node = super().compose_node(parent, index)
        if isinstance(node, SequenceNode):
            size = 1 + sum(self._sizes[id(child)] for child in node.value)
        elif isinstance(node, MappingNode):
            size = 1 + sum(self._sizes[id(k)] + self._sizes[id(v)] for k, v in node.value)
        else:
            size = 1
        self._sizes[id(node)] = size
        return node

    def compose_mapping_node(self, anchor: Any) -> Any:
        node = super().compose_mapping_node(anchor)
        first: dict[tuple[str, str], int] = {}
        found: list[tuple[str, str]] = []
        for key, _ in node.value:
            if not isinstance(key, ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                continue
            line = key.start_mark.line + 1
            if (key.tag, key.value) in first:
                found.append((key.value, f" (lines {first[key.tag, key.value]} and {line})"))
            else:
                first[key.tag, key.value] = line
        if found:
            self._node_duplicates[id(node)] = found
        return node

    def construct_case_map(self, node: Any) -> Any:
        data: dict[Any, Any] = {}
        yield data
        data.update(self.construct_mapping(node))
        found = self._node_duplicates.get(id(node))
        if found:
            self.duplicates[id(data)] = (data, found)

    def construct_case_int(self, node: Any) -> int | LongNumber:
        text = str(self.construct_scalar(node))
        if len(text.lstrip("+-")) > MAX_DIGITS:
            return LongNumber(text)
        return int(text, 10)


_CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
yaml.add_implicit_resolver(_INT, _INT_RE, list("-+0123456789"), Loader=_CaseLoader)
yaml.add_implicit_resolver(_FLOAT, _FLOAT_RE, list("-+0123456789."), Loader=_CaseLoader)
_CaseLoader.add_constructor("tag:yaml.org,2002:map", _CaseLoader.construct_case_map)
_CaseLoader.add_constructor(_INT, _CaseLoader.construct_case_int)


def _yaml_documents(text: str) -> tuple[list[Any], Duplicates]:
    loader = _CaseLoader(text)
    try:
        docs = []
        while loader.check_data():
            docs.append(loader.get_data())
        return docs, loader.duplicates
    finally:
        loader.dispose()


def _yaml(text: str, name: str) -> list[CaseOrError]:
    try:
        loaded, duplicates = _yaml_documents(text)
    except _Refused as err:
        mark = err.problem_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        return [CaseError([str(err.problem)], source=where)]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        return [CaseError([f"malformed YAML: {err.problem or err}"], source=where)]
    except yaml.YAMLError as err:
        return [CaseError([f"malformed YAML: {err}"], source=name)]
    except (RecursionError, MemoryError):  # pragma: no cover - bounded by MAX_DEPTH
        return [CaseError(["too large or too deeply nested (refused)"], source=name)]
    docs = [d for d in loaded if d is not None]
    if not docs:
        return [CaseError([f"empty: expected a {CASE_FORMAT} case"], source=name)]
    return _documents(docs, name, duplicates)


# ------------------------------------------------------------------ JSON

def _parse_int(text: str) -> int | LongNumber:
    return LongNumber(text) if len(text) > MAX_DIGITS + 1 else int(text)


def _json_value(text: str) -> tuple[Any, Duplicates]:
    """A JSON value and the mappings that had a key more than once.

    Raises json.JSONDecodeError, or RecursionError for nesting deeper than Python allows.
    """
    duplicates: Duplicates = {}

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        data = dict(pairs)
        if len(data) < len(pairs):
            seen: set[str] = set()
            again = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
            duplicates[id(data)] = (data, [(key, "") for key in dict.fromkeys(again)])
        return data

    value = json.loads(text, object_pairs_hook=pairs_hook, parse_int=_parse_int)
    return value, duplicates


_JSON_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep (refused)"


def _json(text: str, name: str) -> list[CaseOrError]:
    try:
        doc, duplicates = _json_value(text)
    except json.JSONDecodeError as err:
        return [CaseError([f"malformed JSON at line {err.lineno}, column {err.colno}: {err.msg}"],
                          source=name)]
    except RecursionError:
        return [CaseError([_JSON_TOO_DEEP], source=name)]
    return _documents([doc], name, duplicates)


# ------------------------------------------------------------------ cases

def _raw_id(raw: Any) -> str | None:
    value = raw.get("id") if isinstance(raw, dict) else None
    if isinstance(value, str) and not _BAD_CHAR.search(value):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and (
            value.bit_length() <= 3 * MAX_DIGITS):
        return str(value)
    return None


def parse_case(raw: Any, *, source: str | None = None) -> Case:
    """Validate one case object; raises CaseError naming every bad field path."""
    case_id = _raw_id(raw)
    if not isinstance(raw, dict):
        raise CaseError([f"expected a {CASE_FORMAT} case (a mapping of sections); got "
                         f"{shown(raw)}"], case_id=case_id, source=source)
    if "format" not in raw and isinstance(raw.get("case"), dict):
        raise CaseError([f"format: required but missing (this looks like a vignette: its "
                         f"{CASE_FORMAT} case is under the 'case' key)"],
                        case_id=_raw_id(raw["case"]), source=source)
    try:
        return Case.model_validate(raw)
    except ValidationError as err:
        raise case_error_from_validation(err, Case, case_id=case_id, source=source) from None
    except RecursionError:  # pragma: no cover - input is bounded by MAX_DEPTH first
        raise CaseError([_JSON_TOO_DEEP], case_id=case_id, source=source) from None


def _checked_case(raw: Any, source: str, duplicates: Duplicates) -> CaseOrError:
    problems = _structure_problems(raw, duplicates)
    if problems:
        return CaseError(problems, case_id=_raw_id(raw), source=source)
    try:
        return parse_case(raw, source=source)
    except CaseError as err:
        return err


def _documents(docs: list[Any], name: str, duplicates: Duplicates) -> list[CaseOrError]:
    """Each document is a case, or a list of cases."""
    out: list[CaseOrError] = []
    several = len(docs) > 1
    for d, doc in enumerate(docs):
        where = f"{name}[document {d + 1}]" if several else name
        if isinstance(doc, list):
            out += [_checked_case(raw, f"{where}[{i}]", duplicates) for i, raw in enumerate(doc)]
        else:
            out.append(_checked_case(doc, where, duplicates))
    return out


# ------------------------------------------------------------------ JSON lines

def jsonl_lines(text: str, name: str) -> list[tuple[str, str]]:
    """The non-blank lines of a JSON-lines text, each with its source ('file:line')."""
    return [(f"{name}:{number}", line)
            for number, line in enumerate(text.split("\n"), start=1) if line.strip()]


def parse_jsonl_line(line: str, source: str) -> CaseOrError:
    """One JSON-lines case; an unreadable line is an error for that line only."""
    bad = _undecodable(line)
    if bad is not None:
        return CaseError([bad.replace(" at line 1,", " at")], source=source)
    try:
        raw, duplicates = _json_value(line)
    except json.JSONDecodeError as syntax:
        return CaseError([f"malformed JSON at column {syntax.colno}: {syntax.msg}"],
                         source=source)
    except RecursionError:
        return CaseError([_JSON_TOO_DEEP], source=source)
    if not duplicates and "\\u" not in line:
        # The batch fast path: no key given twice and no escaped (possibly lone) surrogate,
        # so only the nesting bound is left to check, which the model's own errors cover
        # with bounded messages (`shown`). Everything else is the full check.
        try:
            return parse_case(raw, source=source)
        except CaseError as err:
            return err
    return _checked_case(raw, source, duplicates)


def _jsonl(text: str, name: str) -> list[CaseOrError]:
    return [parse_jsonl_line(line, source) for source, line in jsonl_lines(text, name)]


def _one_line_object(line: str) -> bool:
    return line.startswith("{") and line.endswith("}")


def _looks_like_jsonl(text: str) -> bool:
    """Several lines, at least half of them one JSON object each (so one bad line among
    good ones is still read as JSON lines, and reported on its own)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    objects = sum(map(_one_line_object, lines))
    return objects == len(lines) or 2 * objects >= len(lines)


def read_cases(text: str, *, name: str = "<input>", kind: str | None = None) -> list[CaseOrError]:
    """Parse every case in `text`. `kind` is 'yaml', 'json' or 'jsonl'; None sniffs it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return [CaseError([f"empty: expected a {CASE_FORMAT} case"], source=name)]
    if kind is None:
        kind = "jsonl" if _looks_like_jsonl(text) else None
    if kind == "jsonl":
        return _jsonl(text, name)
    bad = _undecodable(text)
    if bad is not None:
        return [CaseError([bad], source=name)]
    if kind == "json":
        return _json(text, name)
    if kind is None and text.lstrip()[:1] in ("{", "["):
        # JSON read as JSON (faster, exact); flow-style YAML falls through to the YAML reader.
        try:
            doc, duplicates = _json_value(text)
        except json.JSONDecodeError:
            pass
        except RecursionError:
            return [CaseError([_JSON_TOO_DEEP], source=name)]
        else:
            return _documents([doc], name, duplicates)
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


def read_text(path: str | Path) -> str:
    """A file's text by `decode` (invalid bytes kept for the reader to report in place)."""
    return decode(Path(path).read_bytes())


def load_cases(path: str | Path) -> list[CaseOrError]:
    """Read a case file by its suffix (.yaml/.yml, .json, .jsonl/.ndjson; others sniffed)."""
    name = str(path)
    try:
        text = read_text(path)
    except OSError as err:
        return [CaseError([f"cannot read: {err.strerror or err}"], source=name)]
    return read_cases(text, name=name, kind=kind_of(path))

