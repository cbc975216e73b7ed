"""Stages 1 and 2 of the gate: the file is there and readable, its header holds exactly the
contract's columns, no record is an exact copy of another, and every date and whole number is
written as the contract says (on the text as delivered, so `31/03/2021` is reported as written).

Before stage 1 the safe deviations listed in `expectations/README.md` are normalised, each with
a warning (normalisation).
"""

from __future__ import annotations

import pandas as pd

from programme_evaluation.common.tables import typed
from programme_evaluation.contract import Contract
from programme_evaluation.gate.findings import ExtractCheck, Finding
from programme_evaluation.gate.gx_adapter import CheckResult, Validator
from programme_evaluation.gate.normalisation import Normalisation, match_categories, match_headers, strip_spaces
from programme_evaluation.gate.reading import ExtractError, find_extract, read_delivered
from programme_evaluation.gate.record_checks import (
    DUPLICATES,
    DUPLICATES_RULE,
    UNIQUE_TYPES,
    duplicates_finding,
    exact_copies,
    without_exact_copies,
)
from programme_evaluation.gate.settings import QualitySettings
from programme_evaluation.gate.wording import column_of, columns_of, finding_from, rule_of


def structure_expectations(contract: Contract) -> list[dict]:
    """The checks implied by the contract itself: at least one record, and the declared formats.

    Formats run on the text as delivered, so `31/03/2021` is reported as written.
    """
    name = contract.extract
    checks = [
        {
            "type": "expect_table_row_count_to_be_between",
            "kwargs": {"min_value": 1},
            "meta": {
                "id": f"{name}.rows.present",
                "rule": "the extract must hold at least one record below its header",
            },
        }
    ]
    for column, kind in contract.columns.items():
        if kind == "date":
            checks.append(
                {
                    "type": "expect_column_values_to_match_strftime_format",
                    "kwargs": {"column": column, "strftime_format": "%Y-%m-%d"},
                    "meta": {
                        "id": f"{name}.{column}.format",
                        "rule": f"{column} must be a real date written YYYY-MM-DD (not DD/MM/YYYY, not an Excel serial number)",
                    },
                }
            )
        elif kind == "integer":
            checks.append(
                {
                    "type": "expect_column_values_to_match_regex",
                    "kwargs": {"column": column, "regex": r"^[+-]?[0-9]+$"},
                    "meta": {
                        "id": f"{name}.{column}.format",
                        "rule": f"{column} must be a whole number written in digits",
                    },
                }
            )
    return checks


def read_and_check_structure(
    raw_folder, contract: Contract, validator: Validator, settings: QualitySettings
) -> ExtractCheck:
    """Stages 1 and 2: the file is there and readable, the columns match, the formats parse."""
    name = contract.extract
    try:
        path = find_extract(raw_folder, name)
    except ExtractError as error:
        return structural_error(
            ExtractCheck(name, None),
            f"{name}.csv",
            f"{name}.file.present",
            "file present",
            str(error).split(": ", 1)[-1],
        )
    outcome = ExtractCheck(name, path.name)
    try:
        raw, notes = read_delivered(path, settings.max_bytes, list(contract.columns))
    except ExtractError as error:
        return structural_error(
            outcome, path.name, f"{name}.file.readable", "file readable", str(error).split(": ", 1)[-1]
        )
    except OSError as error:  # locked, unreadable, a folder: the system's words, without the path twice
        reason = error.strerror or str(error)
        return structural_error(
            outcome,
            path.name,
            f"{name}.file.readable",
            "file readable",
            f"cannot be opened: {reason} (check the file's permissions, or close it in the program that has it open)",
        )
    except Exception as error:  # a reader's own words are the best explanation we have
        return structural_error(
            outcome,
            path.name,
            f"{name}.file.readable",
            "file readable",
            f"cannot be read as {path.suffix[1:].upper()}: {error}",
        )
    header, header_notes = match_headers(list(raw.columns), list(contract.columns))
    raw.columns = header
    add_normalisations(outcome, notes + header_notes, settings)
    outcome.rows = len(raw)
    expected = list(contract.columns)
    missing = [column for column in expected if column not in raw.columns]
    unexpected = [column for column in raw.columns if column not in expected]
    outcome.checks += 1
    if missing or unexpected or len(set(raw.columns)) != len(raw.columns):
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unexpected:
            parts.append(f"unexpected column(s) {', '.join(unexpected)}")
        if len(missing) == 1 and len(unexpected) == 1:
            parts.append(f"was {missing[0]} renamed {unexpected[0]}?")
        if not parts:
            parts.append("a column appears twice")
        rule = f"{'; '.join(parts)} (expected exactly: {', '.join(expected)})"
        return structural_error(
            outcome, path.name, f"{name}.columns", "columns", rule, ", ".join(missing + unexpected) or None
        )
    outcome.record(
        f"{name}.columns", "columns", "the header holds exactly the contract's columns", "error", None, "passed"
    )
    raw, space_notes = strip_spaces(raw)
    raw, category_notes = match_categories(raw, contract.categories)
    add_normalisations(outcome, space_notes + category_notes, settings)
    outcome.raw = raw
    check_duplicates(outcome, raw, settings)
    structure = structure_expectations(contract)
    outcome.checks += len(structure)
    for expectation, result, rows in structure_results(validator, raw, structure):
        if expectation["meta"]["id"] == f"{name}.rows.present" and not result.success:
            outcome.unusable = True  # nothing to refer to: other extracts' references are not checked
        record_result(
            outcome,
            expectation,
            result,
            raw,
            "formats" if expectation["meta"]["id"].endswith(".format") else "rows",
            settings,
            rows=rows,
        )
    outcome.table = typed(raw, contract.columns)
    return outcome


