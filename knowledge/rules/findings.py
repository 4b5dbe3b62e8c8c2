"""Facts derived from a case that several rule sections share (RULES.md preamble, §5)."""

from __future__ import annotations

from knowledge.case import LESION_FIELDS, Case, Disease
from knowledge.vocab import Modality


def lesion_seen(case: Case) -> bool:
    """A lesion is seen: a level, lesion_found true, or any other lesion field is given."""
    imaging = case.imaging
    if imaging is None:
        return False
    if imaging.lesion_found is True:
        return True
    return any(getattr(imaging, name) is not None for name in LESION_FIELDS)


def definitive_scan(case: Case) -> bool:
    """The case's imaging can exclude spinal metastasis: a whole-spine MRI, or a whole-spine
    CT when MRI is contraindicated."""
    imaging = case.imaging
    if imaging is None:
        return False
    if imaging.modality is Modality.MRI_WHOLE_SPINE:
        return True
    return (imaging.modality is Modality.CT_WHOLE_SPINE
            and case.general.mri_contraindicated is True)


def negative_scan(case: Case) -> bool:
    """lesion_found false on a definitive scan; elsewhere "no lesion" means "none seen yet"."""
    imaging = case.imaging
    return imaging is not None and imaging.lesion_found is False and definitive_scan(case)


def solitary_bone_metastasis(disease: Disease) -> tuple[frozenset[bool], tuple[str, ...]]:
    """Whether total bone metastases (extraspinal + vertebral) can be exactly one.

    Returns the possible answers and the unknown fields that leave it open. Counts are
    integers with extraspinal >= 0 and vertebral >= 1, so the total is at least 1.
    """
    extra = disease.extraspinal_bone_metastases
    vertebral = disease.vertebral_metastases
    extra_options = (extra,) if extra is not None else (0, 1)
    vertebral_options = (vertebral,) if vertebral is not None else (1, 2)
    answers = frozenset(e + v == 1 for e in extra_options for v in vertebral_options)
    if len(answers) == 1:
        return answers, ()
    missing = []
    if extra is None:
        missing.append("disease.extraspinal_bone_metastases")
    if vertebral is None:
        missing.append("disease.vertebral_metastases")
    return answers, tuple(missing)
