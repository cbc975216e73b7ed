"""Snakemake entry point: write the programme's data dictionary from its suites and configuration."""

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.published.dictionary import write_dictionary

with snakemake_step(snakemake) as log:
    frame = write_dictionary(
        snakemake.params.settings,
        snakemake.params.contract,
        snakemake.params.results,
        snakemake.output.markdown,
        snakemake.output.table,
    )
    log.info("%s entries written to %s", len(frame), snakemake.output.markdown)
