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
  labels (ESCC 1a, Frankel D, Karnofsky 70, ECOG 2) a number is the value or nothing;
- a typo in a word answer (a choice, a region name) is read as the one value it is clearly
  closest to ("prostrate": prostate), and `Parsed.read_as` says so; when two values are
  close, or the answer is near a phrasing of uncertainty, it is a re-prompt asking which
  (`dialogs.fuzzy`). Numbers, levels and grades are never corrected. At a yes/no question a
  typo of yes or no ("yess", "noo") is never recorded: the re-prompt asks "Did you mean
  'yes'?";
- numeric answers may be in words or approximate ("about seventy", "~70", "70ish", "KPS 70":
  `dialogs.numbers`); a range ("70-80") is asked again; the allowed values (Karnofsky in
  tens from 0 to 100, the vertebral count) come from the case model in `knowledge.case`;
- "yes" to the cancer question ("Does the patient have cancer?") is known, "no" is none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from pydantic import BaseModel, ValidationError

from dialogs import fuzzy, numbers
from dialogs.fuzzy import Candidate, Correction, Suggestion
from dialogs.opening import OPENING_ID
from dialogs.questions import ECOG_SCALE, KARNOFSKY_SCALE, Choice, ChoiceBy, Kind, Question
from knowledge.case import Disease, General
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
REGION_NOISE = re.compile(r"\s+(?:spine|spinal|region|area)$")  # "lumbar spine" is lumbar
# Region names also matched (for typos) with " spine": "lumbar spin" is lumbar.
REGION_SPINES = ("cervical", "thoracic", "dorsal", "lumbar", "sacral", "thoracolumbar",
                 "cervicothoracic", "lumbosacral")
# A yes or no to a choice question that asks "Does the patient have ...?": the choice meant.
YES_NO_CHOICES = {OPENING_ID: ("known", "none")}
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
COUNT_UNITS = ("metastases", "metastasis", "mets", "met", "levels", "level", "vertebrae",
               "vertebra", "bones", "bone", "lesions", "lesion")
CLOSEST = 5  # a refused answer to a long list of choices names this many of the closest
LONG_LIST = 8  # ... when the list has more choices than this


def _marker_pattern(marker: str) -> str:
    before = r"(?<![\w'])" if marker[0].isalnum() else ""
    after = r"(?![\w'])" if marker[-1].isalnum() else ""
    return before + re.escape(marker) + after


_UNCERTAIN_RE = re.compile("|".join(_marker_pattern(m) for m in
                                    sorted(set(UNCERTAIN), key=len, reverse=True)))
# Phrasings of uncertainty: an answer as close to one of them as to a value is not corrected.
UNCERTAIN_CANDIDATES = tuple(Candidate(p, None, "unknown") for p in sorted(set(UNCERTAIN))
                             if fuzzy.usable(p))
# Yes and no phrasings, only ever suggested ("Did you mean 'yes'?") at a yes/no question.
YES_NO_CANDIDATES = (tuple(Candidate(p, True, "yes") for p in sorted(YES))
                     + tuple(Candidate(p, False, "no") for p in sorted(NO)))


@dataclass(frozen=True)
class Parsed:
    values: dict[str, object]
    shown: str  # the answer as understood, for the transcript
    # Set when the text was not read literally: a typo corrected ("prostrate"), a number in
    # words or approximate ("about seventy"), "yes" to the cancer question. The label of
    # what is recorded, for "Read as: prostate" in the transcript; None when read as typed.
    read_as: str | None = None


@dataclass(frozen=True)
class Reprompt:
    message: str


Outcome = Parsed | Reprompt


# The text helpers below are pure functions of a string, asked again and again of the same
# few answers and choice labels: each keeps its recent results.
TEXT_CACHE = 4096
_END_MARKS_RE = re.compile(r"[.!]+$")
_COMMAS_RE = re.compile(r"[,;]")
# A list mark or dash set apart around an answer ("- unknown", "• yes") is not part of it;
# a sign joined to a number ("-1") is.
_MARKS_RE = re.compile(r"^[-–—*•]+\s+|\s+[-–—*•]+$")


