"""The case model: the `spinemets-case/1` contract (../shared/contract/CASE.md).

Every field is optional and None means unknown (absent, null or 'unknown'), never "no";
only `format` and `cancer.status` are required. Unknown keys and contradictions are errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator
from pydantic_core import PydanticCustomError, PydanticUndefined

from knowledge.fields import (
    TriBool,
    enum_parser,
    int_parser,
    list_parser,
    optional_text,
    parse_escc,
    parse_level,
    parse_non_negative,
)
from knowledge.levels import ALL_LEVELS
from knowledge.vocab import (
    Alignment,
    CancerStatus,
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
    Sex,
    Visceral,
)

CASE_FORMAT = "spinemets-case/1"


def _enum(cls: Any, **kw: Any) -> BeforeValidator:
    return BeforeValidator(enum_parser(cls, **kw))


def _section(value: Any) -> Any:
    """A section given as null is an empty section (everything unknown)."""
    return {} if value is None else value


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Patient(_Section):
    age: Annotated[int | None, BeforeValidator(int_parser(16, 110))] = None
    sex: Annotated[Sex | None, _enum(Sex)] = None


class Cancer(_Section):
    status: Annotated[CancerStatus, _enum(CancerStatus, required=True)]
    # absent, null and 'unknown' all mean "primary not identified" (a clinical value).
    primary: Annotated[PrimarySite, _enum(PrimarySite, unknown_member=PrimarySite.UNKNOWN)] = (
        PrimarySite.UNKNOWN
    )
    histology_confirmed: TriBool = None
    established_metastases: TriBool = None
    second_primary: TriBool = None
    lymphoma_suspected: TriBool = None
    tomita_growth: Annotated[Growth | None, _enum(Growth)] = None
    radiosensitivity: Annotated[Radiosensitivity | None, _enum(Radiosensitivity)] = None

    @property
    def known_or_suspected(self) -> bool:
        return self.status is not CancerStatus.NONE


PAIN_FEATURE_FIELDS = (
    "severe_unremitting",
    "progressive",
    "nocturnal",
    "aggravated_by_straining",
    "localised_tenderness",
    "mechanical",
)


class Pain(_Section):
    present: TriBool = None
    regions: Annotated[
        list[PainRegion] | None,
        BeforeValidator(list_parser(enum_parser(PainRegion), "cervical, thoracic, lumbar, sacral")),
    ] = None
    severe_unremitting: TriBool = None
    progressive: TriBool = None
    nocturnal: TriBool = None
    aggravated_by_straining: TriBool = None
    localised_tenderness: TriBool = None
    mechanical: TriBool = None
    mechanical_assessed_seated: TriBool = None
    radicular: TriBool = None

    @property
    def present_or_implied(self) -> bool | None:
        """Pain presence; a pain feature recorded true implies pain (RULES §1.2, CASE.md)."""
        if self.present is None and any(getattr(self, n) is True for n in PAIN_FEATURE_FIELDS):
            return True
        return self.present


class Neurology(_Section):
    limb_weakness: TriBool = None
    difficulty_walking: TriBool = None
    sensory_change: TriBool = None
    bladder_bowel_dysfunction: TriBool = None
    saddle_anaesthesia: TriBool = None
    cord_compression_signs: TriBool = None
    rapidly_progressing: TriBool = None
    ambulatory: TriBool = None
    frankel: Annotated[Frankel | None, _enum(Frankel)] = None


class General(_Section):
    karnofsky: Annotated[int | None, BeforeValidator(int_parser(0, 100, 10))] = None
    ecog: Annotated[int | None, BeforeValidator(int_parser(0, 4))] = None
    fit_for_surgery: TriBool = None
    expected_survival_months: Annotated[float | None, BeforeValidator(parse_non_negative)] = None
    fever: TriBool = None
    infection_risk: TriBool = None
    mri_contraindicated: TriBool = None
    spinal_metalwork: TriBool = None


class Disease(_Section):
    extraspinal_bone_metastases: Annotated[int | None, BeforeValidator(int_parser(0, None))] = None
    # A count of vertebral bodies cannot exceed the vertebral levels the project knows
    # (knowledge/levels.py: C1..S5); the bound is derived from that list, not typed here.
    vertebral_metastases: Annotated[
        int | None, BeforeValidator(int_parser(1, len(ALL_LEVELS)))] = None
    visceral_metastases: Annotated[Visceral | None, _enum(Visceral)] = None
    previous_radiotherapy_at_level: TriBool = None


LESION_FIELDS = ("level", "escc", "lesion", "collapse", "alignment", "posterolateral")


class Imaging(_Section):
    modality: Annotated[Modality | None, _enum(Modality)] = None
    lesion_found: TriBool = None
    level: Annotated[str | None, BeforeValidator(parse_level)] = None
    escc: Annotated[EsccGrade | None, BeforeValidator(parse_escc)] = None
    lesion: Annotated[LesionType | None, _enum(LesionType)] = None
    collapse: Annotated[Collapse | None, _enum(Collapse)] = None
    alignment: Annotated[Alignment | None, _enum(Alignment)] = None
    posterolateral: Annotated[Posterolateral | None, _enum(Posterolateral)] = None
    atypical: TriBool = None


class Case(_Section):
    """One patient's findings. Build with `Case.model_validate(data)` or `knowledge.load_cases`."""

    format: Literal["spinemets-case/1"]
    id: Annotated[str | None, BeforeValidator(optional_text)] = None
    title: Annotated[str | None, BeforeValidator(optional_text)] = None
    patient: Annotated[Patient, BeforeValidator(_section)] = Patient()
    cancer: Cancer
    pain: Annotated[Pain, BeforeValidator(_section)] = Pain()
    neurology: Annotated[Neurology, BeforeValidator(_section)] = Neurology()
    general: Annotated[General, BeforeValidator(_section)] = General()
    disease: Annotated[Disease, BeforeValidator(_section)] = Disease()
    imaging: Imaging | None = None

    def value(self, path: str) -> Any:
        """The value of the field at `path` ("cancer.primary"); None when it is unknown or its
        section (imaging) is absent."""
        section, name = path.split(".")
        holder = getattr(self, section)
        return getattr(holder, name) if holder is not None else None

    @model_validator(mode="after")
    def _no_contradictions(self) -> Case:
        problems = contradictions(self)
        if problems:
            detail = "; ".join(f"{path}: {message}" for path, message in problems)
            raise PydanticCustomError("contradiction", "{detail}", {"detail": detail})
        return self


