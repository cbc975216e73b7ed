"""The cross-check suite on a metrics table (real Great Expectations): a contradiction stops the
build naming the rule, the metric, the period and the group; a consistent table passes."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from repository import REPO

from programme_evaluation.metrics.audited import COLUMNS
from programme_evaluation.published.cross_checks import CrossCheckError, cross_check

SUITE = REPO / "expectations" / "metrics" / "cross_checks.yaml"
METRICS = [
    {"name": "m.count", "kind": "count", "extract": "x", "date": "day", "target": {"P1": 20, "P2": 20}},
    {"name": "m.by", "kind": "count", "extract": "x", "date": "day", "where": "ok == 'yes'", "by": "kind"},
    {"name": "m.people", "kind": "count", "extract": "x", "date": "day", "distinct": "id"},
    {"name": "m.share", "kind": "share", "extract": "x", "date": "day", "numerator": "ok == 'yes'"},
]
SETTINGS = {
    "metrics": METRICS,
    "lists": {},
    "rag": {"green": 1.0, "amber": 0.75},
    "cross_checks": {"funnels": [["m.count", "m.by"]], "never_decrease": ["m.count"]},
}


def rows(final: bool = True) -> list[list]:
    """A consistent table (the final edition, or the interim one seeing only P1)."""
    table = [
        ["m.count", "P1", "all", 18, 18, "", 20, 0.9, "AMBER"],
        ["m.count", "P2", "all", 22, 22, "", 20, 1.1, "GREEN"],
        ["m.count", "overall", "all", 40, 40, "", 40, 1.0, "GREEN"],
    ]
    for period, (a, b) in (("P1", (3, 5)), ("P2", (10, 2)), ("overall", (13, 7))):
        table += [
            ["m.by", period, "all", a + b, a + b, "", "", "", ""],
            ["m.by", period, "A", a, a, "", "", "", ""],
            ["m.by", period, "B", b, b, "", "", "", ""],
        ]
    table += [
        ["m.people", "P1", "all", 10, 10, "", "", "", ""],
        ["m.people", "P2", "all", 12, 12, "", "", "", ""],
        ["m.people", "overall", "all", 19, 19, "", "", "", ""],
    ]  # three people came in both periods
    table += [
        ["m.share", "P1", "all", 0.444444, 8, 18, "", "", ""],
        ["m.share", "P2", "all", 0.545455, 12, 22, "", "", ""],
        ["m.share", "overall", "all", 0.5, 20, 40, "", "", ""],
    ]
    if not final:
        table = [row for row in table if row[1] != "P2"]
    return table


def write(path: Path, table: list[list]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(table, columns=COLUMNS).to_csv(path, index=False)
    return path


def set_cell(table: list[list], metric: str, period: str, group: str, column: str, value) -> list[list]:
    for row in table:
        if row[:3] == [metric, period, group]:
            row[COLUMNS.index(column)] = value
    return table


def test_contradictions_stop_the_build_naming_rule_metric_period_and_group(tmp_path):
    interim = rows(final=False)
    set_cell(interim, "m.count", "P1", "all", "value", 19)  # the final edition sees one fewer
    set_cell(interim, "m.count", "P1", "all", "numerator", 19)
    final = rows()
    set_cell(final, "m.by", "P2", "A", "value", 11)  # groups 11 + 2 != 12
    set_cell(final, "m.by", "P2", "A", "numerator", 11)
    set_cell(final, "m.share", "P2", "all", "value", 1.2)
    set_cell(final, "m.count", "P2", "all", "rag", "RED")
    set_cell(final, "m.count", "P1", "all", "pct_of_target", 0.5)
    set_cell(final, "m.people", "overall", "all", "value", 23)  # more people than the periods hold
    set_cell(final, "m.people", "overall", "all", "numerator", 23)
    paths = [("interim", write(tmp_path / "interim.csv", interim)), ("final", write(tmp_path / "final.csv", final))]
    with pytest.raises(CrossCheckError) as failure:
        cross_check(SETTINGS, paths, SUITE, tmp_path / "checks.csv", tmp_path / "checks.json")
    message = str(failure.value)
    expected = [
        "[breakdown_sum]",
        "metric m.by, period P2, group all: found 12, expected 13 (sum of its 2 groups)",
        "[period_sum]",
        "metric m.by, period overall, group A: found 13, expected 14",
        "[period_bound_sum]",
        "metric m.people, period overall, group all: found 23, expected 22",
        "[share_range]",
        "metric m.share, period P2, group all: found 1.2",
        "[pct_of_target]",
        "metric m.count, period P1, group all: found 0.5, expected 0.9",
        "[rag]",
        "metric m.count, period P2, group all: rag is RED, expected GREEN",
        "[edition_growth]",
        "metric m.count, period P1, group all: found 18, expected 19 (interim edition)",
    ]
    for text in expected:
        assert text in message, f"{text!r} not in:\n{message}"
    assert "[funnel]" not in message and "[same_population]" not in message
    assert not (tmp_path / "checks.json").exists()  # nothing is published after a failure
    checked = pd.read_csv(tmp_path / "checks.csv")
    assert set(checked.loc[checked.outcome == "failed", "check"]) == {
        "breakdown_sum",
        "period_sum",
        "period_bound_sum",
        "share_range",
        "pct_of_target",
        "rag",
        "edition_growth",
    }
    # Numbers are written as numbers: a negative difference is not text, nothing in 1e-07 form.
    assert all(pd.api.types.is_float_dtype(checked[column]) for column in ("found", "expected", "difference"))
    assert (checked["difference"] < 0).any()
    assert not re.search(r"\d[eE][-+]?\d", (tmp_path / "checks.csv").read_text(encoding="utf-8"))


def test_a_consistent_table_passes_every_rule_and_a_widening_funnel_does_not(tmp_path):
    paths = [
        ("interim", write(tmp_path / "interim.csv", rows(final=False))),
        ("final", write(tmp_path / "final.csv", rows())),
    ]
    checked = cross_check(SETTINGS, paths, SUITE, tmp_path / "checks.csv", tmp_path / "checks.json")
    assert set(checked["outcome"]) == {"passed"}
    assert {
        "breakdown_sum",
        "period_sum",
        "period_bound_sum",
        "period_bound_each",
        "funnel",
        "edition_growth",
        "share_range",
        "pct_of_target",
        "rag",
    } <= set(checked["check"])
    widened = {**SETTINGS, "cross_checks": {"funnels": [["m.by", "m.count"]]}}
    with pytest.raises(
        CrossCheckError, match=r"funnel never widens.*\n.*metric m.by, period overall, group all: found 20, expected 40"
    ):
        cross_check(widened, paths[1:], SUITE, tmp_path / "checks.csv", tmp_path / "checks.json")
