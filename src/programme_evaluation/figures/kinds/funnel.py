"""The funnel chart: its table, its words (alt text, summary) and its drawing.

Metrics as successive steps of a flow (referred, accepted, seen), each step with its share of
the first and of the step before.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from programme_evaluation.common import number_text
from programme_evaluation.common.number_text import SUPPRESSED, first_upper, lower_first
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.figure import Column, FigureData, finish, metric_list
from programme_evaluation.figures.printed_rows import cell, printed, share_of, withheld
from programme_evaluation.figures.theme import PALETTE, WIDTH, label_horizontal_bars, numbers
from programme_evaluation.figures.words import joined
from programme_evaluation.published.table import PublishedMetrics


def build(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
    """Successive steps of a flow (referred, accepted, assessed, attended) with what each keeps."""
    names = metric_list(spec)
    steps = [metrics.measure(metric) for metric in names]
    first = cell(steps[0])
    records, shares = [], []
    for index, (metric, step) in enumerate(zip(names, steps)):
        of_first = share_of(cell(step), first, step, steps[0])
        of_previous = share_of(cell(step), cell(steps[index - 1]), step, steps[index - 1]) if index else (None, None)
        records.append(
            {
                "step": first_upper(naming.measure(metric)),
                "value": cell(step),
                "pct_of_first": of_first[0],
                "pct_of_previous": of_previous[0],
            }
        )
        shares.append((of_first[1], of_previous[1]))
    table = pd.DataFrame(records)
    columns = [
        Column("step", "Step", "text"),
        Column("value", "Number", "count"),
        Column("pct_of_first", f"% of {naming.measure(names[0])}", "percent"),
        Column("pct_of_previous", "% of previous step", "percent"),
    ]
    described = [f"{records[0]['step']} " + printed(steps[0])] + [
        f"{record['step']} "
        + printed(step)
        + (" (" + shares[index][1] + " of the previous step)" if not withheld(record["pct_of_previous"]) else "")
        for index, (record, step) in enumerate(zip(records, steps))
        if index
    ]
    alt = f"Funnel chart of {lower_first(spec['title'])}, one bar per step: " + joined("; ", described) + "."
    last = records[-1]
    summary = (
        "Of "
        + printed(steps[0])
        + f" {naming.measure(names[0])}, "
        + printed(steps[-1])
        + ((" (" + shares[-1][0] + ")") if not withheld(last["pct_of_first"]) else "")
        + f" reached the last step, {lower_first(last['step'])}."
    )
    return finish(spec, table, columns, alt, summary, {"x": "step"})


def draw(data: FigureData):
    table = data.table
    figure, ax = plt.subplots(figsize=(WIDTH, 0.9 + 0.5 * len(table)), layout="constrained")
    values = numbers(table["value"])
    shown = ~np.isnan(values)
    positions = np.arange(len(table))
    ax.barh(positions[shown], values[shown], color=[PALETTE[index] for index in positions[shown]], height=0.66)
    ax.set_yticks(positions, labels=list(table["step"]))
    ax.set_ylim(len(table) - 0.5, -0.5)
    top = float(np.nanmax(np.r_[values, [0.0]])) or 1.0
    labels = [
        f" {SUPPRESSED}"
        if withheld(row.value)
        else f" {number_text.count(row.value)}"
        + (f" ({number_text.percent(row.pct_of_previous)})" if position and not withheld(row.pct_of_previous) else "")
        for position, row in enumerate(table.itertuples(index=False))
    ]
    label_horizontal_bars(
        ax, table["value"], labels, top, headroom=1.3, x_label="Number (in brackets: % of the step above)"
    )
    return figure
