"""Every table the pipeline writes and reads back: one CSV format, the same bytes every run.

UTF-8, LF line ends, ISO dates, no index; counts whole and ratios to six decimals; text a
spreadsheet would run as a formula written with a leading ' (and read back as delivered).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from programme_evaluation.common.files import replacing
from programme_evaluation.common.missing import is_missing
from programme_evaluation.common.spreadsheet_safety import as_delivered, spreadsheet_safe


def typed(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Give each contract column its type; values that do not parse become missing.

    The contract's format checks run before this and report every such value, so a
    coerced cell never passes silently.
    """
    result = frame.copy()
    for column, kind in columns.items():
        if column not in result.columns:
            continue
        if kind == "date":
            result[column] = pd.to_datetime(result[column], format="%Y-%m-%d", errors="coerce")
        elif kind == "integer":
            numbers = pd.to_numeric(result[column], errors="coerce")
            result[column] = numbers.where(numbers % 1 == 0).astype("Int64")  # 3.5 is not a whole number
        else:
            result[column] = result[column].astype(object).where(result[column].notna(), None)
    return result


def read_validated(path: str | Path, columns: dict[str, str] | None = None) -> pd.DataFrame:
    """Read back a table written by `write_table`: text as delivered, contract columns typed."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    frame = frame.astype(object).where(frame.ne(""), None).map(as_delivered)
    return typed(frame, columns or {})


def write_table(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a table the same way every time (UTF-8, LF line ends, ISO dates, no index), safe to open in a spreadsheet."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        elif out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(spreadsheet_safe)
    with replacing(path) as partial:
        out.to_csv(partial, index=False, lineterminator="\n", encoding="utf-8")


def csv_number(value) -> str:
    """A number as the CSVs write it: whole numbers without decimals, ratios to six, gaps empty."""
    if is_missing(value):
        return ""
    if isinstance(value, (int, np.integer)) or float(value).is_integer():
        return str(int(value))
    return f"{float(value):.6f}".rstrip("0")
