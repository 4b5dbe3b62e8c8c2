"""The multi-process JSON-lines path gives exactly the single-process output, in order."""

from __future__ import annotations

import json

import pytest
from helpers import case_dict

from assistant.cli import batch
from knowledge.loading import jsonl_lines


def sample_lines():
    texts = []
    for i in range(25):
        if i % 7 == 3:
            texts.append(json.dumps(case_dict(id=f"bad-{i}", neurology={"frankel": "Z"})))
        elif i == 11:
            texts.append("{not json")
        else:
            texts.append(json.dumps(case_dict(id=f"c-{i}", pain={"nocturnal": i % 2 == 0})))
    return jsonl_lines("\n".join(texts), "batch.jsonl")


def collect(results):
    output, errors = "", []
    for chunk_output, chunk_errors in results:
        output += chunk_output
        errors += chunk_errors
    return output, errors


def test_parallel_output_equals_serial_output(monkeypatch):
    """Worker processes return the same lines, in the same order, with the same errors."""
    lines = sample_lines()
    serial = collect(batch.assess_lines(lines))
    monkeypatch.setattr(batch, "PARALLEL_MIN_CASES", 5)
    monkeypatch.setattr(batch, "CHUNK", 4)
    monkeypatch.setattr(batch, "workers", lambda: 2)
    parallel = collect(batch.assess_lines(lines))
    assert parallel == serial
    out_lines = serial[0].splitlines()
    assert len(out_lines) == 25
    ids = [json.loads(x).get("case_id") for x in out_lines if not x.startswith('{"case_id": null')]
    assert ids[:4] == ["c-0", "c-1", "c-2", "bad-3"]
    assert len(serial[1]) == 5  # bad-3, bad-10, {not json (line 12), bad-17, bad-24


@pytest.mark.parametrize("count", [0, 1])
def test_small_batches_stay_in_process(monkeypatch, count):
    """Below the threshold no pool is started."""
    monkeypatch.setattr(batch.multiprocessing, "get_context",
                        lambda *_: pytest.fail("pool started for a small batch"))
    output, _ = collect(batch.assess_lines(sample_lines()[:count]))
    assert len(output.splitlines()) == count


def test_workers_writing_to_a_file_descriptor_keep_order(monkeypatch, tmp_path):
    """Workers writing their chunks straight to the output descriptor produce the serial output."""
    lines = sample_lines()
    serial, serial_errors = collect(batch.assess_lines(lines))
    monkeypatch.setattr(batch, "PARALLEL_MIN_CASES", 5)
    monkeypatch.setattr(batch, "CHUNK", 3)
    monkeypatch.setattr(batch, "workers", lambda: 2)
    out = tmp_path / "out.jsonl"
    with out.open("wb") as fh:
        errors = [e for chunk in batch.assess_lines_to_fd(lines, fh.fileno()) for e in chunk]
    assert out.read_text() == serial
    assert errors == serial_errors


def test_an_internal_error_in_one_case_does_not_stop_the_batch(monkeypatch):
    """If assessing one case raises, that case becomes an error line and the rest are assessed."""
    import knowledge

    real = knowledge.assess

    def flaky(case):
        if case.id == "c-2":
            raise RuntimeError("boom")
        return real(case)

    monkeypatch.setattr(knowledge, "assess", flaky)
    output, errors = collect(batch.assess_lines(sample_lines()[:4]))
    objs = [json.loads(x) for x in output.splitlines()]
    assert objs[2]["error"] == "internal error while assessing this case: RuntimeError: boom"
    assert objs[0]["case_id"] == "c-0"
    assert "urgency" in objs[1]
    assert any("boom" in e for e in errors)
