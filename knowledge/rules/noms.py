"""NOMS decision framework [laufer-2013] [chang-2023] (RULES.md §6.1–6.3)."""

from __future__ import annotations

from itertools import product

from pydantic import BaseModel, ConfigDict, Field

from knowledge.case import Case
from knowledge.scores.escc import EsccResult
from knowledge.scores.performance import karnofsky_at_most
from knowledge.scores.ranges import ScoreResult
from knowledge.vocab import CancerStatus, Modality, NomsDecision, PrimarySite
from knowledge.vocab import Radiosensitivity as RS

POOR_KARNOFSKY_MAX = 40
POOR_SURVIVAL_MAX_MONTHS = 2
SCREENING_MODALITIES = frozenset({Modality.XRAY, Modality.BONE_SCAN, Modality.PET_CT})

RADIOSENSITIVITY_OF_SITE: dict[PrimarySite, RS] = {
    **dict.fromkeys((PrimarySite.LYMPHOMA, PrimarySite.MYELOMA, PrimarySite.GERM_CELL,
                     PrimarySite.LUNG_SCLC), RS.HIGHLY_SENSITIVE),
    **dict.fromkeys((PrimarySite.BREAST, PrimarySite.PROSTATE, PrimarySite.OVARY), RS.SENSITIVE),
    **dict.fromkeys((PrimarySite.KIDNEY, PrimarySite.THYROID, PrimarySite.LIVER,
                     PrimarySite.LUNG_NSCLC, PrimarySite.COLON, PrimarySite.RECTUM,
                     PrimarySite.MELANOMA, PrimarySite.SARCOMA, PrimarySite.OSTEOSARCOMA),
                    RS.RESISTANT),
}

D = NomsDecision
# §6.3 (N, O, M) → decision, or (N, O, M, S) where fitness decides.
TABLE: dict[tuple[str, ...], NomsDecision] = {
    ("low", "sensitive", "stable"): D.CEBRT,
    ("low", "sensitive", "unstable"): D.STABILISATION_THEN_CEBRT,
    ("low", "resistant", "stable"): D.SRS,
    ("low", "resistant", "unstable"): D.STABILISATION_THEN_SRS,
    ("high", "sensitive", "stable"): D.CEBRT,
    ("high", "sensitive", "unstable"): D.STABILISATION_THEN_CEBRT,
    ("high", "resistant", "stable", "able"): D.DECOMPRESSION_STABILISATION_THEN_SRS,
    ("high", "resistant", "stable", "unable"): D.CEBRT,
    ("high", "resistant", "unstable", "able"): D.DECOMPRESSION_STABILISATION_THEN_SRS,
    ("high", "resistant", "unstable", "unable"): D.STABILISATION_THEN_CEBRT,
}
PREVIOUS_RADIOTHERAPY_SUBSTITUTE = {
    D.CEBRT: D.SRS,
    D.STABILISATION_THEN_CEBRT: D.STABILISATION_THEN_SRS,
}


class NomsBranch(BaseModel):
    model_config = ConfigDict(frozen=True)

    when: dict[str, str]
    decision: NomsDecision


class NomsResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    neurologic: str
    oncologic: str
    mechanical: str
    systemic: str
    decision: NomsDecision
    branches: list[NomsBranch]
    # Internal: whether the §6.3 table was reached, and the inputs that left it conditional.
    reached_table: bool = Field(exclude=True)
    missing: list[str] = Field(exclude=True)

    @property
    def all_decisions(self) -> list[NomsDecision]:
        """The decision and every branch decision (for 'a decision that involves …')."""
        return [self.decision, *(b.decision for b in self.branches)]


def radiosensitivity(case: Case) -> RS | None:
    """§6.2 O: the oncology override, else by site; None for a site not classified."""
    override = case.cancer.radiosensitivity
    return override if override is not None else RADIOSENSITIVITY_OF_SITE.get(case.cancer.primary)


def poor_condition(case: Case) -> tuple[bool | None, bool | None]:
    """(Karnofsky <= 40, expected survival <= 2 months), each None when unknown."""
    survival = case.general.expected_survival_months
    short = None if survival is None else survival <= POOR_SURVIVAL_MAX_MONTHS
    return karnofsky_at_most(case.general, POOR_KARNOFSKY_MAX), short


