"""The guided conversation: order, red-flag interrupt, commands, confirmations, edits."""

from __future__ import annotations

import pytest
from conversation_helpers import drive_until, finish
from helpers import make_case, mri

from dialogs.flow import Stage
from dialogs.manager import Conversation
from dialogs.questions import QUESTIONS
from dialogs.replay import answer_text

QUIET = make_case()  # known breast cancer, lumbar pain, no red flags, no imaging


PAIN_ITEMS = ("pain.severe_unremitting", "pain.progressive", "pain.nocturnal",
              "pain.aggravated_by_straining", "pain.localised_tenderness")


def started(case=QUIET, until=None):
    conversation = Conversation()
    conversation.start()
    if until:
        drive_until(conversation, case, until)
    return conversation


def test_first_question_is_cancer_status():
    """The conversation opens with cancer status, in the presentation stage."""
    conversation = Conversation()
    [reply] = conversation.start()
    assert reply.kind == "question"
    assert reply.question_id == "cancer.status"
    assert conversation.state == Stage.PRESENTATION.value


def test_questions_are_declared_in_clinical_stage_order():
    """Questions come stage by stage in the clinical order (presentation ... extent)."""
    order = [q.stage for q in QUESTIONS]
    ranks = [list(Stage).index(s) for s in order]
    assert ranks == sorted(ranks)


RED_FLAG_ANSWERS = [
    ("pain.radicular", "yes", "radicular_pain"),
    ("neurology.limb_weakness", "yes", "limb_weakness"),
    ("neurology.difficulty_walking", "yes", "difficulty_walking"),
    ("neurology.ambulatory", "no", "not_ambulatory"),
    ("neurology.sensory_change", "yes", "sensory_change"),
    ("neurology.bladder_bowel_dysfunction", "yes", "bladder_bowel_dysfunction"),
    ("neurology.saddle_anaesthesia", "yes", "saddle_anaesthesia"),
    ("neurology.cord_compression_signs", "yes", "cord_compression_signs"),
    ("neurology.frankel", "D", "neurological_deficit"),
]


@pytest.mark.parametrize(("question_id", "answer", "flag"), RED_FLAG_ANSWERS)
def test_the_reply_right_after_a_red_flag_is_the_escalation(question_id, answer, flag):
    """The answer that creates a red flag is followed first by the escalation, then the next question."""
    conversation = started(until=question_id)
    replies = conversation.handle(answer)
    assert replies[0].kind == "escalation"
    assert "EMERGENCY" in replies[0].text
    assert replies[0].assessment.red_flags == [flag]
    assert "[now]" in replies[0].text
    assert "dexamethasone" in replies[0].text.lower()
    assert replies[-1].kind in ("question", "result")
    assert conversation.state != Stage.ESCALATION.value


def test_high_grade_escc_is_escalated_at_the_imaging_question():
    """ESCC 2 on imaging is a red flag: escalation right after that answer."""
    case = make_case(imaging=mri(escc="2"))
    conversation = started(case, until="imaging.escc")
    replies = conversation.handle("2")
    assert replies[0].kind == "escalation"
    assert replies[0].assessment.red_flags == ["high_grade_escc"]


def test_lymphoma_escalation_holds_dexamethasone_until_the_lymphoma_question():
    """A red flag before the cancer details: the escalation says to answer the lymphoma
    question before giving dexamethasone, asks the cancer details next, and says when the
    steroid advice becomes 'discuss with haematology first'."""
    case = make_case(cancer={"lymphoma_suspected": True, "histology_confirmed": False})
    conversation = started(case, until="neurology.limb_weakness")
    replies = conversation.handle("yes")
    assert replies[0].kind == "escalation"
    assert "Before giving it, answer the next questions (lymphoma suspected)" in replies[0].text
    assert "discuss with haematology first" in replies[0].text
    asked = [replies[-1].question_id]
    for answer in ("breast", "no"):  # primary, histology
        asked.append(conversation.handle(answer)[-1].question_id)
    assert asked == ["cancer.primary", "cancer.histology_confirmed",
                     "cancer.lymphoma_suspected"]
    replies = conversation.handle("yes")
    assert replies[0].kind == "notice"
    assert replies[0].text == "Steroids now: discuss with haematology first (suspected lymphoma)."
    assert conversation.assessment().steroids.value == "discuss_haematology_first"
    assert replies[-1].question_id == "neurology.difficulty_walking"


