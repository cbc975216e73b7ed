"""The bars_by_group chart: a breakdown largest first with shares; a share metric as each
category's own share."""

from __future__ import annotations

import pandas as pd
from tiny_figures import BY_TYPE, PERIODS, REPORT, bars, drawn, entry, row, spec_of, withheld_published

from programme_evaluation.common.number_text import percent
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.drawing import draw_figures, figure_data
from programme_evaluation.published.table import PublishedMetrics


def test_sorts_largest_first_with_shares(metrics_csv, tmp_path):
    item = entry(draw_figures(REPORT, metrics_csv, tmp_path), "fig-mix")
    phone, visit = (sum(BY_TYPE[p][group] for p in PERIODS) for group in ("phone", "visit"))
    largest, smallest = sorted([("By phone", phone), ("Visit", visit)], key=lambda pair: -pair[1])
    total = phone + visit
    assert item["alt"].index(largest[0]) < item["alt"].index(smallest[0])
    assert f"{largest[0]} {largest[1]} ({percent(largest[1] / total)})" in item["alt"]
    assert f"Total {total}" in item["alt"]


def test_a_withheld_group_gets_no_bar_no_share_and_no_largest(tmp_path):
    metrics, naming = withheld_published(tmp_path)
    mix = figure_data(spec_of("fig-mix"), metrics, naming)
    visit = mix.table[mix.table["group"] == "Visit"].iloc[0]
    assert [visit["total"], visit["share"]] == ["[c]", "[c]"]
    assert "Visit [c]" in mix.alt and "Visit [c] (" not in mix.alt
    assert len(bars(drawn(mix))) == 1 and "the largest group" not in mix.summary  # a [c] might be larger


def test_shares_are_drawn_as_each_groups_own_share(tmp_path):
    rows = [
        row("aware.share", "overall", "all", 12 / 34, 12, 34),
        row("aware.share", "overall", "GP", 1 / 6, 1, 6),
        row("aware.share", "overall", "Midwife", 3 / 11, 3, 11),
    ]
    path = tmp_path / "metrics.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    spec = {
        "id": "fig-aware",
        "kind": "bars_by_group",
        "metric": "aware.share",
        "section": "s",
        "title": "Aware by profession",
    }
    data = figure_data(spec, PublishedMetrics.read(path), Naming({}, {}))
    assert list(data.table["group"]) == ["Midwife", "GP"]  # largest share first
    assert "Midwife 27% (3 of 11); GP 17% (1 of 6)" in data.alt
    assert data.summary == "The highest is Midwife: 27% (3 of 11)."
    assert len(bars(drawn(data))) == 2
