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
