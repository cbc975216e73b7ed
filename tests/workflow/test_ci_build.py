"""The script CI runs on a push (tools/ci_build.sh, .github/workflows/reports.yml): after a green
build it hands over every edition's reports as artifacts and passes; on a rejected delivery it
fails with the gate's message, and still hands over the gate's findings. (.ci/run runs the test
suite, so these two tests are how CI exercises the script.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml
from workflow_runner import REPO, clone, copy_repository

pytestmark = pytest.mark.workflow

HM = "hearts-and-minds"


def ci_build(copy, *args: str) -> subprocess.CompletedProcess:
    """tools/ci_build.sh in a repository copy, with the copy's own package, as on GitHub."""
    (copy / "tools").mkdir(exist_ok=True)
    shutil.copy2(REPO / "tools" / "ci_build.sh", copy / "tools" / "ci_build.sh")
    env = {**os.environ, "PYTHON": sys.executable, "PYTHONPATH": str(copy / "src"), "GITHUB_ACTIONS": "true"}
    return subprocess.run(
        ["bash", "tools/ci_build.sh", *args], cwd=copy, env=env, capture_output=True, text=True, check=False
    )


def test_a_green_build_passes_the_ci_build_with_every_editions_reports_as_artifacts(every_programme_built, tmp_path):
    """The success path, on a clone of the session's build (so Snakemake has nothing left to do):
    the script checks that every metrics table has its report, quality report and change report
    among the artifacts, and passes."""
    copy = clone(every_programme_built, tmp_path / "repository")
    result = ci_build(copy, "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "missing from the artifacts" not in result.stdout and "::error" not in result.stdout
    editions = sorted(path.parent.relative_to(copy) for path in (copy / "results").glob("*/*/metrics.csv"))
    configured = [
        yaml.safe_load(path.read_text(encoding="utf-8")) for path in (copy / "config" / "programmes").glob("*.yaml")
    ]
    assert len(editions) == sum(len(config["editions"]) for config in configured) >= 5  # 2 + 1 + the third's 2
    for edition in editions:
        for name in ("report/report.html", "report/report.pdf", "quality/quality.html", "changes/changes.html"):
            artifact = copy / "out" / edition / name
            assert artifact.read_bytes() == (copy / edition / name).read_bytes(), artifact
    assert (copy / "out" / "build.log").is_file()


def test_a_rejected_delivery_fails_the_ci_build_with_the_gate_message(tmp_path):
    copy = copy_repository(tmp_path)
    survey = max((copy / "raw" / HM).iterdir()) / "vcs_survey.csv"  # its latest delivery
    lines = survey.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[1].rstrip("\n").split(",")
    column = header.index("response_date")
    year, month, day = cells[column].split("-")
    cells[column] = f"{day}/{month}/{year}"  # as a spreadsheet in the UK writes it
    lines[1] = ",".join(cells) + "\n"
    survey.write_text("".join(lines), encoding="utf-8")

    result = ci_build(copy, "out", "--config", f"programmes={HM}")
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    message = f"vcs_survey.csv, row 2, column response_date: value '{cells[column]}'"
    summary = result.stdout.split(f"The gate rejected the delivery of {HM}:\n", 1)[1]
    assert message in summary
    annotation = next(line for line in result.stdout.splitlines() if line.startswith("::error "))
    assert annotation.startswith(f"::error title=The gate rejected the delivery of {HM}::") and message in annotation
    assert "%0A" in annotation and "\n" not in annotation
    artifacts = copy / "out"
    gate_logs = artifacts / "results" / HM / "logs" / "gate"  # one log and summary per delivery
    assert message in (gate_logs / f"{survey.parent.name}.log").read_text(encoding="utf-8")
    assert (gate_logs / f"{survey.parent.name}.quality.json").is_file()
    assert (artifacts / "build.log").is_file()
    assert not list(artifacts.rglob("report.pdf"))  # nothing was built from the rejected delivery
