"""Checking a reading's partial case against the case model (knowledge.case).

A reading may lack `cancer.status` (an MRI report alone seldom states it); the status is
added for the check only. Imported lazily: knowledge pulls in pydantic.
"""

from __future__ import annotations

from typing import Any


def case_problems(case: dict[str, Any]) -> list[str]:
    """Why `case` (a reading's partial spinemets-case/1 mapping) is not a valid case, by
    field path; empty when it is valid (given a cancer status)."""
    from pydantic import ValidationError

    from knowledge.case import Case

    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in case.items()}
    cancer = data.setdefault("cancer", {})
    cancer.setdefault("status", "known" if "primary" in cancer else "suspected")
    try:
        Case.model_validate(data)
    except ValidationError as exc:
        return [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
    return []
