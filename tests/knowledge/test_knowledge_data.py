"""The knowledge data: references exist, notes are ours, bad data is refused at load."""

from __future__ import annotations

import re

import pytest
from shared_files import shared_file

from knowledge.errors import KnowledgeDataError
from knowledge.references import build_knowledge_base, knowledge_base


def test_every_note_and_action_cites_existing_references():
    """Every text carries at least one reference id, and every id is in the reference list."""
    kb = knowledge_base()
    for table in (kb.notes, kb.actions):
        for variants in table.values():
            for text in variants.values():
                assert text.refs
                assert set(text.refs) <= set(kb.references)


def test_reference_list_matches_reference_md():
    """The reference ids are exactly those of ../shared/clinical/REFERENCE.md §10."""
    section = shared_file("clinical/REFERENCE.md").read_text().split("## 10.")[1]
    ids = [i for i in re.findall(r"^\| ([a-z0-9-]+) \|", section, flags=re.MULTILINE)
           if i != "id"]
    assert sorted(ids) == sorted(knowledge_base().references)


def test_unknown_reference_id_is_refused():
    """A note citing an id that is not in the reference list fails at load."""
    refs = "a-1: Somebody 2020.\n"
    notes = "disclaimer: d\nactions: {}\nnotes:\n  x: {text: hello, refs: [b-2]}\n"
    with pytest.raises(KnowledgeDataError, match=r"notes\.x\.refs: unknown reference ids"):
        build_knowledge_base(refs, notes, "v")


@pytest.mark.parametrize("notes", [
    "disclaimer: d\nactions: {}\nnotes:\n  x: {text: '', refs: [a-1]}\n",
    "disclaimer: d\nactions: {}\nnotes:\n  x: {text: hi, refs: []}\n",
    "disclaimer: d\nactions: {}\nnotes:\n  x: just text\n",
    "actions: {}\nnotes: {}\n",
])
def test_malformed_note_entries_are_refused(notes):
    """Empty text, no references, wrong shapes and a missing disclaimer are refused."""
    with pytest.raises(KnowledgeDataError):
        build_knowledge_base("a-1: Somebody 2020.\n", notes, "v")


def test_knowledge_version_is_a_content_hash():
    """The version names the app version and a hash of the knowledge data and rules."""
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{12}", knowledge_base().version)


@pytest.mark.parametrize("module", ["rules/triage.py", "scores/sins.py", "decisions.py",
                                    "data/labels.yaml"])
def test_a_change_anywhere_in_the_knowledge_package_changes_the_version(tmp_path, module):
    """Review: the version hashes every module, the rule modules in knowledge/rules/ too (a
    changed rule must show as changed knowledge when a saved session is resumed)."""
    import shutil

    from knowledge.references import PACKAGE, _package_digest

    copy = tmp_path / "knowledge"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = _package_digest(copy)
    assert before == _package_digest(PACKAGE)
    with (copy / module).open("a", encoding="utf-8") as file:
        file.write("\n# changed\n")
    assert _package_digest(copy) != before
