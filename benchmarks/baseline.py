"""The bare pandas baseline the pipeline's speed is measured against (issue 11).

What a careful analyst would write without a framework: read the six CSVs once, run the same
contract checks vectorised (columns, ISO dates and whole numbers, required, allowed values,
unique ids, programme window, date order, required-when and empty-unless, references, the
warning thresholds), then compute the core metrics of `metrics.md` for every edition.
It reads the expectation suites and the programme configuration so that it checks the same
contract and counts the same things, but uses nothing of the pipeline's package, no Great
Expectations, and writes nothing but a JSON summary (timings, failing rows per check, metrics).

    python benchmarks/baseline.py <raw folder> <programme config> <contract folder> <out.json>

The benchmark (`bench_scale.py`) compares the metrics with the pipeline's metrics.csv, so both
are known to count the same things.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ISO_DAY = "%Y-%m-%d"


def read_extracts(raw: Path, names: list[str]) -> dict[str, pd.DataFrame]:
    """Every value as text; an empty cell is missing."""
    return {name: pd.read_csv(raw / f"{name}.csv", dtype=str) for name in names}


def parameter(value, parameters: dict):
    """A suite parameter: a name, or GX-style arithmetic on names (`1 - x`, `a * b`)."""
    if isinstance(value, dict) and "$PARAMETER" in value:
        expression = value["$PARAMETER"]
        names = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expression)
        return eval(expression, {"__builtins__": {}}, {name: parameters[name] for name in names})  # noqa: S307 (our own suites)
    return value


def failing_rows(frame: pd.DataFrame, kind: str, kwargs: dict, parameters: dict) -> int:
    """How many rows break one expectation (0 when it holds), computed with vectorised pandas."""
    if "row_condition" in kwargs:
        frame = frame[frame.eval(kwargs["row_condition"], engine="python").fillna(False).astype(bool)]
    column = frame[kwargs["column"]] if "column" in kwargs else None
    if kind == "expect_column_values_to_not_be_null":
        return int(column.isna().sum())
    if kind == "expect_column_values_to_be_null":
        return int(column.notna().sum())
    if kind == "expect_column_values_to_be_unique":
        return int((column.notna() & column.duplicated(keep=False)).sum())
    if kind == "expect_compound_columns_to_be_unique":
        return int(frame.duplicated(kwargs["column_list"], keep=False).sum())
    if kind in ("expect_column_values_to_be_in_set", "expect_column_values_to_not_be_in_set"):
        inside = column.isin(set(parameter(kwargs["value_set"], parameters)))
        bad = column.notna() & (inside if "not_be_in_set" in kind else ~inside)
        count = int(bad.sum())
        mostly = parameter(kwargs.get("mostly", 1), parameters)
        return count if count > (1 - mostly) * column.notna().sum() else 0
    if kind == "expect_column_values_to_be_between":
        low, high = (parameter(kwargs.get(key), parameters) for key in ("min_value", "max_value"))
        bad = pd.Series(False, index=frame.index)
        if low is not None:
            bad |= column < low
        if high is not None:
            bad |= column > high
        return int((column.notna() & bad).sum())
    if kind == "expect_column_pair_values_a_to_be_greater_than_b":
        first, second = frame[kwargs["column_A"]], frame[kwargs["column_B"]]
        bad = first < second if kwargs.get("or_equal") else first <= second
        return int((first.notna() & second.notna() & bad).sum())
    if kind == "expect_column_unique_value_count_to_be_between":
        low = parameter(kwargs.get("min_value"), parameters)
        return int(low is not None and column.nunique() < low)
    raise ValueError(f"the baseline does not know {kind}")


def check_contract(
    raw: dict[str, pd.DataFrame], suites: dict[str, dict], facts: dict, thresholds: dict
) -> tuple[dict, dict]:
    """Check every extract; return (typed tables, failing rows per check id)."""
    failures, typed = {}, {}
    for name, frame in raw.items():
        columns = suites[name]["columns"]
        failures[f"{name}.columns"] = int(set(frame.columns) != set(columns))
        failures[f"{name}.rows.present"] = int(len(frame) == 0)
        table = frame.copy()
        for column, kind in columns.items():
            if kind == "date":
                table[column] = pd.to_datetime(frame[column], format=ISO_DAY, errors="coerce")
            elif kind == "integer":
                whole = frame[column].str.fullmatch(r"[+-]?[0-9]+")
                table[column] = pd.to_numeric(frame[column].where(whole), errors="coerce").astype("Int64")
            else:
                continue
            failures[f"{name}.{column}.format"] = int((frame[column].notna() & table[column].isna()).sum())
        typed[name] = table
    parameters = {key: pd.Timestamp(value) for key, value in facts.items()} | thresholds
    for name, suite in suites.items():  # references: the values of other extracts' columns
        for column in suite["columns"]:
            values = typed[name][column].dropna().astype(str).unique()
            parameters[f"{name}__{column}"] = values
            parameters[f"{name}__{column}__count"] = len(values)
    for name, suite in suites.items():
        for expectation in suite["expectations"]:
            failures[f"{name}.{expectation['meta']['id']}"] = failing_rows(
                typed[name], expectation["type"], expectation["kwargs"], parameters
            )
    return typed, failures


def flattened(mapping: dict, prefix: str) -> dict:
    out = {}
    for key, value in mapping.items():
        out.update(flattened(value, f"{prefix}__{key}") if isinstance(value, dict) else {f"{prefix}__{key}": value})
    return out


def period_names(dates: pd.Series, periods: list[dict]) -> pd.Series:
    """Each date's period name (both ends inclusive), missing outside every period."""
    starts = pd.to_datetime([period["from"] for period in periods]).values
    ends = pd.to_datetime([period["to"] for period in periods]).values
    values = dates.to_numpy(dtype="datetime64[ns]")
    position = np.searchsorted(starts, values, side="right") - 1
    inside = (position >= 0) & ~np.isnat(values)
    inside[inside] &= values[inside] <= ends[position[inside]]
    names = np.array([period["name"] for period in periods] + [None], dtype=object)
    return pd.Series(names[np.where(inside, position, -1)], index=dates.index)


