"""The building blocks that let a run be killed, fail or race another without losing or trusting
a wrong file: atomic writes, content digests, the record of what a step wrote, the run lock and
the delivery status. The workflow tests (test_faults.py) run them with the real Snakemake."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from repository import REPO

from programme_evaluation.common import written
from programme_evaluation.common.digests import content_digest
from programme_evaluation.common.files import WriteError, copy_file, remove_partials, replacing, write_text
from programme_evaluation.contract import ContractError
from programme_evaluation.gate.delivery_status import DeliveryStatus, delivery_identity

SRC = REPO / "src"


def test_a_write_lands_whole_and_leaves_nothing_beside_it(tmp_path):
    target = tmp_path / "folder" / "table.csv"
    write_text(target, "a,b\n1,2\n")
    assert target.read_text() == "a,b\n1,2\n"
    assert sorted(path.name for path in target.parent.iterdir()) == ["table.csv"]


def test_a_step_failing_midway_leaves_the_previous_file_as_it_was(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("previous report\n")
    with pytest.raises(RuntimeError), replacing(target) as partial:
        partial.write_text("half a rep")
        raise RuntimeError("the step failed")
    assert target.read_text() == "previous report\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.html"]


def test_a_partial_file_keeps_the_suffix_so_writers_pick_the_format(tmp_path):
    with replacing(tmp_path / "chart.png") as partial:
        assert partial.suffix == ".png" and partial.parent == tmp_path and partial.name.startswith(".")
        partial.write_bytes(b"png")


def test_partial_files_left_by_a_killed_step_are_removed(tmp_path):
    target = tmp_path / "metrics.csv"
    (tmp_path / ".metrics.partial-123.csv").write_text("half")
    (tmp_path / ".other.partial-123.csv").write_text("another output's")
    remove_partials(target)
    assert sorted(path.name for path in tmp_path.iterdir()) == [".other.partial-123.csv"]


def test_a_folder_that_is_a_file_is_a_clear_error_naming_the_path(tmp_path):
    (tmp_path / "results").write_text("not a folder")
    with pytest.raises(WriteError, match=r"cannot write .*results/P/metrics\.csv: .*disk may be full"):
        write_text(tmp_path / "results" / "P" / "metrics.csv", "x\n")


def test_a_full_disk_is_a_clear_error_and_the_previous_file_stays(tmp_path):
    """A file-size limit (what `ulimit -f` sets) stands in for a full disk: the write fails."""
    target = tmp_path / "metrics.csv"
    target.write_text("previous\n")
    script = f"from programme_evaluation.common.files import write_text\nwrite_text({str(target)!r}, 'x' * 100_000)\n"

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (10_000, 10_000))

    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert result.returncode != 0
    assert f"WriteError: cannot write {target}: File too large" in result.stderr
    assert target.read_text() == "previous\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["metrics.csv"]


def test_a_missing_source_is_not_reported_as_a_write_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        copy_file(tmp_path / "missing.png", tmp_path / "copy.png")


def test_content_decides_the_digest_not_the_file_time(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("one\n")
    second.write_text("two\n")
    digest = content_digest([first, second])
    os.utime(first, ns=(10**9, 10**9))  # touched, or unpacked with an old time
    assert content_digest([first, second]) == digest
    second.write_text("TWO\n")
    os.utime(second, ns=(10**9, 10**9))  # changed, with an older time than before
    assert content_digest([first, second]) != digest


def test_a_moved_project_keeps_its_digests(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    for folder in ("one", "two"):
        (tmp_path / folder / "suite.yaml").write_text("columns: {}\n")
    assert content_digest([tmp_path / "one" / "suite.yaml"]) == content_digest([tmp_path / "two" / "suite.yaml"])


def test_the_record_of_a_step_keeps_its_generation_until_a_result_changes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    record = written.record_path("programme", "metrics", {"edition": "interim"})
    assert record == ".snakemake/programme-evaluation/written/programme/metrics-interim.json"
    output = Path("results/metrics.csv")
    output.parent.mkdir()
    assert written.inspect(record) == (written.UNRECORDED, [])

    written.start(record, written.UNRECORDED)
    output.write_text("value\n1\n")
    written.finish(record, written.UNRECORDED, [output])
    assert written.inspect(record) == (written.UNRECORDED, [])

    output.write_text("value\n999\n")  # edited by hand
    edited, notes = written.inspect(record)
    assert edited != written.UNRECORDED
    assert notes == [
        "results/metrics.csv is not what the pipeline wrote (changed by hand?); it is not trusted: its step runs again"
    ]

    written.start(record, edited)  # the step runs again with the new generation
    output.write_text("value\n1\n")
    written.finish(record, edited, [output])
    assert written.inspect(record) == (edited, [])
    output.write_text("value\n999\n")  # the same edit again is seen again
    assert written.inspect(record)[0] not in (edited, written.UNRECORDED)


def test_a_step_that_did_not_finish_runs_again_even_with_its_old_files_back(tmp_path, monkeypatch):
    """A failed step's previous outputs are put back (Snakemake's update()); Snakemake then takes
    them for done, so the record must say the step did not finish."""
    monkeypatch.chdir(tmp_path)
    record = written.record_path("programme", "render")
    output = Path("report.html")
    output.write_text("previous report\n")
    written.finish(record, "g1", [output])
    written.start(record, "g1")  # the step starts, fails, and its previous output is restored
    generation, notes = written.inspect(record)
    assert generation != "g1"
    assert notes == ["report.html: the step that writes it did not finish last time; it runs again"]
    written.start(record, generation)  # and fails again
    assert written.inspect(record)[0] not in ("g1", generation)


HOLDER = """
import sys, time
sys.path.insert(0, {src!r})
from programme_evaluation.common.run_lock import hold_run_lock
hold_run_lock({folder!r}, say=lambda text: print(text, flush=True))
print("holding", flush=True)
time.sleep(float(sys.argv[1]))
print("done", flush=True)
"""


def test_a_second_run_waits_for_the_first_and_a_killed_runs_lock_is_released(tmp_path):
    script = HOLDER.format(src=str(SRC), folder=str(tmp_path))
    first = subprocess.Popen([sys.executable, "-c", script, "1.5"], stdout=subprocess.PIPE, text=True)
    assert first.stdout.readline() == "holding\n"
    started = time.monotonic()
    second = subprocess.run([sys.executable, "-c", script, "0"], capture_output=True, text=True, timeout=60)
    assert first.wait() == 0 and second.returncode == 0
    assert time.monotonic() - started > 1  # it waited
    assert second.stdout.startswith(
        f"Another run of this pipeline is working in {tmp_path} (process {first.pid}); waiting for it to finish"
    )
    assert second.stdout.splitlines()[-2:] == ["holding", "done"]

    # A run killed with SIGKILL: the kernel releases the lock; Snakemake's lock files stay behind.
    killed = subprocess.Popen([sys.executable, "-c", script, "60"], stdout=subprocess.PIPE, text=True)
    assert killed.stdout.readline() == "holding\n"
    (tmp_path / ".snakemake" / "locks").mkdir(parents=True)
    (tmp_path / ".snakemake" / "locks" / "0.output.lock").write_text("results/x\n")
    killed.kill()
    killed.wait()
    after = subprocess.run([sys.executable, "-c", script, "0"], capture_output=True, text=True, timeout=60)
    assert "Another run" not in after.stdout
    assert "A run of this pipeline was interrupted here" in after.stdout
    assert not (tmp_path / ".snakemake" / "locks").exists()


def test_the_delivery_hash_is_what_sha256sum_gives(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "referrals.csv").write_text("a\n1\n")
    (raw / "quotes.xlsx").write_bytes(b"PK...")
    (raw / "notes.txt").write_text("not an extract")
    identity = delivery_identity(raw, ["referrals", "quotes"], "2024-06-14")
    listing = "".join(
        f"{hashlib.sha256((raw / name).read_bytes()).hexdigest()}  {name}\n"
        for name in ("quotes.xlsx", "referrals.csv")
    )
    assert identity["sha256"] == hashlib.sha256(listing.encode()).hexdigest()
    assert [item["file"] for item in identity["files"]] == ["quotes.xlsx", "referrals.csv"]
    assert identity["delivery_date"] == "2024-06-14" and identity["folder"] == str(raw)


def test_a_rejected_delivery_says_which_delivery_the_results_are_from(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "referrals.csv").write_text("a\n1\n")
    accepted = tmp_path / "results" / "P" / "gate" / "quality.json"
    status = DeliveryStatus("P", "results/P", tmp_path / "STATUS.txt", tmp_path / "status.json", accepted)

    current = delivery_identity(raw, ["referrals"], "2024-06-14")
    error = status.not_accepted(
        ContractError("referrals.csv, row 2, column a: value '31/03/2021' breaks the rule"), current
    )
    assert "There are no results from an earlier delivery in results/P/." in str(error)

    previous = {"folder": "raw", "delivery_date": "2024-03-31", "sha256": "ab" * 32, "files": []}
    write_text(accepted, json.dumps({"passed": True, "delivery": {**previous, "findings": []}}))
    error = status.not_accepted(
        ContractError("referrals.csv, row 2, column a: value '31/03/2021' breaks the rule"), current
    )
    text = (tmp_path / "STATUS.txt").read_text()
    for said in (str(error), text):
        assert "REJECTED: the current delivery of P breaks its contract; nothing was built from it." in said
        assert f"Current delivery: {raw}, delivery date 2024-06-14, content sha256 {current['sha256']}." in said
        assert (
            f"The results in results/P/ are from the previous accepted delivery (raw, delivery date 2024-03-31, "
            f"content sha256 {'ab' * 32}), not from the current one."
        ) in said
        assert "value '31/03/2021' breaks the rule" in said
    saved = json.loads((tmp_path / "status.json").read_text())
    assert saved["outcome"] == "rejected" and saved["results_from"]["sha256"] == "ab" * 32

    status.accepted(current)
    assert (tmp_path / "STATUS.txt").read_text().startswith("ACCEPTED: the current delivery of P passed the gate.")
    assert json.loads((tmp_path / "status.json").read_text())["results_from"] == current
