"""Errors of the knowledge package; every message names the field path."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic is imported by the functions that need it, so that the label
    # table (knowledge.labels) can be read without the models (the chat's first screen)
    from pydantic import BaseModel, ValidationError


class KnowledgeError(Exception):
    """Base of the errors `knowledge` raises."""


class KnowledgeDataError(KnowledgeError):
    """The packaged knowledge data (notes, references) is inconsistent."""


class CaseError(KnowledgeError):
    """A case could not be read or is invalid.

    `problems` holds one line per problem, each starting with the field path (or the
    source position for syntax errors); `case_id` is the case's id when it could be read.
    """

    def __init__(self, problems: list[str], *, case_id: str | None = None,
                 source: str | None = None) -> None:
        self.problems = problems
        self.case_id = case_id
        self.source = source
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = "; ".join(self.problems)
        return f"{self.source}: {text}" if self.source else text


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text or "(case)"


def _model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class whose field set applies at `loc` (for 'did you mean' suggestions)."""
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        candidates = getattr(annotation, "__args__", (annotation,))
        from pydantic import BaseModel

        nested = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        if not nested:
            return None
        current = nested[0]
    return current


def _describe(error: Any, model: type[BaseModel]) -> str:
    from knowledge.fields import shown

    loc = tuple(error["loc"])
    kind = error["type"]
    path = _path(loc)
    given = error.get("input")
    if kind == "contradiction":
        return str(error["ctx"]["detail"])
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        names = list(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        allowed = f"; allowed: {', '.join(names)}" if names else ""
        return f"{path}: unknown field{hint}{allowed}"
    if kind == "missing":
        return f"{path}: required but missing"
    if kind == "literal_error":
        return f"{path}: expected {error['ctx']['expected']}; got {shown(given)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{path}: expected a mapping of fields; got {shown(given)}"
    if kind == "spinemets":
        return f"{path}: {error['msg']}"
    return f"{path}: {error['msg']}; got {shown(given)}"


def case_error_from_validation(err: ValidationError, model: type[BaseModel], *,
                               case_id: str | None = None, source: str | None = None) -> CaseError:
    """Turn pydantic's errors into one CaseError with a `path: problem` line per error."""
    problems = [_describe(e, model) for e in err.errors(include_url=False)]
    return CaseError(problems, case_id=case_id, source=source)
