"""Parsing typed answers: a pure function from text to `Parsed` or `Reprompt`; never raises.

`Parsed.values` maps question ids to values (one answer can fill two questions: "ECOG 2"
answers the Karnofsky question with unknown and the ECOG question with 2). None is an
explicit unknown ("not sure", "skip").

What is typed is what is recorded. Acceptance is table-driven and strict:

- a yes/no answer is yes or no only when the whole answer is one of the `YES` or `NO`
  phrasings; "no idea", "yes but not sure", "no?" are never yes or no;
- any answer that the question's parser does not accept as a whole, and that carries a sign
  of uncertainty or of an examination not done (`UNCERTAIN`), is unknown; anything else is
  a re-prompt saying what is accepted;
- a number is a list position only for questions whose choices are words and where a number
  cannot itself be an answer (`ChoiceBy.POSITION`); where the values are the scale's own
  labels (ESCC 1a, Frankel D, Karnofsky 70, ECOG 2) a number is the value or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dialogs.questions import ECOG_SCALE, KARNOFSKY_SCALE, Choice, ChoiceBy, Kind, Question
from knowledge.levels import ALL_LEVELS

# Whole answers, in canonical form (see `canonical`), that are an explicit unknown.
UNKNOWN = frozenset({
    "unknown", "not sure", "unsure", "don't know", "dont know", "do not know", "dunno", "?",
    "skip", "not known", "nk", "n/k", "dk", "d/k", "idk", "pass", "no idea", "unclear",
    "uncertain", "not assessed", "not examined", "not checked", "not tested", "not done",
    "cannot say", "can't say", "n/a",
})
# Whole answers that are yes, and that are no. Nothing else is yes or no.
YES = frozenset({
    "y", "yes", "yeah", "yea", "yep", "yup", "ya", "aye", "true", "present", "positive",
    "correct", "affirmative", "definitely", "certainly", "absolutely", "of course",
    "yes definitely", "yes certainly", "yes absolutely", "yes please", "yes it is",
    "yes there is", "yes present", "yes positive",
})
NO = frozenset({
    "n", "no", "nope", "nah", "false", "absent", "negative", "none", "nil", "nothing",
    "never", "not present", "no none", "no nothing", "no never", "none at all", "not at all",
    "no not at all", "definitely not", "certainly not", "absolutely not", "no absent",
    "no negative", "denies", "denied",
})
# Signs of uncertainty, or of an examination not done, anywhere in an answer (whole words).
UNCERTAIN = (
    *sorted(UNKNOWN),
    "maybe", "may be", "perhaps", "possibly", "possible", "probably", "probable", "likely",
    "unlikely", "might", "could be", "think", "guess", "believe", "suppose", "not certain",
    "not clear", "no clue", "clueless", "no info", "no information", "no data", "no record",
    "no records", "not recorded", "not documented", "not available", "unavailable",
    "not yet", "yet", "pending", "awaiting", "awaited", "to be done", "tbc", "tbd",
    "not performed", "not looked", "not asked", "not formally", "unexamined", "unassessed",
    "untested", "unchecked", "no exam", "no examination", "no assessment", "no test",
    "haven't", "havent", "have not", "hasn't", "has not", "didn't", "didnt", "did not",
    "wasn't", "was not", "weren't", "not able", "unable", "couldn't", "could not",
    "can't tell", "cannot tell", "hard to say", "hard to tell", "difficult to say",
    "difficult to tell", "don't remember", "can't remember", "forgot", "equivocal",
    "borderline", "questionable", "query", "indeterminate", "unconfirmed", "not confirmed",
    "na", "?",
)
REGION_WORDS = {
    "c": ("cervical",), "cervical": ("cervical",), "neck": ("cervical",),
    "t": ("thoracic",), "thoracic": ("thoracic",), "dorsal": ("thoracic",),
    "chest": ("thoracic",), "upper back": ("thoracic",), "mid back": ("thoracic",),
    "l": ("lumbar",), "lumbar": ("lumbar",), "low back": ("lumbar",),
    "lower back": ("lumbar",), "s": ("sacral",), "sacral": ("sacral",), "sacrum": ("sacral",),
    "thoracolumbar": ("thoracic", "lumbar"), "cervicothoracic": ("cervical", "thoracic"),
    "lumbosacral": ("lumbar", "sacral"),
}
CHOICE_SYNONYMS: dict[str, str] = {
    "renal": "kidney", "rcc": "kidney", "nsclc": "lung_nsclc", "sclc": "lung_sclc",
    "small cell": "lung_sclc", "non small cell": "lung_nsclc", "oesophageal": "oesophagus",
    "esophagus": "oesophagus", "hcc": "liver", "hepatocellular": "liver",
    "seminoma": "germ_cell", "testicular": "germ_cell", "not identified": "unknown",
    "unknown primary": "unknown",
    "plain film": "xray", "x ray": "xray", "pet": "pet_ct",
    "no": "none", "nil": "none",
}
NUMBER_WORDS = {"none": 0, "nil": 0, "no": 0, "zero": 0, "one": 1, "two": 2, "three": 3,
                "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
MIN_PREFIX = 3  # a typed prefix must be at least this long ("bre" for breast)
COUNT_UNITS = ("metastases", "metastasis", "mets", "levels", "vertebrae", "bones", "lesions")


def _marker_pattern(marker: str) -> str:
    before = r"(?<![\w'])" if marker[0].isalnum() else ""
    after = r"(?![\w'])" if marker[-1].isalnum() else ""
    return before + re.escape(marker) + after


_UNCERTAIN_RE = re.compile("|".join(_marker_pattern(m) for m in
                                    sorted(set(UNCERTAIN), key=len, reverse=True)))


@dataclass(frozen=True)
class Parsed:
    values: dict[str, object]
    shown: str  # the answer as understood, for the transcript


@dataclass(frozen=True)
class Reprompt:
    message: str


Outcome = Parsed | Reprompt


def normalise(text: str) -> str:
    text = text.strip().lower().replace("’", "'")
    text = re.sub(r"[.!]+$", "", text)
    return " ".join(text.split())


def canonical(words: str) -> str:
    """A normalised answer with commas and semicolons read as spaces ("no, none")."""
    return " ".join(re.sub(r"[,;]", " ", words).split())


def uncertain(words: str) -> bool:
    """The answer carries a sign of uncertainty or of an examination not done."""
    return _UNCERTAIN_RE.search(words) is not None


def parse(question: Question, text: str) -> Outcome:
    """Parse an answer to `question`. Junk gives a Reprompt saying what is accepted; an
    answer not accepted as a whole that shows uncertainty is unknown."""
    words = normalise(text)
    if not words:
        return Reprompt(f"Please answer, or say 'unknown'. {accepted(question)}")
    if canonical(words) in UNKNOWN:
        return _unknown(question)
    try:
        outcome = _PARSERS[question.kind](question, words)
    except Exception:  # a parser bug must not reach the user as a traceback
        outcome = Reprompt(f"I could not read '{text.strip()}'. {accepted(question)}")
    if isinstance(outcome, Reprompt) and uncertain(words):
        return _unknown(question)
    return outcome


def _unknown(question: Question) -> Parsed:
    return Parsed({question.id: None}, "unknown")


def accepted(question: Question) -> str:
    kind = question.kind
    if kind is Kind.YES_NO:
        return "Answer yes, no or unknown."
    if kind is Kind.CHOICE:
        return _choice_help(question)
    if kind is Kind.REGIONS:
        return "Answer with one or more of cervical, thoracic, lumbar, sacral (or C, T, L, S)."
    if kind is Kind.COUNT:
        return f"Answer with a whole number ({question.minimum} or more), or unknown."
    if kind is Kind.MONTHS:
        return "Answer with a number of months (e.g. 6, or 0.5), or unknown."
    if kind is Kind.LEVEL:
        return "Answer with one vertebra, e.g. T11, C7, L5 or S1, or unknown."
    if kind is Kind.KARNOFSKY:
        return ("Answer with Karnofsky 10-100 in tens, a description (e.g. 'cares for self'), "
                "'ECOG 2', or unknown.")
    return "Answer with ECOG 0-4 or a description, or unknown."


def _choice_help(question: Question) -> str:
    choices = question.choices
    if question.choose_by is ChoiceBy.POSITION:
        listed = "; ".join(f"{i} {c.label}" for i, c in enumerate(choices, start=1))
        return f"Answer with a number or a name: {listed}, or unknown."
    if question.choose_by is ChoiceBy.VALUE:
        listed = "; ".join(f"{c.value} ({c.label})" for c in choices)
        return f"Answer with one of {listed}, or unknown."
    listed = "; ".join(c.label for c in choices)
    return f"Answer with a name: {listed}, or unknown."


def _yes_no(question: Question, words: str) -> Outcome:
    key = canonical(words)
    if key in YES:
        return Parsed({question.id: True}, "yes")
    if key in NO:
        return Parsed({question.id: False}, "no")
    first = key.split(" ")[0]
    if first in YES or first in NO:
        return Reprompt(f"'{words}' says more than yes or no. Please answer yes, no or "
                        "unknown on its own.")
    return Reprompt(f"I did not understand '{words}'. {accepted(question)}")


def _key(text: str) -> str:
    return " ".join(re.sub(r"[_\-,;]", " ", text.lower()).split())


def _exact_choice(choices: tuple[Choice, ...], words: str) -> Choice | None:
    key = _key(words)
    synonym = [c for c in choices if c.value == CHOICE_SYNONYMS.get(key)]
    if synonym:
        return synonym[0]
    for c in choices:
        if key in (_key(c.value), _key(c.label)):
            return c
    return None


def match_choice(choices: tuple[Choice, ...], words: str) -> Choice | list[Choice] | None:
    """The choice meant by a number, identifier, label or unambiguous prefix or part (the
    teaching checkpoints, whose choices are words). Questions use the stricter `_choice`.

    Returns a list when several choices fit (to ask which), None when none does.
    """
    if words.isdigit() and 1 <= int(words) <= len(choices):
        exact = [c for c in choices if c.value == words]
        return exact[0] if exact else choices[int(words) - 1]
    found = _exact_choice(choices, words)
    if found is not None:
        return found
    key = _key(words)
    starts = [c for c in choices if _key(c.value).startswith(key) or _key(c.label).startswith(key)]
    if len(starts) == 1:
        return starts[0]
    contains = starts or [c for c in choices if key in _key(c.label)]
    if len(contains) == 1:
        return contains[0]
    return contains or None


def _values_text(choices: tuple[Choice, ...]) -> str:
    values = [c.value for c in choices]
    return ", ".join(values[:-1]) + " and " + values[-1]


def _choice(question: Question, words: str) -> Outcome:
    choices = question.choices
    text = words
    if question.choose_by is ChoiceBy.VALUE:
        # "grade 1b", "ESCC 1 b", "Frankel D": the scale's name and spaces are not the value.
        text = re.sub(r"^(?:(?:bilsky|escc|frankel|grade)\s*)+", "", words).strip() or words
        compact = text.replace(" ", "")
        by_value = [c for c in choices if c.value.lower() == compact]
        if by_value:
            return Parsed({question.id: by_value[0].value}, by_value[0].label)
    found = _exact_choice(choices, text)
    if found is not None:
        return Parsed({question.id: found.value}, found.label)
    if question.choose_by is ChoiceBy.POSITION and re.fullmatch(r"[1-9]\d{0,2}", text):
        if int(text) <= len(choices):
            found = choices[int(text) - 1]
            return Parsed({question.id: found.value}, found.label)
        return Reprompt(f"There is no choice {text}. {accepted(question)}")
    if re.search(r"\d", text):
        return _number_reprompt(question, text)
    key = _key(text)
    starts = [c for c in choices if " " not in key and len(key) >= MIN_PREFIX
              and (_key(c.value).startswith(key) or _key(c.label).startswith(key))]
    if len(starts) == 1:
        return Parsed({question.id: starts[0].value}, starts[0].label)
    if starts:
        names = " or ".join(f"'{c.label}'" for c in starts)
        return Reprompt(f"'{words}' could be {names}. Which one?")
    return Reprompt(f"I did not understand '{words}'. {accepted(question)}")


def _number_reprompt(question: Question, text: str) -> Reprompt:
    if question.choose_by is ChoiceBy.VALUE:
        near = [c.value for c in question.choices if c.value.startswith(text.replace(" ", ""))]
        if len(near) > 1:
            return Reprompt(f"'{text}' alone is not a valid {question.short}: there are "
                            f"{', '.join(near[:-1])} and {near[-1]}. {accepted(question)}")
        return Reprompt(f"There is no {question.short} '{text}': the values are "
                        f"{_values_text(question.choices)}. {accepted(question)}")
    if question.choose_by is ChoiceBy.POSITION:
        return Reprompt(f"There is no choice '{text}'. {accepted(question)}")
    return Reprompt(f"Please answer with a name, not a number: here a number could be misread "
                    f"(as a count, a percentage or a number of sides). {accepted(question)}")


def _regions(question: Question, words: str) -> Outcome:
    if canonical(words) in ("none", "no", "nowhere"):
        return Parsed({question.id: []}, "none")
    parts = [p.strip() for p in re.split(r",|;|/|\+|&|\band\b", words) if p.strip()]
    regions: list[str] = []
    for part in parts:
        found = REGION_WORDS.get(part)
        if found is None:
            tokens = part.split()
            if all(t in REGION_WORDS for t in tokens):
                found = tuple(r for t in tokens for r in REGION_WORDS[t])
        if found is None:
            return Reprompt(f"I did not recognise '{part}'. {accepted(question)}")
        regions += [r for r in found if r not in regions]
    return Parsed({question.id: regions}, ", ".join(regions))


def _count(question: Question, words: str) -> Outcome:
    units = "|".join(COUNT_UNITS)
    match = re.fullmatch(rf"(\d{{1,6}}|[a-z]+)(?:\s+(?:{units}))?", words)
    value = None
    if match is not None:
        number = match.group(1)
        value = int(number) if number.isdigit() else NUMBER_WORDS.get(number)
    if value is None or value < question.minimum:
        return Reprompt(f"I did not understand '{words}'. {accepted(question)}")
    return Parsed({question.id: value}, str(value))


def _months(question: Question, words: str) -> Outcome:
    match = re.fullmatch(r"(\d{1,6}(?:\.\d{1,6})?)\s*(months?|mo|m|years?|yrs?|y)?", words)
    if match is None:
        if re.search(r"\bweeks?\b|\bdays?\b", words):
            return Reprompt("Please give the survival in months (e.g. 1 for about a month).")
        return Reprompt(f"I did not understand '{words}'. {accepted(question)}")
    value = float(match.group(1))
    if (match.group(2) or "").startswith("y"):
        value *= 12
    shown = f"{value:g} months"
    return Parsed({question.id: value}, shown)


def _level(question: Question, words: str) -> Outcome:
    text = re.sub(r"\b(vertebra|vertebral|body|level|the)\b", "", words).strip()
    if re.search(r"[/-]\s*[ctls]\s*\d", text):
        return Reprompt("Please give one vertebra (the worst level), e.g. L5 or S1, not a disc.")
    match = re.fullmatch(r"([ctls])\s*-?\s*(\d{1,2})", text)
    if match is None:
        return Reprompt(f"I did not understand '{words}'. {accepted(question)}")
    level = f"{match.group(1).upper()}{int(match.group(2))}"
    if level not in ALL_LEVELS:
        return Reprompt(f"There is no {level}. {accepted(question)}")
    return Parsed({question.id: level}, level)


def _scale_match(scale: tuple[tuple[int, str], ...], words: str) -> int | None:
    """The scale value whose whole description, or one comma-separated part of it, is the
    answer; None when no description fits, or when the answer's words also occur in
    another description ('disabled' is 40, but also part of 'severely disabled')."""
    key = canonical(words)
    hits = [value for value, description in scale
            if key == canonical(description)
            or key in (part.strip() for part in description.split(","))]
    if len(hits) != 1:
        return None
    pattern = re.compile(rf"(?<![\w-]){re.escape(key)}(?![\w-])")
    others = [value for value, description in scale
              if value != hits[0] and pattern.search(description)]
    return None if others else hits[0]


def _ecog_value(words: str) -> int | None:
    match = re.fullmatch(r"(?:ecog|ps|who)\s*(?:ps)?\s*([0-4])", words)
    return int(match.group(1)) if match else None


def _karnofsky(question: Question, words: str) -> Outcome:
    ecog = _ecog_value(words)
    if ecog is not None:
        return Parsed({question.id: None, "general.ecog": ecog}, f"ECOG {ecog}")
    match = re.fullmatch(r"(?:karnofsky|kps|k)?\s*(\d{1,3})\s*%?", words)
    if match is not None:
        value = int(match.group(1))
        # 0 is not offered, but it is a valid value (a case file may record it).
        if value <= 100 and value % 10 == 0:
            return Parsed({question.id: value}, f"Karnofsky {value}")
        return Reprompt(f"Karnofsky goes in tens from 10 to 100; got {value}. "
                        "Pick the nearest description.")
    described = _scale_match(KARNOFSKY_SCALE, words)
    if described is not None:
        return Parsed({question.id: described}, f"Karnofsky {described}")
    return Reprompt(f"I did not understand '{words}'. {accepted(question)}")


def _ecog(question: Question, words: str) -> Outcome:
    value = _ecog_value(words)
    if value is None and re.fullmatch(r"[0-4]", words):
        value = int(words)
    if value is None:
        value = _scale_match(ECOG_SCALE, words)
    if value is None:
        return Reprompt(f"I did not understand '{words}'. {accepted(question)}")
    return Parsed({question.id: value}, f"ECOG {value}")


_PARSERS = {
    Kind.YES_NO: _yes_no,
    Kind.CHOICE: _choice,
    Kind.REGIONS: _regions,
    Kind.COUNT: _count,
    Kind.MONTHS: _months,
    Kind.LEVEL: _level,
    Kind.KARNOFSKY: _karnofsky,
    Kind.ECOG: _ecog,
}
