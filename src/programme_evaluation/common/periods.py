"""Place dated events in the programme's (irregular) periods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where dates are placed, not when periods are read
    import pandas as pd

OVERALL = "overall"


@dataclass(frozen=True)
class Period:
    """A reporting period, both ends inclusive."""

    name: str
    start: dt.date
    end: dt.date


def period_of(dates: pd.Series, periods: list[Period]) -> pd.Series:
    """The name of the period each date falls in (both ends inclusive), or None outside them all."""
    import numpy as np  # here, not at the top: the workflow reads periods at start-up without pandas
    import pandas as pd

    position = period_positions(dates, periods)
    names = np.array([period.name for period in periods], dtype=object)
    labels = np.full(len(position), None, dtype=object)
    inside = position >= 0
    labels[inside] = names[position[inside]]
    return pd.Series(labels, index=dates.index, dtype=object)


def period_positions(dates: pd.Series, periods: list[Period]):
    """The position in `periods` of the period each date falls in, or -1 outside them all (an
    integer array: counting compares numbers, not period names)."""
    import numpy as np
    import pandas as pd

    starts = np.array([np.datetime64(period.start, "ns") for period in periods])
    ends = np.array([np.datetime64(period.end, "ns") for period in periods])
    values = pd.to_datetime(dates).to_numpy(dtype="datetime64[ns]")
    position = np.searchsorted(starts, values, side="right") - 1
    inside = (position >= 0) & ~np.isnat(values)
    inside[inside] &= values[inside] <= ends[position[inside]]
    return np.where(inside, position, -1)


def periods_from(items: list[dict]) -> list[Period]:
    """Periods as configured (`{name, from, to}` with ISO dates), in order."""
    return [
        Period(item["name"], dt.date.fromisoformat(item["from"]), dt.date.fromisoformat(item["to"])) for item in items
    ]