def _assessments(case: Case, escc: EsccResult | None, sins: ScoreResult | None) -> dict[str, str]:
    sensitivity = radiosensitivity(case)
    fit = case.general.fit_for_surgery
    mechanical = "unknown"
    if sins is not None and sins.band is not None:
        mechanical = sins.band
    return {
        "neurologic": escc.category.value if escc is not None else "unknown",
        "oncologic": sensitivity.value if sensitivity is not None else "unknown",
        "mechanical": mechanical,
        "systemic": "unknown" if fit is None else ("able" if fit else "unable"),
    }


def _options(assessed: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """The table rows each assessment allows; two rows where it is open."""
    n = assessed["neurologic"]
    o = assessed["oncologic"]
    m = assessed["mechanical"]
    s = assessed["systemic"]
    return {
        "neurologic": (n,) if n in ("low", "high") else ("low", "high"),
        "oncologic": ("resistant",) if o == "resistant" else (
            ("sensitive",) if o in ("highly_sensitive", "sensitive")
            else ("sensitive", "resistant")),
        "mechanical": (m,) if m in ("stable", "unstable") else ("stable", "unstable"),
        "systemic": (s,) if s in ("able", "unable") else ("able", "unable"),
    }


def _table_branches(options: dict[str, tuple[str, ...]]) -> list[NomsBranch]:
    branches = []
    for n, o, m in product(options["neurologic"], options["oncologic"], options["mechanical"]):
        when = {k: v for k, v in (("neurologic", n), ("oncologic", o), ("mechanical", m))
                if len(options[k]) > 1}
        if (n, o, m) in TABLE:
            branches.append(NomsBranch(when=when, decision=TABLE[(n, o, m)]))
            continue
        for s in options["systemic"]:
            extra = {"systemic": s} if len(options["systemic"]) > 1 else {}
            branches.append(NomsBranch(when=when | extra, decision=TABLE[(n, o, m, s)]))
    return branches


def _missing(case: Case, options: dict[str, tuple[str, ...]], sins: ScoreResult | None,
             escc: EsccResult | None) -> list[str]:
    missing = []
    if len(options["neurologic"]) > 1 and escc is None:
        missing.append("imaging.escc")
    if len(options["oncologic"]) > 1:
        missing.append("cancer.radiosensitivity")
    if len(options["mechanical"]) > 1 and sins is not None:
        missing.extend(sins.missing)
    if len(options["systemic"]) > 1:
        missing.append("general.fit_for_surgery")
    return missing


def noms(case: Case, *, lesion_seen: bool, negative_scan: bool, escc: EsccResult | None,
         sins: ScoreResult | None) -> NomsResult:
    """§6.1 first match, then the §6.3 table over every open combination."""
    assessed = _assessments(case, escc, sins)
    cancer = case.cancer

    def result(decision: NomsDecision, branches: list[NomsBranch] | None = None,
               reached: bool = False, missing: list[str] | None = None) -> NomsResult:
        # §6.2: N, O, M and S are reported from the case whatever the decision.
        return NomsResult(**assessed, decision=decision, branches=branches or [],
                          reached_table=reached, missing=missing or [])

    if cancer.status is CancerStatus.NONE or negative_scan:
        return NomsResult(**dict.fromkeys(assessed, "unknown"), decision=D.NOT_APPLICABLE,
                          branches=[], reached_table=False, missing=[])
    modality = case.imaging.modality if case.imaging is not None else None
    if not lesion_seen or modality in SCREENING_MODALITIES:
        return result(D.AWAITING_IMAGING)
    if (cancer.status is CancerStatus.SUSPECTED or cancer.primary is PrimarySite.UNKNOWN
            or cancer.histology_confirmed is False):
        return result(D.TISSUE_DIAGNOSIS_FIRST)
    if poor_condition(case) == (True, True):
        return result(D.CEBRT_AND_SUPPORTIVE_CARE)
    options = _options(assessed)
    branches = _table_branches(options)
    if case.disease.previous_radiotherapy_at_level is True:
        substitute = PREVIOUS_RADIOTHERAPY_SUBSTITUTE
        branches = [NomsBranch(when=b.when, decision=substitute.get(b.decision, b.decision))
                    for b in branches]
    decisions = {b.decision for b in branches}
    if len(decisions) == 1:
        return result(decisions.pop(), reached=True)
    return result(D.CONDITIONAL, branches, reached=True,
                  missing=_missing(case, options, sins, escc))
