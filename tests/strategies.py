"""Hypothesis strategies: random valid partial cases (spinemets-case/1 dicts)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from knowledge.case import LESION_FIELDS, PAIN_FEATURE_FIELDS
from knowledge.levels import ALL_LEVELS
from knowledge.scores.tomita import GROWTH_OF_SITE
from knowledge.vocab import (
    Alignment,
    Collapse,
    EsccGrade,
    Frankel,
    Growth,
    LesionType,
    Modality,
    PainRegion,
    Posterolateral,
    PrimarySite,
    Radiosensitivity,
    Visceral,
)

tri = st.sampled_from([True, False, None])


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def values(enum: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([m.value for m in enum])


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


@st.composite
def cases(draw: st.DrawFn, cancer_none: bool = True,
          growth_overrides: bool = False, ecog_beside_karnofsky: bool = False,
          ) -> dict[str, Any]:
    statuses = ["known", "suspected", "none"] if cancer_none else ["known", "suspected"]
    status = draw(st.sampled_from(statuses))
    cancer: dict[str, Any] = {"status": status}
    if status != "none":
        primary = draw(maybe(values(PrimarySite)))
        replayable_growth = growth_overrides or PrimarySite(primary or "unknown") not in GROWTH_OF_SITE
        cancer.update(
            primary=primary,
            histology_confirmed=draw(tri), established_metastases=draw(tri),
            second_primary=draw(tri), lymphoma_suspected=draw(tri),
            # The dialogue asks the growth override only for a site without a Tomita
            # class (RULES §5.4), so replay can equal assess only for those.
            tomita_growth=draw(maybe(values(Growth))) if replayable_growth else None,
            radiosensitivity=draw(maybe(values(Radiosensitivity))))
    present = draw(tri)
    feature = st.sampled_from([False, None]) if present is False else tri
    pain = {"present": present, "regions": draw(maybe(st.lists(values(PainRegion), max_size=3))),
            **{name: draw(feature) for name in PAIN_FEATURE_FIELDS},
            "mechanical_assessed_seated": draw(tri), "radicular": draw(tri)}
    neurology = {name: draw(tri) for name in (
        "limb_weakness", "difficulty_walking", "sensory_change", "bladder_bowel_dysfunction",
        "saddle_anaesthesia", "cord_compression_signs", "rapidly_progressing", "ambulatory")}
    neurology["frankel"] = draw(maybe(values(Frankel)))
    general = {
        "karnofsky": draw(maybe(st.integers(0, 10).map(lambda k: k * 10))),
        "ecog": draw(maybe(st.integers(0, 4))),
        "fit_for_surgery": draw(tri),
        "expected_survival_months": draw(maybe(st.sampled_from([0, 1, 2, 2.5, 3, 6, 24]))),
        "fever": draw(tri), "infection_risk": draw(tri), "mri_contraindicated": draw(tri),
        "spinal_metalwork": draw(tri)}
    disease = {
        "extraspinal_bone_metastases": draw(maybe(st.integers(0, 6))),
        "vertebral_metastases": draw(maybe(st.integers(1, 5))),
        "visceral_metastases": draw(maybe(values(Visceral))),
        "previous_radiotherapy_at_level": draw(tri)}
    if general["karnofsky"] is not None and not ecog_beside_karnofsky:
        # The dialogue asks ECOG only when Karnofsky is unknown; an ECOG beside a Karnofsky
        # (echoed, RULES §5.6) comes from case files only.
        general["ecog"] = None
    data: dict[str, Any] = {
        "format": "spinemets-case/1", "id": "h", "cancer": _drop_none(cancer),
        "pain": _drop_none(pain), "neurology": _drop_none(neurology),
        "general": _drop_none(general), "disease": _drop_none(disease)}
    if draw(st.booleans()):
        data["imaging"] = draw(imaging())
    return data


@st.composite
def imaging(draw: st.DrawFn) -> dict[str, Any]:
    found = draw(tri)
    out: dict[str, Any] = {"modality": draw(maybe(values(Modality))), "lesion_found": found,
                           "atypical": draw(tri)}
    if found is not False:
        lesion_values = {"level": st.sampled_from(ALL_LEVELS), "escc": values(EsccGrade),
                         "lesion": values(LesionType), "collapse": values(Collapse),
                         "alignment": values(Alignment), "posterolateral": values(Posterolateral)}
        for name in LESION_FIELDS:
            out[name] = draw(maybe(lesion_values[name]))
    return _drop_none(out)
