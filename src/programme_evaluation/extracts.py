"""Find and read provider extracts (CSV or the first sheet of an XLSX) exactly as delivered.

Everything is read as text so that the contract, not the reader, decides what a value means:
pandas' own guessing would turn `0012` into 12 or `NA` into a missing value behind our back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

SUFFIXES = (".csv", ".xlsx")


class ExtractError(ValueError):
    """An extract that cannot be found or read; the message names the file."""


def find_extract(folder: str | Path, name: str) -> Path:
    """The one file delivering extract `name` in `folder`, whichever of CSV or XLSX it is."""
    folder = Path(folder)
    found = [folder / f"{name}{suffix}" for suffix in SUFFIXES if (folder / f"{name}{suffix}").exists()]
    if not found:
        raise ExtractError(f"{folder / (name + '.csv')}: extract {name!r} is missing (expected {name}.csv or {name}.xlsx in {folder})")
    if len(found) > 1:
        raise ExtractError(f"{folder}: extract {name!r} is delivered twice ({', '.join(p.name for p in found)}); keep one")
    return found[0]


def read_raw(path: str | Path) -> pd.DataFrame:
    """The extract as text cells, empty cells as None, rows indexed from 0 in file order."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        frame = pd.read_excel(path, sheet_name=0, dtype=object, header=0, engine="openpyxl")
        frame = frame.map(excel_cell_text)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [str(column) for column in frame.columns]
    frame = frame.astype(object).where(frame.ne(""), None)
    return frame.reset_index(drop=True)


def excel_cell_text(value) -> str:
    """Excel cells carry types; write them as a CSV export would (dates as ISO, 3.0 as 3)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, dt.datetime):  # pandas' Timestamp is a datetime too
        return value.strftime("%Y-%m-%d") if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
            result[column] = pd.to_numeric(result[column], errors="coerce").astype("Int64")
        else:
            result[column] = result[column].astype(object).where(result[column].notna(), None)
    return result


def read_validated(path: str | Path, columns: dict[str, str]) -> pd.DataFrame:
    """Read back a validated extract written by `write_table`, with its types."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    frame = frame.astype(object).where(frame.ne(""), None)
    return typed(frame, columns)


def write_table(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a table the same way every time: UTF-8, LF line ends, ISO dates, no index."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
