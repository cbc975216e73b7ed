"""The per_period_against_target chart: its table, its words (alt text, summary) and its drawing.

A metric with a target: a bar per period, the period's target marked, the percentage of
target labelled; the overall row is in the data table and the words, not drawn.
"""

from __future__ import annotations

import pandas as pd

from programme_evaluation.common import number_text
from programme_evaluation.common.number_text import SUPPRESSED, first_upper, lower_first
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.figure import Column, FigureData, FigureError, finish
from programme_evaluation.figures.printed_rows import against_target, cell, listed, with_rating, withheld
from programme_evaluation.figures.theme import bars_against_target
from programme_evaluation.figures.words import joined
from programme_evaluation.published.table import PublishedMetrics


def build(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
    """Bars per period with the period's target marked and the percentage of target labelled."""
    metric = spec["metric"]
    periods = metrics.periods()
    rows = [metrics.measure(metric, period) for period in periods]
    overall = metrics.measure(metric)
    if overall.target is None:
        raise FigureError(f"{spec['id']}: {metric} has no target; use kind stacked_per_period or bars_by_group")
    is_share = overall.is_share
    every = rows + [overall]
    table = pd.DataFrame(
        {
            "period": periods + ["Overall"],
            "value": [cell(row) for row in every],
            "target": [row.target for row in every],
            "pct_of_target": [cell(row, "pct_of_target") for row in every],
            "rag": [cell(row, "rag") for row in every],
        }
    )
    unit = "percent" if is_share else "count"
    columns = [
        Column("period", "Period", "text"),
        Column("value", first_upper(naming.measure(metric)), unit),
        Column("target", "Target", unit),
        Column("pct_of_target", "% of target", "percent"),
        Column("rag", "RAG", "rag"),
    ]
    per_period = joined("; ", [f"{row.period} " + against_target(row) for row in rows])
    overall_words = with_rating("Overall " + against_target(overall), overall)
    alt = (
        f"Bar chart of {lower_first(spec['title'])}, one bar per period with its target marked: "
        + per_period
        + ". "
        + overall_words
        + "."
    )
    shown = [row for row in rows if not row.suppressed]
    met = [row.period for row in shown if row.pct_of_target is not None and row.pct_of_target >= 1]
    missed = [row.period for row in shown if row.period not in met]
    if met:
        reached = f"Target reached in {listed(met)}" + (f", not in {listed(missed)}" if missed else "")
    else:
        reached = "Target not reached in any period" + (" with a published figure" if len(shown) < len(rows) else "")
    hidden = [row.period for row in rows if row.suppressed]
    if hidden:
        reached += f"; {listed(hidden)} withheld {SUPPRESSED}"
    summary = overall_words + ". " + reached + "."
    return finish(spec, table, columns, alt, summary, {"is_share": is_share, "x": "period"})


def draw(data: FigureData):
    rows = data.table.iloc[:-1]  # the per-period bars; the overall row is in the table and caption
    is_share = data.plot["is_share"]
    labels = []
    for row in rows.itertuples(index=False):
        if withheld(row.value):
            labels.append(SUPPRESSED)
            continue
        label = number_text.measure_value(row.value, is_share)
        if not number_text.missing(row.pct_of_target):  # a target of 0 has no percentage of it
            label += f"\n({number_text.percent(row.pct_of_target)})"
        labels.append(label)
    return bars_against_target(
        rows,
        "period",
        labels,
        height=3.4,
        bar_width=0.62,
        is_share=is_share,
        target_legend="Target (in brackets: % of target reached)",
        y_label=data.columns[1].label,
    )
