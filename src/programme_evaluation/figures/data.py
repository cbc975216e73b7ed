"""The numbers behind each declared chart, and the words that say them.

A chart is declared in configuration (`report.figures`) by kind; this module turns it into the
table of numbers it shows (written beside the PNG and printed in the report), its alt text and
a one-line summary, all from audited metric rows. Drawing is `figures.py`'s job; keeping the
numbers apart means the alt text and the data table can never disagree with each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from programme_evaluation.common import number_text
from programme_evaluation.metrics.audited import NOT_RECORDED, OVERALL, AuditedMetrics, Measure
from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.number_text import first_upper, lower_first
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.metrics.targets import GREEN


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
    so the drawing, the data table and the alt text cannot name the same thing differently."""

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

    @property
    def caption(self) -> str:
        """The title as a caption; the summary goes in the prose that cites the figure."""
        return self.title if self.title.endswith(".") else f"{self.title}."


def figure_data(spec: dict, metrics: AuditedMetrics, naming: Naming) -> FigureData:
    """Table, alt text and summary of one declared figure (its kind is one the schema allows)."""
    return BUILDERS[spec["kind"]](spec, metrics, naming.with_labels(spec.get("labels") or {}))


def metric_list(spec: dict) -> list[str]:
    return list(spec.get("metrics") or [spec["metric"]])


def against_target(measure: Measure) -> str:
    """'205 against 168 (122% of target)', or just '205' without a target; a target of 0 has no
    percentage of it, so none is printed."""
    text = number_text.measure_value(measure.value, measure.unit)
    if measure.target is None:
        return text
    text += f" against {number_text.measure_value(measure.target, measure.unit)}"
    if measure.pct_of_target is None:
        return text
    return f"{text} ({number_text.percent(measure.pct_of_target)} of target)"


def with_rating(text: str, measure: Measure) -> str:
    """`text` followed by the measure's RAG rating, when it has one (a target of 0 has none)."""
    return f"{text}, {measure.rag}" if measure.rag else text


def per_period_against_target(spec: dict, metrics: AuditedMetrics, naming: Naming) -> FigureData:
    """Bars per period with the period's target marked and the percentage of target labelled."""
    metric = spec["metric"]
    periods = metrics.periods()
    rows = [metrics.measure(metric, period) for period in periods]
    overall = metrics.measure(metric)
    if overall.target is None:
        raise FigureError(f"{spec['id']}: {metric} has no target; use kind stacked_per_period or bars_by_group")
    is_share = overall.is_share
    table = pd.DataFrame({
        "period": periods + ["Overall"],
        "value": [row.value for row in rows + [overall]],
        "target": [row.target for row in rows + [overall]],
        "pct_of_target": [row.pct_of_target for row in rows + [overall]],
        "rag": [row.rag or "" for row in rows + [overall]],
    })
    unit = "percent" if is_share else "count"
    columns = [Column("period", "Period", "text"), Column("value", first_upper(naming.measure(metric)), unit),
               Column("target", "Target", unit), Column("pct_of_target", "% of target", "percent"), Column("rag", "RAG", "rag")]
    per_period = "; ".join(f"{row.period} {against_target(row)}" for row in rows)
    alt = (f"Bar chart of {lower_first(spec['title'])}, one bar per period with its target marked: {per_period}. "
           f"{with_rating(f'Overall {against_target(overall)}', overall)}.")
    met = [row.period for row in rows if row.pct_of_target is not None and row.pct_of_target >= 1]
    reached = (f"Target reached in {len(met)} of {len(rows)} periods ({', '.join(met)})." if met
               else f"Target not reached in any of the {len(rows)} periods.")
    summary = f"{with_rating(f'Overall {against_target(overall)}', overall)}. {reached}"
    return FigureData(spec["id"], spec["kind"], spec["title"], spec["section"], table, columns, alt, summary,
                      {"is_share": is_share, "x": "period"})


