"""A reader trying to recover withheld cells by subtraction, written apart from the pipeline's code.

Given published tables (cells as numbers, withheld cells as None), it repeatedly takes any sum
with exactly one unknown and solves it: a breakdown's groups against its `all` row, periods
against `overall` (for additive metrics), the same cell in two editions, metrics that count the
same rows, configured sums of metrics. What it ends up knowing of a withheld cell is a disclosure.
"""

from __future__ import annotations

import pandas as pd

WITHHELD = "[c]"


def read(frame_or_path) -> dict[tuple[str, str, str], dict[str, float | None]]:
    frame = (
        frame_or_path
        if isinstance(frame_or_path, pd.DataFrame)
        else pd.read_csv(frame_or_path, dtype=str, keep_default_na=False)
    )
    cells = {}
    for row in frame.astype(str).itertuples(index=False):
        cells[(row.metric, row.period, row.group)] = {
            column: None
            if getattr(row, column) == WITHHELD
            else (float(getattr(row, column)) if getattr(row, column) not in ("", "nan", "None") else 0.0)
            for column in ("numerator", "denominator")
        }
    return cells


def sums(
    cells: dict, edition: str, additive: set[str], metric_sums: list[tuple[str, list[str]]], same: list[tuple[str, str]]
) -> list[tuple[tuple, list[tuple]]]:
    """(total, parts) of every sum a reader knows, over (edition, metric, period, group, column) keys."""
    found = []
    by_metric: dict[str, dict] = {}
    for metric, period, group in cells:
        entry = by_metric.setdefault(metric, {"periods": [], "groups": []})
        if period != "overall" and period not in entry["periods"]:
            entry["periods"].append(period)
        if group != "all" and group not in entry["groups"]:
            entry["groups"].append(group)
    for metric, entry in by_metric.items():
        for column in ("numerator", "denominator"):
            for period in entry["periods"] + ["overall"]:
                if entry["groups"] and (metric, period, "all") in cells:
                    found.append(
                        (
                            (edition, metric, period, "all", column),
                            [(edition, metric, period, group, column) for group in entry["groups"]],
                        )
                    )
            if metric in additive and entry["periods"]:
                for group in ["all"] + entry["groups"]:
                    if (metric, "overall", group) in cells:
                        found.append(
                            (
                                (edition, metric, "overall", group, column),
                                [(edition, metric, period, group, column) for period in entry["periods"]],
                            )
                        )
    periods = {period for _, period, _ in cells}
    for total, parts in metric_sums:
        for period in periods:
            found.append(
                (
                    (edition, total, period, "all", "numerator"),
                    [(edition, part, period, "all", "numerator") for part in parts],
                )
            )
    for first, second in same:  # counts of the same rows: a one-part sum
        for metric, period, group in cells:
            if metric == first and (second, period, group) in cells:
                found.append(
                    ((edition, first, period, group, "numerator"), [(edition, second, period, group, "numerator")])
                )
    return found


def attack(editions: dict[str, dict], additive: set[str], metric_sums=(), same=()) -> dict[tuple, float]:
    """Every withheld cell the reader can work out, with the value worked out."""
    known: dict[tuple, float] = {}
    unknown = set()
    for edition, cells in editions.items():
        for (metric, period, group), columns in cells.items():
            for column, value in columns.items():
                key = (edition, metric, period, group, column)
                if value is None:
                    unknown.add(key)
                else:
                    known[key] = value
    relations = []
    for edition, cells in editions.items():
        relations += sums(cells, edition, additive, list(metric_sums), list(same))
    names = list(editions)
    for index, later in enumerate(names):  # the same period's cell in two editions
        for earlier in names[:index]:
            for (metric, period, group), columns in editions[later].items():
                if period != "overall" and (metric, period, group) in editions[earlier]:
                    for column in columns:
                        relations.append(
                            ((later, metric, period, group, column), [(earlier, metric, period, group, column)])
                        )
    recovered: dict[tuple, float] = {}
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            cells = [total, *parts]
            if any(cell not in known and cell not in unknown for cell in cells):
                continue
            missing = [cell for cell in cells if cell not in known]
            if len(missing) != 1:
                continue
            cell = missing[0]
            value = (
                sum(known[part] for part in parts)
                if cell == total
                else known[total] - sum(known[part] for part in parts if part != cell)
            )
            known[cell] = value
            recovered[cell] = value
            changed = True
    return recovered


def attack_rounded(
    editions: dict[str, dict], additive: set[str], base: int, threshold: int, metric_sums=(), same=(), rounds=50
) -> dict[tuple, tuple[float, float]]:
    """A reader of rounded tables: every published number r is some whole number that rounds to
    it (r - base/2 to r + base/2, never below the threshold unless 0, which is exact), a withheld
    one at least 1; the reader tightens these intervals through every sum until nothing changes.
    Returns what it ends up knowing of each withheld cell, as (low, high)."""
    known: dict[tuple, list[float]] = {}
    withheld = set()
    for edition, cells in editions.items():
        for (metric, period, group), columns in cells.items():
            for column, value in columns.items():
                key = (edition, metric, period, group, column)
                if value is None:
                    known[key] = [1.0, float("inf")]
                    withheld.add(key)
                elif value == 0:
                    known[key] = [0.0, 0.0]
                else:
                    low, high = value - base // 2, value + (base - 1) // 2
                    known[key] = [max(low, threshold), high]
    relations = []
    for edition, cells in editions.items():
        relations += sums(cells, edition, additive, list(metric_sums), list(same))
    for _ in range(rounds):
        changed = False
        for total, parts in relations:
            if any(cell not in known for cell in (total, *parts)):
                continue
            low = sum(known[part][0] for part in parts)
            high = sum(known[part][1] for part in parts)
            changed |= tighten(known[total], low, high)
            for part in parts:
                others_low = sum(known[other][0] for other in parts if other != part)
                others_high = sum(known[other][1] for other in parts if other != part)
                changed |= tighten(known[part], known[total][0] - others_high, known[total][1] - others_low)
        if not changed:
            break
    return {cell: tuple(known[cell]) for cell in withheld}


def tighten(interval: list[float], low: float, high: float) -> bool:
    changed = False
    if low > interval[0]:
        interval[0], changed = low, True
    if high < interval[1]:
        interval[1], changed = high, True
    return changed
