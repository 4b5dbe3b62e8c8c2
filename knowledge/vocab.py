"""Clinical vocabularies: the exact identifiers of the case and assessment contracts.

Every enum value is the identifier used in `spinemets-case/1` / `spinemets-assessment/1`;
labels for people live elsewhere (the assistant renders them).
"""

from __future__ import annotations

from enum import StrEnum


class Vocab(StrEnum):
    """Base for vocabularies: the value is the contract identifier."""


class CancerStatus(Vocab):
    KNOWN = "known"
    SUSPECTED = "suspected"
    NONE = "none"


class Sex(Vocab):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class PrimarySite(Vocab):
    BREAST = "breast"
    PROSTATE = "prostate"
    THYROID = "thyroid"
    CARCINOID = "carcinoid"
    KIDNEY = "kidney"
    UTERUS = "uterus"
    RECTUM = "rectum"
    COLON = "colon"
    LUNG_NSCLC = "lung_nsclc"
    LUNG_SCLC = "lung_sclc"
    STOMACH = "stomach"
    OESOPHAGUS = "oesophagus"
    PANCREAS = "pancreas"
    BLADDER = "bladder"
    LIVER = "liver"
    GALLBLADDER = "gallbladder"
    OSTEOSARCOMA = "osteosarcoma"
    MYELOMA = "myeloma"
    LYMPHOMA = "lymphoma"
    GERM_CELL = "germ_cell"
    OVARY = "ovary"
    MELANOMA = "melanoma"
    SARCOMA = "sarcoma"
    HEAD_AND_NECK = "head_and_neck"
    OTHER = "other"
    UNKNOWN = "unknown"


class PainRegion(Vocab):
    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBAR = "lumbar"
    SACRAL = "sacral"


class Frankel(Vocab):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


class Visceral(Vocab):
    NONE = "none"
    REMOVABLE = "removable"
    TREATABLE = "treatable"
    UNTREATABLE = "untreatable"


class Growth(Vocab):
    SLOW = "slow"
    MODERATE = "moderate"
    RAPID = "rapid"


class Radiosensitivity(Vocab):
    HIGHLY_SENSITIVE = "highly_sensitive"
    SENSITIVE = "sensitive"
    RESISTANT = "resistant"


class Modality(Vocab):
    MRI_WHOLE_SPINE = "mri_whole_spine"
    MRI_PARTIAL = "mri_partial"
    CT_WHOLE_SPINE = "ct_whole_spine"
    CT = "ct"
    XRAY = "xray"
    BONE_SCAN = "bone_scan"
    PET_CT = "pet_ct"


class EsccGrade(Vocab):
    """Bilsky grades: labels, never numbers."""

    G0 = "0"
    G1A = "1a"
    G1B = "1b"
    G1C = "1c"
    G2 = "2"
    G3 = "3"


class LesionType(Vocab):
    LYTIC = "lytic"
    MIXED = "mixed"
    BLASTIC = "blastic"


class Collapse(Vocab):
    NONE = "none"
    NONE_GT50_INVOLVED = "none_gt50_involved"
    LT50 = "lt50"
    GT50 = "gt50"


class Alignment(Vocab):
    NORMAL = "normal"
    DEFORMITY = "deformity"
    SUBLUXATION = "subluxation"


class Posterolateral(Vocab):
    NONE = "none"
    UNILATERAL = "unilateral"
    BILATERAL = "bilateral"


class Urgency(Vocab):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    ROUTINE = "routine"

    @property
    def rank(self) -> int:
        """Higher is more urgent (for comparisons: urgency only goes up with new findings)."""
        return {"routine": 0, "urgent": 1, "emergency": 2}[self.value]


class Pathway(Vocab):
    SUSPECTED_MSCC = "suspected_mscc"
    SUSPECTED_CORD_COMPRESSION = "suspected_cord_compression"
    MRI_NEGATIVE = "mri_negative"
    SUSPECTED_SPINAL_METASTASES = "suspected_spinal_metastases"
    SPINAL_METASTASIS_ON_IMAGING = "spinal_metastasis_on_imaging"
    LOW_SUSPICION = "low_suspicion"
    OUTSIDE_SCOPE = "outside_scope"


class Timing(Vocab):
    IMMEDIATELY = "immediately"
    WITHIN_24H = "within_24h"


class SurgicalOpinion(Vocab):
    IMMEDIATE = "immediate"
    WITHIN_24H = "within_24h"
    RECOMMENDED = "recommended"
    NOT_INDICATED = "not_indicated"


class Steroids(Vocab):
    OFFER_DEXAMETHASONE_16MG = "offer_dexamethasone_16mg"
    DISCUSS_HAEMATOLOGY_FIRST = "discuss_haematology_first"
    NOT_ROUTINE = "not_routine"


class Immobilisation(Vocab):
    START_NOW = "start_now"
    CONSIDER = "consider"
    NOT_NEEDED = "not_needed"


class ImagingTiming(Vocab):
    IMMEDIATE = "immediate"
    WITHIN_24H = "within_24h"
    WITHIN_1_WEEK = "within_1_week"
    IF_SYMPTOMS_PERSIST = "if_symptoms_persist"
    DONE = "done"


class BiopsyRecommendation(Vocab):
    NEEDED = "needed"
    CONSIDER = "consider"
    NOT_NEEDED = "not_needed"


class BiopsyTiming(Vocab):
    URGENT = "urgent"
    AFTER_IMAGING_AND_STAGING = "after_imaging_and_staging"
    NOT_APPLICABLE = "not_applicable"


class EsccCategory(Vocab):
    LOW = "low"
    INDETERMINATE = "indeterminate"
    HIGH = "high"


class NomsDecision(Vocab):
    CEBRT = "cebrt"
    STABILISATION_THEN_CEBRT = "stabilisation_then_cebrt"
    SRS = "srs"
    STABILISATION_THEN_SRS = "stabilisation_then_srs"
    DECOMPRESSION_STABILISATION_THEN_SRS = "decompression_stabilisation_then_srs"
    CEBRT_AND_SUPPORTIVE_CARE = "cebrt_and_supportive_care"
    TISSUE_DIAGNOSIS_FIRST = "tissue_diagnosis_first"
    AWAITING_IMAGING = "awaiting_imaging"
    NOT_APPLICABLE = "not_applicable"
    CONDITIONAL = "conditional"

    @property
    def involves_surgery(self) -> bool:
        return self in _SURGICAL_DECISIONS

    @property
    def involves_cebrt(self) -> bool:
        return self in _CEBRT_DECISIONS


_SURGICAL_DECISIONS = frozenset(
    {
        NomsDecision.STABILISATION_THEN_CEBRT,
        NomsDecision.STABILISATION_THEN_SRS,
        NomsDecision.DECOMPRESSION_STABILISATION_THEN_SRS,
    }
)
_CEBRT_DECISIONS = frozenset(
    {
        NomsDecision.CEBRT,
        NomsDecision.STABILISATION_THEN_CEBRT,
        NomsDecision.CEBRT_AND_SUPPORTIVE_CARE,
    }
)
