"""Imaging: modality, timing and notes (RULES.md §3)."""

from __future__ import annotations

from knowledge.case import Case
from knowledge.rules.findings import definitive_scan, negative_scan
from knowledge.vocab import CancerStatus, ImagingTiming, Modality, PrimarySite, Urgency

PARTIAL_MODALITIES = frozenset(
    {Modality.MRI_PARTIAL, Modality.CT, Modality.XRAY, Modality.BONE_SCAN, Modality.PET_CT}
)
# The §3 notes, which `imaging.notes` repeats.
IMAGING_NOTES = frozenset({
    "reimage_new_neurology", "whole_spine_needed", "mri_sequences", "ct_for_metalwork",
    "no_plain_xray_for_diagnosis", "staging", "unknown_primary_workup",
})
_TIMING_BY_URGENCY = {
    Urgency.EMERGENCY: ImagingTiming.WITHIN_24H,
    Urgency.URGENT: ImagingTiming.WITHIN_1_WEEK,
    Urgency.ROUTINE: ImagingTiming.IF_SYMPTOMS_PERSIST,
}


def recommended_modality(case: Case, timing: ImagingTiming | None = None) -> Modality:
    """The modality that was done when `timing` is done; else whole-spine CT when MRI is
    contraindicated, else whole-spine MRI."""
    if timing is ImagingTiming.DONE and case.imaging is not None and case.imaging.modality:
        return case.imaging.modality
    if case.general.mri_contraindicated is True:
        return Modality.CT_WHOLE_SPINE
    return Modality.MRI_WHOLE_SPINE


def reimage_new_neurology(case: Case, flags: list[str]) -> bool:
    """A negative whole-spine scan followed by a red flag: image again."""
    return bool(flags) and negative_scan(case)


def imaging_timing(case: Case, urgency: Urgency, flags: list[str]) -> ImagingTiming:
    if definitive_scan(case) and not reimage_new_neurology(case, flags):
        return ImagingTiming.DONE
    if urgency is Urgency.EMERGENCY and case.neurology.rapidly_progressing is True:
        return ImagingTiming.IMMEDIATE
    return _TIMING_BY_URGENCY[urgency]


def imaging_notes(case: Case, flags: list[str], timing: ImagingTiming) -> list[str]:
    """§3 notes, in the rulebook's order."""
    notes: list[str] = []
    imaging = case.imaging
    cancer = case.cancer
    if reimage_new_neurology(case, flags):
        notes.append("reimage_new_neurology")
    if imaging is not None and imaging.modality in PARTIAL_MODALITIES:
        notes.append("whole_spine_needed")
    if recommended_modality(case) is Modality.MRI_WHOLE_SPINE and timing is not ImagingTiming.DONE:
        notes.append("mri_sequences")
    if case.general.spinal_metalwork is True:
        notes.append("ct_for_metalwork")
    # Any urgency: a routine pathway is where a plain film is most often ordered.
    if ((cancer.known_or_suspected and not negative_scan(case))
            or (imaging is not None and imaging.modality is Modality.XRAY)):
        notes.append("no_plain_xray_for_diagnosis")
    if cancer.known_or_suspected and (
            cancer.status is CancerStatus.SUSPECTED or cancer.primary is PrimarySite.UNKNOWN
            or cancer.established_metastases is not True):
        notes.append("staging")
    if cancer.status is CancerStatus.SUSPECTED or (
            cancer.status is CancerStatus.KNOWN and cancer.primary is PrimarySite.UNKNOWN):
        notes.append("unknown_primary_workup")
    return notes
