"""The audited metrics table: every number a report prints, computed once, from configuration.

A metric is declared in the programme configuration by one of a few kinds (see
`workflow/schemas/config.schema.yaml`), so a new programme adds rows by configuration, not code:
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

import pandas as pd

from programme_evaluation.common.errors import ConfigError
from programme_evaluation.common.periods import OVERALL, Period, period_of, periods_from
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


def first_per_id(frame: pd.DataFrame, date: str | None, distinct: str) -> pd.DataFrame:
    """Keep each id's first dated row (in an undated extract, its first row), so its attributes
    are those at its first event."""
    ordered = frame[frame[distinct].notna()]
    if date is not None:
        ordered = ordered.sort_values(date, kind="stable")
    return ordered.drop_duplicates(distinct, keep="first")


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
    if numerator is not None:
        frame = frame.assign(_numerator=numerator)
    if metric.get("sum") and not pd.api.types.is_numeric_dtype(frame[metric["sum"]]):
        raise ConfigError(
            f"metric {metric['name']}: sum: column {metric['sum']!r} of {metric['extract']} is not a number "
            "(the contract must declare it integer)"
        )
    undated = date is None
    frame = frame.assign(_period=OVERALL if undated else period_of(frame[date], periods))
    by = metric.get("by")
    groups = ([ALL] if metric.get("include_all", True) or not by else []) + (
        categories(frame, by, allowed_categories.get((metric["extract"], by))) if by else []
    )
    rows = []
    names = [period.name for period in periods]
    for scope in ([] if undated else names) + [OVERALL]:
        in_scope = in_period(frame, scope, names, metric.get("cumulative", False))
        if metric.get("distinct"):
            in_scope = first_per_id(in_scope, date, metric["distinct"])
        for group in groups:
            members = in_scope if group == ALL else in_scope[group_mask(in_scope, by, group)]
            rows.append(
                metric_row(metric["name"], scope, group, members, kind, metric.get("sum") or metric.get("column"))
            )
    return rows


def in_period(frame: pd.DataFrame, scope: str, names: list[str], cumulative: bool) -> pd.DataFrame:
    """The rows counted in a period's row: dated in it, or (cumulative) in it or any before it."""
    dated = frame[frame["_period"].notna()]
    if scope == OVERALL:
        return dated
    if cumulative:
        return dated[dated["_period"].isin(names[: names.index(scope) + 1])]
    return dated[dated["_period"] == scope]


def group_mask(frame: pd.DataFrame, column: str, group: str) -> pd.Series:
    if group == NOT_RECORDED:
        return frame[column].isna()
    return frame[column].astype(str) == group


def metric_row(name: str, period: str, group: str, members: pd.DataFrame, kind: str, summed: str | None = None) -> dict:
    """One row: a count of members (or the total of their `summed` column), the numerator's part
    of it, or (mean) the total of the column over how many answered."""
    weights = members[summed].fillna(0) if summed else pd.Series(1, index=members.index)
    total = whole(weights.sum())
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
        answered = len(members)
        return {
            "metric": name,
            "period": period,
            "group": group,
            "value": total / answered if answered else None,
            "numerator": total,
            "denominator": answered,
        }
    part = whole(weights[members["_numerator"]].sum())
    value = part / total if total else None
    return {"metric": name, "period": period, "group": group, "value": value, "numerator": part, "denominator": total}


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
