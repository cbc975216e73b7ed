"""The overall_against_target chart: its table, its words (alt text, summary) and its drawing.

Several measures of one kind (all shares or all counts) side by side against their targets.
"""

from __future__ import annotations

import pandas as pd

from programme_evaluation.common import number_text
from programme_evaluation.common.number_text import SUPPRESSED, first_upper, lower_first
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.figure import Column, FigureData, FigureError, finish, metric_list
from programme_evaluation.figures.printed_rows import cell, listed, printed, with_rating, withheld
from programme_evaluation.figures.theme import bars_against_target
from programme_evaluation.figures.words import Words, joined
from programme_evaluation.published.table import GREEN, Measure, PublishedMetrics


def build(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
    """Several measures of one kind (e.g. satisfaction per strand) side by side against their targets."""
    names = metric_list(spec)
    rows = [metrics.measure(metric) for metric in names]
    kinds = {row.is_share for row in rows}
    if len(kinds) > 1:
        raise FigureError(f"{spec['id']}: mixes shares and counts on one axis; draw them as separate figures")
    is_share = kinds.pop()
    unit = "percent" if is_share else "count"
    table = pd.DataFrame(
        {
            "measure": [first_upper(naming.measure(metric)) for metric in names],
            "value": [cell(row) for row in rows],
            "numerator": [cell(row, "numerator") for row in rows],
            "denominator": [cell(row, "denominator") for row in rows],
            "target": [row.target for row in rows],
            "pct_of_target": [cell(row, "pct_of_target") for row in rows],
            "rag": [cell(row, "rag") for row in rows],
        }
    )
    if not is_share:
        table = table.drop(columns=["numerator", "denominator"])
    columns = [Column("measure", "Measure", "text"), Column("value", "Value", unit)]
    columns += [Column("numerator", "Of which", "count"), Column("denominator", "Out of", "count")] if is_share else []
    columns += [
        Column("target", "Target", unit),
        Column("pct_of_target", "% of target", "percent"),
        Column("rag", "RAG", "rag"),
    ]

    def described(metric: str, row: Measure) -> Words:
        text = f"{naming.measure(metric)} " + printed(row)
        if is_share and not row.suppressed:
            text = text + " (" + printed(row, "numerator") + " of " + printed(row, "denominator") + ")"
        if row.target is not None:
            text = with_rating(text + " against a target of " + printed(row, "target"), row)
        return text

    alt = (
        f"Bar chart of {lower_first(spec['title'])}, one bar per measure with its target marked: "
        + joined("; ", [described(metric, row) for metric, row in zip(names, rows)])
        + "."
    )
    named = {row.metric: first_upper(naming.measure(row.metric)) for row in rows}
    rated = [row for row in rows if row.rag and not row.suppressed]
    above = [named[row.metric] for row in rated if row.rag == GREEN]
    below = [named[row.metric] for row in rated if row.rag != GREEN]
    hidden = [named[row.metric] for row in rows if row.suppressed and row.target is not None]
    if rated or hidden:
        said = ([f"At or above target: {listed(above)}"] if above else []) + (
            [f"below target: {listed(below)}"] if below else []
        )
        said += [f"withheld {SUPPRESSED}: {listed(hidden)}"] if hidden else []
        summary = first_upper("; ".join(said)) + "."
    else:
        summary = "No targets set for these measures."
    return finish(spec, table, columns, alt, Words.of(summary), {"is_share": is_share, "x": "measure"})


def draw(data: FigureData):
    table = data.table
    is_share = data.plot["is_share"]
    labels = []
    for row in table.itertuples(index=False):
        if withheld(row.value):
            labels.append(SUPPRESSED)
            continue
        label = number_text.measure_value(row.value, is_share)
        if is_share:
            label += f"\n({number_text.count(row.numerator)} of {number_text.count(row.denominator)})"
        labels.append(label)
    return bars_against_target(
        table,
        "measure",
        labels,
        height=3.2,
        bar_width=0.55,
        is_share=is_share,
        target_legend="Target",
        y_label="Share" if is_share else "Number",
    )
