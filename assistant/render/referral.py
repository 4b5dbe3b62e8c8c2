"""The SBAR referral summary (pure): Situation, Background, Assessment, Recommendation.

Built from the case and its assessment as sections of sentences, then written as plain text
that fits 80 columns (to paste into an e-referral box) or as Markdown.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from assistant.render.labels import URGENCY_BANNER, label
from assistant.render.report import _not_scored_reason, _score_parts
from assistant.render.safe_text import safe_text
from knowledge import Assessment, Case

WIDTH = 80
NEUROLOGY = (("limb_weakness", "limb weakness"), ("difficulty_walking", "difficulty walking"),
             ("ambulatory", "able to walk"), ("sensory_change", "sensory change"),
             ("bladder_bowel_dysfunction", "bladder or bowel dysfunction"),
             ("saddle_anaesthesia", "saddle anaesthesia"),
             ("cord_compression_signs", "signs of cord compression"),
             ("rapidly_progressing", "rapidly progressing"))
PAIN_FEATURES = (("severe_unremitting", "severe unremitting"), ("progressive", "progressive"),
                 ("nocturnal", "night pain"), ("aggravated_by_straining", "worse on straining"),
                 ("localised_tenderness", "localised tenderness"), ("radicular", "radicular"))
IMAGING_FIELDS = ("level", "escc", "lesion", "collapse", "alignment", "posterolateral")

Sections = list[tuple[str, list[str]]]


def _yn(value: Any) -> str:
    if value is None:
        return "not known"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return label(str(getattr(value, "value", value)))


def _situation(a: Assessment) -> list[str]:
    lines = [f"{URGENCY_BANNER[a.urgency.value]} - {label(a.pathway.value)}.",
             f"Red flags: {', '.join(label(f) for f in a.red_flags) or 'none'}.",
             f"Features suggesting spinal metastases: "
             f"{', '.join(label(f) for f in a.suggestive_features) or 'none'}."]
    needed = [f"{label(x.timing)}: {label(x.id)}" for x in a.actions if x.timing]
    needed.append(f"{label(a.imaging.modality.value)}: {label(a.imaging.timing.value)}")
    return [*lines, "Needed: " + "; ".join(needed) + "."]


def _background(case: Case, a: Assessment) -> list[str]:
    cancer, general = case.cancer, case.general
    k = a.scores.karnofsky
    performance = ("not known" if k is None else f"Karnofsky {k.value}" if not k.approximate
                   else f"ECOG {a.scores.ecog} (about Karnofsky {k.min}-{k.max})")
    survival = general.expected_survival_months
    return [
        f"Cancer: {cancer.status.value}; primary: {label(cancer.primary.value)}; "
        f"histology confirmed: {_yn(cancer.histology_confirmed)}; metastases known before "
        f"this episode: {_yn(cancer.established_metastases)}.",
        f"Previous radiotherapy at this level: "
        f"{_yn(case.disease.previous_radiotherapy_at_level)}.",
        f"Performance status: {performance}; fit for surgery: "
        f"{_yn(general.fit_for_surgery)}; expected survival: "
        + (f"{survival:g} months." if survival is not None else "not known."),
    ]


def _assessment(case: Case, a: Assessment) -> list[str]:
    neurology = case.neurology
    neuro = "; ".join(f"{name}: {_yn(getattr(neurology, field))}" for field, name in NEUROLOGY)
    pain = case.pain
    if pain.present is False:
        pain_line = "Pain: none."
    else:
        regions = ", ".join(r.value for r in pain.regions or []) or "region not stated"
        features = "; ".join(f"{name}: {_yn(getattr(pain, f))}" for f, name in PAIN_FEATURES)
        seated = {True: "checked sitting up", False: "checked lying down (not reliable)",
                  None: "how it was checked not stated"}[pain.mechanical_assessed_seated]
        pain_line = (f"Pain: {_yn(pain.present)}, {regions}; {features}; mechanical: "
                     f"{_yn(pain.mechanical)} ({seated}).")
    imaging = case.imaging
    if imaging is None:
        imaging_line = "Imaging: none yet."
    else:
        from knowledge.rules.findings import lesion_seen

        found = "; ".join(f"{label('imaging.' + f)}: {_yn(getattr(imaging, f))}"
                          for f in IMAGING_FIELDS)
        # A level, a grade or any lesion detail is a lesion seen (RULES.md), even when
        # "lesion found" itself was not answered.
        seen = ("yes" if imaging.lesion_found is None and lesion_seen(case)
                else _yn(imaging.lesion_found))
        imaging_line = f"Imaging: {_yn(imaging.modality)}; lesion found: {seen}; {found}."
    scores = [" - ".join(_score_parts(name, score, _not_scored_reason(a)))
              for name, score in a.scores.ranged()]
    escc = a.scores.escc
    scores.append(f"ESCC (Bilsky): {escc.grade.value}, {escc.category.value} grade"
                  if escc else "ESCC (Bilsky): not graded")
    unknown = [f"{label(path)} (could change {', '.join(label(e) for e in effects)})"
               for path, effects in a.unknown_effects.items()]
    return [f"Neurology: {neuro}; Frankel {_yn(neurology.frankel)}.", pain_line, imaging_line,
            *scores,
            "Not known: " + ("; ".join(unknown) if unknown else "nothing that would change "
                             "this assessment") + "."]


def _recommendation(a: Assessment) -> list[str]:
    lines = [(f"[{label(x.timing)}] " if x.timing else "") + x.text for x in a.actions]
    noms = a.noms
    decision = label(noms.decision.value)
    branches = "; ".join(", ".join(f"{k} {label(v)}" for k, v in b.when.items()) + ": "
                         + label(b.decision.value) for b in noms.branches)
    patchell = {True: "yes", False: "no", None: "not known"}[a.patchell_candidate]
    return [*lines,
            f"Imaging: {label(a.imaging.modality.value)}, {label(a.imaging.timing.value)}.",
            f"Biopsy: {label(a.biopsy.recommendation.value)} "
            f"({label(a.biopsy.timing.value)})"
            + (f"; reasons: {', '.join(label(r) for r in a.biopsy.reasons)}."
               if a.biopsy.reasons else "."),
            f"Steroids: {label(a.steroids.value)}. Immobilisation: "
            f"{label(a.immobilisation.value)}. Surgical opinion: "
            f"{label(a.surgical_opinion.value)}.",
            f"Treatment (NOMS): {decision}" + (f" - {branches}." if branches else "."),
            f"Patchell candidate (decompression then radiotherapy): {patchell}"
            + (f" (missing: {', '.join(label(m) for m in a.patchell_missing)})."
               if a.patchell_missing else ".")]


def sbar_sections(case: Case, a: Assessment, who_to_call: list[str] | None = None) -> Sections:
    """The referral's sections; `who_to_call` (the local pathway's contacts, or how to set
    them) follows the situation."""
    return [
        ("SITUATION", _situation(a)),
        ("WHO TO CALL", who_to_call or []),
        ("BACKGROUND", _background(case, a)),
        ("ASSESSMENT", _assessment(case, a)),
        ("RECOMMENDATION", _recommendation(a)),
        ("NOTES", [f"{n.text} {' '.join(f'[{r}]' for r in n.refs)}" for n in a.notes]),
        ("REFERENCES", [f"[{r.id}] {r.citation}" for r in a.references]),
    ]


def _footer(a: Assessment, at: datetime) -> list[str]:
    return [f"Assessed {at.strftime('%Y-%m-%d %H:%M')} with spinemets, knowledge version "
            f"{a.knowledge_version}.", a.disclaimer]


def _wrap(text: str, indent: str = "- ", hang: str = "  ") -> Iterable[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=hang,
                         break_on_hyphens=False, break_long_words=False)


def render_sbar(case: Case, a: Assessment, at: datetime, *, markdown: bool = False,
                who_to_call: list[str] | None = None) -> str:
    """The referral: plain text within 80 columns, or Markdown. The case id is escaped (no
    control characters; in Markdown no markup either) and the whole text is made safe."""
    title = "SBAR referral - new back pain with known or suspected cancer"
    if a.case_id:
        title += f" (case {safe_text(a.case_id, markdown=markdown)})"
    sections = sbar_sections(case, a, who_to_call)
    if markdown:
        out = [f"# {title}", ""]
        for heading, lines in sections:
            if lines:
                out += [f"## {heading.capitalize()}", *(f"- {line}" for line in lines), ""]
        text = "\n".join([*out, *(f"_{line}_  " for line in _footer(a, at))]) + "\n"
        return safe_text(text, newlines=True)
    out = [title, "=" * min(len(title), WIDTH), ""]
    for heading, lines in sections:
        if lines:
            out += [heading, *(w for line in lines for w in _wrap(line)), ""]
    out += [w for line in _footer(a, at) for w in _wrap(line, "", "")]
    return safe_text("\n".join(out) + "\n", newlines=True)
