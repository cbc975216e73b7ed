"""The stacked_per_period chart: each period's parts by category, with printed names."""

from __future__ import annotations

import pandas as pd
from tiny_figures import BY_TYPE, REPORT, bars, drawn, entry, spec_of, withheld_published

from programme_evaluation.figures.drawing import draw_figures, figure_data


def test_alt_text_gives_each_periods_parts_with_printed_names(metrics_csv, tmp_path):
    item = entry(draw_figures(REPORT, metrics_csv, tmp_path), "fig-types")
    for period, counts in BY_TYPE.items():
        assert f"{period} {sum(counts.values())} (By phone {counts['phone']}, Visit {counts['visit']})" in item["alt"]
    table = pd.read_csv(tmp_path / "fig-types.csv")
    assert "not recorded" not in table.columns  # an empty 'not recorded' is not a category worth a colour
    assert table["total"].tolist()[:-1] == [sum(counts.values()) for counts in BY_TYPE.values()]


def test_a_period_with_a_withheld_part_is_one_plain_bar_of_its_total(tmp_path):
    metrics, naming = withheld_published(tmp_path)
    stacked = figure_data(spec_of("fig-types"), metrics, naming)
    assert "P1 7 (By phone [c], Visit [c])" in stacked.alt  # the published total, its parts withheld
    chart = drawn(stacked)
    assert len(bars(chart)) == 2 + 1 + 1  # P2 split in two, P3 one (its phone is 0), P1 one plain bar of its total
    assert any(text.get_text() == "7 [c]" for text in chart.axes[0].texts)