@lru_cache(maxsize=TEXT_CACHE)
def normalise(text: str) -> str:
    text = text.strip().lower().replace("’", "'")
    text = _END_MARKS_RE.sub("", text)
    return " ".join(text.split())


@lru_cache(maxsize=TEXT_CACHE)
def canonical(words: str) -> str:
    """A normalised answer with commas and semicolons read as spaces ("no, none"), and without
    a list mark or dash set apart at either end."""
    return " ".join(_MARKS_RE.sub("", _COMMAS_RE.sub(" ", words).strip()).split())


@lru_cache(maxsize=TEXT_CACHE)
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
    if isinstance(outcome, Reprompt) and question.answered_by:
        outcome = _answered_by(question, text, outcome)
    # A hedge is never a value: neither when the answer is not accepted as a whole nor when
    # it was read other than literally (a typo corrected, an approximate number).
    if (isinstance(outcome, Reprompt) or outcome.read_as is not None) and uncertain(words):
        return _unknown(question)
    return outcome


def _answered_by(question: Question, text: str, refused: Reprompt) -> Outcome:
    """An answer to the question that follows (a modality, a level) answers this one as yes
    and that one too; otherwise the re-prompt stands."""
    from dialogs.questions import BY_ID

    later = BY_ID[question.answered_by or ""]
    outcome = parse(later, text)
    if isinstance(outcome, Reprompt) and any(ch.isdigit() for ch in text):
        # "T13", "L5/S1": the later question says what is wrong with it
        return Reprompt(f"{refused.message} Or the {later.short}: {outcome.message}")
    if not isinstance(outcome, Parsed) or outcome.values.get(later.id) is None:
        return refused
    return Parsed({question.id: True, **outcome.values}, f"yes - {outcome.shown}",
                  read_as=f"yes; {later.short}: {outcome.shown}")


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
    if kind is Kind.GROUP:
        from dialogs.questions import BY_ID

        items = "; ".join(f"{BY_ID[i].short}: " + " / ".join(c.label for c in BY_ID[i].choices)
                          for i in question.items)
        return f"Give them in order ({items}), 'unknown' for one, or 'one by one'."
    if kind is Kind.CHECKLIST:
        items = "; ".join(f"{i} {c.label}" for i, c in enumerate(question.choices, start=1))
        return (f"List those present by number or name ({items}); 'no X' for one absent; end "
                "with 'none of the others' or 'others unknown'; or 'none', 'one by one'.")
    if kind is Kind.KARNOFSKY:
        values = [v for v, _ in KARNOFSKY_SCALE]
        return (f"Answer with Karnofsky {min(values)}-{max(values)} in tens, a description "
                "(e.g. 'cares for self'), 'ECOG 2', or unknown.")
    grades = [v for v, _ in ECOG_SCALE]
    return f"Answer with ECOG {min(grades)}-{max(grades)} or a description, or unknown."


def _choice_help(question: Question) -> str:
    choices = question.choices
    if len(choices) > LONG_LIST:  # the question shows the list; a re-prompt does not repeat it
        if question.choose_by is ChoiceBy.POSITION:
            return f"Answer with a number (1-{len(choices)}) or a name from the list, or unknown."
        return "Answer with a name from the list, or unknown."
    if question.choose_by is ChoiceBy.POSITION:
        listed = "; ".join(f"{i} {c.label}" for i, c in enumerate(choices, start=1))
        return f"Answer with a number or a name: {listed}, or unknown."
    if question.choose_by is ChoiceBy.VALUE:
        listed = "; ".join(f"{c.value} ({c.label})" for c in choices)
        return f"Answer with one of {listed}, or unknown."
    listed = "; ".join(c.label for c in choices)
    return f"Answer with a name: {listed}, or unknown."


