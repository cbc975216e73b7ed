"""Fixtures shared by test modules: one build of every programme, made once per test session."""

from __future__ import annotations

import pytest
from third_programme import write_programme
from tiny_figures import write_tiny_metrics
from workflow_runner import copy_repository, run_copy


@pytest.fixture(scope="session")
def every_programme_built(tmp_path_factory):
    """A copy of the repository with a third, invented programme added by configuration alone,
    built by the plain command (`snakemake --cores 2`: every configured programme).

    Never changed by a test: a test that changes anything works on its own clone
    (`workflow_runner.clone`), which is as up to date as this one.
    """
    copy = copy_repository(tmp_path_factory.mktemp("repository"))
    write_programme(copy)
    run_copy(copy)
    return copy


@pytest.fixture()
def metrics_csv(tmp_path):
    """A tiny published metrics table (`tiny_figures.tiny_metrics`) as a CSV, for the chart tests."""
    return write_tiny_metrics(tmp_path / "metrics.csv")


def pytest_terminal_summary(terminalreporter):
    """A banner when the real-Quarto tests were skipped, so a run without Quarto cannot pass for
    one that rendered every edition with it."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "real Quarto is not on PATH" in str(report.longrepr)
    ]
    if skipped:
        terminalreporter.write_sep("!", f"{len(skipped)} real-Quarto tests SKIPPED: quarto is not on PATH", yellow=True)
