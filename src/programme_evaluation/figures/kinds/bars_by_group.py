"""The bars_by_group chart: its table, its words (alt text, summary) and its drawing.

The edition's overall breakdown of one metric by category (largest first), or several metrics
stacked as series; a share is drawn as each category's own share (`build_shares`, `draw_shares`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd

from programme_evaluation.common import number_text
from programme_evaluation.common.number_text import SUPPRESSED, first_upper, lower_first
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.figure import Column, FigureData, finish, metric_list
from programme_evaluation.figures.printed_rows import (
    breakdown_total,
    cell,
    counted,
    largest_published,
    printed,
    share_of,
    shown_groups,
    withheld,
)
from programme_evaluation.figures.theme import (
    BAR,
    PALETTE,
    WIDTH,
    column_labels,
    label_horizontal_bars,
    legend_outside,
    numbers,
)
from programme_evaluation.figures.words import Words, joined
from programme_evaluation.published.table import OVERALL, Measure, PublishedMetrics


def build(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
    """The edition's overall breakdown by category; several metrics stack as series; a share
    is drawn as each category's own share (its part of that category, not of a total)."""
    names = metric_list(spec)
    single = names[0] if len(names) == 1 else None
    breakdowns = {metric: metrics.groups(metric) for metric in names}
    groups = shown_groups(metrics, breakdowns, [OVERALL])
    if single and metrics.measure(single, OVERALL, groups[0]).is_share:
        return build_shares(spec, metrics, naming, single, groups)
    totals = {metric: breakdown_total(metrics, metric, OVERALL) for metric in names}
    records, rows = [], []
    for group in groups:
        measures = {metric: metrics.measure(metric, OVERALL, group) for metric in names if group in breakdowns[metric]}
        record = {"group": naming.category(group)}  # printed: the chart, data table and alt text show it as is
        for metric in names:
            record[metric] = cell(measures[metric]) if metric in measures else 0.0
        values = [record[metric] for metric in names]
        record["total"] = SUPPRESSED if any(withheld(value) for value in values) else sum(values)
        records.append(record)
        rows.append(measures)
    if any(total is None for total in totals.values()):  # a table without total rows: add up a published breakdown
        grand_total = (
            SUPPRESSED if any(withheld(record["total"]) for record in records) else sum(r["total"] for r in records)
        )
    else:
        grand_total = (
            SUPPRESSED if any(total.suppressed for total in totals.values()) else sum(t.value for t in totals.values())
        )
    order = list(range(len(records)))
    if spec.get("sort", "descending") == "descending":  # stable: ties keep the contract's order; [c] last
        order.sort(
            key=lambda index: (
                withheld(records[index]["total"]),
                0 if withheld(records[index]["total"]) else -records[index]["total"],
            )
        )
    records, rows = [records[index] for index in order], [rows[index] for index in order]
    whole = totals[single] if single else None
    shares = []
    for record, measures in zip(records, rows):
        record["share"], words = share_of(record["total"], grand_total, measures.get(single) if single else None, whole)
        shares.append(words)
    table = pd.DataFrame(records, columns=["group", *(names if len(names) > 1 else []), "total", "share"])
    columns = [Column("group", spec.get("group_label", "Category"), "text")]
    columns += (
        [Column(metric, first_upper(naming.measure(metric)), "count") for metric in names] if len(names) > 1 else []
    )
    columns += [
        Column("total", "Number" if len(names) == 1 else "Total", "count"),
        Column("share", "% of total", "percent"),
    ]

    def total_of(index: int) -> Words:
        value = records[index]["total"]
        if single:
            return counted(value, rows[index][single])
        return Words.of(SUPPRESSED if withheld(value) else number_text.count(value))

    def described(index: int) -> Words:
        record = records[index]
        text = f"{record['group']} " + total_of(index)
        if not withheld(record["share"]):
            text = text + " (" + shares[index] + ")"
        if len(names) > 1:
            text = (
                text
                + " of which "
                + joined(
                    ", ",
                    [
                        f"{naming.measure(metric)} " + counted(record[metric], rows[index][metric])
                        for metric in names
                        if metric in rows[index]
                    ],
                )
            )
        return text

    grand = (
        counted(grand_total, whole)
        if whole is not None
        else Words.of(SUPPRESSED if withheld(grand_total) else number_text.count(grand_total))
    )
    alt = (
        f"Horizontal bar chart of {lower_first(spec['title'])}: "
        + joined("; ", [described(index) for index in range(len(records))])
        + ". Total "
        + grand
        + "."
    )
    top = largest_published(
        list(range(len(records))), {index: record["total"] for index, record in enumerate(records)}, grand_total
    )
    if single:
        summary = "Total " + grand
        if top is not None:
            summary = (
                summary + f"; the largest group is {records[top]['group']} (" + total_of(top) + ", " + shares[top] + ")"
            )
    else:  # each series' total is a published row; a group's sum over series is not, so it is not printed
        summary = (
            joined(
                ", ",
                [
                    f"{naming.measure(metric)} "
                    + (counted(cell(totals[metric]), totals[metric]) if totals[metric] else Words.of(number_text.DASH))
                    for metric in names
                ],
            )
            + " in all"
        )
        if top is not None:
            summary = summary + f"; the largest group is {records[top]['group']}"
    return finish(spec, table, columns, alt, summary + ".", {"series": names if len(names) > 1 else [], "x": "group"})


