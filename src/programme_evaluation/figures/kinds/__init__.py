"""The chart kinds, one module each, registered here by the name `report.figures[].kind` gives.

A kind's module holds everything about it: `build(spec, metrics, naming) -> FigureData` (its
data table, alt text and summary, from the published rows) and `draw(data) -> Figure` (the
chart, from that table alone). A new kind is one new module and one line below; the
configuration schema's `kind` enum and `configuration/report_checks.py` name the same kinds
(`tests/unit/figures/test_figure_kinds.py` checks that they agree).
"""

from programme_evaluation.figures.kinds import (
    bars_by_group,
    funnel,
    overall_against_target,
    per_period_against_target,
    stacked_per_period,
    tile_map,
)

KINDS = {
    "per_period_against_target": per_period_against_target,
    "stacked_per_period": stacked_per_period,
    "bars_by_group": bars_by_group,
    "funnel": funnel,
    "overall_against_target": overall_against_target,
    "tile_map": tile_map,
}
