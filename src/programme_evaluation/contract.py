"""Enforce an extract contract with Great Expectations and explain every breach.

A contract is a readable YAML file per extract in `expectations/<contract>/`: its columns with
their types, and a list of Great Expectations 1.x expectations (`type`, `kwargs`, `meta.rule`).
Checks run in three stages, so that each failure is reported once and in the user's terms:
1. columns: the header must hold exactly the contract's columns;
2. formats: dates must be ISO `YYYY-MM-DD`, integers whole numbers (on the text as delivered);
3. rules: the file's expectations, on typed values. A value already reported as badly formatted
   is not reported again here.
Suite parameters fill in programme facts (`programme_start`, `delivery_date`) and references to
other extracts (`<extract>__<column>`: the set of values in that column).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from programme_evaluation.extracts import ExtractError, find_extract, read_raw, typed

EXAMPLES_PER_RULE = 20
COLUMN_TYPES = ("string", "date", "integer")
REFERENCE = re.compile(r"^([a-z0-9_]+)__([a-z0-9_]+)$")

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@dataclass(frozen=True)
class Contract:
    """What one extract must look like."""

    extract: str
    description: str
    columns: dict[str, str]
    expectations: list[dict]


@dataclass
class Finding:
    """One broken rule in one file, with the first failing rows as a spreadsheet user counts them."""

    file: str
    rule: str
    check: str
    severity: str = "error"
    column: str | None = None
    failing: int = 0
    examples: list[dict] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Human-readable lines: one per example row, or one for a whole-file problem."""
        if not self.examples:
            where = f", column {self.column}" if self.column else ""
            return [f"{self.file}{where}: {self.rule}"]
        lines = [
            f"{self.file}, row {example['row']}, column {example['column']}: value {example['value']!r} breaks the rule: {self.rule}"
            for example in self.examples
        ]
        if self.failing > len(self.examples):
            lines.append(f"{self.file}: ... and {self.failing - len(self.examples)} more rows breaking the rule: {self.rule}")
        return lines

    def as_dict(self) -> dict:
        return {
            "file": self.file, "check": self.check, "rule": self.rule, "severity": self.severity,
            "column": self.column, "failing_rows": self.failing, "examples": self.examples,
        }


@dataclass
class ExtractCheck:
    """The outcome of checking one extract."""

    extract: str
    file: str | None
    rows: int = 0
    checks: int = 0
    findings: list[Finding] = field(default_factory=list)
    raw: pd.DataFrame | None = None
    table: pd.DataFrame | None = None

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]


class ContractError(ValueError):
    """The extracts break their contract; the message lists every broken rule."""


