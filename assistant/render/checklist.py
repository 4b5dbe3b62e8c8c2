"""What to do now, as a checklist: every action with its timing, the imaging, who to call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.render.labels import URGENCY_BANNER, label
from assistant.render.safe_text import safe_text

if TYPE_CHECKING:
    from assistant.pathway import LocalPathway
    from knowledge import Assessment


def checklist_markdown(assessment: Assessment, pathway: LocalPathway | None,
                       headline: str | None = None, markdown: bool = True) -> str:
    """What to do now: every action with its timing, the imaging, and who to call; headed by
    `headline` (the turn's urgency words, provisional while red flags are unasked). With
    `markdown` False, the same as plain text (the plain chat)."""
    from assistant.pathway import who_to_call

    def md(text: str) -> str:
        return safe_text(text, markdown=markdown)

    head, box, strong, section = ("# ", "- [ ] ", "**", "## ") if markdown else ("", "- ", "",
                                                                              "")
    urgency = headline or URGENCY_BANNER[assessment.urgency.value]
    lines = [f"{head}{md(urgency)} — what to do now", ""]
    for action in assessment.actions:
        timing = f"{strong}{md(label(action.timing))}{strong}: " if action.timing else ""
        lines.append(f"{box}{timing}{md(action.text)}")
    lines += ["", f"Imaging: {md(label(assessment.imaging.modality.value))}, "
              f"{md(label(assessment.imaging.timing.value))}.", "", f"{section}Who to call", ""]
    lines += [f"- {md(line)}" for line in who_to_call(pathway)]
    return "\n".join(lines) + "\n"


def contact_for(pathway: LocalPathway | None, action_id: str) -> str | None:
    """The local contact for an action that says to call someone, if configured."""
    if pathway is None:
        return None
    key = {"contact_mscc_coordinator": "MSCC coordinator",
           "contact_on_call_spinal_team": "On-call spinal team"}.get(action_id)
    return next((how for who, how in pathway.contacts if who == key), None)
