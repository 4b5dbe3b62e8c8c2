"""spinemets knowledge: the clinical core.

Given a `Case` (the spinemets-case/1 contract), `assess` returns an `Assessment`
(spinemets-assessment/1). Pure functions over pydantic models; no UI, no dialogue.
"""

from knowledge.assessment import Assessment, assess
from knowledge.case import Case
from knowledge.errors import CaseError, KnowledgeDataError, KnowledgeError
from knowledge.loading import load_cases, parse_case, read_cases

__all__ = [
    "Assessment",
    "Case",
    "CaseError",
    "KnowledgeDataError",
    "KnowledgeError",
    "assess",
    "load_cases",
    "parse_case",
    "read_cases",
]