def stacked_per_period(spec: dict, metrics: AuditedMetrics, naming: Naming) -> FigureData:
    """Per period, a bar split by the metric's categories, with the total on top."""
    metric = spec["metric"]
    periods = metrics.periods()
    groups = shown_groups(metrics, {metric: metrics.groups(metric)}, periods + [OVERALL])
    printed = {group: naming.category(group) for group in groups}
    records = []
    for period in periods + [OVERALL]:
        record = {"period": "Overall" if period == OVERALL else period}
        for group in groups:
            record[group] = metrics.measure(metric, period, group).value
        record["total"] = sum(record[group] for group in groups)
        records.append(record)
    table = pd.DataFrame(records, columns=["period", *groups, "total"])
    columns = ([Column("period", "Period", "text")] + [Column(group, printed[group], "count") for group in groups]
               + [Column("total", "Total", "count")])

    def parts(record: dict) -> str:
        return ", ".join(f"{printed[group]} {number_text.count(record[group])}" for group in groups)

    per_period = "; ".join(f"{record['period']} {number_text.count(record['total'])} ({parts(record)})" for record in records[:-1])
    overall = records[-1]
    alt = (f"Stacked bar chart of {lower_first(spec['title'])}, one bar per period split by category: {per_period}. "
           f"Overall {number_text.count(overall['total'])} ({parts(overall)}).")
    largest = max(groups, key=lambda group: overall[group]) if groups else None
    summary = f"Over the edition {number_text.count(overall['total'])} in all"
    if largest is not None and overall["total"]:
        summary += (f"; {printed[largest]} the largest part ({number_text.count(overall[largest])}, "
                    f"{number_text.percent(overall[largest] / overall['total'])})")
    return FigureData(spec["id"], spec["kind"], spec["title"], spec["section"], table, columns, alt, summary + ".",
                      {"series": groups, "x": "period"})


def shown_groups(metrics: AuditedMetrics, breakdowns: dict[str, list[str]], periods: list[str]) -> list[str]:
    """Categories of the breakdown(s), in table order; 'not recorded' only when something is.

    `breakdowns` maps each metric to its categories (`metrics.groups`), looked up once by the
    caller: each lookup filters the whole metrics table.
    """
    groups = list(dict.fromkeys(group for categories in breakdowns.values() for group in categories))
    if not groups:
        raise FigureError(f"{', '.join(breakdowns)}: no breakdown by category to draw")

    def total(group: str) -> float:
        return sum(metrics.measure(metric, period, group).value or 0
                   for metric, categories in breakdowns.items() if group in categories for period in periods)

    return [group for group in groups if group != NOT_RECORDED or total(group) > 0]


def bars_by_group(spec: dict, metrics: AuditedMetrics, naming: Naming) -> FigureData:
    """The edition's overall breakdown by category; several metrics stack as series; a share
    is drawn as each category's own share (its part of that category, not of a total)."""
    names = metric_list(spec)
    breakdowns = {metric: metrics.groups(metric) for metric in names}
    groups = shown_groups(metrics, breakdowns, [OVERALL])
    if len(names) == 1 and metrics.measure(names[0], OVERALL, groups[0]).is_share:
        return shares_by_group(spec, metrics, naming, names[0], groups)
    records = []
    for group in groups:
        record = {"group": naming.category(group)}  # printed: the chart, data table and alt text show it as is
        for metric in names:
            record[metric] = metrics.measure(metric, OVERALL, group).value if group in breakdowns[metric] else 0.0
        record["total"] = sum(record[metric] for metric in names)
        records.append(record)
    if spec.get("sort", "descending") == "descending":
        records.sort(key=lambda record: -record["total"])  # stable: ties keep the contract's order
    grand_total = sum(record["total"] for record in records)
    for record in records:
        record["share"] = record["total"] / grand_total if grand_total else None
    table = pd.DataFrame(records, columns=["group", *(names if len(names) > 1 else []), "total", "share"])
    columns = [Column("group", spec.get("group_label", "Category"), "text")]
    columns += [Column(metric, first_upper(naming.measure(metric)), "count") for metric in names] if len(names) > 1 else []
    columns += [Column("total", "Number" if len(names) == 1 else "Total", "count"), Column("share", "% of total", "percent")]

    def described(record: dict) -> str:
        text = f"{record['group']} {number_text.count(record['total'])} ({number_text.percent(record['share'])})"
        if len(names) > 1:
            text += " of which " + ", ".join(f"{naming.measure(metric)} {number_text.count(record[metric])}" for metric in names)
        return text

    alt = (f"Horizontal bar chart of {lower_first(spec['title'])}: "
           + "; ".join(described(record) for record in records) + f". Total {number_text.count(grand_total)}.")
    top = max(records, key=lambda record: record["total"])
    summary = (f"Total {number_text.count(grand_total)}; the largest group is {top['group']} "
               f"({number_text.count(top['total'])}, {number_text.percent(top['share'])}).")
    return FigureData(spec["id"], spec["kind"], spec["title"], spec["section"], table, columns, alt, summary,
                      {"series": names if len(names) > 1 else [], "x": "group"})


