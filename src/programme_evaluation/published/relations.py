"""The arithmetic that ties an edition's metric rows together, from configuration.

A breakdown's groups add up to its `all` row, the periods of an additive metric add up to
`overall`, two metrics counting the same rows agree, a later edition sees the same or more.
The same relations serve twice: the cross-checks verify that they hold before anything is
published, and the disclosure control makes sure a reader cannot use them to work out a
withheld cell. One definition for both means a relation a reader could exploit is also one
the numbers are checked against.

A cell is one number of one row: (edition, metric, period, group, layer), where the layer is
`value` for a count and `numerator` or `denominator` for a share or a mean (its value is their
ratio). A relation says total = (or >=, <=) the sum of its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

import pandas as pd

from programme_evaluation.common.periods import OVERALL
from programme_evaluation.configuration.publication_checks import matching
from programme_evaluation.metrics.audited import ALL, read_metrics

Cell = tuple[str, str, str, str, str]
COUNT_LAYERS = ("value",)
RATIO_LAYERS = ("numerator", "denominator")
# Relations a reader can use but that the cross-checks need not state (they hold by construction).
READER_ONLY = frozenset({"edition_same", "share_bounds"})


@dataclass(frozen=True)
class Relation:
    """total `sense` sum(parts), with sense one of '=', '>=', '<='; `check` names the rule."""

    check: str
    total: Cell
    parts: tuple[Cell, ...]
    sense: str = "="

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (self.total, *self.parts)


def layers(metric: dict) -> tuple[str, ...]:
    return COUNT_LAYERS if metric["kind"] == "count" else RATIO_LAYERS


def with_breakdown_totals(frame: pd.DataFrame, metrics: list[dict]) -> pd.DataFrame:
    """The table with an `all` row added to each breakdown written without one (`include_all:
    false`): a chart prints the total of its bars, and with some bars withheld only the published
    set can give it. The total of a share or mean adds up numerators and denominators."""
    without_all = {metric["name"] for metric in metrics if metric.get("by") and not metric.get("include_all", True)}
    if not without_all:
        return frame.reset_index(drop=True)
    pieces, added = [], []
    for (metric, period), rows in frame.groupby(["metric", "period"], sort=False):
        if metric in without_all and not (rows["group"] == ALL).any():
            numerator, denominator = rows["numerator"].sum(min_count=1), rows["denominator"].sum(min_count=1)
            total = {column: None for column in frame.columns}
            total.update(
                metric=metric,
                period=period,
                group=ALL,
                numerator=numerator,
                denominator=denominator,
                value=numerator if pd.isna(denominator) else (numerator / denominator if denominator else None),
                rag="",
            )
            added.append((metric, period))
            pieces.append(pd.DataFrame([total], columns=frame.columns))
        pieces.append(rows)
    result = pd.concat(pieces, ignore_index=True)
    for column in ("value", "numerator", "denominator", "target", "pct_of_target"):
        result[column] = pd.to_numeric(result[column]).astype(float)
    return result


class Edition:
    """One edition's metric rows, by (metric, period, group)."""

    def __init__(self, name: str, frame: pd.DataFrame):
        self.name = name
        self.frame = frame
        self.rows = {(row.metric, row.period, row.group): row for row in frame.itertuples(index=False)}

    @cached_property
    def _shape(self) -> dict[str, tuple[list[str], list[str]]]:
        shape: dict[str, tuple[list[str], list[str]]] = {}
        for row in self.frame.itertuples(index=False):
            periods, groups = shape.setdefault(row.metric, ([], []))
            if row.period != OVERALL and row.period not in periods:
                periods.append(row.period)
            if row.group != ALL and row.group not in groups:
                groups.append(row.group)
        return shape

    def periods(self, metric: str) -> list[str]:
        """The metric's periods in table order, without `overall` (none for an undated metric)."""
        return self._shape.get(metric, ([], []))[0]

    def groups(self, metric: str) -> list[str]:
        """The metric's groups in table order, without `all`."""
        return self._shape.get(metric, ([], []))[1]

    def has(self, metric: str, period: str = OVERALL, group: str = ALL) -> bool:
        return (metric, period, group) in self.rows

    def value(self, cell: Cell) -> float:
        return float(getattr(self.rows[cell[1:4]], cell[4]))

    def cell(self, metric: str, period: str, group: str, layer: str) -> Cell:
        return (self.name, metric, period, group, layer)


