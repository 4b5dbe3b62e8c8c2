"""The opening question, importable without the clinical engine.

The full-screen chat shows it while the rest of spinemets loads; `questions.py` declares the
same question from these values (a test checks the two agree).
"""

from __future__ import annotations

OPENING_ID = "cancer.status"
OPENING_PROMPT = ("Does the patient have cancer? known (past or current diagnosis), suspected "
                  "(likely, not yet diagnosed), or none")
OPENING_CHOICES = ("known", "suspected", "none")


def opening_text() -> str:
    """The opening question as the conversation shows it."""
    return "\n".join([OPENING_PROMPT, *(f"  {i}. {c}" for i, c in
                                        enumerate(OPENING_CHOICES, start=1))])
