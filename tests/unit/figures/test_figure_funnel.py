"""The funnel chart: each step as a share of the previous one."""

from __future__ import annotations

from tiny_figures import FLOW, REPORT, bars, drawn, entry, spec_of, withheld_published

from programme_evaluation.common.number_text import percent
from programme_evaluation.figures.drawing import draw_figures, figure_data


def test_gives_each_step_as_a_share_of_the_previous(metrics_csv, tmp_path):
    item = entry(draw_figures(REPORT, metrics_csv, tmp_path), "fig-flow")
    values = list(FLOW.values())
    assert f"Referred {values[0]}" in item["alt"]
    assert f"Accepted {values[1]} ({percent(values[1] / values[0])} of the previous step)" in item["alt"]
    assert f"Seen {values[2]} ({percent(values[2] / values[1])} of the previous step)" in item["alt"]


def test_a_withheld_step_has_no_bar_and_no_share_of_or_beside_it(tmp_path):
    metrics, naming = withheld_published(tmp_path)
    flow = figure_data(spec_of("fig-flow"), metrics, naming)
    assert flow.table["value"].tolist()[1] == "[c]"
    assert flow.table["pct_of_previous"].tolist()[1:] == ["[c]", "[c]"]  # of a withheld step, or beside one
    assert len(bars(drawn(flow))) == 2
