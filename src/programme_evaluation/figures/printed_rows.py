"""How a published row prints in a chart: in a table cell and in words that keep their source.

A withheld row (disclosure control) prints as [c] in every place: the data table, the alt text
and the summary; no percentage is printed beside it, and no percentage is computed from it.
Every number of a summary keeps its source row (`words.py`), so the report can link it there.
Shared by the chart kinds (`kinds/`).
"""

from __future__ import annotations

from programme_evaluation.common import number_text
from programme_evaluation.common.number_text import SUPPRESSED
from programme_evaluation.figures.figure import FigureError
from programme_evaluation.figures.words import Source, Words, traced
from programme_evaluation.published.table import ALL, NOT_RECORDED, Measure, PublishedMetrics


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


def breakdown_total(metrics: PublishedMetrics, metric: str, period: str) -> Measure | None:
    """The published row of a breakdown's total (the published set gives every breakdown one)."""
    try:
        return metrics.measure(metric, period, ALL)
    except KeyError:
        return None


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
