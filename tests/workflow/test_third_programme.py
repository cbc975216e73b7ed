"""A third programme by configuration alone: a small invented programme (its extracts,
configuration and expectation suites, no Python) is written into a copy of the repository and
built, with every bundled programme, by the plain command; a mistake in its configuration stops
the run naming the file and the key."""

from __future__ import annotations

import pytest
from metrics_lookup import MetricsTable
from pypdf import PdfReader
from third_programme import NAME, write_programme
from workflow_runner import copy_repository, run_copy

pytestmark = pytest.mark.workflow


@pytest.fixture(scope="module")
def copy(every_programme_built):
    return every_programme_built


def test_the_plain_command_builds_every_programme_with_its_reports(copy):
    editions = {
        "little-minds-matter": ("interim", "final"),
        "hearts-and-minds": ("interim",),
        NAME: ("interim", "final"),
    }
    for programme, names in editions.items():
        for edition in names:
            for suffix in ("html", "pdf"):
                assert (copy / "results" / programme / edition / "report" / f"report.{suffix}").stat().st_size > 0


def test_the_third_programme_counts_what_its_configuration_declares(copy):
    interim = MetricsTable(copy / "results" / NAME / "interim" / "metrics.csv")
    final = MetricsTable(copy / "results" / NAME / "final" / "metrics.csv")
    assert interim.count("reading.sessions") == 5 and final.count("reading.sessions") == 6
    assert interim.count("reading.sessions", "Spring", "Central") == 2
    assert interim.count("reading.children") == 25 and final.count("reading.children") == 33
    assert (
        interim.row("reading.enjoyed_share")["numerator"] == "3"
        and interim.row("reading.enjoyed_share")["denominator"] == "4"
    )
    sessions = interim.row("reading.sessions")  # 5 against 4 + 4: 62.5% of target, below amber's 75%
    assert (sessions["target"], sessions["pct_of_target"], sessions["rag"]) == ("8", "0.625", "RED")
    text = " ".join(
        sheet.extract_text() for sheet in PdfReader(copy / "results" / NAME / "final" / "report" / "report.pdf").pages
    )
    # No narrative folder: the minimal generated report, its key numbers and every chart
    assert "Progression criteria" in text and "Reading sessions by library" in text


def test_a_mistake_in_one_programme_file_stops_the_run_naming_the_file_and_key(tmp_path):
    """On a fresh copy: the shared build is never changed, and a configuration check needs no
    results."""
    copy = copy_repository(tmp_path / "repository")
    write_programme(copy)
    path = copy / "config" / "programmes" / f"{NAME}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: share", "kind: proportion"), encoding="utf-8")
    result = run_copy(copy, "--dry-run", check=False)
    assert result.returncode != 0
    assert f"config/programmes/{NAME}.yaml: configuration key metrics[2].kind" in result.stdout + result.stderr
