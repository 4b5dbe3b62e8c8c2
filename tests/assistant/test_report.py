"""The text report: what a clinician reads first, ranges, and nothing hidden."""

from __future__ import annotations

from helpers import DROP, make_case, mri

from assistant.render.report import render_text
from knowledge import assess


def report(**change):
    return render_text(assess(make_case(**change)))


def test_unassessed_neurology_is_shown_under_the_banner():
    """Incomplete neurology is a CHECK NOW item before the actions, not a footnote."""
    text = report(neurology=None, pain={"nocturnal": True})
    assert text.index("CHECK NOW") < text.index("WHAT TO DO")
    check = text[text.index("CHECK NOW"):text.index("WHAT TO DO")]
    assert "Neurology is incomplete" in check
    assert text.count("Neurology is incomplete") == 1


def test_ranges_show_only_reachable_totals():
    """A range with a gap lists the reachable totals; a contiguous range does not."""
    text = report(pain={"mechanical": DROP}, imaging=mri(lesion="lytic", collapse="lt50"))
    assert "SINS: 6-8 (only 6 or 8)" in text
    assert "pain 1 or 3" in text
    assert "unknown: mechanical pain" in text  # in words, never the field path


def test_every_note_and_reference_is_printed():
    """Each note's text and each reference's citation appear in the text."""
    a = assess(make_case(neurology={"limb_weakness": True}, imaging=mri(escc="2")))
    text = render_text(a)
    for note in a.notes:
        assert note.text[:40] in " ".join(text.split())
    for ref in a.references:
        assert f"[{ref.id}]" in text


def test_conditional_noms_prints_each_branch():
    """A conditional decision prints one line per branch with its condition."""
    text = report(cancer={"primary": "bladder"}, imaging=mri())
    assert "Decision: conditional" in text
    assert "if oncologic sensitive: conventional external-beam radiotherapy (cEBRT)" in text
    assert "if oncologic resistant: stereotactic radiosurgery (SRS)" in text


def test_lines_fit_80_columns():
    """The report fits an 80-column terminal (reference ids are never split)."""
    text = report(neurology={"limb_weakness": True}, imaging=mri(escc="2"))
    assert max(len(line) for line in text.splitlines()) <= 80


def test_a_case_without_id_or_title_has_no_empty_case_heading():
    """Issue 11 bug 6: a chat's or saved session's report (no id, no title) has no bare
    'Case' line; with an id the heading names it."""
    from helpers import make_case

    from assistant.render.report import render_text
    from knowledge import assess

    case = make_case()
    plain = render_text(assess(case.model_copy(update={"id": None, "title": None})))
    assert "Case" not in plain.splitlines()
    assert plain.splitlines()[3].startswith("Red flags:")
    named = render_text(assess(case.model_copy(update={"id": "x7", "title": None})))
    assert named.splitlines()[3] == "Case x7"
