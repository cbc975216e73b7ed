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
from programme_evaluation.common.spreadsheet_safety import FORMULA_STARTS, TEXT_MARK, starting_with


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
            result[column] = whole_numbers(result[column])
        else:
            result[column] = result[column].astype(object).where(result[column].notna(), None)
    return result


def whole_numbers(values: pd.Series) -> pd.Series:
    """Values as nullable whole numbers (Int64); 3.5 or `five` become missing.

    Each distinct text is parsed once (a score column holds a handful). A missing value is parsed
    with them, since it makes pandas read the others as floats, as it would the whole column.
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    texts = list(distinct) + ([None] if (codes < 0).any() else [])
    numbers = pd.to_numeric(pd.Series(texts, dtype=object), errors="coerce")
    whole = numbers.where(numbers % 1 == 0).astype("Int64").array  # 3.5 is not a whole number
    return pd.Series(whole.take(codes, allow_fill=True), index=values.index, name=values.name)


def empty_as_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as a Python object, an empty text as None; the index renumbered from 0.

    One numpy pass over all cells (pandas' `where(frame.ne(""))` takes several per column).
    """
    cells = frame.to_numpy(dtype=object, copy=True)
    cells[cells == ""] = None
    return pd.DataFrame(cells, columns=frame.columns, dtype=object)


def read_validated(
    path: str | Path, columns: dict[str, str] | None = None, only: list[str] | None = None
) -> pd.DataFrame:
    """Read back a table written by `write_table`: text as delivered, contract columns typed.

    `only`: read just these columns (in the file's order), for a stage that needs a few.
    """
    frame = empty_as_missing(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", usecols=only))
    for position in range(frame.shape[1]):
        marked = np.flatnonzero(starting_with(frame.iloc[:, position], (TEXT_MARK,)))
        if len(marked):  # undo write_table's mark: one leading ' off
            frame.iloc[marked, position] = [value[1:] for value in frame.iloc[marked, position]]
    return typed(frame, columns or {})


def write_table(frame: pd.DataFrame, path: str | Path, float_format=None) -> None:
    """Write a table the same way every time (UTF-8, LF line ends, ISO dates, no index), safe to open in a spreadsheet.

    `float_format` (a function of one float) writes the float columns; left out, pandas' own.
    """
    out = as_written(frame)
    with replacing(path) as partial:
        out.to_csv(partial, float_format=float_format, **CSV_FORMAT)


def table_lines(frame: pd.DataFrame) -> list[bytes]:
    """The record lines `write_table` writes for these rows (no header), each without its line end."""
    return as_written(frame).to_csv(None, header=False, **CSV_FORMAT).encode("utf-8").split(b"\n")[:-1]


def as_written(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as `write_table` writes it: dates as ISO text, text safe to open in a spreadsheet.

    Text a spreadsheet would run as a formula, or that starts with our mark ', gets a leading '
    (spreadsheet_safety), so that read_validated gives back every value as it was.
    """
    out = frame.copy()
    for position in range(out.shape[1]):
        values = out.iloc[:, position]
        if pd.api.types.is_datetime64_any_dtype(values):
            out.isetitem(position, values.dt.strftime("%Y-%m-%d"))
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            marked = np.flatnonzero(starting_with(values, FORMULA_STARTS + (TEXT_MARK,)))
            if len(marked):
                values = values.copy()
                values.iloc[marked] = [TEXT_MARK + value for value in values.iloc[marked]]
                out.isetitem(position, values)
    return out


CSV_FORMAT = {"index": False, "lineterminator": "\n", "encoding": "utf-8"}


def record_lines(path: str | Path, records: int) -> list[bytes] | None:
    """A file written by `write_table` with `records` records, as its header line and one line
    per record (line ends removed); None when a record spans lines (a value with a line break)."""
    lines = Path(path).read_bytes().split(b"\n")
    if lines[-1] != b"" or len(lines) != records + 2:
        return None
    return lines[:-1]


def csv_number(value, decimals: int = 6) -> str:
    """A number as the CSVs write it: whole numbers without decimals, ratios to six (or
    `decimals`), gaps empty; never in scientific notation, which a spreadsheet could read as text."""
    if is_missing(value):
        return ""
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    rounded = round(float(value), decimals)  # a residual such as -9.5e-08 is 0, never "-0." nor "-9.5e-08"
    if rounded.is_integer():
        return str(int(rounded))
    return f"{rounded:.{decimals}f}".rstrip("0")
