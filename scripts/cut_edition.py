"""Snakemake entry point: write the validated extracts as the edition sees them on its cut-off day."""
from programme_evaluation.editions import write_edition
from programme_evaluation.step import snakemake_step

with snakemake_step(snakemake) as log:
    config = snakemake.params.config
    extracts = list(config["extracts"])
    write_edition(
        config, snakemake.params.cut_off,
        dict(zip(extracts, snakemake.input.tables)), dict(zip(extracts, snakemake.output.tables)),
        snakemake.params.contract,
    )
    log.info("%s edition: events on or before %s", snakemake.wildcards.edition, snakemake.params.cut_off)
