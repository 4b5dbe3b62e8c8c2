"""Feedback at a teaching checkpoint: why the answer is what `knowledge.assess` says.

Each function explains one checkpoint from the assessment of what has been revealed (and
that revealed case). It says what decided the answer, in the label table's words, with the
references, and only that: it never states the answer to another checkpoint (the urgency
feedback does not say when to scan; the biopsy feedback does not say "tissue first").
"""

from __future__ import annotations

from collections.abc import Iterable

from knowledge import Assessment, Case
from knowledge.labels import label, section
from knowledge.rules.actions import HAEMATOLOGICAL
from knowledge.rules.findings import negative_scan
from knowledge.rules.noms import POOR_KARNOFSKY_MAX, POOR_SURVIVAL_MAX_MONTHS
from knowledge.scores.escc import CATEGORY_OF_GRADE, grades_of
from knowledge.scores.sins import BANDS as SINS_BANDS
from knowledge.vocab import (
    BiopsyRecommendation,
    CancerStatus,
    EsccCategory,
    ImagingTiming,
    NomsDecision,
    Pathway,
    PrimarySite,
    Steroids,
)

TRIAGE_REFS = "[nice-ng234-2023] [nice-cg75-2008] [mernik]"
ESCC_ONLY = "high_grade_escc"
# The ESCC grade(s) whose management is debated (1c): not cord compression, both NOMS rows.
DEBATED_ESCC = " or ".join(label(g) for g in grades_of(EsccCategory.INDETERMINATE))


def words(ids: Iterable[str], empty: str = "none") -> str:
    """Ids as their labels, joined."""
    found = [label(i) for i in ids]
    return ", ".join(found) if found else empty


def _plural(ids: list[str], noun: str) -> str:
    return noun if len(ids) == 1 else noun + "s"


def _texts(a: Assessment, ids: tuple[str, ...]) -> str:
    """The texts of these notes and actions, with their references."""
    found = [n for n in a.notes if n.id in ids] + [x for x in a.actions if x.id in ids]
    return " ".join(f"{n.text} [{', '.join(n.refs)}]" for n in found)


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _could_change(a: Assessment, output: str) -> str:
    paths = [path for path, outputs in a.unknown_effects.items() if output in outputs]
    return f"Not known yet, and could change this: {words(paths)}." if paths else ""


_URGENCY_WHY = {
    Pathway.SUSPECTED_CORD_COMPRESSION: "and no known cancer: any red flag is an emergency.",
    Pathway.MRI_NEGATIVE: "No red flag, and a normal whole-spine MRI: routine.",
    Pathway.SPINAL_METASTASIS_ON_IMAGING: "No red flag and no feature suggesting spinal "
                                          "metastases, but a lesion is seen on imaging: urgent.",
    Pathway.LOW_SUSPICION: "No red flag and no feature suggesting spinal metastases: routine. "
                           "With known cancer, new back pain is still metastatic until proven "
                           "otherwise: review, and safety-net.",
    Pathway.OUTSIDE_SCOPE: "No red flag and no known cancer: routine, outside this pathway.",
}


def urgency(a: Assessment, case: Case) -> str:
    """The triage row that decided the urgency (RULES §1.3), from the red flags and features."""
    flags, features = a.red_flags, a.suggestive_features
    if a.pathway is Pathway.SUSPECTED_MSCC:
        why = (f"{_plural(flags, 'Red flag').capitalize()}: {words(flags)}. With cancer known "
               "or suspected, any red flag is an emergency.")
    elif a.pathway is Pathway.SUSPECTED_CORD_COMPRESSION:
        why = f"Red flags: {words(flags)}, " + _URGENCY_WHY[a.pathway]
    elif a.pathway is Pathway.SUSPECTED_SPINAL_METASTASES:
        why = (f"No red flag; {_plural(features, 'feature')} suggesting spinal metastases: "
               f"{words(features)}. With cancer known or suspected, any one of them makes "
               "this urgent.")
    elif a.pathway is Pathway.OUTSIDE_SCOPE and case.cancer.status is not CancerStatus.NONE:
        why = "No red flag, no back pain and no lesion seen: routine, outside this pathway."
    else:
        why = _URGENCY_WHY[a.pathway]
    neurology = _texts(a, ("neurology_not_assessed",))
    return _join(why, f"Pathway: {label(a.pathway)}.", TRIAGE_REFS, neurology)


