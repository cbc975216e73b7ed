"""Checks the gate makes itself, where no Great Expectations expectation says it in a user's words.

- Exact duplicate records, in every extract, id column or not: a copied row is counted twice by
  every metric (an extract without ids has nothing else to catch it). Each copy is named with
  the row it repeats.
- Plausible totals per period: a suite may declare `expect_column_sum_per_period_to_be_between`
  (kwargs `column`, `period_column`, `period`: day, week, month or year, `min_value`,
  `max_value`, numbers or `{$PARAMETER: name}`), e.g. the seconds visitors were engaged on a
  website in one day, summed over its sections, cannot exceed 86,400 x the visitors it can have.
  A value that is plausible on each row can still add up to an impossible day.
"""

from __future__ import annotations

import pandas as pd

from programme_evaluation.gate.findings import Finding
from programme_evaluation.gate.normalisation import EXAMPLES_PER_RULE, spreadsheet_row

DUPLICATES = "rows.distinct"
DUPLICATES_RULE = (
    "each record appears once: an exact copy of another row would be counted twice "
    "(delete the copy, or say what tells the two records apart)"
)
PERIOD_SUM = "expect_column_sum_per_period_to_be_between"
# Suite expectation types the gate runs itself rather than through Great Expectations.
OWN_TYPES = (PERIOD_SUM,)
# Expectations of uniqueness: exact copies are reported as such, not a second time by these.
UNIQUE_TYPES = ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique")
PERIODS = {"day": "D", "week": "W", "month": "M", "year": "Y"}


def exact_copies(raw: pd.DataFrame) -> dict[int, int]:
    """Index of each row that repeats an earlier row in every column -> the index of that first row.

    A column holding a different value on every row (an id, usually the first) rules copies out
    at a seventh of the cost of comparing whole rows (10^6 rows: 0.15 s against 1.2 s).
    """
    if raw.empty:
        return {}
    first = raw.iloc[:, 0]
    if first.notna().all() and first.is_unique:
        return {}
    later = raw.duplicated(keep="first")
    if not later.any():
        return {}
    copies = raw[raw.duplicated(keep=False)]
    first_of: dict[tuple, int] = {}
    found = {}
    for index, record in zip(copies.index, copies.itertuples(index=False, name=None)):
        key = tuple("\0missing" if value is None else value for value in record)
        if key in first_of:
            found[int(index)] = first_of[key]
        else:
            first_of[key] = int(index)
    return found


def duplicates_finding(file: str, rule_id: str, copies: dict[int, int], severity: str) -> Finding:
    """One finding naming every copy and the row it repeats, as a spreadsheet numbers them."""
    return Finding(
        file,
        DUPLICATES_RULE,
        "duplicates",
        severity=severity,
        failing=len(copies),
        examples=[
            {
                "row": spreadsheet_row(index),
                "column": "(every column)",
                "value": f"the same record as row {spreadsheet_row(first)}",
                "copy_of": spreadsheet_row(first),
            }
            for index, first in list(copies.items())[:EXAMPLES_PER_RULE]
        ],
        id=rule_id,
    )


def without_exact_copies(rows: list, raw: pd.DataFrame, columns: list[str], copies: dict[int, int]) -> list:
    """The rows a uniqueness rule failed, less those explained by exact copies.

    A later copy is reported as a duplicate record; its first copy then repeats no other value.
    """
    if not copies:
        return rows
    kept = [row for row in rows if row not in copies]
    values = raw.loc[kept, columns].apply(tuple, axis=1) if kept else pd.Series(dtype=object)
    repeated = values.duplicated(keep=False)
    return [row for row, again in zip(kept, repeated) if again]


def period_sum_findings(
    table: pd.DataFrame, expectation: dict, parameters: dict, reported: set, file: str
) -> tuple[Finding | None, int]:
    """Run one `expect_column_sum_per_period_to_be_between`: (its finding or None, periods checked).

    `reported`: rows whose value another rule on the column already refused; left out of the
    sums so that one impossible value is reported once.
    """
    kwargs = expectation["kwargs"]
    column, period_column = kwargs["column"], kwargs["period_column"]
    period = kwargs.get("period", "day")
    low, high = (bound(kwargs.get(key), parameters) for key in ("min_value", "max_value"))
    values = table[[period_column, column]].drop(index=[row for row in reported if row in table.index])
    values = values[values[period_column].notna()]
    periods = values[period_column].dt.to_period(PERIODS[period])
    sums = values[column].astype("float64").groupby(periods).sum()
    broken = sums[((sums < low) if low is not None else False) | ((sums > high) if high is not None else False)]
    meta = expectation["meta"]
    if broken.empty:
        return None, len(sums)
    expected = " and ".join(
        text
        for text in (
            f"at least {low:,.0f}" if low is not None else "",
            f"at most {high:,.0f}" if high is not None else "",
        )
        if text
    )
    examples = []
    for when, total in broken.items():
        rows = values.index[periods == when]
        examples.append(
            {
                "row": spreadsheet_row(rows[0]),  # the period's first row (the quality report's Row column)
                "period": f"{period_column} {when}",
                "column": column,
                "value": f"{total:,.0f}",
                "expected": expected,
                "rows": [spreadsheet_row(row) for row in rows],
            }
        )
    finding = Finding(
        file,
        meta["rule"],
        "rules",
        severity=meta.get("severity", "error"),
        column=column,
        failing=len(broken),
        examples=examples[:EXAMPLES_PER_RULE],
        id=meta["id"],
    )
    return finding, len(sums)


def bound(value, parameters: dict) -> float | None:
    """A bound written as a number or as `{$PARAMETER: name}`."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = parameters[value["$PARAMETER"]]
    return float(value)
