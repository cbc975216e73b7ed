"""Named inputs flattened for the audit manifests the same way by both manifest steps."""

from __future__ import annotations

from programme_evaluation.common.step import files_by_rule


def test_a_named_input_of_one_file_or_several_is_a_list_under_the_rule_that_made_it():
    named = {"metrics": "results/p/interim/metrics.csv", "figures": ("a.png", "b.png"), "unused": "x"}
    assert files_by_rule(named, {"metrics": "p_metrics", "figures": "p_figures"}) == {
        "p_metrics": ["results/p/interim/metrics.csv"],
        "p_figures": ["a.png", "b.png"],
    }