def per_period(frame: pd.DataFrame, date: str, periods: list[dict], measure) -> dict:
    """measure(rows) for each period and for overall (every row in one of the periods)."""
    frame = frame.assign(_period=period_names(frame[date], periods))
    frame = frame[frame["_period"].notna()]
    found = {period: measure(rows) for period, rows in frame.groupby("_period", sort=False)}
    results = {period["name"]: found.get(period["name"], measure(frame.iloc[:0])) for period in periods}
    results["overall"] = measure(frame)
    return results


def share(numerator: int, denominator: int):
    return numerator / denominator if denominator else None


def core_metrics(tables: dict[str, pd.DataFrame], config: dict, edition: dict) -> list[dict]:
    """The core metrics of metrics.md for one edition: (metric, period, group, value) rows."""
    day = pd.Timestamp(edition["cut_off"])
    periods = [period for period in config["periods"] if period["name"] in edition["periods"]]
    priority = set(config["lists"]["priority_workforce"])
    rows = []

    def add(metric: str, results: dict, group: str = "all"):
        rows.extend(
            {"metric": metric, "period": period, "group": group, "value": value} for period, value in results.items()
        )

    training = tables["training_attendance"]
    imha = training[(training["session_date"] <= day) & (training["course"] == "IMHA")]
    add(
        "training.practitioners_trained",
        per_period(imha, "session_date", periods, lambda rows: rows["practitioner_id"].nunique()),
    )
    add("training.imha_courses", per_period(imha, "session_date", periods, lambda rows: rows["session_id"].nunique()))

    def firsts(rows):
        return rows.sort_values("session_date", kind="stable").drop_duplicates("practitioner_id")

    add(
        "training.priority_share",
        per_period(
            imha,
            "session_date",
            periods,
            lambda rows: share(firsts(rows)["workforce_group"].isin(priority).sum(), rows["practitioner_id"].nunique()),
        ),
    )
    by_group = per_period(imha, "session_date", periods, lambda rows: firsts(rows)["workforce_group"].value_counts())
    for group in tables["training_attendance"]["workforce_group"].dropna().unique():
        add(
            "training.workforce_group",
            {period: int(counts.get(group, 0)) for period, counts in by_group.items()},
            group,
        )

    satisfaction = tables["satisfaction"]
    satisfaction = satisfaction[satisfaction["response_date"] <= day]
    threshold = config.get("questionnaire", {}).get("satisfied_median", 4)
    for strand in ("training", "clinical"):
        items = satisfaction[satisfaction["strand"] == strand].groupby("response_id")
        answered = pd.DataFrame(
            {"response_date": items["response_date"].min(), "satisfied": items["score"].median() >= threshold}
        )
        add(
            f"{strand}.satisfied_share",
            per_period(answered, "response_date", periods, lambda rows: share(rows["satisfied"].sum(), len(rows))),
        )

    consultations = tables["consultations"]
    delivered = consultations[(consultations["session_date"] <= day) & (consultations["status"] == "delivered")]
    add("consultation.sessions_delivered", per_period(delivered, "session_date", periods, len))
    by_type = per_period(delivered, "session_date", periods, lambda rows: rows["consultation_type"].value_counts())
    for kind in consultations["consultation_type"].dropna().unique():
        add(
            "consultation.sessions_delivered",
            {period: int(counts.get(kind, 0)) for period, counts in by_type.items()},
            kind,
        )

    referrals = tables["referrals"]
    referrals = referrals[referrals["referral_date"] <= day]
    add("clinical.referrals", per_period(referrals, "referral_date", periods, len))
    add(
        "clinical.referrals_accepted",
        per_period(referrals[referrals["outcome"] == "accepted"], "referral_date", periods, len),
    )
    assessed = referrals[referrals["assessment_date"] <= day]  # later assessments had not happened yet
    add("clinical.families_assessed", per_period(assessed, "assessment_date", periods, len))
    add(
        "clinical.families_attended",
        per_period(referrals[referrals["first_session_date"] <= day], "first_session_date", periods, len),
    )
    add(
        "clinical.attended_share",
        per_period(
            assessed,
            "assessment_date",
            periods,
            lambda rows: share((rows["first_session_date"] <= day).sum(), len(rows)),
        ),
    )
    return [{**row, "value": None if row["value"] is None else float(row["value"])} for row in rows]