# A "no" to a question asked of a seated examination says how it was examined (issue 12:
# no "was that checked sitting up?" after a question that said SITTING UP). Whole answers
# only; the value is the seated answer recorded with the no (None: how is not recorded).
SEATED_NO: dict[str, dict[str, bool | None]] = {
    "pain.mechanical": {
        **dict.fromkeys(("no sitting up", "no seated", "no when sitting up",
                         "not mechanical sitting up"), True),
        **dict.fromkeys(("no lying down", "no lying flat", "no supine", "no only lying down",
                         "no examined lying down", "no checked lying down"), False),
        **dict.fromkeys(("no position unrecorded", "no examined in an unrecorded position"),
                        None),
    },
}
SEATED_FIELD = "pain.mechanical_assessed_seated"


def _yes_no(question: Question, words: str) -> Outcome:
    key = canonical(words)
    qualified = SEATED_NO.get(question.id, {})
    if key in qualified or (qualified and key in NO):  # every plain "no" said sitting up
        seated = qualified.get(key, True)
        values: dict[str, object] = {question.id: False}
        if seated is not None:
            values[SEATED_FIELD] = seated
        how = {True: "sitting up", False: "lying down", None: "position not recorded"}[seated]
        return Parsed(values, f"no ({how})")
    if key in YES:
        return Parsed({question.id: True}, "yes")
    if key in NO:
        return Parsed({question.id: False}, "no")
    first = key.split(" ")[0]
    if first in YES or first in NO:
        return Reprompt(f"'{words}' says more than yes or no. Please answer yes, no or "
                        "unknown on its own.")
    # A typo of yes or no is asked about, never recorded (what is typed is what is recorded).
    near = fuzzy.correct(key, YES_NO_CANDIDATES, UNCERTAIN_CANDIDATES)
    if near is not None:
        return Reprompt(f"I did not understand '{words}'. {fuzzy.describe(_suggestion(near))} "
                        f"{accepted(question)}")
    return Reprompt(f"I did not understand '{words}'. {accepted(question)}")


def _suggestion(near: Correction | Suggestion) -> Suggestion:
    return near if isinstance(near, Suggestion) else Suggestion((near.candidate.label,))


_KEY_SEPARATORS_RE = re.compile(r"[_\-,;]")


@lru_cache(maxsize=TEXT_CACHE)
def _key(text: str) -> str:
    return " ".join(_KEY_SEPARATORS_RE.sub(" ", text.lower()).split())


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


def _yes_no_choice(question: Question, words: str) -> Parsed | None:
    """'yes' or 'no' (a whole phrasing of the tables) to 'Does the patient have cancer?'."""
    meant = YES_NO_CHOICES.get(question.id)
    key = canonical(words)
    if meant is None or (key not in YES and key not in NO):
        return None
    value = meant[0] if key in YES else meant[1]
    [choice] = [c for c in question.choices if c.value == value]
    read_as = None if key in (_key(choice.value), _key(choice.label)) else choice.label
    return Parsed({question.id: choice.value}, choice.label, read_as=read_as)


def choice_candidates(question: Question) -> tuple[Candidate, ...]:
    """The phrasings a typo in an answer to a word-choice question may be corrected to:
    values, labels, synonyms and (for the cancer question) yes and no phrasings; "none" and
    the no phrasings only as suggestions. None for questions whose values are grades or
    numbers (`ChoiceBy.VALUE`)."""
    if question.choose_by is ChoiceBy.VALUE:
        return ()
    by_value = {c.value: c for c in question.choices}
    phrasings: list[tuple[str, Choice]] = []
    for choice in question.choices:
        phrasings += [(_key(choice.value), choice), (_key(choice.label), choice)]
    phrasings += [(synonym, by_value[value]) for synonym, value in CHOICE_SYNONYMS.items()
                  if value in by_value]
    if question.id in YES_NO_CHOICES:
        yes, no = YES_NO_CHOICES[question.id]
        phrasings += [(_key(p), by_value[yes]) for p in sorted(YES)]
        phrasings += [(_key(p), by_value[no]) for p in sorted(NO)]
    found: dict[str, Candidate] = {}
    for text, choice in phrasings:
        if fuzzy.usable(text) and text not in found:
            # An absence ("none", a no phrasing) is only ever suggested, never corrected to.
            absence = choice.value in NO or text in NO
            found[text] = Candidate(text, choice.value, choice.label, correctable=not absence)
    return tuple(found.values())


