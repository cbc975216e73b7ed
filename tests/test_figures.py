"""Each chart kind draws from a tiny metrics table; its alt text and data table say its numbers."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from programme_evaluation.common.number_text import category_text, percent
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.figures.data import FigureError, figure_data
from programme_evaluation.figures.drawing import DRAWERS, draw_figures, house_theme
from programme_evaluation.published.table import PublishedMetrics as AuditedMetrics

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


@pytest.fixture()
def metrics_csv(tmp_path):
    path = tmp_path / "metrics.csv"
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


def test_per_period_alt_text_and_table_say_each_period_against_its_target(metrics_csv, tmp_path):
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


def test_stacked_alt_text_gives_each_periods_parts_with_printed_names(metrics_csv, tmp_path):
    item = entry(draw_figures(REPORT, metrics_csv, tmp_path), "fig-types")
    for period, counts in BY_TYPE.items():
        assert f"{period} {sum(counts.values())} (By phone {counts['phone']}, Visit {counts['visit']})" in item["alt"]
    table = pd.read_csv(tmp_path / "fig-types.csv")
    assert "not recorded" not in table.columns  # an empty 'not recorded' is not a category worth a colour
    assert table["total"].tolist()[:-1] == [sum(counts.values()) for counts in BY_TYPE.values()]


def test_bars_by_group_sorts_largest_first_with_shares(metrics_csv, tmp_path):
    item = entry(draw_figures(REPORT, metrics_csv, tmp_path), "fig-mix")
    phone, visit = (sum(BY_TYPE[p][group] for p in PERIODS) for group in ("phone", "visit"))
    largest, smallest = sorted([("By phone", phone), ("Visit", visit)], key=lambda pair: -pair[1])
    total = phone + visit
    assert item["alt"].index(largest[0]) < item["alt"].index(smallest[0])
    assert f"{largest[0]} {largest[1]} ({percent(largest[1] / total)})" in item["alt"]
    assert f"Total {total}" in item["alt"]


def test_funnel_gives_each_step_as_a_share_of_the_previous(metrics_csv, tmp_path):
    item = entry(draw_figures(REPORT, metrics_csv, tmp_path), "fig-flow")
    values = list(FLOW.values())
    assert f"Referred {values[0]}" in item["alt"]
    assert f"Accepted {values[1]} ({percent(values[1] / values[0])} of the previous step)" in item["alt"]
    assert f"Seen {values[2]} ({percent(values[2] / values[1])} of the previous step)" in item["alt"]


def test_overall_against_target_shows_shares_with_their_counts(metrics_csv, tmp_path):
    item = entry(draw_figures(REPORT, metrics_csv, tmp_path), "fig-satisfied")
    part, whole = SATISFIED["a.satisfied"]
    assert f"Strand A {percent(part / whole)} ({part} of {whole}) against a target of 80%" in item["alt"]


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


def test_a_per_period_chart_of_a_metric_without_target_is_refused(metrics_csv):
    spec = {
        "id": "fig-x",
        "kind": "per_period_against_target",
        "metric": "consult.sessions",
        "section": "s",
        "title": "X",
    }
    with pytest.raises(FigureError, match="fig-x: consult.sessions has no target"):
        figure_data(spec, AuditedMetrics.read(metrics_csv), Naming({}, {}))


def drawn(data):
    """The chart of `data` as matplotlib holds it, to read the names it prints."""
    with house_theme():
        return DRAWERS[data.kind](data)


def legend_names(chart) -> list[str]:
    return [text.get_text() for legend in chart.legends for text in legend.get_texts()]


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


def zero_target_metrics() -> pd.DataFrame:
    """A count whose target is 0: allowed, but there is no percentage of it and no rating."""
    rows = [row("x.count", period, "all", 4, target=0) for period in PERIODS]
    rows.append(row("x.count", "overall", "all", 12, target=0))
    rows += [row("x.share", "overall", "all", 0.5, 5, 10, target=0.8), row("x.other", "overall", "all", 3, target=0)]
    return pd.DataFrame(rows)


def test_a_target_of_zero_prints_no_missing_rating(tmp_path):
    path = tmp_path / "metrics.csv"
    zero_target_metrics().to_csv(path, index=False)
    metrics = AuditedMetrics.read(path)
    per_period = figure_data(
        {
            "id": "fig-x",
            "kind": "per_period_against_target",
            "metric": "x.count",
            "section": "s",
            "title": "X per period",
        },
        metrics,
        Naming({}, {}),
    )
    overall = figure_data(
        {
            "id": "fig-y",
            "kind": "overall_against_target",
            "metrics": ["x.count", "x.other"],
            "section": "s",
            "title": "X overall",
        },
        metrics,
        Naming({}, {}),
    )
    for data in (per_period, overall):
        for text in (data.alt, data.summary):
            assert "None" not in text and "– of target" not in text, text
    assert "P1 4 against 0;" in per_period.alt and "Overall 12 against 0." in per_period.alt
    assert per_period.summary.startswith("Overall 12 against 0. ")
    assert "Count 12 against a target of 0;" in overall.alt


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


def bars(chart) -> list:
    """The bars a chart draws: rectangles of non-zero size (a withheld cell must have none)."""
    from matplotlib.patches import Rectangle

    return [
        patch
        for axis in chart.axes
        for patch in axis.patches
        if isinstance(patch, Rectangle) and patch.get_width() > 0 and patch.get_height() > 0
    ]


def test_a_withheld_cell_gets_no_bar_no_percentage_and_prints_as_c(tmp_path):
    path = tmp_path / "metrics.csv"
    withheld_metrics(path)
    metrics = AuditedMetrics.read(path)
    naming = Naming(REPORT["measures"], REPORT["labels"])
    specs = {spec["id"]: spec for spec in REPORT["figures"]}

    trained = figure_data(specs["fig-trained"], metrics, naming)
    assert trained.table.loc[1, ["value", "pct_of_target", "rag"]].tolist() == ["[c]"] * 3
    assert trained.table.loc[1, "target"] == TRAINED_TARGET["P2"]  # a target is not withheld
    assert "P2 [c] against 20;" in trained.alt and "P2 withheld [c]" in trained.summary
    assert str(TRAINED["P2"]) not in trained.alt.split("P2 ")[1].split(";")[0]
    assert len(bars(drawn(trained))) == len(PERIODS) - 1

    stacked = figure_data(specs["fig-types"], metrics, naming)
    assert "P1 7 (By phone [c], Visit [c])" in stacked.alt  # the published total, its parts withheld
    chart = drawn(stacked)
    assert len(bars(chart)) == 2 + 1 + 1  # P2 split in two, P3 one (its phone is 0), P1 one plain bar of its total
    assert any(text.get_text() == "7 [c]" for text in chart.axes[0].texts)

    mix = figure_data(specs["fig-mix"], metrics, naming)
    visit = mix.table[mix.table["group"] == "Visit"].iloc[0]
    assert [visit["total"], visit["share"]] == ["[c]", "[c]"]
    assert "Visit [c]" in mix.alt and "Visit [c] (" not in mix.alt
    assert len(bars(drawn(mix))) == 1 and "the largest group" not in mix.summary  # a [c] might be larger

    flow = figure_data(specs["fig-flow"], metrics, naming)
    assert flow.table["value"].tolist()[1] == "[c]"
    assert flow.table["pct_of_previous"].tolist()[1:] == ["[c]", "[c]"]  # of a withheld step, or beside one
    assert len(bars(drawn(flow))) == 2

    satisfied = figure_data(specs["fig-satisfied"], metrics, naming)
    assert satisfied.table.loc[1, ["value", "numerator", "denominator", "pct_of_target", "rag"]].tolist() == ["[c]"] * 5
    assert len(bars(drawn(satisfied))) == 1

    manifest = draw_figures(REPORT, path, tmp_path / "figures")
    for item in manifest:  # the data tables say [c], never a number, where a row is withheld
        assert "nan" not in (tmp_path / "figures" / item["data"]).read_text()
    assert "[c]" in (tmp_path / "figures" / "fig-mix.csv").read_text()


def test_a_tile_map_lays_places_out_and_names_the_gaps(metrics_csv):
    metrics = AuditedMetrics.read(metrics_csv)
    spec = {
        "id": "fig-places",
        "kind": "tile_map",
        "metric": "consult.sessions",
        "section": "s",
        "title": "Sessions by place",
        "tiles": {"phone": [0, 0], "visit": [1, 0]},
    }
    data = figure_data(spec, metrics, Naming({}, {"phone": "By phone"}))
    visits = sum(BY_TYPE[period]["visit"] for period in PERIODS)
    phones = sum(BY_TYPE[period]["phone"] for period in PERIODS)
    assert data.table.to_dict("records") == [
        {"group": "By phone", "value": phones, "column": 0, "row": 0},
        {"group": "Visit", "value": visits, "column": 1, "row": 0},
    ]
    assert f"By phone {phones}; Visit {visits}" in data.alt


def test_a_tile_map_refuses_a_place_without_a_tile(metrics_csv):
    spec = {
        "id": "fig-places",
        "kind": "tile_map",
        "metric": "consult.sessions",
        "section": "s",
        "title": "Sessions by place",
        "tiles": {"phone": [0, 0]},
    }
    with pytest.raises(FigureError, match="no tile for visit"):
        figure_data(spec, AuditedMetrics.read(metrics_csv), Naming({}, {}))


def test_shares_by_group_are_drawn_as_each_groups_own_share(tmp_path):
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
    data = figure_data(spec, AuditedMetrics.read(path), Naming({}, {}))
    assert list(data.table["group"]) == ["Midwife", "GP"]  # largest share first
    assert "Midwife 27% (3 of 11); GP 17% (1 of 6)" in data.alt
    assert data.summary == "The highest is Midwife: 27% (3 of 11)."
