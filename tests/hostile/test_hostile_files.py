"""Issue 10 items 4, 12 and 14 (files): hostile case files and streams exit 2 with a message
naming where the problem is, never a traceback, in bounded time and memory; in a batch the
good cases are still assessed.

Every hostile file is generated here (no committed blobs). The command runs as users run it:
a real `spinemets assess` process (its peak memory read from the kernel with `os.wait4`)."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.loading import MAX_ALIAS_VALUES, MAX_DEPTH, read_cases

GOOD = {"format": "spinemets-case/1", "id": "good", "cancer": {"status": "known"},
        "neurology": {"limb_weakness": True}}
MAX_SECONDS = 2.0
MAX_RSS_MB = 200


# `spinemets assess` run by a wrapper that writes its own peak resident memory (VmHWM, kB)
# to a file at exit. (A child's ru_maxrss is no good here: Linux keeps the high-water mark
# of the forked copy of the test process across exec.)
PEAK_WRAPPER = (
    "import atexit, re, sys\n"
    "out = sys.argv.pop(1)\n"
    "def peak():\n"
    "    text = open('/proc/self/status').read()\n"
    "    open(out, 'w').write(re.search(r'VmHWM:\\s+(\\d+)', text).group(1))\n"
    "atexit.register(peak)\n"
    "from assistant.cli.main import main\n"
    "sys.exit(main(['assess', *sys.argv[1:]]))\n")


def run_assess(args: list[str], stdin: bytes = b"") -> tuple[int, str, str, float, float]:
    """Run `spinemets assess ARGS`; return status, stdout, stderr, seconds and peak MB."""
    import threading

    start = time.perf_counter()
    hwm = tempfile.NamedTemporaryFile(suffix=".hwm", delete=False)  # noqa: SIM115
    hwm.close()
    proc = subprocess.Popen([sys.executable, "-c", PEAK_WRAPPER, hwm.name, *args],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    chunks: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda n=n, f=f: chunks.__setitem__(n, f.read()))
               for n, f in (("out", proc.stdout), ("err", proc.stderr))]
    for reader in readers:
        reader.start()
    assert proc.stdin is not None
    with contextlib.suppress(BrokenPipeError):
        proc.stdin.write(stdin)
    proc.stdin.close()
    proc.wait(timeout=60)
    for reader in readers:
        reader.join(timeout=30)
    seconds = time.perf_counter() - start
    peak_kb = Path(hwm.name).read_text().split()
    os.unlink(hwm.name)
    return (proc.returncode, chunks["out"].decode(), chunks["err"].decode(), seconds,
            int(peak_kb[0]) / 1024 if peak_kb else 0.0)


def assert_refused(status: int, err: str, *fragments: str) -> None:
    assert status == 2, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- item 4: keys given twice

@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_a_key_given_twice_is_an_error_naming_its_path(tmp_path, suffix):
    """`limb_weakness: true` then `false` is refused with the path, in YAML and in JSON."""
    text = ("format: spinemets-case/1\ncancer: {status: known}\nneurology:\n"
            "  limb_weakness: true\n  limb_weakness: false\n") if suffix == "yaml" else (
        '{"format": "spinemets-case/1", "cancer": {"status": "known"}, '
        '"neurology": {"limb_weakness": true, "limb_weakness": false}}')
    status, out, err, _, _ = run_assess([str(write(tmp_path / f"case.{suffix}", text))])
    assert_refused(status, err, "neurology.limb_weakness", "more than once")
    assert out == ""


def test_a_section_given_twice_in_a_jsonl_line_loses_only_that_line(tmp_path):
    """A duplicated section in one JSON line is that line's error; the next line is assessed."""
    bad = '{"format": "spinemets-case/1", "id": "dup", "cancer": {"status": "known"}, ' \
          '"cancer": {"status": "none"}}'
    path = write(tmp_path / "b.jsonl", bad + "\n" + json.dumps(GOOD) + "\n")
    status, out, _err, _, _ = run_assess(["--format", "jsonl", str(path)])
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 2
    assert "cancer" in lines[0]["error"]
    assert "more than once" in lines[0]["error"]
    assert lines[0]["case_id"] == "dup"
    assert lines[1]["urgency"] == "emergency"


# ---------------------------------------------------------------- item 12: bytes and size

def test_non_utf8_bytes_on_stdin_yaml_are_named_by_line_and_column():
    """Invalid UTF-8 in YAML on standard input: exit 2, the byte and its line and column."""
    status, _, err, _, _ = run_assess(
        ["-"], b"format: spinemets-case/1\ncancer:\n  status: known\ntitle: \xff\xfe\n")
    assert_refused(status, err, "<stdin>", "not UTF-8", "0xFF", "line 4")