def population(metric: dict) -> tuple | None:
    """What a count (or a share's denominator) counts: metrics with the same population have
    equal `all` rows; None when nothing else can share it."""
    kind = metric["kind"]
    if kind in ("count", "share"):
        return (
            "rows",
            metric["extract"],
            metric.get("where") or "",
            metric.get("date") or "",
            metric.get("distinct") or "",
            metric.get("sum") or "",
            bool(metric.get("cumulative")),
        )
    if kind == "satisfied_share":
        return ("questionnaires", metric["extract"], metric.get("where") or "")
    return ("answers", metric["extract"], metric.get("where") or "", metric.get("date") or "", metric["column"])


def population_layer(metric: dict) -> str:
    return "value" if metric["kind"] == "count" else "denominator"


EQUALS = re.compile(r"^\s*(\w+)\s*==\s*'([^']*)'\s*$")
IN_LIST = re.compile(r"^\s*(\w+)\s+in\s+@(\w+)\s*$")


def numerator_categories(metric: dict, lists: dict) -> tuple[str, list[str]] | None:
    """A share's numerator as (column, categories) when it selects categories of one column
    (`col == 'x'` or `col in @list`), so a breakdown by that column adds up to it."""
    query = metric.get("numerator") or ""
    if match := EQUALS.match(query):
        return match.group(1), [match.group(2)]
    if (match := IN_LIST.match(query)) and match.group(2) in lists:
        return match.group(1), [str(value) for value in lists[match.group(2)]]
    return None


def edition_relations(edition: Edition, metrics: list[dict], settings: dict) -> list[Relation]:
    """Every relation among one edition's rows (see the module docstring)."""
    checks = settings.get("cross_checks") or {}
    names = [metric["name"] for metric in metrics]
    not_additive = set(matching(checks.get("not_additive", []), names))
    found: list[Relation] = []
    for metric in metrics:
        name = metric["name"]
        if not edition.has(name):
            continue
        found += metric_relations(edition, metric, name not in not_additive)
    found += population_relations(edition, metrics)
    found += numerator_relations(edition, metrics, settings.get("lists") or {})
    for item in checks.get("sums", []):
        scopes = [OVERALL] if item.get("periods") == "overall" else edition.periods(item["total"]) + [OVERALL]
        for period in scopes:
            found.append(
                Relation(
                    "metric_sum",
                    edition.cell(item["total"], period, ALL, "value"),
                    tuple(edition.cell(part, period, ALL, "value") for part in item["parts"]),
                )
            )
    for steps in checks.get("funnels", []):
        for wider, narrower in pairwise(steps):
            found.append(
                Relation(
                    "funnel",
                    edition.cell(wider, OVERALL, ALL, "value"),
                    (edition.cell(narrower, OVERALL, ALL, "value"),),
                    ">=",
                )
            )
    return [relation for relation in found if all(edition.has(*cell[1:4]) for cell in relation.cells)]


def metric_relations(edition: Edition, metric: dict, additive: bool) -> list[Relation]:
    """Within one metric: groups add up to `all`; periods to `overall` (or bound it)."""
    name = metric["name"]
    periods, groups = edition.periods(name), edition.groups(name)
    found = []
    for layer in layers(metric):
        if metric.get("by") and groups:
            for period in periods + [OVERALL]:
                found.append(
                    Relation(
                        "breakdown_sum",
                        edition.cell(name, period, ALL, layer),
                        tuple(edition.cell(name, period, group, layer) for group in groups),
                    )
                )
        for group in ([ALL] if edition.has(name, OVERALL, ALL) else []) + groups:
            if not periods:
                continue
            overall = edition.cell(name, OVERALL, group, layer)
            cells = [edition.cell(name, period, group, layer) for period in periods]
            if metric.get("cumulative"):  # a stock: overall is the last period's, and it never falls
                found.append(Relation("cumulative_last", overall, (cells[-1],)))
                found += [Relation("cumulative_growth", later, (earlier,), ">=") for earlier, later in pairwise(cells)]
            elif additive and not metric.get("distinct"):
                found.append(Relation("period_sum", overall, tuple(cells)))
            else:  # someone counted in two periods is counted once overall
                found.append(Relation("period_bound_sum", overall, tuple(cells), "<="))
                if group == ALL:
                    found += [Relation("period_bound_each", overall, (cell,), ">=") for cell in cells]
    if metric["kind"] in ("share", "satisfied_share"):
        for row_metric, period, group in edition.rows:
            if row_metric == name:
                found.append(
                    Relation(
                        "share_bounds",
                        edition.cell(name, period, group, "denominator"),
                        (edition.cell(name, period, group, "numerator"),),
                        ">=",
                    )
                )
    return found


