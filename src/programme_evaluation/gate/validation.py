"""Enforce an extract contract with Great Expectations and explain every breach.

A contract is a readable YAML file per extract in `expectations/<contract>/`: its columns with
their types, and a list of Great Expectations 1.x expectations (`type`, `kwargs`, `meta.rule`).
Checks run in three stages, so that each failure is reported once and in the user's terms:
1. columns: the header must hold exactly the contract's columns;
2. formats: dates must be ISO `YYYY-MM-DD`, integers whole numbers (on the text as delivered);
3. rules: the file's expectations, on typed values. A value already reported as badly formatted
   is not reported again here.
Suite parameters fill in programme facts (`programme_start`, `delivery_date`), references to
other extracts (`<extract>__<column>`: the set of values in that column; `<extract>__<column>__count`:
how many distinct values) and the warning thresholds of the configuration (see quality_settings).

Before stage 1 the safe deviations listed in `expectations/README.md` are normalised, each
with a warning (see normalisation). Every check has a stable id (`<extract>.<meta.id>`) by which
the configuration can set its severity: an error stops the build, a warning is recorded.
"""

from __future__ import annotations

import logging
import os
import re
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from programme_evaluation.common.tables import typed
from programme_evaluation.contract import Contract, ContractError, load_contract
from programme_evaluation.gate.findings import ExtractCheck, Finding
from programme_evaluation.gate.normalisation import (
    EXAMPLES_PER_RULE,
    NORMALISATIONS,
    Normalisation,
    formula_like,
    match_categories,
    match_headers,
    spreadsheet_row,
    strip_spaces,
)
from programme_evaluation.gate.reading import ExtractError, find_extract, read_delivered
from programme_evaluation.gate.record_checks import (
    DUPLICATES,
    DUPLICATES_RULE,
    OWN_TYPES,
    UNIQUE_TYPES,
    duplicates_finding,
    exact_copies,
    period_sum_findings,
    without_exact_copies,
)
from programme_evaluation.gate.settings import ALWAYS_ERRORS, QualitySettings, quality_settings
from programme_evaluation.gate.summary import delivery_findings, quality_summary, write_summary

# The failure message shows the first few rows of each broken rule; quality.json keeps more.
EXAMPLES_IN_MESSAGE = 5
# Words of GX's parameter expressions that are functions, not parameters.
EXPRESSION_FUNCTIONS = {"trunc", "round", "abs", "now", "timedelta", "sgn", "E", "PI"}

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
logger = logging.getLogger(__name__)


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


class Validator:
    """One ephemeral Great Expectations context, reused for every suite of a run."""

    def __init__(self) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        # GX's chatter (some of its modules set their own loggers to INFO) would bury the findings.
        for name in (
            "great_expectations",
            "great_expectations.data_context.types.base",
            "great_expectations._docs_decorators",
        ):
            logging.getLogger(name).setLevel(logging.ERROR)
        self.gx = gx

        self.context = gx.get_context(mode="ephemeral")
        # Progress bars would bury the findings in the rule's log.
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        asset = self.context.data_sources.add_pandas("extracts").add_dataframe_asset("extract")
        self.batches = asset.add_batch_definition_whole_dataframe("whole extract")
        self.suites = 0

    def run(self, frame: pd.DataFrame, expectations: list[dict], parameters: dict) -> list:
        """Validate `frame`; return GX's results, in the order of `expectations`.

        All expectations run in one batch with the summary result only (pass or fail); those that
        fail run again with every failing row (COMPLETE, so counts stay exact after removing rows
        reported earlier). Valid data, the usual case, never pays for listing rows.
        """
        if not expectations:
            return []
        parameters = {
            name: value
            for name, value in parameters.items()
            if name in {word for item in expectations for word in parameter_names(item.get("kwargs", {}))}
        }
        results = self.validate(frame, expectations, parameters, "BOOLEAN_ONLY")
        failing = [position for position, result in enumerate(results) if not result.success]
        if failing:
            detailed = self.validate(frame, [expectations[position] for position in failing], parameters, "COMPLETE")
            for position, result in zip(failing, detailed):
                results[position] = result
        return results

    def validate(self, frame: pd.DataFrame, expectations: list[dict], parameters: dict, result_format: str) -> list:
        self.suites += 1
        suite = self.gx.ExpectationSuite(
            name=f"suite {self.suites}",
            expectations=[
                {key: item[key] for key in ("type", "kwargs", "meta") if key in item} for item in expectations
            ],
        )
        suite = self.context.suites.add(suite)
        with lean_validation():
            batch = self.batches.get_batch(batch_parameters={"dataframe": frame})
            result = batch.validate(
                suite,
                expectation_parameters=parameters,
                result_format={"result_format": result_format, "partial_unexpected_count": EXAMPLES_PER_RULE},
            )
        by_id = {outcome.expectation_config.id: outcome for outcome in result.results}
        return [by_id[expectation.id] for expectation in suite.expectations]


