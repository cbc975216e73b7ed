"""Compare two builds' numbers: every metric, period and group whose value is not the same.

Values are compared as the table writes them (text), so a suppression marker, an empty share
and a number are all compared exactly as a reader of the published table would see them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.spreadsheet_safety import as_delivered

KEY = ("metric", "period", "group")
CHANGE_COLUMNS = ("metric", "period", "group", "old_value", "new_value", "change")


def read_numbers(path: str | Path) -> dict[tuple[str, str, str], str]:
    """A numbers table (metrics.csv or the published set) as {(metric, period, group): value}."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [column for column in (*KEY, "value") if column not in frame.columns]
    if missing:
        raise PipelineError(
            f"{path}: expected the columns {', '.join((*KEY, 'value'))} of a numbers table; "
            f"missing {', '.join(missing)}"
        )
    numbers: dict[tuple[str, str, str], str] = {}
    for row, (key, value) in enumerate(
        zip(
            frame[list(KEY)].map(as_delivered).itertuples(index=False, name=None),
            frame["value"].map(as_delivered),
            strict=True,
        ),
        start=2,
    ):
        if key in numbers:
            raise PipelineError(
                f"{path}, row {row}: metric {key[0]!r}, period {key[1]!r}, group {key[2]!r} "
                f"appears twice; each may have one value"
            )
        numbers[key] = value
    return numbers


def compare(previous: dict, current: dict) -> pd.DataFrame:
    """The rows whose value changed, then the rows added (in the current table's order), then
    the rows removed (in the previous table's order)."""
    changed = [
        (*key, previous[key], value, "changed")
        for key, value in current.items()
        if key in previous and previous[key] != value
    ]
    added = [(*key, "", value, "added") for key, value in current.items() if key not in previous]
    removed = [(*key, value, "", "removed") for key, value in previous.items() if key not in current]
    return pd.DataFrame(changed + added + removed, columns=list(CHANGE_COLUMNS), dtype=object)
