"""Replay: the conversation answered from a case file, through the same parser and rules.

Each question's answer is the case's value written as a person would type it ("unknown"
where the case has nothing), so the result is the conversation's result.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from dialogs.manager import Conversation
from dialogs.questions import BY_ID, Kind, Question
from dialogs.render import shown
from dialogs.session import IMAGING, RECHECK, relevant
from dialogs.turn import Reply, ReplyKind, Turn
from knowledge import Assessment, Case

MAX_TURNS = 400  # far above the number of questions; a guard against a loop


class ReplayError(RuntimeError):
    """The conversation did not accept an answer taken from the case (a bug, not bad input)."""


@dataclass
class Exchange:
    """One question (or confirmation) of a replay, the answer given and the turn it gave."""

    prompt: str
    answer: str
    turn: Turn

    @property
    def replies(self) -> Sequence[Reply]:
        return self.turn.replies


@dataclass
class ReplayResult:
    transcript: list[Exchange]
    assessment: Assessment | None
    asked: list[str]  # question ids, in the order asked
    conversation: Conversation


def _as_text(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list):
        return ", ".join(_as_text(v) for v in value) if value else "none"
    return shown(value)


def answer_text(question: Question, case: Case, so_far: Case | None = None,
                answered: Collection[str] = ()) -> str:
    """What a clinician holding this case would type for `question` (`so_far` and
    `answered`: the conversation's case and answered questions, which decide the items a
    checklist shows)."""
    if question.items:
        shown = [BY_ID[i] for i in question.items if i not in answered
                 and (so_far is None or relevant(BY_ID[i], so_far))]
        known = {q.id: case.value(q.id) for q in shown}
        if question.kind is Kind.GROUP:  # every item in order, 'unknown' where not known
            return ", ".join(_as_text(known[i]) if i in known and known[i] is not None
                             else "unknown" for i in question.items)
        if all(v is False for v in known.values()):
            return "none"
        parts = [BY_ID[i].short for i, v in known.items() if v]
        parts += [f"no {BY_ID[i].short}" for i, v in known.items() if v is False]
        return ", ".join([*parts, "others unknown"]) if None in known.values() else \
            ", ".join(parts)
    if question.id == "pain.mechanical" and case.pain.mechanical is False:
        seated = case.pain.mechanical_assessed_seated
        return {True: "no", False: "no, lying down", None: "no, position unrecorded"}[seated]
    if question.answered_by is not None:  # "yes" and the next answer in one
        later = case.value(question.answered_by) if case.imaging is not None else None
        if question.id == IMAGING:
            if case.imaging is None:
                return "no"
            return _as_text(later) if later is not None else "yes"
        if case.value(question.id) is not False and later is not None:
            return _as_text(later)  # a level given is a lesion seen (RULES.md), answered or not
    if question.id == RECHECK:
        return "unknown"
    if question.id == "general.karnofsky" and case.general.karnofsky is None \
            and case.general.ecog is not None:
        return f"ECOG {case.general.ecog}"
    return _as_text(case.value(question.id))


def replay(case: Case, referral: str | None = None) -> ReplayResult:
    """Answer the conversation from `case`; with `referral`, paste that text first and take
    every finding read from it (the questions asked are then only what it left out)."""
    conversation = Conversation(case_id=case.id, title=case.title)
    replies = conversation.start()
    transcript: list[Exchange] = []
    asked: list[str] = []
    if referral is not None:
        replies = conversation.read_referral(referral)
        transcript.append(Exchange("(referral pasted)", referral, replies))
        if conversation.reading is not None:
            transcript.append(Exchange("Take what was read?", "yes", conversation.handle("yes")))
    for _ in range(MAX_TURNS):
        if conversation.pending is not None:
            prompt, answer = conversation.pending.message, "yes"
        elif conversation.current_question is not None:
            question = conversation.current_question
            prompt = question.prompt
            answer = answer_text(question, case, conversation.session.case,
                                 conversation.session.answers)
            asked.append(question.id)
        else:
            return ReplayResult(transcript, conversation.assessment(), asked, conversation)
        replies = conversation.handle(answer)
        transcript.append(Exchange(prompt, answer, replies))
        bad = [r for r in replies if r.kind in (ReplyKind.REPROMPT, ReplyKind.ERROR)]
        if bad:
            raise ReplayError(f"{prompt!r} rejected {answer!r}: {bad[0].text}")
    raise ReplayError(f"no end after {MAX_TURNS} turns")
