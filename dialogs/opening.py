"""The opening question, importable without the clinical engine.

The full-screen chat shows it while the rest of spinemets loads; `dialogs/questions/` declares the
same question from these values (a test checks the two agree).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dialogs.turn import Prompt

OPENING_ID = "cancer.status"
OPENING_PROMPT = ("Does the patient have cancer? known (past or current diagnosis), suspected "
                  "(likely, not yet diagnosed), or none")
OPENING_CHOICES = ("known", "suspected", "none")


def opening_prompt() -> Prompt:
    """The opening question as the conversation asks it."""
    from dialogs.turn import Option, Prompt

    lines = tuple(f"  {i}. {c}" for i, c in enumerate(OPENING_CHOICES, start=1))
    options = tuple(Option(c, c) for c in (*OPENING_CHOICES, "unknown"))
    return Prompt(OPENING_PROMPT, OPENING_ID, "choice", options, lines, listed_lines=True)
