"""Printed numbers round half up, as the reports promise (common/number_text.py), pinned with
literal cases where half to even (Python's round) or binary floats would print another digit."""

from __future__ import annotations

import pytest

from programme_evaluation.common import number_text


@pytest.mark.parametrize(
    ("ratio", "printed"),
    [
        (0.125, "13%"),  # 12.5%: half to even would print 12%
        (0.885, "89%"),  # 88.5%: half to even would print 88%
        (0.285, "29%"),  # 0.285 * 100 is 28.499999999999996 as a float; half up on the written value
        (0.8954, "90%"),
        (0.0049, "0%"),
        (12.345, "1,235%"),
    ],
)
def test_a_percentage_rounds_half_up(ratio, printed):
    assert number_text.percent(ratio) == printed


@pytest.mark.parametrize(("value", "printed"), [(2.5, "3"), (0.5, "1"), (1234.5, "1,235"), (702, "702")])
def test_a_count_rounds_half_up_with_thousands_separators(value, printed):
    assert number_text.count(value) == printed


@pytest.mark.parametrize(("value", "printed"), [(4.25, "4.3"), (4.125, "4.1"), (4.35, "4.4"), (2.05, "2.1")])
def test_a_mean_rounds_half_up_to_one_decimal(value, printed):
    assert number_text.mean(value) == printed


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_a_missing_number_prints_a_dash(missing):
    assert number_text.percent(missing) == number_text.count(missing) == number_text.mean(missing) == "–"
