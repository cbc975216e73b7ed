"""The gate in a real build: a bad delivery stops it, in the user's words at the end of the
console, and the last good results stay as they were; warnings do not stop it. The catalogue of
bad inputs, run on the gate alone, is tests/unit/gate/test_bad_inputs.py."""

from __future__ import annotations

import csv
import json
import time

import pytest
from workflow_runner import BUNDLED_RAW, copy_bundled_raw, run_snakemake

pytestmark = pytest.mark.workflow

QUALITY_TARGETS = tuple(
    f"results/little-minds-matter/{edition}/{name}"
    for edition in ("interim", "final")
    for name in ("metrics.csv", "quality/quality.html", "quality/quality.json")
)


def test_a_bad_extract_stops_the_build_and_the_last_good_results_stay(tmp_path):
    raw = copy_bundled_raw(tmp_path)
    run_snakemake(tmp_path, targets=QUALITY_TARGETS)
    # Every result of the good delivery (validated tables included), but the logs.
    # (gate/checked/ is the gate's own candidate copy: a rejected delivery takes it, never the accepted one.)
    # The delivery status says which delivery the results are from: it is meant to change.
    built = {
        path: path.read_bytes()
        for path in (tmp_path / "results").rglob("*")
        if path.is_file()
        and not {"logs", "checked"} & set(path.parts)
        and path.name not in ("DELIVERY-STATUS.txt", "delivery-status.json")
    }
    assert any(path.parent.parent.name == "gate" for path in built)
    referrals = raw / "referrals.csv"
    lines = referrals.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[14] = lines[14].replace("2018-08-28", "28/08/2018")  # row 15: the assessment date
    referrals.write_text("".join(lines), encoding="utf-8")
    time.sleep(1)  # a newer raw file than the results, whatever the file system's clock resolution

    result = run_snakemake(tmp_path, check=False, targets=QUALITY_TARGETS)

    assert result.returncode != 0
    assert (
        "referrals.csv, row 15, column assessment_date: value '28/08/2018' breaks the rule: assessment_date "
        "must be a real date written YYYY-MM-DD"
    ) in result.stderr
    for path, content in built.items():
        assert path.read_bytes() == content, f"{path} changed"
    rejected = json.loads(
        (tmp_path / f"results/little-minds-matter/logs/gate/{raw.name}.quality.json").read_text(encoding="utf-8")
    )
    assert rejected["passed"] is False and rejected["errors"] == 1


def test_warnings_do_not_stop_the_build_and_no_output_cell_is_a_formula(tmp_path):
    raw = copy_bundled_raw(tmp_path)
    quotes = raw / "quotes.csv"
    records = list(csv.reader(quotes.open(encoding="utf-8", newline="")))
    records[3][records[0].index("text")] = "=1+1 <script>alert(1)</script>"
    records[4][records[0].index("consent_to_publish")] = "Yes"
    with quotes.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)

    run_snakemake(tmp_path, targets=QUALITY_TARGETS)

    quality = json.loads((tmp_path / "results/little-minds-matter/final/quality/quality.json").read_text())
    assert quality["passed"] and quality["edition"] == "final" and quality["warnings"] == 2
    html = (tmp_path / "results/little-minds-matter/final/quality/quality.html").read_text()
    assert "quotes.neutralise.formula" in html and "quotes.normalise.category_case" in html
    assert "<script>" not in html and "=1+1 &lt;script&gt;alert(1)&lt;/script&gt;" in html  # escaped, shown
    for path in (tmp_path / "results").rglob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            assert not any(cell.startswith("=") for record in csv.reader(handle) for cell in record), path


def test_the_console_ends_with_the_gates_message_not_the_engines_traceback(tmp_path):
    raw = copy_bundled_raw(tmp_path)
    sorted(raw.rglob("referrals.csv"))[-1].write_bytes(b"")
    result = run_snakemake(
        tmp_path, check=False, targets=(f"results/little-minds-matter/gate/{BUNDLED_RAW.name}/quality.json",)
    )
    assert result.returncode != 0
    tail = result.stderr.rsplit("Why the build stopped:", 1)
    assert len(tail) == 2, result.stderr[-3000:]
    assert "referrals.csv: the file is empty (0 bytes)" in tail[1]
    assert "REJECTED: the current delivery of little-minds-matter" in tail[1]
    after = tail[1].split("DELIVERY-STATUS.txt.", 1)[1].strip().splitlines()
    # Only Snakemake's own short closing lines follow (log file, time, the final WorkflowError).
    assert len(after) <= 4, after
    assert not any(word in line for line in after for word in ("Error in rule", "RuleException", "input:", "Traceback"))
