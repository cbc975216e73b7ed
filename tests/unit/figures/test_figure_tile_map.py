"""The tile_map chart: places laid out as on the map, every place with a tile."""

from __future__ import annotations

import pytest
from tiny_figures import BY_TYPE, PERIODS, drawn

from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.drawing import figure_data
from programme_evaluation.figures.figure import FigureError
from programme_evaluation.published.table import PublishedMetrics

SPEC = {
    "id": "fig-places",
    "kind": "tile_map",
    "metric": "consult.sessions",
    "section": "s",
    "title": "Sessions by place",
    "tiles": {"phone": [0, 0], "visit": [1, 0]},
}


def test_lays_places_out_and_names_the_gaps(metrics_csv):
    data = figure_data(SPEC, PublishedMetrics.read(metrics_csv), Naming({}, {"phone": "By phone"}))
    visits = sum(BY_TYPE[period]["visit"] for period in PERIODS)
    phones = sum(BY_TYPE[period]["phone"] for period in PERIODS)
    assert data.table.to_dict("records") == [
        {"group": "By phone", "value": phones, "column": 0, "row": 0},
        {"group": "Visit", "value": visits, "column": 1, "row": 0},
    ]
    assert f"By phone {phones}; Visit {visits}" in data.alt
    written = [text.get_text() for text in drawn(data).axes[0].texts]
    assert ["By phone", str(phones), "Visit", str(visits)] == written


def test_refuses_a_place_without_a_tile(metrics_csv):
    spec = {**SPEC, "tiles": {"phone": [0, 0]}}
    with pytest.raises(FigureError, match="no tile for visit"):
        figure_data(spec, PublishedMetrics.read(metrics_csv), Naming({}, {}))
