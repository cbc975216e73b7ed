"""Disclosure control on small adversarial tables: what is withheld, and that nothing withheld can
be worked out again by subtraction (tests/disclosure_attack.py, written apart from the code)."""

from __future__ import annotations

import pandas as pd
import pytest
from disclosure_attack import attack, read

from programme_evaluation.metrics.audited import COLUMNS
from programme_evaluation.metrics.compute import formatted
from programme_evaluation.published.disclosure import (
    DisclosureError,
    protect,
    published_table,
)
from programme_evaluation.published.relations import Edition, with_breakdown_totals

THRESHOLD = 10
COUNT_BY = {"name": "m.by", "kind": "count", "extract": "x", "date": "day", "by": "kind"}
COUNT = {"name": "m.count", "kind": "count", "extract": "x", "date": "day"}


def settings(metrics, people=None, **extra) -> dict:
    return {
        "metrics": metrics,
        "lists": {},
        "rag": {"green": 1.0, "amber": 0.75},
        "disclosure": {"threshold": THRESHOLD, "people": [m["name"] for m in metrics] if people is None else people},
        "cross_checks": {},
        **extra,
    }


def counts(metric: str, by_period: dict[str, dict[str, int]], *, total: bool = True) -> list[dict]:
    """Rows of a count metric: {period: {group: n}}, with overall added up and each `all` row."""
    groups = list(next(iter(by_period.values())))
    periods = {**by_period, "overall": {group: sum(cells[group] for cells in by_period.values()) for group in groups}}
    rows = []
    for period, cells in periods.items():
        if total:
            rows.append(row(metric, period, "all", sum(cells.values())))
        rows += [row(metric, period, group, value) for group, value in cells.items() if group != "all"]
    return rows


def row(metric, period, group, value, numerator=None, denominator=None, target=None) -> dict:
    return {
        "metric": metric,
        "period": period,
        "group": group,
        "value": value,
        "numerator": value if numerator is None else numerator,
        "denominator": denominator,
        "target": target,
        "pct_of_target": None if target is None or value is None else value / target,
        "rag": "" if target is None else "GREEN",
    }


