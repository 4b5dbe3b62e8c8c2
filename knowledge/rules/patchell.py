"""Patchell candidacy: direct decompression plus radiotherapy [patchell-2005] (RULES.md §6.4)."""

from __future__ import annotations

from knowledge.case import Case
from knowledge.rules.noms import radiosensitivity
from knowledge.rules.triage import motor_deficit
from knowledge.scores.escc import EsccResult
from knowledge.vocab import (
    CancerStatus,
    EsccCategory,
    Frankel,
    Pathway,
    PrimarySite,
    Radiosensitivity,
)

MIN_SURVIVAL_MONTHS = 3
COMPLETE_PALSY = frozenset({Frankel.A, Frankel.B})

Condition = tuple[bool | None, list[str]]


def _known(value: bool | None, path: str) -> Condition:
    return value, ([path] if value is None else [])


def patchell_candidate(case: Case, *, pathway: Pathway, flags: list[str], negative_scan: bool,
                       escc: EsccResult | None) -> tuple[bool | None, list[str]]:
    """True when every criterion holds, False when one fails, else None with what is missing."""
    if case.cancer.status is CancerStatus.NONE or negative_scan:
        return False, []
    general, neurology = case.general, case.neurology
    sensitivity = radiosensitivity(case)
    not_highly = (None if sensitivity is None
                  else sensitivity is not Radiosensitivity.HIGHLY_SENSITIVE)
    survival = general.expected_survival_months
    deficit, deficit_missing = motor_deficit(case, flags)
    conditions: list[Condition] = [
        (pathway is Pathway.SUSPECTED_MSCC, []),
        (deficit, deficit_missing),
        (case.cancer.primary is not PrimarySite.UNKNOWN, []),
        _known(not_highly, "cancer.radiosensitivity"),
        _known(None if escc is None else escc.category is EsccCategory.HIGH, "imaging.escc"),
        _known(None if survival is None else survival >= MIN_SURVIVAL_MONTHS,
               "general.expected_survival_months"),
        _known(general.fit_for_surgery, "general.fit_for_surgery"),
        _known(None if neurology.frankel is None else neurology.frankel not in COMPLETE_PALSY,
               "neurology.frankel"),
    ]
    if any(value is False for value, _ in conditions):
        return False, []
    missing = [path for value, paths in conditions if value is None for path in paths]
    return (None, missing) if missing else (True, [])
