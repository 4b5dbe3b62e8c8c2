"""Driving a conversation in tests: answer until a given question, from a case."""

from __future__ import annotations

from dialogs.manager import Conversation
from dialogs.replay import answer_text
from knowledge import Case


def drive_until(conversation: Conversation, case: Case, question_id: str) -> None:
    """Answer from `case` until `question_id` is the current question (or the end)."""
    for _ in range(200):
        if conversation.pending is not None:
            conversation.handle("yes")
            continue
        question = conversation.current_question
        if question is None or question.id == question_id:
            return
        conversation.handle(answer_text(question, case, conversation.session.case,
                             conversation.session.answers))
    raise AssertionError(f"{question_id} never asked")


def finish(conversation: Conversation, case: Case) -> None:
    drive_until(conversation, case, "<end>")
