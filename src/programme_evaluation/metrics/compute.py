"""The audited metrics table: every number a report prints, computed once, from configuration.

A metric is declared in the programme configuration by one of a few kinds (see
`configuration/config.schema.yaml`), so a new programme adds rows by configuration, not code:
- count: rows, or distinct values of an id, dated in each period, optionally by category;
- share: the part of such a count that matches a numerator query;
- mean: the mean of a column's answered values (numerator their total, denominator how many);
- satisfied_share: questionnaires whose median item score reaches the threshold.
A metric of an extract without dates has overall rows only; a cumulative count's period rows
count everything up to the end of the period.
Columns and row rules follow `metrics.md`: every group for every period and `overall`, zeros
where nothing happened, an empty value for a share of nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from programme_evaluation.common.errors import ConfigError
from programme_evaluation.common.periods import OVERALL, Period, period_positions, periods_from
from programme_evaluation.common.tables import csv_number
from programme_evaluation.metrics.audited import ALL, COLUMNS, NOT_RECORDED
from programme_evaluation.metrics.targets import pct_of, rag, target_for


def selected(frame: pd.DataFrame, query: str | None, lists: dict) -> pd.Series:
    """Boolean mask of rows matching a configured pandas query (named lists as @name)."""
    if not query:
        return pd.Series(True, index=frame.index)
    mask = frame.eval(query, engine="python", local_dict=lists)
    return pd.Series(mask, index=frame.index).fillna(False).astype(bool)


def questionnaires(items: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """One row per questionnaire: its date, and whether the median of its item scores reaches the threshold.

    The median of an even number of items is the mean of the middle two, so 3.5 is not satisfied at 4.
    """
    grouped = items.groupby("response_id", sort=True)
    result = pd.DataFrame(
        {
            "response_date": grouped["response_date"].min(),
            "median_score": grouped["score"].median().astype(float),
        }
    ).reset_index()
    result["satisfied"] = result["median_score"] >= threshold
    return result


def first_positions(ids: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Of rows (positions, in order), the first of each id: with rows in date order, an id's
    attributes are those at its first event."""
    _, first = np.unique(ids[positions], return_index=True)
    return positions[np.sort(first)]


def categories(frame: pd.DataFrame, column: str, allowed: list[str] | None) -> list[str]:
    """The groups of a breakdown: the contract's categories in order, plus 'not recorded' if any are missing."""
    found = texts(frame[column].dropna().unique())
    groups = list(allowed) if allowed else sorted(set(found))
    extra = sorted(set(found) - set(groups))
    groups += extra
    if frame[column].isna().any():
        groups.append(NOT_RECORDED)
    return groups


def texts(values) -> list[str]:
    """Values as pandas writes them as text (`astype(str)`), e.g. the distinct values of a column."""
    return pd.Series(values).astype(str).tolist()


def compute_metric(
    metric: dict,
    tables: dict[str, pd.DataFrame],
    periods: list[Period],
    lists: dict,
    allowed_categories: dict,
    threshold: float,
) -> list[dict]:
    """Rows (metric, period, group, value, numerator, denominator) for one configured metric."""
    frame = tables[metric["extract"]]
    frame = frame[selected(frame, metric.get("where"), lists)]
    kind = metric["kind"]
    if kind == "satisfied_share":
        frame = questionnaires(frame, threshold)
        date, numerator = "response_date", frame["satisfied"]
    else:
        date = metric.get("date")
        numerator = selected(frame, metric.get("numerator"), lists) if kind == "share" else None
    if kind == "mean":
        frame = frame[frame[metric["column"]].notna()]
    if metric.get("sum") and not pd.api.types.is_numeric_dtype(frame[metric["sum"]]):
        raise ConfigError(
            f"metric {metric['name']}: sum: column {metric['sum']!r} of {metric['extract']} is not a number "
            "(the contract must declare it integer)"
        )
    by = metric.get("by")
    groups = ([ALL] if metric.get("include_all", True) or not by else []) + (
        categories(frame, by, allowed_categories.get((metric["extract"], by))) if by else []
    )
    counted = Counted.of(frame, date, periods, metric, numerator)
    names = [period.name for period in periods]
    rows = []
    for position, scope in ([] if date is None else list(enumerate(names))) + [(None, OVERALL)]:
        in_scope = counted.in_scope(position, metric.get("cumulative", False))
        for group in groups:
            members = in_scope if group == ALL else counted.of_group(in_scope, group)
            rows.append(counted.row(metric["name"], scope, group, members, kind))
    return rows


