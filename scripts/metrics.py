"""Snakemake entry point: compute the edition's audited metrics table."""

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.metrics.compute import write_metrics

with snakemake_step(snakemake) as log:
    extracts = snakemake.params.extracts
    table = write_metrics(
        snakemake.params.settings,
        dict(zip(extracts, snakemake.input.tables)),
        snakemake.params.contract,
        snakemake.output.metrics,
    )
    log.info("%s rows written to %s", len(table), snakemake.output.metrics)