def test_a_second_red_flag_gives_a_short_reminder():
    """A further red flag in an emergency is acknowledged without repeating the whole list."""
    conversation = started(until="neurology.limb_weakness")
    conversation.handle("yes")
    drive_until(conversation, QUIET, "neurology.difficulty_walking")
    replies = conversation.handle("yes")  # difficulty walking
    assert replies[0].kind == "escalation"
    assert "another red flag" in replies[0].text
    assert len(replies[0].text.splitlines()) == 1


def test_urgent_features_are_announced():
    """A suggestive feature raises urgency to URGENT and says so, with the 24-hour action."""
    conversation = started(until="pain.features")
    replies = conversation.handle("night pain, none of the others")
    assert replies[0].kind == "notice"
    assert replies[0].text.startswith("Urgency now !! URGENT")
    assert "24 hours" in replies[0].text


def test_junk_reprompts_and_keeps_the_question():
    """Junk re-prompts with what is accepted; the same question stays current."""
    conversation = started(until="pain.present")
    [reply] = conversation.handle("purple")
    assert reply.kind == "reprompt"
    assert "yes, no or unknown" in reply.text
    assert conversation.current_question.id == "pain.present"


def test_unknown_moves_on_and_is_not_no():
    """'not sure' answers and moves on; the field stays unknown (not false)."""
    conversation = started(until="neurology.limb_weakness")
    conversation.handle("not sure")
    assert conversation.current_question.id == "neurology.difficulty_walking"
    assert conversation.session.case.neurology.limb_weakness is None
    assert "neurology_not_assessed" in [n.id for n in conversation.assessment().notes]


def test_no_imaging_questions_without_imaging():
    """With no imaging done, no imaging-detail question is asked."""
    conversation = started()
    finish(conversation, QUIET)
    asked = conversation.session.state.effective
    assert "imaging" in asked
    assert not [q for q in asked if q.startswith("imaging.")]


def test_supine_answer_triggers_a_seated_recheck():
    """'Not mechanical' from a supine exam asks for a seated re-examination; its answer counts."""
    case = make_case(pain={"mechanical": False, "mechanical_assessed_seated": False})
    conversation = started(case, until="pain.mechanical_recheck")
    conversation.handle("yes")
    pain = conversation.session.case.pain
    assert (pain.mechanical, pain.mechanical_assessed_seated) == (True, True)


def test_back_restores_the_exact_previous_state():
    """back undoes the last answer; answering the same again gives the identical state."""
    conversation = started(until="pain.features")
    before = (dict(conversation.session.answers), conversation.session.case,
              conversation.current_question.id, conversation.state)
    conversation.handle("none")
    replies = conversation.handle("back")
    assert replies[0].text == "Undone."
    assert (dict(conversation.session.answers), conversation.session.case,
            conversation.current_question.id, conversation.state) == before
    conversation.handle("none")
    assert conversation.current_question.id == "pain.mechanical"


def test_back_that_removes_a_red_flag_asks_to_confirm():
    """Undoing the answer that made it an emergency lowers urgency: old → new and a yes first."""
    conversation = started(until="neurology.limb_weakness")
    conversation.handle("yes")
    [reply] = conversation.handle("back")
    assert reply.kind == "confirm"
    assert "from EMERGENCY to ROUTINE" in reply.text
    conversation.handle("no")
    assert conversation.assessment().urgency.value == "emergency"
    conversation.handle("back")
    conversation.handle("yes")
    assert conversation.assessment().urgency.value == "routine"


