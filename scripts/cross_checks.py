"""Snakemake entry point: cross-check the edition's metrics table before anything is published."""

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.published.cross_checks import cross_check

with snakemake_step(snakemake) as log:
    tables = [
        *zip(snakemake.params.earlier_editions, snakemake.input.earlier),
        (snakemake.wildcards.edition, snakemake.input.metrics),
    ]
    checked = cross_check(
        snakemake.params.settings, tables, snakemake.input.suite, snakemake.output.table, snakemake.output.summary
    )
    log.info(
        "%s cross-checks passed (%s)",
        len(checked),
        ", ".join(f"{check} {count}" for check, count in checked["check"].value_counts(sort=False).items()),
    )
