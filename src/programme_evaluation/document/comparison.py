"""The comparison part: this edition's headline numbers beside the earlier editions', each read
from its own edition's published set."""

from __future__ import annotations

from programme_evaluation.common import number_text
from programme_evaluation.common.number_text import first_upper
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.document.inputs import Inputs
from programme_evaluation.document.measures import measure_texts
from programme_evaluation.published.table import MetricMissing, PublishedMetrics


def earlier_tables(inputs: Inputs, metrics: PublishedMetrics) -> dict[str, PublishedMetrics]:
    return {name: PublishedMetrics.read(path, metrics.means) for name, path in inputs.earlier_metrics}


def comparison(config: dict, edition: str, metrics: PublishedMetrics, earlier: tuple, naming: Naming) -> dict | None:
    """This edition's headline numbers beside those of the earlier editions (the final report's
    appendix), each from its own edition's published set."""
    if not earlier:
        return None
    editions = [(name, PublishedMetrics.read(path, metrics.means)) for name, path in earlier] + [(edition, metrics)]
    wanted = [measure.metric for measure in metrics.with_target()]
    rows = []
    for metric in dict.fromkeys(wanted):
        values = []
        for _, table in editions:
            try:
                texts = measure_texts(table.measure(metric))
            except MetricMissing:
                texts = {"value": number_text.DASH, "pct_of_target": "", "rag": ""}
            values.append(texts)
        rows.append({"measure": first_upper(naming.measure(metric)), "cells": values})
    return {"editions": [first_upper(name) for name, _ in editions], "rows": rows}