def test_normal_whole_spine_mri_lowering_urgency_is_confirmed():
    """A normal whole-spine MRI (urgent → routine) is shown as a change before it takes effect."""
    case = make_case(pain={"nocturnal": True}, imaging={"modality": "mri_whole_spine"})
    conversation = started(case, until="imaging.lesion_found")
    [reply] = conversation.handle("no")
    assert reply.kind == "confirm"
    assert "from URGENT to ROUTINE" in reply.text
    replies = conversation.handle("yes")
    assert conversation.assessment().pathway.value == "mri_negative"
    assert replies[-1].kind in ("question", "result")


def test_change_reasks_and_drops_dependent_answers():
    """change pain: answering 'no' drops the pain details and moves on."""
    conversation = started(until="neurology.limb_weakness")
    assert "pain.regions" in conversation.session.state.effective
    [reply] = conversation.handle("change pain")
    assert reply.question_id == "pain.present"
    assert "Current answer: yes" in reply.text
    conversation.handle("no")
    effective = conversation.session.state.effective
    assert "pain.regions" not in effective
    assert "pain.nocturnal" not in effective
    assert conversation.current_question.id == "neurology.limb_weakness"


def test_change_that_lowers_urgency_is_confirmed():
    """Editing away a red flag shows old → new and needs a yes."""
    conversation = started(until="neurology.difficulty_walking")
    conversation.handle("change limb weakness")  # unanswered yet? it was answered 'no'
    conversation.handle("yes")
    assert conversation.assessment().urgency.value == "emergency"
    conversation.handle("change limb weakness")
    [reply] = conversation.handle("no")
    assert reply.kind == "confirm"
    assert "EMERGENCY to ROUTINE" in reply.text


def test_change_to_an_unknown_question_or_one_that_does_not_apply():
    """change with no match, or a question that does not apply, says so."""
    conversation = started(until="pain.present")
    assert conversation.handle("change banana")[0].kind == "reprompt"
    assert "does not apply" in conversation.handle("change ESCC grade")[0].text


def test_why_gives_the_rationale_with_references():
    """why explains the current question with reference ids."""
    conversation = started(until="pain.mechanical")
    reply = conversation.handle("why")[0]
    assert "sitting up" in reply.text
    assert "[fisher-2010]" in reply.text


def test_summary_lists_answers_urgency_and_unknowns():
    """summary shows the answers so far, provisional urgency and the unknowns."""
    conversation = started(until="neurology.limb_weakness")
    reply = conversation.handle("summary")[0]
    assert "- cancer status: known" in reply.text
    assert "Urgency: ROUTINE so far - red flags not yet asked" in reply.text
    assert "Unknown:" in reply.text


def test_restart_asks_first_then_clears():
    """restart asks before discarding answers, then starts over."""
    conversation = started(until="pain.present")
    assert conversation.handle("restart")[0].kind == "confirm"
    replies = conversation.handle("yes")
    assert replies[-1].question_id == "cancer.status"
    assert conversation.session.answers == {}


def test_help_lists_the_commands():
    """help names every command."""
    reply = Conversation().handle("help")[0]
    for command in ("back", "change", "why", "summary", "restart"):
        assert command in reply.text


def test_the_end_gives_the_result_and_commands_still_work():
    """After the last question: the result; summary and change still work, and a change that
    makes new questions relevant asks them (here: is the new deficit progressing?)."""
    conversation = started()
    finish(conversation, QUIET)
    assert conversation.finished
    assert conversation.state == Stage.RECOMMENDATION.value
    [reply] = conversation.handle("anything")
    assert "complete" in reply.text
    assert conversation.handle("summary")[0].kind == "summary"
    replies = conversation.handle("change limb weakness")
    assert replies[0].question_id == "neurology.limb_weakness"
    replies = conversation.handle("yes")
    assert replies[0].kind == "escalation"
    assert replies[-1].question_id == "neurology.rapidly_progressing"
    finish(conversation, QUIET)
    assert conversation.finished


