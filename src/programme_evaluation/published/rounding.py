"""Rounding as a disclosure method: counts of people published to the nearest base.

With `disclosure.method: round` (and `round_to`, 5 unless set) a programme publishes its counts
of people as many UK producers publish management information: a count below the threshold is
withheld ([c]) as with suppression; every other count of people is rounded to the nearest
`round_to` (half up), each row on its own, so a total is rounded independently of its parts and
the parts need not add up to it. A share is computed from its rounded numerator and
denominator (so no exact count can be recovered from an exact percentage), a mean is printed to
one decimal place with its rounded numerator and denominator, and a percentage of target and its
RAG rating are computed from the rounded value. Zero stays zero.

A reader then knows a rounded count only within the interval of whole numbers that round to it
(`interval`), and no lower than the threshold unless it is zero: the disclosure audit treats it
as such, not as an exact number, so rounding noise protects a small count that a sum would
otherwise give away, and fewer cells need withholding to protect it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from programme_evaluation.common.missing import is_missing
from programme_evaluation.metrics.targets import pct_of, rag

SUPPRESS, ROUND = "suppress", "round"


@dataclass(frozen=True)
class Rounding:
    """How a programme rounds its published counts of people."""

    base: int
    threshold: int

    def number(self, value: float) -> float:
        """`value` to the nearest base, half up (2.5 -> 5, never to even)."""
        return float(math.floor(value / self.base + 0.5) * self.base)

    def interval(self, value: float, counted: bool) -> tuple[float, float]:
        """The whole numbers a reader can tell a published, rounded `value` lies between: those
        that round to the same number; a count of people also no lower than the threshold (a
        smaller one would be withheld), and zero exactly (1 to threshold - 1 would be withheld)."""
        shown = self.number(value)
        low, high = math.ceil(shown - self.base / 2), math.ceil(shown + self.base / 2) - 1
        if counted:
            if shown == 0:
                return 0.0, 0.0
            low = max(low, self.threshold)
        return float(max(low, 0)), float(high)


def rounding_of(settings: dict) -> Rounding | None:
    """The programme's rounding, or None when it publishes exact numbers (`method: suppress`)."""
    disclosure = settings.get("disclosure") or {}
    if disclosure.get("method", SUPPRESS) != ROUND:
        return None
    return Rounding(int(disclosure.get("round_to", 5)), int(disclosure.get("threshold", 10)))


def rounded_frame(
    frame: pd.DataFrame, settings: dict, people: set[str], withheld: set[tuple[str, str, str]]
) -> pd.DataFrame:
    """The rows of counts of people (not withheld) rounded as the module docstring says; every
    other row as it is."""
    rounding = rounding_of(settings)
    if rounding is None:
        return frame
    kinds = {metric["name"]: metric["kind"] for metric in settings["metrics"]}
    out = frame.copy()
    for index, row in enumerate(frame.itertuples(index=False)):
        if row.metric not in people or (row.metric, row.period, row.group) in withheld:
            continue
        numerator, denominator = (
            None if is_missing(number) else rounding.number(float(number))
            for number in (row.numerator, row.denominator)
        )
        kind = kinds[row.metric]
        if kind == "count":
            value = None if is_missing(row.value) else rounding.number(float(row.value))
        elif is_missing(row.value) or not denominator:
            value = row.value
        elif kind == "mean":
            value = math.floor(float(row.value) * 10 + 0.5) / 10
        else:
            value = numerator / denominator
        percent = pct_of(value, None if is_missing(row.target) else float(row.target))
        out.iloc[index, out.columns.get_loc("value")] = value
        out.iloc[index, out.columns.get_loc("numerator")] = numerator
        out.iloc[index, out.columns.get_loc("denominator")] = denominator
        if not is_missing(row.target):
            out.iloc[index, out.columns.get_loc("pct_of_target")] = percent
            out.iloc[index, out.columns.get_loc("rag")] = rag(percent, settings["rag"]) or ""
    return out
