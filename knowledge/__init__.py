"""spinemets knowledge: the clinical core.

Given a `Case` (the spinemets-case/1 contract), `assess` returns an `Assessment`
(spinemets-assessment/1). Pure functions over pydantic models; no UI, no dialogue.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knowledge.assessment import Assessment, assess
    from knowledge.case import Case
    from knowledge.decisions import Triage, triage
    from knowledge.errors import CaseError, KnowledgeDataError, KnowledgeError
    from knowledge.loading import load_cases, parse_case, read_cases

# Loaded on first use (PEP 562), so that a light submodule such as knowledge.labels does
# not pull in the pydantic models.
_WHERE = {"Assessment": "assessment", "assess": "assessment", "Case": "case",
          "Triage": "decisions", "triage": "decisions",
          "CaseError": "errors", "KnowledgeDataError": "errors", "KnowledgeError": "errors",
          "load_cases": "loading", "parse_case": "loading", "read_cases": "loading"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"knowledge.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'knowledge' has no attribute {name!r}")


__all__ = [
    "Assessment",
    "Case",
    "CaseError",
    "KnowledgeDataError",
    "KnowledgeError",
    "Triage",
    "assess",
    "load_cases",
    "parse_case",
    "read_cases",
    "triage",
]