@dataclass(frozen=True)
class Counted:
    """The rows a metric counts, as arrays: counting a period or group compares whole numbers over
    positions instead of copying frames (10^6 rows, dozens of periods and groups per metric).

    Rows outside every period (or, for a distinct count, without an id) are left out; a distinct
    count's rows are in date order, so an id's first row in any scope is its first event there.
    """

    period: np.ndarray  # position of each row's period (0 for an undated extract)
    ids: np.ndarray | None  # each row's id code, for a distinct count
    group: np.ndarray | None  # each row's breakdown value code (text as pandas writes it)
    group_codes: dict[str, int]
    missing: np.ndarray | None  # each row's breakdown value is missing ("not recorded")
    weights: np.ndarray | None  # the summed (or averaged) column, missing as 0; None counts rows
    numerator: np.ndarray | None  # each row is in a share's numerator

    @classmethod
    def of(cls, frame: pd.DataFrame, date: str | None, periods: list[Period], metric: dict, numerator) -> Counted:
        period = np.zeros(len(frame), dtype=np.int64) if date is None else period_positions(frame[date], periods)
        keep = period >= 0
        distinct = metric.get("distinct")
        if distinct:
            keep &= frame[distinct].notna().to_numpy()
        frame, period = frame[keep], period[keep]
        numerator = None if numerator is None else np.asarray(numerator, dtype=bool)[keep]
        if distinct and date is not None:
            order = np.argsort(frame[date].to_numpy(), kind="stable")
            frame, period = frame.iloc[order], period[order]
            numerator = None if numerator is None else numerator[order]
        by, summed = metric.get("by"), metric.get("sum") or metric.get("column")
        group, codes = pd.factorize(frame[by].astype(str)) if by else (None, [])
        return cls(
            period=period,
            ids=pd.factorize(frame[distinct])[0] if distinct else None,
            group=group,
            group_codes={code: index for index, code in enumerate(codes)},
            missing=frame[by].isna().to_numpy() if by else None,
            weights=frame[summed].fillna(0).to_numpy() if summed else None,
            numerator=numerator,
        )

    def in_scope(self, position: int | None, cumulative: bool) -> np.ndarray:
        """Positions of the rows counted in a period (None: overall), in order; for a distinct
        count, each id's first row there."""
        if position is None:
            rows = np.arange(len(self.period))
        else:
            rows = np.flatnonzero(self.period <= position if cumulative else self.period == position)
        return rows if self.ids is None else first_positions(self.ids, rows)

    def of_group(self, rows: np.ndarray, group: str) -> np.ndarray:
        if group == NOT_RECORDED:
            return rows[self.missing[rows]]
        code = self.group_codes.get(group)
        return rows[:0] if code is None else rows[self.group[rows] == code]

    def row(self, name: str, period: str, group: str, rows: np.ndarray, kind: str) -> dict:
        """One row: a count of rows (or the total of the summed column), the numerator's part of
        it, or (mean) the total of the column over how many answered."""
        total = len(rows) if self.weights is None else whole(self.weights[rows].sum())
        if kind == "count":
            return {
                "metric": name,
                "period": period,
                "group": group,
                "value": total,
                "numerator": total,
                "denominator": None,
            }
        if kind == "mean":
            answered = len(rows)
            return {
                "metric": name,
                "period": period,
                "group": group,
                "value": total / answered if answered else None,
                "numerator": total,
                "denominator": answered,
            }
        chosen = rows[self.numerator[rows]]
        part = len(chosen) if self.weights is None else whole(self.weights[chosen].sum())
        value = part / total if total else None
        return {
            "metric": name,
            "period": period,
            "group": group,
            "value": value,
            "numerator": part,
            "denominator": total,
        }


def whole(number) -> int | float:
    """Totals of whole numbers stay whole numbers (written without decimals)."""
    return int(number) if float(number).is_integer() else float(number)


def with_targets(rows: list[dict], metric: dict, edition_periods: list[str], thresholds: dict) -> list[dict]:
    """Add target, pct_of_target and RAG to a metric's 'all' rows (targets are set for the whole)."""
    for row in rows:
        target = target_for(metric, row["period"], edition_periods) if row["group"] == ALL else None
        pct = pct_of(row["value"], target)
        row.update(target=target, pct_of_target=pct, rag=rag(pct, thresholds))
    return rows


def metrics_table(
    config: dict, tables: dict[str, pd.DataFrame], periods: list[Period], allowed_categories: dict
) -> pd.DataFrame:
    """The whole audited table for one edition, in configuration order."""
    names = [period.name for period in periods]
    threshold = config.get("questionnaire", {}).get("satisfied_median", 4)
    rows = []
    for metric in config["metrics"]:
        metric_rows = compute_metric(metric, tables, periods, config.get("lists", {}), allowed_categories, threshold)
        rows += with_targets(metric_rows, metric, names, config["rag"])
    return pd.DataFrame(rows, columns=COLUMNS)


def formatted(table: pd.DataFrame) -> pd.DataFrame:
    """Numbers as text, the same way every run: counts whole, ratios to six decimals, gaps empty."""
    out = table.copy()
    for column in ("value", "numerator", "denominator", "target", "pct_of_target"):
        out[column] = [csv_number(value) for value in out[column]]
    out["rag"] = out["rag"].fillna("")
    return out


def reads(metric: dict, column: str) -> bool:
    """Whether the metric may read this column: one of its column keys, the questionnaire columns
    of a satisfied share, or any column whose name appears in its queries. The metrics stage
    reads only such columns of each extract; a superset is harmless (a missing column would
    fail loudly in the query).
    """
    named = {metric.get(key) for key in ("date", "distinct", "by", "sum", "column")}
    if metric["kind"] == "satisfied_share":
        named |= {"response_id", "response_date", "score"}
    return column in named or any(column in str(metric.get(key) or "") for key in ("where", "numerator"))


def write_metrics(settings: dict, edition_tables: dict, contract_folder, out_path) -> pd.DataFrame:
    """Compute one edition's audited metrics table from its extracts and write it."""
    from programme_evaluation.common.tables import read_validated, write_table
    from programme_evaluation.contract import allowed_categories, load_contract

    periods = periods_from(settings["periods"])
    tables = {}
    for name, path in edition_tables.items():
        columns = load_contract(contract_folder, name).columns
        used = [
            column
            for column in columns
            if any(reads(metric, column) for metric in settings["metrics"] if metric["extract"] == name)
        ]
        if used:  # an extract no metric reads (quotes) is not read at all
            tables[name] = read_validated(path, columns, only=used)
    table = metrics_table(settings, tables, periods, allowed_categories(contract_folder, list(edition_tables)))
    write_table(formatted(table), out_path)
    return table
