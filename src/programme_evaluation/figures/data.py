"""The numbers behind each declared chart, and the words that say them.

A chart is declared in configuration (`report.figures`) by kind; this module turns it into the
table of numbers it shows (written beside the PNG and printed in the report), its alt text and
a one-line summary, all from the edition's published rows. Drawing is `drawing.py`'s job;
keeping the numbers apart means the alt text and the data table can never disagree with each other.

A withheld row (disclosure control) prints as [c] in every place: the data table, the alt text
and the summary; no percentage is printed beside it, and no percentage is computed from it.
Every number of a summary keeps its source row (`words.py`), so the report can link it there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from programme_evaluation.common import number_text
from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.number_text import SUPPRESSED, first_upper, lower_first
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.words import Source, Words, joined, traced
from programme_evaluation.published.table import (
    ALL,
    GREEN,
    NOT_RECORDED,
    OVERALL,
    Measure,
    PublishedMetrics,
)


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


def figure_data(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
    """Table, alt text and summary of one declared figure (its kind is one the schema allows)."""
    return BUILDERS[spec["kind"]](spec, metrics, naming.with_labels(spec.get("labels") or {}))


def metric_list(spec: dict) -> list[str]:
    return list(spec.get("metrics") or [spec["metric"]])


def withheld(value) -> bool:
    return isinstance(value, str) and value == SUPPRESSED


def source(measure: Measure, column: str = "value", of: Measure | None = None) -> Source:
    return Source(
        measure.metric, measure.period, measure.group, column, None if of is None else (of.metric, of.period, of.group)
    )


def cell(measure: Measure, column: str = "value"):
    """A number of a row for a data table: [c] when the row is withheld (its target stays)."""
    if measure.suppressed and column != "target":
        return SUPPRESSED
    value = getattr(measure, column)
    return value if column != "rag" else (value or "")


def printed(measure: Measure, column: str = "value") -> Words:
    """A number of a row as printed, with its source: [c] when the row is withheld."""
    value = cell(measure, column)
    if withheld(value):
        return traced(SUPPRESSED, source(measure, column))
    if column == "pct_of_target":
        text = number_text.percent(value)
    elif column in ("numerator", "denominator"):
        text = number_text.count(value)
    else:
        text = number_text.measure_value(value, measure.unit)
    return traced(text, source(measure, column))


def counted(value, of: Measure, column: str = "value") -> Words:
    """A count from a table cell (the value of row `of`), or [c]."""
    if withheld(value):
        return traced(SUPPRESSED, source(of, column))
    return traced(number_text.count(value), source(of, column))


def share_of(part, whole, measure: Measure | None = None, of: Measure | None = None) -> tuple:
    """part / whole as a table cell and its printed words (traced to `measure` as a share of
    `of` when given): [c] when either is withheld, since a percentage beside a withheld number,
    or of one, would give it away."""
    where = source(measure, "share", of) if measure is not None else None
    if withheld(part) or withheld(whole):
        return SUPPRESSED, traced(SUPPRESSED, where)
    if number_text.missing(part) or number_text.missing(whole) or not whole:
        return None, traced(number_text.DASH, where)
    return part / whole, traced(number_text.percent(part / whole), where)


def against_target(measure: Measure) -> Words:
    """'205 against 168 (122% of target)', or just '205' without a target; a target of 0 has no
    percentage of it, and a withheld row none either."""
    text = printed(measure)
    if measure.target is None:
        return text
    text = text + " against " + printed(measure, "target")
    if measure.suppressed or measure.pct_of_target is None:
        return text
    return text + " (" + printed(measure, "pct_of_target") + " of target)"


def with_rating(text: Words, measure: Measure) -> Words:
    """`text` followed by the measure's RAG rating, when it has one (a target of 0 has none)."""
    return text + f", {measure.rag}" if measure.rag and not measure.suppressed else text


def listed(names: list[str]) -> str:
    """'Y1', 'Y1 and Y2', 'Y1, Y2 and Y3'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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


def per_period_against_target(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
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


def breakdown_total(metrics: PublishedMetrics, metric: str, period: str) -> Measure | None:
    """The published row of a breakdown's total (the published set gives every breakdown one)."""
    try:
        return metrics.measure(metric, period, ALL)
    except KeyError:
        return None


def stacked_per_period(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
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


def largest_published(names: list, record: dict, total) -> str | None:
    """The largest published part, when it is surely the largest: at least everything withheld
    together (the total less what is published), so no [c] could be larger."""
    shown = [name for name in names if not withheld(record[name])]
    if not shown:
        return None
    top = max(shown, key=lambda name: record[name])  # first of equals: the contract's order
    hidden = len(shown) < len(names)
    if hidden and (withheld(total) or record[top] < total - sum(record[name] for name in shown)):
        return None
    return top


def shown_groups(metrics: PublishedMetrics, breakdowns: dict[str, list[str]], periods: list[str]) -> list[str]:
    """Categories of the breakdown(s), in table order; 'not recorded' only when something is
    (or might be: a withheld 'not recorded' is shown as [c]).

    `breakdowns` maps each metric to its categories (`metrics.groups`), looked up once by the
    caller: each lookup filters the whole metrics table.
    """
    groups = list(dict.fromkeys(group for categories in breakdowns.values() for group in categories))
    if not groups:
        raise FigureError(f"{', '.join(breakdowns)}: no breakdown by category to draw")

    def present(group: str) -> bool:
        found = [
            metrics.measure(metric, period, group)
            for metric, categories in breakdowns.items()
            if group in categories
            for period in periods
        ]
        return any(measure.suppressed or (measure.value or 0) > 0 for measure in found)

    return [group for group in groups if group != NOT_RECORDED or present(group)]


def bars_by_group(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
    """The edition's overall breakdown by category; several metrics stack as series; a share
    is drawn as each category's own share (its part of that category, not of a total)."""
    names = metric_list(spec)
    single = names[0] if len(names) == 1 else None
    breakdowns = {metric: metrics.groups(metric) for metric in names}
    groups = shown_groups(metrics, breakdowns, [OVERALL])
    if single and metrics.measure(single, OVERALL, groups[0]).is_share:
        return shares_by_group(spec, metrics, naming, single, groups)
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


def shares_by_group(
    spec: dict, metrics: PublishedMetrics, naming: Naming, metric: str, groups: list[str]
) -> FigureData:
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


def funnel(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
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


def overall_against_target(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
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


def tile_map(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
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


BUILDERS = {
    "per_period_against_target": per_period_against_target,
    "stacked_per_period": stacked_per_period,
    "bars_by_group": bars_by_group,
    "funnel": funnel,
    "overall_against_target": overall_against_target,
    "tile_map": tile_map,
}
