"""The dialogue manager: `Conversation.handle(text) -> Turn`. Text in, typed replies out.

After every recorded answer the red-flag interrupt is checked (the machine's wildcard
`escalate`); its reply comes before any further question. Any input that would lower the
urgency (an answer such as a normal whole-spine MRI, an edit, an undo, a restart) is shown
as old → new and waits for a yes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogs import referral, render
from dialogs.commands import CONVERSATION_COMMANDS, plain_help
from dialogs.flow import FLOW, Stage, build_machine, resume_condition
from dialogs.parsing import NO, YES, Parsed, Reprompt, normalise, parse
from dialogs.questions import (
    BY_ID,
    EMERGENCY_ORDER,
    QUESTIONS,
    Question,
    find_question,
    question_candidates,
)
from dialogs.session import LogEntry, LogKind, Session, relevant
from dialogs.turn import YES_NO, Prompt, Reply, ReplyKind, Turn
from knowledge import Assessment, Case, assess, triage
from knowledge.labels import label
from knowledge.vocab import Urgency

RED_FLAG_QUESTIONS = tuple(q for q in QUESTIONS if q.stage is Stage.RED_FLAGS)
NOTICE, QUESTION, CONFIRM = ReplyKind.NOTICE, ReplyKind.QUESTION, ReplyKind.CONFIRM

__all__ = ["Conversation", "Reply", "ReplyKind", "Turn", "urgency_of"]


@dataclass
class _Pending:
    """An input waiting for a yes because it lowers urgency (or discards answers)."""

    entry: LogEntry
    message: str


def urgency_of(case: Case | None) -> Urgency | None:
    """The urgency of a case, as `assess` gives it (from the cheap `knowledge.triage`)."""
    return None if case is None else triage(case).urgency


def flags_of(case: Case | None) -> list[str]:
    return [] if case is None else triage(case).red_flags


def _confirm(message: str) -> Reply:
    return Reply(CONFIRM, message, Prompt(message, options=YES_NO))


class Conversation:
    """The guided conversation. Holds a Session (the log) and the stage machine."""

    def __init__(self, case_id: str | None = None, title: str | None = None) -> None:
        self.session = Session(case_id=case_id, title=title)
        self.state: str = Stage.PRESENTATION.value
        self.machine = build_machine(self)
        self.target: Question | None = None  # a question being changed
        self.pending: _Pending | None = None
        self.reading: referral.Proposal | None = None  # a pasted text's findings to confirm
        self._export_offered = False  # the referral offered once its questions are answered
        self._flags: list[str] = []
        self._assessed: tuple[Case, Assessment] | None = None

    @classmethod
    def from_log(cls, log: list[LogEntry], case_id: str | None = None) -> Conversation:
        """A conversation rebuilt from its log, ready at the question where it stopped."""
        conversation = cls(case_id=case_id)
        for entry in log:
            conversation.session.record(entry)
        conversation._flags = flags_of(conversation.session.case)
        # The referral was offered once the emergency questions were answered: not again.
        conversation._export_offered = bool(conversation._flags) and \
            conversation._emergency_questions_done()
        conversation.machine.set_state(conversation.next_stage.value)
        return conversation

    # -- machine conditions ---------------------------------------------------------------

    def has_new_red_flag(self) -> bool:
        return bool(set(flags_of(self.session.case)) - set(self._flags))

    def stage_finished(self) -> bool:
        return self.next_stage is not Stage(self.state)

    @property
    def next_stage(self) -> Stage:
        question = self.current_question
        return question.stage if question is not None else Stage.RECOMMENDATION

    # -- views ----------------------------------------------------------------------------

    @property
    def current_question(self) -> Question | None:
        return self.target or self.session.next_question

    @property
    def red_flags_pending(self) -> bool:
        """Some red-flag question is still unanswered (the urgency shown is provisional)."""
        case = self.session.case
        if case is None:
            return True
        answered = self.session.answers
        return any(q.id not in answered and relevant(q, case) for q in RED_FLAG_QUESTIONS)

    @property
    def finished(self) -> bool:
        return self.current_question is None and self.pending is None and self.reading is None

    def assessment(self) -> Assessment | None:
        """knowledge.assess of the answers so far (None before cancer status is known)."""
        return self._assessment_of(self.session.case)

    def _assessment_of(self, case: Case | None) -> Assessment | None:
        """The last case's assessment is kept: cases are immutable, and one answer's turn,
        its recorder and its face all ask for it."""
        if case is None:
            return None
        if self._assessed is None or self._assessed[0] is not case:
            self._assessed = (case, assess(case))
        return self._assessed[1]

    def start(self) -> Turn:
        """The opening turn: the first question."""
        return self._turn(self._next())

    def as_turn(self) -> Turn:
        """The conversation as it stands, with no new reply (e.g. after loading a log)."""
        return self._turn([])

    def _turn(self, replies: list[Reply]) -> Turn:
        """The replies with the conversation as it now stands. The headline comes from the
        cheap triage; the assessment is made when a face first asks for it (cached by
        case: once per committed answer at most)."""
        case = self.session.case
        found = triage(case) if case is not None else None
        pending = self.red_flags_pending
        prompt = next((r.prompt for r in reversed(replies) if r.prompt is not None), None)
        if prompt is None:
            prompt = self._prompt_now()
        return Turn(tuple(replies), prompt, render.answer_words_later(self.session),
                    render.urgency_headline(found, pending),
                    render.urgency_status(found, pending), pending,
                    lambda: self._assessment_of(case))

    def _prompt_now(self) -> Prompt | None:
        """What is asked now: a waiting confirmation, else the current question."""
        waiting = self.pending.message if self.pending is not None else (
            referral.proposal_text(self.reading, "") if self.reading is not None else None)
        if waiting is not None:
            return Prompt(waiting, options=YES_NO)
        question = self.current_question
        return None if question is None else render.question_prompt(question, self.session)

    # -- input ----------------------------------------------------------------------------

    def handle(self, text: str) -> Turn:
        """One user input to the turn it produces. Never raises."""
        try:
            replies = self._handle(text)
        except Exception as err:  # the answers are kept; the user sees a message
            replies = [Reply(ReplyKind.ERROR,
                             f"Something went wrong ({type(err).__name__}: {err}). "
                             "Your answers are kept; please try again or type help.")]
        return self._turn(replies)

    def read_referral(self, text: str) -> Turn:
        """Read a pasted referral: what was read, for confirmation (or why nothing was)."""
        return self._turn(self._read_referral(text))

    def _read_referral(self, text: str) -> list[Reply]:
        if self.pending is not None:  # a confirmation is waiting: it comes first
            return [Reply(ReplyKind.REPROMPT, "Please answer the confirmation first (yes or no); "
                                      "then paste the text again. " + self.pending.message)]
        if self.reading is not None:  # an earlier text's findings wait: never drop them unseen
            return [Reply(ReplyKind.REPROMPT,
                          "The findings of the text pasted before still wait for your answer; "
                          "nothing of the new text was read. Answer them first (yes, no, or a "
                          "number to correct one), then paste the new text again.\n"
                          + referral.proposal_text(self.reading))]
        try:
            proposal = referral.propose(text)
        except Exception as err:  # the reader never should; the answers are kept anyway
            return [Reply(ReplyKind.ERROR, f"The text could not be read ({type(err).__name__}).")]
        if proposal is None:
            return [Reply(NOTICE, "Nothing in that text answers a question here; going on "
                                  "question by question."), *self._again()]
        return self._offer(proposal)

    def _offer(self, proposal: referral.Proposal) -> list[Reply]:
        answered = {qid: self.session.answers[qid][qid] for qid in self.session.answers}
        proposal = referral.against(proposal, answered)
        if not proposal.offered:
            self.reading = None
            return [Reply(NOTICE, "The text says nothing new: every finding read is already "
                                  "answered the same way."), *self._again()]
        self.reading = proposal
        note = ""
        if proposal.offered:
            trial = self.session.trial(LogEntry(LogKind.READ, None, "", proposal.values()))
            before, after = urgency_of(self.session.case), urgency_of(trial.case)
            if _lowers(before, after):
                old = before.value.upper() if before else "none"
                now = after.value.upper() if after else "none (no cancer status)"
                note = f"Taking these lowers the urgency from {old} to {now}."
        return [_confirm(referral.proposal_text(proposal, note))]

    def _amend_reading(self, text: str) -> list[Reply]:
        proposal = self.reading
        assert proposal is not None
        outcome = referral.amend(proposal, text)
        if outcome is False:
            self.reading = None
            return [Reply(NOTICE, "Nothing taken from the text."), *self._next()]
        if outcome is True:
            self.reading = None
            values = proposal.values()
            if not values:
                return [Reply(NOTICE, "Nothing taken from the text."), *self._next()]
            replies = self._commit(LogEntry(LogKind.READ, None, "", values))
            if self.session.case is None:  # no cancer status yet: red flags still come first
                flags = flags_of(self.session.preview({"cancer.status": "none"}))
                if flags:
                    words = ", ".join(label(f) for f in flags)
                    replies.insert(0, Reply(ReplyKind.ESCALATION,
                                            render.RED_FLAGS_BEFORE_STATUS.format(flags=words)))
            return replies
        if isinstance(outcome, str):
            return [Reply(ReplyKind.REPROMPT, outcome)]
        return self._offer(outcome)

    def _handle(self, text: str) -> list[Reply]:
        if self.reading is not None:
            return self._amend_reading(text)
        words = normalise(text)
        if self.pending is not None:
            return self._confirm(words)
        command, _, rest = words.lstrip("/").partition(" ")
        if command in CONVERSATION_COMMANDS and (text.strip().startswith("/") or command != "change"
                                    or rest):
            return self._command(command, rest)
        question = self.current_question
        if question is None:
            return [Reply(NOTICE, "The assessment is complete. Type summary, change "
                                  "<question>, back or restart.")]
        outcome = parse(question, text)
        if isinstance(outcome, Reprompt):
            if referral.worth_reading(text):  # a description, not an answer: read it
                proposal = referral.propose(text)
                if proposal is not None:
                    return self._offer(proposal)
            return [Reply(ReplyKind.REPROMPT, outcome.message,
                          render.question_prompt(question, self.session))]
        return self._answer(question, text, outcome)

    def _answer(self, question: Question, text: str, parsed: Parsed) -> list[Reply]:
        values = parsed.values
        if question.items and self.session.case is not None:
            # A checklist records only the items it showed: those that apply now.
            case = self.session.case
            changing = self.target is question
            shown = {i for i in question.items if relevant(BY_ID[i], case)
                     and (changing or i not in self.session.answers)}
            listed = values.get(question.id)
            values = {question.id: None if listed is None else
                      [i for i in listed if i in shown],  # type: ignore[attr-defined]
                      **{k: v for k, v in values.items() if k in shown}}
        entry = LogEntry(LogKind.ANSWER, question.id, text.strip(), values)
        trial = self.session.trial(entry)
        before, after = urgency_of(self.session.case), urgency_of(trial.case)
        read = [Reply(NOTICE, f"Read as: {parsed.read_as}")] if parsed.read_as else []
        if _lowers(before, after):
            return read + self._ask_to_confirm(entry, before, after)
        return read + self._commit(entry, trial)

    def _ask_to_confirm(self, entry: LogEntry, before: Urgency | None,
                        after: Urgency | None) -> list[Reply]:
        old = before.value.upper() if before else "none"
        if after is None:
            # No urgency yet (cancer status not answered): not an urgency called "none".
            message = (f"This leaves no assessment yet (cancer status not answered), so the "
                       f"current urgency ({old}) would no longer be shown. Confirm? (yes/no)")
        else:
            message = (f"This lowers the urgency from {old} to {after.value.upper()}. "
                       "Confirm? (yes/no)")
        self.pending = _Pending(entry, message)
        return [_confirm(message)]

    def _confirm(self, words: str) -> list[Reply]:
        pending = self.pending
        assert pending is not None
        if words in YES:
            self.pending = None
            return self._commit(pending.entry)
        if words in NO:
            self.pending = None
            self.target = None  # a declined change goes back to where the conversation was
            replies = [Reply(NOTICE, "Not changed.")]
            return replies + self._next()
        return [Reply(ReplyKind.REPROMPT, "Please answer yes or no. " + pending.message)]

    def _commit(self, entry: LogEntry, trial: Session | None = None) -> list[Reply]:
        """Record an event, then: the escalation if it raised a red flag, then what is next.

        `trial` is the session with the event already applied, when the caller has it."""
        edit = entry.kind is not LogKind.ANSWER or self.target is not None or (
            self.session.next_question is None
            or entry.question_id != self.session.next_question.id)
        before = urgency_of(self.session.case)
        instability_before = _instability(self.session.case)
        steroids_before = _steroids(self.session.case) if self._flags else None  # emergency
        undone = self.session.last_answered if entry.kind is LogKind.BACK else None
        if trial is not None:
            self.session.adopt(trial, entry)
        else:
            self.session.record(entry)
        self.target = None
        if undone is not None and undone in BY_ID:
            # back re-asks the question it undid, even one reached through `change`.
            question = BY_ID[undone]
            if self.session.next_question is not question and relevant(question,
                                                                        self.session.case):
                self.target = question
        replies: list[Reply] = []
        if entry.kind is LogKind.RESTART:
            self._flags = []
            self.restart()
            replies.append(Reply(NOTICE, "Restarted: all answers cleared."))
        if self.has_new_red_flag():  # the interrupt, checked after every answer
            self.escalate()
        case, earlier = self.session.case, list(self._flags)

        def assessed() -> Assessment | None:
            return self._assessment_of(case)

        if self.state == Stage.ESCALATION.value:
            replies.append(Reply(ReplyKind.ESCALATION,
                                 lambda: render.escalation_text(assessed(), earlier), None,
                                 assessed))
        elif _raises(before, urgency_of(case)):
            replies.append(Reply(NOTICE, lambda: render.urgency_text(assessed()), None,
                                 assessed))
        elif instability_before is False and _instability(case):
            replies.append(Reply(NOTICE, lambda: render.instability_text(assessed()), None,
                                 assessed))
        elif self._flags and steroids_before is not None and _steroids(case) not in (
                None, steroids_before):
            replies.append(Reply(NOTICE, lambda: render.steroids_text(assessed()), None,
                                 assessed))
        self._flags = flags_of(self.session.case)
        if self._flags and not self._export_offered and self._emergency_questions_done():
            self._export_offered = True
            replies.append(Reply(NOTICE, render.EXPORT_READY))
        if entry.kind is LogKind.RESTART:
            self._export_offered = False
        if edit and self.state != Stage.ESCALATION.value:
            self.machine.set_state(self.next_stage.value)
        return replies + self._next()

    def _emergency_questions_done(self) -> bool:
        """Every emergency question that applies is answered (the referral can go)."""
        case = self.session.case
        answered = self.session.answers
        return case is not None and not any(
            qid not in answered and relevant(BY_ID[qid], case) for qid in EMERGENCY_ORDER)

    def _next(self) -> list[Reply]:
        """Move the machine to the next question's stage and ask it (or give the result)."""
        if self.state == Stage.ESCALATION.value:
            self.resume()
        target = self.next_stage
        while self.state != target.value:
            here = Stage(self.state)
            # `advance` moves one stage on; an emergency can bring an earlier stage back
            # (EMERGENCY_ORDER), which is set directly.
            if here is Stage.ESCALATION or FLOW.index(target) < FLOW.index(here) or \
                    not self.advance():
                self.machine.set_state(target.value)
        question = self.current_question
        if question is None:
            return self._result()
        return [self._ask(question)]

    def _again(self) -> list[Reply]:
        """The current question once more (after help, why or summary)."""
        question = self.current_question
        if question is None or self.pending is not None:
            return []
        return [self._ask(question)]

    def _ask(self, question: Question, note: str | None = None) -> Reply:
        prompt = render.question_prompt(question, self.session, note)
        return Reply(QUESTION, prompt.full_text, prompt)

    def _result(self) -> list[Reply]:
        case = self.session.case

        def assessed() -> Assessment | None:
            return self._assessment_of(case)

        return [Reply(ReplyKind.RESULT, lambda: render.result_text(assessed()), None, assessed)]

    # -- commands -------------------------------------------------------------------------

    def _command(self, command: str, rest: str) -> list[Reply]:
        if command == "help":
            return [Reply(NOTICE, plain_help()), *self._again()]
        if command == "why":
            question = find_question(rest) if rest else self.current_question
            if question is None:
                return [Reply(NOTICE, "There is no question to explain now.")]
            return [Reply(NOTICE, render.why_text(question)), *self._again()]
        if command == "summary":
            assessment = self.assessment()
            text = render.summary_text(self.session, assessment, self.red_flags_pending)
            return [Reply(ReplyKind.SUMMARY, text, None, lambda: assessment), *self._again()]
        if command == "back":
            return self._back()
        if command == "restart":
            if not self.session.answers:
                return self._commit(LogEntry(LogKind.RESTART))
            self.pending = _Pending(LogEntry(LogKind.RESTART),
                                    f"Restart and discard {len(self.session.answers)} "
                                    "answers? (yes/no)")
            return [_confirm(self.pending.message)]
        return self._change(rest)

    def _back(self) -> list[Reply]:
        if not self.session.undo:
            return [Reply(NOTICE, "Nothing to undo."), *self._next()]
        before = urgency_of(self.session.case)
        after = urgency_of(self.session.preview(undo=True))
        entry = LogEntry(LogKind.BACK)
        if _lowers(before, after):
            return self._ask_to_confirm(entry, before, after)
        return [Reply(NOTICE, "Undone."), *self._commit(entry)]

    def _change(self, words: str) -> list[Reply]:
        question = find_question(words)
        if question is None:
            candidates = [q.short for q in question_candidates(words)
                          if q.id in self.session.answers or q.id in self.session.state.effective]
            if len(candidates) > 1:
                return [Reply(ReplyKind.REPROMPT, f"Which question? '{words}' could be: "
                                                  f"{', '.join(candidates)}. Type more of "
                                                  "its name (e.g. change " + candidates[0] + ").")]
            if len(candidates) == 1:
                question = find_question(candidates[0])
        if question is None:
            return [Reply(ReplyKind.REPROMPT, f"Which question? '{words}' matches none. "
                                      "Type summary to see the answers given.")]
        case = self.session.case
        asked = question.id in self.session.state.effective or (
            case is not None and question.condition(case))
        if not asked:
            return [Reply(NOTICE, f"'{question.short}' does not apply to this case now.")]
        self.target = question
        words = (render.value_words(question.id, self.session.answers[question.id][question.id])
                 if question.id in self.session.answers else "not answered")
        return [self._ask(question, note=f"Current answer: {words}")]

    # -- the machine's triggers (set by transitions) ----------------------------------------
    escalate: Any
    advance: Any
    resume: Any
    restart: Any


def _resume_condition(stage: Stage) -> Any:
    def condition(self: Conversation) -> bool:
        return self.next_stage is stage

    return condition


for _stage in FLOW:
    setattr(Conversation, resume_condition(_stage), _resume_condition(_stage))


def _steroids(case: Case | None) -> str | None:
    return None if case is None else triage(case).steroids.value


def _instability(case: Case | None) -> bool:
    return case is not None and triage(case).instability_suspected


def _raises(before: Urgency | None, after: Urgency | None) -> bool:
    """Urgency went up (no urgency yet counts as routine, which is never announced)."""
    return after is not None and after.rank > (before.rank if before is not None else 0)


def _lowers(before: Urgency | None, after: Urgency | None) -> bool:
    if before is None:
        return False
    return after is None or after.rank < before.rank
