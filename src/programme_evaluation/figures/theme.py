"""The house look of every chart, and the drawing helpers the chart kinds share.

The theme is fixed here, not per chart, so every report looks alike: DejaVu Sans (ships with
matplotlib, so the same glyphs everywhere), seaborn's colour-blind-safe palette, a fixed size
and dpi. A withheld cell ([c]) is never drawn: `numbers` reads it as NaN.
"""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd
import seaborn as sns
from cycler import cycler

from programme_evaluation.common import number_text
from programme_evaluation.figures.figure import FigureData
from programme_evaluation.figures.printed_rows import withheld

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


def column_labels(data: FigureData) -> dict[str, str]:
    """Each table column's printed name: a stacked chart's categories, a grouped chart's series."""
    return {column.name: column.label for column in data.columns}
