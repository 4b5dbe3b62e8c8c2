"""A teaching session: one learner through one case, text in, lines out (no Textual).

The story is told stage by stage; at each checkpoint the learner decides and is told
whether the answer is right and why. The learning points come at the end, after the score
and what was missed, with the references below them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dialogs.commands import BY_NAME
from dialogs.parsing import match_choice, normalise
from dialogs.questions import Choice
from dialogs.teaching.cases import TeachingCase
from dialogs.teaching.checkpoints import CHECKPOINTS as TABLE
from dialogs.teaching.checkpoints import Ask, Checkpoint
from dialogs.turn import Option, Prompt, Reply, ReplyKind, Turn
from knowledge import Assessment, Case, assess, parse_case
from knowledge.assessment import Reference

BANNER = "TEACHING - a made-up case for learning; not for patient care."
CONTINUE = "(press Enter to continue)"
READ = BY_NAME["read"].typed  # the command table's `read`
READ_HINT = ("(Type read at any stage to see what spinemets reads from its text, as it would "
             "from a pasted referral.)")


@dataclass(frozen=True)
class Pending:
    """A checkpoint waiting for its answer, with what it was asked from."""

    checkpoint: Checkpoint
    ask: Ask
    assessment: Assessment
    case: Case

    @property
    def expected(self) -> str:
        return self.ask.expected


@dataclass(frozen=True)
class Result:
    checkpoint: str
    stage: str
    given: str
    expected: str
    title: str = ""
    given_shown: str = ""
    expected_shown: str = ""

    @property
    def right(self) -> bool:
        return self.given == self.expected

    @property
    def line(self) -> str:
        """The result in words: what was asked, what was said, the answer."""
        if self.right:
            return f"{self.title} ({self.stage}): {self.expected_shown}"
        return (f"{self.title} ({self.stage}): you said {self.given_shown}; the answer is "
                f"{self.expected_shown}")


@dataclass
class TeachingSession:
    """One learner working through one case."""

    case: TeachingCase
    stage: int = -1
    queue: list[Pending] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)

    def start(self) -> Turn:
        asked = sum(len(s.checkpoints) for s in self.case.stages)
        return self._turn([
            _notice(BANNER), _notice(f"Case: {self.case.title}"),
            _notice(f"The story comes in {len(self.case.stages)} parts, with {asked} "
                    "decisions along the way; the learning points come at the end."),
            *self._advance()])

    def _turn(self, replies: list[Reply]) -> Turn:
        """The replies, with what is asked now (None once the case is finished)."""
        prompt = None if self.finished else self._prompt() if self.queue else Prompt(
            CONTINUE, kind="continue")
        return Turn(tuple(replies), prompt=prompt)

    @property
    def finished(self) -> bool:
        return self.stage >= len(self.case.stages) - 1 and not self.queue

    def _advance(self) -> list[Reply]:
        """Reveal the next stage and queue its checkpoints; say why any cannot be asked."""
        if self.stage >= len(self.case.stages) - 1:
            return [Reply(ReplyKind.SUMMARY, "\n".join(self.summary()))]
        self.stage += 1
        stage = self.case.stages[self.stage]
        case = self.case.revealed(self.stage)
        assessment = assess(case)
        out = [_notice(f"{stage.name.upper()}: {stage.text}")]
        if self.stage == 0:
            out.append(_notice(READ_HINT))
        for checkpoint_id in stage.checkpoints:
            checkpoint = TABLE[checkpoint_id]
            found = checkpoint.ask(assessment)
            if isinstance(found, Ask):
                self.queue.append(Pending(checkpoint, found, assessment, case))
            else:
                out.append(_notice(f"(No {checkpoint.title} question here: {found}.)"))
        return out + ([self._ask()] if self.queue else [_notice(CONTINUE)])

    def read_pasted(self, text: str) -> Turn:
        """A pasted text (a referral written by the learner, say) through the referral
        reader, beside this case; the question being asked is asked again."""
        lines = self._reading_lines(text)
        reply = Reply(ReplyKind.NOTICE, "\n".join(["What spinemets reads from the pasted text:",
                                                   *lines]))
        return self._turn([reply, *([self._ask()] if self.queue else [])])

    def _reading_lines(self, text: str) -> list[str]:
        from dialogs.referral import reading_lines

        return reading_lines(text, parse_case(self.case.case).value)

    def _reading(self) -> Reply:
        """The current stage's text through the referral reader, beside the case."""
        stage = self.case.stages[self.stage]
        return Reply(ReplyKind.NOTICE, "\n".join([
            f"What spinemets reads from the {stage.name} text (as from a pasted referral):",
            *self._reading_lines(stage.text)]))

    def _prompt(self) -> Prompt:
        ask = self.queue[0].ask
        listed = "; ".join(f"{i} {c.label}" for i, c in enumerate(ask.choices, 1))
        text = f"DECIDE: {ask.prompt}" + (f" ({listed})" if listed else "")
        return Prompt(text, kind="choice" if ask.choices else "count",
                      options=tuple(Option(c.value, c.label) for c in ask.choices))

    def _ask(self) -> Reply:
        prompt = self._prompt()
        return Reply(ReplyKind.QUESTION, prompt.text, prompt)

    def handle(self, text: str) -> Turn:
        """The learner's answer (or Enter to go on). Never raises."""
        return self._turn(self._handle(text))

    def _handle(self, text: str) -> list[Reply]:
        if normalise(text) in READ and self.stage >= 0:
            return [self._reading(), *([self._ask()] if self.queue else [])]
        if self.finished:
            return [_notice("The case is finished. Type quit, or start another case.")]
        if not self.queue:
            return self._advance()
        pending = self.queue[0]
        given = self._parse(pending.ask, text)
        if given is None:
            prompt = self._prompt()
            return [Reply(ReplyKind.REPROMPT, "Please answer: " + prompt.text, prompt)]
        self.queue.pop(0)
        ask = pending.ask
        result = Result(pending.checkpoint.id, self.case.stages[self.stage].name, given,
                        ask.expected, pending.checkpoint.title, ask.shown(given),
                        ask.shown(ask.expected))
        self.results.append(result)
        verdict = "Right." if result.right else f"Not quite: the answer is {result.expected_shown}."
        explained = pending.checkpoint.explain(pending.assessment, pending.case)
        out = [Reply(ReplyKind.NOTICE, f"{verdict} {explained}", right=result.right)]
        if self.queue:
            return [*out, self._ask()]
        return [*out, *self._advance()]

    @staticmethod
    def _parse(ask: Ask, text: str) -> str | None:
        words = normalise(text)
        if not ask.choices:
            return words if words.isdigit() else None
        found = match_choice(ask.choices, words)
        return found.value if isinstance(found, Choice) else None

    @property
    def score(self) -> tuple[int, int]:
        """(right, asked)."""
        return sum(r.right for r in self.results), len(self.results)

    def references(self) -> list[Reference]:
        return assess(parse_case(self.case.case)).references

    def summary(self) -> list[str]:
        """The end: the score first, then what was missed, the learning points, references."""
        right, asked = self.score
        missed = [r for r in self.results if not r.right]
        lines = [f"End of the case: {right} of {asked} right."]
        lines += (["Missed:", *(f"- {r.line}" for r in missed)] if missed
                  else ["Missed: nothing."])
        got = [r for r in self.results if r.right]
        if got:
            lines += ["Right:", *(f"- {r.line}" for r in got)]
        lines += ["Learning points:", *(f"- {p}" for p in self.case.learning_points)]
        lines += ["References:", *(f"[{r.id}] {r.citation}" for r in self.references())]
        return lines

    def results_markdown(self) -> str:
        """The results as Markdown: score, what was missed, every answer, learning points."""
        right, asked = self.score
        missed = [r for r in self.results if not r.right]
        rows = "\n".join(f"| {r.title} | {r.stage} | {r.given_shown} | {r.expected_shown} | "
                         f"{'yes' if r.right else 'no'} |" for r in self.results)
        missed_text = "\n".join(f"- {r.line}" for r in missed) if missed else "Nothing."
        points = "\n".join(f"- {p}" for p in self.case.learning_points)
        refs = "\n".join(f"- [{r.id}] {r.citation}" for r in self.references())
        state = "" if self.finished else "\n_Stopped before the end of the case._\n"
        return (f"# Teaching results: {self.case.title}\n\n_{BANNER}_\n{state}\n"
                f"Score: {right} of {asked}\n\n## Missed\n\n{missed_text}\n\n## Answers\n\n"
                "| checkpoint | stage | answer | expected | right |\n|---|---|---|---|---|\n"
                f"{rows}\n\n## Learning points\n\n{points}\n\n## References\n\n{refs}\n")


def _notice(text: str) -> Reply:
    return Reply(ReplyKind.NOTICE, text)
