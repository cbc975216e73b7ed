"""Draw an edition's declared charts with seaborn, in one house theme, byte-identical run to run.

For each figure in `report.figures` it writes `<id>.png`, `<id>.csv` (the numbers behind the
chart) and an entry in `figures.json` (title, caption, alt text, data-table columns). The theme
is fixed here, not per chart, so every report looks alike: DejaVu Sans (ships with
matplotlib, so the same glyphs everywhere), seaborn's colour-blind-safe palette, a fixed size
and dpi, and PNG metadata without the matplotlib version so the bytes depend on the data only.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.patches

matplotlib.use("Agg")  # no display in a pipeline; the same rasteriser everywhere

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from cycler import cycler  # noqa: E402

from programme_evaluation.common import number_text  # noqa: E402
from programme_evaluation.common.files import replacing, write_text  # noqa: E402
from programme_evaluation.common.number_text import SUPPRESSED  # noqa: E402
from programme_evaluation.common.printed_names import Naming  # noqa: E402
from programme_evaluation.common.tables import csv_number, write_table  # noqa: E402
from programme_evaluation.figures.data import FigureData, figure_data, withheld  # noqa: E402
from programme_evaluation.published.table import PublishedMetrics  # noqa: E402

DPI = 200
WIDTH = 6.5  # inches: the text width of an A4 page with 2 cm margins, so print size is 1:1
PALETTE = sns.color_palette("colorblind")
BAR = PALETTE[0]
TARGET = "#222222"
LABEL_SIZE = 8.5
WITHHELD_TOTAL = "#c8c8c8"  # a published total whose parts are withheld: one plain bar


def numbers(values) -> np.ndarray:
    """A table column as floats; a withheld cell ([c]) is NaN, and is never drawn."""
    return np.array([np.nan if withheld(value) or number_text.missing(value) else float(value) for value in values])


def published_rows(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows whose `column` is published, with it as a number: the only rows given a bar."""
    shown = table[[not withheld(value) for value in table[column]]].copy()
    shown[column] = numbers(shown[column])
    return shown


@contextmanager
def house_theme():
    """seaborn's whitegrid look at paper scale, with the font and palette pinned."""
    rc = {**sns.axes_style("whitegrid"), **sns.plotting_context("paper", font_scale=1.25)}
    rc.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": ["DejaVu Sans"],
            "axes.prop_cycle": cycler(color=PALETTE),
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "svg.hashsalt": "programme-evaluation",
            # Text from configuration and data is printed as written: `$x$` is not mathematics.
            "text.parse_math": False,
        }
    )
    with plt.rc_context(rc):
        yield


def draw(data: FigureData, path: Path) -> None:
    """Draw one figure to a PNG at `path`, naming things only as `data` prints them (its table
    cells and column labels), so the chart says what its data table and alt text say."""
    with house_theme():
        figure = DRAWERS[data.kind](data)
        # A fixed canvas (no tight bbox) keeps every chart the same width, so text prints at one size.
        try:
            with replacing(path) as partial:
                figure.savefig(partial, dpi=DPI, metadata={"Software": None})
        finally:
            plt.close(figure)


def legend_outside(figure, ax, where: str) -> None:
    """The legend above or below the plot in one row, where it can never cover a bar or label."""
    legend = ax.get_legend()
    if legend is not None:  # seaborn's own legend: take its entries, drop the box
        handles, labels = legend.legend_handles, [text.get_text() for text in legend.get_texts()]
        legend.remove()
    else:
        handles, labels = ax.get_legend_handles_labels()
    if handles:
        figure.legend(
            handles,
            labels,
            loc=f"outside {where} {'right' if where == 'upper' else 'center'}",
            ncol=len(handles) if len(handles) <= 3 else 2,
            frameon=False,
        )


def categorical_grid(ax, axis: str) -> None:
    """Grid lines only along the value axis; through the categories they cut the bars."""
    ax.grid(False, axis=axis)


