"""Issue 12: the on-call order. Red flags straight after the presentation; in an emergency
the steroid-deciding questions, the rest of the neurology and what the referral needs come
before anything else; a lower urgency is provisional while red flags are unasked."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conversation_helpers import drive_until
from helpers import make_case

from dialogs.manager import Conversation
from dialogs.questions import EMERGENCY_ORDER
from dialogs.render import urgency_headline
from dialogs.replay import replay
from knowledge import assess, parse_case
from knowledge.rules.triage import RED_FLAG_FIELDS

VIGNETTES = sorted((Path(__file__).parents[1] / "data" / "vignettes").glob("*.yaml"))


@pytest.mark.parametrize("path", VIGNETTES, ids=lambda p: p.stem)
def test_the_first_red_flag_question_is_among_the_first_four(path):
    """In every vignette replay a red-flag question is asked by question 4, and replay
    still equals assess."""
    case = parse_case(yaml.safe_load(path.read_text())["case"])
    result = replay(case)
    first = next(i for i, q in enumerate(result.asked) if q in RED_FLAG_FIELDS)
    assert first < 4
    assert result.assessment.model_dump_json() == assess(case).model_dump_json()


def test_nothing_comes_between_the_presentation_and_the_red_flags():
    """Cancer status, pain and where, then the neurological red flags."""
    case = make_case(pain={"regions": ["thoracic"]})
    asked = replay(case).asked
    assert asked[:4] == ["cancer.status", "pain.present", "pain.regions",
                         "neurology.limb_weakness"]


def test_an_emergency_asks_the_emergency_questions_first():
    """After a red flag the next questions follow EMERGENCY_ORDER (those that apply), then the
    usual order resumes."""
    case = make_case(neurology={"limb_weakness": True}, cancer={"histology_confirmed": False})
    asked = replay(case).asked
    start = asked.index("neurology.limb_weakness") + 1
    emergency = [q for q in EMERGENCY_ORDER if q in asked and q not in asked[:start]]
    assert asked[start:start + len(emergency)] == emergency
    assert asked[start] == "cancer.primary"


def test_a_lower_urgency_is_provisional_while_red_flags_are_unasked():
    """'ROUTINE so far - red flags not yet asked' until every red-flag question is answered;
    never a bare 'ROUTINE - low suspicion' after one answer."""
    conversation = Conversation()
    conversation.start()
    conversation.handle("known")
    assert conversation.red_flags_pending
    headline = urgency_headline(conversation.assessment(), conversation.red_flags_pending)
    assert headline == "ROUTINE so far - red flags not yet asked"
    drive_until(conversation, make_case(), "cancer.primary")
    assert not conversation.red_flags_pending
    headline = urgency_headline(conversation.assessment(), conversation.red_flags_pending)
    assert headline.startswith("ROUTINE - ")
    assert "so far" not in headline


def test_an_emergency_is_never_provisional():
    """A red flag makes the headline an emergency even with other red flags unasked."""
    conversation = Conversation()
    conversation.start()
    drive_until(conversation, make_case(neurology={"limb_weakness": True}),
                "neurology.difficulty_walking")
    assert conversation.red_flags_pending
    headline = urgency_headline(conversation.assessment(), conversation.red_flags_pending)
    assert headline.startswith("!!! EMERGENCY - ")


def test_summary_shows_the_emergency_actions_again():
    """Issue 11 bug 2: the escalation says 'type summary to see them again'; summary shows
    the actions with their timings and the imaging."""
    conversation = Conversation()
    conversation.start()
    drive_until(conversation, make_case(neurology={"limb_weakness": True}),
                "neurology.difficulty_walking")
    conversation.handle("yes")
    [summary, *_] = conversation.handle("summary")
    assert "Do now:" in summary.text
    assert "[now] Call the MSCC coordinator" in summary.text
    assert "- Imaging: whole-spine MRI, within 24 h." in summary.text
    assert "Urgency: !!! EMERGENCY" in summary.text


def test_the_referral_is_offered_once_the_emergency_questions_are_answered():
    """In an emergency, once every emergency question that applies is answered, the
    conversation offers /export of the referral, once, before the scoring questions."""
    case = make_case(neurology={"limb_weakness": True})
    result = replay(case)
    offers = [i for i, turn in enumerate(result.transcript)
              if any(r.text.startswith("The referral now holds") for r in turn.replies)]
    assert len(offers) == 1
    asked_before = [t.prompt for t in result.transcript[:offers[0] + 1]]
    from dialogs.questions import BY_ID
    emergency_prompts = {BY_ID[q].prompt for q in EMERGENCY_ORDER if q in result.asked}
    assert emergency_prompts <= set(asked_before)


def test_no_referral_offer_without_a_red_flag():
    """A routine consultation never offers the emergency referral."""
    result = replay(make_case())
    assert not any(r.text.startswith("The referral now holds")
                   for turn in result.transcript for r in turn.replies)


def test_summary_and_escalation_speak_in_words_not_ids():
    """Issue 11: summary and the escalation name scores, bands, pathways, red flags and
    unknown fields in words from the label table, never as raw ids."""
    import re

    conversation = Conversation()
    conversation.start()
    drive_until(conversation, make_case(neurology={"limb_weakness": True}),
                "neurology.limb_weakness")
    escalation = conversation.handle("yes")[0].text
    summary = conversation.handle("summary")[0].text
    for text in (escalation.splitlines()[0], summary):
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
        assert not re.search(r"\b[a-z]+\.[a-z_]+\b", text), text
    assert "suspected metastatic spinal cord compression (MSCC)" in escalation
    assert "Revised Tokuhashi" in summary
