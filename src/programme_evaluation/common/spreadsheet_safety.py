"""Keep the CSV files we write safe to open in a spreadsheet, and read them back exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd

# OWASP "CSV injection": a spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Our escape character: a leading ' makes a spreadsheet show the rest as text.
TEXT_MARK = "'"


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula, with a leading ' so it is shown, never run.

    Text that already starts with ' gets one more, so `read_validated` can take exactly one
    off and every value reads back as it was delivered.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS + (TEXT_MARK,)):
        return TEXT_MARK + value
    return value


def as_delivered(value):
    """Undo `spreadsheet_safe`."""
    if isinstance(value, str) and value.startswith(TEXT_MARK):
        return value[1:]
    return value


def starting_with(values: pd.Series, starts: tuple[str, ...]) -> np.ndarray:
    """Which values are text starting with one of `starts` (single characters), as a boolean array.

    Compares first characters in one numpy step; pandas' `.str.startswith` calls Python once per
    cell, seconds per million rows, and is run on every text column of every extract.
    """
    assert all(len(start) == 1 for start in starts), starts
    cells = values.to_numpy(dtype=object)
    # The code point of each cell's first character (of its str() for a missing value or a number).
    first = cells.astype("U1").view(np.uint32)
    found = np.isin(first, [ord(start) for start in starts])
    for position in np.flatnonzero(found):  # a number whose text starts with "-" is not text
        found[position] = isinstance(cells[position], str)
    return found
