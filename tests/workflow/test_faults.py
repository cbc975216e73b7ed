"""Faults a real run meets, with the real Snakemake on the bundled Little Minds Matter: each ends
with results byte-identical to a clean build of the same inputs, or with a clear message and
the last good results intact.

Every case works on its own clone of the session's build (`every_programme_built`), so the clean
build of the bundled inputs is the reference, and runs the README's command there
(`snakemake --cores 2`, here limited to this programme).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from workflow_runner import ONLY_BUNDLED, clone, run_copy, scheduled_jobs, snakemake_command

pytestmark = pytest.mark.workflow

P = "little-minds-matter"
RESULTS = Path("results") / P
J = "little_minds_matter_"
CONFIG = Path("config/programmes") / f"{P}.yaml"
CHAPTER = Path("config/programmes") / P / "narrative" / "90-acknowledgements.md"  # shared by both editions
# The latest delivery (the final edition is built from it; the interim from the June 2023 one).
LATEST = "2024-06-14"
DELIVERY = Path("raw") / P / LATEST
REFERRALS = DELIVERY / "referrals.csv"
# Files the gate rewrites on every run, accepted or not: the staging tables, logs and the status
# (the latest delivery's, also at the top of the results folder).
GATE_OWN = (
    f"gate/{LATEST}/checked/",
    "logs/",
    "DELIVERY-STATUS.txt",
    "delivery-status.json",
    f"deliveries/{LATEST}/DELIVERY-STATUS.txt",
    f"deliveries/{LATEST}/delivery-status.json",
)


def snapshot(copy: Path) -> dict[str, str]:
    """Every file of the programme's results: its SHA-256 (logs: only that it is there)."""
    folder = copy / RESULTS
    return {
        str(path.relative_to(folder)): "log"
        if path.relative_to(folder).parts[0] == "logs"
        else hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def last_good(files: dict[str, str]) -> dict[str, str]:
    """The accepted delivery and everything built from it (not what the gate rewrites each run)."""
    return {name: digest for name, digest in files.items() if not name.startswith(GATE_OWN)}


@pytest.fixture
def copy(every_programme_built, tmp_path):
    return clone(every_programme_built, tmp_path / "project")


@pytest.fixture(scope="module")
def reference(every_programme_built):
    return snapshot(every_programme_built)


def edit_cell(path: Path, row: int, column: str, value: str | None) -> None:
    """Set one cell (`row` as a spreadsheet counts it), or remove the row when `value` is None."""
    with open(path, encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    if value is None:
        del records[row - 1]
    else:
        records[row - 1][records[0].index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)


def said(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


# Each stage, and a file that shows a run has got into it (the first one the stage writes, or
# its log for a stage with one output): the run is killed as soon as it appears.
STAGES = {
    "gate": "gate/*/checked/*.csv",
    "editions": "*/editions/*.csv",
    "metrics": "logs/*/metrics.log",
    "figures": "*/figures/*.png",
    "document": "*/report/figures/*.png",
    "render": "*/report/report.html",
}


def kill_during(copy: Path, stage: str, pattern: str, timeout: float = 300) -> None:
    """Start the README's command and SIGKILL it, job processes and all, once the stage writes."""
    command, env = snakemake_command(copy, *ONLY_BUNDLED)
    with open(copy / f"killed-during-{stage}.log", "w") as log:
        process = subprocess.Popen(
            command, cwd=copy, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        try:
            while not any((copy / RESULTS).glob(pattern)):
                assert process.poll() is None, f"the run ended before reaching the {stage} stage"
                assert time.monotonic() < deadline, f"the run did not reach the {stage} stage"
                time.sleep(0.02)
        finally:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_a_run_killed_during_each_stage_then_run_again_ends_as_a_clean_build(copy, reference):
    """From an empty results folder, a run killed (SIGKILL, as a power cut would) in the gate,
    then the next one killed in the editions, and so on to the render: the next plain run
    finishes the job without --unlock or any other flag, and nothing half-written survives."""
    shutil.rmtree(copy / RESULTS)
    for stage, pattern in STAGES.items():
        kill_during(copy, stage, pattern)
    result = run_copy(copy, *ONLY_BUNDLED)
    assert "A run of this pipeline was interrupted here" in said(result)
    assert "--unlock" not in said(result)
    assert snapshot(copy) == reference
    assert scheduled_jobs(copy, *ONLY_BUNDLED) == {}


def test_two_runs_started_at_once_in_the_same_folder(copy, reference):
    """The second waits for the first, saying so, then finds nothing left to do."""
    for name in ("report.html", "report.pdf"):
        (copy / RESULTS / "interim" / "report" / name).unlink()
    command, env = snakemake_command(copy, *ONLY_BUNDLED)
    runs = [
        subprocess.Popen(command, cwd=copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    waited = [output for output in outputs if "Another run of this pipeline is working in" in output]
    assert len(waited) == 1, outputs
    assert "Nothing to be done" in waited[0]
    assert snapshot(copy) == reference


def test_results_deleted_or_changed_by_hand_are_rebuilt_never_trusted(copy, reference):
    """A dry run names what will be rebuilt and changes nothing; the run rebuilds it from its
    inputs, and everything computed from an edited table with it."""
    metrics = copy / RESULTS / "interim" / "metrics.csv"
    metrics.write_text(
        metrics.read_text(encoding="utf-8").replace(
            "training.practitioners_trained,Y1,all,", "training.practitioners_trained,Y1,all,9"
        ),
        encoding="utf-8",
    )
    quality = copy / RESULTS / "final" / "quality" / "quality.html"
    quality.write_text(quality.read_text(encoding="utf-8") + "<p>all fine</p>\n", encoding="utf-8")
    (copy / RESULTS / "final" / "report" / "report.pdf").unlink()
    edited = snapshot(copy)

    dry = run_copy(copy, *ONLY_BUNDLED, "--dry-run")
    assert f"{RESULTS}/interim/metrics.csv is not what the pipeline wrote (changed by hand?)" in said(dry)
    assert f"{RESULTS}/final/quality/quality.html is not what the pipeline wrote" in said(dry)
    scheduled = scheduled_jobs(copy, *ONLY_BUNDLED)
    # The edited and deleted files' own steps and what is computed from them (the publishing
    # steps after the metrics with them), never what comes before them.
    for rule, count in {J + "metrics": 1, J + "quality_report": 1, J + "document": 2, J + "render": 2}.items():
        assert scheduled.get(rule, 0) >= count, (rule, scheduled)
    assert not {J + "gate", J + "accept_delivery", J + "editions"} & set(scheduled), scheduled
    assert snapshot(copy) == edited

    run_copy(copy, *ONLY_BUNDLED)
    # The change report compares with the build before it, so it now says what the rebuild
    # changed (nothing) rather than "first build": it alone is not the clean build's.
    rebuilt = {name: digest for name, digest in snapshot(copy).items() if "/changes/" not in name}
    assert rebuilt == {name: digest for name, digest in reference.items() if "/changes/" not in name}
    assert scheduled_jobs(copy, *ONLY_BUNDLED) == {}


def test_a_rejected_delivery_fails_every_run_and_the_last_good_results_stay(copy, reference):
    """Defect 1: the second run used to say "Nothing to be done". Every run fails with the same
    message until the delivery changes; the results folder and the output say the results are
    from the previous delivery. Then an extract deleted between runs: the same, naming it."""
    accepted = json.loads((copy / RESULTS / "gate" / LATEST / "quality.json").read_text(encoding="utf-8"))["delivery"]
    edit_cell(copy / REFERRALS, 6, "referral_date", "31/03/2021")
    runs = [run_copy(copy, *ONLY_BUNDLED, check=False) for _ in range(2)]
    messages = []
    for result in runs:
        assert result.returncode != 0
        message = said(result)
        found = re.search(r"^The extracts in .*?^Ask the provider.*?$", message, flags=re.S | re.M)
        assert found, message
        messages.append(found.group(0))
    assert messages[0] == messages[1]
    previous = (
        f"The results in {RESULTS}/ are from the previous accepted delivery ({DELIVERY.as_posix()}, delivery date "
        f"{accepted['delivery_date']}, content sha256 {accepted['sha256']}), not from the current one."
    )
    statuses = [RESULTS / "DELIVERY-STATUS.txt", RESULTS / "deliveries" / LATEST / "DELIVERY-STATUS.txt"]
    for text in (messages[0], *((copy / status).read_text(encoding="utf-8") for status in statuses)):
        assert f"REJECTED: the current delivery of {P} breaks its contract" in text
        assert "referrals.csv, row 6, column referral_date: value '31/03/2021'" in text
        assert previous in text
    assert last_good(snapshot(copy)) == last_good(reference)

    (copy / DELIVERY / "interventions.csv").unlink()
    result = run_copy(copy, *ONLY_BUNDLED, check=False)
    assert result.returncode != 0
    missing = "interventions.csv: extract 'interventions' is missing"
    assert f"{missing} (expected interventions.csv or interventions.xlsx in {DELIVERY.as_posix()})" in said(result)
    assert previous in said(result)
    status = json.loads((copy / RESULTS / "delivery-status.json").read_text(encoding="utf-8"))
    assert status["outcome"] == "rejected" and status["results_from"]["sha256"] == accepted["sha256"]
    assert last_good(snapshot(copy)) == last_good(reference)


def test_a_results_folder_that_cannot_be_written_is_named_and_the_last_good_results_stay(copy, reference):
    """A new delivery (changed, with an older file time, as `cp -p` leaves it) meets a full disk,
    simulated by a file-size limit on the run (root may write to read-only folders)."""
    times = os.stat(copy / REFERRALS)
    text = (copy / REFERRALS).read_text(encoding="utf-8")
    (copy / REFERRALS).write_text(re.sub(r",BSB,", ",RIC,", text, count=1), encoding="utf-8")
    os.utime(copy / REFERRALS, ns=(times.st_atime_ns, times.st_mtime_ns - 10**12))

    def full_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    result = run_copy(copy, *ONLY_BUNDLED, check=False, preexec_fn=full_disk)
    assert result.returncode != 0
    assert re.search(rf"cannot write {RESULTS}/\S+: File too large\. The disk may be full", said(result)), said(result)
    assert f"NOT ACCEPTED: the current delivery of {P} could not be checked or stored" in said(result)
    assert last_good(snapshot(copy)) == last_good(reference)
    assert scheduled_jobs(copy, *ONLY_BUNDLED)[J + "gate"] == 1  # the next run checks it again


def without_quarto() -> str:
    """PATH without any folder holding a `quarto` executable, so the failure below happens
    where Quarto is installed too (the conda environment, a machine with Quarto)."""
    folders = os.environ.get("PATH", "").split(os.pathsep)
    return os.pathsep.join(folder for folder in folders if not shutil.which("quarto", path=folder))


def test_the_configuration_changed_between_runs_and_a_failing_step_runs_again(copy, reference, monkeypatch):
    """A reworded sentence of a chapter every edition shares reaches the report documents. A step
    that fails on the way (the Quarto renderer asked for but not installed: Quarto is taken off
    PATH) says why and leaves everything it does not write as it was (Snakemake removes only that
    step's own outputs). With the chapter and configuration put back, the next run rebuilds
    exactly what changed and gives the clean build again."""
    original = (copy / CONFIG).read_text(encoding="utf-8")
    chapter = copy / CHAPTER
    sentence = chapter.read_text(encoding="utf-8")
    reworded = sentence.replace("We thank the families", "Reworded, we thank the families", 1)
    assert reworded != sentence
    chapter.write_text(reworded, encoding="utf-8")
    (copy / CONFIG).write_text(original.replace("report:\n", "report:\n  renderer: quarto\n", 1), encoding="utf-8")
    with monkeypatch.context() as patch:  # the clean rebuild below renders as the reference did
        patch.setenv("PATH", without_quarto())
        failed = run_copy(copy, *ONLY_BUNDLED, check=False)
    assert failed.returncode != 0
    assert "renderer='quarto' was asked for but no `quarto` executable is on PATH" in said(failed)
    rendered = {
        f"{edition}/report/{name}"
        for edition in ("interim", "final")
        for name in ("report.html", "report.pdf", "report.docx")
    }
    # The documents carry the reworded text; the manifests record the configuration and chapters.
    documents = {f"{edition}/report/report.qmd" for edition in ("interim", "final")}
    documents |= {f"{edition}/manifest.json" for edition in ("interim", "final")}
    after = snapshot(copy)
    assert not rendered & set(after)
    assert {name: digest for name, digest in after.items() if name not in documents} == {
        name: digest for name, digest in reference.items() if name not in rendered | documents
    }
    for name in (name for name in documents if name.endswith("report.qmd")):
        assert "Reworded, we thank the families" in (copy / RESULTS / name).read_text(encoding="utf-8")

    (copy / CONFIG).write_text(original, encoding="utf-8")
    chapter.write_text(sentence, encoding="utf-8")
    scheduled = scheduled_jobs(copy, *ONLY_BUNDLED)
    assert scheduled.get(J + "document") == 2 and scheduled.get(J + "render") == 2, scheduled
    assert not {J + step for step in ("gate", "editions", "metrics", "published", "figures")} & set(scheduled), (
        scheduled
    )
    run_copy(copy, *ONLY_BUNDLED)
    assert snapshot(copy) == reference
