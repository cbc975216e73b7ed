"""Rules of a programme's configuration across keys, that its JSON schema cannot say: periods
named once and in order, editions and targets naming real periods, metrics whose keys fit their
kind; then the report's and the publication's own rules."""

from __future__ import annotations

import datetime as dt

from programme_evaluation.common.errors import ConfigError
from programme_evaluation.common.periods import OVERALL, periods_from
from programme_evaluation.configuration.publication_checks import check_publication
from programme_evaluation.configuration.report_checks import check_report


def check_consistency(config: dict) -> None:
    """Rules across keys: period names unique and not `overall`, periods in order, editions and
    targets naming real periods."""
    names = [period["name"] for period in config["periods"]]
    for index, name in enumerate(names):
        if name == OVERALL:
            raise ConfigError(
                f"configuration key periods[{index}].name: {OVERALL!r} is reserved for the metrics table's "
                "rows over the whole edition; name the period otherwise"
            )
        if name in names[:index]:
            raise ConfigError(
                f"configuration key periods[{index}].name: {name!r} is already the name of "
                f"periods[{names.index(name)}]; each period needs a name of its own"
            )
    periods = periods_from(config["periods"])
    for index, (before, after) in enumerate(zip(periods, periods[1:]), start=1):
        if after.start != before.end + dt.timedelta(days=1):
            raise ConfigError(
                f"configuration key periods[{index}].from: expected {before.end + dt.timedelta(days=1)} "
                f"(the day after {before.name} ends), found {after.start}"
            )
    for index, period in enumerate(periods):
        if period.end < period.start:
            raise ConfigError(
                f"configuration key periods[{index}].to: {period.end} is before its from date {period.start}"
            )
    for index, edition in enumerate(config["editions"]):
        for position, name in enumerate(edition["periods"]):
            if name not in names:
                raise ConfigError(
                    f"configuration key editions[{index}].periods[{position}]: period {name!r} is not "
                    f"defined in periods (defined: {', '.join(names)})"
                )
    extracts = config["extracts"]
    for index, metric in enumerate(config["metrics"]):
        where = f"configuration key metrics[{index}] ({metric['name']})"
        if metric["extract"] not in extracts:
            raise ConfigError(f"{where}.extract: {metric['extract']!r} is not one of extracts ({', '.join(extracts)})")
        dated = "event_date" in (extracts[metric["extract"]] or {})
        if metric["kind"] in ("count", "share", "mean") and "date" not in metric and dated:
            raise ConfigError(
                f"{where}.date: a {metric['kind']} of a dated extract needs the date column that places a row in a period"
            )
        if metric["kind"] == "mean" and "column" not in metric:
            raise ConfigError(f"{where}.column: a mean needs the numeric column it averages")
        if metric.get("cumulative") and metric["kind"] != "count":
            raise ConfigError(f"{where}.cumulative: only a count can be cumulative, not a {metric['kind']}")
        if "sum" in metric and metric["kind"] not in ("count", "share"):
            raise ConfigError(f"{where}.sum: only a count or a share can total a column, not a {metric['kind']}")
        if metric["kind"] == "share" and "numerator" not in metric:
            raise ConfigError(f"{where}.numerator: a share needs a numerator query")
        target = metric.get("target")
        if isinstance(target, dict):
            if metric["kind"] != "count":
                raise ConfigError(
                    f"{where}.target: a {metric['kind']} takes one target share (0 to 1), not one per period"
                )
            unknown = sorted(set(target) - set(names))
            if unknown:
                raise ConfigError(f"{where}.target: {', '.join(unknown)} not defined in periods ({', '.join(names)})")
        elif target is not None and metric["kind"] == "count":
            raise ConfigError(f"{where}.target: a count takes a target per period, e.g. {{{names[0]}: 10}}")
    if config["rag"]["amber"] > config["rag"]["green"]:
        raise ConfigError("configuration key rag.amber: must not be above rag.green")
    check_report(config)
    check_publication(config)
