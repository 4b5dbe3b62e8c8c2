"""Teaching mode: a case told in stages, with decision checkpoints scored against the rules.

A teaching case (YAML in `dialogs/teaching_cases/`) is a spinemets-case/1 case plus a story
in stages; each stage reveals some sections of the case and may ask checkpoints. The right
answer at a checkpoint is `knowledge.assess` of what has been revealed so far - never typed
by hand. Text in, replies out (no Textual).
"""

from dialogs.teaching.cases import CASES_DIR, Stage, TeachingCase, all_cases, load_case
from dialogs.teaching.checkpoints import CHECKPOINTS, Ask, Checkpoint
from dialogs.teaching.session import BANNER, Pending, Result, TeachingSession

__all__ = [
    "BANNER",
    "CASES_DIR",
    "CHECKPOINTS",
    "Ask",
    "Checkpoint",
    "Pending",
    "Result",
    "Stage",
    "TeachingCase",
    "TeachingSession",
    "all_cases",
    "load_case",
]