def percent_axis(ax, axis: str = "y") -> None:
    """Shares read as percentages, ticked up to 100% only (the axis may run higher for labels)."""
    (ax.set_yticks if axis == "y" else ax.set_xticks)(np.linspace(0, 1, 6))
    formatter = matplotlib.ticker.PercentFormatter(xmax=1, decimals=0)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def bars_against_target(
    table: pd.DataFrame,
    x: str,
    labels: list[str],
    *,
    height: float,
    bar_width: float,
    target_legend: str,
    y_label: str,
    is_share: bool,
):
    """Bars with a target mark over each and a label above the higher of the two; a withheld
    value gets no bar, its target mark and a [c] label."""
    figure, ax = plt.subplots(figsize=(WIDTH, height), layout="constrained")
    values, targets = numbers(table["value"]), numbers(table["target"])
    sns.barplot(
        data=published_rows(table, "value"),
        x=x,
        y="value",
        order=list(table[x]),
        color=BAR,
        errorbar=None,
        ax=ax,
        width=bar_width,
    )
    top = np.nanmax(np.r_[values, targets, [0.0]])
    half_mark = bar_width / 2 + 0.08
    for position, (value, target, label) in enumerate(zip(values, targets, labels)):
        if not np.isnan(target):  # None when no row has a target, NaN when some do
            ax.hlines(
                target,
                position - half_mark,
                position + half_mark,
                colors=TARGET,
                linewidth=2.2,
                label=target_legend if position == 0 else None,
                zorder=3,
            )
        above = max((number for number in (value, target) if not np.isnan(number)), default=0)
        ax.text(position, above + top * 0.03, label, ha="center", va="bottom", fontsize=LABEL_SIZE, linespacing=1.15)
    ax.set_ylim(0, top * 1.32 if top > 0 else 1)
    categorical_grid(ax, "x")
    ax.set_xlabel("")
    ax.set_ylabel(y_label)
    if is_share:
        percent_axis(ax)
    legend_outside(figure, ax, "upper")
    return figure


def column_labels(data: FigureData) -> dict[str, str]:
    """Each table column's printed name: a stacked chart's categories, a grouped chart's series."""
    return {column.name: column.label for column in data.columns}


def draw_per_period_against_target(data: FigureData):
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


def draw_stacked_per_period(data: FigureData):
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


def label_horizontal_bars(ax, values, labels: list[str], top: float, *, headroom: float, x_label: str) -> None:
    """Write each bar's label just past its end, with room on the axis for the longest."""
    for position, (value, label) in enumerate(zip(numbers(values), labels)):
        ax.text(
            (0 if np.isnan(value) else value) + top * 0.01, position, label, va="center", ha="left", fontsize=LABEL_SIZE
        )
    ax.set_xlim(0, top * headroom)
    categorical_grid(ax, "y")
    ax.set_xlabel(x_label)
    ax.set_ylabel("")


def draw_bars_by_group(data: FigureData):
    if data.plot.get("is_share"):
        return draw_shares_by_group(data)
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


def draw_shares_by_group(data: FigureData):
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


def draw_funnel(data: FigureData):
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


def draw_overall_against_target(data: FigureData):
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


def draw_tile_map(data: FigureData):
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
            "\n".join(_wrapped(row.group)),
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


def _wrapped(name: str, width: int = 14) -> list[str]:
    """A place name on at most a few short lines, to fit its tile."""
    lines, line = [], ""
    for word in name.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


DRAWERS = {
    "per_period_against_target": draw_per_period_against_target,
    "stacked_per_period": draw_stacked_per_period,
    "bars_by_group": draw_bars_by_group,
    "funnel": draw_funnel,
    "overall_against_target": draw_overall_against_target,
    "tile_map": draw_tile_map,
}


def manifest_entry(data: FigureData) -> dict:
    return {
        "id": data.id,
        "kind": data.kind,
        "section": data.section,
        "title": data.title,
        "caption": data.caption,
        "summary": data.summary,
        "summary_parts": data.summary_parts,
        "alt": data.alt,
        "image": f"{data.id}.png",
        "data": f"{data.id}.csv",
        "columns": [{"name": column.name, "label": column.label, "format": column.format} for column in data.columns],
    }


def write_data_table(data: FigureData, path: Path) -> None:
    """The numbers behind a chart as CSV, ratios to six decimals like metrics.csv, [c] as published."""
    table = data.table.copy()
    for column in data.columns:
        if column.format in ("count", "percent"):
            table[column.name] = [value if withheld(value) else csv_number(value) for value in table[column.name]]
    write_table(table, path)


def draw_figures(report: dict, metrics_path: str | Path, out_dir: str | Path) -> list[dict]:
    """Draw every declared figure of an edition from its published metrics; return (and write) the manifest."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    metrics = PublishedMetrics.read(metrics_path, report.get("means", ()))
    naming = Naming.of(report)
    manifest = []
    for spec in report.get("figures", []):
        data = figure_data(spec, metrics, naming)
        draw(data, out_dir / f"{data.id}.png")
        write_data_table(data, out_dir / f"{data.id}.csv")
        manifest.append(manifest_entry(data))
    write_text(out_dir / "figures.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest
