"""The chart kinds are registered in one place, and every place that names them agrees with it."""

from __future__ import annotations

import yaml
from repository import REPO

from programme_evaluation.configuration import report_checks
from programme_evaluation.figures.kinds import KINDS

ROOT = REPO
SCHEMA = ROOT / "src" / "programme_evaluation" / "configuration" / "config.schema.yaml"


def figure_schema() -> dict:
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    return schema["properties"]["report"]["properties"]["figures"]


def test_the_schema_allows_exactly_the_registered_kinds_and_describes_each():
    figures = figure_schema()
    assert figures["items"]["properties"]["kind"]["enum"] == list(KINDS)
    for kind in KINDS:
        assert kind in figures["description"], kind


def test_the_report_checks_name_only_registered_kinds():
    assert set(report_checks.SINGLE) | set(report_checks.SEVERAL) <= set(KINDS)


def test_each_kind_is_one_module_with_its_table_words_and_drawing_and_its_own_tests():
    for kind, module in KINDS.items():
        assert module.__name__ == f"programme_evaluation.figures.kinds.{kind}"
        assert callable(module.build) and callable(module.draw)
        assert (ROOT / "tests" / "unit" / "figures" / f"test_figure_{kind}.py").is_file(), kind


def test_the_reports_guide_names_every_kind():
    guide = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"`{kind}`" in guide, kind
