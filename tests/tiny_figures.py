"""Tiny published metrics tables for the chart tests, built by code: every period and overall, as
the pipeline writes them, with some rows withheld or a target of 0 where a test needs it."""

from __future__ import annotations

import pandas as pd
from matplotlib.patches import Rectangle

from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.kinds import KINDS
from programme_evaluation.figures.theme import house_theme
from programme_evaluation.published.table import PublishedMetrics

PERIODS = ["P1", "P2", "P3"]
TRAINED = {"P1": 30, "P2": 12, "P3": 21}
TRAINED_TARGET = {"P1": 20, "P2": 20, "P3": 25}
BY_TYPE = {"P1": {"phone": 5, "visit": 2}, "P2": {"phone": 3, "visit": 9}, "P3": {"phone": 0, "visit": 4}}
FLOW = {"flow.referred": 40, "flow.accepted": 31, "flow.seen": 17}
SATISFIED = {"a.satisfied": (18, 20), "b.satisfied": (7, 10)}


def row(metric, period, group, value, numerator=None, denominator=None, target=None):
    pct = value / target if target and value is not None else None
    rag = None if pct is None else ("GREEN" if pct >= 1 else "AMBER" if pct >= 0.75 else "RED")
    return {
        "metric": metric,
        "period": period,
        "group": group,
        "value": value,
        "numerator": value if numerator is None else numerator,
        "denominator": denominator,
        "target": target,
        "pct_of_target": pct,
        "rag": rag,
    }


def tiny_metrics() -> pd.DataFrame:
    """A metrics table in metrics.csv's shape: every period and overall, as the pipeline writes it."""
    rows = []
    for period in PERIODS:
        rows.append(row("train.trained", period, "all", TRAINED[period], target=TRAINED_TARGET[period]))
    rows.append(row("train.trained", "overall", "all", sum(TRAINED.values()), target=sum(TRAINED_TARGET.values())))
    for period in PERIODS + ["overall"]:
        counts = (
            BY_TYPE[period]
            if period != "overall"
            else {group: sum(BY_TYPE[p][group] for p in PERIODS) for group in ("phone", "visit")}
        )
        rows.append(row("consult.sessions", period, "all", sum(counts.values())))
        rows += [row("consult.sessions", period, group, count) for group, count in counts.items()]
        rows.append(row("consult.sessions", period, "not recorded", 0))
    for metric, value in FLOW.items():
        rows += [row(metric, period, "all", 0) for period in PERIODS] + [row(metric, "overall", "all", value)]
    for metric, (part, whole) in SATISFIED.items():
        rows.append(row(metric, "overall", "all", part / whole, part, whole, target=0.8))
    return pd.DataFrame(rows)


def write_tiny_metrics(path):
    """tiny_metrics as a metrics CSV at `path`; returns the path."""
    tiny_metrics().to_csv(path, index=False)
    return path


REPORT = {
    "measures": {
        "train.trained": "people trained",
        "flow.referred": "referred",
        "flow.accepted": "accepted",
        "flow.seen": "seen",
    },
    "labels": {"phone": "By phone"},
    "figures": [
        {
            "id": "fig-trained",
            "kind": "per_period_against_target",
            "metric": "train.trained",
            "section": "s",
            "title": "People trained per period against target",
        },
        {
            "id": "fig-types",
            "kind": "stacked_per_period",
            "metric": "consult.sessions",
            "section": "s",
            "title": "Sessions per period by type",
        },
        {
            "id": "fig-mix",
            "kind": "bars_by_group",
            "metric": "consult.sessions",
            "section": "s",
            "title": "Sessions by type",
        },
        {"id": "fig-flow", "kind": "funnel", "metrics": list(FLOW), "section": "s", "title": "Flow"},
        {
            "id": "fig-satisfied",
            "kind": "overall_against_target",
            "metrics": list(SATISFIED),
            "section": "s",
            "title": "Satisfaction against target",
            "labels": {"a.satisfied": "Strand A"},
        },
    ],
}


def entry(manifest, figure_id):
    return next(item for item in manifest if item["id"] == figure_id)


def spec_of(figure_id: str) -> dict:
    """One figure of REPORT by its id."""
    return next(spec for spec in REPORT["figures"] if spec["id"] == figure_id)


def drawn(data):
    """The chart of `data` as matplotlib holds it, to read the names it prints."""
    with house_theme():
        return KINDS[data.kind].draw(data)


def legend_names(chart) -> list[str]:
    return [text.get_text() for legend in chart.legends for text in legend.get_texts()]


def zero_target_metrics() -> pd.DataFrame:
    """A count whose target is 0: allowed, but there is no percentage of it and no rating."""
    rows = [row("x.count", period, "all", 4, target=0) for period in PERIODS]
    rows.append(row("x.count", "overall", "all", 12, target=0))
    rows += [row("x.share", "overall", "all", 0.5, 5, 10, target=0.8), row("x.other", "overall", "all", 3, target=0)]
    return pd.DataFrame(rows)


def withheld_metrics(path):
    """tiny_metrics published with some rows withheld: as published/metrics.csv writes them."""
    frame = tiny_metrics().astype(object)
    withheld = [
        ("train.trained", "P2", "all"),
        ("consult.sessions", "P1", "visit"),
        ("consult.sessions", "P1", "phone"),
        ("consult.sessions", "overall", "visit"),
        ("flow.accepted", "overall", "all"),
        ("b.satisfied", "overall", "all"),
    ]
    for metric, period, group in withheld:
        at = (frame.metric == metric) & (frame.period == period) & (frame.group == group)
        for column in ("value", "numerator", "pct_of_target", "rag") + (
            ("denominator",) if metric.endswith("satisfied") else ()
        ):
            frame.loc[at, column] = "[c]"
    frame.to_csv(path, index=False)
    return withheld


def withheld_published(tmp_path):
    """The published rows of tiny_metrics with some withheld, and REPORT's names."""
    path = tmp_path / "metrics.csv"
    withheld_metrics(path)
    return PublishedMetrics.read(path), Naming(REPORT["measures"], REPORT["labels"])


def bars(chart) -> list:
    """The bars a chart draws: rectangles of non-zero size (a withheld cell must have none)."""
    return [
        patch
        for axis in chart.axes
        for patch in axis.patches
        if isinstance(patch, Rectangle) and patch.get_width() > 0 and patch.get_height() > 0
    ]
