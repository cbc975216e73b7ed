"""Cross-check an edition's audited metrics table against itself before anything is published.

The source report this pipeline replaces contradicted itself (types adding up to one more than
their total, per-year figures adding up to more than the whole). Here every relation that ties
the table's rows together (`relations.py`: breakdowns and their totals, periods and overall,
metrics counting the same rows, configured sums and funnels, editions) is written as one row of
a checks table, and the expectation suite `expectations/metrics/cross_checks.yaml` says what
each kind of row must satisfy. Great Expectations runs it; a failure stops the build, naming
the metric, period and group of every row that broke a rule.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import yaml

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.files import write_text
from programme_evaluation.common.missing import is_missing
from programme_evaluation.common.tables import csv_number, write_table
from programme_evaluation.gate.validation import Validator
from programme_evaluation.metrics.targets import rag
from programme_evaluation.published.relations import (
    READER_ONLY,
    Edition,
    Relation,
    all_relations,
    read_editions,
)

COLUMNS = [
    "check",
    "metric",
    "period",
    "group",
    "layer",
    "found",
    "expected",
    "difference",
    "found_text",
    "expected_text",
    "detail",
]
SHARES = ("share", "satisfied_share")
# Failing rows named per rule in the error; the checks table (checks.csv) keeps them all.
ROWS_IN_MESSAGE = 10


class CrossCheckError(PipelineError, ValueError):
    """The metrics table contradicts itself; the message names every rule broken and its rows."""


def describe(relation: Relation) -> str:
    """What a relation's expected number is, in words: which rows were added up."""
    parts = relation.parts
    if relation.check == "breakdown_sum":
        return f"sum of its {len(parts)} groups"
    if relation.check in ("period_sum", "period_bound_sum"):
        return "sum of " + ", ".join(part[2] for part in parts)
    if relation.check in ("cumulative_last", "period_bound_each", "cumulative_growth"):
        return f"period {parts[0][2]}"
    if relation.check == "edition_growth":
        return f"{parts[0][0]} edition"
    if relation.check == "numerator_parts":
        return f"{parts[0][1] if parts else 'no'} groups " + ", ".join(part[3] for part in parts)
    return " + ".join(f"{part[1]} ({part[4]})" if part[4] != "value" else part[1] for part in parts)


