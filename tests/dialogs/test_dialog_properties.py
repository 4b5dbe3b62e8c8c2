"""Random answer sequences, junk and commands included (hypothesis)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs.manager import Conversation, urgency_of
from dialogs.parsing import YES, normalise

SETTINGS = settings(max_examples=int(os.environ.get("SPINEMETS_EXAMPLES", "100")),
                    deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANSWERS = ["yes", "no", "unknown", "not sure", "1", "2", "3", "known", "suspected", "none",
           "breast", "kidney", "T11", "L1", "thoracic", "thoracic and lumbar", "70", "30",
           "ECOG 2", "mri_whole_spine", "bone scan", "lytic", "gt50", "12", "0", "junk!"]
COMMANDS = ["back", "why", "summary", "help", "change limb weakness", "change pain",
            "change cancer status", "restart", "/back", "change nonsense"]
inputs = st.lists(st.one_of(st.sampled_from(ANSWERS), st.sampled_from(COMMANDS),
                            st.text(max_size=12)), max_size=60)


def run(conversation, texts):
    for text in texts:
        yield text, conversation.handle(text)


def finish_with_unknowns(conversation):
    for _ in range(300):
        if conversation.finished:
            return True
        conversation.handle("yes" if conversation.pending is not None else "unknown")
    return conversation.finished


@SETTINGS
@given(inputs)
def test_never_raises_and_always_reaches_the_recommendation(texts):
    """Whatever is typed, replies come back (no errors), and 'unknown' to the rest ends it."""
    conversation = Conversation()
    conversation.start()
    for _, replies in run(conversation, texts):
        assert replies
        assert all(r.kind != "error" for r in replies), [r.text for r in replies]
    assert finish_with_unknowns(conversation)
    assert conversation.state == "recommendation"


@SETTINGS
@given(inputs)
def test_urgency_never_drops_without_a_confirmation(texts):
    """Whenever urgency goes down, the input was a 'yes' to a confirmation prompt."""
    conversation = Conversation()
    conversation.start()
    previous = urgency_of(conversation.session.case)
    for text in texts:
        was_pending = conversation.pending is not None
        conversation.handle(text)
        now = urgency_of(conversation.session.case)
        if previous is not None and (now is None or now.rank < previous.rank):
            assert was_pending, f"urgency dropped on {text!r} without a confirmation prompt"
            assert normalise(text) in YES
        previous = now


@SETTINGS
@given(inputs, st.sampled_from(["yes", "no", "unknown", "1", "thoracic", "T11", "70"]))
def test_back_then_the_same_answer_returns_an_identical_state(texts, answer):
    """An accepted answer, back (confirmed if asked), and the same answer again: same state."""
    conversation = Conversation()
    conversation.start()
    for _ in run(conversation, texts):
        pass
    if conversation.pending is not None or conversation.current_question is None:
        return
    replies = conversation.handle(answer)
    if any(r.kind in ("reprompt", "confirm") for r in replies):
        return
    after = (dict(conversation.session.answers), conversation.session.case, conversation.state,
             getattr(conversation.current_question, "id", None))
    if conversation.handle("back")[0].kind == "confirm":
        conversation.handle("yes")
    replies = conversation.handle(answer)
    if any(r.kind == "confirm" for r in replies):
        conversation.handle("yes")
    again = (dict(conversation.session.answers), conversation.session.case, conversation.state,
             getattr(conversation.current_question, "id", None))
    assert again == after