def _choice(question: Question, words: str) -> Outcome:
    choices = question.choices
    yes_no = _yes_no_choice(question, words)
    if yes_no is not None:
        return yes_no
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
    candidates = choice_candidates(question)
    near = fuzzy.correct(key, candidates, UNCERTAIN_CANDIDATES) if candidates else None
    if isinstance(near, Correction):
        label = near.candidate.label
        return Parsed({question.id: near.candidate.value}, label, read_as=label)
    if isinstance(near, Suggestion):
        return Reprompt(f"I did not understand '{words}'. {fuzzy.describe(near)} "
                        f"{accepted(question)}")
    if candidates and len(choices) > LONG_LIST:
        return Reprompt(f"I did not understand '{words}'. The closest: "
                        f"{_closest_text(question, key, candidates)}. {accepted(question)}")
    return Reprompt(f"I did not understand '{words}'. {accepted(question)}")


def _closest_text(question: Question, key: str, candidates: tuple[Candidate, ...]) -> str:
    """The `CLOSEST` choices nearest to a refused answer, as the list shows them."""
    positions = {c.value: i for i, c in enumerate(question.choices, start=1)}
    nearest = fuzzy.closest(key, candidates, CLOSEST)
    if question.choose_by is ChoiceBy.POSITION:
        return "; ".join(f"{positions[str(c.value)]} {c.label}" for c in nearest)
    return "; ".join(c.label for c in nearest)


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


def _region_candidates() -> tuple[Candidate, ...]:
    found: list[Candidate] = []
    for word, regions in REGION_WORDS.items():
        label = ", ".join(regions)
        if fuzzy.usable(word):
            found.append(Candidate(word, regions, label))
        if word in REGION_SPINES:
            found.append(Candidate(f"{word} spine", regions, label))
    return tuple(found)


REGION_CANDIDATES = _region_candidates()


def _region_words(part: str) -> tuple[str, ...] | None:
    """The regions a part of the answer names exactly ("lumbar spine", "T L"), or None."""
    found = REGION_WORDS.get(part)
    tokens = part.split()
    if found is None and tokens and all(t in REGION_WORDS for t in tokens):
        found = tuple(r for t in tokens for r in REGION_WORDS[t])
    return found


def _regions_of(candidate: Candidate) -> tuple[str, ...]:
    value = candidate.value
    assert isinstance(value, tuple)
    return tuple(str(region) for region in value)


def _region_typo(part: str) -> tuple[str, ...] | Suggestion | None:
    """The regions a part with a typo names ("thorasic", "lumbar spin"), a Suggestion, or
    None: the whole part first, then word by word (each word exact or clearly one region)."""
    near = fuzzy.correct(part, REGION_CANDIDATES, UNCERTAIN_CANDIDATES)
    if isinstance(near, Correction):
        return _regions_of(near.candidate)
    found: list[str] = []
    for token in part.split():
        exact = REGION_WORDS.get(token)
        if exact is not None:
            found += exact
            continue
        word = fuzzy.correct(token, REGION_CANDIDATES, UNCERTAIN_CANDIDATES)
        if not isinstance(word, Correction):
            return near
        found += _regions_of(word.candidate)
    return tuple(found) if found else near


