"""The per_period_against_target chart: each period against its target, in table, words and bars."""

from __future__ import annotations

import pandas as pd
import pytest
from tiny_figures import (
    PERIODS,
    REPORT,
    TRAINED,
    TRAINED_TARGET,
    bars,
    drawn,
    entry,
    spec_of,
    withheld_published,
    zero_target_metrics,
)

from programme_evaluation.common.number_text import percent
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.drawing import draw_figures, figure_data
from programme_evaluation.figures.figure import FigureError
from programme_evaluation.published.table import PublishedMetrics


def test_alt_text_and_table_say_each_period_against_its_target(metrics_csv, tmp_path):
    item = entry(draw_figures(REPORT, metrics_csv, tmp_path), "fig-trained")
    for period in PERIODS:
        expected = f"{period} {TRAINED[period]} against {TRAINED_TARGET[period]} ({percent(TRAINED[period] / TRAINED_TARGET[period])} of target)"
        assert expected in item["alt"]
    total, target = sum(TRAINED.values()), sum(TRAINED_TARGET.values())
    assert f"Overall {total} against {target}" in item["alt"]
    met = [period for period in PERIODS if TRAINED[period] >= TRAINED_TARGET[period]]
    missed = [period for period in PERIODS if period not in met]
    # periods named, not counted: every number of a summary is a published one
    assert f"Target reached in {met[0]}, not in {missed[0]} and {missed[1]}." in item["summary"]
    table = pd.read_csv(tmp_path / "fig-trained.csv")
    assert table["value"].tolist() == [TRAINED[p] for p in PERIODS] + [total]
    assert table["target"].tolist() == [TRAINED_TARGET[p] for p in PERIODS] + [target]


def test_a_metric_without_target_is_refused(metrics_csv):
    spec = {
        "id": "fig-x",
        "kind": "per_period_against_target",
        "metric": "consult.sessions",
        "section": "s",
        "title": "X",
    }
    with pytest.raises(FigureError, match="fig-x: consult.sessions has no target"):
        figure_data(spec, PublishedMetrics.read(metrics_csv), Naming({}, {}))


def test_a_target_of_zero_prints_no_missing_rating(tmp_path):
    path = tmp_path / "metrics.csv"
    zero_target_metrics().to_csv(path, index=False)
    spec = {"id": "fig-x", "kind": "per_period_against_target", "metric": "x.count", "title": "X per period"}
    data = figure_data(spec, PublishedMetrics.read(path), Naming({}, {}))
    for text in (data.alt, data.summary):
        assert "None" not in text and "– of target" not in text, text
    assert "P1 4 against 0;" in data.alt and "Overall 12 against 0." in data.alt
    assert data.summary.startswith("Overall 12 against 0. ")


def test_a_withheld_period_gets_no_bar_and_prints_as_c(tmp_path):
    metrics, naming = withheld_published(tmp_path)
    trained = figure_data(spec_of("fig-trained"), metrics, naming)
    assert trained.table.loc[1, ["value", "pct_of_target", "rag"]].tolist() == ["[c]"] * 3
    assert trained.table.loc[1, "target"] == TRAINED_TARGET["P2"]  # a target is not withheld
    assert "P2 [c] against 20;" in trained.alt and "P2 withheld [c]" in trained.summary
    assert str(TRAINED["P2"]) not in trained.alt.split("P2 ")[1].split(";")[0]
    assert len(bars(drawn(trained))) == len(PERIODS) - 1
