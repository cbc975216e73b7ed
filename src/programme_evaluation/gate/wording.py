"""The wording of the gate's findings: how a failed check is said to the provider who must fix it.

Kept apart from the checks (as pandera keeps its error formatters apart from its checks), so a
message can be improved without touching a check: rows are counted as in a spreadsheet, values
are quoted as delivered, a tolerance says what was found and what is allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from programme_evaluation.gate.findings import ExtractCheck, Finding
from programme_evaluation.gate.gx_adapter import CheckResult
from programme_evaluation.gate.normalisation import EXAMPLES_PER_RULE, spreadsheet_row

# The failure message shows the first few rows of each broken rule; quality.json keeps more.
EXAMPLES_IN_MESSAGE = 5


def rule_of(expectation: dict) -> str:
    return (expectation.get("meta") or {}).get("rule") or expectation["type"].replace("_", " ")


def columns_of(expectation: dict) -> list[str]:
    """The columns an expectation looks at, in the order a reader expects them."""
    kwargs = expectation.get("kwargs", {})
    return [kwargs[key] for key in ("column", "column_A", "column_B") if key in kwargs] + list(
        kwargs.get("column_list", [])
    )


def column_of(expectation: dict) -> str | None:
    return ", ".join(columns_of(expectation)) or None


def finding_from(
    result: CheckResult,
    expectation: dict,
    file: str,
    raw: pd.DataFrame,
    check: str,
    skip: dict | None = None,
    rows: list | None = None,
) -> Finding:
    """Turn a failed GX result into a Finding with spreadsheet row numbers and delivered values."""
    columns = columns_of(expectation)
    meta = expectation.get("meta") or {}
    finding = Finding(
        file,
        rule_of(expectation),
        check,
        severity=meta.get("severity", "error"),
        column=", ".join(columns) or None,
        id=meta.get("id"),
    )
    if result.error is not None:
        finding.rule += f" (could not be checked: {result.error})"
        return finding
    resolved = result.kwargs
    indexes = result.rows if rows is None else rows
    if indexes is None:
        observed = result.observed
        if observed is not None:
            bounds = [
                f"at least {resolved['min_value']:g}" if isinstance(resolved.get("min_value"), (int, float)) else "",
                f"at most {resolved['max_value']:g}" if isinstance(resolved.get("max_value"), (int, float)) else "",
            ]
            expected = " and ".join(bound for bound in bounds if bound)
            finding.rule += f" (found: {observed}" + (f"; expected {expected})" if expected else ")")
        elif result.details:
            finding.rule += f" (found: {result.details})"
        return finding
    if isinstance(resolved.get("mostly"), (int, float)) and resolved["mostly"] < 1:
        share = result.unexpected_percent or 0
        finding.rule += (
            f" (found: {share:.1f}% of {result.element_count} rows; allowed: {100 * (1 - resolved['mostly']):.1f}%)"
        )
    # A badly formatted cell, read as missing, must not fail a second rule: neither one on its
    # column nor one whose condition reads it (a first session "without" an assessment date).
    condition = str(expectation.get("kwargs", {}).get("row_condition") or "")
    skip_rows = set()
    for column, rows in (skip or {}).items():
        if column in columns or re.search(rf"\b{re.escape(column)}\b", condition):
            skip_rows |= rows
    kept = [index for index in indexes if index not in skip_rows]
    finding.failing = len(kept)
    finding.examples = [
        {
            "row": spreadsheet_row(index),
            "column": ", ".join(columns),
            "value": " / ".join(cell_text(raw.at[index, column]) for column in columns),
        }
        for index in kept[:EXAMPLES_PER_RULE]
    ]
    return finding


def cell_text(value) -> str:
    return "" if value is None else str(value)


def failure_message(outcomes: list[ExtractCheck], raw_folder: str | Path, delivery: list[Finding] | None = None) -> str:
    """Every error, grouped by file, in words a provider can act on (the first rows of each rule)."""
    lines = [f"The extracts in {raw_folder} break their contract; nothing was built from them."]
    for outcome in outcomes:
        for finding in outcome.errors:
            lines.extend(f"  - {line}" for line in finding.lines(EXAMPLES_IN_MESSAGE))
    for finding in delivery or []:
        if finding.severity == "error":
            lines.append(f"  - {finding.lines()[0]}")
    lines.append(
        "Rows are counted as in a spreadsheet (the header is row 1); [ids] name the rules (expectations/README.md)."
    )
    return "\n".join(lines)