def checks_table(editions: list[Edition], metrics: list[dict], settings: dict) -> pd.DataFrame:
    """One row per instance of a rule about the last edition (and it against earlier ones)."""
    current = editions[-1]
    values = {edition.name: edition for edition in editions}
    rows = []
    for relation in all_relations(editions, metrics, settings):
        if relation.check in READER_ONLY or relation.total[0] != current.name:
            continue
        found = values[relation.total[0]].value(relation.total)
        expected = sum(values[part[0]].value(part) for part in relation.parts)
        _, metric, period, group, layer = relation.total
        rows.append(row(relation.check, metric, period, group, layer, found, expected, describe(relation)))
    kinds = {metric["name"]: metric["kind"] for metric in metrics}
    thresholds = settings["rag"]
    for item in current.frame.itertuples(index=False):
        if kinds.get(item.metric) in SHARES and not is_missing(item.value):
            rows.append(row("share_range", item.metric, item.period, item.group, "value", item.value, None, "0 to 1"))
        if is_missing(item.target):
            continue
        expected_pct = item.value / item.target if not is_missing(item.value) and item.target else None
        if expected_pct is not None:
            found = float("inf") if is_missing(item.pct_of_target) else item.pct_of_target  # missing: never close
            rows.append(
                row(
                    "pct_of_target",
                    item.metric,
                    item.period,
                    item.group,
                    "value",
                    found,
                    expected_pct,
                    "value / target",
                )
            )
        expected_rag = rag(None if is_missing(item.pct_of_target) else item.pct_of_target, thresholds) or ""
        rows.append(
            row(
                "rag",
                item.metric,
                item.period,
                item.group,
                "value",
                None,
                None,
                "rating of pct_of_target",
                item.rag or "",
                expected_rag,
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def row(check, metric, period, group, layer, found, expected, detail, found_text="", expected_text="") -> dict:
    difference = None if found is None or expected is None else round(found - expected, 9)
    return {
        "check": check,
        "metric": metric,
        "period": period,
        "group": group,
        "layer": layer,
        "found": found,
        "expected": expected,
        "difference": difference,
        "found_text": found_text,
        "expected_text": expected_text,
        "detail": detail,
    }


def read_suite(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)["expectations"]


def run_checks(table: pd.DataFrame, suite: list[dict], validator: Validator | None = None) -> pd.DataFrame:
    """The checks table with an `outcome` column (passed, failed) from Great Expectations."""
    known = {expectation["meta"]["id"] for expectation in suite}
    unknown = sorted(set(table["check"]) - known)
    if unknown:  # a kind of row no expectation looks at would pass without being checked
        raise CrossCheckError(f"cross-check suite has no expectation for {', '.join(unknown)}")
    results = (validator or Validator()).run(table, suite, {})
    outcome = pd.Series("passed", index=table.index)
    for expectation, result in zip(suite, results):
        if result.success:
            continue
        failing = result.result.get("unexpected_index_list")
        if failing is None:  # a failure GX reports without rows: fail every row of the rule
            failing = table.index[table["check"] == expectation["meta"]["id"]].tolist()
        outcome[[index if isinstance(index, int) else index.get("index", index) for index in failing]] = "failed"
    return table.assign(outcome=outcome)


def failure_message(checked: pd.DataFrame, suite: list[dict], source: str) -> str:
    lines = [
        (
            f"{source}: the metrics table fails its cross-checks; nothing is published until it passes "
            "(every rule and row below; checks.csv holds them all):"
        )
    ]
    rules = {expectation["meta"]["id"]: expectation["meta"]["rule"] for expectation in suite}
    failed = checked[checked["outcome"] == "failed"]
    for check, rows in failed.groupby("check", sort=False):
        lines.append(f"- {rules[check]} [{check}]: {len(rows)} row(s)")
        for item in rows.head(ROWS_IN_MESSAGE).itertuples(index=False):
            if check == "rag":
                said = f"rag is {item.found_text or 'empty'}, expected {item.expected_text or 'empty'}"
            else:
                said = f"found {number(item.found)}, expected {number(item.expected)} ({item.detail})"
            lines.append(
                f"  metric {item.metric}, period {item.period}, group {item.group}"
                f"{'' if item.layer == 'value' else f' ({item.layer})'}: {said}"
            )
    return "\n".join(lines)


def number(value) -> str:
    if is_missing(value):
        return "nothing"
    if value == float("inf"):
        return "an empty cell"
    return csv_number(value, 9)


def cross_check(
    settings: dict,
    metrics_paths: list[tuple[str, str | Path]],
    suite_path: str | Path,
    out_table: str | Path,
    out_summary: str | Path,
) -> pd.DataFrame:
    """Check the last edition's metrics table (with the earlier editions' for the rules across
    editions); write the checks table and a summary; raise CrossCheckError naming every failure."""
    metrics = settings["metrics"]
    suite = read_suite(suite_path)
    checked = run_checks(checks_table(read_editions(metrics_paths, metrics), metrics, settings), suite)
    # Numbers stay numbers (a negative difference is not text) and never print as 1e-07, which a
    # spreadsheet would read as a formula start: up to nine decimals, as the differences are rounded.
    numbers = {column: pd.to_numeric(checked[column]).astype(float) for column in ("found", "expected", "difference")}
    write_table(checked.assign(**numbers), out_table, float_format=lambda value: csv_number(value, 9))
    if (checked["outcome"] == "failed").any():
        raise CrossCheckError(failure_message(checked, suite, str(metrics_paths[-1][1])))
    summary = {
        "edition": metrics_paths[-1][0],
        "passed": True,
        "rules": [
            {
                "id": expectation["meta"]["id"],
                "rule": expectation["meta"]["rule"],
                "rows": int((checked["check"] == expectation["meta"]["id"]).sum()),
            }
            for expectation in suite
        ],
    }
    write_text(out_summary, json.dumps(summary, indent=2) + "\n")
    return checked