def build_shares(spec: dict, metrics: PublishedMetrics, naming: Naming, metric: str, groups: list[str]) -> FigureData:
    """A share in each category (e.g. aware of the partnership, by profession), with its parts;
    a withheld category shows [c] and is listed last."""
    measures = [metrics.measure(metric, OVERALL, group) for group in groups]
    records = [
        {
            "group": naming.category(group),
            "value": cell(measure),
            "numerator": cell(measure, "numerator"),
            "denominator": cell(measure, "denominator"),
        }
        for group, measure in zip(groups, measures)
    ]
    order = list(range(len(records)))
    if spec.get("sort", "descending") == "descending":  # stable: ties keep the contract's order
        order.sort(
            key=lambda index: (
                withheld(records[index]["value"]),
                -(0 if withheld(records[index]["value"]) else records[index]["value"] or 0),
            )
        )
    records, measures = [records[index] for index in order], [measures[index] for index in order]
    table = pd.DataFrame(records, columns=["group", "value", "numerator", "denominator"])
    measure_name = first_upper(naming.measure(metric))
    columns = [
        Column("group", spec.get("group_label", "Category"), "text"),
        Column("value", measure_name, "percent"),
        Column("numerator", "Number", "count"),
        Column("denominator", "Out of", "count"),
    ]

    def described(measure: Measure) -> Words:
        if measure.suppressed:
            return printed(measure)
        return printed(measure) + " (" + printed(measure, "numerator") + " of " + printed(measure, "denominator") + ")"

    alt = (
        f"Horizontal bar chart of {lower_first(spec['title'])}: "
        + joined("; ", [f"{record['group']} " + described(measure) for record, measure in zip(records, measures)])
        + "."
    )
    answered = [
        (record, measure)
        for record, measure in zip(records, measures)
        if not measure.suppressed and measure.value is not None
    ]
    if answered:
        record, measure = max(answered, key=lambda pair: pair[1].value)
        shown = "the highest" if len(answered) == len(records) else "of those published, the highest"
        summary = first_upper(f"{shown} is {record['group']}: ") + described(measure) + "."
    else:
        summary = Words.of("No category has a published share.")
    return finish(spec, table, columns, alt, summary, {"series": [], "x": "group", "is_share": True})


def draw(data: FigureData):
    if data.plot.get("is_share"):
        return draw_shares(data)
    table = data.table  # its group cells are the printed category names
    series = data.plot["series"]
    printed = column_labels(data)
    figure, ax = plt.subplots(figsize=(WIDTH, 1.0 + 0.36 * len(table) + (0.35 if series else 0)), layout="constrained")
    totals = numbers(table["total"])
    top = float(np.nanmax(np.r_[totals, [0.0]])) or 1.0
    shown = ~np.isnan(totals)  # a group with a withheld cell gets no bar, only its [c]
    positions = np.arange(len(table))
    if series:
        left = np.zeros(int(shown.sum()))
        for colour, metric in zip(PALETTE, series):
            widths = numbers(table[metric])[shown]
            ax.barh(
                positions[shown],
                widths,
                left=left,
                color=colour,
                height=0.62,
                label=printed[metric],
                edgecolor="white",
                linewidth=0.6,
            )
            left += widths
        legend_outside(figure, ax, "lower")
    else:
        ax.barh(positions[shown], totals[shown], color=BAR, height=0.62)
    ax.set_yticks(positions, labels=list(table["group"]))
    ax.set_ylim(len(table) - 0.5, -0.5)  # the first row on top
    labels = [
        f" {SUPPRESSED}"
        if withheld(row.total)
        else f" {number_text.count(row.total)}"
        + ("" if withheld(row.share) else f" ({number_text.percent(row.share)})")
        for row in table.itertuples(index=False)
    ]
    label_horizontal_bars(ax, table["total"], labels, top, headroom=1.25, x_label="Number")
    return figure


def draw_shares(data: FigureData):
    """Each category's share as a bar on a 0-100% axis, labelled with its parts; a withheld
    category has no bar, only [c]."""
    table = data.table
    figure, ax = plt.subplots(figsize=(WIDTH, 1.0 + 0.36 * len(table)), layout="constrained")
    values = numbers(table["value"])
    positions = np.arange(len(table))
    shown = ~np.array([withheld(value) for value in table["value"]])
    ax.barh(positions[shown], np.nan_to_num(values[shown]), color=BAR, height=0.62)
    ax.set_yticks(positions, labels=list(table["group"]))
    ax.set_ylim(len(table) - 0.5, -0.5)  # the first row on top
    labels = [
        f" {SUPPRESSED}"
        if withheld(row.value)
        else f" {number_text.percent(row.value)} ({number_text.count(row.numerator)} of {number_text.count(row.denominator)})"
        for row in table.itertuples(index=False)
    ]
    label_horizontal_bars(ax, np.nan_to_num(values), labels, 1.0, headroom=1.3, x_label="Share")
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    return figure
