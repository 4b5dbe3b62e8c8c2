"""Brute force: could a question's answer change the assessment when it was asked?"""

from __future__ import annotations

from typing import Any

from dialogs.questions import Kind, Question
from dialogs.session import Session
from knowledge import assess

DOMAINS: dict[Kind, list[Any]] = {
    Kind.YES_NO: [True, False, None],
    Kind.REGIONS: [[], ["thoracic"], ["cervical"], ["lumbar"], None],
    Kind.MONTHS: [0.5, 1.0, 2.5, 6.0, 24.0, None],
    Kind.LEVEL: ["C1", "C4", "T5", "T12", "L3", "S3", None],
    Kind.KARNOFSKY: [*range(0, 101, 10), None],
    Kind.ECOG: [0, 1, 2, 3, 4, None],
}


def domain(question: Question) -> list[Any]:
    if question.kind is Kind.CHOICE:
        return [c.value for c in question.choices] + [None]
    if question.kind is Kind.COUNT:
        return [question.minimum + i for i in range(5)] + [None]
    return DOMAINS[question.kind]


def _answers(question: Question) -> list[dict[str, Any]]:
    """The values an answer to `question` can record (a checklist: each item present alone,
    all absent, and nothing recorded)."""
    if question.kind is Kind.GROUP:
        from dialogs.questions import BY_ID

        alone = [{question.id: [i], i: c.value} for i in question.items
                 for c in BY_ID[i].choices]
        return [*alone, {question.id: None}]
    if question.kind is Kind.CHECKLIST:
        alone = [{question.id: [i], **{j: j == i for j in question.items}} for i in question.items]
        return [*alone, {question.id: [], **dict.fromkeys(question.items, False)},
                {question.id: None}]
    return [{question.id: value} for value in domain(question)]


def can_change(session: Session, question: Question) -> bool:
    """Some answer to `question` gives a different assessment of the answers so far."""
    seen = set()
    for values in _answers(question):
        case = session.preview(values)
        seen.add(assess(case).model_dump_json() if case is not None else "none")
        if len(seen) > 1:
            return True
    return False