def _regions(question: Question, words: str) -> Outcome:
    if canonical(words) in ("none", "no", "nowhere"):
        return Parsed({question.id: []}, "none")
    parts = [p.strip() for p in re.split(r",|;|/|\+|&|\band\b", words) if p.strip()]
    regions: list[str] = []
    corrected = False
    for part in parts:
        part = REGION_NOISE.sub("", " ".join(part.replace("-", " ").split()))
        found: tuple[str, ...] | Suggestion | None = _region_words(part)
        if found is None:
            found = _region_typo(part)
            corrected = True
        if not isinstance(found, tuple):
            hint = f"{fuzzy.describe(found)} " if found is not None else ""
            return Reprompt(f"I did not recognise '{part}'. {hint}{accepted(question)}")
        regions += [r for r in found if r not in regions]
    shown = ", ".join(regions)
    return Parsed({question.id: regions}, shown, read_as=shown if corrected else None)


ONE_BY_ONE = frozenset({"one by one", "each", "ask each", "separately", "one at a time",
                        "individually", "ask me each", "ask them"})
NONE_OF_THEM = frozenset({"none", "no", "nil", "none of them", "none of these", "neither",
                          "no to all", "all no"})
OTHERS_ABSENT = frozenset({"none of the others", "no others", "no other", "others no",
                           "the rest no", "rest no", "nothing else", "none else"})
OTHERS_UNKNOWN = frozenset({"others unknown", "the others unknown", "rest unknown",
                            "the rest unknown", "others not known", "not sure about the others",
                            "others not sure", "unknown for the others"})
_ABSENT = re.compile(r"^(?:no|not|nil|without)\s+(.+)$")


def _checklist(question: Question, words: str) -> Outcome:
    """Items present by number or name; 'no X' for one absent; then optionally 'none of the
    others' (the rest absent) or 'others unknown'. Items not mentioned are asked one by one.
    'none' (all absent) and 'one by one' are whole answers."""
    plain = canonical(words)
    if plain in ONE_BY_ONE:
        return Parsed({question.id: None}, "one by one")
    given: dict[str, bool | None] = {}
    rest: bool | str | None = "ask"
    if plain in NONE_OF_THEM:
        rest = False
    else:
        for part in (" ".join(p.split()) for p in re.split(r",|;|/|\+|&|\band\b", words)):
            if not part:
                continue
            if part in OTHERS_ABSENT or part in OTHERS_UNKNOWN:
                said = part in OTHERS_UNKNOWN and None
                if rest != "ask" and rest != said:
                    return Reprompt("The other items are given both as absent and as "
                                    f"unknown. {accepted(question)}")
                rest = said
                continue
            absent = _ABSENT.match(part)
            name = absent.group(1) if absent else part
            found = (question.choices[int(name) - 1] if name.isdigit()
                     and 1 <= int(name) <= len(question.choices)
                     else _exact_choice(question.choices, name))
            if found is None:
                return Reprompt(f"I did not recognise '{part}'. {accepted(question)}")
            if given.get(found.value, absent is None) != (absent is None):
                return Reprompt(f"'{found.label}' is given both as present and as absent. "
                                f"{accepted(question)}")
            given[found.value] = absent is None
    if rest != "ask":
        given.update({i: rest for i in question.items if i not in given})  # type: ignore[misc]
    values: dict[str, object] = {question.id: [i for i, v in given.items() if v]}
    values.update(given)
    labels = {c.value: c.label for c in question.choices}
    shown = "; ".join(f"{labels[i]}: {'yes' if v else 'no' if v is False else 'unknown'}"
                      for i, v in given.items()) or "none"
    return Parsed(values, shown)


