"""Reading case files: YAML, JSON, JSON lines; malformed and empty input; batches."""

from __future__ import annotations

import json

import yaml
from helpers import case_dict

from knowledge import Case, CaseError, load_cases, read_cases


def test_yaml_json_and_jsonl_give_the_same_case(tmp_path):
    """The same case read from YAML, JSON and JSON lines is equal."""
    data = case_dict()
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(data))
    (tmp_path / "c.json").write_text(json.dumps(data))
    (tmp_path / "c.jsonl").write_text(json.dumps(data) + "\n")
    cases = [load_cases(tmp_path / name) for name in ("c.yaml", "c.json", "c.jsonl")]
    assert all(len(c) == 1 and isinstance(c[0], Case) for c in cases)
    assert cases[0][0] == cases[1][0] == cases[2][0]


def test_jsonl_batch_with_one_bad_line_keeps_the_others(tmp_path):
    """A JSONL batch with one bad and one malformed line: the good cases are read, errors in place."""
    good = case_dict()
    bad = case_dict(neurology={"frankel": "F"}, id="bad-1")
    lines = [json.dumps(good), json.dumps(bad), "{not json", "", json.dumps(good)]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    results = load_cases(path)
    assert [type(r).__name__ for r in results] == ["Case", "CaseError", "CaseError", "Case"]
    assert results[1].case_id == "bad-1"
    assert results[1].source == f"{path}:2"
    assert results[1].problems == ["neurology.frankel: expected one of A, B, C, D, E; got 'F'"]
    assert results[2].source == f"{path}:3"
    assert results[2].problems[0].startswith("malformed JSON")


def test_malformed_yaml_names_line_and_column(tmp_path):
    """Malformed YAML is one error with the position, not a traceback."""
    path = tmp_path / "bad.yaml"
    path.write_text("format: spinemets-case/1\ncancer:\n  status: [known\n")
    [error] = load_cases(path)
    assert isinstance(error, CaseError)
    assert error.source.startswith(f"{path}:")
    assert error.problems[0].startswith("malformed YAML")


def test_empty_file(tmp_path):
    """An empty file is an error that says so."""
    path = tmp_path / "empty.yaml"
    path.write_text("\n# only a comment\n")
    [error] = load_cases(path)
    assert error.problems == ["empty: expected a spinemets-case/1 case"]
    assert read_cases("   ", name="x")[0].problems == ["empty: expected a spinemets-case/1 case"]


def test_missing_file(tmp_path):
    """A missing file is an error naming it."""
    [error] = load_cases(tmp_path / "nope.yaml")
    assert error.source.endswith("nope.yaml")
    assert error.problems[0].startswith("cannot read")


def test_yaml_with_several_documents_and_lists(tmp_path):
    """Several YAML documents, or a list of cases, are each one case in order."""
    one, two = case_dict(id="a"), case_dict(id="b")
    text = yaml.safe_dump(one) + "---\n" + yaml.safe_dump([two, one])
    results = read_cases(text, name="multi.yaml")
    assert [r.id for r in results] == ["a", "b", "a"]


def test_json_list_with_a_bad_item():
    """A JSON list is a batch: the bad item is an error with its index."""
    text = json.dumps([case_dict(id="a"), {"format": "spinemets-case/1"}])
    results = read_cases(text, name="x.json", kind="json")
    assert isinstance(results[0], Case)
    assert results[1].source == "x.json[1]"
    assert results[1].problems == ["cancer: required but missing"]


def test_sniffing_stdin_finds_jsonl_and_yaml():
    """Without a suffix, JSON lines and YAML are told apart."""
    jsonl = "\n".join(json.dumps(case_dict(id=str(i))) for i in range(3))
    assert [r.id for r in read_cases(jsonl)] == ["0", "1", "2"]
    assert [r.id for r in read_cases(yaml.safe_dump(case_dict(id="y")))] == ["y"]


def test_yaml_booleans_and_unquoted_escc():
    """YAML's yes/no and unquoted ESCC numbers read as the contract says."""
    text = """
format: spinemets-case/1
cancer: {status: known}
general: {fit_for_surgery: no}
imaging: {modality: mri_whole_spine, escc: 2, level: T4}
"""
    [case] = read_cases(text, kind="yaml")
    assert case.general.fit_for_surgery is False
    assert case.imaging.escc.value == "2"


def test_a_vignette_file_gets_a_pointed_message():
    """Passing a vignette (case under `case:`) says where the case is, not a list of unknown keys."""
    [error] = read_cases(yaml.safe_dump({"vignette": "v1", "case": case_dict(id="v1"),
                                         "expect": {}}), name="v.yaml")
    assert error.problems == ["format: required but missing (this looks like a vignette: its "
                              "spinemets-case/1 case is under the 'case' key)"]
    assert error.case_id == "v1"
