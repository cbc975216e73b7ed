"""Great Expectations, behind one small interface: the only module of the gate that touches it.

`Validator.check` runs a list of expectations (GX 1.x dictionaries: `type`, `kwargs`, `meta`)
on a data frame and returns each one's `CheckResult`, plain data the check stages and the
wording of findings read without knowing GX. Everything GX-specific is here: its ephemeral
context, its parameter expressions, the dtypes it compares fast, and `lean_validation`, which
patches two of its internals for speed (GX 1.x is pinned in pyproject.toml for that reason).
`Validator.run` gives GX's own results, for the metrics cross-checks.
"""

from __future__ import annotations

import logging
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import pandas as pd

from programme_evaluation.gate.normalisation import EXAMPLES_PER_RULE

# Words of GX's parameter expressions that are functions, not parameters.
EXPRESSION_FUNCTIONS = {"trunc", "round", "abs", "now", "timedelta", "sgn", "E", "PI"}

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@dataclass(frozen=True)
class CheckResult:
    """What one expectation found, read out of GX's result.

    `rows` are the failing rows' indexes (None when the expectation is about the whole table,
    or could not run); `kwargs` are the expectation's arguments with its parameters resolved;
    `error` is GX's message when the check itself raised.
    """

    success: bool
    rows: list | None = None
    observed: object = None
    details: object = None
    error: str | None = None
    kwargs: dict = field(default_factory=dict)
    unexpected_percent: float | None = None
    element_count: int | None = None


def check_result(result) -> CheckResult:
    """GX's ExpectationValidationResult as a CheckResult."""
    found = result.result or {}
    raised = result.exception_info and result.exception_info.get("raised_exception")
    return CheckResult(
        success=bool(result.success),
        rows=found.get("unexpected_index_list"),
        observed=found.get("observed_value"),
        details=found.get("details"),
        error=f"{result.exception_info.get('exception_message')}" if raised else None,
        kwargs=dict(result.expectation_config.kwargs),
        unexpected_percent=found.get("unexpected_percent"),
        element_count=found.get("element_count"),
    )


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

    def check(self, frame: pd.DataFrame, expectations: list[dict], parameters: dict) -> list[CheckResult]:
        """`run`, each result read out as a CheckResult."""
        return [check_result(result) for result in self.run(frame, expectations, parameters)]


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


def parameter_names(kwargs) -> list[str]:
    """The suite parameters an expectation needs, including those inside an expression (`1 - x`)."""
    names = []
    for value in kwargs.values():
        if isinstance(value, dict) and "$PARAMETER" in value:
            words = re.findall(r"[A-Za-z][A-Za-z0-9_$]*", str(value["$PARAMETER"]))
            names.extend(word for word in words if word not in EXPRESSION_FUNCTIONS)
    return names
