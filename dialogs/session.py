"""The conversation's data: an append-only answer log, and the state derived from it.

The state is rebuilt from the log (answers, undos, restarts); nothing else is kept. The
case is made by walking the questions in order and taking each answer whose question is
still relevant given the answers before it: an edit that makes a later answer irrelevant
drops it from the case, and a question that becomes relevant is asked.

What is kept of an answer is its parsed value and `understood_text`: the canonical words
for that value, which parse back to the same value; free text around an answer ("yes, per
Dr X re Mrs Y") is never kept. `Session.problem` says why a stored entry cannot be applied
(a question this version does not ask, a value out of range, `back` with nothing to undo).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dialogs.questions import BY_ID, EMERGENCY_ORDER, QUESTIONS, Kind, Question
from knowledge import Case, CaseError, parse_case, triage
from knowledge.case import CASE_FORMAT, SECTION_MODELS, with_section

IMAGING = "imaging"
RECHECK = "pain.mechanical_recheck"


class LogKind(StrEnum):
    ANSWER = "answer"  # one question's answer
    READ = "read"  # the confirmed findings of a pasted text (several answers at once)
    BACK = "back"  # undo the last answer
    RESTART = "restart"  # discard every answer


@dataclass(frozen=True)
class LogEntry:
    """One event of the conversation: an answer, the confirmed findings of a pasted text
    (`read`: several answers at once, no question id, the text itself not kept), an undo or
    a restart."""

    kind: LogKind
    question_id: str | None = None
    text: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.time, compare=False)


@dataclass
class Walk:
    """Where the walk over the questions stands: the case so far and the next question."""

    index: int = 0
    data: dict[str, Any] = field(default_factory=dict)
    case: Case | None = None
    effective: list[str] = field(default_factory=list)
    next_question: Question | None = None
    resume: Walk | None = None  # the walk as it stood at the next question
    # The walk as it stood at the first question not answered in the questions' order
    # (`resume`, unless the emergency order asks another question first).
    restart: Walk | None = None

    def snapshot(self, index: int) -> Walk:
        """A copy to resume from (the case is immutable; sections are copied one level)."""
        data = {k: dict(v) if isinstance(v, dict) else v for k, v in self.data.items()}
        return Walk(index, data, self.case, list(self.effective))


def _base(case_id: str | None, title: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"format": CASE_FORMAT}
    if case_id is not None:
        data["id"] = case_id
    if title is not None:
        data["title"] = title
    return data


def apply_values(data: dict[str, Any], question_id: str, value: Any) -> None:
    """Put one answer into a case dict (unknown answers leave the field out)."""
    if question_id == IMAGING:
        if value is True:
            data.setdefault("imaging", {})
        return
    if question_id == RECHECK:
        if value is not None:
            data.setdefault("pain", {}).update(mechanical=value, mechanical_assessed_seated=True)
        return
    if value is None or BY_ID[question_id].items:
        return  # a checklist's (or group's) answer is in its items' answers
    section, name = question_id.split(".")
    data.setdefault(section, {})[name] = value


# The relevance of each question, by case: cases are immutable, and one answer asks about
# the same few cases again and again (the walk, the checklist items shown, the red flags
# pending, the emergency order). Keyed by the case's identity, holding the case itself.
_relevance: dict[int, tuple[Case, dict[str, Any]]] = {}
RELEVANCE_CASES = 32
_MISSING = object()


def relevant(question: Question, case: Case | None) -> bool:
    if case is None:  # nothing can be decided before cancer status is known
        return question.id == "cancer.status"
    if BY_ID.get(question.id) is not question:  # not one of the questions: not kept
        return question.condition(case)
    entry = _relevance.get(id(case))
    if entry is None or entry[0] is not case:
        if len(_relevance) >= RELEVANCE_CASES:
            del _relevance[next(iter(_relevance))]
        entry = _relevance[id(case)] = (case, {})
    known = entry[1]
    found = known.get(question.id, _MISSING)
    if found is _MISSING:
        found = known[question.id] = question.condition(case)
    return found  # type: ignore[no-any-return]


POSITION = {q.id: i for i, q in enumerate(QUESTIONS)}


def _words_for(question: Question, value: Any) -> str:
    if value is None:
        return "unknown"
    if question.kind is Kind.YES_NO:
        return "yes" if value else "no"
    if question.kind is Kind.REGIONS:
        return ", ".join(value) if value else "none"
    if question.kind is Kind.CHECKLIST:
        return ", ".join(c.label for c in question.choices if c.value in value) or "none"
    if question.kind is Kind.GROUP:
        return "one by one" if value is None else ""
    if question.kind is Kind.MONTHS:
        return f"{value:g}"
    return str(value)


def understood_text(question_id: str | None, values: dict[str, Any]) -> str:
    """The words kept for an answer: canonical text for its value that parses back to the
    same values ("" when no such text exists; the values themselves are always kept)."""
    from dialogs.parsing import Parsed, parse

    question = BY_ID.get(question_id or "")
    if question is None or question_id not in values:
        return ""
    value = values[question_id]
    from dialogs.parsing import SEATED_NO

    candidates = [_words_for(question, value),
                  *(c.label for c in question.choices if c.value == value),
                  *SEATED_NO.get(question.id, {})]
    later = BY_ID.get(question.answered_by or "")
    if later is not None and later.id in values:  # "MRI whole spine" for "any imaging?"
        candidates += [_words_for(later, values[later.id]),
                       *(c.label for c in later.choices if c.value == values[later.id])]
    if question.kind is Kind.GROUP and value is not None:  # every item, in order
        candidates.append(", ".join(_words_for(BY_ID[i], values.get(i)) for i in question.items))
    if question.kind is Kind.CHECKLIST and value is not None:
        said = ", ".join([*(BY_ID[i].short for i in question.items if values.get(i)),
                          *(f"no {BY_ID[i].short}" for i in question.items
                            if values.get(i) is False)])
        candidates += [said, f"{said}, others unknown" if said else "others unknown",
                       f"{said}, none of the others" if said else "none"]
    if question.kind is Kind.KARNOFSKY and value is None and "general.ecog" in values:
        candidates.insert(0, f"ECOG {values['general.ecog']}")
    for text in candidates:
        outcome = parse(question, text)
        if isinstance(outcome, Parsed) and outcome.values == values:
            return text
    return ""


def walk(answers: dict[str, dict[str, Any]], start: Walk, last_answer: int | None = None,
         cases: CaseCache | None = None) -> Walk:
    """Continue a walk from `start` over the questions, taking the relevant answers.

    `last_answer` is the position of the furthest answered question, when known; `cases`
    keeps the cases made (a session's walks over the same answers then make them once)."""
    state = start.snapshot(start.index)
    if last_answer is None:
        last_answer = max((POSITION[qid] for qid in answers), default=-1)
    for index in range(state.index, len(QUESTIONS)):
        if state.next_question is not None and index > last_answer:
            break  # nothing further to take; later questions are judged when reached
        question = QUESTIONS[index]
        if not relevant(question, state.case):
            continue
        if question.items and question.id not in answers and sum(
                i not in answers and relevant(BY_ID[i], state.case) for i in question.items) < 2:
            continue  # a checklist is worth asking while two of its items are still open
        if question.id not in answers:
            if _implied(question, answers, state.case):
                continue
            if state.next_question is None:
                state.next_question = question
                state.resume = state.restart = state.snapshot(index)
            if state.case is None:
                break
            continue
        answer = answers[question.id]
        apply_values(state.data, question.id, answer[question.id])
        state.effective.append(question.id)
        made = None if cases is None else cases.get(state.case, question.id, answer)
        if made is None:
            made = _updated_case(state.case, state.data, question.id)
            if cases is not None:
                cases.put(state.case, question.id, answer, made)
        state.case = made
    state.index = len(QUESTIONS)
    _emergency_first(answers, state)
    return state


def _implied(question: Question, answers: dict[str, dict[str, Any]], case: Case | None) -> bool:
    """The later question that answers this one too is already answered (read from a pasted
    report, say: a level given is a lesion seen), and asked without this one: only one
    answer would fit here, so it is not asked."""
    later = question.answered_by
    return (later is not None and answers.get(later, {}).get(later) is not None
            and relevant(BY_ID[later], case))


def _emergency_first(answers: dict[str, dict[str, Any]], state: Walk) -> None:
    """With a red flag present, the next question is the first relevant, unanswered one of
    EMERGENCY_ORDER (the clinical order resumes when they are all answered)."""
    case, current = state.case, state.next_question
    # The red flags of the triage, which the conversation asks of this case next anyway.
    if case is None or current is None or not triage(case).red_flags:
        return
    for qid in EMERGENCY_ORDER:
        question = BY_ID[qid]
        if qid in answers or not relevant(question, case) or _implied(question, answers, case):
            continue
        if question is not current:
            state.next_question, state.resume = question, None  # resumed by a full walk
        return


class CaseCache:
    """The cases a session's walks have made, by how they were made: the case before and
    the answer taken (its question, and its answer dict, which is replaced, never changed).

    A session's walks start from the same first data, so a case made by the walk stands
    for the whole series of answers taken to make it, and with one more answer it makes
    the same case again: a walk over the same answers gives the very same case objects,
    and what is kept by case (the triage, relevance) is found again. Each entry holds the
    objects its key names by identity."""

    SIZE = 1024

    def __init__(self) -> None:
        self._made: dict[tuple[int, str, int], tuple[Case | None, dict[str, Any],
                                                      Case | None]] = {}

    def get(self, case: Case | None, question_id: str, answer: dict[str, Any]) -> Case | None:
        found = self._made.get((id(case), question_id, id(answer)))
        if found is None or found[0] is not case or found[1] is not answer:
            return None
        return found[2]

    def put(self, case: Case | None, question_id: str, answer: dict[str, Any],
            made: Case | None) -> None:
        if len(self._made) >= self.SIZE:
            del self._made[next(iter(self._made))]
        self._made[(id(case), question_id, id(answer))] = (case, answer, made)


def _updated_case(case: Case | None, data: dict[str, Any], question_id: str) -> Case | None:
    """The case after one answer: only the answer's section is validated again."""
    section = question_id.split(".")[0]
    if case is not None and section in SECTION_MODELS and section in data:
        updated = with_section(case, section, data[section])
        if updated is not None:
            return updated
    return build_case(data)


def build_case(data: dict[str, Any]) -> Case | None:
    """The case of the answers so far; None until cancer status is answered."""
    if "status" not in data.get("cancer", {}):
        return None
    try:
        return parse_case(data)
    except CaseError as err:  # an answer combination the walk should have prevented
        raise RuntimeError(f"the answers do not make a valid case: {err.message}") from err


@dataclass
class Session:
    """Answers by question id, the undo stack, and the walk they give."""

    case_id: str | None = None
    title: str | None = None
    log: list[LogEntry] = field(default_factory=list)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (question answered, previous values of every question id the answer set)
    undo: list[tuple[str, dict[str, dict[str, Any] | None]]] = field(default_factory=list)
    state: Walk = field(default_factory=Walk)
    furthest: int = -1  # position of the furthest answered question
    cases: CaseCache = field(default_factory=CaseCache, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.state = walk(self.answers, Walk(data=_base(self.case_id, self.title)),
                          cases=self.cases)

    # -- events -------------------------------------------------------------------------

    def record(self, entry: LogEntry) -> None:
        """Append an event to the log and apply it."""
        self.log.append(entry)
        self._apply(entry)

    def _apply(self, entry: LogEntry) -> None:
        if entry.kind in (LogKind.ANSWER, LogKind.READ):
            forward = (entry.kind is LogKind.ANSWER and self.state.next_question is not None
                       and entry.question_id == self.state.next_question.id
                       and self.state.resume is not None)
            self.undo.append((entry.question_id or "",
                              {qid: self.answers.get(qid) for qid in entry.values}))
            for qid, value in entry.values.items():
                self.answers[qid] = {qid: value}
            self.furthest = max([self.furthest, *(POSITION[q] for q in entry.values)])
            start = self.state.resume if forward and self.state.resume else None
            restart = self.state.restart
            if start is None and restart is not None and all(
                    POSITION[qid] >= restart.index for qid in entry.values):
                # The walk before the first question not answered is not changed by
                # answers after it: it is taken up from there, as a walk from the start would.
                start = restart
            self.state = walk(self.answers, start or Walk(data=_base(self.case_id, self.title)),
                              self.furthest, self.cases)
        elif entry.kind is LogKind.BACK:
            _, previous = self.undo.pop()
            for qid, old in previous.items():
                if old is None:
                    self.answers.pop(qid, None)
                else:
                    self.answers[qid] = old
            self.furthest = max((POSITION[q] for q in self.answers), default=-1)
            self.state = walk(self.answers, Walk(data=_base(self.case_id, self.title)),
                              self.furthest, self.cases)
        elif entry.kind is LogKind.RESTART:
            self.answers.clear()
            self.undo.clear()
            self.furthest = -1
            self.state = walk(self.answers, Walk(data=_base(self.case_id, self.title)),
                              cases=self.cases)

    @classmethod
    def from_log(cls, log: list[LogEntry], case_id: str | None = None,
                 title: str | None = None) -> Session:
        """Rebuild a session from its log (for back/edit, resume, and tests)."""
        session = cls(case_id=case_id, title=title)
        for entry in log:
            session.record(entry)
        return session

    def problem(self, entry: LogEntry) -> str | None:
        """Why `entry` cannot be applied to this session now (None when it can)."""
        if entry.kind not in set(LogKind):
            return f"it is of an unknown kind {entry.kind!r}"
        if entry.kind is LogKind.BACK:
            return None if self.undo else "it is 'back' with nothing to undo"
        if entry.kind is LogKind.RESTART:
            return None
        if entry.kind is LogKind.ANSWER and entry.question_id not in POSITION:
            return (f"it answers a question this version of spinemets does not ask "
                    f"({entry.question_id!r})")
        unknown = [qid for qid in entry.values if qid not in POSITION]
        if unknown or not entry.values or (entry.kind is LogKind.ANSWER
                                           and entry.question_id not in entry.values):
            return f"its values do not belong to its question ({sorted(entry.values)})"
        try:
            self.trial(entry)
        except Exception as err:  # a value the case model refuses (out of range, wrong type)
            return f"its value does not fit the current questions ({err})"
        return None

    # -- views --------------------------------------------------------------------------

    @property
    def last_answered(self) -> str | None:
        """The question whose answer `back` would undo."""
        return self.undo[-1][0] if self.undo else None

    @property
    def case(self) -> Case | None:
        return self.state.case

    @property
    def next_question(self) -> Question | None:
        return self.state.next_question

    def trial(self, entry: LogEntry) -> Session:
        """A copy with `entry` applied but not logged (to see its effect before committing)."""
        copy = Session.__new__(Session)
        copy.case_id, copy.title, copy.log = self.case_id, self.title, self.log
        copy.answers = dict(self.answers)  # answer dicts are replaced, never changed in place
        copy.undo = list(self.undo)
        copy.state = self.state
        copy.furthest = self.furthest
        copy.cases = self.cases
        copy._apply(entry)
        return copy

    def adopt(self, trial: Session, entry: LogEntry) -> None:
        """Commit `entry` by taking the state its trial computed."""
        self.log.append(entry)
        self.answers, self.undo, self.state = trial.answers, trial.undo, trial.state
        self.furthest = trial.furthest

    def preview(self, values: dict[str, Any] | None = None, undo: bool = False) -> Case | None:
        """The case that an answer (or an undo) would give, without recording it."""
        if undo:
            return self.trial(LogEntry(LogKind.BACK)).case
        if values is None:
            return self.case
        return self.trial(LogEntry(LogKind.ANSWER, next(iter(values)), "", values)).case

    def effective_answers(self) -> list[tuple[str, Any]]:
        """(question id, value) of the answers in the case, in question order (a checklist's
        or group's answer is in its items' own lines)."""
        return [(qid, self.answers[qid][qid]) for qid in self.state.effective
                if not BY_ID[qid].items]
