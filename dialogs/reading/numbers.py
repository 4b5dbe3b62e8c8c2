"""Numbers, levels, grades and scores: age and sex, Karnofsky, ECOG, ESCC/Bilsky, Frankel,
spinal levels, collapse percentages, expected survival, temperature, bladder residual
volume, and the level that radiotherapy was given to. Each is read with its unit or score
name and checked against the contract's range (CASE.md); out of range is reported, not
filled. Never typo-corrected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dialogs.reading.lexicon import compile_phrases, load_yaml
from dialogs.reading.tokens import TokenString
from knowledge.levels import ALL_LEVELS
from knowledge.vocab import EsccGrade

VALID_LEVELS = frozenset(ALL_LEVELS)
REGION_OF = {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}
ESCC_GRADES = tuple(grade.value for grade in EsccGrade)
_IS = r"(?:(?:of|:|=|is|was|now|today|at|grade|score) )*"


@dataclass
class Candidate:
    """A value read from tokens [first, last); `kind` tells the reader how to combine it."""

    field: str
    value: Any
    first: int
    last: int
    kind: str = "value"      # value | out_of_range | borderline | lesion_level | pain_level |
    #                          rt_level | explicit (an ESCC grade written as such)
    part: str = ""
    past_ok: bool = False
    secondary: bool = False
    assertion: str = ""      # set by the reader from the context (numbers: after reading)
    requires: tuple[str, ...] = ()
    anchor: tuple[int, int] | None = None  # the words it depends on ("T6" of "?metastasis")


@dataclass(frozen=True)
class _Words:
    lesion: re.Pattern[str]
    secondary: frozenset[str]
    not_lesion: re.Pattern[str]
    rt: re.Pattern[str]
    bound: re.Pattern[str]
    numbers: dict[str, int | None]
    sex: dict[str, str]


@cache
def _words() -> _Words:
    d = load_yaml(Path(__file__).with_name("numbers.yaml"))
    return _Words(
        lesion=compile_phrases([str(w) for w in d["lesion_words"]], {}),
        secondary=frozenset(str(w) for w in d["secondary_words"]),
        not_lesion=compile_phrases([str(w) for w in d["not_a_lesion_level"]], {}),
        rt=compile_phrases([str(w) for w in d["radiotherapy_words"]], {}),
        bound=compile_phrases([str(w) for w in d["bound_words"]], {}),
        numbers={str(k): v for k, v in d["number_words"].items()},
        sex={str(k): str(v) for k, v in d["sex_words"].items()},
    )


def _num(text: str) -> float:
    return float(text)


def _whole(value: float) -> int | float:
    return int(value) if value == int(value) else value


class _Reader:
    def __init__(self, ts: TokenString) -> None:
        self.ts = ts
        self.s = ts.string
        self.words = [t.text for t in ts.tokens]
        self.out: list[Candidate] = []
        self.w = _words()

    def rng(self, m: re.Match[str], group: int = 0) -> tuple[int, int]:
        return self.ts.token_range(m.start(group), m.end(group))

    def add(self, field: str, value: Any, m: re.Match[str], **kw: Any) -> None:
        first, last = self.rng(m)
        self.out.append(Candidate(field, value, first, last, **kw))

    def ranged(self, field: str, value: float, m: re.Match[str], ok: bool, **kw: Any) -> None:
        kind = "value" if ok else "out_of_range"
        self.add(field, _whole(value), m, kind=kind, **kw)

    def ends_with_bound(self, pos: int) -> bool:
        """Does a bound word ("more than", ">") end right before char offset pos?"""
        head = self.s[:pos]
        return any(m.end() == pos for m in self.w.bound.finditer(head))

    # ------------------------------------------------------------------ patterns

    def demographics(self) -> None:
        sex_alt = "|".join(sorted(self.w.sex, key=len, reverse=True))
        for m in re.finditer(r"(?<= )(\d{1,3}) (?:(?:years?|yrs?|y) (?:/ )?(?:old |o )|yo |y/o )"
                             r"(?:(?:[^\W\d_]+ ){0,2}?(" + sex_alt + r") )?", self.s):
            age = _num(m.group(1))
            self.ranged("patient.age", age, m, 16 <= age <= 110, past_ok=True)
            if m.group(2):
                self.add("patient.sex", self.w.sex[m.group(2)], m, past_ok=True)
        for m in re.finditer(r"(?<= )(?:aged|age) (\d{1,3}) ", self.s):
            age = _num(m.group(1))
            self.ranged("patient.age", age, m, 16 <= age <= 110, past_ok=True)
        for m in re.finditer(r"(?<= )(\d{1,3})([mf]) ", self.s):
            first, _ = self.rng(m)
            if first == 0 or self.words[first - 1] in (".", ";", ":", ",", "-", "("):
                age = _num(m.group(1))
                self.ranged("patient.age", age, m, 16 <= age <= 110, past_ok=True)
                self.add("patient.sex", "male" if m.group(2) == "m" else "female", m,
                         past_ok=True)
        for m in re.finditer(r"(?<= )(?:a|an|this) (?:[^ ,.;:]+ ){0,3}?(" + sex_alt + r") ",
                             self.s):
            self.add("patient.sex", self.w.sex[m.group(1)], m, past_ok=True)

    def scores(self) -> None:
        for m in re.finditer(r"(?<= )(?:kps|karnofsky(?: performance (?:status|score))?"
                             r"(?: score| ps)?) " + _IS + r"(\d+(?:\.\d+)?) (?:% )?", self.s):
            if self._range_follows(m.end()):
                continue
            v = _num(m.group(1))
            self.ranged("general.karnofsky", v, m, 0 <= v <= 100 and v % 10 == 0)
        ecog = (r"(?<= )(?:(?:ecog|who|zubrod)(?: ps| performance status)?|ps|performance status)"
                r" " + _IS + r"(\d+(?:\.\d+)?) ")
        for m in re.finditer(ecog, self.s):
            first, _ = self.rng(m)
            if first > 0 and self.words[first - 1] in ("karnofsky", "kps"):
                continue
            if self._range_follows(m.end()):
                continue
            v = _num(m.group(1))
            self.ranged("general.ecog", v, m, v in (0, 1, 2, 3, 4))
        for m in re.finditer(r"(?<= )(?:escc|bilsky)(?: scale| grade| score)? " + _IS
                             + r"(\d[a-z]?) ", self.s):
            grade = m.group(1)
            kind = "explicit" if grade in ESCC_GRADES else "out_of_range"
            other = re.match(r"(?:(?:/|-|to|or) )?(\d[a-z]?) ", self.s[m.end():])
            if kind == "explicit" and other is not None and other.group(1) in ESCC_GRADES:
                # "Bilsky 1b/1c", "ESCC 2-3", "1c-2": between two grades, not stated
                self.out.append(Candidate("imaging.escc", f"{grade}/{other.group(1)}",
                                          *self.ts.token_range(m.start(), m.end() + other.end()),
                                          kind="borderline"))
                continue
            self.add("imaging.escc", grade, m, kind=kind)
        for m in re.finditer(r"(?<= )frankel(?: grade| score| class)? " + _IS + r"([a-z]) ",
                             self.s):
            grade = m.group(1).upper()
            kind = "value" if grade in "ABCDE" else "out_of_range"
            if re.match(r"(?:/|-|to|or) [a-e] ", self.s[m.end():]):
                kind = "borderline"  # "Frankel C/D": between two grades
            self.add("neurology.frankel", grade, m, kind=kind)

    def _range_follows(self, pos: int) -> bool:
        return re.match(r"(?:- |/ |to |or )\d", self.s[pos:]) is not None

    def levels(self) -> None:
        for m in re.finditer(r"(?<= )([ctls])(\d{1,2}) ", self.s):
            first, last = self.rng(m)
            level = m.group(1).upper() + str(int(m.group(2)))
            after = self.s[m.end():]
            if re.match(r"(?:/ |- )(?:\d|[ctls]\d)|[ctls]\d", after) or re.search(
                    r"[ctls]\d{1,2} (?:/ |- )?$", self.s[:m.start()]):
                continue  # a disc, a junction or a range: L4/5, T12/L1, L5-S1: which level?
            pain = re.match(r"(?:back |spinal |spine )?(?:pain|ache) ", after)
            if pain is not None:
                if level in VALID_LEVELS:
                    end = m.end() + pain.end()
                    self.out.append(Candidate("pain.regions", [REGION_OF[level[0]]], first,
                                              self.ts.token_range(m.start(), end)[1],
                                              kind="pain_level", part=level))
                continue
            if self._preceded(first, self.w.not_lesion, 3):
                continue
            if self._preceded(first, self.w.rt, 5) and first > 0 and self.words[first - 1] in (
                    "to", "at", "the"):
                self.out.append(Candidate("disease.previous_radiotherapy_at_level", level,
                                          first, last, kind="rt_level", past_ok=True))
                continue
            near = self._lesion_near(first, last)
            if near is None:
                continue
            lo = min(first, near[0])
            secondary = any(self.words[i] in self.w.secondary
                            for i in range(max(0, lo - 3), lo + 1))
            kind = "lesion_level" if level in VALID_LEVELS else "out_of_range"
            self.out.append(Candidate("imaging.level", level, first, last, kind=kind,
                                      secondary=secondary, anchor=near))

    def _preceded(self, first: int, pattern: re.Pattern[str], within: int) -> bool:
        start = self.ts.starts[max(0, first - within)]
        end = self.ts.starts[first]
        return any(start <= m.start() and m.end() <= end
                   for m in pattern.finditer(self.s, max(0, start - 1), end))

    def _lesion_near(self, first: int, last: int) -> tuple[int, int] | None:
        lo = self.ts.starts[max(0, first - 5)]
        hi_tok = min(len(self.words), last + 5)
        hi = self.ts.starts[hi_tok] if hi_tok < len(self.words) else len(self.s)
        best: tuple[int, int] | None = None
        for m in self.w.lesion.finditer(self.s, max(0, lo - 1), hi):
            a, b = self.rng(m)
            between = range(min(b, first), max(a, last))
            if any(self.words[i] in (".", ";", ":", "!") for i in between):
                continue
            if best is None or abs(a - first) < abs(best[0] - first):
                best = (a, b)
        return best

    def collapse(self) -> None:
        from knowledge.scores.sins import COLLAPSE_PERCENT as cut  # SINS's collapse cut-off

        pat = (r"(?<= )(\d+(?:\.\d+)?) % (?:(?:vertebral|body|height|of) ){0,3}?"
               r"(?:collapse|loss of (?:vertebral )?(?:body )?height|height loss|wedging) ")
        pat2 = r"(?<= )(?:collapse|loss of height|height loss) (?:of |by )?(\d+(?:\.\d+)?) % "
        for p in (pat, pat2):
            for m in re.finditer(p, self.s):
                if self.ends_with_bound(m.start()):
                    continue
                v = _num(m.group(1))
                if v > 100:
                    self.add("imaging.collapse", _whole(v), m, kind="out_of_range")
                elif v == cut:
                    self.add("imaging.collapse", f"{cut}%", m, kind="borderline")
                else:
                    self.add("imaging.collapse", "lt50" if v < cut else "gt50", m)

    def survival(self) -> None:
        words = "|".join(sorted(self.w.numbers, key=len, reverse=True))
        n = r"(\d+(?:\.\d+)?|" + words + r") (months?|weeks?|years?|yrs?|mths?|wks?) "
        pats = (r"(?<= )(?:survival|prognosis|life expectancy|expected to live|expected to survive)"
                r" (?:(?:of|is|for|estimated|at|about|around|approximately|roughly|~) )*" + n,
                r"(?<= )(?:about |around |approximately |roughly |~ )?" + n
                + r"(?:of )?(?:survival|prognosis|life expectancy) ")
        for p in pats:
            for m in re.finditer(p, self.s):
                head = self.s[:m.start(1)]
                if any(b.end() == len(head) for b in self.w.bound.finditer(head)):
                    continue
                raw, unit = m.group(1), m.group(2)
                value = self.w.numbers.get(raw) if not raw[0].isdigit() else _num(raw)
                if value is None:
                    continue
                months = (value * 12 / 52 if unit.startswith("w")
                          else value * 12 if unit.startswith("y") else value)
                self.add("general.expected_survival_months", _whole(round(months, 2)), m)

    def temperature(self) -> None:
        pats = (r"(?<= )(?:temperature|temp|pyrexia) (?:(?:of|:|=|is|was|up to) )*"
                r"(\d{2}(?:\.\d)?)(?: ° c| °| c|c)? ",
                r"(?<= )(\d{2}(?:\.\d)?)(?: ° c| ° | c |c )")
        seen: set[int] = set()
        for p in pats:
            for m in re.finditer(p, self.s):
                first, _ = self.rng(m)
                v = _num(m.group(1))
                if first in seen or not 34 <= v <= 43:
                    continue
                seen.add(first)
                if v >= 38:
                    self.add("general.fever", True, m)
                elif v < 37.5:
                    self.add("general.fever", False, m)

    def residual(self) -> None:
        for m in re.finditer(r"(?<= )(?:pvr|post void residual|residual(?: volume)?)"
                             r" (?:(?:of|:|=|is|was) )*(\d+) ml ", self.s):
            if _num(m.group(1)) >= 200:
                self.add("neurology.bladder_bowel_dysfunction", True, m, part="bladder")


def read_numbers(ts: TokenString) -> list[Candidate]:
    """Every number, level and grade candidate of a text."""
    r = _Reader(ts)
    r.demographics()
    r.scores()
    r.levels()
    r.collapse()
    r.survival()
    r.temperature()
    r.residual()
    return r.out
