"""The data dictionary of a programme: every validated table, the metrics table, the published set.

Written on every build from the expectation suites (each extract's columns, types, categories
and rules) and the configuration (each metric, what it counts, whether it counts people), so it
cannot go stale: a changed suite or metric rewrites it. Two forms: `data-dictionary.md` to
read, `data-dictionary.csv` (one row per table and column, or per metric) to filter.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from programme_evaluation.common.files import write_text
from programme_evaluation.common.number_text import SUPPRESSED
from programme_evaluation.common.tables import write_table
from programme_evaluation.contract import Contract, load_contract
from programme_evaluation.metrics.audited import COLUMNS
from programme_evaluation.published.disclosure import people_metrics

# The audited table's columns, as metrics.md defines them.
METRIC_COLUMNS = {
    "metric": "dotted metric name, e.g. training.practitioners_trained (the metrics are listed below)",
    "period": "a configured period, or overall (the whole edition)",
    "group": "all, or the category the row is broken down by",
    "value": "the number: a count, a share between 0 and 1, or a mean",
    "numerator": "a share's numerator (a mean's total); a count's count",
    "denominator": "a share's or mean's denominator; empty for a count",
    "target": "the row's target; empty where none",
    "pct_of_target": "value / target as a ratio (0.9 for 90%); empty where no target",
    "rag": "GREEN, AMBER or RED from pct_of_target and the configured thresholds; empty where no target",
}
KINDS = {
    "count": "count",
    "share": "share (0 to 1)",
    "satisfied_share": "share of satisfied questionnaires (0 to 1)",
    "mean": "mean",
}
FIELDS = ["table", "column", "type", "description", "values"]


def column_rules(contract: Contract, column: str) -> list[str]:
    """The rules of a suite that are about one column."""
    found = []
    for expectation in contract.expectations:
        kwargs = expectation.get("kwargs", {})
        if column in (kwargs.get("column"), kwargs.get("column_A"), kwargs.get("column_B")) or column in (
            kwargs.get("column_list") or []
        ):
            found.append(expectation["meta"]["rule"])
    return found


def dictionary(settings: dict, contract_folder: str | Path, results: str) -> pd.DataFrame:
    """One row per column of each table (and per metric of the metrics table)."""
    rows = []
    for extract in settings["extracts"]:
        contract = load_contract(contract_folder, extract)
        categories = contract.categories
        table = f"{results}/gate/{extract}.csv"
        rows.append(
            {"table": table, "column": "", "type": "table", "description": contract.description.strip(), "values": ""}
        )
        for column, kind in contract.columns.items():
            rows.append(
                {
                    "table": table,
                    "column": column,
                    "type": kind,
                    "description": "; ".join(column_rules(contract, column)),
                    "values": ", ".join(categories.get(column, [])),
                }
            )
    people = people_metrics(settings)
    threshold = int((settings.get("disclosure") or {}).get("threshold", 10))
    for table, published in (
        (f"{results}/<edition>/metrics.csv", False),
        (f"{results}/<edition>/published/metrics.csv", True),
    ):
        description = (
            (
                "the published set: the audited table with a total row for each breakdown written without one, "
                f"and each withheld number shown as {SUPPRESSED} (a count of people from 1 to {threshold - 1}, "
                "or a cell that would give one away)"
            )
            if published
            else "the audited metrics table (internal): every number of the edition's report, exact"
        )
        rows.append({"table": table, "column": "", "type": "table", "description": description, "values": ""})
        for column in COLUMNS:
            withheld = published and column in ("value", "numerator", "denominator", "pct_of_target", "rag")
            rows.append(
                {
                    "table": table,
                    "column": column,
                    "type": "text" if column in ("metric", "period", "group", "rag") else "number",
                    "description": METRIC_COLUMNS[column] + (f"; {SUPPRESSED} where withheld" if withheld else ""),
                    "values": "",
                }
            )
    for metric in settings["metrics"]:
        said = metric.get("description") or ""
        counts = "counts people" if metric["name"] in people else "not about people"
        rows.append(
            {
                "table": f"{results}/<edition>/metrics.csv",
                "column": f"metric={metric['name']}",
                "type": KINDS[metric["kind"]],
                "description": f"{said} ({counts}; from {metric['extract']})".strip(),
                "values": f"groups by {metric['by']}" if metric.get("by") else "group all",
            }
        )
    return pd.DataFrame(rows, columns=FIELDS)


def markdown(frame: pd.DataFrame, title: str) -> str:
    lines = [
        f"# Data dictionary: {title}",
        "",
        "Generated from the expectation suites and the programme configuration on every build.",
        "",
    ]
    for table, rows in frame.groupby("table", sort=False):
        lines += [f"## `{table}`", ""]
        header = rows[rows["column"] == ""]
        if len(header):
            lines += [header.iloc[0]["description"], ""]
        body = rows[rows["column"] != ""]
        lines += ["| column | type | description | values |", "|:--|:--|:--|:--|"]
        for row in body.itertuples(index=False):
            cells = [row.column, row.type, row.description, row.values]
            lines.append("| " + " | ".join(str(cell).replace("|", "\\|").replace("\n", " ") for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def write_dictionary(
    settings: dict, contract_folder: str | Path, results: str, out_markdown: str | Path, out_table: str | Path
) -> pd.DataFrame:
    frame = dictionary(settings, contract_folder, results)
    write_table(frame, out_table)
    write_text(out_markdown, markdown(frame, settings["title"]))
    return frame
