"""Published rows as the report prints them: a value with its parts, target, % of target and
rating, each number traced to its row. Shared by the key findings, the progression criteria and
the comparison appendix."""

from __future__ import annotations

from programme_evaluation.common import number_text
from programme_evaluation.common.number_text import first_upper
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.document.traceability import Sources
from programme_evaluation.published.table import ALL, SUPPRESSED, Measure, PublishedMetrics


def measure_texts(measure: Measure, sources: Sources | None = None) -> dict:
    """A metric row as printed: value, its parts for a share, target, % of target, RAG; a
    withheld row prints [c] and nothing beside it. With `sources`, `sources` holds each number
    with its source (for the templates' `traced` macro)."""
    share, withheld = measure.is_share, measure.suppressed
    texts = {
        "value": SUPPRESSED if withheld else number_text.measure_value(measure.value, measure.unit),
        "of": (
            f"{number_text.count(measure.numerator)} of {number_text.count(measure.denominator)}"
            if share and not withheld
            else ""
        ),
        "target": number_text.measure_value(measure.target, measure.unit) if measure.target is not None else "",
        "pct_of_target": (
            number_text.percent(measure.pct_of_target) if measure.pct_of_target is not None and not withheld else ""
        ),
        "rag": "" if withheld else measure.rag or "",
        "withheld": withheld,
    }
    if sources is not None:
        texts["sources"] = {
            column: sources.number(measure, column, text)
            for column, text in (
                ("value", texts["value"]),
                ("target", texts["target"]),
                ("pct_of_target", texts["pct_of_target"]),
                ("numerator", number_text.count(measure.numerator) if texts["of"] else ""),
                ("denominator", number_text.count(measure.denominator) if texts["of"] else ""),
            )
        }
    return texts


def key_finding(metrics: PublishedMetrics, naming: Naming, finding: dict, sources: Sources | None = None) -> dict:
    """A big number: the metric's overall row (or one of its groups), its words and takeaway."""
    measure = metrics.measure(finding["metric"], group=finding.get("group", ALL))
    return {
        "text": finding.get("text") or naming.measure(finding["metric"]),
        "takeaway": finding.get("takeaway", ""),
        **measure_texts(measure, sources),
    }


def progression_criteria(metrics: PublishedMetrics, naming: Naming, sources: Sources | None = None) -> list[dict]:
    """Every overall row with a target, in configuration order."""
    return [
        {"measure": first_upper(naming.measure(measure.metric)), **measure_texts(measure, sources)}
        for measure in metrics.with_target()
    ]