def structural_error(
    outcome: ExtractCheck, file: str, rule_id: str, check: str, rule: str, column: str | None = None
) -> ExtractCheck:
    """A whole-file error (missing, unreadable, wrong columns): always an error, nothing more can be checked."""
    outcome.findings.append(Finding(file, rule, check, column=column, id=rule_id))
    outcome.record(rule_id, check, rule, "error", None, "failed")
    outcome.unusable = True
    return outcome


def check_duplicates(outcome: ExtractCheck, raw: pd.DataFrame, settings: QualitySettings) -> None:
    """Exact duplicate records, id column or not (record_checks); an error unless configured otherwise."""
    rule_id = f"{outcome.extract}.{DUPLICATES}"
    severity = settings.severity_of(rule_id, "error")
    outcome.checks += 1
    outcome.copies = exact_copies(raw)
    if not outcome.copies:
        outcome.record(rule_id, "duplicates", DUPLICATES_RULE, severity, None, "passed")
        return
    outcome.findings.append(duplicates_finding(outcome.file, rule_id, outcome.copies, severity))
    outcome.record(rule_id, "duplicates", DUPLICATES_RULE, severity, None, "failed", len(outcome.copies))


def structure_results(validator: Validator, raw: pd.DataFrame, structure: list[dict]) -> list[tuple]:
    """Stage 2 run by GX: (expectation, its CheckResult, failing rows of the file or None where GX lists them).

    A format depends on the text alone and a column holds few distinct texts (a date column a few
    thousand days, however many rows), so GX checks each distinct text of a column once and the
    texts it refuses are traced back to every row holding them. GX parses dates with strptime one
    value at a time: on every row that was a third of the gate's time at 10^6 rows.
    """
    formats = [item for item in structure if item["meta"]["id"].endswith(".format")]
    whole = [item for item in structure if item not in formats]
    distinct = pd.DataFrame(
        {
            item["kwargs"]["column"]: pd.Series(raw[item["kwargs"]["column"]].dropna().unique(), dtype=object)
            for item in formats
        }
    )
    found = dict(zip(map(id, whole), validator.check(raw, whole, {})))
    for item, result in zip(formats, validator.check(distinct, formats, {})):
        found[id(item)] = result
    results = []
    for item in structure:
        result, rows = found[id(item)], None
        listed = None if result.success else result.rows
        if item in formats and listed is not None:
            column = raw[item["kwargs"]["column"]]
            held = column.isin(set(distinct.loc[listed, item["kwargs"]["column"]]))
            rows = list(column.index[held])
        results.append((item, result, rows))
    return results


def record_result(
    outcome: ExtractCheck,
    expectation: dict,
    result: CheckResult,
    raw: pd.DataFrame,
    check: str,
    settings: QualitySettings,
    skip: dict | None = None,
    rows: list | None = None,
) -> None:
    """Record one check; `rows`, when given, are the failing rows of `raw` (GX's own list otherwise)."""
    meta = expectation["meta"]
    severity = settings.severity_of(meta["id"], meta.get("severity", "error"))
    column = column_of(expectation)
    if result.success:
        outcome.record(meta["id"], check, rule_of(expectation), severity, column, "passed")
        return
    rows = result.rows if rows is None else rows
    if expectation["type"] in UNIQUE_TYPES and rows is not None:
        rows = without_exact_copies(rows, raw, columns_of(expectation), outcome.copies)
    finding = finding_from(result, expectation, outcome.file, raw, check, skip=skip, rows=rows)
    finding.severity = severity
    if finding.failing or rows is None:
        outcome.findings.append(finding)
        outcome.record(meta["id"], check, rule_of(expectation), severity, column, "failed", finding.failing)
    else:  # every failing cell was already reported as badly formatted
        outcome.record(meta["id"], check, rule_of(expectation), severity, column, "passed")


def add_normalisations(outcome: ExtractCheck, notes: list[Normalisation], settings: QualitySettings) -> None:
    for note in notes:
        rule_id = f"{outcome.extract}.{note.id}"
        finding = Finding(
            outcome.file,
            note.rule,
            "normalisation",
            severity=settings.severity_of(rule_id, "warning"),
            column=note.column,
            failing=note.count,
            examples=note.examples,
            id=rule_id,
        )
        outcome.findings.append(finding)
        outcome.record(rule_id, "normalisation", note.rule, finding.severity, note.column, "normalised", note.count)
