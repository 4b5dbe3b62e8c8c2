"""`spinemets assess`: formats, standard input, errors with exit status 2, batches."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import case_dict

from assistant.cli.main import main

CASES = Path(__file__).parents[1] / "data" / "cases"


def run(argv, stdin=""):
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = out, err, io.StringIO(stdin)
    try:
        code = main(argv)
    finally:
        sys.stdout, sys.stderr, sys.stdin = old
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data) if name.endswith(".yaml") else data)
    return str(path)


def test_text_report_starts_with_the_urgency_banner():
    """Text for a person: the urgency banner comes before everything else."""
    code, out, _ = run(["assess", str(CASES / "04-renal-l1-cord-compression.yaml")])
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("!!! EMERGENCY - suspected metastatic spinal cord compression")
    order = [out.index(h) for h in ("WHAT TO DO", "IMAGING", "BIOPSY", "SCORES",
                                    "TREATMENT (NOMS)", "NOTES", "REFERENCES")]
    assert order == sorted(order)
    assert "Patchell candidate: yes" in out


def test_json_is_one_assessment_object():
    """--format json prints one spinemets-assessment/1 object for one case."""
    code, out, _ = run(["assess", "--format", "json",
                        str(CASES / "12-breast-t3-low-grade-stable.yaml")])
    assert code == 0
    obj = json.loads(out)
    assert obj["format"] == "spinemets-assessment/1"
    assert obj["case_id"] == "v12"
    assert obj["scores"]["sins"]["total"] == 6


def test_jsonl_over_several_files_in_order():
    """--format jsonl prints one line per case, in input order."""
    files = sorted(str(p) for p in CASES.glob("*.yaml"))[:4]
    code, out, _ = run(["assess", "--format", "jsonl", *files])
    assert code == 0
    ids = [json.loads(line)["case_id"] for line in out.splitlines()]
    assert ids == ["v01", "v02", "v03", "v04"]


def test_standard_input():
    """'-' reads the case from standard input (YAML or JSON lines)."""
    code, out, _ = run(["assess", "--format", "jsonl", "-"],
                       stdin=json.dumps(case_dict(id="a")) + "\n" + json.dumps(case_dict(id="b")))
    assert code == 0
    assert [json.loads(x)["case_id"] for x in out.splitlines()] == ["a", "b"]


def test_single_bad_case_names_the_field_and_exits_2(tmp_path):
    """A bad case: the field path on stderr, nothing on stdout, exit status 2."""
    path = write(tmp_path, "bad.yaml", case_dict(neurology={"frankel": "F"}))
    code, out, err = run(["assess", path])
    assert code == 2
    assert out == ""
    assert "neurology.frankel: expected one of A, B, C, D, E; got 'F'" in err


def test_batch_with_a_bad_case_still_assesses_the_others(tmp_path):
    """In a JSONL batch the bad case gives a {case_id, error} line; the others are assessed."""
    lines = [json.dumps(case_dict(id="ok-1")),
             json.dumps(case_dict(id="bad", general={"karnofsky": 85})),
             json.dumps(case_dict(id="ok-2"))]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    code, out, err = run(["assess", "--format", "jsonl", path])
    assert code == 2
    objs = [json.loads(x) for x in out.splitlines()]
    assert [o.get("case_id") for o in objs] == ["ok-1", "bad", "ok-2"]
    assert objs[1]["error"].startswith("general.karnofsky: expected a whole number")
    assert "urgency" in objs[0]
    assert "urgency" in objs[2]
    assert "general.karnofsky" in err


def test_json_batch_is_an_array_with_error_objects(tmp_path):
    """--format json over several cases prints one JSON array, errors included."""
    good = write(tmp_path, "good.yaml", case_dict(id="g"))
    bad = write(tmp_path, "bad.yaml", {"format": "spinemets-case/1"})
    code, out, _ = run(["assess", "--format", "json", good, bad])
    assert code == 2
    arr = json.loads(out)
    assert arr[0]["case_id"] == "g"
    assert arr[1]["error"] == "cancer: required but missing"


def test_malformed_and_empty_files_exit_2(tmp_path):
    """Malformed YAML and an empty file are reported, never a traceback."""
    malformed = write(tmp_path, "m.yaml", "cancer: [\n")
    empty = write(tmp_path, "e.yaml", "")
    for path in (malformed, empty):
        code, _, err = run(["assess", path])
        assert code == 2
        assert "Traceback" not in err
        assert path in err


def test_usage_errors_exit_2():
    """A wrong option is a usage error with exit status 2."""
    proc = subprocess.run([sys.executable, "-m", "assistant", "assess", "--format", "pdf", "x"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr


def test_no_command_opens_the_chat_plain_when_piped():
    """spinemets alone is the chat; with piped input it is the plain chat."""
    code, out, _ = run([], stdin="known\n")
    assert code == 0
    assert "Does the patient have cancer?" in out
    assert "Does the patient have new back or neck pain?" in out


def test_assess_does_not_import_textual():
    """spinemets assess never loads Textual (start-up stays fast)."""
    script = ("import sys; from assistant.cli.main import main; "
              f"main(['assess', '--format', 'jsonl', {str(CASES / '01-breast-leg-weakness-no-imaging.yaml')!r}]); "
              "assert 'textual' not in sys.modules, 'textual imported'; "
              "assert 'transitions' not in sys.modules, 'transitions imported'")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr


def plain_chat(lines):
    return subprocess.run([sys.executable, "-m", "assistant", "chat", "--plain"],
                          input="".join(line + "\n" for line in lines), capture_output=True,
                          text=True, timeout=60, check=False)


def test_plain_chat_runs_a_consultation_and_ends_at_end_of_input():
    """Plain chat over pipes: questions, the escalation after a red flag, clean exit at EOF."""
    proc = plain_chat(["known", "yes", "thoracic", "yes", "breast", "yes", "no"])
    assert proc.returncode == 0, proc.stderr
    assert "Does the patient have cancer?" in proc.stdout
    assert "Urgency now !! URGENT" in proc.stdout
    assert "!!! EMERGENCY: red flag limb weakness" in proc.stdout
    assert proc.stdout.index("EMERGENCY") < proc.stdout.index("Any difficulty walking")
    assert "Traceback" not in proc.stderr


def test_plain_chat_prints_the_report_at_the_end_and_quits():
    """Answering 'unknown' to the end prints the full report; quit leaves."""
    proc = plain_chat(["suspected"] + ["unknown"] * 60 + ["quit", "never read"])
    assert proc.returncode == 0
    assert "WHAT TO DO" in proc.stdout
    assert "Assessment complete" in proc.stdout


def test_chat_falls_back_to_plain_without_a_terminal():
    """spinemets chat without a terminal (pipes) runs the plain chat rather than failing."""
    code, out, _ = run(["chat"], stdin="")
    assert code == 0
    assert "Does the patient have cancer?" in out


def test_plain_chat_exports_the_referral_and_shows_the_checklist(tmp_path):
    """Hostile test 5: the plain chat offers /export once the referral is ready, so it does
    what it says: `export` writes the SBAR referral (0600) to --export-dir, `checklist` prints
    what to do now, and `help` lists both (from the one command table)."""
    import stat
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--plain", "--no-save", "--export-dir",
         str(tmp_path)], input="known\nyes\nlumbar\nyes\nexport\n/checklist\nhelp\n",
        capture_output=True, text=True, timeout=60, check=True).stdout
    [written] = tmp_path.glob("spinemets-*.md")
    assert f"Exported the referral to {written}" in out
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert "SBAR" in written.read_text() or "Situation" in written.read_text()
    assert "> !!! EMERGENCY - suspected metastatic spinal cord compression (MSCC) — what to do " \
           "now\n" in out
    assert "\n  export " in out
    assert "\n  checklist " in out
    nothing = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--plain", "--no-save", "--export-dir",
         str(tmp_path / "none")], input="export\n", capture_output=True, text=True,
        timeout=60, check=True).stdout
    assert "Nothing to export yet: answer cancer status first." in nothing
