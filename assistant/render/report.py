"""Renderers of an assessment (pure functions): plain text for a person, JSON for machines."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable

from assistant.render.labels import URGENCY_BANNER, label
from assistant.render.safe_text import safe_text
from knowledge import Assessment
from knowledge.assessment import Note
from knowledge.scores.ranges import ScoreResult

WIDTH = 80
# Notes that change what the clinician should do next: shown under the banner, not at the end.
CHECK_NOW_NOTES = ("neurology_not_assessed", "reimage_new_neurology",
                   "reassess_mechanical_pain_seated", "infection_not_excluded")


def _wrap(text: str, indent: str = "  ", hang: str = "    ") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=hang,
                         break_on_hyphens=False, break_long_words=False) or [indent]


def _refs(refs: Iterable[str]) -> str:
    return " ".join(f"[{r}]" for r in refs)


def _join(items: Iterable[str], empty: str = "none") -> str:
    words = [label(i) for i in items]
    return ", ".join(words) if words else empty


def _range(score: ScoreResult) -> str:
    if score.total is not None:
        return str(score.total)
    if len(score.totals) == score.max - score.min + 1:
        return f"{score.min}-{score.max}"
    return f"{score.min}-{score.max} (only {' or '.join(map(str, score.totals))})"


def _score_parts(name: str, score: ScoreResult | None, reason: str) -> list[str]:
    """A score as plain strings: the headline, its components, what is missing."""
    if score is None:
        return [f"{label(name)}: not computed ({reason})"]
    band = label(score.band) if score.band else "spans " + " / ".join(map(label, score.bands))
    parts = []
    for item, points in score.components.items():
        if points is None:
            options = " or ".join(map(str, score.component_options[item]))
            parts.append(f"{label(item)} {options}")
        else:
            parts.append(f"{label(item)} {points}")
    lines = [f"{label(name)}: {_range(score)} - {band} [{score.ref}]", "; ".join(parts)]
    if score.missing:
        lines.append("unknown: " + ", ".join(label(m) for m in score.missing))
    return lines


def _score_lines(name: str, score: ScoreResult | None, reason: str) -> list[str]:
    head, *rest = _score_parts(name, score, reason)
    return _wrap(head, "  ", "      ") + [w for r in rest for w in _wrap(r, "      ", "      ")]


def _not_scored_reason(a: Assessment) -> str:
    return ("no known or suspected cancer, or a normal whole-spine scan"
            if a.scores.tokuhashi_revised is None else "needs a lesion seen on imaging")


def _notes(notes: Iterable[Note], heading: str | None = None) -> list[str]:
    lines = [f"- {n.text} {_refs(n.refs)}" for n in notes]
    wrapped = [w for line in lines for w in _wrap(line)]
    return (["", heading] if heading and wrapped else []) + wrapped


def _header(a: Assessment) -> list[str]:
    rule = "=" * WIDTH
    # A case without an id or a title (a chat, a saved session) gets no empty heading.
    title = f"Case {safe_text(a.case_id)}" if a.case_id else ""
    if a.title:
        title += f": {safe_text(a.title)}" if title else safe_text(a.title)
    return [rule, f"{URGENCY_BANNER[a.urgency.value]} - {label(a.pathway.value)}", rule,
            *([title] if title else []),
            *_wrap(f"Red flags: {_join(a.red_flags)}", "", "  "),
            *_wrap(f"Suggestive features: {_join(a.suggestive_features)}", "", "  "),
            f"Instability suspected: {'yes' if a.instability_suspected else 'no'}"]


def _at_a_glance(a: Assessment, check_now: list[Note]) -> list[str]:
    """What a clinician on call needs first, within the first screen (24 lines): the timed
    actions, the scan and the treatment decision, in a line each."""
    out = ["", "NOW"]
    for action in a.actions:
        if action.timing:
            out.append(f"  [{label(action.timing)}] {label(action.id)}")
    untimed = [label(x.id) for x in a.actions if not x.timing]
    if untimed:
        out += _wrap("also: " + ", ".join(untimed))
    if check_now:
        out += _wrap("check now: " + ", ".join(label(n.id) for n in check_now))
    out += [f"  Imaging: {label(a.imaging.modality.value)} - {label(a.imaging.timing.value)}",
            *_wrap(f"Treatment (NOMS): {label(a.noms.decision.value)}")]
    return out


def _actions(a: Assessment) -> list[str]:
    out = ["", "WHAT TO DO"]
    for action in a.actions:
        when = f"[{label(action.timing)}] " if action.timing else ""
        out += _wrap(f"- {when}{action.text} {_refs(action.refs)}")
    return [*out, f"  Surgical opinion: {label(a.surgical_opinion.value)}",
            f"  Steroids: {label(a.steroids.value)}",
            f"  Immobilisation: {label(a.immobilisation.value)}"]


def _imaging_and_biopsy(a: Assessment, imaging_notes: list[Note]) -> list[str]:
    out = ["", "IMAGING", f"  {label(a.imaging.modality.value)}: {label(a.imaging.timing.value)}",
           *_notes(imaging_notes), "", "BIOPSY",
           f"  {label(a.biopsy.recommendation.value)} ({label(a.biopsy.timing.value)})"]
    if a.biopsy.reasons:
        out.append(f"  reasons: {_join(a.biopsy.reasons)}")
    return out


def _scores(a: Assessment) -> list[str]:
    scores = a.scores
    out = ["", "SCORES"]
    for name, score in scores.ranged():
        out += _score_lines(name, score, _not_scored_reason(a))
    escc = scores.escc
    out.append(f"  ESCC (Bilsky): {escc.grade.value} - {escc.category.value} grade  [{escc.ref}]"
               if escc else "  ESCC (Bilsky): not graded")
    k = scores.karnofsky
    if k is None:
        performance = "Karnofsky unknown"
    elif k.approximate:
        performance = f"Karnofsky {k.min}-{k.max} (approximate, from ECOG {scores.ecog})"
    else:
        performance = f"Karnofsky {k.value}"
    frankel = scores.frankel.value if scores.frankel else "unknown"
    return [*out, f"  {performance}; Frankel {frankel}"]


def _treatment(a: Assessment) -> list[str]:
    n = a.noms
    out = ["", "TREATMENT (NOMS)",
           f"  N {label(n.neurologic)}; O {label(n.oncologic)}; M {label(n.mechanical)}; "
           f"S {label(n.systemic)}", f"  Decision: {label(n.decision.value)}"]
    for branch in n.branches:
        when = ", ".join(f"{k} {label(v)}" for k, v in branch.when.items())
        out.append(f"    if {when}: {label(branch.decision.value)}")
    patchell = {True: "yes", False: "no", None: "unknown"}[a.patchell_candidate]
    missing = (f" (missing: {', '.join(label(m) for m in a.patchell_missing)})"
               if a.patchell_missing else "")
    return [*out, f"  Patchell candidate: {patchell}{missing}"]


def _unknowns(a: Assessment) -> list[str]:
    if not a.unknown_effects:
        return []
    out = ["", "UNKNOWN - answering these could change the assessment"]
    for path, effects in a.unknown_effects.items():
        out += _wrap(f"- {label(path)}: {', '.join(label(e) for e in effects)}")
    return out


def _references_and_footer(a: Assessment) -> list[str]:
    out = ["", "REFERENCES"]
    for ref in a.references:
        out += _wrap(f"[{ref.id}] {ref.citation}")
    return [*out, "", *_wrap(a.disclaimer, "", ""),
            f"Knowledge version {a.knowledge_version}", ""]


def render_text(a: Assessment) -> str:
    """The assessment for a person: urgency first, then what to check and do, then detail.
    Nothing in it can control the terminal (the case id and title are made safe, and then
    the whole text)."""
    check_now = [n for n in a.notes if n.id in CHECK_NOW_NOTES]
    imaging_notes = [n for n in a.notes if n.id in a.imaging.notes and n not in check_now]
    other_notes = [n for n in a.notes if n not in check_now and n not in imaging_notes]
    return safe_text("\n".join([
        *_header(a), *_at_a_glance(a, check_now), *_notes(check_now, "CHECK NOW"), *_actions(a),
        *_imaging_and_biopsy(a, imaging_notes), *_scores(a), *_treatment(a), *_unknowns(a),
        *_notes(other_notes, "NOTES"), *_references_and_footer(a),
    ]), newlines=True)


def render_json(a: Assessment, *, indent: int | None = None) -> str:
    """The spinemets-assessment/1 object as JSON (one line unless indented)."""
    if indent is None:
        return a.model_dump_json()
    return json.dumps(a.model_dump(mode="json"), indent=indent)


def render_error_json(case_id: str | None, message: str, source: str | None = None) -> str:
    """The batch line for a case that could not be assessed."""
    return json.dumps({"case_id": case_id, "error": message, "source": source})


def render_markdown(a: Assessment) -> str:
    """The assessment as Markdown (the chat's recommendation screen and /export). The case
    id and title are escaped (no control characters, no markup), and the whole text is made
    safe for a terminal."""
    def bullets(lines: Iterable[str]) -> list[str]:
        return [f"- {line}" for line in lines]

    title = f"Case {safe_text(a.case_id, markdown=True)}" if a.case_id else "Assessment"
    out = [f"# {URGENCY_BANNER[a.urgency.value]} — {label(a.pathway.value)}", "",
           f"**{title}**" + (f": {safe_text(a.title, markdown=True)}" if a.title else ""), "",
           f"Red flags: {_join(a.red_flags)}  ", f"Suggestive features: "
           f"{_join(a.suggestive_features)}  ",
           f"Instability suspected: {'yes' if a.instability_suspected else 'no'}", ""]
    check_now = [n for n in a.notes if n.id in CHECK_NOW_NOTES]
    if check_now:
        out += ["## Check now", *bullets(f"{n.text} {_refs(n.refs)}" for n in check_now), ""]
    out += ["## What to do",
            *bullets((f"**{label(x.timing)}** — " if x.timing else "") + f"{x.text} "
                     f"{_refs(x.refs)}" for x in a.actions), "",
            f"Surgical opinion: **{label(a.surgical_opinion.value)}** · Steroids: "
            f"**{label(a.steroids.value)}** · Immobilisation: "
            f"**{label(a.immobilisation.value)}**", "",
            "## Imaging", f"{label(a.imaging.modality.value)}: "
            f"**{label(a.imaging.timing.value)}**", "",
            "## Biopsy", f"{label(a.biopsy.recommendation.value)} "
            f"({label(a.biopsy.timing.value)})"
            + (f"; reasons: {_join(a.biopsy.reasons)}" if a.biopsy.reasons else ""), "",
            "## Scores",
            *bullets(" — ".join(_score_parts(name, score, _not_scored_reason(a)))
                     for name, score in a.scores.ranged()),
            *bullets([_scores(a)[-2].strip(), _scores(a)[-1].strip()]), "",
            "## Treatment (NOMS)", *bullets(line.strip() for line in _treatment(a)[2:]), ""]
    if a.unknown_effects:
        out += ["## Unknown — answering these could change the assessment",
                *bullets(f"{label(path)}: {', '.join(label(e) for e in effects)}"
                         for path, effects in a.unknown_effects.items()), ""]
    other = [n for n in a.notes if n not in check_now]
    if other:
        out += ["## Notes", *bullets(f"{n.text} {_refs(n.refs)}" for n in other), ""]
    out += ["## References", *bullets(f"[{r.id}] {r.citation}" for r in a.references), "",
            f"_{a.disclaimer}_  ", f"Knowledge version {a.knowledge_version}", ""]
    return safe_text("\n".join(out), newlines=True)
