"""The tile_map chart: its table, its words (alt text, summary) and its drawing.

A breakdown by place as a grid of tiles laid out like the map (e.g. England's nine regions),
so the gaps show where they are.
"""

from __future__ import annotations

import matplotlib.patches
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from programme_evaluation.common import number_text
from programme_evaluation.common.number_text import SUPPRESSED, first_upper, lower_first
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.figure import Column, FigureData, FigureError, finish
from programme_evaluation.figures.printed_rows import cell, counted, listed, withheld
from programme_evaluation.figures.theme import WIDTH, WITHHELD_TOTAL, numbers
from programme_evaluation.figures.words import Words, joined
from programme_evaluation.published.table import NOT_RECORDED, OVERALL, PublishedMetrics


def build(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
    """A breakdown by place drawn as a grid of tiles laid out like the map (`spec['tiles']`:
    category -> [column, row]), so gaps show where they are. Every category needs a tile: a
    place left off the map would hide exactly the gap the chart is for. A withheld place is a
    tile marked [c]."""
    metric = spec["metric"]
    groups = [
        group
        for group in metrics.groups(metric)
        if group != NOT_RECORDED
        or metrics.measure(metric, OVERALL, group).suppressed
        or metrics.measure(metric, OVERALL, group).value
    ]
    missing = [group for group in groups if group not in spec["tiles"]]
    if missing:
        raise FigureError(f"figure {spec['id']}: no tile for {', '.join(missing)} (add them to its tiles)")
    measures = [metrics.measure(metric, OVERALL, group) for group in groups]
    records = [
        {
            "group": naming.category(group),
            "value": cell(measure) if measure.suppressed else measure.value or 0.0,
            "column": spec["tiles"][group][0],
            "row": spec["tiles"][group][1],
        }
        for group, measure in zip(groups, measures)
    ]
    table = pd.DataFrame(records, columns=["group", "value", "column", "row"])
    columns = [
        Column("group", spec.get("group_label", "Category"), "text"),
        Column("value", first_upper(naming.measure(metric)), "count"),
    ]
    none = [record["group"] for record in records if not withheld(record["value"]) and not record["value"]]
    alt = (
        f"Tile map of {lower_first(spec['title'])}, one tile per place, laid out as on a map: "
        + joined(
            "; ",
            [f"{record['group']} " + counted(record["value"], measure) for record, measure in zip(records, measures)],
        )
        + "."
    )
    # places named, not counted: every number of a summary is a published one
    summary = f"None yet in {listed(none)}; at least one everywhere else." if none else "At least one in every place."
    return finish(spec, table, columns, alt, Words.of(summary), {"x": "group"})


def draw(data: FigureData):
    """Square tiles on a grid, shaded by count (a colour-blind-safe sequential scale), each with
    its name and number written on it; a tile with none is left white with a dashed edge, so the
    gaps read without colour."""
    table = data.table
    columns, rows = int(table["column"].max()) + 1, int(table["row"].max()) + 1
    figure, ax = plt.subplots(figsize=(WIDTH, WIDTH * rows / columns * 0.62), layout="constrained")
    shades = sns.color_palette("Blues", as_cmap=True)
    top = float(np.nanmax(np.r_[numbers(table["value"]), [0.0]])) or 1.0
    for row in table.itertuples(index=False):
        hidden = withheld(row.value)  # a withheld place: a plain tile marked [c], no shade to read a count from
        empty = not hidden and not row.value
        level = 0.0 if hidden else 0.2 + 0.75 * row.value / top
        face = WITHHELD_TOTAL if hidden else "white" if empty else shades(level)
        ax.add_patch(
            matplotlib.patches.FancyBboxPatch(
                (row.column + 0.04, -row.row + 0.04),
                0.92,
                0.92,
                boxstyle="round,pad=0,rounding_size=0.06",
                facecolor=face,
                edgecolor="#555555" if empty else "white",
                linestyle="--" if empty else "-",
                linewidth=1.2,
            )
        )
        ink = "white" if level > 0.72 and not empty else "#1a1a1a"  # AA contrast on the shade
        ax.text(
            row.column + 0.5,
            -row.row + 0.62,
            "\n".join(wrapped(row.group)),
            ha="center",
            va="center",
            fontsize=7.5,
            color=ink,
        )
        ax.text(
            row.column + 0.5,
            -row.row + 0.25,
            SUPPRESSED if hidden else number_text.count(row.value),
            ha="center",
            va="center",
            fontsize=13,
            fontweight="bold",
            color=ink,
        )
    ax.set_xlim(0, columns)
    ax.set_ylim(-rows + 1, 1)
    ax.set_aspect("equal")
    ax.axis("off")
    return figure


def wrapped(name: str, width: int = 14) -> list[str]:
    """A place name on at most a few short lines, to fit its tile."""
    lines, line = [], ""
    for word in name.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]
