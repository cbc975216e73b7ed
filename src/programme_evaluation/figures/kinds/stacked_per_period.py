"""The stacked_per_period chart: its table, its words (alt text, summary) and its drawing.

A metric broken down by category: per period a bar split by category, the total on top; a
period with a withheld part shows its published total as one plain bar.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from programme_evaluation.common import number_text
from programme_evaluation.common.number_text import SUPPRESSED, lower_first
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.figure import Column, FigureData, finish
from programme_evaluation.figures.printed_rows import (
    breakdown_total,
    cell,
    counted,
    largest_published,
    share_of,
    shown_groups,
    withheld,
)
from programme_evaluation.figures.theme import (
    LABEL_SIZE,
    PALETTE,
    WIDTH,
    WITHHELD_TOTAL,
    categorical_grid,
    column_labels,
    legend_outside,
    numbers,
)
from programme_evaluation.figures.words import Words, joined
from programme_evaluation.published.table import OVERALL, PublishedMetrics


def build(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
    """Per period, a bar split by the metric's categories, with the total on top."""
    metric = spec["metric"]
    periods = metrics.periods()
    groups = shown_groups(metrics, {metric: metrics.groups(metric)}, periods + [OVERALL])
    printed_names = {group: naming.category(group) for group in groups}
    records, sources = [], []
    for period in periods + [OVERALL]:
        record = {"period": "Overall" if period == OVERALL else period}
        parts = {group: metrics.measure(metric, period, group) for group in groups}
        for group, measure in parts.items():
            record[group] = cell(measure)
        total = breakdown_total(metrics, metric, period)
        if total is not None:
            record["total"] = cell(total)
        else:  # a table without the total row: only a fully published breakdown can be added up
            record["total"] = SUPPRESSED if any(withheld(record[g]) for g in groups) else sum(record[g] for g in groups)
        records.append(record)
        sources.append((parts, total))
    table = pd.DataFrame(records, columns=["period", *groups, "total"])
    columns = (
        [Column("period", "Period", "text")]
        + [Column(group, printed_names[group], "count") for group in groups]
        + [Column("total", "Total", "count")]
    )

    def said(index: int, column: str) -> Words:
        parts, total = sources[index]
        row = total if column == "total" else parts[column]
        return (
            counted(records[index][column], row)
            if row is not None
            else Words.of(number_text.count(records[index][column]))
        )

    def parts_of(index: int) -> Words:
        return joined(", ", [f"{printed_names[group]} " + said(index, group) for group in groups])

    per_period = joined(
        "; ",
        [
            f"{records[index]['period']} " + said(index, "total") + " (" + parts_of(index) + ")"
            for index in range(len(records) - 1)
        ],
    )
    last = len(records) - 1
    overall = records[last]
    alt = (
        f"Stacked bar chart of {lower_first(spec['title'])}, one bar per period split by category: "
        + per_period
        + ". Overall "
        + said(last, "total")
        + " ("
        + parts_of(last)
        + ")."
    )
    summary = "Over the edition " + said(last, "total") + " in all"
    largest = largest_published(groups, overall, overall["total"])
    if largest is not None and not withheld(overall["total"]) and overall["total"]:
        _, share = share_of(overall[largest], overall["total"], sources[last][0][largest], sources[last][1])
        summary = summary + f"; {printed_names[largest]} the largest part (" + said(last, largest) + ", " + share + ")"
    return finish(spec, table, columns, alt, summary + ".", {"series": groups, "x": "period"})


def draw(data: FigureData):
    """Per period a bar split by category; a period with a withheld part shows its published total
    as one plain bar (no split), and a withheld total no bar at all."""
    rows = data.table.iloc[:-1].reset_index(drop=True)
    groups = data.plot["series"]
    printed = column_labels(data)
    split = [not any(withheld(row[group]) for group in groups) for _, row in rows.iterrows()]
    long = (
        rows[split]
        .assign(position=np.flatnonzero(split))
        .melt(id_vars=["period", "position"], value_vars=groups, var_name="group", value_name="value")
    )
    long["value"] = numbers(long["value"])
    long["category"] = [printed[group] for group in long["group"]]
    figure, ax = plt.subplots(figsize=(WIDTH, 3.6), layout="constrained")
    sns.histplot(
        data=long,
        x="position",
        hue="category",
        weights="value",
        multiple="stack",
        discrete=True,
        shrink=0.62,
        hue_order=[printed[group] for group in groups],
        palette=PALETTE[: len(groups)],
        alpha=1,
        linewidth=0.6,
        edgecolor="white",
        ax=ax,
    )
    totals = numbers(rows["total"])
    top = float(np.nanmax(np.r_[totals, [0.0]])) or 1.0
    plain = None
    for position, total in enumerate(totals):
        if not split[position] and not np.isnan(total):
            plain = ax.bar(position, total, width=0.62, color=WITHHELD_TOTAL, edgecolor="white", linewidth=0.6)
        label = (
            SUPPRESSED if np.isnan(total) else number_text.count(total) + ("" if split[position] else f" {SUPPRESSED}")
        )
        ax.text(
            position,
            (0 if np.isnan(total) else total) + top * 0.02,
            label,
            ha="center",
            va="bottom",
            fontsize=LABEL_SIZE,
        )
    legend = ax.get_legend()
    if plain is not None and legend is not None:  # the plain bars' entry beside seaborn's categories
        ax.legend(
            [*legend.legend_handles, plain],
            [*(text.get_text() for text in legend.get_texts()), f"Split withheld {SUPPRESSED}"],
        )
    ax.set_xticks(range(len(rows)), labels=list(rows["period"]))
    ax.set_xlim(-0.5, len(rows) - 0.5)
    ax.set_ylim(0, top * 1.12)
    categorical_grid(ax, "x")
    ax.set_xlabel("")
    ax.set_ylabel("Number")
    legend_outside(figure, ax, "lower")
    return figure
