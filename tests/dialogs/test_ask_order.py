"""The ask order is declared once, by the question table (dialogs.questions), and the
relevance conditions (knowledge.relevance, an unordered mapping) are checked against it
case by case: a question its condition skips, given the answers asked before it, never
becomes one that matters once the later answers are known (it would be skipped while it
could still change the assessment). The other way round is allowed and happens: expected
survival is asked before previous radiotherapy at the level, which can make it moot."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from strategies import cases

from dialogs.questions import QUESTIONS
from knowledge import parse_case

FIELDS = [q for q in QUESTIONS if q.fills_case_field]
EXAMPLES = int(os.environ.get("SPINEMETS_EXAMPLES", "300"))


def only(data: dict[str, Any], paths: set[str], imaging_asked: bool) -> dict[str, Any]:
    """The case file `data` keeping only the fields in `paths` (an imaging section, empty if
    need be, when the 'any imaging?' question has been asked and the case has one)."""
    kept: dict[str, Any] = {k: v for k, v in data.items() if not isinstance(v, dict)}
    for section, fields in data.items():
        if not isinstance(fields, dict):
            continue
        chosen = {k: v for k, v in fields.items() if f"{section}.{k}" in paths}
        if chosen or (section == "imaging" and imaging_asked):
            kept[section] = chosen
    return kept


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_no_condition_reads_a_later_answer(data):
    order = [q.id for q in QUESTIONS]
    for question in FIELDS[1:]:  # the first (cancer status) makes the case; it is always asked
        position = order.index(question.id)
        earlier = set(order[:position])
        later = {q.id for q in FIELDS} - earlier - {question.id}
        imaging_asked = "imaging" in earlier
        before = parse_case(only(data, earlier, imaging_asked))
        everything = parse_case(only(data, earlier | later, imaging_asked))
        skipped_early = not question.condition(before)
        assert not (skipped_early and question.condition(everything)), question.id


def test_the_questions_are_grouped_by_stage_in_the_conversation_order():
    """Each stage module's questions belong to its stage, and the ask order is the stages in
    the conversation's order (dialogs.flow.FLOW), each stage's questions as declared (a
    checklist placed just before its first item)."""
    from dialogs.flow import FLOW
    from dialogs.questions import BY_STAGE

    assert all(q.stage is stage for stage, questions in BY_STAGE.items() for q in questions)
    declared = [q.id for stage in FLOW for q in BY_STAGE.get(stage, ())]
    assert [q.id for q in QUESTIONS if q.id in declared] == declared
    stages = [q.stage for q in QUESTIONS]
    assert stages == sorted(stages, key=FLOW.index)
