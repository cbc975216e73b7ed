"""The overall_against_target chart: several measures side by side against their targets."""

from __future__ import annotations

from tiny_figures import REPORT, SATISFIED, bars, drawn, entry, spec_of, withheld_published, zero_target_metrics

from programme_evaluation.common.number_text import percent
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.drawing import draw_figures, figure_data
from programme_evaluation.published.table import PublishedMetrics


def test_shows_shares_with_their_counts(metrics_csv, tmp_path):
    item = entry(draw_figures(REPORT, metrics_csv, tmp_path), "fig-satisfied")
    part, whole = SATISFIED["a.satisfied"]
    assert f"Strand A {percent(part / whole)} ({part} of {whole}) against a target of 80%" in item["alt"]


def test_a_target_of_zero_prints_no_missing_rating(tmp_path):
    path = tmp_path / "metrics.csv"
    zero_target_metrics().to_csv(path, index=False)
    spec = {"id": "fig-y", "kind": "overall_against_target", "metrics": ["x.count", "x.other"], "title": "X overall"}
    data = figure_data(spec, PublishedMetrics.read(path), Naming({}, {}))
    for text in (data.alt, data.summary):
        assert "None" not in text and "– of target" not in text, text
    assert "Count 12 against a target of 0;" in data.alt


def test_a_withheld_measure_gets_no_bar_and_prints_as_c(tmp_path):
    metrics, naming = withheld_published(tmp_path)
    satisfied = figure_data(spec_of("fig-satisfied"), metrics, naming)
    assert satisfied.table.loc[1, ["value", "numerator", "denominator", "pct_of_target", "rag"]].tolist() == ["[c]"] * 5
    assert len(bars(drawn(satisfied))) == 1
