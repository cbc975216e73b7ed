"""One chart's numbers and words, as every kind returns them (`FigureData`).

A chart is declared in configuration (`report.figures`) by kind; its kind's module
(`kinds/<kind>.py`) turns it into the table of numbers it shows (written beside the PNG and
printed in the report), its alt text and a one-line summary, all from the edition's published
rows, and draws it from that table alone, so the drawing, the data table and the alt text cannot
disagree with each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.figures.words import Words


class FigureError(PipelineError, ValueError):
    """A declared figure that the metrics table cannot draw; the message names the figure."""


@dataclass(frozen=True)
class Column:
    """A column of a figure's data table and how its cells print: text, count, percent or rag."""

    name: str
    label: str
    format: str


@dataclass
class FigureData:
    """One chart's numbers with every name already printed (in table cells and column labels),
    so the drawing, the data table and the alt text cannot name the same thing differently.
    A withheld cell of the table holds [c]."""

    id: str
    kind: str
    title: str
    section: str
    table: pd.DataFrame
    columns: list[Column]
    alt: str
    summary: str
    # What the drawing needs beyond the table (series names, whether values are shares, ...).
    plot: dict = field(default_factory=dict)
    # The summary in parts, each number with the published row it comes from.
    summary_parts: list[dict] = field(default_factory=list)

    @property
    def caption(self) -> str:
        """The title as a caption; the summary goes in the prose that cites the figure."""
        return self.title if self.title.endswith(".") else f"{self.title}."


def metric_list(spec: dict) -> list[str]:
    return list(spec.get("metrics") or [spec["metric"]])


def finish(
    spec: dict, table: pd.DataFrame, columns: list[Column], alt: Words | str, summary: Words, plot: dict
) -> FigureData:
    return FigureData(
        spec["id"],
        spec["kind"],
        spec["title"],
        spec.get("section", "findings"),
        table,
        columns,
        str(alt),
        str(summary),
        plot,
        summary.parts(),
    )