def test_before_cancer_status_there_is_no_assessment():
    """Nothing is assessed before cancer status is known."""
    conversation = Conversation()
    conversation.start()
    assert conversation.assessment() is None
    assert "cancer status is needed" in conversation.handle("summary")[0].text


def test_cancer_none_without_red_flags_is_outside_scope():
    """Cancer none: the pain and neurology are still asked, then outside scope."""
    case = make_case(cancer={"status": "none", "primary": None, "lymphoma_suspected": None,
                             "histology_confirmed": None, "established_metastases": None,
                             "second_primary": None})
    conversation = started()
    finish(conversation, case)
    assert conversation.assessment().pathway.value == "outside_scope"
    assert "cancer.primary" not in conversation.session.state.effective


def test_why_help_and_summary_show_the_question_again():
    """After why, help or summary the current question is shown again."""
    conversation = started(until="pain.features")
    for command in ("why", "help", "summary"):
        replies = conversation.handle(command)
        assert replies[-1].kind == "question"
        assert replies[-1].question_id == "pain.features"


def test_new_instability_is_announced_with_what_to_do():
    """Mechanical pain (instability) says so at once: surgical opinion within 24 hours."""
    case = make_case(pain={"nocturnal": True})
    conversation = started(case, until="pain.mechanical")
    replies = conversation.handle("yes")
    assert replies[0].text.startswith("Instability suspected.")
    assert "within 24 hours" in replies[0].text


def test_the_state_is_rebuilt_from_the_log():
    """Replaying the append-only log (answers, undos, edits) gives the live session's state."""
    from dialogs.session import Session

    conversation = started(until="neurology.limb_weakness")
    conversation.handle("yes")
    conversation.handle("back")
    conversation.handle("yes")  # confirm the drop
    conversation.handle("change pain")
    conversation.handle("no")
    rebuilt = Session.from_log(conversation.session.log)
    assert rebuilt.answers == conversation.session.answers
    assert rebuilt.case == conversation.session.case
    assert rebuilt.next_question == conversation.session.next_question
    assert [e.kind for e in conversation.session.log].count("back") == 1


def test_answering_a_newly_relevant_question_keeps_the_later_answers():
    """An edit that makes an earlier question relevant: answering it keeps every later answer."""
    conversation = started(make_case(), until="imaging")
    conversation.handle("no")  # no imaging yet
    following = conversation.current_question.id
    conversation.handle("change karnofsky")
    conversation.handle("unknown")  # Karnofsky now unknown: the ECOG question becomes relevant
    assert conversation.current_question.id == "general.ecog"
    conversation.handle("1")
    assert "imaging" in conversation.session.state.effective
    assert conversation.session.case.imaging is None
    assert conversation.current_question.id == following


def test_an_answer_given_ahead_through_change_stays_in_the_case():
    """Answering a later question early (change) and then going on keeps that answer; the
    red flag it gives brings the emergency questions first (the steroid-deciding ones)."""
    conversation = started(until="pain.present")
    conversation.handle("change limb weakness")
    conversation.handle("yes")  # answered ahead of its turn: an emergency
    assert conversation.current_question.id == "cancer.primary"
    conversation.handle("breast")
    assert conversation.session.case.neurology.limb_weakness is True
    assert conversation.assessment().urgency.value == "emergency"
    assert conversation.current_question.id == "cancer.histology_confirmed"


def test_a_corrected_answer_is_shown_as_read():
    """A typo the parser corrects is said back ('Read as: prostate') before what follows,
    and the corrected value is what is recorded."""
    conversation = started(until="cancer.primary")
    replies = conversation.handle("prostrate")
    assert replies[0].kind == "notice"
    assert replies[0].text == "Read as: prostate"
    assert conversation.session.case.cancer.primary.value == "prostate"


