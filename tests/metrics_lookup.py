"""Read a metrics.csv the way a reviewer would: one row by metric, period and group."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


class MetricsTable:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.frame = pd.read_csv(path, dtype=str, keep_default_na=False)

    def row(self, metric: str, period: str = "overall", group: str = "all") -> dict:
        match = self.frame[(self.frame.metric == metric) & (self.frame.period == period) & (self.frame.group == group)]
        assert len(match) == 1, f"{self.path}: expected one row for {metric}/{period}/{group}, found {len(match)}"
        return match.iloc[0].to_dict()

    def value(self, metric: str, period: str = "overall", group: str = "all") -> float | None:
        text = self.row(metric, period, group)["value"]
        return None if text == "" else float(text)

    def count(self, metric: str, period: str = "overall", group: str = "all") -> int:
        value = self.value(metric, period, group)
        assert value is not None and value == int(value), f"{metric}/{period}/{group} is not a count: {value}"
        return int(value)