def test_non_utf8_line_on_stdin_jsonl_loses_only_that_line():
    """One invalid byte in a JSON-lines stream on standard input is one error line."""
    data = (json.dumps(GOOD) + "\n").encode() + b'{"format": "\xff"}\n' + (
        json.dumps(dict(GOOD, id="third")) + "\n").encode()
    status, out, err, _, _ = run_assess(["--format", "jsonl", "-"], data)
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 2
    assert [line.get("case_id") for line in lines] == ["good", None, "third"]
    assert "not UTF-8" in lines[1]["error"]
    assert lines[1]["source"] == "<stdin>:2"
    assert "Traceback" not in err


def test_one_invalid_byte_in_a_jsonl_file_is_one_error_line(tmp_path):
    """A .jsonl file with one bad byte: that line is an error, every other line is assessed."""
    rows = [json.dumps(dict(GOOD, id=f"c{i}")).encode() for i in range(4)]
    rows[2] = rows[2].replace(b'"known"', b'"kn\xc3own"')
    path = write(tmp_path / "batch.jsonl", b"\n".join(rows) + b"\n")
    status, out, _, _, _ = run_assess(["--format", "jsonl", str(path)])
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 2
    assert len(lines) == 4
    assert [line.get("urgency") for line in lines] == ["emergency", "emergency", None,
                                                       "emergency"]
    assert lines[2]["source"].endswith("batch.jsonl:3")


def test_a_jsonl_stream_on_stdin_with_one_malformed_line_keeps_the_others():
    """JSON lines on stdin with one malformed line: one error line, not a lost 'YAML' batch."""
    data = "\n".join([json.dumps(GOOD), "{not json", json.dumps(dict(GOOD, id="z"))]) + "\n"
    status, out, _, _, _ = run_assess(["--format", "jsonl", "-"], data.encode())
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 2
    assert "malformed JSON" in lines[1]["error"]
    assert (lines[0]["case_id"], lines[2]["case_id"]) == ("good", "z")


def test_a_byte_order_mark_in_json_is_accepted(tmp_path):
    """A UTF-8 byte-order mark before JSON is read as JSON (a file saved by Windows tools)."""
    path = write(tmp_path / "bom.json", b"\xef\xbb\xbf" + json.dumps(GOOD).encode())
    status, out, err, _, _ = run_assess(["--format", "json", str(path)])
    assert status == 0, err
    assert json.loads(out)["urgency"] == "emergency"


def test_deeply_nested_json_is_refused_quickly(tmp_path):
    """100,000 nested lists (RecursionError before): exit 2 naming the nesting limit."""
    path = write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    status, _, err, seconds, peak = run_assess([str(path)])
    assert_refused(status, err, f"nested more than {MAX_DEPTH} levels")
    assert seconds < MAX_SECONDS * 3
    assert peak < MAX_RSS_MB


def test_deeply_nested_yaml_is_refused(tmp_path):
    """Deep YAML flow nesting is refused the same way (no RecursionError)."""
    path = write(tmp_path / "deep.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n")
    status, _, err, _, _ = run_assess([str(path)])
    assert_refused(status, err, f"nested more than {MAX_DEPTH} levels")


@pytest.mark.parametrize("where", ["yaml", "json"])
def test_an_integer_of_4400_digits_is_refused_with_its_path(tmp_path, where):
    """A 4,400-digit integer (ValueError before) is 'a number of 4400 digits', by path."""
    digits = "9" * 4400
    text = (f"format: spinemets-case/1\ncancer: {{status: known}}\npatient: {{age: {digits}}}\n"
            if where == "yaml" else
            f'{{"format": "spinemets-case/1", "cancer": {{"status": "known"}}, '
            f'"patient": {{"age": {digits}}}}}')
    status, _, err, _, _ = run_assess([str(write(tmp_path / f"big.{where}", text))])
    assert_refused(status, err, "patient.age", "4400 digits")
    assert len(err) < 400  # the number itself is never printed


def test_a_yaml_alias_bomb_in_a_real_field_is_refused_in_bounded_time_and_memory(tmp_path):
    """A ~440-byte alias bomb in pain.regions (MemoryError after 41 s before): exit 2 fast."""
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    names = "abcdefghi"
    for prev, name in itertools.pairwise(names):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(rows) + "\nformat: spinemets-case/1\ncancer: {status: known}\n" \
                             "pain: {regions: *i}\n"
    assert len(text.encode()) < 600
    status, _, err, seconds, peak = run_assess([str(write(tmp_path / "bomb.yaml", text))])
    assert_refused(status, err, f"more than {MAX_ALIAS_VALUES} values")
    assert seconds < MAX_SECONDS * 3
    assert peak < MAX_RSS_MB


def test_a_self_referring_yaml_alias_is_refused(tmp_path):
    """An anchor whose value contains its own alias is refused, not expanded."""
    text = "format: spinemets-case/1\ncancer: {status: known}\npain: &p {regions: *p}\n"
    status, _, err, _, _ = run_assess([str(write(tmp_path / "loop.yaml", text))])
    assert status == 2
    assert "Traceback" not in err


def test_a_long_string_value_is_cut_in_the_message(tmp_path):
    """A 1 MB string in a field is named and shown cut short, never printed whole."""
    text = json.dumps({"format": "spinemets-case/1", "cancer": {"status": "x" * 1_000_000}})
    status, _, err, _, _ = run_assess([str(write(tmp_path / "long.json", text))])
    assert_refused(status, err, "cancer.status")
    assert len(err) < 400


