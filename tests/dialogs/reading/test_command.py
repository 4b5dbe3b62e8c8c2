"""`spinemets read` (assistant.cli.read): formats, batches, bad input, and the gold
texts of ../shared/reading graded by ../shared/tools/check_reading.py."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import yaml
from reading_shared import shared_dir

from assistant.cli.read import add_read_parser, run_read

REPO = Path(__file__).resolve().parents[3]


def _run(files: list[str], fmt: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_read(files, fmt, out, err, io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def test_every_public_gold_text_passes() -> None:
    shared = shared_dir()
    proc = subprocess.run(
        [sys.executable, str(shared / "tools" / "check_reading.py"), "--cmd",
         f"{sys.executable} -m assistant.cli.read --format jsonl", str(shared / "reading")],
        capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "unsupported 0, dangerous 0" in proc.stdout
    assert " 0 failed" in proc.stdout.splitlines()[-1]


def test_jsonl_batch_keeps_going_past_a_bad_line(tmp_path: Path) -> None:
    batch = tmp_path / "b.jsonl"
    batch.write_bytes(b'{"id": "a", "text": "Ca breast, legs weak."}\nnot json\n'
                      b'{"id": "c", "text": "LBP"}\n{"id": "d", "text": "\xff"}\n')
    code, out, err = _run([str(batch)], "jsonl")
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 2
    assert [x.get("id") for x in lines] == ["a", None, "c", None]
    assert "error" in lines[1]
    assert "error" in lines[3]
    assert lines[0]["case"]["neurology"] == {"limb_weakness": True}
    assert "line 2" in err
    assert "line 4" in err
    assert "Traceback" not in err


def test_unreadable_and_invalid_utf8_files_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"legs weak \xff\xfe")
    code, _, err = _run([str(bad), str(tmp_path / "missing.txt")], "json")
    assert code == 2
    assert "bad.txt: not UTF-8" in err
    assert "missing.txt: cannot read" in err


def test_text_file_and_stdin(tmp_path: Path) -> None:
    note = tmp_path / "v04.txt"
    note.write_text("Known RCC. Legs are getting weak. ?urinary retention.", encoding="utf-8")
    code, out, _ = _run([str(note)], "json")
    obj = json.loads(out)
    assert code == 0
    assert obj["id"] == "v04"
    assert obj["format"] == "spinemets-reading/1"
    assert obj["case"]["cancer"] == {"status": "known", "primary": "kidney"}
    assert obj["not_filled"][0]["assertion"] == "possible"
    code, out, _ = _run(["-"], "yaml", stdin="No back pain.")
    assert code == 0
    assert yaml.safe_load(out)["case"]["pain"] == {"present": False}


def test_text_format_is_for_a_person(tmp_path: Path) -> None:
    code, out, _ = _run(["-"], "text", stdin="Ca breast. No bladder problems, legs feel weak.")
    assert code == 0
    assert "limb weakness: yes  \u2190 \u201clegs feel weak\u201d" in out  # in words, no ids
    assert "bladder or bowel dysfunction: no  \u2190 \u201cbladder problems\u201d (said absent)" in out
    assert "neurology." not in out
    still = next(line for line in out.splitlines() if line.startswith("Still to ask first:"))
    assert "saddle anaesthesia" in still  # in the conversation's words and order
    assert "limb weakness" not in still  # read from the text
    assert still.index("difficulty walking") < still.index("Frankel grade")


def test_case_output_is_accepted_by_assess(tmp_path: Path) -> None:
    from knowledge import parse_case

    code, out, _ = _run(["-"], "json", stdin="72M, Ca prostate, T-spine pain, legs weak, KPS 70.")
    case = json.loads(out)["case"]
    assert code == 0
    assert case["cancer"]["status"] == "known"
    assert parse_case(case) is not None


def test_parser_wiring() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="spinemets")
    add_read_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["read", "a.txt", "-", "--format", "jsonl"])
    assert (args.files, args.fmt) == (["a.txt", "-"], "jsonl")
