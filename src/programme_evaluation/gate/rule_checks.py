"""Stage 3 of the gate: the contract's own rules, on typed values.

Suite parameters fill in programme facts (`programme_start`, `delivery_date`), references to
other extracts (`<extract>__<column>`: the set of values in that column; `<extract>__<column>__count`:
how many distinct values) and the warning thresholds of the configuration (see quality_settings).
A value already reported as badly formatted is not reported again here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from programme_evaluation.contract import Contract
from programme_evaluation.gate.findings import ExtractCheck, Finding
from programme_evaluation.gate.gx_adapter import Validator, engine_view, parameter_names
from programme_evaluation.gate.record_checks import OWN_TYPES, period_sum_findings
from programme_evaluation.gate.settings import QualitySettings
from programme_evaluation.gate.structure_checks import record_result
from programme_evaluation.gate.wording import column_of, columns_of, rule_of


def reference_values(
    outcomes: dict[str, ExtractCheck], contracts: dict[str, Contract], needed: set[str] | None = None
) -> dict:
    """`<extract>__<column>` -> the values in that column, for reference checks between extracts,
    and `<extract>__<column>__count` -> how many distinct values (for response rates).

    Only the columns some suite refers to (`needed`, every column if None): a set of ids is as
    long as its extract.
    """
    values = {}
    for name, outcome in outcomes.items():
        if outcome.table is None or outcome.unusable:
            continue
        for column in contracts[name].columns:
            key = f"{name}__{column}"
            if needed is not None and key not in needed and f"{key}__count" not in needed:
                continue
            present = outcome.table[column].dropna()
            if present.dtype != object:  # dates and numbers, as their text
                present = present.astype(str)
            distinct = sorted(np.asarray(present.unique(), dtype=object).tolist())
            values[key] = distinct
            values[f"{key}__count"] = len(distinct)
    return values


def check_rules(
    outcome: ExtractCheck,
    contract: Contract,
    validator: Validator,
    facts: dict,
    references: dict,
    settings: QualitySettings,
    unusable: dict[str, str] | None = None,
) -> None:
    """Stage 3: the contract's own rules on typed values.

    A rule referring to an extract that could not be read is not checked (a warning): that
    extract's own error is the one cause, reported once (`unusable`: extract -> its file).
    """
    parameters = {key: pd.Timestamp(value) for key, value in facts.items()}
    parameters.update(settings.parameters)
    runnable = []
    for expectation in contract.expectations:
        needed = parameter_names(expectation.get("kwargs", {}))
        missing = [name for name in needed if name not in parameters and name not in references]
        if not missing:
            runnable.append(expectation)
            continue
        broken = sorted(
            {(unusable or {})[word.split("__")[0]] for word in missing if word.split("__")[0] in (unusable or {})}
        )
        reason = (
            f"{' and '.join(broken)} could not be checked: see its own error"
            if broken
            else f"{', '.join(missing)} unavailable"
        )
        rule = f"{rule_of(expectation)} (not checked: {reason})"
        column = column_of(expectation)
        outcome.findings.append(
            Finding(outcome.file, rule, "rules", severity="warning", column=column, id=expectation["meta"]["id"])
        )
        outcome.record(expectation["meta"]["id"], "rules", rule, "warning", column, "not checked")
    outcome.checks += len(runnable)
    badly_formatted = coerced_cells(outcome.raw, outcome.table)
    own = [expectation for expectation in runnable if expectation["type"] in OWN_TYPES]
    engine = [expectation for expectation in runnable if expectation["type"] not in OWN_TYPES]
    refused: dict[str, set] = {}  # column -> rows a rule on it refused
    for expectation, result in zip(
        engine, validator.check(engine_view(outcome.table), engine, {**parameters, **references})
    ):
        record_result(outcome, expectation, result, outcome.raw, "rules", settings, skip=badly_formatted)
        if not result.success and len(columns_of(expectation)) == 1:
            refused.setdefault(columns_of(expectation)[0], set()).update(result.rows or [])
    for expectation in own:
        check_period_sum(outcome, expectation, parameters, refused, settings)


def check_period_sum(
    outcome: ExtractCheck, expectation: dict, parameters: dict, refused: dict[str, set], settings: QualitySettings
) -> None:
    """A total per period the gate checks itself (record_checks), leaving out values already refused."""
    meta = expectation["meta"]
    column = expectation["kwargs"]["column"]
    reported = refused.get(column, set()) | refused.get(expectation["kwargs"]["period_column"], set())
    finding, _ = period_sum_findings(outcome.table, expectation, parameters, reported, outcome.file)
    severity = settings.severity_of(meta["id"], meta.get("severity", "error"))
    if finding is None:
        outcome.record(meta["id"], "rules", rule_of(expectation), severity, column, "passed")
        return
    finding.severity = severity
    outcome.findings.append(finding)
    outcome.record(meta["id"], "rules", rule_of(expectation), severity, column, "failed", finding.failing)


def coerced_cells(raw: pd.DataFrame, table: pd.DataFrame) -> dict[str, set[int]]:
    """Per column, the indexes of cells that were delivered but did not parse.

    Their format failure is already reported; the rules stage sees them as missing and must
    not report them a second time (as "required", say).
    """
    cells = {}
    for column in table.columns:
        lost = raw[column].notna() & table[column].isna()
        if lost.any():
            cells[column] = set(lost[lost].index)
    return cells