def shares_by_group(spec: dict, metrics: AuditedMetrics, naming: Naming, metric: str, groups: list[str]) -> FigureData:
    """A share in each category (e.g. aware of the partnership, by profession), with its parts."""
    records = []
    for group in groups:
        measure = metrics.measure(metric, OVERALL, group)
        records.append({"group": naming.category(group), "value": measure.value,
                        "numerator": measure.numerator, "denominator": measure.denominator})
    if spec.get("sort", "descending") == "descending":
        records.sort(key=lambda record: -(record["value"] or 0))  # stable: ties keep the contract's order
    table = pd.DataFrame(records, columns=["group", "value", "numerator", "denominator"])
    measure_name = first_upper(naming.measure(metric))
    columns = [Column("group", spec.get("group_label", "Category"), "text"), Column("value", measure_name, "percent"),
               Column("numerator", "Number", "count"), Column("denominator", "Out of", "count")]

    def described(record: dict) -> str:
        return (f"{record['group']} {number_text.percent(record['value'])} "
                f"({number_text.count(record['numerator'])} of {number_text.count(record['denominator'])})")

    alt = f"Horizontal bar chart of {lower_first(spec['title'])}: " + "; ".join(described(record) for record in records) + "."
    answered = [record for record in records if record["value"] is not None]
    top = max(answered, key=lambda record: record["value"]) if answered else None
    summary = (f"The highest is {top['group']}: {described(top).removeprefix(top['group'] + ' ')}." if top
               else "No category has anyone to count yet.")
    return FigureData(spec["id"], spec["kind"], spec["title"], spec["section"], table, columns, alt, summary,
                      {"series": [], "x": "group", "is_share": True})


def funnel(spec: dict, metrics: AuditedMetrics, naming: Naming) -> FigureData:
    """Successive steps of a flow (referred, accepted, assessed, attended) with what each keeps."""
    names = metric_list(spec)
    steps = [metrics.measure(metric) for metric in names]
    first = steps[0].value
    records = []
    for index, (metric, step) in enumerate(zip(names, steps)):
        previous = steps[index - 1].value if index else None
        records.append({
            "step": first_upper(naming.measure(metric)),
            "value": step.value,
            "pct_of_first": step.value / first if first else None,
            "pct_of_previous": step.value / previous if previous else None,
        })
    table = pd.DataFrame(records)
    columns = [Column("step", "Step", "text"), Column("value", "Number", "count"),
               Column("pct_of_first", f"% of {naming.measure(names[0])}", "percent"),
               Column("pct_of_previous", "% of previous step", "percent")]
    described = [f"{records[0]['step']} {number_text.count(records[0]['value'])}"] + [
        f"{record['step']} {number_text.count(record['value'])} ({number_text.percent(record['pct_of_previous'])} of the previous step)"
        for record in records[1:]]
    alt = f"Funnel chart of {lower_first(spec['title'])}, one bar per step: " + "; ".join(described) + "."
    last = records[-1]
    summary = (f"Of {number_text.count(first)} {naming.measure(names[0])}, {number_text.count(last['value'])} "
               f"({number_text.percent(last['pct_of_first'])}) reached the last step, {lower_first(last['step'])}.")
    return FigureData(spec["id"], spec["kind"], spec["title"], spec["section"], table, columns, alt, summary, {"x": "step"})


