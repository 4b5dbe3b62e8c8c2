"""A pasted referral in the conversation: read it, show what was read, let the user confirm
or correct it, and turn the confirmed findings into one log entry (kind `read`).

Only findings for fields the conversation asks are offered (the others are listed as not
used); a finding is corrected by its number with a new answer parsed by that question's own
parser ("3 no"), or dropped ("drop 3"). Text in, texts out; no clinical rule here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from dialogs.flow import Stage
from dialogs.parsing import NO, YES, Parsed, normalise, parse
from dialogs.questions import BY_ID, QUESTIONS
from dialogs.reading.model import Assertion, Reading
from dialogs.render import shown, value_words
from knowledge.labels import label

IMAGING = "imaging"  # the "any imaging?" question: implied by any imaging finding
MIN_WORDS = 4  # an answer this long that its question cannot parse is tried as free text


@dataclass(frozen=True)
class Offered:
    """One finding offered for confirmation: the field, its value and the words it came from."""

    field: str
    value: Any
    words: str
    number: int = 0  # as first listed: corrections and drops keep the numbers stable
    denied: bool = False  # the words state the finding absent ("no weakness")


@dataclass
class Proposal:
    """What was read from one text, waiting for the user's confirmation."""

    offered: list[Offered]
    not_used: list[str] = field(default_factory=list)  # lines: what was read but not offered
    changes: dict[str, Any] = field(default_factory=dict)  # field -> the earlier answer
    dropped: list[str] = field(default_factory=list)  # what the user left out, in words

    def values(self) -> dict[str, Any]:
        """The answers the confirmed findings give, by question id."""
        out = {o.field: o.value for o in self.offered}
        if any(f.startswith("imaging.") for f in out):
            out[IMAGING] = True
        return out


def _question_value(path: str, value: Any) -> Any:
    """A reader value as the conversation records it (lists for regions)."""
    return list(value) if isinstance(value, tuple) else value


def propose(text: str) -> Proposal | None:
    """Read `text`; None when it states nothing the conversation asks."""
    from dialogs.reading import read

    reading = read(text)
    offered: list[Offered] = []
    not_used: list[str] = []
    for finding in reading.findings:
        if finding.field in BY_ID:
            offered.append(Offered(finding.field, _question_value(finding.field, finding.value),
                                   finding.text, len(offered) + 1,
                                   finding.assertion is Assertion.NEGATED))
        else:
            not_used.append(f"{label(finding.field)}: {shown(finding.value)} (not asked here)")
    for left in reading.not_filled:
        what = label(left.field) if left.field else "a fact without a field"
        not_used.append(f"{what}: left unknown ({label(left.assertion.value)}) - "
                        f"\u201c{left.text}\u201d")
    if not offered:
        return None
    return Proposal(offered, not_used)


def against(proposal: Proposal, answered: dict[str, Any]) -> Proposal:
    """The proposal beside the answers already given: a finding equal to an answer is left
    out; one that differs is marked as a change of that answer (shown old -> new)."""
    offered, changes = [], dict(proposal.changes)
    for item in proposal.offered:
        if item.field in answered and answered[item.field] == item.value:
            continue
        if item.field in answered:
            changes[item.field] = answered[item.field]
        offered.append(item)
    return replace(proposal, offered=offered, changes=changes)


def proposal_text(proposal: Proposal, note: str = "") -> str:
    lines = ["Read from the text:"]
    for offered in proposal.offered:
        was = (f" (CHANGES your answer "
               f"{value_words(offered.field, proposal.changes[offered.field])} -> this)"
               if offered.field in proposal.changes else "")
        lines.append(f"  {offered.number}. {BY_ID[offered.field].short}: "
                     f"{value_words(offered.field, offered.value)}{was}"
                     f"  \u2190 {_evidence(offered.words, offered.denied)}")
    if proposal.dropped:
        lines.append("Left out (to be asked): " + "; ".join(proposal.dropped))
    if proposal.not_used:
        lines.append("Not filled:")
        lines += [f"  - {line}" for line in proposal.not_used]
    if note:
        lines.append(note)
    example = proposal.offered[-1].number if proposal.offered else 1
    lines.append(f"yes to take them all; a number and an answer to correct one (e.g. "
                 f"'{example} no'); 'drop {example}' to leave one out; no to discard.")
    return "\n".join(lines)