def contradictions(case: Case) -> list[tuple[str, str]]:
    """The contradictions CASE.md names, as (field path, message), in a fixed order."""
    found: list[tuple[str, str]] = []
    imaging = case.imaging
    if imaging is not None and imaging.lesion_found is False:
        for name in LESION_FIELDS:
            if getattr(imaging, name) is not None:
                found.append((f"imaging.{name}", "given although imaging.lesion_found is false "
                              "(no lesion): remove it or set lesion_found to true"))
    if case.cancer.status is CancerStatus.NONE:
        if case.cancer.primary is not PrimarySite.UNKNOWN:
            found.append(("cancer.primary", f"'{case.cancer.primary}' given although "
                          "cancer.status is none"))
        if case.cancer.lymphoma_suspected is True:
            found.append(("cancer.lymphoma_suspected", "true although cancer.status is none "
                          "(use status suspected)"))
    if case.pain.present is False:
        for name in PAIN_FEATURE_FIELDS:
            if getattr(case.pain, name) is True:
                found.append((f"pain.{name}", "true although pain.present is false"))
    return found


SECTION_MODELS: dict[str, type[_Section]] = {
    "patient": Patient, "cancer": Cancer, "pain": Pain, "neurology": Neurology,
    "general": General, "disease": Disease, "imaging": Imaging,
}


def with_section(case: Case, name: str, data: dict[str, Any]) -> Case | None:
    """`case` with section `name` replaced by `data`, validated, and checked for
    contradictions; None when that fails (validate the whole case to get the errors).

    For a conversation that changes one section per answer: cheaper than validating the
    whole case again.
    """
    try:
        section = SECTION_MODELS[name].model_validate(data)
    except ValueError:  # pydantic's ValidationError
        return None
    updated = replaced(case, name, section)
    return None if contradictions(updated) else updated


M = TypeVar("M", bound=BaseModel)


def replaced(model: M, name: str, value: Any) -> M:
    """`model` with field `name` replaced by `value` (not validated): what pydantic's
    `model.model_copy(update={name: value})` gives, without its general-purpose copying
    (a conversation makes one per answer; RULES §7 one per value tried of each unknown)."""
    copied = model.__class__.__new__(model.__class__)
    fields = model.__dict__.copy()
    fields[name] = value
    object.__setattr__(copied, "__dict__", fields)
    object.__setattr__(copied, "__pydantic_fields_set__", model.__pydantic_fields_set__ | {name})
    extra = model.__pydantic_extra__
    object.__setattr__(copied, "__pydantic_extra__", None if extra is None else dict(extra))
    private = getattr(model, "__pydantic_private__", None)
    object.__setattr__(copied, "__pydantic_private__", None if private is None else {
        k: v for k, v in private.items() if v is not PydanticUndefined})
    return copied


def replacer(model: M, name: str) -> Callable[[Any], M]:
    """`lambda value: replaced(model, name, value)`, with what does not depend on the value
    done once (for many values of one field)."""
    if model.__pydantic_extra__ is not None or getattr(model, "__pydantic_private__", None):
        return lambda value: replaced(model, name, value)
    cls, fields = model.__class__, model.__dict__
    fields_set = model.__pydantic_fields_set__ | {name}
    new, set_attribute = cls.__new__, object.__setattr__

    def make(value: Any) -> M:
        copied = new(cls)
        values = fields.copy()
        values[name] = value
        set_attribute(copied, "__dict__", values)
        set_attribute(copied, "__pydantic_fields_set__", set(fields_set))
        set_attribute(copied, "__pydantic_extra__", None)
        set_attribute(copied, "__pydantic_private__", None)
        return copied

    return make
