"""ESCC — Bilsky epidural spinal cord compression grade and category [bilsky-2010]."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from knowledge.vocab import EsccCategory, EsccGrade

REF = "bilsky-2010"

CATEGORY_OF_GRADE = {
    EsccGrade.G0: EsccCategory.LOW,
    EsccGrade.G1A: EsccCategory.LOW,
    EsccGrade.G1B: EsccCategory.LOW,
    EsccGrade.G1C: EsccCategory.INDETERMINATE,  # management debated
    EsccGrade.G2: EsccCategory.HIGH,
    EsccGrade.G3: EsccCategory.HIGH,
}
# The scale in short words (REFERENCE.md §5), as the conversation offers it.
GRADE_DESCRIPTIONS = {
    EsccGrade.G0: "bone only",
    EsccGrade.G1A: "epidural, sac not deformed",
    EsccGrade.G1B: "sac deformed",
    EsccGrade.G1C: "sac deformed, abutting the cord",
    EsccGrade.G2: "cord compressed, CSF visible",
    EsccGrade.G3: "cord compressed, no CSF",
}


def grades_of(category: EsccCategory) -> tuple[EsccGrade, ...]:
    """The grades of one category, in scale order (high: 2, 3; indeterminate: 1c)."""
    return tuple(g for g, c in CATEGORY_OF_GRADE.items() if c is category)


class EsccResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    grade: EsccGrade
    category: EsccCategory
    ref: str = REF


def escc(grade: EsccGrade | None) -> EsccResult | None:
    """The grade and its category; None when the lesion was not graded."""
    if grade is None:
        return None
    return EsccResult(grade=grade, category=CATEGORY_OF_GRADE[grade])
