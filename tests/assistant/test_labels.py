"""The one label table (knowledge/data/labels.yaml): every id the engine emits has words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

import pytest

import assistant.render.labels as face_labels
from dialogs.teaching import all_cases
from knowledge import (
    Assessment,
    CaseError,
    KnowledgeDataError,
    assess,
    load_cases,
    parse_case,
    vocab,
)
from knowledge.assessment import Scores
from knowledge.labels import build_label_table, has_label, label, labels, section
from knowledge.references import knowledge_base
from knowledge.rules.triage import FEATURE_FIELDS, RED_FLAG_ORDER, REGION_FEATURES
from knowledge.scores import bauer, sins, tokuhashi, tomita
from knowledge.unknowns import OUTPUT_NAMES, VALUES

DATA = Path(__file__).parents[1] / "data"
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def vocab_values() -> Iterator[str]:
    for item in vars(vocab).values():
        if isinstance(item, type) and issubclass(item, Enum) and item is not vocab.Vocab:
            yield from (member.value for member in item)


def assessments() -> Iterator[Assessment]:
    """Every case the tests hold, and every stage of every teaching case."""
    for folder in ("cases", "vignettes"):
        for path in sorted((DATA / folder).glob("*.yaml")):
            for case in load_cases(path):
                if not isinstance(case, CaseError):
                    yield assess(case)
    for teaching in all_cases():
        for index in range(len(teaching.stages)):
            yield assess(teaching.revealed(index))
        yield assess(parse_case(teaching.case))


def emitted(a: Assessment) -> Iterator[str]:
    """Every id and field path an assessment can show a person."""
    yield from (a.urgency.value, a.pathway.value, *a.red_flags, *a.suggestive_features)
    yield from (x.id for x in a.actions)
    yield from (x.timing for x in a.actions if x.timing)
    yield from (n.id for n in a.notes)
    yield from (a.surgical_opinion.value, a.steroids.value, a.immobilisation.value)
    yield from (a.imaging.modality.value, a.imaging.timing.value, *a.imaging.notes)
    yield from (a.biopsy.recommendation.value, a.biopsy.timing.value, *a.biopsy.reasons)
    noms = a.noms
    yield from (noms.neurologic, noms.oncologic, noms.mechanical, noms.systemic,
                noms.decision.value, *noms.missing)
    for branch in noms.branches:
        yield from (*branch.when, *branch.when.values(), branch.decision.value)
    for name in ("sins", "tokuhashi_revised", "tomita", "bauer_modified"):
        score = getattr(a.scores, name)
        if score is not None:
            yield from (name, *score.components, *score.bands, *score.missing)
    yield from (*a.patchell_missing, *a.unknowns)
    for outputs in a.unknown_effects.values():
        yield from outputs


def test_every_id_the_engine_can_emit_has_a_label():
    """Vocabulary values, red flags, features, actions, notes, bands, scores, outputs and
    case field paths all have an entry in the label table."""
    kb = knowledge_base()
    expected = {
        *vocab_values(), *RED_FLAG_ORDER, *(f for _, f in FEATURE_FIELDS),
        *(f for _, f in REGION_FEATURES), *kb.actions, *kb.notes,
        *sins.BANDS.names, *tokuhashi.BANDS.names, *tomita.BANDS.names, *bauer.BANDS.names,
        *Scores.model_fields, *OUTPUT_NAMES, *VALUES,
        "neurologic", "oncologic", "mechanical", "systemic", "able", "unable", "unknown",
    }
    assert sorted(i for i in expected if not has_label(i)) == []


def test_every_id_shown_by_the_cases_we_hold_has_a_label():
    """Running every test case and every teaching stage emits no id without a label."""
    seen = {i for a in assessments() for i in emitted(a)}
    assert len(seen) > 100  # the walk reaches the engine's output
    assert sorted(i for i in seen if not has_label(i)) == []


def test_the_biopsy_reasons_section_lists_every_reason_given():
    """The teaching feedback lists the biopsy reasons from the table: none is missing."""
    seen = {r for a in assessments() for r in a.biopsy.reasons}
    assert seen <= set(section("biopsy_reason"))


def test_no_label_is_a_raw_id():
    """A label is words: no snake_case id, and never the dotted field path itself."""
    raw = {key: text for key, text in labels().items()
           if SNAKE.search(text) or ("." in key and text == key)}
    assert raw == {}


def test_the_raw_ids_of_issue_11_read_as_words():
    """The ids named in the issue read as words, not as ids."""
    for identifier in ("tokuhashi_revised", "lt_6_months", "cancer.established_metastases",
                       "suspected_mscc", "progressive_pain", "potentially_unstable",
                       "within_1_week"):
        words = label(identifier)
        assert identifier not in words, identifier
        assert "_" not in words, identifier


def test_the_faces_read_the_same_table():
    """assistant.render.labels delegates to knowledge: the same label function and table."""
    assert face_labels.label is label
    assert dict(face_labels.LABELS) == dict(labels())
    assert face_labels.label(None) == "unknown"
    assert face_labels.label(vocab.NomsDecision.SRS) == label("srs")
    assert face_labels.label("a_new_id") == "a new id"  # never an underscore


def test_an_id_labelled_two_ways_is_refused():
    """Loading refuses a table where one id has two different labels."""
    build_label_table("a: {x: one}\nb: {x: one}\n")  # the same words twice is one label
    with pytest.raises(KnowledgeDataError, match="one label"):
        build_label_table("a: {x: one}\nb: {x: two}\n")


@pytest.mark.parametrize("text", ["[]", "a: [x]", "a: {x: 3}", "a: {x: ''}", "a: {}"])
def test_a_malformed_table_is_refused(text):
    """Anything but kinds of {id: text label} is a KnowledgeDataError."""
    with pytest.raises(KnowledgeDataError):
        build_label_table(text)


def test_an_unknown_section_is_a_key_error():
    """Asking for a kind the table does not have fails loudly."""
    with pytest.raises(KeyError):
        section("no_such_kind")


FIELD_PATH = re.compile(r"\b(?:patient|cancer|pain|neurology|general|imaging|disease)\."
                        r"[a-z_]+\b")


def test_no_field_path_or_raw_id_reaches_a_report():
    """Issue 11: the text report, the Markdown report and the SBAR referral of every case we
    hold name unknown inputs and score items in words (never `disease.visceral_metastases`
    or `tokuhashi_revised`)."""
    from datetime import datetime

    from assistant.render.referral import render_sbar
    from assistant.render.report import render_markdown, render_text

    found: set[str] = set()
    for folder in ("cases", "vignettes"):
        for path in sorted((DATA / folder).glob("*.yaml")):
            for case in load_cases(path):
                if isinstance(case, CaseError):
                    continue
                a = assess(case)
                for text in (render_text(a), render_markdown(a),
                             render_sbar(case, a, datetime(2026, 1, 1), markdown=False)):
                    found |= set(FIELD_PATH.findall(text))
                    found |= set(SNAKE.findall(text))
    assert found == set()


def test_every_face_heads_the_urgency_with_the_same_words():
    """Issue 11: one urgency table. The conversation's escalation, its summary, the text
    report and the SBAR referral head an emergency with the same words."""
    from datetime import datetime

    from assistant.render.referral import render_sbar
    from assistant.render.report import render_text
    from dialogs.manager import Conversation
    from knowledge.labels import urgency_banner

    heading = urgency_banner("emergency")
    conversation = Conversation()
    conversation.start()
    escalation = None
    for answer in ("known", "yes", "lumbar", "yes"):
        escalation = conversation.handle(answer)[0]
    assert escalation is not None
    assert escalation.text.startswith(heading + ":")
    assert f"Urgency: {heading} - " in conversation.handle("summary")[0].text
    case = conversation.session.case
    a = conversation.assessment()
    assert f"{heading} - " in render_text(a)
    assert render_sbar(case, a, datetime(2026, 1, 1), markdown=False).count(heading) >= 1


def test_every_case_field_has_words():
    """Every field of the case format (the reader and the conversation name them all) has a
    label that is not its path."""
    from knowledge.case import SECTION_MODELS

    paths = [f"{section}.{name}" for section, model in SECTION_MODELS.items()
             for name in model.model_fields]
    assert paths
    assert [p for p in paths if not has_label(p)] == []


def test_no_raw_id_reaches_the_side_panel_the_summary_or_a_change():
    """Review: the answers as every face lists them (Turn.answers: side panel, summary) and
    the 'Current answer' of a change name choices in words ('lung, non-small cell', 'MRI
    whole spine'), never the stored id ('lung_nsclc', 'mri_whole_spine'), for every vignette
    replayed."""
    import yaml

    from dialogs.replay import replay

    found: set[str] = set()
    for path in sorted((DATA / "vignettes").glob("*.yaml")):
        case = parse_case(yaml.safe_load(path.read_text())["case"])
        conversation = replay(case).conversation
        turn = conversation.handle("summary")
        found |= {w for _, a in turn.answers for w in SNAKE.findall(a)}
        found |= set(SNAKE.findall(turn[0].text.split("Unknown:")[0]))
        for question_id in ("primary site", "imaging type", "escc grade"):
            text = conversation.handle(f"change {question_id}")[-1].text
            note = text.splitlines()[-1]
            found |= set(SNAKE.findall(note))
            conversation.target = None
    assert found == set()