def population_relations(edition: Edition, metrics: list[dict]) -> list[Relation]:
    """Metrics counting the same rows agree, group by group where they break down alike."""
    by_population: dict[tuple, list[dict]] = {}
    for metric in metrics:
        if edition.has(metric["name"]):
            by_population.setdefault(population(metric), []).append(metric)
    found = []
    for same in by_population.values():
        first = same[0]
        for other in same[1:]:
            shared_groups = [ALL] + (
                [group for group in edition.groups(first["name"]) if group in edition.groups(other["name"])]
                if first.get("by") and first.get("by") == other.get("by")
                else []
            )
            for period in edition.periods(first["name"]) + [OVERALL]:
                for group in shared_groups:
                    found.append(
                        Relation(
                            "same_population",
                            edition.cell(first["name"], period, group, population_layer(first)),
                            (edition.cell(other["name"], period, group, population_layer(other)),),
                        )
                    )
    return found


def numerator_relations(edition: Edition, metrics: list[dict], lists: dict) -> list[Relation]:
    """A share whose numerator picks categories of a column equals the sum of those categories
    in a breakdown of the same rows by that column (e.g. the priority workforce)."""
    found = []
    for share in metrics:
        selected = numerator_categories(share, lists) if share["kind"] == "share" else None
        if selected is None or not edition.has(share["name"]):
            continue
        column, categories = selected
        for breakdown in metrics:
            if (
                breakdown["kind"] != "count"
                or breakdown.get("by") != column
                or population(breakdown) != population(share)
                or not edition.has(breakdown["name"])
            ):
                continue
            groups = [group for group in edition.groups(breakdown["name"]) if group in categories]
            for period in edition.periods(share["name"]) + [OVERALL]:
                found.append(
                    Relation(
                        "numerator_parts",
                        edition.cell(share["name"], period, ALL, "numerator"),
                        tuple(edition.cell(breakdown["name"], period, group, "value") for group in groups),
                    )
                )
    return found


def across_editions(earlier: Edition, later: Edition, metrics: list[dict], settings: dict) -> list[Relation]:
    """A later edition sees at least what an earlier one did (configured metrics), and a cell of
    a period both report, with the same number in both, is the same cell to a reader."""
    names = [metric["name"] for metric in metrics]
    growing = set(matching((settings.get("cross_checks") or {}).get("never_decrease", []), names))
    found = []
    for metric in metrics:
        name = metric["name"]
        shared = [period for period in later.periods(name) if period in earlier.periods(name)]
        for group in [ALL] + later.groups(name):
            for layer in layers(metric):
                for period in shared + [OVERALL]:
                    if not (later.has(name, period, group) and earlier.has(name, period, group)):
                        continue
                    new, old = later.cell(name, period, group, layer), earlier.cell(name, period, group, layer)
                    if name in growing:
                        found.append(Relation("edition_growth", new, (old,), ">="))
                    if period != OVERALL and later.value(new) == earlier.value(old):
                        found.append(Relation("edition_same", new, (old,)))
    return found


def read_editions(paths: list[tuple[str, str]], metrics: list[dict]) -> list[Edition]:
    """Editions' audited metrics tables (earliest first), each with its breakdowns' totals."""
    return [Edition(name, with_breakdown_totals(read_metrics(path), metrics)) for name, path in paths]


def all_relations(editions: list[Edition], metrics: list[dict], settings: dict) -> list[Relation]:
    """The relations of every edition, and between each edition and every earlier one."""
    found = []
    for index, edition in enumerate(editions):
        found += edition_relations(edition, metrics, settings)
        for earlier in editions[:index]:
            found += across_editions(earlier, edition, metrics, settings)
    return found