def load_contract(folder: str | Path, extract: str) -> Contract:
    path = Path(folder) / f"{extract}.yaml"
    if not path.exists():
        raise ContractError(f"{path}: no contract for extract {extract!r} (expected this expectation suite file)")
    with open(path, encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    columns = spec.get("columns") or {}
    for column, kind in columns.items():
        if kind not in COLUMN_TYPES:
            raise ContractError(f"{path}: column {column!r} has type {kind!r}; expected one of {', '.join(COLUMN_TYPES)}")
    return Contract(extract, spec.get("description", ""), dict(columns), list(spec.get("expectations") or []))


def format_expectations(contract: Contract) -> list[dict]:
    """The checks implied by the declared column types, run on the text as delivered."""
    checks = []
    for column, kind in contract.columns.items():
        if kind == "date":
            checks.append({
                "type": "expect_column_values_to_match_strftime_format",
                "kwargs": {"column": column, "strftime_format": "%Y-%m-%d"},
                "meta": {"rule": f"{column} must be a real date written YYYY-MM-DD"},
            })
        elif kind == "integer":
            checks.append({
                "type": "expect_column_values_to_match_regex",
                "kwargs": {"column": column, "regex": r"^[+-]?[0-9]+$"},
                "meta": {"rule": f"{column} must be a whole number"},
            })
    return checks


class Validator:
    """One ephemeral Great Expectations context, reused for every suite of a run."""

    def __init__(self) -> None:
        import great_expectations as gx

        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self.gx = gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.context = gx.get_context(mode="ephemeral")
        # Progress bars would bury the findings in the rule's log.
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        asset = self.context.data_sources.add_pandas("extracts").add_dataframe_asset("extract")
        self.batches = asset.add_batch_definition_whole_dataframe("whole extract")
        self.suites = 0

    def run(self, frame: pd.DataFrame, expectations: list[dict], parameters: dict) -> list:
        """Validate `frame`; return GX's results, in the order of `expectations`."""
        if not expectations:
            return []
        self.suites += 1
        suite = self.gx.ExpectationSuite(
            name=f"suite {self.suites}",
            expectations=[{key: item[key] for key in ("type", "kwargs", "meta") if key in item} for item in expectations],
        )
        suite = self.context.suites.add(suite)
        batch = self.batches.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(
            suite,
            expectation_parameters=parameters,
            # COMPLETE: every failing row, so counts stay exact after removing rows reported earlier.
            result_format={"result_format": "COMPLETE", "partial_unexpected_count": EXAMPLES_PER_RULE},
        )
        by_id = {outcome.expectation_config.id: outcome for outcome in result.results}
        return [by_id[expectation.id] for expectation in suite.expectations]


def check_extracts(raw_folder: str | Path, contract_folder: str | Path, extracts: list[str], facts: dict) -> list[ExtractCheck]:
    """Check every extract against its contract; never stop at the first broken rule."""
    validator = Validator()
    contracts = {name: load_contract(contract_folder, name) for name in extracts}
    outcomes = {name: read_and_check_structure(raw_folder, contracts[name], validator) for name in extracts}
    references = reference_values(outcomes, contracts)
    for name in extracts:
        outcome = outcomes[name]
        if outcome.table is None:
            continue
        check_rules(outcome, contracts[name], validator, facts, references)
    return [outcomes[name] for name in extracts]


def read_and_check_structure(raw_folder, contract: Contract, validator: Validator) -> ExtractCheck:
    """Stages 1 and 2: the file is there and readable, the columns match, the formats parse."""
    try:
        path = find_extract(raw_folder, contract.extract)
    except ExtractError as error:
        return ExtractCheck(contract.extract, None, findings=[Finding(f"{contract.extract}.csv", str(error).split(": ", 1)[-1], "file present")])
    outcome = ExtractCheck(contract.extract, path.name)
    try:
        raw = read_raw(path)
    except Exception as error:  # a reader's own words are the best explanation we have
        outcome.findings.append(Finding(path.name, f"cannot be read as {path.suffix[1:].upper()}: {error}", "file readable"))
        return outcome
    outcome.raw, outcome.rows = raw, len(raw)
    expected = list(contract.columns)
    missing = [column for column in expected if column not in raw.columns]
    unexpected = [column for column in raw.columns if column not in expected]
    outcome.checks += 1
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unexpected:
            parts.append(f"unexpected column(s) {', '.join(unexpected)}")
        outcome.findings.append(Finding(path.name, f"{'; '.join(parts)} (expected exactly: {', '.join(expected)})", "columns"))
        return outcome
    formats = format_expectations(contract)
    outcome.checks += len(formats)
    for expectation, result in zip(formats, validator.run(raw, formats, {})):
        if not result.success:
            outcome.findings.append(finding_from(result, expectation, path.name, raw, "formats"))
    outcome.table = typed(raw, contract.columns)
    return outcome


def reference_values(outcomes: dict[str, ExtractCheck], contracts: dict[str, Contract]) -> dict[str, list]:
    """`<extract>__<column>` -> the values in that column, for reference checks between extracts."""
    values = {}
    for name, outcome in outcomes.items():
        if outcome.table is None:
            continue
        for column in contracts[name].columns:
            values[f"{name}__{column}"] = sorted(set(outcome.table[column].dropna().astype(str)))
    return values


def check_rules(outcome: ExtractCheck, contract: Contract, validator: Validator, facts: dict, references: dict) -> None:
    """Stage 3: the contract's own rules on typed values."""
    parameters = {key: pd.Timestamp(value) for key, value in facts.items()}
    runnable, skipped = [], []
    for expectation in contract.expectations:
        needed = parameter_names(expectation.get("kwargs", {}))
        missing = [name for name in needed if name not in parameters and name not in references]
        (skipped if missing else runnable).append((expectation, missing))
    for expectation, missing in skipped:
        outcome.findings.append(Finding(
            outcome.file, f"{rule_of(expectation)} (not checked: {', '.join(missing)} unavailable)", "rules",
            severity="warning", column=expectation.get("kwargs", {}).get("column"),
        ))
    expectations = [expectation for expectation, _ in runnable]
    outcome.checks += len(expectations)
    badly_formatted = coerced_cells(outcome.raw, outcome.table)
    for expectation, result in zip(expectations, validator.run(outcome.table, expectations, {**parameters, **references})):
        if result.success:
            continue
        finding = finding_from(result, expectation, outcome.file, outcome.raw, "rules", skip=badly_formatted)
        if finding.failing or result.result.get("unexpected_index_list") is None:
            outcome.findings.append(finding)


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


def parameter_names(kwargs) -> list[str]:
    names = []
    for value in kwargs.values():
        if isinstance(value, dict) and "$PARAMETER" in value:
            names.append(value["$PARAMETER"])
    return names


def rule_of(expectation: dict) -> str:
    return (expectation.get("meta") or {}).get("rule") or expectation["type"].replace("_", " ")


def finding_from(result, expectation: dict, file: str, raw: pd.DataFrame, check: str, skip: dict | None = None) -> Finding:
    """Turn a failed GX result into a Finding with spreadsheet row numbers and delivered values."""
    kwargs = expectation.get("kwargs", {})
    columns = [kwargs[key] for key in ("column", "column_A", "column_B") if key in kwargs]
    severity = (expectation.get("meta") or {}).get("severity", "error")
    finding = Finding(file, rule_of(expectation), check, severity=severity, column=", ".join(columns) or None)
    if result.exception_info and result.exception_info.get("raised_exception"):
        finding.rule += f" (could not be checked: {result.exception_info.get('exception_message')})"
        return finding
    indexes = result.result.get("unexpected_index_list")
    if indexes is None:
        details = result.result.get("details") or result.result.get("observed_value")
        if details:
            finding.rule += f" (found: {details})"
        return finding
    skip_rows = set()
    for column in columns:
        skip_rows |= (skip or {}).get(column, set())
    kept = [index for index in indexes if index not in skip_rows]
    finding.failing = len(kept)
    finding.examples = [
        {"row": spreadsheet_row(index), "column": ", ".join(columns),
         "value": " / ".join(cell_text(raw.at[index, column]) for column in columns)}
        for index in kept[:EXAMPLES_PER_RULE]
    ]
    return finding


def spreadsheet_row(index: int) -> int:
    """Row number as a spreadsheet shows it: the header is row 1, the first record row 2."""
    return int(index) + 2


def cell_text(value) -> str:
    return "" if value is None else str(value)


def failure_message(outcomes: list[ExtractCheck], raw_folder: str | Path) -> str:
    """Every error, grouped by file, in words a provider can act on."""
    lines = [f"The extracts in {raw_folder} break their contract; nothing was built from them."]
    for outcome in outcomes:
        for finding in outcome.errors:
            lines.extend(f"  - {line}" for line in finding.lines())
    return "\n".join(lines)


def allowed_categories(contract_folder: str | Path, extracts: list[str]) -> dict[tuple[str, str], list[str]]:
    """(extract, column) -> the categories a contract allows, in the contract's order.

    Breakdowns in the metrics table use them so that every category has a row in every period.
    """
    found = {}
    for name in extracts:
        for expectation in load_contract(contract_folder, name).expectations:
            kwargs = expectation.get("kwargs", {})
            if expectation["type"] == "expect_column_values_to_be_in_set" and isinstance(kwargs.get("value_set"), list):
                found.setdefault((name, kwargs["column"]), [str(value) for value in kwargs["value_set"]])
    return found


def quality_summary(outcomes: list[ExtractCheck]) -> dict:
    """Machine-readable record of what was checked, for reviewers and the report's data-quality section."""
    return {
        "passed": not any(outcome.errors for outcome in outcomes),
        "extracts": [
            {
                "extract": outcome.extract, "file": outcome.file, "rows": outcome.rows, "checks": outcome.checks,
                "errors": len(outcome.errors), "warnings": len(outcome.findings) - len(outcome.errors),
                "findings": [finding.as_dict() for finding in outcome.findings],
            }
            for outcome in outcomes
        ],
    }


def validate_delivery(raw_folder: str | Path, contract_folder: str | Path, extracts: list[str], facts: dict,
                      table_paths: dict[str, str | Path], summary_path: str | Path) -> dict:
    """Check a delivery; on success write each extract typed, and the quality summary.

    On any error nothing is written and ContractError carries every broken rule.
    """
    import json

    from programme_evaluation.extracts import write_table

    outcomes = check_extracts(raw_folder, contract_folder, extracts, facts)
    summary = quality_summary(outcomes)
    if not summary["passed"]:
        raise ContractError(failure_message(outcomes, raw_folder))
    for outcome in outcomes:
        write_table(outcome.table, table_paths[outcome.extract])
    Path(summary_path).write_text(json.dumps(summary, indent=2, default=str) + "\n", encoding="utf-8")
    return summary
