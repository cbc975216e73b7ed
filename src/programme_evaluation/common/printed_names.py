"""Printed names of metrics and categories, one set for charts, data tables, alt text and prose."""

from __future__ import annotations

from dataclasses import dataclass

from programme_evaluation.common.number_text import category_text, humanised


@dataclass(frozen=True)
class Naming:
    """Printed names: metrics by report.measures, categories by report.labels."""

    measures: dict
    labels: dict

    @classmethod
    def of(cls, report: dict) -> "Naming":
        """The names a programme's `report:` configuration declares (measures, labels)."""
        return cls(report.get("measures", {}), report.get("labels", {}))

    def measure(self, metric: str) -> str:
        return self.measures.get(metric) or humanised(metric)

    def category(self, group: str) -> str:
        return self.labels.get(group) or category_text(group)

    def with_labels(self, labels: dict) -> "Naming":
        """A figure's own short names (for metrics or categories) over the report's."""
        return Naming({**self.measures, **labels}, {**self.labels, **labels})
