"""Snakemake entry point: compute the edition's audited metrics table."""
from programme_evaluation.metrics import write_metrics
from programme_evaluation.step import snakemake_step

with snakemake_step(snakemake) as log:
    config = snakemake.params.config
    extracts = list(config["extracts"])
    table = write_metrics(
        config, snakemake.wildcards.edition, dict(zip(extracts, snakemake.input.tables)),
        snakemake.params.contract, snakemake.output.metrics,
    )
    log.info("%s rows written to %s", len(table), snakemake.output.metrics)
