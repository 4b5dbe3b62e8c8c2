"""The public vignettes (copied into tests/data/vignettes), graded as check_vignettes.py does."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from shared_files import shared_file

from knowledge import assess, parse_case

VIGNETTES = sorted((Path(__file__).parents[1] / "data" / "vignettes").glob("*.yaml"))


def checker():
    """The shared grader itself (../shared/tools/check_vignettes.py): one grading, not a copy."""
    spec = importlib.util.spec_from_file_location("check_vignettes",
                                                  shared_file("tools/check_vignettes.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def grade(vignette, output):
    graded = checker().load_vignette(str(vignette["path"]))
    return checker().grade(graded, json.dumps(output))


def load(path):
    return yaml.safe_load(path.read_text()) | {"path": path}


def test_there_are_twenty_one_public_vignettes():
    """The copied vignettes are all present."""
    assert len(VIGNETTES) == 21


@pytest.mark.parametrize("path", VIGNETTES, ids=lambda p: p.stem)
def test_vignette_in_process(path):
    """knowledge.assess matches every expected field of the vignette."""
    vignette = load(path)
    output = json.loads(assess(parse_case(vignette["case"])).model_dump_json())
    assert grade(vignette, output) == []


def test_vignettes_through_the_command(tmp_path):
    """`spinemets assess --format jsonl` over all vignettes in one JSONL file passes them all."""
    vignettes = [load(p) for p in VIGNETTES]
    batch = tmp_path / "cases.jsonl"
    batch.write_text("".join(json.dumps(v["case"]) + "\n" for v in vignettes))
    proc = subprocess.run([sys.executable, "-m", "assistant", "assess", "--format", "jsonl",
                           str(batch)], capture_output=True, text=True, check=True)
    lines = proc.stdout.splitlines()
    assert len(lines) == len(vignettes)
    failures = {v["vignette"]: grade(v, json.loads(line)) for v, line in zip(vignettes, lines, strict=False)}
    assert {k: v for k, v in failures.items() if v} == {}
    assert [json.loads(line)["case_id"] for line in lines] == [v["case"]["id"] for v in vignettes]


def test_copied_vignettes_are_the_current_shared_ones():
    """tests/data/vignettes is an exact copy of ../shared/vignettes (re-copy when shared changes)."""
    shared = shared_file("vignettes")
    assert {p.name: p.read_text() for p in shared.glob("*.yaml")} == {
        p.name: p.read_text() for p in VIGNETTES}


def test_shared_checker_passes_every_vignette():
    """../shared/tools/check_vignettes.py, run on the shared vignettes, passes them all."""
    proc = subprocess.run(
        [sys.executable, str(shared_file("tools/check_vignettes.py")), "--cmd",
         f"{sys.executable} -m assistant assess --format jsonl", str(shared_file("vignettes"))],
        capture_output=True, text=True, check=False)
    last = proc.stdout.strip().splitlines()[-1]
    assert last == f"{len(VIGNETTES)} passed, 0 failed", proc.stdout