@contextmanager
def lean_validation():
    """While GX validates one suite, skip the work whose cost grows with the data but not the results.

    Profiled with benchmarks/bench_scale.py; GX 1.x is pinned in pyproject.toml, and both settings
    are restored afterwards.
    - GX rebuilds an expectation's configuration, a pydantic copy of every argument, each time it
      reads one argument, and rebuilds the expectation for each metric it needs: about a hundred
      copies of each argument per expectation. A reference check's value set holds every id of
      another extract, so at 10^5 training rows those copies took nine tenths of the gate's time.
      Neither changes while a suite is validated, so the first build is reused; each is keyed by
      the object it was built from, kept alive meanwhile so that its id cannot be reused.
    - GX fingerprints a data frame (an md5 of every cell, twice per validation) for a batch marker
      that nothing reads: 2 seconds per million rows of six columns, each time.
    """
    from great_expectations.execution_engine import pandas_execution_engine
    from great_expectations.expectations.expectation import Expectation
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    configuration = Expectation.__dict__["configuration"]
    to_domain_obj = ExpectationConfiguration.__dict__["to_domain_obj"]
    built: dict[int, tuple] = {}

    def once(build):
        def reused(source):
            found = built.get(id(source))
            if found is None or found[0] is not source:
                found = built[id(source)] = (source, build(source))
            return found[1]

        return reused

    fingerprint_below = pandas_execution_engine.HASH_THRESHOLD
    Expectation.configuration = property(once(configuration.fget))
    ExpectationConfiguration.to_domain_obj = once(to_domain_obj)
    pandas_execution_engine.HASH_THRESHOLD = 0
    try:
        yield
    finally:
        Expectation.configuration = configuration
        ExpectationConfiguration.to_domain_obj = to_domain_obj
        pandas_execution_engine.HASH_THRESHOLD = fingerprint_below


def check_extracts(
    raw_folder: str | Path,
    contract_folder: str | Path,
    extracts: list[str],
    facts: dict,
    quality: dict | QualitySettings | None = None,
    validator: Validator | None = None,
) -> list[ExtractCheck]:
    """Check every extract against its contract; never stop at the first broken rule.

    `facts` are the programme's dates (programme_start, delivery_date); `quality` is the
    configuration's `quality:` section. A `validator` may be shared between calls (its GX
    context takes a second to create).
    """
    settings = quality if isinstance(quality, QualitySettings) else quality_settings(quality)
    contracts = {name: load_contract(contract_folder, name) for name in extracts}
    check_severity_overrides(settings, contracts)
    validator = validator or Validator()
    outcomes = {name: read_and_check_structure(raw_folder, contracts[name], validator, settings) for name in extracts}
    needed = {
        word
        for contract in contracts.values()
        for item in contract.expectations
        for word in parameter_names(item.get("kwargs", {}))
    }
    references = reference_values(outcomes, contracts, needed)
    for name in extracts:
        outcome = outcomes[name]
        if outcome.table is None:
            continue
        unusable = {other: outcomes[other].file or f"{other}.csv" for other in extracts if outcomes[other].unusable}
        check_rules(outcome, contracts[name], validator, facts, references, settings, unusable)
        strings = [column for column, kind in contracts[name].columns.items() if kind == "string"]
        add_normalisations(outcome, formula_like(outcome.table, strings), settings)
    return [outcomes[name] for name in extracts]


