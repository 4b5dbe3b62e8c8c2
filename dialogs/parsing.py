"""Parsing typed answers: a pure function from text to `Parsed` or `Reprompt`; never raises.

`Parsed.values` maps question ids to values (one answer can fill two questions: "ECOG 2"
answers the Karnofsky question with unknown and the ECOG question with 2). None is an
explicit unknown ("not sure", "skip").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dialogs.questions import ECOG_SCALE, KARNOFSKY_SCALE, Choice, Kind, Question
from knowledge.levels import ALL_LEVELS

UNKNOWN = frozenset({
    "unknown", "not sure", "unsure", "don't know", "dont know", "do not know", "dunno", "?",
    "skip", "not known", "nk", "n/k", "pass", "no idea", "unclear", "not assessed",
    "not examined", "cannot say", "can't say",
})
YES = frozenset({"y", "yes", "yeah", "yep", "yup", "ya", "true", "present", "positive",
                 "correct", "affirmative", "yes please", "definitely"})
NO = frozenset({"n", "no", "nope", "nah", "false", "absent", "negative", "not really",
                "no none"})
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
    "seminoma": "germ_cell", "testicular": "germ_cell",
    "plain film": "xray", "x ray": "xray", "pet": "pet_ct",
}
NUMBER_WORDS = {"none": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "many": None}


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


def parse(question: Question, text: str) -> Outcome:
    """Parse an answer to `question`. Junk gives a Reprompt saying what is accepted."""
    words = normalise(text)
    if not words:
        return Reprompt(f"Please answer, or say 'unknown'. {accepted(question)}")
    if words in UNKNOWN:
        return _unknown(question)
    try:
        return _PARSERS[question.kind](question, words)
    except Exception:  # a parser bug must not reach the user as a traceback
        return Reprompt(f"I could not read '{text.strip()}'. {accepted(question)}")


def _unknown(question: Question) -> Parsed:
    return Parsed({question.id: None}, "unknown")


def accepted(question: Question) -> str:
    kind = question.kind
    if kind is Kind.YES_NO:
        return "Answer yes, no or unknown."
    if kind is Kind.CHOICE:
        return "Answer with a number or a name: " + _choice_list(question.choices) + \
            ", or unknown."
    if kind is Kind.REGIONS:
        return "Answer with one or more of cervical, thoracic, lumbar, sacral (or C, T, L, S)."
    if kind is Kind.COUNT:
        return f"Answer with a whole number ({question.minimum} or more), or unknown."
    if kind is Kind.MONTHS:
        return "Answer with a number of months (e.g. 6, or 0.5), or unknown."
    if kind is Kind.LEVEL:
        return "Answer with one vertebra, e.g. T11, C7, L5 or S1, or unknown."
    if kind is Kind.KARNOFSKY:
        return ("Answer with Karnofsky 0-100 in tens, a description (e.g. 'cares for self'), "
                "'ECOG 2', or unknown.")
    return "Answer with ECOG 0-4 or a description, or unknown."


def _choice_list(choices: tuple[Choice, ...]) -> str:
    return "; ".join(f"{i} {c.label}" for i, c in enumerate(choices, start=1))


def _yes_no(question: Question, words: str) -> Outcome:
    first = re.split(r"[,;]", words)[0].strip()
    for candidate in (words, first, first.split(" ")[0]):
        if candidate in YES:
            return Parsed({question.id: True}, "yes")
        if candidate in NO:
            return Parsed({question.id: False}, "no")
        if candidate in UNKNOWN:
            return _unknown(question)
    return Reprompt(f"I did not understand '{words}'. {accepted(question)}")


def _key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def match_choice(choices: tuple[Choice, ...], words: str) -> Choice | list[Choice] | None:
    """The choice meant by a number, identifier, label or unambiguous prefix.

    Returns a list when several choices fit (to ask which), None when none does.
    """
    if words.isdigit() and 1 <= int(words) <= len(choices):
        # An identifier that is itself a number (ESCC "2") wins over a position.
        exact = [c for c in choices if c.value == words]
        return exact[0] if exact else choices[int(words) - 1]
    key = _key(words)
    synonym = [c for c in choices if c.value == CHOICE_SYNONYMS.get(key)]
    if synonym:
        return synonym[0]
    for c in choices:
        if key in (_key(c.value), _key(c.label)):
            return c
    starts = [c for c in choices if _key(c.value).startswith(key) or _key(c.label).startswith(key)]
    if len(starts) == 1:
        return starts[0]
    contains = starts or [c for c in choices if key in _key(c.label)]
    if len(contains) == 1:
        return contains[0]
    return contains or None


def _choice(question: Question, words: str) -> Outcome:
    found = match_choice(question.choices, words.replace(" ", "") if question.id ==
                         "imaging.escc" else words)
    if isinstance(found, Choice):
        return Parsed({question.id: found.value}, found.label)
    if isinstance(found, list):
        names = " or ".join(f"'{c.label}'" for c in found)
        return Reprompt(f"'{words}' could be {names}. Which one?")
    return Reprompt(f"I did not understand '{words}'. {accepted(question)}")


def _regions(question: Question, words: str) -> Outcome:
    if words in ("none", "no", "nowhere"):
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


def _number(words: str) -> float | None:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([a-z ]*)", words)
    if match is None:
        word = NUMBER_WORDS.get(words, -1)
        return None if word is None or word == -1 else float(word)
    return float(match.group(1))


def _count(question: Question, words: str) -> Outcome:
    value = _number(words.removesuffix(" metastases").removesuffix(" levels"))
    if value is None or not value.is_integer() or value < question.minimum:
        return Reprompt(f"I did not understand '{words}'. {accepted(question)}")
    return Parsed({question.id: int(value)}, str(int(value)))


def _months(question: Question, words: str) -> Outcome:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(months?|mo|m|years?|yrs?|y)?", words)
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
    hits = [value for value, description in scale if words in description]
    return hits[0] if len(hits) == 1 else None


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
        if value <= 100 and value % 10 == 0:
            return Parsed({question.id: value}, f"Karnofsky {value}")
        return Reprompt(f"Karnofsky goes in tens from 0 to 100; got {value}. "
                        "Pick the nearest description.")
    described = _scale_match(KARNOFSKY_SCALE, words)
    if described is not None:
        return Parsed({question.id: described}, f"Karnofsky {described}")
    return Reprompt(f"I did not understand '{words}'. {accepted(question)}")


def _ecog(question: Question, words: str) -> Outcome:
    value = _ecog_value(words)
    if value is None and words.isdigit() and int(words) <= 4:
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
