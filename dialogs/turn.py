"""What the conversation gives back for one input: a `Turn` of typed replies.

Every face renders a `Turn` as it is: a question comes with its prompt, kind and the
options to pick from, so no face parses a reply's text or looks into the question table.
Light on purpose (no clinical engine): the full-screen chat shows the opening prompt
before the rest of spinemets has loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from knowledge import Assessment


class ReplyKind(StrEnum):
    QUESTION = "question"  # a question to answer (its `prompt` holds the details)
    REPROMPT = "reprompt"  # the answer was not understood: why, and the question again
    ESCALATION = "escalation"  # a red flag: what to do now, before anything else
    NOTICE = "notice"  # information: a change in urgency, a reading, a command's result
    SUMMARY = "summary"  # the case so far (or, in teaching, the end of the case)
    CONFIRM = "confirm"  # a yes/no confirmation is waiting (its `prompt` holds it)
    RESULT = "result"  # the assessment is complete
    ERROR = "error"  # something went wrong; the answers are kept


@dataclass(frozen=True)
class Option:
    """One answer offered to pick: `value` is what picking it answers (as if typed)."""

    value: str
    caption: str


YES_NO = (Option("yes", "yes"), Option("no", "no"))
NOT_KNOWN = "Urgency: not yet known (answer cancer status first)"  # before the cancer status


@dataclass(frozen=True)
class Prompt:
    """What the user is asked now: a question, or a yes/no confirmation (no question id).

    `lines` are the lines a text face shows under the prompt (numbered choices, a
    checklist's items, a group's answers); `options` are the answers a face may offer as a
    list to pick from, and the lines that list them then need not be repeated."""

    text: str
    question_id: str | None = None
    kind: str = "yes_no"
    options: tuple[Option, ...] = ()
    lines: tuple[str, ...] = ()
    listed_lines: bool = False  # the lines are the options (a list shows them instead)
    note: str | None = None

    @property
    def full_text(self) -> str:
        """The prompt as a plain text face shows it: prompt, lines, note."""
        return "\n".join([self.text, *self.lines, *([self.note] if self.note else [])])

    @property
    def text_beside_list(self) -> str:
        """The prompt for a face that shows the options as a list of their own."""
        lines = () if self.listed_lines else self.lines
        return "\n".join([self.text, *lines, *([self.note] if self.note else [])])


@dataclass(frozen=True, eq=False)
class Reply:
    """One message. `prompt` for questions and confirmations; `assessment` for an
    escalation, a notice about urgency, a summary and the result; `right` for a teaching
    verdict. A reply made from the assessment is written when first read (`text`), so a
    replay that never shows it never assesses for it."""

    kind: ReplyKind
    body: str | Callable[[], str]
    prompt: Prompt | None = None
    assessed: Callable[[], Assessment | None] | None = field(default=None, repr=False)
    right: bool | None = None

    @cached_property
    def text(self) -> str:
        return self.body() if callable(self.body) else self.body

    @cached_property
    def assessment(self) -> Assessment | None:
        return self.assessed() if self.assessed is not None else None

    @property
    def question_id(self) -> str | None:
        return self.prompt.question_id if self.prompt is not None else None


@dataclass(frozen=True)
class Turn(Sequence[Reply]):
    """The replies to one input, and the conversation as it now stands: what is asked now,
    the answers so far as (question, answer) words, the urgency headline (from the cheap
    triage) and the assessment of the committed answers (computed at most once per
    committed answer)."""

    replies: tuple[Reply, ...]
    prompt: Prompt | None = None
    answered: Callable[[], tuple[tuple[str, str], ...]] = field(default=tuple, compare=False,
                                                                repr=False)
    urgency: str = ""  # the headline every face shows
    status: str | None = None  # the urgency word a saved session lists
    red_flags_pending: bool = False
    # The assessment is made on first use (a replay never needs it) and once per case.
    assessed: Callable[[], Assessment | None] = field(default=lambda: None, compare=False,
                                                      repr=False)

    @property
    def assessment(self) -> Assessment | None:
        """The assessment of the committed answers (None before the cancer status)."""
        return self.assessed()

    @property
    def answers(self) -> tuple[tuple[str, str], ...]:
        """The answers so far as (question, answer) words, in the order asked."""
        return self.answered()

    @overload
    def __getitem__(self, index: int) -> Reply: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Reply]: ...

    def __getitem__(self, index: int | slice) -> Reply | Sequence[Reply]:
        return self.replies[index]

    def __len__(self) -> int:
        return len(self.replies)

    def __iter__(self) -> Iterator[Reply]:
        return iter(self.replies)

    @property
    def texts(self) -> list[str]:
        return [reply.text for reply in self.replies]

    @property
    def finished(self) -> bool:
        """Nothing is being asked: the assessment is complete."""
        return self.prompt is None