# ---------------------------------------------------------------- item 14: messages

def test_unknown_status_says_unknown_is_not_allowed_there():
    """`cancer.status: unknown` says the field is required and unknown is not allowed."""
    [err] = read_cases("format: spinemets-case/1\ncancer: {status: unknown}\n")
    assert "cancer.status" in str(err)
    assert "unknown is not allowed" in str(err)
    assert "got null" not in str(err)


@pytest.mark.parametrize(("item", "shown"), [("null", "null"), ("7", "7")])
def test_a_bad_list_item_shows_its_value_not_its_type(item, shown):
    """A bad item in pain.regions is shown by its value ('got 7'), not 'got int'."""
    [err] = read_cases(f"format: spinemets-case/1\ncancer: {{status: known}}\n"
                       f"pain: {{regions: [thoracic, {item}]}}\n")
    message = str(err)
    assert "pain.regions" in message
    assert f"got {shown}" in message
    assert "NoneType" not in message
    assert "got int" not in message


def test_1e308_is_read_as_a_number():
    """YAML `1e308` is a number (refused as out of range), not the text '1e308'."""
    [err] = read_cases("format: spinemets-case/1\ncancer: {status: known}\n"
                       "general: {expected_survival_months: 1e308}\n"
                       "patient: {age: 1e308}\n")
    message = str(err)
    assert "patient.age" in message
    assert "out of range" in message
    assert "expected_survival_months" not in message  # 1e308 months is a finite number >= 0


def test_vertebral_metastases_has_an_upper_bound():
    """A count of vertebral bodies beyond the levels of the spine is refused."""
    [err] = read_cases("format: spinemets-case/1\ncancer: {status: known}\n"
                       "disease: {vertebral_metastases: 1000}\n")
    assert "disease.vertebral_metastases" in str(err)
    assert "out of range" in str(err)


# ---------------------------------------------------------------- fuzz

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=30)
case_like = st.fixed_dictionaries(
    {"format": st.sampled_from(["spinemets-case/1", "x"])},
    optional={"cancer": st.dictionaries(st.sampled_from(["status", "primary", "bogus"]),
                                        json_values, max_size=3),
              "neurology": st.dictionaries(st.sampled_from(["limb_weakness", "frankel"]),
                                           json_values, max_size=2),
              "imaging": json_values, "pain": json_values})


def _assess_in_process(data: bytes) -> tuple[int, str]:
    import io

    from assistant.cli.cases import run_assess as run

    class Stdin(io.TextIOWrapper):
        pass

    stdin = Stdin(io.BytesIO(data), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    status = run(["-"], "jsonl", out, err, stdin)
    assert time.perf_counter() - start < MAX_SECONDS
    return status, err.getvalue()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data):
    """Random bytes on stdin: status 0 or 2 and a message, never an exception, under 2 s."""
    import tracemalloc

    tracemalloc.start()
    try:
        status, _ = _assess_in_process(data)
        assert tracemalloc.get_traced_memory()[1] < MAX_RSS_MB * 1024 * 1024
    finally:
        tracemalloc.stop()
    assert status in (0, 2)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case_like, st.sampled_from(["json", "yaml", "jsonl"]))
def test_random_structures_never_raise(value, how):
    """Random JSON/YAML structures shaped like cases: status 0 or 2, never an exception."""
    if how == "yaml":
        data = yaml.safe_dump(value).encode()
    elif how == "json":
        data = json.dumps(value, indent=1).encode()
    else:
        data = (json.dumps(value) + "\n" + json.dumps(GOOD) + "\n").encode()
    status, err = _assess_in_process(data)
    assert status in (0, 2)
    assert status == 0 or err


def test_the_fuzz_runs_in_a_real_process_too(tmp_path):
    """A few random-byte inputs through the real command: exit 0 or 2, no traceback."""
    import random

    rng = random.Random(10)
    for _ in range(3):
        data = bytes(rng.randrange(256) for _ in range(300))
        status, _, err, _seconds, peak = run_assess(["-"], data)
        assert status in (0, 2)
        assert "Traceback" not in err
        assert peak < MAX_RSS_MB


@pytest.mark.parametrize("key", ["title", "bogus"])
def test_a_deep_value_in_a_json_line_is_one_bounded_error(key):
    """The JSON-lines fast path: a value nested 500 deep in a field is that line's error,
    named by its path, with a bounded message (no RecursionError, no huge text)."""
    from knowledge.errors import CaseError
    from knowledge.loading import parse_jsonl_line

    line = ('{"format": "spinemets-case/1", "cancer": {"status": "known"}, '
            f'"{key}": ' + "[" * 500 + "]" * 500 + "}")
    result = parse_jsonl_line(line, "batch.jsonl:3")
    assert isinstance(result, CaseError)
    assert key in str(result)
    assert len(str(result)) < 300
