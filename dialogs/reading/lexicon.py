"""The reading lexicon: concepts, context triggers and qualifiers, loaded from YAML and
compiled to regular expressions over the token string (tokens.TokenString).

Pattern language (concepts.yaml): words; `a|b` alternatives; `word*` prefix; `(a|b)`
optional; `[a b|c d]` alternatives of several words; `{set}` a phrase of a set; `...` up
to 4 words without punctuation; `<level>` a spinal level token; `<num>` a number. Literal
words are tokenised like the text: "non-tender" matches "non tender" and "non-tender".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from dialogs.reading.tokens import tokenise

_HERE = Path(__file__).resolve().parent
ASSERTION_KEYS = ("affirmed", "negated", "historical", "possible")
_GAP = r"(?:[^\W_][^ ]* ){0,4}?"


class LexiconError(ValueError):
    """A lexicon file that cannot be used (named with the entry)."""


@dataclass(frozen=True)
class Concept:
    id: str
    pattern: re.Pattern[str]
    phrases: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]   # one per phrase: each finds its longest match
    anchors: tuple[frozenset[str] | None, ...]  # per phrase: one of these words must be in
    #                                             the text (None: no such word)
    fills: dict[str, dict[str, Any]]   # assertion or qualifier class -> {field: value}
    examined: bool = False
    part: str = ""
    tags: frozenset[str] = frozenset()
    requires: tuple[str, ...] = ()
    past_ok: bool = False
    no_field: bool = False
    examples: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Triggers:
    patterns: dict[str, re.Pattern[str]]     # kind -> compiled alternation
    phrases: dict[str, tuple[str, ...]]
    reporting_verbs: re.Pattern[str]
    clause_ends: frozenset[str]
    clause_end_pattern: re.Pattern[str]
    clause_verbs: frozenset[str]
    negation_window: int


@dataclass(frozen=True)
class Qualifiers:
    classes: dict[str, re.Pattern[str]]
    phrases: dict[str, tuple[str, ...]]
    skip_before: frozenset[str]
    skip_after: re.Pattern[str]
    list_joiners: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    concepts: tuple[Concept, ...]
    triggers: Triggers
    qualifiers: Qualifiers
    vocabulary: tuple[str, ...] = field(default=())   # words that typos may be corrected to
    protected: frozenset[str] = frozenset()            # words never corrected, never targets


def _words(text: str) -> str:
    """A literal phrase as token text ("non-tender" -> "non tender ")."""
    return "".join(re.escape(t.text) + " " for t in tokenise(text))


def _alternatives(word: str) -> str:
    alts = []
    for alt in word.split("|"):
        if alt.endswith("*") and len(alt) > 1:
            alts.append(re.escape(alt[:-1].lower()) + r"[^ ]* ")
        else:
            alts.append(_words(alt))
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def compile_phrase(phrase: str, sets: dict[str, list[str]]) -> str:
    """The regular expression (without anchors) of one phrase."""
    out = []
    for word in phrase.split():
        if word == "...":
            out.append(_GAP)
        elif word == "<level>":
            out.append(r"[ctls]\d{1,2} ")
        elif word == "<num>":
            out.append(r"\d+(?:\.\d+)? ")
        elif word.startswith("{") and word.endswith("}"):
            name = word[1:-1]
            if name not in sets:
                raise LexiconError(f"phrase {phrase!r}: unknown set {{{name}}}")
            items = sorted(sets[name], key=len, reverse=True)
            out.append("(?:" + "|".join(compile_phrase(i, sets) for i in items) + ")")
        elif word.startswith("(") and word.endswith(")"):
            out.append("(?:" + _optional(word[1:-1], sets) + ")?")
        elif word.startswith("[") and word.endswith("]"):
            out.append("(?:" + _optional(word[1:-1], sets) + ")")
        else:
            out.append(_alternatives(word))
    return "".join(out)


def anchors(phrase: str, sets: dict[str, list[str]]) -> frozenset[str] | None:
    """Words of which one must be in a text for `phrase` to match it: the first required
    part made of plain words (a fast filter before the regular expressions)."""
    for word in _split_optional_groups(phrase).split():
        if word == "..." or word.startswith(("(", "<")):
            continue
        if word.startswith(("{", "[")):
            items = (sets.get(word[1:-1], []) if word.startswith("{")
                     else [a.replace("_", " ") for a in _top_level_split(word[1:-1])])
            found = [anchors(item, sets) for item in items]
            if items and all(f is not None for f in found):
                return frozenset().union(*[f for f in found if f is not None])
            continue
        alts = word.split("|")
        if any(a.endswith("*") for a in alts):
            continue
        firsts = [tokenise(a) for a in alts]
        if all(firsts):
            return frozenset(t[0].text for t in firsts)
    return None


def _top_level_split(text: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        depth += ch in "(["
        depth -= ch in ")]"
        if ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _optional(inner: str, sets: dict[str, list[str]]) -> str:
    """ "(of the|of)": alternatives that may hold several words and nested groups."""
    alts = [compile_phrase(_split_optional_groups(alt.replace("_", " ")), sets)
            for alt in _top_level_split(inner)]
    return "|".join(alts)


def _split_optional_groups(phrase: str) -> str:
    """Spaces inside (...) belong to the group: protect them as underscores."""
    out, depth = [], 0
    for ch in phrase:
        depth += ch in "(["
        depth -= ch in ")]"
        out.append("_" if ch == " " and depth > 0 else ch)
    return "".join(out)


def compile_phrases(phrases: list[str], sets: dict[str, list[str]]) -> re.Pattern[str]:
    """One pattern for several phrases, longest first, matching at token boundaries."""
    parts = [compile_phrase(_split_optional_groups(p), sets) for p in phrases]
    parts.sort(key=len, reverse=True)
    return re.compile("(?<= )(?:" + "|".join(parts) + ")")


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, where only true/false are booleans: "no", "yes", "off" are words."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"),
                              list("tf"))


def load_yaml(path: Path) -> Any:
    """A lexicon file, with YAML 1.2 booleans (only true and false)."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)


