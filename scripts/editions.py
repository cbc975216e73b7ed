"""Snakemake entry point: write the validated extracts as the edition sees them on its cut-off day."""

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.editions.cut_off import write_edition

with snakemake_step(snakemake) as log:
    settings = snakemake.params.settings
    extracts = list(settings["extracts"])
    write_edition(
        settings,
        dict(zip(extracts, snakemake.input.tables)),
        dict(zip(extracts, snakemake.output.tables)),
        snakemake.params.contract,
    )
    log.info("%s edition: events on or before %s", snakemake.wildcards.edition, settings["cut_off"])