def test_an_exact_answer_is_not_said_back():
    """An answer read exactly as typed gives no 'Read as' notice."""
    conversation = started(until="cancer.primary")
    replies = conversation.handle("prostate")
    assert all(not r.text.startswith("Read as") for r in replies)


def test_why_gives_the_reason_and_every_citation_in_full():
    """/why: the reason in a sentence and each reference as its full citation."""
    from dialogs.questions import QUESTIONS
    from dialogs.render import why_text
    from knowledge.references import knowledge_base

    citations = knowledge_base().references
    for question in QUESTIONS:
        text = why_text(question)
        assert text.startswith(f"Why: {question.why}")
        for ref in question.refs:
            assert f"[{ref}] {citations[ref]}" in text


def test_declining_an_urgency_drop_after_the_recommendation_goes_back_to_it():
    """Issue 11 bug 1: change limb weakness -> no -> no (decline) at the end: no crash, the
    answer stays, and the conversation is back at its result."""
    from dialogs.replay import replay

    conversation = replay(make_case(neurology={"limb_weakness": True})).conversation
    assert conversation.finished
    conversation.handle("change limb weakness")
    assert conversation.handle("no")[0].kind == "confirm"
    replies = conversation.handle("no")
    assert [r.kind for r in replies] == ["notice", "result"]
    assert replies[0].text == "Not changed."
    assert conversation.session.case.neurology.limb_weakness is True
    assert conversation.finished



@pytest.mark.parametrize(("text", "expected"), [
    ("none", dict.fromkeys(PAIN_ITEMS, False)),
    ("night pain, progressive, none of the others",
     {**dict.fromkeys(PAIN_ITEMS, False), "pain.nocturnal": True, "pain.progressive": True}),
    ("3, no tenderness, others unknown",
     {**dict.fromkeys(PAIN_ITEMS), "pain.nocturnal": True, "pain.localised_tenderness": False}),
    ("night pain, no tenderness",  # the others not mentioned: asked one by one
     {"pain.nocturnal": True, "pain.localised_tenderness": False}),
    ("one by one", {}),
])
def test_a_checklist_records_what_was_said_and_asks_the_rest(text, expected):
    """Issue 12 (ask less): the pain features in one answer. Items listed are present, 'no X'
    absent, 'none of the others' / 'others unknown' settle the rest; items not mentioned
    are asked one by one, never counted as absent."""
    conversation = started(until="pain.features")
    conversation.handle(text)
    answers = conversation.session.answers
    recorded = {i: answers[i][i] for i in PAIN_ITEMS if i in answers}
    assert recorded == expected
    unasked = [i for i in PAIN_ITEMS if i not in expected]
    assert (conversation.current_question.id == unasked[0]) if unasked else (
        conversation.current_question.id == "pain.mechanical")


@pytest.mark.parametrize("text", ["maybe night pain", "night pain?", "nigth pain probably",
                                  "not sure", "banana"])
def test_an_unsure_or_unreadable_checklist_answer_records_nothing(text):
    """A hedge or junk at a checklist never records a present or absent item."""
    conversation = started(until="pain.features")
    conversation.handle(text)
    assert not any(i in conversation.session.answers for i in PAIN_ITEMS)


def test_a_checklist_leaves_out_items_already_answered():
    """Review bug 3: items answered before the checklist (e.g. from a pasted referral) are not
    shown again and a 'none' does not overwrite them."""
    from dialogs.session import LogEntry

    conversation = started(until="pain.present")
    conversation.handle("yes")
    conversation.handle("lumbar")
    conversation._commit(LogEntry("read", None, "", {"pain.nocturnal": True}))
    drive_until(conversation, QUIET, "pain.features")
    [question] = [r for r in conversation._again() if r.kind == "question"]
    assert "3. night pain" not in question.text
    assert "2. progressive" in question.text
    conversation.handle("none")
    assert conversation.session.case.pain.nocturnal is True
    assert conversation.session.case.pain.progressive is False


