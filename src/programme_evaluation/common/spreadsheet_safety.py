"""Keep the CSV files we write safe to open in a spreadsheet, and read them back exactly."""

from __future__ import annotations

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