def _group(question: Question, words: str) -> Outcome:
    """Several choice questions in one line: all of them in order (each may be 'unknown'),
    or some of them by an answer only one of them has; each part is read by its own
    question's parser. Items not given are asked one by one."""
    from dialogs.questions import BY_ID

    if canonical(words) in ONE_BY_ONE:
        return Parsed({question.id: None}, "one by one")
    parts = [" ".join(p.split()) for p in re.split(r"[,;]", words) if p.strip()]
    items = [BY_ID[i] for i in question.items]
    given: dict[str, object] = {}
    read_as: list[str] = []
    if len(parts) == len(items):
        pairs = list(zip(items, parts, strict=True))
    else:
        pairs = []
        for part in parts:
            owners = [q for q in items if _exact_choice(q.choices, part) is not None]
            if len(owners) != 1:
                return Reprompt(f"'{part}' could be any of several items: give all "
                                f"{len(items)} in order, or say which (e.g. 'no collapse'). "
                                f"{accepted(question)}")
            pairs.append((owners[0], part))
    for item, part in pairs:
        outcome = parse(item, part)
        if isinstance(outcome, Reprompt):
            return Reprompt(f"{item.short}: {outcome.message}")
        given[item.id] = outcome.values[item.id]
        if outcome.read_as:
            read_as.append(f"{item.short} {outcome.read_as}")
    values: dict[str, object] = {question.id: list(given), **given}
    labels = {q.id: {c.value: c.label for c in q.choices} for q in items}
    shown = "; ".join(f"{BY_ID[i].short}: {labels[i].get(str(v), 'unknown')}"
                      for i, v in given.items())
    return Parsed(values, shown, read_as="; ".join(read_as) or None)


def _refusal(field: str, value: int) -> str | None:
    """Why the case model refuses `value` for `field`, or None. The allowed range and steps
    (Karnofsky 0-100 in tens, vertebral bodies up to the levels known) live in
    `knowledge.case`, not here."""
    section, _, name = field.partition(".")
    model = _SECTIONS.get(section)
    if model is None or name not in model.model_fields:
        return None
    try:
        model.model_validate({name: value})
    except ValidationError as err:
        return str(err.errors()[0]["msg"])
    return None


_SECTIONS: dict[str, type[BaseModel]] = {"general": General, "disease": Disease}


def _numeric(read: Callable[[Question, str], Outcome]) -> Callable[[Question, str], Outcome]:
    """A numeric question's parser, reading numbers in words and approximate numbers
    ("about seventy" is 70, said by `Parsed.read_as`); a range is asked again."""

    def parse_number(question: Question, words: str) -> Outcome:
        reading = numbers.read(words)
        if isinstance(reading, numbers.Range):
            return Reprompt(f"'{words}' is a range: please give one value (your best "
                            f"estimate), or unknown. {accepted(question)}")
        outcome = read(question, reading.text)
        if not reading.changed:
            return outcome
        if isinstance(outcome, Parsed):
            return replace(outcome, read_as=outcome.shown)
        return Reprompt(outcome.message.replace(f"'{reading.text}'", f"'{words}'"))

    return parse_number


def _count(question: Question, words: str) -> Outcome:
    units = "|".join(COUNT_UNITS)
    match = re.fullmatch(rf"(\d{{1,6}}|[a-z]+)(?:\s+(?:{units}))?", words)
    value = None
    if match is not None:
        number = match.group(1)
        value = int(number) if number.isdigit() else NUMBER_WORDS.get(number)
    if value is None or value < question.minimum:
        return Reprompt(f"I did not understand '{words}'. {accepted(question)}")
    refusal = _refusal(question.id, value)
    if refusal is not None:
        return Reprompt(f"{value} is not possible here ({refusal}). {accepted(question)}")
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
    match = re.fullmatch(r"(?:karnofsky|kps|k)?\s*(\d{1,3})\s*(?:%|percent|per cent)?", words)
    if match is not None:
        value = int(match.group(1))
        # 0 is not offered, but it is a valid value (a case file may record it).
        refusal = _refusal(question.id, value)
        if refusal is None:
            return Parsed({question.id: value}, f"Karnofsky {value}")
        return Reprompt(f"Karnofsky {value} is not a Karnofsky score ({refusal}). "
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
    Kind.COUNT: _numeric(_count),
    Kind.MONTHS: _numeric(_months),
    Kind.LEVEL: _level,
    Kind.KARNOFSKY: _numeric(_karnofsky),
    Kind.ECOG: _numeric(_ecog),
    Kind.CHECKLIST: _checklist,
    Kind.GROUP: _group,
}