def _evidence(words: str, denied: bool) -> str:
    """The words a finding came from; a finding stated absent says so ("no weakness" is
    shown as the word, said absent: never as if it supported a yes)."""
    return f"\u201c{words}\u201d" + (" (said absent)" if denied else "")


def amend(proposal: Proposal, words: str) -> Proposal | str | bool:
    """The user's reply to a proposal: True (confirm), False (discard), a corrected
    proposal, or a message saying what was not understood."""
    words = normalise(words)
    if words in YES:
        return True
    if words in NO:
        return False
    head, _, rest = words.partition(" ")
    drop = head == "drop"
    if drop:
        head, _, rest = rest.partition(" ")
    numbers = [o.number for o in proposal.offered]
    if not head.isdigit() or int(head) not in numbers:
        listed = ", ".join(map(str, numbers))
        return (f"Please answer yes, no, one of the numbers shown ({listed}) with an answer, "
                "or 'drop' and a number.")
    index = numbers.index(int(head))
    offered = list(proposal.offered)
    item = offered[index]
    question = BY_ID[item.field]
    if drop:
        del offered[index]
        return replace(proposal, offered=offered, dropped=[*proposal.dropped,
                                                           f"{item.number}. {question.short}"])
    outcome = parse(question, rest)
    if not isinstance(outcome, Parsed):
        return f"{question.short}: {outcome.message}"
    value = outcome.values.get(question.id)
    if value is None:  # unknown: leave the field to be asked
        del offered[index]
        return replace(proposal, offered=offered, dropped=[
            *proposal.dropped, f"{item.number}. {question.short} (unknown)"])
    offered[index] = Offered(question.id, value, rest, item.number)
    return replace(proposal, offered=offered)


def worth_reading(text: str) -> bool:
    """Free text long enough to be a description rather than a mistyped answer."""
    return len(text.split()) >= MIN_WORDS or "\n" in text.strip()


def asked_first_unanswered(answered: Callable[[str], bool]) -> list[str]:
    """The questions a conversation asks first (presentation and red flags), in its order and
    words, that `answered(field)` says a text has not answered."""
    return [q.short for q in QUESTIONS
            if q.stage in (Stage.PRESENTATION, Stage.RED_FLAGS) and q.fills_case_field
            and not answered(q.id)]


def reading_lines(text: str, case_value: Callable[[str], Any] | None = None) -> list[str]:
    """What the reader takes from `text`, for a person: each finding with its words and,
    when `case_value(field)` is given (teaching), whether the case agrees; then what was
    recognised but left unknown, and why."""
    from dialogs.reading import read

    return reading_words(read(text), case_value)


def reading_words(reading: Reading, case_value: Callable[[str], Any] | None = None,
                  ) -> list[str]:
    """A reading for a person (see `reading_lines`)."""
    lines = ["Read from the text:" if reading.findings else "Nothing read into a case field."]
    for finding in reading.findings:
        value = _question_value(finding.field, finding.value)
        words = (value_words(finding.field, value) if finding.field in BY_ID
                 else shown(value))
        line = (f"  - {label(finding.field)}: {words}  \u2190 "
                f"{_evidence(finding.text, finding.assertion is Assertion.NEGATED)}")
        if case_value is not None:
            expected = case_value(finding.field)
            line += (" (as the case says)" if _same(expected, value)
                     else f" (the case says {shown(expected)})")
        lines.append(line)
    if reading.not_filled:
        lines.append("Left unknown:")
        for left in reading.not_filled:
            what = label(left.field) if left.field else "a fact without a field"
            lines.append(f"  - {what} ({label(left.assertion.value)}) \u2190 "
                         f"\u201c{left.text}\u201d")
    return lines


def _same(expected: Any, value: Any) -> bool:
    plain = getattr(expected, "value", expected)
    if isinstance(expected, list):
        plain = [getattr(v, "value", v) for v in expected]
    return bool(plain == value)
