"""Texts the conversation shows (pure functions): questions, escalation, summary, result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from dialogs.questions import BY_ID, ChoiceBy, Kind, Question
from dialogs.session import Session
from dialogs.turn import NOT_KNOWN, Option, Prompt
from knowledge import Assessment
from knowledge.labels import label, urgency_banner
from knowledge.vocab import Pathway, Urgency


def shown(value: Any) -> str:
    if value is None:
        return "unknown"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def question_prompt(question: Question, session: Session, note: str | None = None) -> Prompt:
    """A question as asked now: its lines (choices; a checklist's items open now, with
    their list numbers; a group's items with their answers) and the options to pick."""
    lines: list[str] = []
    if question.kind in (Kind.CHOICE, Kind.KARNOFSKY, Kind.ECOG) and question.choices:
        lines += choice_lines(question)
    if question.kind is Kind.GROUP:  # each item with its answers
        lines += [f"  {BY_ID[i].short}: " + " / ".join(c.label for c in BY_ID[i].choices)
                  for i in question.items]
    if question.kind is Kind.CHECKLIST:  # the items open now, with their list numbers
        case = session.case
        lines += [f"  {i}. {c.label}" for i, c in enumerate(question.choices, start=1)
                  if (case is None or BY_ID[c.value].condition(case))
                  and (note is not None or c.value not in session.answers)]
    return Prompt(question.prompt, question.id, question.kind.value, options(question),
                  tuple(lines), question.listed, note)


def options(question: Question) -> tuple[Option, ...]:
    """The answers a face may offer to pick from (with 'unknown'); none for a question
    answered in words or numbers (a checklist, a group, a count, a level)."""
    if not question.listed:
        return ()
    if question.kind is Kind.YES_NO:
        return tuple(Option(w, w) for w in ("yes", "no", "unknown"))
    listed = [Option(c.value, choice_caption(question, c.value, c.label))
              for c in question.choices]
    if all(c.value != "unknown" for c in question.choices):
        listed.append(Option("unknown", "unknown"))
    return tuple(listed)


def answer_words(session: Session) -> tuple[tuple[str, str], ...]:
    """The answers so far as (question, answer) words, in the order asked."""
    return tuple((BY_ID[qid].short, value_words(qid, value))
                 for qid, value in session.effective_answers())


def answer_words_later(session: Session) -> Callable[[], tuple[tuple[str, str], ...]]:
    """`answer_words` of the session as it is now, made when first asked for (a session
    changes in place: what it holds now is kept, not the session)."""
    effective, answers = tuple(session.state.effective), dict(session.answers)

    def words() -> tuple[tuple[str, str], ...]:
        return tuple((BY_ID[qid].short, value_words(qid, answers[qid][qid]))
                     for qid in effective if not BY_ID[qid].items)

    return words


def value_words(question_id: str, value: Any) -> str:
    """An answer in the words of its question's choices where it has them ("lung, non-small
    cell", "1b - sac deformed"), never the stored id ("lung_nsclc")."""
    question = BY_ID[question_id]
    if isinstance(value, list):  # regions; a checklist's items present
        return ", ".join(value_words(question_id, v) for v in value) or "none"
    for choice in question.choices:
        if choice.value == value:
            return choice_caption(question, choice.value, choice.label)
    return shown(value)


def choice_lines(question: Question) -> list[str]:
    """The choices as listed under a question. A list number is shown only where a number
    picks by position (word choices); where the values are the scale's labels (ESCC, Frankel,
    Karnofsky, ECOG) the value itself is shown, so what is typed is what is recorded; where a
    number could be read as a quantity (a count, a percentage) the choices have no number."""
    choices = question.choices
    if question.choose_by is ChoiceBy.POSITION:
        return [f"  {i}. {c.label}" for i, c in enumerate(choices, start=1)]
    if question.choose_by is ChoiceBy.VALUE:
        return [f"  {c.value}. {c.label}" for c in choices]
    return [f"  - {c.label}" for c in choices]  # a choice's words are typed as they read


def choice_caption(question: Question, value: str, label_text: str) -> str:
    """A choice as a list shows it: where the values are the scale's own labels (Karnofsky,
    ECOG, ESCC, Frankel) the value stands beside the words ("70 - cares for self")."""
    if question.choose_by is ChoiceBy.VALUE and label_text != value:
        return f"{value} - {label_text}"
    return label_text


def why_text(question: Question) -> str:
    """The reason in a sentence, then each reference in full (not a bare id)."""
    from knowledge.references import knowledge_base

    citations = knowledge_base().references
    lines = [f"Why: {question.why}", "References:"]
    lines += [f"- [{r}] {citations.get(r, r)}" for r in question.refs]
    return "\n".join(lines)


def escalation_text(assessment: Assessment | None, earlier_flags: list[str]) -> str:
    """The interrupt: urgency and what to do now, with timings, before any other question."""
    assert assessment is not None
    new = ", ".join(label(f) for f in assessment.red_flags if f not in earlier_flags)
    banner = urgency_banner(assessment.urgency)
    if earlier_flags:
        return (f"{banner}: another red flag - {new}. The emergency actions already given "
                "stand (type summary to see them again).")
    head = f"{banner}: red flag {new} - {label(assessment.pathway.value)}."
    return "\n".join([head, *do_now_lines(assessment),
                      "You can continue to complete the assessment."])


def do_now_lines(assessment: Assessment) -> list[str]:
    """What to do now, with timings, as the escalation and the summary both say it: the
    steroid advice with the answers still to give before it, then the imaging."""
    lines = ["Do now:"]
    pending = pending_steroid_answers(assessment)
    for action in assessment.actions:
        when = f"[{label(action.timing)}] " if action.timing else ""
        lines.append(f"- {when}{action.text}")
        if action.id == "dexamethasone" and pending:
            lines.append(f"  Before giving it, answer the next questions ({pending}): the "
                         f"advice can change to: {label(STEROIDS_HELD)}.")
    lines.append(f"- Imaging: {label(assessment.imaging.modality.value)}, "
                 f"{label(assessment.imaging.timing.value)}.")
    return lines


STEROIDS_HELD = "discuss_haematology_first"


def pending_steroid_answers(assessment: Assessment) -> str:
    """The unanswered inputs that could change the steroid advice, as words ('' if none)."""
    fields = [path for path, effects in assessment.unknown_effects.items()
              if "steroids" in effects]
    return ", ".join(label(path) for path in fields)


def steroids_text(assessment: Assessment | None) -> str:
    """A notice when the steroid advice changes during an emergency."""
    assert assessment is not None
    return f"Steroids now: {label(assessment.steroids.value)}."


def urgency_text(assessment: Assessment | None) -> str:
    """A one-line notice when urgency rises without a red flag."""
    assert assessment is not None
    pathway = label(assessment.pathway.value)
    first = next((a for a in assessment.actions if a.timing), None)
    todo = f" {first.text}" if first else ""
    return f"Urgency now {urgency_banner(assessment.urgency)} ({pathway}).{todo}"


def instability_text(assessment: Assessment | None) -> str:
    """A notice when instability becomes suspected: what changes in what to do."""
    assert assessment is not None
    todo = [a.text for a in assessment.actions if a.id in ("surgical_opinion", "immobilise")]
    return "Instability suspected. " + " ".join(todo)


RED_FLAGS_BEFORE_STATUS = (
    "!!! Red flags read: {flags}. Any of them is an emergency whatever the cancer status - "
    "answer the cancer status now to see what to do.")
EXPORT_READY = ("The referral now holds what the MSCC coordinator needs (neurology, "
                "performance, imaging so far): /export (f6) writes it. The scoring questions "
                "follow.")
PROVISIONAL = "so far - red flags not yet asked"


class Urgent(Protocol):
    """What the urgency words need: an assessment or the cheaper knowledge.Triage."""

    @property
    def urgency(self) -> Urgency: ...

    @property
    def pathway(self) -> Pathway: ...


def urgency_headline(assessment: Urgent | None, red_flags_pending: bool) -> str:
    """The urgency as every face shows it: while red-flag questions are still unanswered a
    lower urgency is provisional and says so (an emergency never is)."""
    if assessment is None:
        return NOT_KNOWN
    banner = urgency_banner(assessment.urgency)
    if red_flags_pending and assessment.urgency.value != "emergency":
        return f"{banner} {PROVISIONAL}"
    return f"{banner} - {label(assessment.pathway.value)}"


def urgency_status(assessment: Urgent | None, red_flags_pending: bool) -> str | None:
    """The urgency word a saved session lists ('routine so far' while provisional)."""
    if assessment is None:
        return None
    word = assessment.urgency.value
    provisional = red_flags_pending and word != "emergency"
    return f"{word} so far" if provisional else word


def summary_text(session: Session, assessment: Assessment | None,
                 red_flags_pending: bool = False) -> str:
    lines = ["Answers so far:", *(f"- {q}: {a}" for q, a in answer_words(session))]
    if assessment is None:
        return "\n".join([*lines, "No assessment yet: cancer status is needed first."])
    lines.append(f"Urgency: {urgency_headline(assessment, red_flags_pending)}")
    if assessment.urgency.value != "routine":  # what the escalation said to do, again
        lines += do_now_lines(assessment)
    for name, score in assessment.scores.ranged():
        if score is not None:
            value = score.total if score.total is not None else f"{score.min}-{score.max}"
            bands = [score.band] if score.band else score.bands
            lines.append(f"- {label(name)}: {value} ({' / '.join(label(b) for b in bands)})")
    if assessment.unknowns:
        lines.append("Unknown: " + ", ".join(label(u) for u in assessment.unknowns))
    return "\n".join(lines)


def result_text(assessment: Assessment | None) -> str:
    if assessment is None:
        return "No assessment: cancer status was not given."
    decision = label(assessment.noms.decision.value)
    return (f"Assessment complete: {assessment.urgency.value.upper()} "
            f"({label(assessment.pathway.value)}); NOMS: {decision}. "
            "Type summary, change <question>, back or restart.")
