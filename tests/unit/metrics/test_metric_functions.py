"""Unit tests of the metric building blocks on tiny frames."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from programme_evaluation.common.periods import period_of
from programme_evaluation.common.spreadsheet_safety import as_delivered, spreadsheet_safe
from programme_evaluation.common.tables import csv_number as number_text
from programme_evaluation.configuration import ConfigError, Period
from programme_evaluation.editions.cut_off import as_at_cut_off
from programme_evaluation.metrics.compute import compute_metric, formatted, metrics_table, questionnaires
from programme_evaluation.metrics.targets import rag, target_for

PERIODS = [
    Period("A", dt.date(2020, 1, 1), dt.date(2020, 1, 31)),
    Period("B", dt.date(2020, 2, 1), dt.date(2020, 3, 15)),
]
THRESHOLDS = {"green": 1.0, "amber": 0.75}


def dates(*days):
    return pd.Series(pd.to_datetime(list(days)))


def test_period_of_includes_both_ends_and_leaves_outsiders_out():
    labels = period_of(
        dates("2019-12-31", "2020-01-01", "2020-01-31", "2020-02-01", "2020-03-15", "2020-03-16", None), PERIODS
    )
    assert list(labels) == [None, "A", "A", "B", "B", None, None]


def test_questionnaire_median_of_even_items_is_the_mean_of_the_middle_two():
    items = pd.DataFrame(
        {
            "response_id": ["r1"] * 4 + ["r2"] * 3,
            "response_date": pd.to_datetime(["2020-01-02"] * 7),
            "score": pd.array([3, 4, 3, 4, 4, 4, 1], dtype="Int64"),
        }
    )
    result = questionnaires(items, 4).set_index("response_id")
    assert result.loc["r1", "median_score"] == 3.5 and not result.loc["r1", "satisfied"]
    assert result.loc["r2", "median_score"] == 4 and result.loc["r2", "satisfied"]


def test_a_distinct_count_takes_each_ids_attributes_at_its_first_event():
    frame = pd.DataFrame(
        {
            "who": ["x", "y", "x", None],
            "when": pd.to_datetime(["2020-01-05", "2020-01-02", "2020-01-01", "2020-01-01"]),
            "group": ["later", "y", "first", "nobody"],
        }
    )
    metric = {"name": "c", "kind": "count", "extract": "f", "date": "when", "distinct": "who", "by": "group"}
    rows = compute_metric(metric, {"f": frame}, PERIODS, {}, {}, 4)
    counted = {row["group"]: row["value"] for row in rows if row["period"] == "overall"}
    assert counted == {"all": 2, "first": 1, "y": 1, "later": 0, "nobody": 0}


def attendance():
    return pd.DataFrame(
        {
            "practitioner_id": ["p1", "p1", "p2", "p3", "p1"],
            "session_date": pd.to_datetime(["2020-01-03", "2020-01-20", "2020-01-10", "2020-02-02", "2020-02-05"]),
            "course": ["IMHA", "IMHA", "IMHA", "BESPOKE", "IMHA"],
            "workforce_group": ["Midwife", "VCS", "VCS", "Midwife", "VCS"],
        }
    )


def test_count_distinct_by_group_with_zero_rows_for_empty_groups():
    metric = {
        "name": "t.trained",
        "kind": "count",
        "extract": "a",
        "where": "course == 'IMHA'",
        "date": "session_date",
        "distinct": "practitioner_id",
        "by": "workforce_group",
    }
    rows = compute_metric(
        metric, {"a": attendance()}, PERIODS, {}, {("a", "workforce_group"): ["Midwife", "VCS", "Unknown"]}, 4
    )
    values = {(row["period"], row["group"]): row["value"] for row in rows}
    assert values == {
        ("A", "all"): 2,
        ("A", "Midwife"): 1,
        ("A", "VCS"): 1,
        ("A", "Unknown"): 0,
        ("B", "all"): 1,
        ("B", "Midwife"): 0,
        ("B", "VCS"): 1,
        ("B", "Unknown"): 0,
        ("overall", "all"): 2,
        ("overall", "Midwife"): 1,
        ("overall", "VCS"): 1,
        ("overall", "Unknown"): 0,
    }


def test_share_uses_named_lists_and_leaves_a_share_of_nothing_empty():
    metric = {
        "name": "t.priority",
        "kind": "share",
        "extract": "a",
        "where": "course == 'BESPOKE'",
        "date": "session_date",
        "distinct": "practitioner_id",
        "numerator": "workforce_group in @priority",
    }
    rows = {
        row["period"]: row
        for row in compute_metric(metric, {"a": attendance()}, PERIODS, {"priority": ["Midwife"]}, {}, 4)
    }
    assert rows["A"]["value"] is None and (rows["A"]["numerator"], rows["A"]["denominator"]) == (0, 0)
    assert rows["B"]["value"] == 1.0 and (rows["B"]["numerator"], rows["B"]["denominator"]) == (1, 1)


def test_missing_categories_get_a_not_recorded_group():
    frame = pd.DataFrame({"d": pd.to_datetime(["2020-01-02", "2020-01-03"]), "area": ["BSB", None]})
    metric = {"name": "c.area", "kind": "count", "extract": "x", "date": "d", "by": "area", "include_all": False}
    rows = compute_metric(metric, {"x": frame}, PERIODS, {}, {("x", "area"): ["BSB"]}, 4)
    assert {(r["period"], r["group"]): r["value"] for r in rows if r["period"] == "A"} == {
        ("A", "BSB"): 1,
        ("A", "not recorded"): 1,
    }


@pytest.mark.parametrize(
    "pct, expected",
    [
        (1.2, "GREEN"),
        (1.0, "GREEN"),
        (0.9999, "AMBER"),
        (0.75, "AMBER"),
        (0.7499, "RED"),
        (0.0, "RED"),
        (None, None),
        (math.nan, None),
    ],
)
def test_rag_thresholds(pct, expected):
    assert rag(pct, THRESHOLDS) == expected


def test_targets_sum_over_the_edition_for_counts_and_stay_for_shares():
    count = {"target": {"A": 10, "B": 5, "C": 7}}
    assert target_for(count, "B", ["A", "B"]) == 5 and target_for(count, "overall", ["A", "B"]) == 15
    assert target_for({"target": 0.8}, "overall", ["A"]) == 0.8 and target_for({}, "A", ["A"]) is None


def test_metrics_table_adds_targets_only_to_the_whole():
    config = {
        "metrics": [
            {
                "name": "t.trained",
                "kind": "count",
                "extract": "a",
                "where": "course == 'IMHA'",
                "date": "session_date",
                "distinct": "practitioner_id",
                "by": "course",
                "target": {"A": 2, "B": 2},
            }
        ],
        "rag": THRESHOLDS,
        "lists": {},
    }
    table = formatted(metrics_table(config, {"a": attendance()}, PERIODS, {("a", "course"): ["IMHA", "BESPOKE"]}))
    whole = table[(table.period == "overall") & (table.group == "all")].iloc[0]
    assert (whole["value"], whole["target"], whole["pct_of_target"], whole["rag"]) == ("2", "4", "0.5", "RED")
    assert set(table[table.group != "all"]["target"]) == {""}


@pytest.mark.parametrize(
    "value, text",
    [(3, "3"), (3.0, "3"), (0.5, "0.5"), (2 / 3, "0.666667"), (None, ""), (math.nan, ""), (1234567, "1234567")]
    + [(-9.5e-08, "0"), (0.9999999, "1"), (-0.25, "-0.25"), (1e-07 + 0.5, "0.5")],
)
def test_number_text_is_stable(value, text):
    assert number_text(value) == text


def test_as_at_cut_off_blanks_later_milestones_and_sets_their_status():
    referrals = pd.DataFrame(
        {
            "referral_date": pd.to_datetime(["2020-01-01", "2020-01-02", "2020-02-01"]),
            "outcome": ["accepted", "accepted", "accepted"],
            "assessment_date": pd.to_datetime(["2020-01-10", "2020-01-31", "2020-02-03"]),
            "not_assessed_reason": [None, None, None],
        }
    )
    rules = {
        "event_date": "referral_date",
        "as_at_cut_off": [
            {
                "date": "assessment_date",
                "when": "outcome == 'accepted'",
                "set": {"not_assessed_reason": "Not yet assessed"},
            }
        ],
    }
    view = as_at_cut_off(referrals, rules, "2020-01-30")
    assert len(view) == 2
    assert view.loc[0, "assessment_date"] == pd.Timestamp("2020-01-10") and view.loc[0, "not_assessed_reason"] is None
    assert pd.isna(view.loc[1, "assessment_date"]) and view.loc[1, "not_assessed_reason"] == "Not yet assessed"
    assert len(as_at_cut_off(referrals, rules, "2020-01-31")) == 2
    assert (
        as_at_cut_off(referrals, rules, "2020-01-31").loc[1, "not_assessed_reason"] is None
    )  # cut-off day itself counts


@pytest.mark.parametrize(
    "delivered", ["=SUM(A1)", "+44 20", "-we loved it", "@mention", "'quoted", "''twice", "plain", "", None]
)
def test_spreadsheet_safe_text_reads_back_as_delivered(delivered):
    written = spreadsheet_safe(delivered)
    assert not (isinstance(written, str) and written.startswith(("=", "+", "-", "@")))
    assert as_delivered(written) == delivered


def test_sum_totals_a_column_and_a_share_of_it_is_weighted():
    visits = pd.DataFrame(
        {
            "date": pd.to_datetime(["2020-01-02", "2020-01-03", "2020-02-02", "2020-02-03"]),
            "section": ["map", "about", "map", "map"],
            "seconds": pd.array([30, 10, 5, None], dtype="Int64"),
        }
    )
    total = {"name": "web.engaged_seconds", "kind": "count", "extract": "w", "date": "date", "sum": "seconds"}
    share = {**total, "name": "web.map_share", "kind": "share", "numerator": "section == 'map'"}
    totals = {row["period"]: row["value"] for row in compute_metric(total, {"w": visits}, PERIODS, {}, {}, 4)}
    assert totals == {"A": 40, "B": 5, "overall": 45}
    shares = {
        row["period"]: (row["value"], row["numerator"], row["denominator"])
        for row in compute_metric(share, {"w": visits}, PERIODS, {}, {}, 4)
    }
    assert shares == {"A": (0.75, 30, 40), "B": (1.0, 5, 5), "overall": (35 / 45, 35, 45)}


def test_sum_of_a_text_column_is_refused_naming_the_metric():
    metric = {"name": "t.total", "kind": "count", "extract": "a", "date": "session_date", "sum": "course"}
    with pytest.raises(ConfigError, match="metric t.total: sum: column 'course' of a is not a number"):
        compute_metric(metric, {"a": attendance()}, PERIODS, {}, {}, 4)