def _load(name: str) -> dict[str, Any]:
    data = load_yaml(_HERE / name)
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping")
    return data


def _concept(entry: dict[str, Any], sets: dict[str, list[str]]) -> Concept:
    cid = entry.get("id", "?")
    try:
        phrases = [str(p) for p in entry["phrases"]]
        examined = "examined" in entry
        fills = dict(entry["examined"]) if examined else {
            key: dict(entry[key]) for key in ASSERTION_KEYS if entry.get(key)}
        if fills.get("affirmed", {}).get("cancer.status") == "known":
            # A cancer the text only thinks possible is a suspected cancer (CASE.md), whatever
            # its site; the site itself stays unknown.
            fills.setdefault("possible", {"cancer.status": "suspected"})
        return Concept(
            id=cid, pattern=compile_phrases(phrases, sets), phrases=tuple(phrases),
            patterns=tuple(compile_phrases([p], sets) for p in phrases),
            anchors=tuple(anchors(p, sets) for p in phrases), fills=fills,
            examined=examined, part=str(entry.get("part", "")),
            tags=frozenset(entry.get("tags", ())), requires=tuple(entry.get("requires", ())),
            past_ok=bool(entry.get("past_ok", False)), no_field=bool(entry.get("no_field", False)),
            examples=tuple(entry.get("examples", ())))
    except (KeyError, TypeError, re.error) as exc:
        raise LexiconError(f"concept {cid!r}: {exc}") from exc


def _trigger_words(phrases: list[str]) -> set[str]:
    return {t.text for p in phrases for t in tokenise(p)}


@cache
def lexicon() -> Lexicon:
    """The lexicon (loaded once)."""
    data = _load("concepts.yaml")
    sets = {k: [str(i) for i in v] for k, v in data["sets"].items()}
    concepts = tuple(_concept(e, sets) for e in data["concepts"])
    trig = _load("triggers.yaml")
    kinds = {
        "neg_pre": trig["negation"]["pre"], "neg_post": trig["negation"]["post"],
        "pseudo": trig["pseudo_negation"],
        "poss_pre": trig["possible"]["pre"], "poss_post": trig["possible"]["post"],
        "hyp_sentence": trig["hypothetical"]["pre_sentence"],
        "hyp_short": trig["hypothetical"]["pre_short"], "hyp_post": trig["hypothetical"]["post"],
        "hist_pre": trig["historical"]["pre"], "hist_post": trig["historical"]["post"],
        "hist_post_sentence": trig["historical"]["post_sentence"],
        "other_pre": trig["other_person"]["pre"],
        "label_neg": trig["label_answer"]["negated"],
        "label_poss": trig["label_answer"]["possible"],
    }
    phrases = {k: tuple(str(p) for p in v) for k, v in kinds.items()}
    triggers = Triggers(
        patterns={k: compile_phrases(list(v), {}) for k, v in phrases.items()},
        phrases=phrases,
        reporting_verbs=compile_phrases(
            [str(p) for p in trig["other_person"]["reporting_verbs"]], {}),
        clause_ends=frozenset(str(w) for w in trig["clause_ends"] if " " not in str(w)),
        clause_end_pattern=compile_phrases([str(w) for w in trig["clause_ends"]], {}),
        clause_verbs=frozenset(t.text for w in trig["clause_verbs"] for t in tokenise(str(w))),
        negation_window=int(trig["negation_window"]),
    )
    qual = _load("qualifiers.yaml")
    qphrases = {k: tuple(str(p) for p in v) for k, v in qual["classes"].items()}
    qualifiers = Qualifiers(
        classes={k: compile_phrases(list(v), {}) for k, v in qphrases.items()},
        phrases=qphrases,
        skip_before=frozenset(str(w) for w in qual["skip_before"]),
        skip_after=compile_phrases([str(w) for w in qual["skip_after"]], {}),
        list_joiners=frozenset(str(w) for w in qual["list_joiners"]),
    )
    protected = _trigger_words([p for v in phrases.values() for p in v])
    protected |= {str(w) for w in trig.get("never_correct", ())}
    protected |= _trigger_words([str(w) for w in trig["clause_ends"] + trig["clause_verbs"]])
    protected |= _trigger_words([str(w) for w in trig["other_person"]["reporting_verbs"]])
    protected |= _trigger_words([p for v in qphrases.values() for p in v])
    vocab = set()
    for items in sets.values():
        vocab |= _trigger_words(items)
    for entry in data["concepts"]:
        for p in entry["phrases"]:
            vocab |= {w for w in re.split(r"[\s|()]+", str(p).lower())
                      if w.isalpha() and len(w) >= 6}
    vocab = {w for w in vocab if w.isalpha() and len(w) >= 6} - protected
    return Lexicon(concepts, triggers, qualifiers, tuple(sorted(vocab)), frozenset(protected))
