"""The manifest's software is what made the numbers: installed packages, but not Snakemake's
executor plugins, which only decide where jobs run (a cluster run records what a local one does)."""

from __future__ import annotations

from importlib import metadata

from programme_evaluation.published.manifest import packages


def test_executor_plugins_are_left_out_of_the_software_that_made_the_numbers():
    installed = {(distribution.metadata["Name"] or "").lower() for distribution in metadata.distributions()}
    plugins = {name for name in installed if name.startswith("snakemake-executor-plugin-")}
    assert "snakemake-executor-plugin-cluster-generic" in plugins  # the test extra installs it
    recorded = packages()
    assert not plugins & set(recorded)
    assert recorded["pandas"] == metadata.version("pandas") and "snakemake" in recorded