def imaging_timing(a: Assessment, case: Case) -> str:
    """The imaging row of RULES §3: the urgency sets the timing, unless the scan is done."""
    timing, modality = a.imaging.timing, label(a.imaging.modality)
    if timing is ImagingTiming.DONE:
        why = f"The {modality} has been done."
    elif timing is ImagingTiming.IMMEDIATE:
        why = (f"An {label(a.urgency)} with neurology progressing rapidly: {modality}, "
               f"{label(timing)}.")
    else:
        why = f"The imaging follows the urgency: {label(a.urgency)} gives {modality}, " \
              f"{label(timing)}."
    if case.general.mri_contraindicated is True and timing is not ImagingTiming.DONE:
        why += " MRI is contraindicated, so CT."
    return _join(why, "[nice-qs56]", _texts(a, ("reimage_new_neurology", "mri_sequences",
                                               "no_plain_xray_for_diagnosis")))


def steroids(a: Assessment, case: Case) -> str:
    """The steroid row of RULES §2.2 that matched."""
    neuro_flags = [f for f in a.red_flags if f != ESCC_ONLY]
    advice = a.steroids
    if advice is Steroids.DISCUSS_HAEMATOLOGY_FIRST:
        return _texts(a, ("discuss_haematology_before_steroids",))
    if advice is Steroids.OFFER_DEXAMETHASONE_16MG:
        if case.cancer.primary in HAEMATOLOGICAL:
            why = (f"A haematological cancer ({label(case.cancer.primary)}) with a red flag or "
                   "a lesion seen: offer dexamethasone.")
        else:
            why = f"Neurological {_plural(neuro_flags, 'red flag')}: {words(neuro_flags)}."
        return _join(why, _texts(a, ("dexamethasone",)))
    if case.cancer.status is CancerStatus.NONE:
        return "No cancer: steroids are not routine."
    if a.red_flags == [ESCC_ONLY]:
        return (f"The only red flag is {label(ESCC_ONLY)} on the scan, with no neurological "
                "symptom or sign: that alone does not make steroids routine [nice-ng234-2023].")
    return "Without neurological symptoms or signs, steroids are not routine [nice-ng234-2023]."


def sins_threshold(low: int) -> int:
    """The SINS band start a range from `low` is asked about: the next band above `low`,
    or the top band's start when `low` is already in it (RULES §5.1 bands)."""
    starts = [start for start, _, _ in SINS_BANDS.rows[1:]]
    return next((start for start in starts if start > low), starts[-1])


def _sins_bands() -> str:
    return ", ".join(f"{low}-{high} {label(name)}" for low, high, name in SINS_BANDS.rows)


def sins(a: Assessment, case: Case) -> str:
    """The SINS items and their points; for a range, the unknown items and what they allow."""
    score = a.scores.sins
    if score is None:
        return "SINS needs a lesion on imaging."
    known = [f"{label(k)} {v}" for k, v in score.components.items() if v is not None]
    bands = f"Bands: {_sins_bands()} [{score.ref}]."
    if score.total is not None:
        return _join(f"{' + '.join(known)} = {score.total}: {label(score.band)}.", bands)
    open_items = [f"{label(k)} {' or '.join(map(str, score.component_options[k]))}"
                  for k, v in score.components.items() if v is None]
    threshold = sins_threshold(score.min)
    reach = "could" if score.max >= threshold else "cannot"
    why = (f"Known: {', '.join(known) or 'nothing'}. Open: {'; '.join(open_items)} "
           f"(not known: {words(score.missing)}). So the SINS can be "
           f"{' or '.join(map(str, score.totals))}: it {reach} reach {threshold}.")
    supine = ""
    if case.pain.mechanical is False and case.pain.mechanical_assessed_seated is False:
        supine = ("The 'not mechanical' was found lying down, and a supine examination misses "
                  "mechanical pain, so it counts as unknown.")
    return _join(why, supine, bands, _texts(a, ("sins_incomplete",)))


def escc(a: Assessment, case: Case) -> str:
    """The Bilsky grade and the category it falls in."""
    result = a.scores.escc
    if result is None:
        return "The epidural compression has not been graded."
    groups: dict[str, list[str]] = {}
    for grade, category in CATEGORY_OF_GRADE.items():
        groups.setdefault(label(category), []).append(label(grade))
    scale = "; ".join(f"{', '.join(grades)} {name}" for name, grades in groups.items())
    return (f"Bilsky grade {label(result.grade)}: {label(result.category)}. Grades {scale}; "
            f"{DEBATED_ESCC} is not cord compression, and its management is debated "
            f"[{result.ref}].")


