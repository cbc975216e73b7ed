"""Dates as the report prints them: '31 March 2023', English month names whatever the locale."""

from __future__ import annotations

import datetime as dt

from programme_evaluation.common.quarto_dates import MONTHS


def long_date(iso: str) -> str:
    """'2023-03-31' -> '31 March 2023' (English month names whatever the locale)."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