def check_severity_overrides(settings: QualitySettings, contracts: dict[str, Contract]) -> None:
    """A severity override must name a real rule, and cannot excuse what nothing can be built without."""
    known = {"delivery.late"}
    for name, contract in contracts.items():
        known |= {expectation["meta"]["id"] for expectation in contract.expectations}
        known |= {item["meta"]["id"] for item in structure_expectations(contract)}
        known |= {f"{name}.{note}" for note in NORMALISATIONS}
        known.add(f"{name}.{DUPLICATES}")
    for rule_id, severity in settings.severity.items():
        if rule_id.split(".", 1)[-1] in ALWAYS_ERRORS and severity != "error":
            raise ContractError(
                f"configuration key quality.severity.{rule_id}: this check is always an error (nothing can be built without it)"
            )
        if rule_id not in known:
            raise ContractError(
                f"configuration key quality.severity.{rule_id}: no check has this id "
                f"(ids are <extract>.<meta.id> of expectations/<contract>/<extract>.yaml, e.g. {sorted(known)[0]})"
            )


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


def structural_error(
    outcome: ExtractCheck, file: str, rule_id: str, check: str, rule: str, column: str | None = None
) -> ExtractCheck:
    """A whole-file error (missing, unreadable, wrong columns): always an error, nothing more can be checked."""
    outcome.findings.append(Finding(file, rule, check, column=column, id=rule_id))
    outcome.record(rule_id, check, rule, "error", None, "failed")
    outcome.unusable = True
    return outcome


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
    """Stage 2 run by GX: (expectation, result, failing rows of the file or None where GX lists them).

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
    found = dict(zip(map(id, whole), validator.run(raw, whole, {})))
    for item, result in zip(formats, validator.run(distinct, formats, {})):
        found[id(item)] = result
    results = []
    for item in structure:
        result, rows = found[id(item)], None
        listed = None if result.success else result.result.get("unexpected_index_list")
        if item in formats and listed is not None:
            column = raw[item["kwargs"]["column"]]
            held = column.isin(set(distinct.loc[listed, item["kwargs"]["column"]]))
            rows = list(column.index[held])
        results.append((item, result, rows))
    return results


def record_result(
    outcome: ExtractCheck,
    expectation: dict,
    result,
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
    rows = result.result.get("unexpected_index_list") if rows is None else rows
    if expectation["type"] in UNIQUE_TYPES and rows is not None:
        rows = without_exact_copies(rows, raw, columns_of(expectation), outcome.copies)
    finding = finding_from(result, expectation, outcome.file, raw, check, skip=skip, rows=rows)
    finding.severity = severity
    if finding.failing or rows is None:
        outcome.findings.append(finding)
        outcome.record(meta["id"], check, rule_of(expectation), severity, column, "failed", finding.failing)
    else:  # every failing cell was already reported as badly formatted
        outcome.record(meta["id"], check, rule_of(expectation), severity, column, "passed")


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
        engine, validator.run(engine_view(outcome.table), engine, {**parameters, **references})
    ):
        record_result(outcome, expectation, result, outcome.raw, "rules", settings, skip=badly_formatted)
        if not result.success and len(columns_of(expectation)) == 1:
            refused.setdefault(columns_of(expectation)[0], set()).update(
                result.result.get("unexpected_index_list") or []
            )
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


def engine_view(table: pd.DataFrame) -> pd.DataFrame:
    """The typed table with its dates and whole numbers in the dtypes GX compares in one step.

    GX 1.x compares a column with bounds vectorised only for datetime64[ns] dates and numpy
    integers; pandas reads dates at microsecond resolution and whole numbers as nullable Int64,
    which GX compares one Python value at a time. Same values, same index, same answers.
    Dates outside the nanosecond range (years before 1678 or after 2261) and whole numbers with
    gaps keep their type.
    """
    converted = {}
    for column in table.columns:
        values = table[column]
        if pd.api.types.is_datetime64_dtype(values) and values.dtype != "datetime64[ns]":
            present = values.dropna()
            if present.empty or (present.min() >= pd.Timestamp.min and present.max() <= pd.Timestamp.max):
                converted[column] = values.astype("datetime64[ns]")
        elif isinstance(values.dtype, pd.Int64Dtype) and not values.isna().any():
            converted[column] = values.astype("int64")
    return table.assign(**converted) if converted else table


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
    """The suite parameters an expectation needs, including those inside an expression (`1 - x`)."""
    names = []
    for value in kwargs.values():
        if isinstance(value, dict) and "$PARAMETER" in value:
            words = re.findall(r"[A-Za-z][A-Za-z0-9_$]*", str(value["$PARAMETER"]))
            names.extend(word for word in words if word not in EXPRESSION_FUNCTIONS)
    return names


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
    result,
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
    if result.exception_info and result.exception_info.get("raised_exception"):
        finding.rule += f" (could not be checked: {result.exception_info.get('exception_message')})"
        return finding
    resolved = result.expectation_config.kwargs
    indexes = result.result.get("unexpected_index_list") if rows is None else rows
    if indexes is None:
        observed = result.result.get("observed_value")
        if observed is not None:
            bounds = [
                f"at least {resolved['min_value']:g}" if isinstance(resolved.get("min_value"), (int, float)) else "",
                f"at most {resolved['max_value']:g}" if isinstance(resolved.get("max_value"), (int, float)) else "",
            ]
            expected = " and ".join(bound for bound in bounds if bound)
            finding.rule += f" (found: {observed}" + (f"; expected {expected})" if expected else ")")
        elif result.result.get("details"):
            finding.rule += f" (found: {result.result['details']})"
        return finding
    if isinstance(resolved.get("mostly"), (int, float)) and resolved["mostly"] < 1:
        share = result.result.get("unexpected_percent") or 0
        finding.rule += f" (found: {share:.1f}% of {result.result.get('element_count')} rows; allowed: {100 * (1 - resolved['mostly']):.1f}%)"
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


def validate_delivery(
    raw_folder: str | Path,
    contract_folder: str | Path,
    extracts: list[str],
    facts: dict,
    table_paths: dict[str, str | Path],
    summary_path: str | Path,
    quality: dict | None = None,
    run_summary_path: str | Path | None = None,
    validator: Validator | None = None,
    identity: dict | None = None,
) -> dict:
    """Check a delivery; on success write each extract typed, and the quality summary.

    On any error no table is written (the last good ones stay as they were) and ContractError
    carries every broken rule. `run_summary_path`, if given, receives this run's summary whether
    it passed or not (the rule's log folder: Snakemake keeps logs of failed jobs). `identity`
    (folder, date, content hash: `delivery_status.delivery_identity`) is recorded in the summary.
    """
    from programme_evaluation.common.tables import write_table

    settings = quality_settings(quality)
    rule_facts = {key: facts[key] for key in ("programme_start", "delivery_date") if key in facts}
    outcomes = check_extracts(raw_folder, contract_folder, extracts, rule_facts, settings, validator)
    delivery = delivery_findings(facts, settings)
    summary = quality_summary(outcomes, delivery)
    summary["delivery"] = {**(identity or {}), **summary["delivery"]}
    warnings = [finding for outcome in outcomes for finding in outcome.findings if finding.severity == "warning"]
    for finding in warnings + [finding for finding in delivery if finding.severity == "warning"]:
        for line in finding.lines(EXAMPLES_IN_MESSAGE):
            logger.warning("warning: %s", line)
    if run_summary_path is not None:
        write_summary(summary, run_summary_path)
    if not summary["passed"]:
        raise ContractError(failure_message(outcomes, raw_folder, delivery))
    for outcome in outcomes:
        write_table(outcome.table, table_paths[outcome.extract])
    write_summary(summary, summary_path)
    return summary