def biopsy(a: Assessment, case: Case) -> str:
    """The reasons for a biopsy; when none holds, why none is needed (RULES §4)."""
    advice = a.biopsy
    reasons = advice.reasons
    if advice.recommendation is not BiopsyRecommendation.NOT_NEEDED:
        why = f"{_plural(reasons, 'Reason').capitalize()}: {words(reasons)}."
        if advice.recommendation is BiopsyRecommendation.CONSIDER:
            why += (" A first metastasis of a known cancer is the only reason: consider a "
                    "biopsy to confirm it.")
        else:
            why += " Any reason but a first metastasis alone makes a biopsy needed."
        return _join(why, f"Timing: {label(advice.timing)}.",
                     _texts(a, ("biopsy_technique",)), _could_change(a, "biopsy"))
    if case.cancer.status is CancerStatus.NONE:
        why = "No cancer: no biopsy."
    elif negative_scan(case):
        why = "A normal whole-spine scan: there is no spinal lesion to sample."
    else:
        reasons_text = "; ".join(section("biopsy_reason").values())
        why = ("No biopsy is needed: a known cancer with a typical picture, and none of the "
               f"reasons for one holds - {reasons_text} [badve-2021].")
        if case.cancer.primary in HAEMATOLOGICAL and case.cancer.established_metastases is not True:
            why += (f" In {label(case.cancer.primary)} a bone lesion is part of the known "
                    "disease; the haematology MDT decides.")
    return _join(why, _could_change(a, "biopsy"))


_ASSESSMENT_NAMES = ("neurologic", "oncologic", "mechanical", "systemic")
_DECIDERS = {
    "neurologic": f"the ESCC grade ({DEBATED_ESCC}, or no grade, leaves both rows open)",
    "oncologic": "how radiosensitive the primary is",
    "mechanical": "the stability of the spine (a SINS band of potentially unstable, or a "
                  "range over bands, is for a spinal surgeon to judge)",
    "systemic": "whether the patient is fit for surgery",
}


def _tissue_first(case: Case) -> str:
    cancer = case.cancer
    why = [text for holds, text in (
        (cancer.status is CancerStatus.SUSPECTED, "the cancer is only suspected"),
        (cancer.primary is PrimarySite.UNKNOWN, "the primary is unknown"),
        (cancer.histology_confirmed is False, "the histology is not confirmed")) if holds]
    return f"Before NOMS, the tumour must be known: {', '.join(why)}."


def noms(a: Assessment, case: Case) -> str:
    """The NOMS row that decided (RULES §6.1), the four assessments and the table, and for a
    conditional decision every branch with what decides between them."""
    n = a.noms
    values = {"neurologic": n.neurologic, "oncologic": n.oncologic,
              "mechanical": n.mechanical, "systemic": n.systemic}
    four = "; ".join(f"{label(k)} {label(v)}" for k, v in values.items()) + "."
    decision = n.decision
    if decision is NomsDecision.NOT_APPLICABLE:
        return "No cancer, or a normal whole-spine scan: NOMS does not apply."
    if decision is NomsDecision.AWAITING_IMAGING:
        return ("No lesion graded on MRI yet: NOMS needs the ESCC grade and the SINS items, "
                "so it waits for the scan [laufer-2013].")
    if decision is NomsDecision.TISSUE_DIAGNOSIS_FIRST:
        return _join(_tissue_first(case), "[laufer-2013]")
    if decision is NomsDecision.CEBRT_AND_SUPPORTIVE_CARE:
        return (f"Karnofsky {POOR_KARNOFSKY_MAX} or less and an expected survival of "
                f"{POOR_SURVIVAL_MAX_MONTHS} months or less: {label(decision)} [mernik].")
    notes = _texts(a, ("previous_radiotherapy", "patchell"))
    if decision is not NomsDecision.CONDITIONAL:
        return _join(f"{four} The NOMS table gives {label(decision)} [laufer-2013].", notes)
    branches = "; ".join(
        "if " + ", ".join(f"{label(k)} is {label(v)}" for k, v in b.when.items())
        + f": {label(b.decision)}" for b in n.branches)
    open_names = [k for k in _ASSESSMENT_NAMES if any(k in b.when for b in n.branches)]
    deciders = "; ".join(f"{label(k)}: {_DECIDERS[k]}" for k in open_names)
    missing = f" Not known: {words(n.missing)}." if n.missing else ""
    return _join(f"{four} More than one row of the NOMS table fits, so the decision depends "
                 f"on what is still open - {branches}. What decides it - {deciders}.{missing}",
                 "[laufer-2013]", notes)
