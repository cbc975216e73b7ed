"""The change report names exactly the numbers a rebuild changed, with their old and new values."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml
from workflow_runner import REPO, copy_repository, run_copy

from programme_evaluation.changes.compare import compare, read_numbers
from programme_evaluation.changes.report import write_change_report
from programme_evaluation.common.errors import PipelineError

TEMPLATE = REPO / "templates" / "changes" / "changes.html.j2"
HEADER = "metric,period,group,value,numerator,denominator,target,pct_of_target,rag\n"
SETTINGS = {"programme": "p", "title": "A <b>bold</b> programme", "edition": "interim"}


def table(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_changed_added_and_removed_rows_in_table_order(tmp_path):
    old = read_numbers(
        table(
            tmp_path / "old.csv", ["a,Y1,all,3,,,,,", "a,overall,all,3,,,,,", "b,Y1,all,0.5,1,2,,,", "c,Y1,all,7,,,,,"]
        )
    )
    new = read_numbers(
        table(tmp_path / "new.csv", ["a,Y1,all,4,,,,,", "a,overall,all,3,,,,,", "b,Y1,all,,0,0,,,", "d,Y1,x,1,,,,,"])
    )
    changes = compare(old, new)
    assert changes.values.tolist() == [
        ["a", "Y1", "all", "3", "4", "changed"],
        ["b", "Y1", "all", "0.5", "", "changed"],  # a share whose denominator became 0
        ["d", "Y1", "x", "", "1", "added"],
        ["c", "Y1", "all", "7", "", "removed"],
    ]


def test_a_numbers_table_with_a_repeated_row_or_no_value_column_is_refused(tmp_path):
    with pytest.raises(PipelineError, match=r"twice\.csv, row 3: metric 'a', period 'Y1', group 'all' appears twice"):
        read_numbers(table(tmp_path / "twice.csv", ["a,Y1,all,3,,,,,", "a,Y1,all,4,,,,,"]))
    (tmp_path / "bare.csv").write_text("metric,period,group\na,Y1,all\n", encoding="utf-8")
    with pytest.raises(
        PipelineError, match=r"bare\.csv: expected the columns metric, period, group, value .*missing value"
    ):
        read_numbers(tmp_path / "bare.csv")


def test_first_build_then_a_change_with_hostile_text_escaped_and_defused(tmp_path):
    numbers, kept = tmp_path / "metrics.csv", tmp_path / "changes" / "last-seen-numbers.csv"
    out_csv, out_html = tmp_path / "changes" / "changes.csv", tmp_path / "changes" / "changes.html"
    hostile = '"<script>alert(1)</script>"'
    table(numbers, [f"a,Y1,{hostile},3,,,,,", "a,Y1,=HYPERLINK(1),2,,,,,"])
    summary = write_change_report(SETTINGS, numbers, kept, TEMPLATE, out_csv, out_html)
    assert summary["first_build"] and read_csv(out_csv) == []
    assert "first build" in out_html.read_text(encoding="utf-8")
    assert kept.read_bytes() == numbers.read_bytes()

    table(numbers, [f"a,Y1,{hostile},5,,,,,", "a,Y1,=HYPERLINK(1),1,,,,,"])
    summary = write_change_report(SETTINGS, numbers, kept, TEMPLATE, out_csv, out_html)
    assert summary["counts"] == {"changed": 2, "added": 0, "removed": 0}
    page = out_html.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "'=HYPERLINK(1)" in out_csv.read_text(encoding="utf-8")  # a formula is shown, never run
    assert [(row["group"], row["old_value"], row["new_value"]) for row in read_csv(out_csv)] == [
        ("<script>alert(1)</script>", "3", "5"),
        ("'=HYPERLINK(1)", "2", "1"),
    ]
    assert kept.read_bytes() == numbers.read_bytes()


HM = "hearts-and-minds"
ONLY = ("--config", f"programmes={HM}")


def metric_values(path: Path) -> dict[tuple[str, str, str], str]:
    return {(row["metric"], row["period"], row["group"]): row["value"] for row in read_csv(path)}


def period_of(day: str, config: dict) -> str:
    return next(period["name"] for period in config["periods"] if str(period["from"]) <= day <= str(period["to"]))


@pytest.mark.workflow
def test_one_changed_raw_value_is_named_with_its_old_and_new_value(tmp_path):
    copy = copy_repository(tmp_path)
    config = yaml.safe_load((copy / "config" / "programmes" / f"{HM}.yaml").read_text(encoding="utf-8"))
    edition = config["editions"][0]["name"]
    folder = copy / "results" / HM / edition
    targets = (f"results/{HM}/{edition}/changes/changes.csv", f"results/{HM}/{edition}/changes/changes.html")
    run_copy(copy, *targets, *ONLY)
    assert read_csv(folder / "changes" / "changes.csv") == []
    assert "first build" in (folder / "changes" / "changes.html").read_text(encoding="utf-8")
    before = metric_values(folder / "metrics.csv")

    # One respondent's trust score, 4 -> 5: the mean of its period and overall move, nothing else
    # (the share of scores of 4 or more does not).
    survey = max((copy / "raw" / HM).iterdir()) / "vcs_survey.csv"  # its latest delivery
    text = survey.read_text(encoding="utf-8")
    row = re.search(r"^VS001,(\d{4}-\d\d-\d\d),.*,4$", text, flags=re.MULTILINE)
    survey.write_text(text.replace(row.group(0), row.group(0)[:-1] + "5"), encoding="utf-8")
    run_copy(copy, *targets, *ONLY)

    after = metric_values(folder / "metrics.csv")
    metric = "community.trusted_source_mean"
    expected = {(metric, period_of(row.group(1), config), "all"), (metric, "overall", "all")}
    assert {key for key in after if after[key] != before[key]} == expected
    # the change report lists the published numbers that changed (the published set holds the
    # rows the report uses, docs/disclosure.md): here the overall mean, not the half-year's
    published = {(row["metric"], row["period"], row["group"]) for row in read_csv(folder / "published" / "metrics.csv")}
    expected = {key for key in expected if key in published}
    assert expected == {(metric, "overall", "all")}
    changes = read_csv(folder / "changes" / "changes.csv")
    assert sorted(
        (
            row["programme"],
            row["edition"],
            row["metric"],
            row["period"],
            row["group"],
            row["old_value"],
            row["new_value"],
            row["change"],
        )
        for row in changes
    ) == sorted((HM, edition, *key, before[key], after[key], "changed") for key in expected)
    page = (folder / "changes" / "changes.html").read_text(encoding="utf-8")
    assert f"{len(expected)} number(s) changed" in page and all(
        before[key] in page and after[key] in page for key in expected
    )
