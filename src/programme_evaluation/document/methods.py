"""The methods part: the periods, the RAG thresholds, each metric's definition in words, and
what the report says of withheld numbers (disclosure control)."""

from __future__ import annotations

from programme_evaluation.common import number_text
from programme_evaluation.common.number_text import first_upper
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.configuration import edition_periods
from programme_evaluation.configuration.publication_checks import matching
from programme_evaluation.document.dates import long_date
from programme_evaluation.published.recode import recode_statement
from programme_evaluation.published.table import PublishedMetrics


def mean_metrics(config: dict) -> set[str]:
    """The metrics whose value is a mean score, printed as such rather than as a percentage."""
    return {metric["name"] for metric in config.get("metrics", []) if metric["kind"] == "mean"}


def metric_definition(metric: dict, config: dict) -> str:
    """A configured metric in words, from its declaration (the method, not a result)."""
    kind = metric["kind"]
    if kind == "satisfied_share":
        threshold = config.get("questionnaire", {}).get("satisfied_median", 4)
        text = (
            f"share of questionnaires in {metric['extract']} whose median item score is at least "
            f"{number_text.count(threshold)}, by response date"
        )
    else:
        counted = f"distinct {metric['distinct']}" if metric.get("distinct") else "rows"
        text = f"{'share of ' if kind == 'share' else ''}{counted} in {metric['extract']}"
        if kind == "share":
            text += f" meeting {metric['numerator']}"
        text += f", by {metric['date']}"
    if metric.get("where"):
        text += f"; only where {metric['where']}"
    if metric.get("by"):
        text += f"; broken down by {metric['by']}"
    if metric.get("target") is not None:
        text += "; target per period" if isinstance(metric["target"], dict) else "; target share"
    return text


def methods(config: dict, edition: str, naming: Naming) -> dict:
    periods = edition_periods(config, edition)
    rag = config["rag"]
    return {
        "periods": [
            {"name": period.name, "from": long_date(period.start.isoformat()), "to": long_date(period.end.isoformat())}
            for period in periods
        ],
        "green": number_text.percent(rag["green"]),
        "amber": number_text.percent(rag["amber"]),
        "definitions": [
            {
                "measure": first_upper(naming.measure(metric["name"])),
                "name": metric["name"],
                "definition": metric.get("description") or metric_definition(metric, config),
            }
            for metric in config["metrics"]
        ],
        "source_notes": list(config.get("report", {}).get("source_notes", [])),
    }


def disclosure(config: dict, naming: Naming, metrics: PublishedMetrics) -> dict:
    """What the methods appendix says of withheld numbers: the threshold, the metrics that
    count people, and whether this edition withholds any."""
    settings = config.get("disclosure") or {}
    people = matching(settings.get("people", []), [metric["name"] for metric in config["metrics"]])
    return {
        "threshold": number_text.count(settings.get("threshold", 10)),
        "below": number_text.count(settings.get("threshold", 10) - 1),
        "people": [first_upper(naming.measure(name)) for name in people],
        "withheld": metrics.any_withheld(),
        "round_to": number_text.count(settings.get("round_to", 5)) if settings.get("method") == "round" else None,
        "recoded": [
            {"measure": naming.measure(name), "merges": merges}
            for name, merges in recode_statement(config["metrics"], settings.get("recode") or {})
        ],
    }


def known_numbers(config: dict) -> set[str]:
    """Numbers the configuration writes (targets, RAG thresholds), as the report prints them:
    typing one in the narrative is not a stale result."""
    known = set()
    for metric in config["metrics"]:
        targets = metric.get("target")
        values = targets.values() if isinstance(targets, dict) else [] if targets is None else [targets]
        for value in values:
            known.add(
                number_text.percent(value) if value <= 1 and metric["kind"] != "count" else number_text.count(value)
            )
    for value in config.get("rag", {}).values():
        known.add(number_text.percent(value))
    return known
