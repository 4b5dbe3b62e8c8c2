"""Words for people: the one place the assistant turns contract identifiers into labels."""

from __future__ import annotations

URGENCY_BANNER = {
    "emergency": "!!! EMERGENCY",
    "urgent": "!! URGENT",
    "routine": "ROUTINE",
}

LABELS: dict[str, str] = {
    # pathways
    "suspected_mscc": "suspected metastatic spinal cord compression (MSCC)",
    "suspected_cord_compression": "suspected cord or cauda equina compression (no known cancer)",
    "mri_negative": "normal whole-spine MRI",
    "suspected_spinal_metastases": "suspected spinal metastases",
    "spinal_metastasis_on_imaging": "spinal metastasis on imaging",
    "low_suspicion": "low suspicion of spinal metastasis",
    "outside_scope": "outside the scope of this pathway",
    # timings
    "immediately": "now",
    "immediate": "immediately",
    "within_24h": "within 24 h",
    "within_1_week": "within 1 week",
    "if_symptoms_persist": "if symptoms persist",
    "done": "done",
    "urgent": "urgent",
    "after_imaging_and_staging": "after imaging and staging",
    "not_applicable": "not applicable",
    # advice values
    "recommended": "recommended",
    "not_indicated": "not indicated",
    "offer_dexamethasone_16mg": "offer dexamethasone 16 mg",
    "discuss_haematology_first": "discuss with haematology first (suspected lymphoma)",
    "not_routine": "not routine",
    "start_now": "start now",
    "consider": "consider",
    "not_needed": "not needed",
    "needed": "needed",
    # modalities
    "mri_whole_spine": "whole-spine MRI",
    "ct_whole_spine": "whole-spine CT",
    # NOMS decisions
    "cebrt": "conventional external-beam radiotherapy (cEBRT)",
    "stabilisation_then_cebrt": "stabilisation, then cEBRT",
    "srs": "stereotactic radiosurgery (SRS)",
    "stabilisation_then_srs": "stabilisation, then SRS",
    "decompression_stabilisation_then_srs": "decompression and stabilisation, then SRS",
    "cebrt_and_supportive_care": "cEBRT and supportive care",
    "tissue_diagnosis_first": "tissue diagnosis first",
    "awaiting_imaging": "awaiting imaging (MRI needed)",
    "conditional": "conditional - depends on what is still unknown",
    # score names
    "sins": "SINS",
    "tokuhashi_revised": "Revised Tokuhashi",
    "tomita": "Tomita",
    "bauer_modified": "Modified Bauer",
    # actions, in a line of what is needed by when
    "contact_mscc_coordinator": "contact the MSCC coordinator",
    "contact_on_call_spinal_team": "call the on-call spinal team",
    "admit": "admit",
    "surgical_opinion": "spinal surgical opinion",
    "dexamethasone": "dexamethasone 16 mg",
    "discuss_haematology_before_steroids": "discuss with haematology before any steroid",
    "immobilise": "immobilise",
    "no_plain_xray": "no plain X-ray",
    "safety_net": "safety-net advice",
    "review_and_low_threshold_for_mri": "review, low threshold for MRI",
    # notes that say what to check now
    "neurology_not_assessed": "complete the neurology",
    "reimage_new_neurology": "re-image (new neurology after a normal scan)",
    "reassess_mechanical_pain_seated": "re-check mechanical pain sitting up",
    "infection_not_excluded": "exclude infection",
    # what an unknown input could change
    "scores.sins": "SINS",
    "scores.tokuhashi_revised": "Revised Tokuhashi",
    "scores.tomita": "Tomita",
    "scores.bauer_modified": "Modified Bauer",
    "imaging.timing": "imaging timing",
    "imaging.modality": "imaging modality",
    "instability_suspected": "instability",
    "noms": "NOMS decision",
    "patchell_candidate": "Patchell candidacy",
    # bands
    "stable": "stable",
    "potentially_unstable": "potentially unstable",
    "unstable": "unstable",
    "lt_6_months": "predicted survival < 6 months",
    "ge_6_months": "predicted survival >= 6 months",
    "ge_12_months": "predicted survival >= 12 months",
    "wide_or_marginal_excision": "wide or marginal excision",
    "marginal_or_intralesional_excision": "marginal or intralesional excision",
    "palliative_surgery": "palliative surgery",
    "supportive_care": "supportive care",
    "short_term_palliation": "short-term palliation",
    "mid_term_local_control": "mid-term local control",
    # red flags and features
    "not_ambulatory": "not able to walk",
    "neurological_deficit": "neurological deficit (Frankel A-D)",
    "high_grade_escc": "high-grade ESCC (2 or 3)",
    "pain_on_straining": "pain on straining",
}


def label(identifier: str | None) -> str:
    """A readable label; identifiers without one read as words."""
    if identifier is None:
        return "unknown"
    return LABELS.get(identifier, identifier.replace("_", " "))
