"""One test of a missing value, whatever shape the gap took on its way here.

A gap reaches the code as None (from a dict or JSON), NaN (from a float column), or pandas'
NA/NaT (from a typed column); every place that prints or computes treats them alike.
"""

from __future__ import annotations

import math


def is_missing(value) -> bool:
    """True for None, NaN, pandas.NA and NaT."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")
