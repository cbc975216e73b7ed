"""What every chart kind shares: a PNG, a data table and a manifest entry each, byte-identical
run to run, named alike in legend, table and alt text, [c] and never a number where a row is
withheld. Each kind's own behaviour is in tests/unit/figures/test_figure_<kind>.py."""

from __future__ import annotations

import json

import pandas as pd
from tiny_figures import REPORT, drawn, legend_names, row, tiny_metrics, withheld_metrics

from programme_evaluation.common.number_text import category_text
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.drawing import draw_figures, figure_data
from programme_evaluation.published.table import PublishedMetrics as AuditedMetrics


def test_every_kind_draws_a_png_a_data_table_and_a_manifest_entry(metrics_csv, tmp_path):
    manifest = draw_figures(REPORT, metrics_csv, tmp_path / "figures")
    assert [item["id"] for item in manifest] == [figure["id"] for figure in REPORT["figures"]]
    assert json.loads((tmp_path / "figures" / "figures.json").read_text()) == manifest
    for item in manifest:
        image = tmp_path / "figures" / item["image"]
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        table = pd.read_csv(tmp_path / "figures" / item["data"])
        assert list(table.columns) == [column["name"] for column in item["columns"]]
        assert item["alt"] and item["caption"]


def test_figures_are_byte_identical_run_to_run(metrics_csv, tmp_path):
    draw_figures(REPORT, metrics_csv, tmp_path / "one")
    draw_figures(REPORT, metrics_csv, tmp_path / "two")
    for figure in REPORT["figures"]:
        for suffix in ("png", "csv"):
            assert (tmp_path / "one" / f"{figure['id']}.{suffix}").read_bytes() == (
                tmp_path / "two" / f"{figure['id']}.{suffix}"
            ).read_bytes()


def test_a_chart_changes_when_its_numbers_do(metrics_csv, tmp_path):
    draw_figures(REPORT, metrics_csv, tmp_path / "before")
    changed = tiny_metrics()
    changed.loc[(changed.metric == "train.trained") & (changed.period == "P2"), "value"] += 5
    changed.to_csv(metrics_csv, index=False)
    draw_figures(REPORT, metrics_csv, tmp_path / "after")
    assert (tmp_path / "before" / "fig-trained.png").read_bytes() != (
        tmp_path / "after" / "fig-trained.png"
    ).read_bytes()
    assert (tmp_path / "before" / "fig-flow.png").read_bytes() == (tmp_path / "after" / "fig-flow.png").read_bytes()


def test_a_figures_own_labels_name_its_legend_data_table_and_alt_text_alike(metrics_csv, tmp_path):
    frame = tiny_metrics()
    followups = {"phone": 4, "visit": 9}
    frame = pd.concat(
        [
            frame,
            pd.DataFrame(
                [row("consult.followups", "overall", "all", sum(followups.values()))]
                + [row("consult.followups", "overall", group, count) for group, count in followups.items()]
            ),
        ]
    )
    frame.to_csv(metrics_csv, index=False)
    metrics = AuditedMetrics.read(metrics_csv)
    naming = Naming({"consult.sessions": "sessions"}, {"phone": "By phone", "visit": "Visit"})
    own = {"visit": "Home visit", "consult.sessions": "Sessions held", "consult.followups": "Follow-ups"}

    stacked = figure_data(
        {
            "id": "fig-s",
            "kind": "stacked_per_period",
            "metric": "consult.sessions",
            "section": "s",
            "title": "Sessions",
            "labels": own,
        },
        metrics,
        naming,
    )
    assert legend_names(drawn(stacked)) == ["By phone", "Home visit"]
    assert [column.label for column in stacked.columns][1:3] == ["By phone", "Home visit"]
    assert "Home visit" in stacked.alt and "Visit" not in stacked.alt

    grouped = figure_data(
        {
            "id": "fig-g",
            "kind": "bars_by_group",
            "metrics": ["consult.sessions", "consult.followups"],
            "section": "s",
            "title": "Sessions",
            "labels": own,
        },
        metrics,
        naming,
    )
    chart = drawn(grouped)
    assert legend_names(chart) == ["Sessions held", "Follow-ups"]
    assert [tick.get_text() for tick in chart.axes[0].get_yticklabels()] == grouped.table["group"].tolist()
    assert grouped.table["group"].tolist() == ["Home visit", "By phone"]  # the printed name, not the code
    assert {"Sessions held", "Follow-ups"} <= {column.label for column in grouped.columns}
    assert "Home visit" in grouped.alt and "Sessions held" in grouped.alt and "sessions " not in grouped.alt

    single = figure_data(
        {
            "id": "fig-b",
            "kind": "bars_by_group",
            "metric": "consult.sessions",
            "section": "s",
            "title": "Sessions",
            "labels": own,
        },
        metrics,
        naming,
    )
    chart = drawn(single)
    assert [tick.get_text() for tick in chart.axes[0].get_yticklabels()] == single.table["group"].tolist()
    assert set(single.table["group"]) == {"Home visit", "By phone"} and "Home visit" in single.alt


def test_a_category_keeps_its_dots():
    assert category_text("St. Luke's") == "St. Luke's"
    assert category_text("drop_in") == "Drop in"
    assert category_text("Dr. J. Smith's clinic") == "Dr. J. Smith's clinic"
    assert Naming({}, {}).category("st. luke's") == "St. luke's"
    assert Naming({}, {}).measure("consultation.drop_in") == "Drop in"  # a metric's strand is dropped


def test_a_withheld_row_prints_as_c_in_the_data_tables_never_as_a_number(tmp_path):
    path = tmp_path / "metrics.csv"
    withheld_metrics(path)
    manifest = draw_figures(REPORT, path, tmp_path / "figures")
    for item in manifest:
        assert "nan" not in (tmp_path / "figures" / item["data"]).read_text()
    assert "[c]" in (tmp_path / "figures" / "fig-mix.csv").read_text()
