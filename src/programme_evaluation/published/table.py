"""Read an edition's published set: the only table the charts and the report document read.

The published `metrics.csv` has the audited table's rows and columns (plus a total row for each
breakdown written without one) with every withheld number shown as [c]. Figures and documents
read it through this module, never the internal table, so no withheld number can reach a chart,
a data table, alt text or a sentence. What they need of the audited table's vocabulary (row
names, the RAG words) is re-exported here, so they import nothing from the metrics stage.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from programme_evaluation.common.number_text import SUPPRESSED
from programme_evaluation.common.periods import OVERALL
from programme_evaluation.metrics import audited
from programme_evaluation.metrics.audited import (
    ALL,
    NOT_RECORDED,
    AuditedMetrics,
    MetricMissing,
    read_metrics,
)
from programme_evaluation.metrics.targets import GREEN, RATINGS

__all__ = [
    "ALL",
    "GREEN",
    "NOT_RECORDED",
    "OVERALL",
    "RATINGS",
    "SUPPRESSED",
    "Measure",
    "MetricMissing",
    "PublishedMetrics",
]


@dataclass(frozen=True)
class Measure(audited.Measure):
    """A published row: withheld (`suppressed`) rows have no numbers; `ratio` remembers that a
    withheld row is a share or a mean, so it is still printed as one ([c] in place of a %)."""

    suppressed: bool = False
    ratio: bool = False

    @property
    def is_share(self) -> bool:
        return (self.denominator is not None or self.ratio) and not self.is_mean


class PublishedMetrics(AuditedMetrics):
    """Lookups into a published metrics table by metric, period and group."""

    def __init__(self, frame: pd.DataFrame, source: str = "published/metrics.csv", means=(), withheld=(), ratios=()):
        super().__init__(frame, source, means)
        self.withheld = frozenset(withheld)
        self.ratios = frozenset(ratios)

    @classmethod
    def read(cls, path: str | Path, means=()) -> PublishedMetrics:
        text = pd.read_csv(path, dtype=str, keep_default_na=False)
        keys = list(zip(text["metric"], text["period"], text["group"]))
        withheld = [key for key, value in zip(keys, text["value"]) if value == SUPPRESSED]
        ratios = [key for key, value in zip(keys, text["denominator"]) if value == SUPPRESSED]
        buffer = io.StringIO()
        text.replace(SUPPRESSED, "").to_csv(buffer, index=False)
        buffer.seek(0)
        return cls(read_metrics(buffer), str(path), means, withheld, ratios)

    def measure(self, metric: str, period: str = OVERALL, group: str = ALL) -> Measure:
        found = super().measure(metric, period, group)
        key = (metric, period, group)
        return Measure(
            **{item.name: getattr(found, item.name) for item in fields(found)},
            suppressed=key in self.withheld,
            ratio=key in self.ratios,
        )

    def any_withheld(self) -> bool:
        return bool(self.withheld)