def frame(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("value", "numerator", "denominator", "target", "pct_of_target"):
        table[column] = pd.to_numeric(table[column]).astype(float)
    return table


def publish_all(config: dict, tables: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Each edition's published set, earliest first, each fixed once published (as the workflow does)."""
    editions, published, fixed = [], {}, {}
    for name, rows in tables.items():
        editions.append(Edition(name, with_breakdown_totals(frame(rows), config["metrics"])))
        withheld = {key[1:] for key in protect(editions, config, fixed).rows}
        fixed[name] = withheld
        published[name] = published_table(editions[-1].frame, withheld)
    return published


def withheld(table: pd.DataFrame) -> set[tuple[str, str, str]]:
    return {(r.metric, r.period, r.group) for r in table.itertuples(index=False) if r.value == "[c]"}


def value(table: pd.DataFrame, metric: str, period: str, group: str) -> str:
    match = table[(table.metric == metric) & (table.period == period) & (table.group == group)]
    assert len(match) == 1
    return match.iloc[0]["value"]


def assert_nothing_recovered(
    config: dict, tables: dict[str, list[dict]], published: dict[str, pd.DataFrame], additive: set[str], **known
) -> None:
    """The attacker recovers no withheld cell's true number, from every edition at once."""
    truth = {}
    for name, rows in tables.items():
        for item in with_breakdown_totals(frame(rows), config["metrics"]).itertuples(index=False):
            for column in ("numerator", "denominator"):
                number = getattr(item, column)
                truth[(name, item.metric, item.period, item.group, column)] = 0.0 if pd.isna(number) else float(number)
    recovered = attack({name: read(table) for name, table in published.items()}, additive, **known)
    counts = {metric["name"] for metric in config["metrics"] if metric["kind"] == "count"}
    disclosed = {
        cell: number
        for cell, number in recovered.items()
        if truth[cell] == number and not (cell[1] in counts and cell[4] == "denominator")
    }  # a count has none
    assert not disclosed, f"recovered by subtraction: {disclosed}"


def test_one_small_cell_is_withheld_with_a_complement_and_cannot_be_recovered():
    config = settings([COUNT_BY])
    tables = {"only": counts("m.by", {"P1": {"A": 3, "B": 40, "C": 50}, "P2": {"A": 12, "B": 30, "C": 44}})}
    published = publish_all(config, tables)["only"]
    assert value(published, "m.by", "P1", "A") == "[c]"
    assert len(withheld(published)) >= 4  # a rectangle: two groups in two periods (or a total)
    assert value(published, "m.by", "overall", "all") == "179"  # the edition's total stays published
    assert_nothing_recovered(config, tables, {"only": published}, additive={"m.by"})


def test_two_small_cells_are_withheld_with_more_until_they_add_up_to_the_threshold():
    config = settings([COUNT_BY])
    tables = {
        "only": counts("m.by", {"P1": {"A": 3, "B": 4, "C": 50, "D": 60}, "P2": {"A": 20, "B": 25, "C": 30, "D": 35}})
    }
    published = publish_all(config, tables)["only"]
    cells = withheld(published)
    assert {("m.by", "P1", "A"), ("m.by", "P1", "B"), ("m.by", "P1", "C")} <= cells  # 3 + 4 < 10: the smallest next, 50
    assert ("m.by", "P1", "D") not in cells
    assert_nothing_recovered(config, tables, {"only": published}, additive={"m.by"})


def test_a_small_period_is_not_recoverable_from_overall():
    config = settings([COUNT])
    rows = [
        row("m.count", "P1", "all", 3),
        row("m.count", "P2", "all", 40),
        row("m.count", "P3", "all", 25),
        row("m.count", "overall", "all", 68),
    ]
    published = publish_all(config, {"only": rows})["only"]
    assert withheld(published) == {("m.count", "P1", "all"), ("m.count", "P3", "all")}  # the smaller of the others
    assert value(published, "m.count", "overall", "all") == "68"
    assert_nothing_recovered(config, {"only": rows}, {"only": published}, additive={"m.count"})


def test_a_later_edition_withholds_what_an_earlier_one_did_and_what_differencing_editions_would_give():
    config = settings([COUNT_BY])
    tables = {
        "interim": counts("m.by", {"P1": {"A": 5, "B": 40, "C": 33}}),
        "final": counts("m.by", {"P1": {"A": 5, "B": 40, "C": 33}, "P2": {"A": 30, "B": 4, "C": 41}}),
    }
    published = publish_all(config, tables)
    assert value(published["interim"], "m.by", "P1", "A") == "[c]"
    assert value(published["final"], "m.by", "P1", "A") == "[c]"  # published later, it would give away the interim cell
    # B in P2 (4) would otherwise follow from final overall - interim overall.
    assert value(published["final"], "m.by", "P2", "B") == "[c]"
    assert_nothing_recovered(config, tables, published, additive={"m.by"})


def test_an_earlier_published_set_is_never_changed_by_a_later_edition():
    config = settings([COUNT_BY])
    interim = counts("m.by", {"P1": {"A": 25, "B": 40, "C": 33}})
    final = counts("m.by", {"P1": {"A": 25, "B": 40, "C": 33}, "P2": {"A": 2, "B": 30, "C": 41}})
    alone = publish_all(config, {"interim": interim})["interim"]
    both = publish_all(config, {"interim": interim, "final": final})
    assert both["interim"].equals(alone)
    # The interim published A, B and C for P1: withholding them now would protect nothing, so
    # the final edition withholds its own overall rows instead.
    assert value(both["final"], "m.by", "P1", "A") == "25"
    assert value(both["final"], "m.by", "overall", "A") == "[c]"
    assert_nothing_recovered(config, {"interim": interim, "final": final}, both, additive={"m.by"})


def test_every_cell_small():
    config = settings([COUNT_BY])
    tables = {"only": counts("m.by", {"P1": {"A": 2, "B": 3, "C": 1}, "P2": {"A": 1, "B": 2, "C": 2}})}
    published = publish_all(config, tables)["only"]
    shown = published[published["value"] != "[c]"]
    assert list(zip(shown.period, shown.group, shown.value)) == [("overall", "all", "11")]  # 11 is no small count
    assert_nothing_recovered(config, tables, {"only": published}, additive={"m.by"})


def test_zeros_are_published_and_never_used_to_protect_a_small_cell():
    config = settings([COUNT_BY])
    tables = {
        "only": counts("m.by", {"P1": {"A": 3, "B": 0, "C": 0, "D": 25}, "P2": {"A": 0, "B": 0, "C": 0, "D": 30}})
    }
    published = publish_all(config, tables)["only"]
    for period, group in (("P1", "B"), ("P1", "C"), ("P2", "A"), ("P2", "B")):
        assert value(published, "m.by", period, group) == "0"
    assert value(published, "m.by", "P1", "A") == "[c]" and value(published, "m.by", "P1", "D") == "[c]"
    assert_nothing_recovered(config, tables, {"only": published}, additive={"m.by"})


def test_a_share_with_a_small_denominator_or_numerator_is_withheld_whole():
    share = {"name": "m.share", "kind": "share", "extract": "x", "date": "day", "numerator": "ok == 'yes'"}
    config = settings([share, COUNT], people=["m.share", "m.count"])
    rows = [
        row("m.share", "P1", "all", 0.5, 2, 4, target=0.8),
        row("m.share", "P2", "all", 3 / 50, 3, 50, target=0.8),
        row("m.share", "P3", "all", 0.5, 30, 60, target=0.8),
        row("m.share", "overall", "all", 35 / 114, 35, 114, target=0.8),
        row("m.count", "P1", "all", 4),
        row("m.count", "P2", "all", 50),
        row("m.count", "P3", "all", 60),
        row("m.count", "overall", "all", 114),
    ]  # m.count counts the share's rows: its denominator
    published = publish_all(config, {"only": rows})["only"]
    for period in ("P1", "P2"):
        shown = published[(published.metric == "m.share") & (published.period == period)].iloc[0]
        assert [shown[column] for column in ("value", "numerator", "denominator", "pct_of_target", "rag")] == [
            "[c]"
        ] * 5
        assert shown["target"] == "0.8"  # a target is not about people
    assert value(published, "m.count", "P1", "all") == "[c]"  # 4: the share's denominator printed elsewhere
    count = published[(published.metric == "m.count") & (published.period == "P1")].iloc[0]
    assert (count["numerator"], count["denominator"]) == ("[c]", "")  # a count has no denominator to withhold
    assert_nothing_recovered(
        config, {"only": rows}, {"only": published}, additive={"m.share", "m.count"}, same=[("m.count", "m.share")]
    )


def test_a_breakdown_printed_without_its_total_gets_one_and_its_cells_stay_protected():
    config = settings([{**COUNT_BY, "include_all": False}, COUNT])
    by = counts("m.by", {"P1": {"A": 3, "B": 40, "C": 50}, "P2": {"A": 12, "B": 30, "C": 44}}, total=False)
    total = [row("m.count", "P1", "all", 93), row("m.count", "P2", "all", 86), row("m.count", "overall", "all", 179)]
    published = publish_all(config, {"only": by + total})["only"]
    assert value(published, "m.by", "overall", "all") == "179"  # the added total
    assert value(published, "m.by", "P1", "A") == "[c]"
    assert_nothing_recovered(
        config, {"only": by + total}, {"only": published}, additive={"m.by", "m.count"}, same=[("m.count", "m.by")]
    )


def test_configured_sums_of_metrics_are_protected():
    accepted = {"name": "m.accepted", "kind": "count", "extract": "x", "date": "day", "where": "ok == 'yes'"}
    declined = {"name": "m.declined", "kind": "count", "extract": "x", "date": "day", "where": "ok == 'no'"}
    config = settings(
        [COUNT, accepted, declined],
        cross_checks={"sums": [{"total": "m.count", "parts": ["m.accepted", "m.declined"]}]},
    )
    rows = []
    for name, values in (("m.count", (50, 44)), ("m.accepted", (46, 30)), ("m.declined", (4, 14))):
        rows += [
            row(name, "P1", "all", values[0]),
            row(name, "P2", "all", values[1]),
            row(name, "overall", "all", sum(values)),
        ]
    published = publish_all(config, {"only": rows})["only"]
    assert value(published, "m.declined", "P1", "all") == "[c]"
    assert_nothing_recovered(
        config,
        {"only": rows},
        {"only": published},
        additive={"m.count", "m.accepted", "m.declined"},
        metric_sums=[("m.count", ["m.accepted", "m.declined"])],
    )


def test_only_counts_of_people_are_withheld_and_the_rest_is_exactly_the_audited_table():
    config = settings([COUNT_BY], people=[])
    tables = {"only": counts("m.by", {"P1": {"A": 3, "B": 40, "C": 50}, "P2": {"A": 12, "B": 30, "C": 44}})}
    published = publish_all(config, tables)["only"]
    assert not withheld(published)
    assert published.equals(formatted(frame(tables["only"])))
    config = settings([COUNT_BY])
    published = publish_all(config, tables)["only"]
    exact = formatted(frame(tables["only"]))
    shown = published["value"] != "[c]"
    assert published[shown].equals(exact[shown])


def test_a_count_that_cannot_be_protected_stops_with_its_name():
    """An earlier edition published a count the threshold now withholds (it was raised since): the
    later edition's same count cannot be hidden, and the build stops naming it."""
    config = settings([COUNT])
    interim = [row("m.count", "P1", "all", 3), row("m.count", "overall", "all", 3)]
    final = [row("m.count", "P1", "all", 3), row("m.count", "P2", "all", 40), row("m.count", "overall", "all", 43)]
    editions = [Edition("interim", frame(interim)), Edition("final", frame(final))]
    with pytest.raises(DisclosureError, match=r"cannot protect m.count P1 all \(final\)"):
        protect(editions, config, {"interim": set()})  # the interim published its 3


def test_the_attacker_recovers_a_cell_withheld_alone():
    """The check above can fail: withholding only the small cell gives it away by subtraction."""
    tables = {"only": counts("m.by", {"P1": {"A": 3, "B": 40, "C": 50}, "P2": {"A": 12, "B": 30, "C": 44}})}
    naive = published_table(frame(tables["only"]), {("m.by", "P1", "A")})
    assert attack({"only": read(naive)}, {"m.by"})[("only", "m.by", "P1", "A", "numerator")] == 3
