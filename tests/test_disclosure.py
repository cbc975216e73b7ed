"""Disclosure control on small adversarial tables: what is withheld, and that nothing withheld can
be worked out again by subtraction (tests/disclosure_attack.py, written apart from the code)."""

from __future__ import annotations

import pandas as pd
import pytest
from disclosure_attack import attack, attack_rounded, read

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


def rounded(**extra) -> dict:
    config = settings([COUNT_BY], **extra)
    config["disclosure"] |= {"method": "round", "round_to": 5}
    return config


def publish_rounded(config: dict, tables: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    editions, published, fixed = [], {}, {}
    for name, rows in tables.items():
        editions.append(Edition(name, with_breakdown_totals(frame(rows), config["metrics"])))
        withheld = {key[1:] for key in protect(editions, config, fixed).rows}
        fixed[name] = withheld
        published[name] = published_table(editions[-1].frame, withheld, config)
    return published


def assert_nothing_narrowed(tables, published, additive, base=5) -> None:
    """The interval attacker narrows no withheld count to fewer whole numbers than a rounded
    count spans."""
    truth = {}
    for name, rows in tables.items():
        for item in frame(rows).itertuples(index=False):
            truth[(name, item.metric, item.period, item.group, "numerator")] = item.numerator
    known = attack_rounded({name: read(table) for name, table in published.items()}, additive, base, THRESHOLD)
    for cell, (low, high) in known.items():
        if cell in truth:
            assert low <= truth[cell] <= high, (cell, low, high)  # the attacker is sound
            assert high - low >= base - 1, f"narrowed {cell} to {low:g}..{high:g}"


def test_rounding_publishes_multiples_of_the_base_and_needs_fewer_complements_than_suppression():
    tables = {"only": counts("m.by", {"P1": {"A": 3, "B": 41, "C": 52}, "P2": {"A": 12, "B": 33, "C": 44}})}
    suppressed = publish_all(settings([COUNT_BY]), tables)["only"]
    published = publish_rounded(rounded(), tables)["only"]
    assert withheld(published) == {("m.by", "P1", "A")}  # the small count only: rounding blurs the sums
    assert len(withheld(suppressed)) >= 4
    shown = published[published["value"] != "[c]"]
    assert all(int(number) % 5 == 0 for number in shown["value"])
    assert value(published, "m.by", "P1", "B") == "40" and value(published, "m.by", "P1", "C") == "50"
    assert value(published, "m.by", "P1", "all") == "95"  # 96, rounded on its own: not 40 + 50 + [c]
    assert value(published, "m.by", "overall", "all") == "185"  # 185 exactly
    assert_nothing_narrowed(tables, {"only": published}, {"m.by"})


def test_rounding_still_withholds_a_complement_where_the_intervals_would_pin_a_small_count():
    """Published counts are never below the threshold: a total of 12 (shown 10) with a part of 10
    leaves its other part (2) between 1 and 2, so a second cell is withheld."""
    tables = {"only": counts("m.by", {"P1": {"A": 2, "B": 10, "C": 50}, "P2": {"A": 30, "B": 33, "C": 44}})}
    published = publish_rounded(rounded(), tables)["only"]
    assert value(published, "m.by", "P1", "A") == "[c]"
    assert len(withheld(published)) >= 2
    assert_nothing_narrowed(tables, {"only": published}, {"m.by"})


def test_rounding_protects_the_people_new_between_editions_without_withholding_the_total():
    tables = {
        "interim": counts("m.by", {"P1": {"A": 25, "B": 40, "C": 33}}),
        "final": counts("m.by", {"P1": {"A": 25, "B": 40, "C": 33}, "P2": {"A": 30, "B": 4, "C": 41}}),
    }
    published = publish_rounded(rounded(), tables)
    assert value(published["final"], "m.by", "overall", "B") != "[c]"  # 44: final - interim B is 4 +/- 4
    assert value(published["final"], "m.by", "P2", "B") == "[c]"
    assert_nothing_narrowed(tables, published, {"m.by"})


def test_a_rounded_share_is_computed_from_its_rounded_numbers_and_so_is_its_rating():
    share = {"name": "m.share", "kind": "share", "extract": "x", "date": "day", "numerator": "ok == 'yes'"}
    config = settings([share], people=["m.share"])
    config["disclosure"] |= {"method": "round", "round_to": 5}
    rows = [row("m.share", "overall", "all", 33 / 41, 33, 41, target=0.8)]
    published = published_table(frame(rows), set(), config).iloc[0]
    assert (published["numerator"], published["denominator"]) == ("35", "40")
    assert float(published["value"]) == 35 / 40 and float(published["pct_of_target"]) == pytest.approx(35 / 40 / 0.8)
    assert published["rag"] == "GREEN"


def test_the_interval_attacker_narrows_a_count_that_rounding_alone_leaves_exposed():
    """The check above can fail: publishing the exact parts beside a rounded total pins the small one."""
    tables = {"only": counts("m.by", {"P1": {"A": 3, "B": 41, "C": 52}})}
    exact = published_table(frame(tables["only"]), {("m.by", "P1", "A"), ("m.by", "overall", "A")})
    known = attack_rounded({"only": read(exact)}, {"m.by"}, base=1, threshold=THRESHOLD)
    assert known[("only", "m.by", "P1", "A", "numerator")] == (3, 3)


def publish_recoded(config: dict, tables: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """As the workflow does: every edition recoded (recode.py), then protected and published."""
    from programme_evaluation.published.recode import recode_frames

    frames, _ = recode_frames(
        [with_breakdown_totals(frame(rows), config["metrics"]) for rows in tables.values()], config
    )
    editions, published, fixed = [], {}, {}
    for name, table in zip(tables, frames):
        editions.append(Edition(name, table))
        withheld = {key[1:] for key in protect(editions, config, fixed).rows}
        fixed[name] = withheld
        published[name] = published_table(table, withheld, config)
    return published


def test_small_categories_recoded_into_other_before_suppression_still_add_up_and_withhold_nothing():
    config = settings([COUNT_BY])
    config["disclosure"]["recode"] = {"m.by": {"below": 10, "into": "Other"}}
    tables = {
        "only": counts("m.by", {"P1": {"A": 3, "B": 40, "C": 50, "D": 1}, "P2": {"A": 4, "B": 30, "C": 44, "D": 6}})
    }
    published = publish_recoded(config, tables)["only"]
    assert set(published["group"][published["metric"] == "m.by"]) == {"all", "Other", "B", "C"}
    assert value(published, "m.by", "overall", "Other") == "14"  # A 7 + D 7
    assert value(published, "m.by", "P1", "Other") == "[c]"  # 4: still small, so withheld
    for period in ("P1", "P2", "overall"):
        cells = published[(published.metric == "m.by") & (published.period == period)].set_index("group")["value"]
        if "[c]" not in set(cells):
            assert int(cells["all"]) == sum(int(cells[group]) for group in cells.index if group != "all")
    assert_nothing_recovered(config, tables, {"only": published}, additive={"m.by"})


def test_an_explicit_merge_applies_to_every_edition_and_a_category_merged_once_stays_merged():
    config = settings([COUNT_BY])
    config["disclosure"]["recode"] = {"m.by": {"merge": {"A or D": ["A", "D"]}, "below": 10}}
    tables = {
        "interim": counts("m.by", {"P1": {"A": 3, "B": 40, "C": 5, "D": 12}}),
        "final": counts("m.by", {"P1": {"A": 3, "B": 40, "C": 5, "D": 12}, "P2": {"A": 2, "B": 9, "C": 30, "D": 4}}),
    }
    published = publish_recoded(config, tables)
    assert set(published["interim"]["group"]) == {"all", "A or D", "B", "Other"}  # C (5) below 10
    assert set(published["final"]["group"]) == {"all", "A or D", "B", "Other"}  # C (35) stays merged
    assert value(published["final"], "m.by", "overall", "Other") == "35"
    assert_nothing_recovered(config, tables, published, additive={"m.by"})


def test_a_recode_naming_no_breakdown_stops_with_its_name():
    from programme_evaluation.published.recode import RecodeError, recode_frames

    config = settings([COUNT])
    config["disclosure"]["recode"] = {"m.count": {"below": 10}}
    with pytest.raises(RecodeError, match="disclosure.recode names m.count"):
        recode_frames([frame(counts("m.count", {"P1": {"all": 3}}, total=False))], config)
