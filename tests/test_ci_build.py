"""The script CI runs (tools/ci_build.sh) fails on a rejected delivery with the gate's message,
and still hands over the gate's findings as artifacts. (.ci/run runs it on the bundled data.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from workflow_runner import REPO, copy_repository

pytestmark = pytest.mark.workflow

HM = "hearts-and-minds"


def test_a_rejected_delivery_fails_the_ci_build_with_the_gate_message(tmp_path):
    copy = copy_repository(tmp_path)
    (copy / "tools").mkdir()
    shutil.copy2(REPO / "tools" / "ci_build.sh", copy / "tools" / "ci_build.sh")
    survey = copy / "raw" / HM / "vcs_survey.csv"
    lines = survey.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[1].rstrip("\n").split(",")
    column = header.index("response_date")
    year, month, day = cells[column].split("-")
    cells[column] = f"{day}/{month}/{year}"  # as a spreadsheet in the UK writes it
    lines[1] = ",".join(cells) + "\n"
    survey.write_text("".join(lines), encoding="utf-8")

    env = {**os.environ, "PYTHON": sys.executable, "PYTHONPATH": str(copy / "src"), "GITHUB_ACTIONS": "true"}
    result = subprocess.run(
        ["bash", "tools/ci_build.sh", "out", "--config", f"programmes={HM}"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    message = f"vcs_survey.csv, row 2, column response_date: value '{cells[column]}'"
    summary = result.stdout.split(f"The gate rejected the delivery of {HM}:\n", 1)[1]
    assert message in summary
    annotation = next(line for line in result.stdout.splitlines() if line.startswith("::error "))
    assert annotation.startswith(f"::error title=The gate rejected the delivery of {HM}::") and message in annotation
    assert "%0A" in annotation and "\n" not in annotation
    artifacts = copy / "out"
    assert message in (artifacts / "results" / HM / "logs" / "gate.log").read_text(encoding="utf-8")
    assert (artifacts / "results" / HM / "logs" / "gate.quality.json").is_file()
    assert (artifacts / "build.log").is_file()
    assert not list(artifacts.rglob("report.pdf"))  # nothing was built from the rejected delivery
