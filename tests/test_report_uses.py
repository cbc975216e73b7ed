"""Which cells a report uses (configuration/report_uses.py): what the published set holds."""

from programme_evaluation.configuration.report_uses import (
    DETAIL,
    HEADLINE,
    PRINTED,
    figure_uses,
    narrative_uses,
    weights_of,
)

ROWS = [
    ("m", "overall", "all"),
    ("m", "Y1", "all"),
    ("m", "overall", "A"),
    ("m", "Y1", "A"),
    ("n", "overall", "all"),
]


def test_a_cited_number_and_a_key_finding_are_headlines_and_an_earlier_editions_cell_is_not_this_editions():
    text = "::: {.key-finding metric=m}\nText [[n period=overall]] and [[m edition=interim]].\n:::\n"
    weights = weights_of(narrative_uses([("10-summary.md", text)]), ROWS)
    assert weights[("m", "overall", "all")] == (HEADLINE, "key finding, 10-summary.md, line 1")
    assert weights[("n", "overall", "all")][0] == HEADLINE
    assert set(weights) == {("m", "overall", "all"), ("n", "overall", "all")}
    cited = narrative_uses([("f.md", "[[m group=A change=interim]]")], edition="interim")
    assert set(weights_of(cited, ROWS)) == {("m", "overall", "A")}


def test_a_bar_chart_publishes_its_groups_and_total_overall_and_per_period_detail_weighs_least():
    bars = weights_of(figure_uses([{"id": "fig-a", "kind": "bars_by_group", "metric": "m"}]), ROWS)
    assert bars == {
        ("m", "overall", "all"): (HEADLINE, "chart fig-a (total)"),
        ("m", "overall", "A"): (PRINTED, "chart fig-a"),
    }
    stacked = weights_of(figure_uses([{"id": "fig-b", "kind": "stacked_per_period", "metric": "m"}]), ROWS)
    assert stacked[("m", "Y1", "A")][0] == DETAIL and stacked[("m", "overall", "A")][0] == PRINTED
    assert ("n", "overall", "all") not in stacked