def main(raw: Path, config_path: Path, contract: Path, out: Path) -> None:
    started = time.perf_counter()
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    names = list(config["extracts"])
    suites = {name: yaml.safe_load((contract / f"{name}.yaml").read_text(encoding="utf-8")) for name in names}
    frames = read_extracts(raw, names)
    read = time.perf_counter()
    facts = {key: config["programme"][key] for key in ("start", "delivery_date")}
    facts = {"programme_start": facts["start"], "delivery_date": facts["delivery_date"]}
    thresholds = {}
    for key in ("unknown_share_max", "response_rate_min"):
        thresholds |= flattened(config.get("quality", {}).get(key) or {}, key)
    tables, failures = check_contract(frames, suites, facts, thresholds)
    checked = time.perf_counter()
    metrics = {edition["name"]: core_metrics(tables, config, edition) for edition in config["editions"]}
    done = time.perf_counter()
    out.write_text(
        json.dumps(
            {
                "seconds": {
                    "read": read - started,
                    "checks": checked - read,
                    "metrics": done - checked,
                    "total": done - started,
                },
                "rows": {name: len(frame) for name, frame in frames.items()},
                "checks": len(failures),
                "failing": {key: value for key, value in failures.items() if value},
                "metrics": metrics,
            },
            indent=1,
            default=str,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(*(Path(arg) for arg in sys.argv[1:5]))
