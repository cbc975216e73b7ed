"""Read an edition's audited metrics table back: the one source of every number a report shows.

Figures and report documents read `metrics.csv` through this module only, so a number in a
chart, a sentence or a table is always the audited one, never recomputed on the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.missing import is_missing
from programme_evaluation.common.periods import OVERALL

# The audited table's columns, in the order metrics.md fixes; the group of a row not broken down;
# the group of rows whose category was not recorded.
COLUMNS = ["metric", "period", "group", "value", "numerator", "denominator", "target", "pct_of_target", "rag"]
ALL = "all"
NOT_RECORDED = "not recorded"


class MetricMissing(PipelineError, KeyError):
    """A report asks for a metric row that the audited table does not hold."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


@dataclass(frozen=True)
class Measure:
    """One row of the audited table: a count, or a share with its numerator and denominator."""

    metric: str
    period: str
    group: str
    value: float | None
    numerator: float | None
    denominator: float | None
    target: float | None
    pct_of_target: float | None
    rag: str | None
    is_mean: bool = False

    @property
    def is_share(self) -> bool:
        return self.denominator is not None and not self.is_mean

    @property
    def unit(self) -> str:
        """How the value prints: 'share' (a percentage), 'mean' (a score) or 'count'."""
        return "mean" if self.is_mean else "share" if self.is_share else "count"


def read_metrics(path: str | Path) -> pd.DataFrame:
    """metrics.csv with numbers as floats (empty cells as NaN) and text columns as text."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("value", "numerator", "denominator", "target", "pct_of_target"):
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="raise").astype(float)
    return frame


def _number(value) -> float | None:
    return None if is_missing(value) else float(value)


class AuditedMetrics:
    """Lookups into one edition's metrics table by metric, period and group."""

    def __init__(self, frame: pd.DataFrame, source: str = "metrics.csv", means=()):
        self.frame = frame
        self.source = source
        # Metrics of kind `mean`: the table's columns (fixed by metrics.md) do not say the kind,
        # and a mean has a denominator like a share.
        self.means = frozenset(means)
        self._rows = {(row.metric, row.period, row.group): row for row in frame.itertuples(index=False)}

    @classmethod
    def read(cls, path: str | Path, means=()) -> "AuditedMetrics":
        return cls(read_metrics(path), str(path), means)

    def has(self, metric: str) -> bool:
        return bool((self.frame["metric"] == metric).any())

    def measure(self, metric: str, period: str = OVERALL, group: str = ALL) -> Measure:
        row = self._rows.get((metric, period, group))
        if row is None:
            raise MetricMissing(f"{self.source}: no row for metric {metric!r}, period {period!r}, group {group!r}")
        return Measure(
            row.metric,
            row.period,
            row.group,
            _number(row.value),
            _number(row.numerator),
            _number(row.denominator),
            _number(row.target),
            _number(row.pct_of_target),
            row.rag or None,
            row.metric in self.means,
        )

    def periods(self) -> list[str]:
        """The edition's periods in table order (the configuration's), without `overall`."""
        return [period for period in dict.fromkeys(self.frame["period"]) if period != OVERALL]

    def groups(self, metric: str) -> list[str]:
        """A breakdown's categories in table order (the contract's), without `all`."""
        if not self.has(metric):
            raise MetricMissing(f"{self.source}: no rows for metric {metric!r}")
        rows = self.frame[self.frame["metric"] == metric]
        return [group for group in dict.fromkeys(rows["group"]) if group != ALL]

    def with_target(self) -> list[Measure]:
        """Every overall row that has a target: the progression criteria."""
        rows = self.frame[(self.frame["period"] == OVERALL) & self.frame["target"].notna()]
        return [self.measure(row.metric, row.period, row.group) for row in rows.itertuples(index=False)]