def overall_against_target(spec: dict, metrics: AuditedMetrics, naming: Naming) -> FigureData:
    """Several measures of one kind (e.g. satisfaction per strand) side by side against their targets."""
    names = metric_list(spec)
    rows = [metrics.measure(metric) for metric in names]
    kinds = {row.is_share for row in rows}
    if len(kinds) > 1:
        raise FigureError(f"{spec['id']}: mixes shares and counts on one axis; draw them as separate figures")
    is_share = kinds.pop()
    unit = "percent" if is_share else "count"
    table = pd.DataFrame({
        "measure": [first_upper(naming.measure(metric)) for metric in names],
        "value": [row.value for row in rows],
        "numerator": [row.numerator for row in rows],
        "denominator": [row.denominator for row in rows],
        "target": [row.target for row in rows],
        "pct_of_target": [row.pct_of_target for row in rows],
        "rag": [row.rag or "" for row in rows],
    })
    if not is_share:
        table = table.drop(columns=["numerator", "denominator"])
    columns = [Column("measure", "Measure", "text"), Column("value", "Value", unit)]
    columns += [Column("numerator", "Of which", "count"), Column("denominator", "Out of", "count")] if is_share else []
    columns += [Column("target", "Target", unit), Column("pct_of_target", "% of target", "percent"), Column("rag", "RAG", "rag")]

    def described(metric: str, row: Measure) -> str:
        text = f"{naming.measure(metric)} {number_text.measure_value(row.value, is_share)}"
        if is_share:
            text += f" ({number_text.count(row.numerator)} of {number_text.count(row.denominator)})"
        if row.target is not None:
            text = with_rating(f"{text} against a target of {number_text.measure_value(row.target, is_share)}", row)
        return text

    alt = f"Bar chart of {lower_first(spec['title'])}, one bar per measure with its target marked: " + "; ".join(
        described(metric, row) for metric, row in zip(names, rows)) + "."
    rated = [row for row in rows if row.rag]
    summary = (f"{sum(row.rag == GREEN for row in rated)} of {len(rated)} measures at or above target."
               if rated else "No targets set for these measures.")
    return FigureData(spec["id"], spec["kind"], spec["title"], spec["section"], table, columns, alt, summary,
                      {"is_share": is_share, "x": "measure"})


def tile_map(spec: dict, metrics: AuditedMetrics, naming: Naming) -> FigureData:
    """A breakdown by place drawn as a grid of tiles laid out like the map (`spec['tiles']`:
    category -> [column, row]), so gaps show where they are. Every category needs a tile: a
    place left off the map would hide exactly the gap the chart is for."""
    metric = spec["metric"]
    groups = [group for group in metrics.groups(metric) if group != NOT_RECORDED or metrics.measure(metric, OVERALL, group).value]
    missing = [group for group in groups if group not in spec["tiles"]]
    if missing:
        raise FigureError(f"figure {spec['id']}: no tile for {', '.join(missing)} (add them to its tiles)")
    records = [{"group": naming.category(group), "value": metrics.measure(metric, OVERALL, group).value or 0.0,
                "column": spec["tiles"][group][0], "row": spec["tiles"][group][1]} for group in groups]
    table = pd.DataFrame(records, columns=["group", "value", "column", "row"])
    columns = [Column("group", spec.get("group_label", "Category"), "text"),
               Column("value", first_upper(naming.measure(metric)), "count")]
    none = [record["group"] for record in records if not record["value"]]
    alt = (f"Tile map of {lower_first(spec['title'])}, one tile per place, laid out as on a map: "
           + "; ".join(f"{record['group']} {number_text.count(record['value'])}" for record in records) + ".")
    summary = (f"{len(none)} of {len(records)} have none: {', '.join(none)}." if none
               else f"Every one of the {len(records)} has at least one.")
    return FigureData(spec["id"], spec["kind"], spec["title"], spec["section"], table, columns, alt, summary, {"x": "group"})


BUILDERS = {
    "per_period_against_target": per_period_against_target,
    "stacked_per_period": stacked_per_period,
    "bars_by_group": bars_by_group,
    "funnel": funnel,
    "overall_against_target": overall_against_target,
    "tile_map": tile_map,
}