@pytest.mark.parametrize("text", ["night pain, no night pain",
                                  "night pain, others unknown, none of the others"])
def test_a_contradictory_checklist_answer_is_re_asked(text):
    """Review bug 6: an item both present and absent, or the rest both absent and unknown,
    is re-asked, never recorded as the last one said."""
    conversation = started(until="pain.features")
    replies = conversation.handle(text)
    # re-asked, or (a hedge in it) the checklist left unknown and its items asked one by one
    assert replies[0].kind == "reprompt" or replies[-1].question_id == "pain.severe_unremitting"
    assert "pain.nocturnal" not in conversation.session.answers


def test_steroid_notice_does_not_crash_when_the_case_goes_away():
    """Review bug 5: changing the cancer status to unknown in an emergency (no case) does not
    raise; the urgency drop is confirmed first."""
    conversation = started(until="neurology.limb_weakness")
    conversation.handle("yes")
    conversation.handle("change cancer status")
    conversation.handle("unknown")
    replies = conversation.handle("yes")
    assert all(r.kind != "error" for r in replies)
    assert conversation.session.case is None


def test_checklist_answers_are_listed_by_their_items_in_summary():
    """Review bug 7: summary lists each checklist item with its own answer, never the
    checklist's raw ids."""
    conversation = started(until="pain.features")
    conversation.handle("night pain, others unknown")
    summary = conversation.handle("summary")[0].text
    assert "- night pain: yes" in summary
    assert "pain.nocturnal" not in summary
    assert "features:" not in summary


def test_change_names_the_candidates_when_the_words_fit_several_answered_questions():
    """Hostile test 9: 'change pai' fits several answered questions: the reply names them
    (not 'matches none'); words that fit one answered question change that one."""
    conversation = Conversation()
    conversation.start()
    for answer in ("known", "yes", "lumbar", "yes", "breast"):
        conversation.handle(answer)
    [reply] = conversation.handle("change pai")
    assert reply.kind == "reprompt"
    assert "could be: pain, pain regions" in reply.text
    assert conversation.target is None
    turn = conversation.handle("change primary")  # 'second primary' is not answered
    assert turn.prompt.question_id == "cancer.primary"
    assert turn[-1].text.endswith("Current answer: breast")


def test_a_resumed_emergency_does_not_offer_the_referral_again():
    """Review: once the emergency questions were answered the referral was offered; a
    conversation rebuilt from its log does not offer it a second time."""
    from dialogs.render import EXPORT_READY

    case = make_case(neurology={"limb_weakness": True})
    conversation = Conversation()
    conversation.start()
    offered = 0
    for _ in range(60):
        question = conversation.current_question
        if question is None or offered:
            break
        turn = conversation.handle(answer_text(question, case, conversation.session.case,
                                               conversation.session.answers))
        offered += sum(EXPORT_READY in r.text for r in turn)
    assert offered == 1
    resumed = Conversation.from_log(list(conversation.session.log))
    question = resumed.current_question
    turn = resumed.handle(answer_text(question, case, resumed.session.case,
                                      resumed.session.answers))
    assert not any(EXPORT_READY in r.text for r in turn)


def test_the_summary_repeats_the_steroid_caveat_while_lymphoma_is_not_asked():
    """The summary says what the escalation said about dexamethasone: while the lymphoma
    question is unanswered, answer it before giving it (a summary read alone must not lead
    to steroids that destroy the tissue needed for a diagnosis)."""
    conversation = Conversation()
    conversation.start()
    for answer in ("known", "yes", "lumbar", "yes", "breast"):
        conversation.handle(answer)
    summary = conversation.handle("summary")[0].text
    assert "Before giving it, answer the next questions (" in summary
    assert summary.index("dexamethasone") < summary.index("Before giving it")
